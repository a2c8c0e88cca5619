"""Several raters' results for one person, side by side (``pmlevel merge``).

Self and others are kept apart on purpose: the self-estimate comes from the
self-rating alone and the others' estimate from the others' ratings alone (each
skill taking the mean of the others, rounded down, so one generous rater cannot
lift a skill a whole point). The two are never averaged together: the point of
asking a manager and peers is to see where they differ from you.

How far to trust the others (docs/reference.md#the-estimate, :mod:`pmlevel.growth.others`): per
skill how
many rated it (a rater who could not observe it does not count) and how far the
others agree (r_wg); a range for the others' estimate from resampling them; and, with
``anonymous_peers``, the peers as one column of means with their notes unnamed.

No I/O beyond reading the files, no terminal: the CLI renders a :class:`Merge`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pmlevel.assess.checks import unobserved
from pmlevel.assess.estimate import estimate, stability
from pmlevel.assess.people import HIRING_ROLES, ROLES, different_people, person_key
from pmlevel.assess.result import EstimateOut, Result, estimate_out
from pmlevel.assess.verdict import Verdict, verdict
from pmlevel.errors import UsageError
from pmlevel.growth.others import (
    DEFAULT_MIN_PEERS,
    LevelRange,
    PeerSkill,
    agreement,
    check_min_peers,
    estimate_range,
    peer_skills,
)
from pmlevel.model.ladder import LevelModel

Flag = Literal["blind_spot", "hidden_strength"]

# Self this far from the others' mean is worth a conversation (docs/reference.md#merge-json).
FLAG_DISTANCE = 2

_ROLE_ORDER = {role: rank for rank, role in enumerate(ROLES)}
# Roles of whom only the latest result counts, whatever name it carries.
_ONE_EACH = frozenset({"self", "agreed"})


@dataclass(frozen=True, slots=True)
class RaterEntry:
    """One rater whose result takes part in the merge."""

    role: str
    name: str | None
    source: str
    result: Result


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A result given to the merge but not used, and why (``reason`` is a message id)."""

    source: str
    reason: str
    kept: str  # the source of the result used instead
    role: str = ""  # the rater's role


@dataclass(frozen=True, slots=True)
class SkillRow:
    skill: str
    ratings: tuple[int | None, ...]  # one per rater, in the order of Merge.raters
    spread: int
    flag: Flag | None
    others_mean: float | None
    agreed: int | None = None  # the agreed rating of a check-in: shown, never estimated
    raters: int = 0  # how many rated it ("could not observe" does not count)
    unobserved: int = 0  # how many others could not observe it
    agreement: float | None = None  # r_wg of the others' ratings, None with fewer than two
    peers: PeerSkill | None = None  # the peers as one group (anonymous_peers)


