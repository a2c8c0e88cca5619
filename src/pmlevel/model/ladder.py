"""The level model as the rest of the program sees it: validated, normalised, immutable.

These are named tuples and one dataclass, not pydantic models, on purpose:
building them from the validated cache is the whole cost of loading a model for
``pmlevel show`` (see ``model/cache.py``), so they must be cheap to define and to build.
The file format with its optional fields and its JSON Schema lives in
``model/schema.py``; ``model/loader.py`` turns one into the other.

A text is always a mapping of language code to string here (a plain string in the
file becomes ``{default_language: string}``); :meth:`LevelModel.text` picks the
language the user asked for and falls back to the model's default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from pmlevel.errors import UsageError
from pmlevel.text.i18n import locales
from pmlevel.text.shape import fold, lookup_key

Text = dict[str, str]


class Scale(NamedTuple):
    min: int
    max: int
    anchors: dict[int, Text]

    @property
    def points(self) -> range:
        return range(self.min, self.max + 1)


class Skill(NamedTuple):
    """A skill. ``anchors`` are the ones in force: the skill's own where the file gives
    them (``own_anchors``), else the scale's, so ``skill.anchor(point)`` always answers."""

    id: str
    name: Text
    description: Text | None = None
    category: Text | None = None
    weight: float = 1.0
    actions: tuple[Text, ...] = ()  # every action, in file order (by target when keyed)
    anchors: dict[int, Text] = {}  # noqa: RUF012 - never mutated; the loader fills it
    own_anchors: bool = False
    actions_by_target: dict[int, tuple[Text, ...]] = {}  # noqa: RUF012 - (v2) keyed form
    questions: tuple[Text, ...] = ()

    def anchor(self, point: int) -> Text | None:
        """What *point* means for this skill (its own anchor, else the scale's)."""
        return self.anchors.get(point)

    def actions_for(self, target: int) -> tuple[Text, ...]:
        """The actions that help reach *target*: those keyed to it, or the plain list."""
        if self.actions_by_target:
            return self.actions_by_target.get(target, ())
        return self.actions


class Responsibility(NamedTuple):
    name: Text
    description: Text | None = None


class Level(NamedTuple):
    id: str
    name: Text
    expectations: dict[str, int]  # skill id -> lowest rating expected, in skill order
    aliases: tuple[str, ...] = ()
    summary: Text | None = None
    responsibilities: tuple[Responsibility, ...] = ()
    experience: Text | None = None
    core: tuple[str, ...] = ()  # (v2) expected skills that must be met, in skill order
    track: str | None = None  # (v3) the track it belongs to; None: shared, on every track
    after: str | None = None  # the level directly below it on its chain (None: the bottom)

    def is_core(self, skill_id: str) -> bool:
        return skill_id in self.core


