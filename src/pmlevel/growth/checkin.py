"""The check-in (``pmlevel agree``): two or more raters' results for one person, and the
ratings they agree on after talking (docs/reference.md#pmlevel-agree).

Only the skills where the raters differ are discussed; where all of them gave the
same rating it is kept as it is. The outcome is an ordinary result whose rater
role is ``agreed``: ``plan``, ``team`` (which prefers it), ``merge`` and ``case``
(which show it on its own row) read it like any other.

The raters are those :func:`pmlevel.growth.merge.merge_results` keeps (the latest
result of each rater; what it leaves out it says), so a check-in and a merge of
the same files always talk about the same ratings. Core code: no terminal here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pmlevel.assess.result import Rater, Result, build_result
from pmlevel.errors import UsageError
from pmlevel.growth.merge import Merge, RaterEntry, merge_results
from pmlevel.model.ladder import LevelModel


@dataclass(frozen=True, slots=True)
class View:
    """One rater's rating of one skill, and their note on it."""

    role: str
    name: str | None
    rating: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class CheckIn:
    """What there is to talk about: the skills the raters differ on, and what they agree on."""

    merge: Merge
    differing: tuple[str, ...]  # skill ids, in the model's order
    kept: dict[str, int]  # skill id -> the rating every rater gave
    kept_notes: dict[str, str]

    @property
    def subject(self) -> str | None:
        return self.merge.subject

    @property
    def raters(self) -> tuple[RaterEntry, ...]:
        return self.merge.raters

    def views(self, skill: str) -> tuple[View, ...]:
        """Each rater's rating and note on *skill*, in the merge's order of raters."""
        return tuple(
            View(r.role, r.name, r.result.ratings.get(skill), r.result.notes.get(skill))
            for r in self.raters
        )


def prepare(model: LevelModel, results: Sequence[tuple[str, Result]]) -> CheckIn:
    """Check that *results* are about one person, by two raters or more, and find where they differ.

    Raises :class:`UsageError` for results about different people or made with
    another model (as ``merge`` does), and when fewer than two raters remain.
    """
    merged = merge_results(model, results)
    if len(merged.raters) < 2:
        raise UsageError("agree_needs_two", count=len(merged.raters))
    differing: list[str] = []
    kept: dict[str, int] = {}
    kept_notes: dict[str, str] = {}
    for skill in model.skills:
        given = [r.result.ratings.get(skill.id) for r in merged.raters]
        values = {value for value in given if value is not None}
        if len(values) == 1 and None not in given:
            kept[skill.id] = values.pop()
            notes = _distinct(r.result.notes.get(skill.id) for r in merged.raters)
            if notes:
                kept_notes[skill.id] = " / ".join(notes)
        else:
            differing.append(skill.id)
    return CheckIn(merged, tuple(differing), kept, kept_notes)


def _distinct(notes: Iterable[str | None]) -> list[str]:
    seen: list[str] = []
    for note in notes:
        if note and note not in seen:
            seen.append(note)
    return seen


def settle(
    model: LevelModel,
    check_in: CheckIn,
    ratings: Mapping[str, int],
    notes: Mapping[str, str],
    *,
    rater_name: str | None = None,
    assessed_at: dt.datetime | None = None,
) -> Result:
    """The agreed result: the ratings settled at the check-in over the ones kept.

    Every skill the raters differ on must have a settled rating.
    """
    missing = [skill for skill in check_in.differing if skill not in ratings]
    if missing:
        raise UsageError("agree_unsettled", skills=", ".join(missing))
    agreed = {**check_in.kept, **ratings}
    agreed_notes = {**check_in.kept_notes, **{k: v for k, v in notes.items() if v}}
    return build_result(
        model,
        agreed,
        notes=agreed_notes,
        subject=check_in.subject,
        rater=Rater(role="agreed", name=rater_name),
        assessed_at=assessed_at,
    )