@dataclass(frozen=True, slots=True)
class Merge:
    subject: str | None
    model_name: str
    model_sha256: str
    raters: tuple[RaterEntry, ...]
    skills: tuple[SkillRow, ...]
    self_estimate: EstimateOut | None
    others_estimate: EstimateOut | None
    others_ratings: dict[str, int]  # the floor means the others' estimate rests on
    agreed: RaterEntry | None = None  # the outcome of ``agree``, on its own row
    agreed_estimate: EstimateOut | None = None
    left_out: tuple[LeftOut, ...] = ()
    others_count: int = 0  # the others the others' estimate rests on
    others_range: LevelRange | None = None  # None with fewer than two others
    peers: int | None = None  # how many peers, when they are shown as one anonymous group
    peers_left_out: int = 0  # older results of the same peers, not named when anonymous
    # A merge of interviewers' (or panel members') scorecards that name their kit's
    # level: each one's verdict against it, and the group's from the ratings the others'
    # estimate rests on (each skill's mean, rounded down) when they share one level.
    verdicts: tuple[tuple[RaterEntry, Verdict], ...] = ()
    verdict: Verdict | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``merge --json`` document of docs/reference.md#files (plus ``model`` and each
        rater's date)."""
        raters: list[dict[str, Any]] = [
            {
                "role": r.role,
                "name": r.name,
                "assessed_at": r.result.assessed_at.isoformat(),
                "file": r.source,
            }
            for r in self.raters
        ]
        if self.peers is not None:
            raters.append({"role": "peer", "name": None, "anonymous": True, "count": self.peers})
        others = _estimate_json(self.others_estimate)
        if others is not None:
            others["range"] = None if self.others_range is None else self.others_range.to_json()
        return {
            "subject": self.subject,
            "model": {"name": self.model_name, "sha256": self.model_sha256},
            "raters": raters,
            "anonymous_peers": self.peers is not None,
            "skills": [
                {
                    "skill": row.skill,
                    "ratings": [
                        *(
                            {"role": r.role, "name": r.name, "rating": rating}
                            for r, rating in zip(self.raters, row.ratings, strict=True)
                        ),
                        *_peer_json(row.peers),
                    ],
                    "raters": row.raters,
                    "unobserved": row.unobserved,
                    "agreement": None if row.agreement is None else round(row.agreement, 4),
                    "spread": row.spread,
                    "flag": row.flag,
                    "agreed": row.agreed,
                }
                for row in self.skills
            ],
            "self_estimate": _estimate_json(self.self_estimate),
            "others_estimate": others,
            "others_ratings": self.others_ratings,
            "agreed": None
            if self.agreed is None
            else {
                "rater": self.agreed.result.rater.model_dump(mode="json"),
                "assessed_at": self.agreed.result.assessed_at.isoformat(),
                "file": self.agreed.source,
                "estimate": _estimate_json(self.agreed_estimate),
            },
            "left_out": [
                {"file": x.source, "reason": x.reason.removeprefix("merge_left_"), "kept": x.kept}
                for x in self.left_out
            ],
            "peers_left_out": self.peers_left_out,
            **self._verdicts_json(),
        }

    def _verdicts_json(self) -> dict[str, Any]:
        """``verdicts`` (one per interviewer) and ``verdict`` (the group's), for a hiring
        merge whose scorecards name their level; absent otherwise."""
        if not self.verdicts:
            return {}
        return {
            "verdicts": [
                {"role": r.role, "name": r.name, "verdict": v.to_json()} for r, v in self.verdicts
            ],
            "verdict": None if self.verdict is None else self.verdict.to_json(),
        }


def _estimate_json(value: EstimateOut | None) -> dict[str, Any] | None:
    return None if value is None else value.model_dump(mode="json", by_alias=True)


def _peer_json(peers: PeerSkill | None) -> list[dict[str, Any]]:
    """The anonymous peers' entry among a skill's ratings: their mean, how many rated it,
    and their notes (no names, no order to trace)."""
    if peers is None:
        return []
    mean = None if peers.mean is None else round(peers.mean, 2)
    return [
        {
            "role": "peer",
            "name": None,
            "rating": mean,
            "count": peers.rated,
            "notes": [*peers.notes],
        }
    ]


def flag_for(self_rating: int, others_mean: float) -> Flag | None:
    """``blind_spot`` when self is 2+ above the others' mean, ``hidden_strength`` when 2+ below."""
    if self_rating - others_mean >= FLAG_DISTANCE:
        return "blind_spot"
    if others_mean - self_rating >= FLAG_DISTANCE:
        return "hidden_strength"
    return None


