"""The review reminder after commands that read the history (docs/reference.md#the-reminder)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pmlevel.cli.context import Context


def reminder_lines(
    c: Context, only: list[str | None] | None, history: Any = None
) -> list[RenderableType]:
    """The one line saying whose review date has passed (of *only*, or everyone), if any;
    nothing with ``PMLEVEL_NO_REMINDER``. *history* is an open history, else it is opened."""
    if c.no_reminder:
        return []
    from pmlevel.growth.reminders import load_plans, reviews_due
    from pmlevel.render.screen import inline
    from pmlevel.reports.history import reminder_line

    if history is None:
        from pmlevel.store.history import History

        with History.open(c.data_dir, readonly=True) as opened:
            due = reviews_due(opened, load_plans(c.data_dir), c.today(), only)
    else:
        due = reviews_due(history, load_plans(c.data_dir), c.today(), only)
    return [inline(reminder_line(c.t, due))] if due else []
