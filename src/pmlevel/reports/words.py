"""The model's text and the UI's messages in one language, for every report; dates and
shares as a reader reads them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pmlevel.text.i18n import Translator

if TYPE_CHECKING:
    from pmlevel.model.ladder import LevelModel
    from pmlevel.model.ladder import Text as ModelText


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

    def track_name(self, track_id: str | None) -> str:
        """A track's name ("shared" for None: a level on every track; the id when unknown)."""
        if track_id is None:
            return self.t("track_shared")
        try:
            return self(self.model.track(track_id).name)
        except KeyError:
            return track_id

    def level_track(self, level_id: str) -> str | None:
        """The name of the track *level_id* is on ("shared" for a shared level), or None
        when the model has no tracks (then nothing about tracks is shown)."""
        if not self.model.tracks:
            return None
        try:
            return self.track_name(self.model.level(level_id).track)
        except KeyError:
            return None

    def skill_name(self, skill_id: str) -> str:
        try:
            return self(self.model.skill(skill_id).name)
        except KeyError:
            return skill_id


def local_date(moment: dt.datetime) -> str:
    """The date of *moment* where the reader is (an assessment made at 07:00 in Shanghai
    is on that day there, whatever offset it was stored with)."""
    return moment.astimezone().date().isoformat()


def local_time(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