def _raters(results: Sequence[tuple[str, Result]]) -> tuple[list[RaterEntry], list[LeftOut]]:
    """One entry per rater: the latest self-rating, the latest agreed result, and the
    latest result of each named other; and what was left out for it.

    The same manager rating twice is one opinion, not two, so a named rater's
    older results are dropped (and said so); unnamed peers cannot be told apart
    and all count.
    """
    latest: dict[tuple[str, str | None], tuple[int, str, Result]] = {}
    dropped: list[tuple[tuple[str, str | None], str]] = []
    for order, (source, result) in enumerate(results):
        role = result.rater.role
        name = result.rater.name
        if role in _ONE_EACH:
            key: tuple[str, str | None] = (role, None)
        elif name:
            key = (role, person_key(name))
        else:
            key = (role, f"#{order}")
        kept = latest.get(key)
        if kept is None or result.assessed_at.timestamp() >= kept[2].assessed_at.timestamp():
            if kept is not None:
                dropped.append((key, kept[1]))
            latest[key] = (order, source, result)
        else:
            dropped.append((key, source))
    chosen = sorted(latest.values(), key=lambda item: (_ROLE_ORDER[item[2].rater.role], item[0]))
    left_out = [
        LeftOut(
            source,
            f"merge_left_older_{'self' if key[0] == 'self' else 'rater'}",
            latest[key][1],
            key[0],
        )
        for key, source in dropped
    ]
    return [RaterEntry(r.rater.role, r.rater.name, source, r) for _, source, r in chosen], left_out


def merge_results(
    model: LevelModel,
    results: Sequence[tuple[str, Result]],
    *,
    anonymous_peers: bool = False,
    min_peers: int = DEFAULT_MIN_PEERS,
) -> Merge:
    """Merge *results* (each with the name of its file) for one subject, made with *model*.

    Results about different subjects (ignoring case) or made with different
    models are a :class:`UsageError` naming the files, as are results made with
    a model other than *model*: their ratings would be read against the wrong ladder.
    With *anonymous_peers* the peers are one group (their means and unnamed notes),
    refused when fewer than *min_peers* peers rated.
    """
    if not results:
        raise UsageError("merge_nothing")
    differ = different_people([(source, r.subject) for source, r in results])
    if differ is not None:
        raise differ
    shas = {r.model.sha256 for _, r in results}
    if len(shas) > 1:
        files = "; ".join(f"{source} ({r.model.sha256[:8]})" for source, r in results)
        raise UsageError("merge_models_differ", files=files)
    (sha,) = shas
    if sha != model.sha256:
        files = "; ".join(source for source, _ in results)
        raise UsageError(
            "merge_other_model",
            files=files,
            name=results[0][1].model.name,
            sha=sha[:8],
            current=model.sha256[:8],
        )

    raters, left_out = _raters(results)
    agreed = next((r for r in raters if r.role == "agreed"), None)
    raters = [r for r in raters if r.role != "agreed"]
    self_entry = next((r for r in raters if r.role == "self"), None)
    others = [r for r in raters if r.role != "self"]
    peers = [r for r in others if r.role == "peer"]
    grouped: dict[str, PeerSkill] = {}
    if anonymous_peers:
        check_min_peers(len(peers), min_peers)
        grouped = peer_skills(model, [(r.result.ratings, r.result.notes) for r in peers])
        shown = [r for r in raters if r.role != "peer"]
    else:
        shown = raters

    rows: list[SkillRow] = []
    others_ratings: dict[str, int] = {}
    low, high = model.scale.min, model.scale.max
    for skill in model.skills:
        given = [x for x in (r.result.ratings.get(skill.id) for r in raters) if x is not None]
        agreed_rating = agreed.result.ratings.get(skill.id) if agreed else None
        if not given and agreed_rating is None:
            continue
        other_values = [
            x for x in (r.result.ratings.get(skill.id) for r in others) if x is not None
        ]
        mean = sum(other_values) / len(other_values) if other_values else None
        if mean is not None:
            others_ratings[skill.id] = math.floor(mean)
        own = self_entry.result.ratings.get(skill.id) if self_entry else None
        flag = flag_for(own, mean) if own is not None and mean is not None else None
        spread = max(given) - min(given) if given else 0
        rows.append(
            SkillRow(
                skill.id,
                tuple(r.result.ratings.get(skill.id) for r in shown),
                spread,
                flag,
                mean,
                agreed_rating,
                raters=len(given),
                unobserved=len(others) - len(other_values),
                agreement=agreement(other_values, low, high),
                peers=grouped.get(skill.id),
            )
        )

    self_estimate = _estimate(model, self_entry.result.ratings) if self_entry else None
    others_estimate = None
    if others:
        others_estimate = _estimate(model, others_ratings)
        others_estimate.not_observed = unobserved(model, others_ratings)
    others_range = estimate_range(model, [r.result.ratings for r in others])
    agreed_estimate = _estimate(model, agreed.result.ratings) if agreed else None
    first = self_entry.result if self_entry else results[0][1]
    verdicts, group = _verdicts(model, raters, others_ratings)
    return Merge(
        subject=first.subject,
        model_name=first.model.name,
        model_sha256=sha,
        raters=tuple(shown),
        skills=tuple(rows),
        self_estimate=self_estimate,
        others_estimate=others_estimate,
        others_ratings=others_ratings,
        agreed=agreed,
        agreed_estimate=agreed_estimate,
        left_out=tuple(x for x in left_out if not (anonymous_peers and x.role == "peer")),
        others_count=len(others),
        others_range=others_range,
        peers=len(peers) if anonymous_peers else None,
        peers_left_out=sum(x.role == "peer" for x in left_out) if anonymous_peers else 0,
        verdicts=verdicts,
        verdict=group,
    )


