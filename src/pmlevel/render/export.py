"""Results as files: JSON, a Markdown report, and the screen as HTML or SVG.

The format comes from the file's suffix. HTML and SVG are Rich's own export of
the very screen ``assess`` prints (recorded on a virtual console, so they look
the same whatever the real terminal is); the HTML adds a radar chart. Markdown
is written for pasting into a review document; model text is escaped so it
cannot turn into markup there.
"""

from __future__ import annotations

import io
import re
from html import escape
from pathlib import Path

from rich.console import Console, RenderableType

from pmlevel.atomic import write_atomic
from pmlevel.errors import UsageError
from pmlevel.render.assessment import model_name, points_line, result_screen
from pmlevel.render.common import Words, local_date
from pmlevel.render.radar import radar_svg
from pmlevel.result import Result

FORMATS = (".json", ".md", ".html", ".svg")
EXPORT_WIDTH = 100


def export_result(path: Path, result: Result, w: Words) -> None:
    """Write *result* to *path* in the format its suffix names, atomically."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError("export_unknown_suffix", path=str(path), formats=", ".join(FORMATS))
    if not path.parent.is_dir():
        raise UsageError("export_no_directory", path=str(path), directory=str(path.parent))
    if suffix == ".json":
        data = result.to_json() + "\n"
    elif suffix == ".md":
        data = markdown_report(w, result)
    elif suffix == ".html":
        data = html_report(w, result)
    else:
        data = svg_report(w, result)
    write_atomic(path, data)


def _recorded(renderable: RenderableType) -> Console:
    console = Console(
        record=True,
        width=EXPORT_WIDTH,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
    )
    console.print(renderable)
    return console


def svg_report(w: Words, result: Result) -> str:
    svg = _recorded(result_screen(w, result, complete=True)).export_svg(title=_title(w, result))
    return _fix_svg(svg)


_SVG_TEXT = re.compile(r'textLength="([0-9.]+)"([^>]*)>([^<]*)</text>')
_FONT_URL = re.compile(r',\s*url\("https?://[^"]*"\)\s*format\("[^"]*"\)')


def _fix_svg(svg: str) -> str:
    """Two repairs to Rich's SVG: Chinese at its real width, and no font download.

    Rich places each run of text by terminal cells but sizes it (textLength) by
    characters, so a Chinese run, two cells a character, was squeezed into half
    its room. And the picture should not fetch a font from the internet when it
    is opened; it uses the reader's own monospace font instead.
    """
    from html import unescape

    from rich.cells import cell_len

    def resize(match: re.Match[str]) -> str:
        length, rest, content = match.groups()
        chars = len(unescape(content))
        cells = cell_len(unescape(content))
        if chars and cells != chars:
            length = f"{float(length) / chars * cells:.1f}"
        return f'textLength="{length}"{rest}>{content}</text>'

    return _FONT_URL.sub("", _SVG_TEXT.sub(resize, svg))


def _title(w: Words, result: Result) -> str:
    who = f" · {result.subject}" if result.subject else ""
    return w.t("report_title") + who


def radar_for(w: Words, result: Result) -> str:
    model = w.model
    skills = [s for s in model.skills if s.id in result.ratings]
    low = model.scale.min
    series: list[tuple[str, list[int], str, bool]] = [
        (w.t("radar_yours"), [result.ratings[s.id] for s in skills], "#2f6fde", True)
    ]
    for level_id, colour in (
        (result.estimate.level, "#2e9e5b"),
        (result.estimate.next_level, "#e07b00"),
    ):
        if level_id is None:
            continue
        try:
            expectations = model.level(level_id).expectations
        except KeyError:
            continue
        series.append(
            (
                w.t("radar_level", level=w.level_name(level_id)),
                [expectations.get(s.id, low) for s in skills],
                colour,
                False,
            )
        )
    return radar_svg([w(s.name) for s in skills], series, low, model.scale.max)


_HTML = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 2rem auto; max-width: 62rem; padding: 0 1rem; color: #1f2328;
  font-family: system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei",
  sans-serif; }}
h1 {{ font-size: 1.5rem; }} figure {{ margin: 1rem 0 2rem; text-align: center; }}
figcaption {{ color: #57606a; font-size: .9rem; }}
.wide {{ display: inline-block; white-space: nowrap; overflow: hidden; vertical-align: bottom;
  text-align: justify; text-align-last: justify; }}
pre {{ background: #0d1117; color: #e6edf3; padding: 1rem; border-radius: 8px; overflow-x: auto;
  font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
  line-height: 1.35; }}
</style>
</head>
<body>
<h1>{title}</h1>
<figure>RADAR_SVG<figcaption>{caption}</figcaption></figure>
<pre><code>{code}</code></pre>
</body>
</html>
"""


