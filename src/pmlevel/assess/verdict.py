"""An interviewer's verdict: ratings read against the level an interview kit was made for.

An interview shows only some skills, so an interviewer's (or a promotion panel
member's) result is not placed on the ladder from the skills nobody assessed: the
usual estimate would count them at the lowest rating and call a candidate who met
four of the six senior core skills "not yet at the first level". The verdict says
instead how the ratings given compare with what the kit's level expects:

    meets 4 of 6 core skills of Senior Product Manager; 2 below (…); 11 not assessed

with a hire signal per skill (by how far the rating is from the expectation):
``strong_yes`` one point or more above it, ``yes`` at it, ``no`` one below,
``strong_no`` two or more below, ``not_assessed`` when it was left empty. A level
with no core skills (a v1 model) is read by all the skills it expects.

Pure: ratings in, :class:`Verdict` out. ``merge`` gives one per interviewer and one
from the ratings it takes for the group (each skill's mean, rounded down).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from pmlevel.assess.people import HIRING_ROLES
from pmlevel.model.ladder import LevelModel

Signal = Literal["strong_yes", "yes", "no", "strong_no", "not_assessed"]
SIGNALS: Final[tuple[Signal, ...]] = ("strong_yes", "yes", "no", "strong_no", "not_assessed")

__all__ = ["HIRING_ROLES", "SIGNALS", "Signal", "SkillVerdict", "Verdict", "signal_for", "verdict"]


def signal_for(rating: int | None, expected: int) -> Signal:
    """The hire signal of one skill: how far *rating* is from *expected*."""
    if rating is None:
        return "not_assessed"
    if rating > expected:
        return "strong_yes"
    if rating == expected:
        return "yes"
    if rating == expected - 1:
        return "no"
    return "strong_no"


@dataclass(frozen=True, slots=True)
class SkillVerdict:
    skill: str
    expected: int | None  # None: a skill rated that the level does not expect
    core: bool
    rating: int | None  # None: not assessed
    signal: Signal | None  # None where the level expects nothing

    def to_json(self) -> dict[str, Any]:
        return {
            "skill": self.skill,
            "expected": self.expected,
            "core": self.core,
            "rating": self.rating,
            "signal": self.signal,
        }


@dataclass(frozen=True, slots=True)
class Verdict:
    """Ratings against one level: the skills it expects (core first), then the other
    skills rated; and every skill of the model nobody assessed."""

    level: str
    by_core: bool  # read by the level's core skills (False: it names none, so all of them)
    skills: tuple[SkillVerdict, ...]
    not_assessed: tuple[str, ...]  # every skill of the model without a rating, model order

    @property
    def deciding(self) -> tuple[SkillVerdict, ...]:
        """The skills the headline counts: the core ones, or every expected one."""
        return tuple(
            s for s in self.skills if s.expected is not None and (s.core or not self.by_core)
        )

    @property
    def met(self) -> tuple[str, ...]:
        return tuple(s.skill for s in self.deciding if s.signal in ("yes", "strong_yes"))

    @property
    def below(self) -> tuple[str, ...]:
        return tuple(s.skill for s in self.deciding if s.signal in ("no", "strong_no"))

    @property
    def unassessed(self) -> tuple[str, ...]:
        """The deciding skills nobody assessed."""
        return tuple(s.skill for s in self.deciding if s.signal == "not_assessed")

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "counts": "core" if self.by_core else "expected",
            "of": len(self.deciding),
            "met": list(self.met),
            "below": list(self.below),
            "unassessed": list(self.unassessed),
            "not_assessed": list(self.not_assessed),
            "skills": [s.to_json() for s in self.skills],
        }


def verdict(model: LevelModel, level_id: str, ratings: Mapping[str, int]) -> Verdict:
    """*ratings* against the level *level_id* (an id of *model*)."""
    level = model.level(level_id)
    by_core = bool(level.core)
    expected = [
        (skill.id, level.expectations[skill.id], level.is_core(skill.id))
        for skill in model.skills
        if skill.id in level.expectations
    ]
    expected.sort(key=lambda item: not item[2])  # core first, each in the model's order
    skills = [
        SkillVerdict(skill, want, core, ratings.get(skill), signal_for(ratings.get(skill), want))
        for skill, want, core in expected
    ]
    skills += [
        SkillVerdict(skill.id, None, False, ratings[skill.id], None)
        for skill in model.skills
        if skill.id in ratings and skill.id not in level.expectations
    ]
    missing = tuple(skill.id for skill in model.skills if skill.id not in ratings)
    return Verdict(level.id, by_core, tuple(skills), missing)
