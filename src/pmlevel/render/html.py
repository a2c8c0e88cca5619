"""A :class:`~pmlevel.render.document.Document` as one self-contained HTML page.

Inline CSS and inline SVG; no script, no font, no image or link to fetch, so the
file reads the same from an e-mail attachment as from a web server. Semantic
markup (headings, ``<dl>``, ``<table>`` with ``<thead>``), the reader's system
fonts with a Chinese fallback stack and no letter-spacing, a layout that fits a
390 px phone (tables of more than four columns turn into one card per row
there), and a print stylesheet for A4 in which tables wrap instead of being cut
and repeat their header row on every page. Every text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pmlevel.render.document import (
    Bar,
    Block,
    BulletList,
    Cell,
    Checklist,
    Code,
    Column,
    Document,
    Facts,
    Inline,
    Note,
    Paragraph,
    Radar,
    Section,
    Styled,
    Table,
    pieces,
    plain_text,
)
from pmlevel.render.svg import radar_svg, xml
from pmlevel.text.i18n import locales
from pmlevel.text.shape import columns

# A text cell at most this many columns wide never wraps (see _short_text_columns).
SHORT_CELL = 12
# A table whose columns need more than this on a phone (in em, see _narrow_width)
# turns into one card per row there; narrower ones stay tables.
STACK_WIDER_THAN = 21.0
_NARROW_EM = {"text": 6.0, "number": 3.0, "rating": 3.0, "bar": 5.0}

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; color: #1f2328; background: #fff; line-height: 1.55;
  font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei",
    sans-serif;
  font-size: 16px; letter-spacing: normal; overflow-wrap: break-word; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.3; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 1px solid #d8dee4; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
h4, h5, h6 { font-size: 1rem; margin: 1rem 0 .3rem; }
p { margin: .4rem 0; }
.subtitle { color: #57606a; margin: 0 0 1rem; }
.note { color: #57606a; font-size: .92rem; }
.summary { border: 1px solid #d0d7de; border-radius: 8px; padding: .8rem 1rem; margin: 1rem 0;
  background: #f6f8fa; }
.summary h2 { margin: 0 0 .5rem; border: 0; padding: 0; font-size: 1.05rem; }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; min-width: 0; }
dd.full { grid-column: 1 / -1; }
.table { margin: .6rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .2rem 0 .4rem; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid #d8dee4; vertical-align: top;
  text-align: left; overflow-wrap: break-word; }
td.text { overflow-wrap: anywhere; }
td.short, th.short { white-space: nowrap; }
thead th { border-bottom: 2px solid #8c959f; font-weight: 600; white-space: pre-line;
  overflow-wrap: normal; }
tbody th { font-weight: 600; min-width: 6em; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
td.rating, th.rating { text-align: center; font-variant-numeric: tabular-nums; }
td.bar { white-space: nowrap; font-variant-numeric: tabular-nums; }
.meter { display: inline-block; width: 5.5rem; height: .7rem; border: 1px solid #57606a;
  border-radius: 2px; vertical-align: middle; margin-right: .4rem; overflow: hidden; }
.meter > span { display: block; height: 100%; background: #57606a; }
.meter.good > span { background: #2e7d4f; } .meter.warn > span { background: #b08800; }
.meter.bad > span { background: #c0392b; }
.dots { letter-spacing: .05em; color: #1f5fbf; white-space: nowrap; }
.t-strong { font-weight: 600; }
.t-good { font-weight: 600; color: #1a6b3c; }
.t-warn { color: #8a5a00; }
.t-bad { color: #b42318; font-weight: 600; }
.t-muted { color: #57606a; }
.t-accent { color: #0b5cad; }
ul, ol { padding-left: 1.4rem; margin: .4rem 0; }
ul.steps { list-style: none; padding-left: 1.4rem; }
ul.steps > li::before { content: "→"; display: inline-block; width: 1.4rem;
  margin-left: -1.4rem; color: #57606a; }
ul.checks { list-style: none; padding-left: 1.6rem; }
ul.checks > li { margin: .3rem 0; }
.box { display: inline-block; width: 1.6rem; margin-left: -1.6rem; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .6rem .8rem;
  margin: .4rem 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: .88rem;
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono",
    "Noto Sans Mono CJK SC", monospace; }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; max-width: 42rem; height: auto; margin: 0 auto; }
figcaption { color: #57606a; font-size: .92rem; text-align: center; }
@media (max-width: 600px) {
  main { padding: 1rem .8rem 2rem; }
  h1 { font-size: 1.35rem; }
  dl { grid-template-columns: 1fr; gap: 0; }
  dd { margin-bottom: .35rem; }
  th, td { padding: .3rem .35rem; }
  table { font-size: .9rem; }
  table.stack thead { display: none; }
  table.stack, table.stack tbody, table.stack th, table.stack td { display: block; width: 100%; }
  table.stack tr { display: flex; flex-direction: column; border: 1px solid #d0d7de;
    border-radius: 6px; margin: 0 0 .6rem; padding: .2rem .5rem; }
  table.stack td { border: 0; display: flex; gap: .8rem; justify-content: space-between;
    align-items: baseline; text-align: left; padding: .15rem 0; }
  table.stack td:empty { display: none; }
  /* the label keeps its one line; a long value wraps beside it, from the left */
  table.stack td::before { content: attr(data-label); font-weight: 600; text-align: left;
    color: #57606a; flex: 0 0 auto; white-space: nowrap; }
  table.stack tbody th { order: -1; border-bottom: 1px solid #eaeef2; padding: .2rem 0; }
  .meter { width: 2.5rem; margin-right: .25rem; }
}
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { font-size: 10.5pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, .summary, figure, pre, li { break-inside: avoid; page-break-inside: avoid; }
  figure svg { max-width: 15cm; }
  .summary { background: none; }
}
"""


