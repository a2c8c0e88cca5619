"""What the check-in (``agree``) shows: who takes part, and each rater's view of a skill."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from pmlevel.growth.checkin import CheckIn
from pmlevel.render.rich_text import plain, table
from pmlevel.reports.words import Words


def rater_label(w: Words, role: str, name: str | None) -> str:
    label = w.t(f"merge_role_{role}")
    return f"{label} · {name}" if name else label


def opening(w: Words, check_in: CheckIn, answered: int, resume: str) -> RenderableType:
    """Whose check-in, who rated, how many skills to talk about and how many are kept;
    *resume* is the command that continues it after Ctrl-C."""
    t = w.t
    raters = ", ".join(rater_label(w, r.role, r.name) for r in check_in.raters)
    total = len(check_in.differing)
    text = plain(
        t(
            "agree_intro",
            subject=check_in.subject or t("no_subject"),
            raters=raters,
            differ=total,
            kept=len(check_in.kept),
        )
    )
    for left in check_in.merge.left_out:
        text.append("\n" + t(left.reason, file=left.source, kept=left.kept), style="yellow")
    if answered:
        text.append("\n" + t("assess_resuming", answered=answered, total=total), style="green")
    text.append("\n" + t("agree_intro_keys", command=resume), style="dim")
    return text


def agree_help(w: Words, resume: str) -> RenderableType:
    """What ``?`` shows during a check-in: agree's keys, and the command that continues it."""
    low, high = w.model.scale.min, w.model.scale.max
    return Panel(
        plain(w.t("agree_help", low=low, high=high, command=resume)),
        title=plain(w.t("assess_help_title")),
        title_align="left",
    )


def beside(w: Words, check_in: CheckIn, skill: str) -> RenderableType:
    """Each rater's rating and note on *skill*, side by side."""
    t = w.t
    grid = table()
    grid.add_column(t("col_rater"), max_width=24)
    grid.add_column(t("col_rating"), justify="center", no_wrap=True)
    grid.add_column(t("col_note"), ratio=1)
    for view in check_in.views(skill):
        rating = Text("—", style="dim") if view.rating is None else Text(str(view.rating), "bold")
        grid.add_row(plain(rater_label(w, view.role, view.name)), rating, plain(view.note or ""))
    return Group(grid)
