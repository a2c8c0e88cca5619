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

How far to trust the others (docs/reference.md#the-estimate, :mod:`pmlevel.growth.others`): per
skill how
many rated it and how many others could not observe it; the others' estimate (each
skill their mean, rounded down) with a range from resampling them; and, with
``anonymous_peers``, the peers as one group: their mean and unnamed notes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pmlevel.assess.checks import unobserved
from pmlevel.assess.estimate import estimate, path_to_next, stability
from pmlevel.assess.people import (
    OTHER_ROLES,
    ROLES,
    LookAlike,
    different_people,
    look_alikes,
    person_key,
)
from pmlevel.assess.result import EstimateOut, Result, estimate_out
from pmlevel.assess.sources import read_sources
from pmlevel.company.jd import expected_core_first
from pmlevel.errors import UsageError
from pmlevel.growth.others import (
    DEFAULT_MIN_PEERS,
    LevelRange,
    PeerSkill,
    check_min_peers,
    estimate_range,
    floor_means,
    peer_skills,
)
from pmlevel.growth.whose import pick_person
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import History, Piece

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
    raters: int = 0  # how many rated it ("could not observe" and agreed do not count)
    unobserved: int = 0  # how many others could not observe it
    peers: PeerSkill | None = None  # the peers as one group (anonymous_peers)
    # The subject's evidence for the skill, newest first (docs/reference.md#evidence).
    evidence: tuple[Piece, ...] = ()

    @property
    def self_reported_only(self) -> bool:
        """Backed by evidence, none of it verified by someone who saw it."""
        return bool(self.evidence) and not any(piece.verified for piece in self.evidence)


@dataclass(frozen=True, slots=True)
class CasePeers:
    """The peers as one anonymous group: how many, and the estimate from their ratings
    (each skill their mean, rounded down) with the share of the target it meets."""

    count: int
    estimate: EstimateOut
    target_share: float


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
    # the target level is met by the deciding ratings (docs/reference.md#the-estimate)
    target_met: bool
    others_estimate: EstimateOut | None = None  # from the others' floor means
    others_range: LevelRange | None = None  # None with fewer than two others
    others_count: int = 0
    peers: CasePeers | None = None  # the peers as one anonymous group
    # Other people whose names look like the subject's (their results are not in it).
    look_alike: tuple[LookAlike, ...] = ()
    lacking: tuple[str, ...] = ()  # roles of CASE_ROLES with no result in the case
    # How far the target is, as every command counts it: the cheapest path's rating
    # points (assess/estimate.path_to_next), not the number of skills below it.
    path: tuple[tuple[str, int, int], ...] = ()  # (skill id, from, to)

    @property
    def points_to_target(self) -> int:
        return sum(to - frm for _, frm, to in self.path)

    @property
    def met_on_self_reported(self) -> tuple[str, ...]:
        """The skills met at the target whose evidence is all self-reported."""
        return tuple(item.skill for item in self.items if item.met and item.self_reported_only)

    @property
    def met_without_evidence(self) -> tuple[str, ...]:
        """The skills met at the target with no piece of evidence at all."""
        return tuple(item.skill for item in self.items if item.met and not item.evidence)

    def to_json(self) -> dict[str, Any]:
        """The ``case --json`` document of docs/reference.md#files, plus the basis and each
        rater's estimate."""
        raters: list[dict[str, Any]] = [
            {
                "role": r.role,
                "name": r.name,
                "level": r.estimate.level,
                "target_share": round(r.target_share, 4),
                "assessed_at": r.result.assessed_at.isoformat(),
                "source": r.source,
            }
            for r in self.raters
        ]
        if self.peers is not None:
            raters.append(
                {
                    "role": "peer",
                    "name": None,
                    "anonymous": True,
                    "count": self.peers.count,
                    "level": self.peers.estimate.level,
                    "target_share": round(self.peers.target_share, 4),
                }
            )
        others = None
        if self.others_estimate is not None:
            others = self.others_estimate.model_dump(mode="json", by_alias=True)
            others["range"] = None if self.others_range is None else self.others_range.to_json()
        return {
            "subject": self.subject,
            "level": self.level,
            "target": self.target,
            "basis": self.basis,
            "target_met": self.target_met,
            "raters": raters,
            "anonymous_peers": self.peers is not None,
            "items": [
                {
                    "skill": item.skill,
                    "required": item.required,
                    "core": item.core,
                    "ratings": [
                        *(
                            {"role": x.role, "name": x.name, "rating": x.rating, "note": x.note}
                            for x in item.ratings
                        ),
                        *_peer_json(item.peers),
                    ],
                    "raters": item.raters,
                    "unobserved": item.unobserved,
                    "decided": item.decided,
                    "met": item.met,
                    "evidence": [piece.to_json() for piece in item.evidence],
                }
                for item in self.items
            ],
            "met_on_self_reported_evidence": list(self.met_on_self_reported),
            "met_without_evidence": list(self.met_without_evidence),
            "missing": list(self.missing),
            "others_estimate": others,
            "look_alike": [group.to_json() for group in self.look_alike],
            "points_to_target": self.points_to_target,
            "path_to_target": [{"skill": s, "from": f, "to": t} for s, f, t in self.path],
            "raters_present": list(dict.fromkeys(r.role for r in self.raters)),
            "raters_missing": list(self.lacking),
        }