def text(value: str) -> str:
    return xml(value)


def inline(value: Inline) -> str:
    out: list[str] = []
    for piece in pieces(value):
        if isinstance(piece, Styled):
            tag = "strong" if piece.tone in ("strong", "good", "bad") else "span"
            out.append(f'<{tag} class="t-{piece.tone}">{text(piece.text)}</{tag}>')
        else:
            out.append(text(piece))
    return "".join(out)


def _cell(value: Cell, column: Column) -> str:
    if value is None:
        return '<span class="t-muted">—</span>'
    if isinstance(value, Bar):
        share = max(0.0, min(1.0, value.share))
        meter = (
            f'<span class="meter {value.tone}" role="img" aria-label="{share:.0%}">'
            f'<span style="width:{share * 100:.0f}%"></span></span>'
        )
        return meter + text(value.text)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) and column.role == "rating" and column.scale:
        low, high = column.scale
        filled = max(0, min(high - low + 1, value - low + 1))
        dots = "●" * filled + "○" * (high - low + 1 - filled)
        return f'{value} <span class="dots" aria-hidden="true">{dots}</span>'
    if isinstance(value, int | float):
        return f"{value:g}"
    return inline(value)


def _narrow_width(columns: Sequence[Column]) -> float:
    """About how wide (em) the columns must be at the least on a phone: by what they
    hold, or by the longest word of the header (a word never breaks; Chinese does)."""
    total = 0.0
    for column in columns:
        width = _NARROW_EM[column.role] + (2.0 if column.role == "rating" and column.scale else 0)
        words = re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef]+", column.label)
        longest = max((len(word) for word in words), default=0)
        total += max(width, 0.62 * longest + 0.8)
    return total


def _short_text_columns(block: Table) -> set[int]:
    """The text columns whose every cell is short (a date, a name, a level): they keep
    each cell on one line, so that a long column beside them (a piece of evidence, a
    note) takes the width, not them one character a line (seen printing evidence lists)."""
    return {
        index
        for index, column in enumerate(block.columns)
        if column.role == "text" and all(_short(row[index]) for row in block.rows)
    }


def _short(value: Cell) -> bool:
    if isinstance(value, int | float | Bar):
        return False
    return columns(plain_text(value)) <= SHORT_CELL


