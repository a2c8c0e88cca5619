"""A job description for one level (``pmlevel jd LEVEL``): what a hiring manager pastes
into a posting.

The level's summary, the experience it asks for, its responsibilities, and each
skill it expects with what that skill looks like at the expected point (the
skill's own anchor there, else the scale's). Core skills come first: they are
what the level must fully meet (docs/reference.md#met), so a posting leads with them.

A posting speaks in sentences, not in the ladder's rubric: no expected ratings, no
scale; the expected point's anchor is what the skill looks like in the job. The
company, team, location and pay a recruiter gives (:class:`Posting`) head it.

Core code: typed values of the model's own texts (still in every language); the
document in ``reports/hiring.py`` picks the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmlevel.model.ladder import Level, LevelModel, Responsibility, Text
from pmlevel.text.safe import clean_line


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
class Posting:
    """What a recruiter adds to a level's description to post it (``jd --company --team
    --location --pay``): free text, each one clean line; empty when not given."""

    company: str = ""
    team: str = ""
    location: str = ""
    pay: str = ""

    @classmethod
    def of(cls, **given: str | None) -> Posting:
        return cls(**{key: clean_line(value or "").strip() for key, value in given.items()})


@dataclass(frozen=True, slots=True)
class JobDescription:
    level: str
    summary: Text | None
    experience: Text | None
    responsibilities: tuple[Responsibility, ...]
    skills: tuple[JdSkill, ...]
    posting: Posting = Posting()


def job_description(
    model: LevelModel, level_id: str, posting: Posting | None = None
) -> JobDescription:
    """The job description of the level *level_id* (an id the model has), with what the
    recruiter adds (*posting*)."""
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
        posting=posting or Posting(),
    )
