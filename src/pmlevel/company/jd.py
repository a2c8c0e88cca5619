"""A job description for one level (``pmlevel jd LEVEL``): what a hiring manager pastes
into a posting.

The level's summary, the experience it asks for, its responsibilities, and each
skill it expects with what that skill looks like at the expected point (the
skill's own anchor there, else the scale's). Core skills come first: they are
what the level must fully meet (docs/reference.md#met), so a posting leads with them.

Core code: typed values of the model's own texts (still in every language); the
document in ``reports/hiring.py`` picks the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmlevel.model.ladder import Level, LevelModel, Responsibility, Text


@dataclass(frozen=True, slots=True)
class ExpectedSkill:
    """A skill a level expects, with the rating it expects and whether it is core."""

    skill: str
    expected: int
    core: bool


def expected_core_first(level: Level) -> tuple[ExpectedSkill, ...]:
    """Every skill *level* expects: its core skills first, then the others, each in
    the model's skill order. The one order used by ``jd``, ``interview`` and ``case``."""
    items = [ExpectedSkill(s, e, level.is_core(s)) for s, e in level.expectations.items()]
    return tuple(sorted(items, key=lambda item: not item.core))


@dataclass(frozen=True, slots=True)
class JdSkill:
    skill: str
    expected: int
    core: bool
    anchor: Text | None  # what the skill looks like at the expected point


@dataclass(frozen=True, slots=True)
class JobDescription:
    level: str
    summary: Text | None
    experience: Text | None
    responsibilities: tuple[Responsibility, ...]
    skills: tuple[JdSkill, ...]


def job_description(model: LevelModel, level_id: str) -> JobDescription:
    """The job description of the level *level_id* (an id the model has)."""
    level = model.level(level_id)
    return JobDescription(
        level=level.id,
        summary=level.summary,
        experience=level.experience,
        responsibilities=level.responsibilities,
        skills=tuple(
            JdSkill(
                item.skill, item.expected, item.core, model.skill(item.skill).anchor(item.expected)
            )
            for item in expected_core_first(level)
        ),
    )