def _estimate(model: LevelModel, ratings: dict[str, int]) -> EstimateOut:
    """An estimate as a result carries it, stability included (docs/reference.md#stability)."""
    return estimate_out(estimate(model, ratings), stability(model, ratings))


def _verdicts(
    model: LevelModel, raters: Sequence[RaterEntry], others_ratings: dict[str, int]
) -> tuple[tuple[tuple[RaterEntry, Verdict], ...], Verdict | None]:
    """Each hiring rater's verdict against the level their scorecard names, and the group's
    when every rater is one and they name one level (see :class:`Merge`)."""
    known = {level.id for level in model.levels}
    found = tuple(
        (r, verdict(model, r.result.level, r.result.ratings))
        for r in raters
        if r.role in HIRING_ROLES and r.result.level in known and r.result.level is not None
    )
    levels = {v.level for _, v in found}
    if len(found) != len(raters) or len(levels) != 1:
        return found, None
    (level,) = levels
    return found, verdict(model, level, others_ratings)


def merge_sources(
    model: LevelModel,
    names: Sequence[str],
    data_dir: Path,
    *,
    subject: str | None = None,
    anonymous_peers: bool = False,
    min_peers: int = DEFAULT_MIN_PEERS,
) -> Merge:
    """``pmlevel merge``: the results named (files or history ids) merged. Fewer than two
    is a usage error before anything is read: one rater's result is a report, not a
    comparison (``pmlevel report`` shows it)."""
    return merge_read(
        model,
        names,
        data_dir,
        subject=subject,
        anonymous_peers=anonymous_peers,
        min_peers=min_peers,
    )[0]


def merge_read(
    model: LevelModel,
    names: Sequence[str],
    data_dir: Path,
    *,
    subject: str | None = None,
    anonymous_peers: bool = False,
    min_peers: int = DEFAULT_MIN_PEERS,
) -> tuple[Merge, list[tuple[str, Result]]]:
    """:func:`merge_sources`, and every result it read (to record the returned forms);
    with *subject* (``--subject``) each is read as that person's
    (:func:`pmlevel.growth.recording.read_about`)."""
    from pmlevel.growth.recording import read_about

    if len(names) < 2:
        raise UsageError("merge_needs_two", count=len(names))
    results = read_about(model, names, data_dir, subject)
    merged = merge_results(model, results, anonymous_peers=anonymous_peers, min_peers=min_peers)
    return merged, results
