"""Small building blocks shared by the screens."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from pmlevel.i18n import Translator
from pmlevel.model import LevelModel
from pmlevel.model import Text as ModelText

BOX = box.SIMPLE_HEAD


def plain(value: str, style: str = "") -> Text:
    """Text that is shown as it is: Rich markup in it is not interpreted."""
    return Text(value, style=style)


class Words:
    """The model's text and the UI's messages in one language."""

    def __init__(self, model: LevelModel, t: Translator) -> None:
        self.model = model
        self.t = t
        self.lang = t.lang

    def __call__(self, value: ModelText | None) -> str:
        return self.model.text(value, self.lang)

    def level_name(self, level_id: str | None) -> str:
        if level_id is None:
            return self.t("no_level")
        try:
            return self(self.model.level(level_id).name)
        except KeyError:
            return level_id

    def skill_name(self, skill_id: str) -> str:
        try:
            return self(self.model.skill(skill_id).name)
        except KeyError:
            return skill_id


class _FoldingTable(Table):
    """A table whose columns fold long runs of text instead of cutting them with "…".

    Chinese has no spaces, so to Rich a whole sentence is one long word: without
    folding, every Chinese description would be truncated.
    """

    def add_column(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("overflow", "fold")
        super().add_column(*args, **kwargs)


def table(*, title: str | None = None, caption: str | None = None) -> Table:
    return _FoldingTable(
        title=plain(title) if title else None,
        caption=plain(caption) if caption else None,
        box=BOX,
        title_justify="left",
        caption_justify="left",
        expand=False,
        pad_edge=False,
    )


def rating_dots(rating: int, low: int, high: int) -> Text:
    """``●●●○○`` for a rating of 3 on 1-5: readable without colour."""
    filled = rating - low + 1
    return Text("●" * filled + "○" * (high - low + 1 - filled), style="cyan")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
