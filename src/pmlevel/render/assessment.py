"""The screen after an assessment (``assess``, ``report``), made from a :class:`Result`."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pmlevel.render.common import Words, local_date, percent, plain, table
from pmlevel.result import EstimateOut, Result

BAR_WIDTH = 10


def label(text: str) -> str:
    """A label before a value: a space after it, unless it ends in full-width punctuation."""
    return text if text.endswith(("：", "，")) else text + " "


class ShareBar:
    """``█████████░  93%``: as long as its column allows, down to the number alone."""

    def __init__(self, share: float, met: bool) -> None:
        self.share = share
        self.met = met

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(5, BAR_WIDTH + 5)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(0, min(BAR_WIDTH, options.max_width - 5))
        filled = round(self.share * width)
        bar = Text("█" * filled, style="green" if self.met else "yellow")
        bar.append("░" * (width - filled), style="dim")
        bar.append(f" {self.share:>4.0%}")
        yield bar


def model_name(w: Words, result: Result) -> str:
    """The model's name in the reader's language when it is the model loaded now."""
    if result.model.sha256 == w.model.sha256:
        return w(w.model.name)
    return result.model.name


def basis_line(w: Words, result: Result) -> Text:
    """What the estimate rests on: who rated, when, against which model."""
    t = w.t
    rater = t(f"role_{result.rater.role}")
    if result.rater.name:
        rater += f" · {result.rater.name}"
    parts = [t("basis_rater", rater=rater)]
    if result.subject:
        parts.append(t("basis_subject", subject=result.subject))
    parts.append(t("basis_date", date=local_date(result.assessed_at)))
    parts.append(t("basis_model", model=model_name(w, result), sha=result.model.sha256[:8]))
    return plain(" · ".join(parts), style="dim")


def points_line(w: Words, est: EstimateOut, points: int) -> str:
    """ "2 points from Staff Product Manager · readiness 79%": how far, before how ready.

    Readiness alone misleads as a headline (79% can be one point away, 57% five).
    """
    t = w.t
    away = t(
        "points_to_level", points=t.count("n_points", points), level=w.level_name(est.next_level)
    )
    return away + " · " + t("readiness_is", readiness=percent(est.readiness))


def estimate_lines(w: Words, est: EstimateOut, points: int | None = None) -> list[RenderableType]:
    """ "Estimated level: …" and, with the *points* to the next level, how far it is
    ("Next level: … · readiness …" when they are not known)."""
    t = w.t
    level = plain(label(t("estimate_level")), style="bold")
    if est.level is None:
        level.append(t("no_level"), style="bold yellow")
    else:
        level.append(w.level_name(est.level), style="bold green")
        level.append(f" ({est.level})", style="dim")
    if est.next_level is None:
        return [level, plain(t("at_top_level"), style="green")]
    if points is not None:
        return [level, plain(points_line(w, est, points), style="bold")]
    nxt = plain(label(t("next_level_is")))
    nxt.append(w.level_name(est.next_level), style="bold")
    nxt.append(" · " + t("readiness_is", readiness=percent(est.readiness)))
    return [level, nxt]


def headline(w: Words, result: Result) -> RenderableType:
    t = w.t
    lines = estimate_lines(w, result.estimate, result.points_to_next)
    lines.append(basis_line(w, result))
    rule = t(
        "rule_line",
        share=f"{w.model.min_share:.0%}",
        shortfall=w.model.max_shortfall,
    )
    lines.append(plain(rule, style="dim italic"))
    return Panel(Group(*lines), title=plain(t("result_title")), title_align="left")


def levels_table(w: Words, result: Result) -> RenderableType:
    t = w.t
    grid = table(title=t("levels_status_title"))
    grid.add_column("#", justify="right", style="dim")
    grid.add_column(t("col_level"), min_width=10)
    grid.add_column(t("col_met_share"))
    grid.add_column(t("col_shortfall"), justify="right", no_wrap=True)
    grid.add_column(t("col_met"), justify="center", no_wrap=True)
    for rank, state in enumerate(result.estimate.levels, 1):
        name = Text(w.level_name(state.id))
        if state.id == result.estimate.level:
            name.stylize("bold green")
            name.append(" ◀", style="green")
        grid.add_row(
            str(rank),
            name,
            ShareBar(state.met_share, state.met),
            str(state.shortfall),
            Text("✓", style="green") if state.met else Text("✗", style="red"),
        )
    return grid


def gaps_table(w: Words, result: Result) -> RenderableType | None:
    t = w.t
    if not result.gaps or result.estimate.next_level is None:
        return None
    grid = table(
        title=t("gaps_title", level=w.level_name(result.estimate.next_level)),
        caption=t("gaps_caption"),
    )
    grid.add_column(t("col_skill"), min_width=10)
    for header in ("col_yours", "col_required", "col_gap"):
        grid.add_column(t(header), justify="center", no_wrap=True)
    grid.add_column(t("col_weight"), justify="right", no_wrap=True)
    for gap in result.gaps:
        grid.add_row(
            plain(w.skill_name(gap.skill)),
            str(gap.rating),
            str(gap.required),
            Text(f"-{gap.shortfall}", style="red" if gap.shortfall > 1 else "yellow"),
            f"{gap.weight:g}",
        )
    return grid


def bullets(marker: str, items: list[str]) -> Table:
    """A list whose wrapped lines hang under their first word, not under the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for item in items:
        grid.add_row(Text(marker, style="dim"), plain(item))
    return grid


