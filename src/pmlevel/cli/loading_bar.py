"""A progress bar for long loads (``team`` over thousands of files), on a terminal only."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)


# On screen the people and ready tables list everyone up to this many; beyond,
class LoadingBar:
    """A progress callback for :func:`pmlevel.company.team.load_team` that shows a bar only
    on a terminal, and only once loading has taken more than a moment (a bar that
    flashes for a tenth of a second is noise). Use it as a context manager so the
    bar is removed when loading ends.
    """

    def __init__(self, console: Console, description: str, *, delay: float = 0.3) -> None:
        self.console = console
        self.description = description
        self.delay = delay
        self._started = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if not self.console.is_terminal or time.monotonic() - self._started < self.delay:
                return
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=total)
        if self._task is not None:
            self._bar.update(self._task, completed=done, total=total)

    def __enter__(self) -> LoadingBar:
        self._started = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