class Track(NamedTuple):
    """(v3) A track of the ladder (an IC track, a management track): the shared levels,
    then its own, one chain."""

    id: str
    name: Text


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class LevelModel:
    """A whole model. Compared and hashed by identity: the estimator caches per object."""

    name: Text
    default_language: str
    scale: Scale
    skills: tuple[Skill, ...]
    levels: tuple[Level, ...]
    tracks: tuple[Track, ...] = ()  # (v3) none: the levels are one ladder
    min_share: float = 0.8
    max_shortfall: int = 1
    schema_version: int = 1
    source: str = ""
    sha256: str = ""

    # -- lookups -----------------------------------------------------------------

    def text(self, value: Text | None, lang: str) -> str:
        """The text in *lang*, else in the languages its locale falls back to (zh-Hant: zh),
        else in the model's default language ("" for none)."""
        if not value:
            return ""
        found = value.get(lang)
        if found:
            return found
        known = locales().get(lang)
        for fallback in known.text_fallback if known is not None else ():
            if value.get(fallback):
                return value[fallback]
        return value.get(self.default_language) or next(iter(value.values()))

    def skill(self, skill_id: str) -> Skill:
        for skill in self.skills:
            if skill.id == skill_id:
                return skill
        raise KeyError(skill_id)

    def level(self, level_id: str) -> Level:
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def track(self, track_id: str) -> Track:
        for track in self.tracks:
            if track.id == track_id:
                return track
        raise KeyError(track_id)

    def chains(self) -> tuple[tuple[str | None, tuple[Level, ...]], ...]:
        """Each track with its chain of levels from the bottom up (the shared levels, then
        its own, along ``after``); one chain of every level, track ``None``, without tracks."""
        shared = tuple(level for level in self.levels if level.track is None)
        if not self.tracks:
            return ((None, self.levels),)
        return tuple(
            (track.id, shared + tuple(lv for lv in self.levels if lv.track == track.id))
            for track in self.tracks
        )

    def below(self, level_id: str) -> Level | None:
        """The level directly below *level_id* on its chain (its ``after``), if any."""
        after = self.level(level_id).after
        return None if after is None else self.level(after)

    def find_track(self, query: str, lang: str | None = None) -> Track:
        """A track by id or name in any language, case-insensitive; :class:`UsageError`
        listing the tracks (or saying there are none) when nothing matches."""
        key = fold(query)
        for track in self.tracks:
            if key in {fold(name) for name in (track.id, *track.name.values())}:
                return track
        if not self.tracks:
            raise UsageError("track_none", name=query)
        choices = ", ".join(
            f"{track.id} ({self.text(track.name, lang or self.default_language)})"
            for track in self.tracks
        )
        raise UsageError("track_unknown", name=query, choices=choices)

    def rank(self, level_id: str) -> int:
        """1-based rank of a level (1 is the lowest)."""
        return [level.id for level in self.levels].index(level_id) + 1

    def find_level(self, query: str, lang: str | None = None) -> Level:
        """A level by id, alias, name in any language or rank (``1``…``n``), case-insensitive.

        Raises :class:`UsageError` listing the valid choices when nothing matches.
        """
        key = lookup_key(query)
        if key.isdigit() and 1 <= int(key) <= len(self.levels):
            return self.levels[int(key) - 1]
        for level in self.levels:
            names = [level.id, *level.aliases, *level.name.values()]
            if key in {lookup_key(name) for name in names}:
                return level
        choices = ", ".join(
            f"{level.id} ({self.text(level.name, lang or self.default_language)})"
            for level in self.levels
        )
        suggestion = self.closest_level(query)
        if suggestion is not None:
            raise UsageError(
                "level_unknown_did_you_mean", name=query, suggestion=suggestion, choices=choices
            )
        raise UsageError("level_unknown", name=query, choices=choices)

    def closest_level(self, query: str) -> str | None:
        """The id of the level whose id, alias or name is closest to *query* (a typo such
        as ``sinior``), or ``None`` when nothing is close."""
        import difflib

        names: dict[str, str] = {}
        for level in self.levels:
            for name in (level.id, *level.aliases, *level.name.values()):
                names.setdefault(fold(name), level.id)
        close = difflib.get_close_matches(fold(query), list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None

    def categories(self) -> list[tuple[Text | None, list[Skill]]]:
        """Skills grouped by category, in the order each category first appears."""
        groups: dict[str, tuple[Text | None, list[Skill]]] = {}
        for skill in self.skills:
            key = repr(sorted(skill.category.items())) if skill.category else ""
            groups.setdefault(key, (skill.category, []))[1].append(skill)
        return list(groups.values())

    def skills_json(self, lang: str) -> list[dict[str, Any]]:
        """Each skill with its id and what each level expects (``skills --json``)."""
        return [
            {
                "id": skill.id,
                "name": self.text(skill.name, lang),
                "category": self.text(skill.category, lang) or None,
                "weight": skill.weight,
                "expectations": {
                    level.id: level.expectations[skill.id]
                    for level in self.levels
                    if skill.id in level.expectations
                },
            }
            for skill in self.skills
        ]

    # -- (de)serialisation for the cache -------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "name": self.name,
            "default_language": self.default_language,
            "scale": {
                "min": self.scale.min,
                "max": self.scale.max,
                "anchors": {str(k): v for k, v in self.scale.anchors.items()},
            },
            "min_share": self.min_share,
            "max_shortfall": self.max_shortfall,
            "skills": [
                {
                    "id": s.id,
                    "name": s.name,
                    "description": s.description,
                    "category": s.category,
                    "weight": s.weight,
                    "anchors": {str(k): v for k, v in s.anchors.items()} if s.own_anchors else None,
                    "actions": list(s.actions),
                    "actions_by_target": {str(k): list(v) for k, v in s.actions_by_target.items()},
                    "questions": list(s.questions),
                }
                for s in self.skills
            ],
            "levels": [
                {
                    "id": lv.id,
                    "name": lv.name,
                    "expectations": lv.expectations,
                    "aliases": list(lv.aliases),
                    "summary": lv.summary,
                    "responsibilities": [
                        {"name": r.name, "description": r.description} for r in lv.responsibilities
                    ],
                    "experience": lv.experience,
                    "core": list(lv.core),
                    "track": lv.track,
                    "after": lv.after,
                }
                for lv in self.levels
            ],
            "tracks": [{"id": tr.id, "name": tr.name} for tr in self.tracks],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str, sha256: str) -> LevelModel:
        scale = Scale(
            data["scale"]["min"],
            data["scale"]["max"],
            {int(k): v for k, v in data["scale"]["anchors"].items()},
        )
        return cls(
            schema_version=data["schema_version"],
            name=data["name"],
            default_language=data["default_language"],
            scale=scale,
            min_share=data["min_share"],
            max_shortfall=data["max_shortfall"],
            skills=tuple(
                Skill(
                    s["id"],
                    s["name"],
                    s["description"],
                    s["category"],
                    s["weight"],
                    tuple(s["actions"]),
                    scale.anchors
                    if s["anchors"] is None
                    else {int(k): v for k, v in s["anchors"].items()},
                    s["anchors"] is not None,
                    {int(k): tuple(v) for k, v in s["actions_by_target"].items()},
                    tuple(s["questions"]),
                )
                for s in data["skills"]
            ),
            levels=tuple(
                Level(
                    lv["id"],
                    lv["name"],
                    lv["expectations"],
                    tuple(lv["aliases"]),
                    lv["summary"],
                    tuple(
                        Responsibility(r["name"], r["description"]) for r in lv["responsibilities"]
                    ),
                    lv["experience"],
                    tuple(lv["core"]),
                    lv["track"],
                    lv["after"],
                )
                for lv in data["levels"]
            ),
            tracks=tuple(Track(tr["id"], tr["name"]) for tr in data["tracks"]),
            source=source,
            sha256=sha256,
        )