def path_to_next(w: Words, result: Result) -> RenderableType | None:
    t = w.t
    if result.estimate.next_level is None:
        return None
    if not result.path_to_next:
        return plain(t("path_empty"))
    title = t(
        "path_title",
        level=w.level_name(result.estimate.next_level),
        points=t.count("n_points", result.points_to_next),
        skills=t.count("n_skills", len(result.path_to_next)),
    )
    steps = [
        t("path_step", skill=w.skill_name(s.skill), frm=s.from_, to=s.to)
        for s in result.path_to_next
    ]
    return Group(plain(title, style="bold"), bullets("  →", steps))


def borderline_note(w: Words, result: Result, limit: int | None = 6) -> RenderableType | None:
    """The one-point changes that would move the level (the first *limit* on a screen)."""
    t = w.t
    if not result.sensitivity:
        return None
    shown = result.sensitivity if limit is None else result.sensitivity[:limit]
    items = [
        t(
            "borderline_item",
            skill=w.skill_name(f.skill),
            frm=f.from_,
            to=f.to,
            level=w.level_name(f.level),
        )
        for f in shown
    ]
    if len(shown) < len(result.sensitivity):
        items.append(t("and_more", count=len(result.sensitivity) - len(shown)))
    return Group(plain(t("borderline_title"), style="bold yellow"), bullets("  •", items))


def evidence_table(w: Words, result: Result) -> RenderableType | None:
    """The notes of evidence given with the ratings."""
    if not result.notes:
        return None
    grid = table(title=w.t("evidence_title"))
    grid.add_column(w.t("col_skill"), min_width=10)
    grid.add_column(w.t("col_rating"), justify="center")
    grid.add_column(w.t("col_note"), ratio=1)
    for skill_id, note in result.notes.items():
        rating = result.ratings.get(skill_id)
        grid.add_row(plain(w.skill_name(skill_id)), str(rating or ""), plain(note))
    return grid


def result_screen(w: Words, result: Result, *, complete: bool = False) -> RenderableType:
    """Everything ``assess`` prints after the questions, in reading order.

    *complete* is for files (HTML, SVG): nothing is cut short there.
    """
    parts: list[RenderableType] = [headline(w, result), levels_table(w, result)]
    borderline = borderline_note(w, result, None if complete else 6)
    for part in (
        gaps_table(w, result),
        path_to_next(w, result),
        borderline,
        evidence_table(w, result),
    ):
        if part is not None:
            parts.append(part)
            parts.append(Text(""))
    return Group(*parts)
