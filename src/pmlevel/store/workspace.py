"""What a service needs of the run it serves, and nothing that draws: the model, where
files live, the reader's language, the clock, and whether a person is there to ask.

:class:`~pmlevel.cli.context.Context` makes one (:meth:`Context.workspace`); the core's
services (``assess``, ``agree``, ``plan``) take it instead of the Context, so they never
hold a console, and a test builds one directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmlevel.model.ladder import LevelModel


def _local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


@dataclass(frozen=True)
class Workspace:
    model: LevelModel
    data_dir: Path  # the history and what lives beside it (plans.json)
    state_dir: Path  # drafts of interrupted answers
    lang: str = "en"
    clock: Callable[[], dt.datetime] = field(default=_local_now)
    can_ask: bool = False  # stdin is a terminal: questions may be asked

    def now(self) -> dt.datetime:
        """This moment, local time zone, to the second (results are dated with it)."""
        return self.clock().replace(microsecond=0)

    def today(self) -> dt.date:
        return self.clock().date()
