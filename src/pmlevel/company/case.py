"""A promotion case for one person and one level (``pmlevel case``): is the evidence there?

For each skill the target level expects (core first): the rating required, every
rater's rating and note, and whether it is met. Then each rater's own estimate,
and what is still missing.

Which rating decides "met" (:func:`deciding_ratings`), in this order:

1. the **agreed** rating, when the person and their manager have held a check-in
   (``pmlevel agree``): it is what both signed up to;
2. else the **others'** rating: the mean of the manager's, peers', experts' and
   interviewers' ratings rounded down, as ``merge`` computes the others' estimate
   (so one generous rater cannot lift a skill a whole point);
3. else the **self**-rating, and the case says it rests on self alone.

Self and others are never averaged together, and an agreed rating is never mixed
into either. The person's current level and the default target (the next level)
come from the same deciding ratings.

Results come from files or from the history (the latest result of each rater of
one subject). They must be about one person and made with the current model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pmlevel.assess.estimate import estimate, path_to_next
from pmlevel.assess.people import OTHER_ROLES, ROLES, person_key
from pmlevel.assess.result import EstimateOut, Result, estimate_out
from pmlevel.assess.sources import read_sources
from pmlevel.company.jd import expected_core_first
from pmlevel.errors import UsageError
from pmlevel.growth.whose import pick_person
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import History

Basis = Literal["agreed", "others", "self"]

# The raters a promotion case stands on, in the order it names them: the person's own
# rating, their manager's, and the rating both agreed on at a check-in. The case says
# which of them it has and which it lacks (a manager's form not returned or not
# recorded yet), never silently leaving a column out.
CASE_ROLES = ("self", "manager", "agreed")


@dataclass(frozen=True, slots=True)
class CaseRater:
    role: str
    name: str | None
    source: str  # the file, or "#id" of a history entry
    result: Result
    estimate: EstimateOut  # from this rater's ratings alone, with the current model
    target_share: float  # share of the target level's skills this rater sees met


@dataclass(frozen=True, slots=True)
class CaseRating:
    role: str
    name: str | None
    rating: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class CaseItem:
    skill: str
    required: int
    core: bool
    ratings: tuple[CaseRating, ...]  # one per rater, in the order of Case.raters
    decided: int | None  # the rating that decides, see the module notes
    met: bool


@dataclass(frozen=True, slots=True)
class Case:
    subject: str | None
    level: str | None  # the current level by the deciding ratings
    target: str
    basis: Basis
    raters: tuple[CaseRater, ...]
    items: tuple[CaseItem, ...]
    missing: tuple[str, ...]  # skill ids not met, core first
    decided_estimate: EstimateOut
    target_met: bool  # the target level is met by the deciding ratings (SPEC §3)
    lacking: tuple[str, ...] = ()  # roles of CASE_ROLES with no result in the case
    # How far the target is, as every command counts it: the cheapest path's rating
    # points (assess/estimate.path_to_next), not the number of skills below it.
    path: tuple[tuple[str, int, int], ...] = ()  # (skill id, from, to)

    @property
    def points_to_target(self) -> int:
        return sum(to - frm for _, frm, to in self.path)

    def to_json(self) -> dict[str, Any]:
        """The ``case --json`` document of SPEC §5, plus the basis and each rater's estimate."""
        return {
            "subject": self.subject,
            "level": self.level,
            "target": self.target,
            "basis": self.basis,
            "target_met": self.target_met,
            "raters": [
                {
                    "role": r.role,
                    "name": r.name,
                    "level": r.estimate.level,
                    "target_share": round(r.target_share, 4),
                    "assessed_at": r.result.assessed_at.isoformat(),
                    "source": r.source,
                }
                for r in self.raters
            ],
            "items": [
                {
                    "skill": item.skill,
                    "required": item.required,
                    "core": item.core,
                    "ratings": [
                        {"role": x.role, "name": x.name, "rating": x.rating, "note": x.note}
                        for x in item.ratings
                    ],
                    "decided": item.decided,
                    "met": item.met,
                }
                for item in self.items
            ],
            "missing": list(self.missing),
            "points_to_target": self.points_to_target,
            "path_to_target": [{"skill": s, "from": f, "to": t} for s, f, t in self.path],
            "raters_present": list(dict.fromkeys(r.role for r in self.raters)),
            "raters_missing": list(self.lacking),
        }


def latest_per_rater(results: Sequence[tuple[str, Result]]) -> list[tuple[str, Result]]:
    """The latest result of each rater, in role order (self, manager, peer, expert,
    interviewer, agreed). The self-rating and the agreed outcome count once each;
    others once per name (the same person by :func:`~pmlevel.assess.people.person_key`);
    unnamed others cannot be told apart and all count."""
    latest: dict[tuple[str, str | None], tuple[int, str, Result]] = {}
    for order, (source, result) in enumerate(results):
        role = result.rater.role
        if role in ("self", "agreed"):
            key: tuple[str, str | None] = (role, None)
        elif result.rater.name:
            key = (role, person_key(result.rater.name))
        else:
            key = (role, f"#{order}")
        kept = latest.get(key)
        if kept is None or result.assessed_at.timestamp() >= kept[2].assessed_at.timestamp():
            latest[key] = (order, source, result)
    rank = {role: i for i, role in enumerate(ROLES)}
    chosen = sorted(latest.values(), key=lambda item: (rank[item[2].rater.role], item[0]))
    return [(source, result) for _, source, result in chosen]