def _peer_json(peers: PeerSkill | None) -> list[dict[str, Any]]:
    """The anonymous peers among a skill's ratings: mean, count and unnamed notes."""
    if peers is None:
        return []
    mean = None if peers.mean is None else round(peers.mean, 2)
    entry = {"role": "peer", "name": None, "rating": mean, "count": peers.rated}
    return [{**entry, "note": None, "notes": [*peers.notes]}]


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
    model: LevelModel,
    results: Sequence[tuple[str, Result]],
    *,
    target: str | None = None,
    track: str | None = None,
    anonymous_peers: bool = False,
    min_peers: int = DEFAULT_MIN_PEERS,
    other_subjects: Sequence[str | None] = (),
) -> Case:
    """The promotion case from *results* (each with where it came from) for the level
    *target* (a level id), or the next level above the person's current one (on
    *track*, a track id, when given: docs/reference.md#tracks). With *anonymous_peers*
    the peers are one group (refused below *min_peers* peers).

    *others* are the other subjects where the results were found (the history's):
    a name among them that looks like the subject's is another person, whose results
    are not in the case, and the case says so.

    Raises :class:`UsageError` when there is nothing to go on, when the results are
    about different people or made with another model, when the person is at the
    top level and no target is given, or when too few peers rated to hide them.
    """
    if not results:
        raise UsageError("case_nothing")
    _check_one_person(model, results)
    chosen = latest_per_rater(results)
    basis, decided = deciding_ratings(model, [r for _, r in chosen])
    decided_estimate = estimate(model, decided, track)
    target_id = target if target is not None else decided_estimate.next_level
    if target_id is None:
        raise UsageError(
            "case_at_top", level=decided_estimate.level or "", subject=chosen[0][1].subject or ""
        )
    level = model.level(target_id)
    rating_raters = [r for _, r in chosen if r.rater.role != "agreed"]
    others = [r for _, r in chosen if r.rater.role in OTHER_ROLES]
    peers = [r for r in others if r.rater.role == "peer"]
    grouped: dict[str, PeerSkill] = {}
    if anonymous_peers:
        check_min_peers(len(peers), min_peers)
        grouped = peer_skills(model, [(r.ratings, r.notes) for r in peers])
        shown = [(source, r) for source, r in chosen if r.rater.role != "peer"]
    else:
        shown = chosen
    raters = []
    for source, result in shown:
        est = estimate(model, result.ratings, track)
        share = next(s.met_share for s in est.levels if s.id == target_id)
        raters.append(
            CaseRater(
                result.rater.role,
                result.rater.name,
                source,
                result,
                estimate_out(est, stability(model, result.ratings)),
                share,
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
                raters=sum(item.skill in r.ratings for r in rating_raters),
                unobserved=sum(item.skill not in r.ratings for r in others),
                peers=grouped.get(item.skill),
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
        decided_estimate=estimate_out(decided_estimate, stability(model, decided)),
        target_met=target_state.met,
        others_estimate=_others_estimate(model, others),
        others_range=estimate_range(model, [r.ratings for r in others]),
        others_count=len(others),
        peers=_peers(model, peers, target_id) if anonymous_peers else None,
        look_alike=tuple(
            group
            for group in look_alikes([*other_subjects, chosen[0][1].subject])
            if any(person_key(n) == person_key(chosen[0][1].subject) for n in group.names)
        ),
        lacking=tuple(role for role in CASE_ROLES if all(r.role != role for r in raters)),
        path=()
        if target_state.met
        else tuple((s.skill, s.from_, s.to) for s in path_to_next(model, decided, target_id)),
    )


def _others_estimate(model: LevelModel, others: Sequence[Result]) -> EstimateOut | None:
    """The estimate from the others' ratings, as ``merge`` makes it; ``None`` without any."""
    if not others:
        return None
    means = floor_means(model, [r.ratings for r in others])
    found = estimate_out(estimate(model, means))
    found.not_observed = unobserved(model, means)
    return found


def _peers(model: LevelModel, peers: Sequence[Result], target: str) -> CasePeers:
    """The peers' group estimate (their floor means) and its share of *target*."""
    found = estimate(model, floor_means(model, [r.ratings for r in peers]))
    share = next(s.met_share for s in found.levels if s.id == target)
    return CasePeers(len(peers), estimate_out(found), share)


def _check_one_person(model: LevelModel, results: Sequence[tuple[str, Result]]) -> None:
    """The checks ``merge`` makes (same messages): one subject, the current model."""
    differ = different_people(
        [(source, r.subject) for source, r in results], "case_subjects_differ"
    )
    if differ is not None:
        raise differ
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


def subjects_in(history: Any) -> list[str | None]:
    """Every subject the history holds, once per spelling: for :func:`build_case`'s
    *others*, so that a look-alike name left out is said."""
    return list(history.subjects())


def case_for(
    model: LevelModel,
    data_dir: Path,
    files: Sequence[str],
    subject: str | None,
    *,
    to: str | None = None,
    track: str | None = None,
    lang: str,
    anonymous_peers: bool = False,
    min_peers: int = DEFAULT_MIN_PEERS,
) -> Case:
    """``pmlevel case``: from the named result files or history ids, or else from the
    history (the latest result of each rater of *subject*), for the level *to* (any name
    a user may type for it in *lang*) or the next one. Files and ``--subject`` together
    are a usage error: the files already say whose case it is. From the history, the
    other people it holds are named where one looks like the subject."""
    if files and subject is not None:
        raise UsageError("case_files_and_subject")
    target = model.find_level(to, lang).id if to is not None else None
    track_id = model.find_track(track, lang).id if track is not None else None
    other_subjects: list[str | None] = []
    if files:
        results = read_sources(files, data_dir, model)
    else:
        with History.open(data_dir, readonly=True) as saved:
            results = from_history(saved, subject)
            other_subjects = subjects_in(saved)
    made = build_case(
        model,
        results,
        target=target,
        track=track_id,
        anonymous_peers=anonymous_peers,
        min_peers=min_peers,
        other_subjects=other_subjects,
    )
    return with_evidence(made, data_dir)


def with_evidence(case: Case, data_dir: Path) -> Case:
    """*case* with each skill's evidence from the history (the subject's, any spelling)."""
    import dataclasses

    from pmlevel.growth.evidence import for_skills

    found = for_skills(data_dir, case.subject, [item.skill for item in case.items], latest=None)
    items = tuple(
        dataclasses.replace(item, evidence=found[item.skill].latest)
        if item.skill in found
        else item
        for item in case.items
    )
    return dataclasses.replace(case, items=items)