def table(block: Table) -> str:
    stack = ' class="stack"' if _narrow_width(block.columns) > STACK_WIDER_THAN else ""
    key = next((i for i, c in enumerate(block.columns) if c.role == "text"), 0)
    short = _short_text_columns(block)
    out = ['<div class="table">', f"<table{stack}>"]
    if block.title:
        out.append(f"<caption>{text(block.title)}</caption>")
    out.append("<thead><tr>")
    for column in block.columns:
        out.append(f'<th scope="col" class="{column.role}">{text(column.label)}</th>')
    out.append("</tr></thead><tbody>")
    for row in block.rows:
        out.append("<tr>")
        for index, (value, column) in enumerate(zip(row, block.columns, strict=True)):
            label = text(" ".join(column.label.split()))
            tag = "th" if index == key else "td"
            scope = ' scope="row"' if index == key else ""
            body = _cell(value, column)
            # One element inside a cell, so a phone's card can put its label beside it.
            body = f"<span>{body}</span>" if body else ""
            role = f"{column.role} short" if index in short else column.role
            out.append(f'<{tag}{scope} class="{role}" data-label="{label}">{body}</{tag}>')
        out.append("</tr>")
    out.append("</tbody></table>")
    if block.caption:
        out.append(f'<p class="note">{text(block.caption)}</p>')
    out.append("</div>")
    return "\n".join(out)


def _heading(depth: int, value: str) -> str:
    level = min(depth, 6)
    return f"<h{level}>{text(value)}</h{level}>"


def render_block(block: Block, depth: int) -> str:
    if isinstance(block, Section):
        inner = "\n".join(render_block(child, depth + 1) for child in block.blocks)
        return f"<section>\n{_heading(depth, block.heading)}\n{inner}\n</section>"
    if isinstance(block, Facts):
        out = ['<section class="summary">']
        if block.title:
            out.append(_heading(depth, block.title))
        if block.items:
            out.append("<dl>")
            for fact in block.items:
                label = fact.label.rstrip(":：")
                if label:
                    out.append(f"<dt>{text(label)}</dt><dd>{inline(fact.value)}</dd>")
                else:
                    out.append(f'<dd class="full">{inline(fact.value)}</dd>')
            out.append("</dl>")
        out += [f'<p class="note">{inline(note)}</p>' for note in block.notes]
        out.append("</section>")
        return "\n".join(out)
    if isinstance(block, Table):
        return table(block)
    if isinstance(block, Paragraph):
        return f"<p>{inline(block.text)}</p>"
    if isinstance(block, Note):
        return f'<p class="note">{inline(block.text)}</p>'
    if isinstance(block, BulletList):
        title = f'<p class="t-strong">{inline(block.title)}</p>' if block.title else ""
        tag = "ol" if block.marker == "number" else "ul"
        css = ' class="steps"' if block.marker == "step" else ""
        items = "".join(f"<li>{inline(item)}</li>" for item in block.items)
        return f"{title}<{tag}{css}>{items}</{tag}>"
    if isinstance(block, Checklist):
        title = f'<p class="t-strong">{inline(block.title)}</p>' if block.title else ""
        checks: list[str] = []
        for check in block.items:
            box = "☑" if check.done else "☐"
            detail = f"<pre><code>{text(check.detail.text)}</code></pre>" if check.detail else ""
            checks.append(
                f'<li><span class="box" aria-hidden="true">{box}</span>'
                f"{inline(check.text)}{detail}</li>"
            )
        return f'{title}<ul class="checks">{"".join(checks)}</ul>'
    if isinstance(block, Code):
        return f"<pre><code>{text(block.text)}</code></pre>"
    if isinstance(block, Radar):
        out = ["<figure>", radar_svg(block)]
        if block.caption:
            out.append(f"<figcaption>{text(block.caption)}</figcaption>")
        out.append("</figure>")
        return "\n".join(out)
    raise TypeError(f"not a document block: {block!r}")


def blocks_html(items: Sequence[Block], depth: int = 2) -> str:
    return "\n".join(render_block(block, depth) for block in items)


def document_html(document: Document) -> str:
    lang = locales()[document.lang].tag if document.lang in locales() else document.lang
    subtitle = f'<p class="subtitle">{text(document.subtitle)}</p>\n' if document.subtitle else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{text(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{text(document.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{text(document.title)}</h1>\n{subtitle}"
        f"{blocks_html(_untitled_head(document))}\n</main>\n</body>\n</html>\n"
    )


def _untitled_head(document: Document) -> list[Block]:
    """The blocks, without a summary box's title that only repeats the page's heading."""
    return [
        replace(block, title=None)
        if isinstance(block, Facts) and block.title == document.title
        else block
        for block in document.blocks
    ]
