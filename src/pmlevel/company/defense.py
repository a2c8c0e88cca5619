"""The promotion defence (晋升答辩, ``pmlevel case --defense``): what to say, in how long,
and the questions a panel will ask (docs/reference.md#the-promotion-defence).

Built from a :class:`~pmlevel.company.case.Case` (with its evidence):

- **A timed outline** in four parts: the opening; the results for each core skill of
  the target level (every expected skill when the level names no core ones), each with
  its evidence; the gaps and the plan (the cheapest path to the target); questions.
  Minutes per part are fixed (:data:`MINUTES`), the results part two per skill, so the
  whole is what a panel usually gives: about twenty minutes.
- **The questions to prepare**: for every skill still missing, or met with no point to
  spare (the deciding rating equals the requirement: one point lower and it would be
  missing), that skill's interview questions at the target level, with what a good
  answer shows and what falls short (the interview kit's, :mod:`pmlevel.company.interview`).

Pure: a case in, a :class:`Defense` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pmlevel.company.case import Case, CaseItem, case_for
from pmlevel.company.interview import KitSkill, interview_kit
from pmlevel.errors import UsageError
from pmlevel.growth.others import DEFAULT_MIN_PEERS
from pmlevel.model.ladder import LevelModel

Part = Literal["opening", "results", "gaps", "questions"]
# Minutes of each part; the results part takes MINUTES_PER_SKILL per skill instead.
MINUTES: dict[Part, int] = {"opening": 3, "results": 0, "gaps": 4, "questions": 10}
MINUTES_PER_SKILL = 2
# The pieces of evidence named per skill in the outline (verified ones first).
EVIDENCE_PER_SKILL = 3


@dataclass(frozen=True, slots=True)
class OutlinePart:
    part: Part
    minutes: int
    items: tuple[CaseItem, ...] = ()  # the skills it covers (results: core; gaps: missing)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A skill the panel will probe: missing, or met with no point to spare."""

    item: CaseItem
    status: Literal["missing", "no_margin"]
    kit: KitSkill


@dataclass(frozen=True, slots=True)
class Defense:
    case: Case
    outline: tuple[OutlinePart, ...]
    prepare: tuple[Prepared, ...]

    @property
    def minutes(self) -> int:
        return sum(part.minutes for part in self.outline)

    def to_json(self, model: LevelModel, lang: str) -> dict[str, Any]:
        """``case --defense --json``: the case's keys and ``defense``
        (docs/reference.md#the-promotion-defence)."""
        return {
            **self.case.to_json(),
            "defense": {
                "minutes": self.minutes,
                "outline": [
                    {
                        "part": part.part,
                        "minutes": part.minutes,
                        "skills": [
                            {
                                "skill": item.skill,
                                "required": item.required,
                                "decided": item.decided,
                                "met": item.met,
                                "evidence": [piece.id for piece in shown_evidence(item)],
                            }
                            for item in part.items
                        ],
                    }
                    for part in self.outline
                ],
                "questions": [
                    {
                        "skill": p.item.skill,
                        "required": p.item.required,
                        "decided": p.item.decided,
                        "status": p.status,
                        "questions": [model.text(q, lang) for q in p.kit.questions],
                        "good": model.text(p.kit.good, lang) or None,
                        "short": model.text(p.kit.short, lang) or None,
                    }
                    for p in self.prepare
                ],
            },
        }


def shown_evidence(item: CaseItem) -> tuple[Any, ...]:
    """The pieces the outline names for *item*: verified first, then the newest."""
    ordered = sorted(item.evidence, key=lambda piece: not piece.verified)  # stable: newest first
    return tuple(ordered[:EVIDENCE_PER_SKILL])


def build_defense(model: LevelModel, case: Case) -> Defense:
    """The outline and the questions to prepare for *case* (see the module notes)."""
    core = tuple(item for item in case.items if item.core) or case.items
    missing = tuple(item for item in case.items if not item.met)
    outline = (
        OutlinePart("opening", MINUTES["opening"]),
        OutlinePart("results", MINUTES_PER_SKILL * len(core), core),
        OutlinePart("gaps", MINUTES["gaps"], missing),
        OutlinePart("questions", MINUTES["questions"]),
    )
    kit = {s.skill: s for s in interview_kit(model, case.target, everything=True).skills}
    prepare = []
    for item in case.items:
        if item.skill not in kit:
            continue
        if not item.met:
            prepare.append(Prepared(item, "missing", kit[item.skill]))
        elif item.decided == item.required:
            prepare.append(Prepared(item, "no_margin", kit[item.skill]))
    return Defense(case, outline, tuple(prepare))


# What case_for says when it has no result of the person to build on.
_NO_RESULTS = frozenset({"case_nothing", "case_no_history"})


def defense_for(
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
) -> Defense:
    """``case --defense``: the case of :func:`~pmlevel.company.case.case_for` and its
    defence. No result of the person is a :class:`UsageError` (``defense_no_results``)
    that says how to make one: a defence stands on the case's ratings."""
    try:
        case = case_for(
            model,
            data_dir,
            files,
            subject,
            to=to,
            track=track,
            lang=lang,
            anonymous_peers=anonymous_peers,
            min_peers=min_peers,
        )
    except UsageError as exc:
        if exc.message not in _NO_RESULTS:
            raise
        who = exc.params.get("subject") or subject or "me"
        raise UsageError("defense_no_results", subject=who) from None
    return build_defense(model, case)