def html_report(w: Words, result: Result) -> str:
    console = _recorded(result_screen(w, result, complete=True))
    template = (
        _HTML.replace("{lang}", "zh-CN" if w.lang == "zh" else "en")
        .replace("{title}", _brace(escape(_title(w, result))))
        .replace("{caption}", _brace(escape(w.t("radar_caption"))))
    )
    page = console.export_html(inline_styles=True, code_format=template)
    head, code_start, rest = page.partition("<pre><code>")
    code, code_end, tail = rest.partition("</code></pre>")
    page = head + code_start + _fix_wide_cells(code) + code_end + tail
    return page.replace("RADAR_SVG", radar_for(w, result))


_TAG = re.compile(r"(<[^>]*>)")
_WIDE_RUN = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+"
)


def _fix_wide_cells(code: str) -> str:
    """Make each Chinese character take exactly two terminal cells in the browser.

    A terminal draws a Chinese character two cells wide; a browser draws it in
    whatever CJK font it finds, rarely exactly two monospace cells, so tables and
    panel borders drift. Each run of wide characters gets a box of 2ch per
    character, which keeps every column where the terminal had it.
    """

    def boxed(match: re.Match[str]) -> str:
        run = match.group(0)
        return f'<span class="wide" style="width:{2 * len(run)}ch">{run}</span>'

    parts = _TAG.split(code)
    return "".join(part if part.startswith("<") else _WIDE_RUN.sub(boxed, part) for part in parts)


def _brace(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str) -> str:
    """Model or user text made inert in Markdown (and in the HTML Markdown may become)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown_report(w: Words, result: Result) -> str:
    t = w.t
    est = result.estimate
    lines = [f"# {md(_title(w, result))}", ""]
    rater = t(f"role_{result.rater.role}") + (
        f" · {result.rater.name}" if result.rater.name else ""
    )
    lines.append(
        "> "
        + md(
            " · ".join(
                [
                    t("basis_rater", rater=rater),
                    t("basis_date", date=local_date(result.assessed_at)),
                    t("basis_model", model=model_name(w, result), sha=result.model.sha256[:8]),
                ]
            )
        )
    )
    lines.append("")
    level = md(w.level_name(est.level)) + (f" (`{est.level}`)" if est.level else "")
    lines.append(f"**{md(t('estimate_level'))}** {level}")
    lines.append("")
    if est.next_level is None:
        lines.append(md(t("at_top_level")))
    else:
        lines.append(f"**{md(points_line(w, est, result.points_to_next))}**")
    lines += [
        "",
        "_"
        + md(t("rule_line", share=f"{w.model.min_share:.0%}", shortfall=w.model.max_shortfall))
        + "_",
        "",
    ]

    lines += [f"## {md(t('levels_status_title'))}", ""]
    lines.append(
        f"| # | {t('col_level')} | {t('col_met_share')} | {t('col_shortfall')} | {t('col_met')} |"
    )
    lines.append("|---:|---|---:|---:|:---:|")
    for rank, state in enumerate(est.levels, 1):
        mark = "✓" if state.met else "✗"
        name = md(w.level_name(state.id))
        if state.id == est.level:
            name = f"**{name}**"
        lines.append(f"| {rank} | {name} | {state.met_share:.0%} | {state.shortfall} | {mark} |")
    lines.append("")

    if est.next_level and result.gaps:
        lines += [f"## {md(t('gaps_title', level=w.level_name(est.next_level)))}", ""]
        lines.append(
            f"| {t('col_skill')} | {t('col_yours')} | {t('col_required')} | "
            f"{t('col_gap')} | {t('col_weight')} |"
        )
        lines.append("|---|:---:|:---:|:---:|---:|")
        for gap in result.gaps:
            lines.append(
                f"| {md(w.skill_name(gap.skill))} | {gap.rating} | {gap.required} | "
                f"-{gap.shortfall} | {gap.weight:g} |"
            )
        lines.append("")
    if est.next_level:
        lines += [
            "## "
            + md(
                t(
                    "path_title",
                    level=w.level_name(est.next_level),
                    points=t.count("n_points", result.points_to_next),
                    skills=t.count("n_skills", len(result.path_to_next)),
                )
            ),
            "",
        ]
        for step in result.path_to_next:
            lines.append(
                "- "
                + md(t("path_step", skill=w.skill_name(step.skill), frm=step.from_, to=step.to))
            )
        if not result.path_to_next:
            lines.append(md(t("path_empty")))
        lines.append("")
    if result.sensitivity:
        lines += [f"## {md(t('borderline_title'))}", ""]
        for flip in result.sensitivity:
            lines.append(
                "- "
                + md(
                    t(
                        "borderline_item",
                        skill=w.skill_name(flip.skill),
                        frm=flip.from_,
                        to=flip.to,
                        level=w.level_name(flip.level),
                    )
                )
            )
        lines.append("")
    lines += [f"## {md(t('all_ratings_title'))}", ""]
    lines.append(f"| {t('col_skill')} | {t('col_rating')} | {t('col_note')} |")
    lines.append("|---|:---:|---|")
    for skill_id, rating in result.ratings.items():
        note = md(result.notes.get(skill_id, ""))
        lines.append(f"| {md(w.skill_name(skill_id))} | {rating} | {note} |")
    lines.append("")
    return "\n".join(lines)