def deciding_ratings(model: LevelModel, raters: Sequence[Result]) -> tuple[Basis, dict[str, int]]:
    """The ratings that decide "met", and which they are (see the module notes)."""
    agreed = [r for r in raters if r.rater.role == "agreed"]
    if agreed:
        return "agreed", dict(agreed[-1].ratings)
    others = [r for r in raters if r.rater.role in OTHER_ROLES]
    if others:
        floor_means: dict[str, int] = {}
        for skill in model.skills:
            given = [r.ratings[skill.id] for r in others if skill.id in r.ratings]
            if given:
                floor_means[skill.id] = math.floor(sum(given) / len(given))
        return "others", floor_means
    return "self", dict(raters[0].ratings)


def build_case(
    model: LevelModel, results: Sequence[tuple[str, Result]], *, target: str | None = None
) -> Case:
    """The promotion case from *results* (each with where it came from) for the level
    *target* (a level id), or the next level above the person's current one.

    Raises :class:`UsageError` when there is nothing to go on, when the results are
    about different people or made with another model, or when the person is at the
    top level and no target is given.
    """
    if not results:
        raise UsageError("case_nothing")
    _check_one_person(model, results)
    chosen = latest_per_rater(results)
    basis, decided = deciding_ratings(model, [r for _, r in chosen])
    decided_estimate = estimate(model, decided)
    target_id = target if target is not None else decided_estimate.next_level
    if target_id is None:
        raise UsageError(
            "case_at_top", level=decided_estimate.level or "", subject=chosen[0][1].subject or ""
        )
    level = model.level(target_id)
    raters = []
    for source, result in chosen:
        est = estimate(model, result.ratings)
        share = next(s.met_share for s in est.levels if s.id == target_id)
        raters.append(
            CaseRater(
                result.rater.role, result.rater.name, source, result, estimate_out(est), share
            )
        )
    items = []
    for item in expected_core_first(level):
        rating = decided.get(item.skill)
        items.append(
            CaseItem(
                skill=item.skill,
                required=item.expected,
                core=item.core,
                ratings=tuple(
                    CaseRating(
                        r.role,
                        r.name,
                        r.result.ratings.get(item.skill),
                        r.result.notes.get(item.skill),
                    )
                    for r in raters
                ),
                decided=rating,
                met=rating is not None and rating >= item.expected,
            )
        )
    subject = next((r.subject for _, r in chosen if r.subject), None)
    target_state = next(s for s in decided_estimate.levels if s.id == target_id)
    return Case(
        subject=subject,
        level=decided_estimate.level,
        target=target_id,
        basis=basis,
        raters=tuple(raters),
        items=tuple(items),
        missing=tuple(item.skill for item in items if not item.met),
        decided_estimate=estimate_out(decided_estimate),
        target_met=target_state.met,
        lacking=tuple(role for role in CASE_ROLES if all(r.role != role for r in raters)),
        path=()
        if target_state.met
        else tuple((s.skill, s.from_, s.to) for s in path_to_next(model, decided, target_id)),
    )


def _check_one_person(model: LevelModel, results: Sequence[tuple[str, Result]]) -> None:
    """The checks ``merge`` makes (same messages): one subject, the current model."""
    if len({person_key(r.subject) for _, r in results}) > 1:
        files = "; ".join(f"{source} ({r.subject or '—'})" for source, r in results)
        raise UsageError("case_subjects_differ", files=files)
    foreign = [(source, r) for source, r in results if r.model.sha256 != model.sha256]
    if foreign:
        first = foreign[0][1]
        raise UsageError(
            "merge_other_model",
            files="; ".join(s for s, _ in foreign),
            name=first.model.name,
            sha=first.model.sha256[:8],
            current=model.sha256[:8],
        )


def from_history(history: Any, subject: str | None) -> list[tuple[str, Result]]:
    """Every result of *subject* in *history* (a :class:`~pmlevel.store.history.History`),
    named ``#id``, for :func:`build_case` to take each rater's latest from.

    The person is picked as ``plan`` and ``progress`` pick them
    (:func:`pmlevel.growth.whose.pick_person`): with no subject, the one person the
    history holds (results that name no one are "me", ``--subject me``); several
    are a :class:`UsageError` listing them."""
    person = pick_person(history, subject, "case")
    if person is None:
        raise UsageError("case_nothing")
    entries = history.entries(person.filter)
    if not entries:
        raise UsageError("case_no_history", subject=person.shown)
    return [(f"#{e.id}", history.get(e.id)) for e in entries]


def case_for(
    model: LevelModel,
    data_dir: Path,
    files: Sequence[str],
    subject: str | None,
    *,
    to: str | None = None,
    lang: str,
) -> Case:
    """``pmlevel case``: from the named result files or history ids, or else from the
    history (the latest result of each rater of *subject*), for the level *to* (any name
    a user may type for it in *lang*) or the next one. Files and ``--subject`` together
    are a usage error: the files already say whose case it is."""
    if files and subject is not None:
        raise UsageError("case_files_and_subject")
    target = model.find_level(to, lang).id if to is not None else None
    if files:
        results = read_sources(files, data_dir, model)
    else:
        with History.open(data_dir) as saved:
            results = from_history(saved, subject)
    return build_case(model, results, target=target)
