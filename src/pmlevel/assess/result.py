"""The result of one assessment (SPEC §5): a typed value that the screen, the JSON
export, the history and every later command are made from.

``build_result`` is pure: ratings in, :class:`Result` out. Reading a saved result
back (``report``, ``plan``, ``merge``, ``team``) goes through ``read_result`` so a
hand-edited or foreign file is an error with its location, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError

from pmlevel import __version__
from pmlevel.assess.answers import check_name_length, check_notes, check_ratings
from pmlevel.assess.estimate import Estimate, gaps, path_to_next, sensitivity
from pmlevel.assess.estimate import estimate as run_estimate
from pmlevel.assess.people import HIRING_ROLES, Role
from pmlevel.assess.verdict import verdict
from pmlevel.errors import InputError, UsageError
from pmlevel.model.ladder import LevelModel
from pmlevel.model.validation import problems_from, sorted_problems
from pmlevel.model.yaml_reader import Document, read_yaml_file
from pmlevel.store.atomic import write_atomic
from pmlevel.text.safe import clean_text

RESULT_SCHEMA_VERSION = 1


class _Open(BaseModel):
    """Result files may carry more keys than we read (newer versions, other tools)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


# Every text in a result (a subject, a rater's name, a note, an id) may come from a
# hand-edited file or an option, so it is made inert as it comes in: no screen or
# export made from a result may carry an escape sequence or a bidi override.
# Cleaning means leaving pydantic's fast JSON parser, which `team` reads 10,000
# files with, so raw JSON is first scanned for anything that could decode to such
# a character (an escaped control or format character, C1 controls, bidi marks in
# UTF-8); clean files, nearly all of them, take the fast path.
_MAYBE_UNSAFE = re.compile(
    rb"\\u00[0-9a-fA-F]{2}|\\u20[0-9a-fA-F]{2}|\\u[dD][89a-fA-F]|\\u[fF]{3}[eEfF]"
    rb"|[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]"
    rb"|\xe2\x81[\xa6-\xa9]|\xef\xbf[\xbe\xbf]"
)


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")


def _maybe_unsafe(data: bytes) -> bool:
    """The scan above, with substring tests first: they rule out nearly every file
    in a fraction of the time the full pattern takes (bench: team)."""
    if (
        b"\\u" in data
        or b"\xc2" in data
        or b"\xe2\x80" in data
        or b"\xe2\x81" in data
        or b"\xef\xbf" in data
    ):
        return _MAYBE_UNSAFE.search(data) is not None
    return _CONTROL_BYTES.search(data) is not None


def parse_result_json(raw: bytes | str) -> Result:
    """A result from JSON, its text made inert; raises pydantic's ValidationError."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    if not _maybe_unsafe(data):
        return Result.model_validate_json(data)
    try:
        loaded = json.loads(data)
    except ValueError:
        return Result.model_validate_json(data)  # let pydantic word the JSON error
    return Result.model_validate(_clean(loaded))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


class Tool(_Open):
    name: str = "pmlevel"
    version: str = __version__


class ModelRef(_Open):
    name: str
    sha256: str


class Rater(_Open):
    role: Role = "self"
    name: str | None = None


class ReasonOut(_Open):
    """Why a level is not met (see ``estimate.Reason``)."""

    kind: Literal["core", "shortfall", "share"]
    skills: list[str] = Field(default_factory=list)
    value: float = 0.0
    limit: float = 0.0


class LevelState(_Open):
    id: str
    met: bool
    met_share: float
    shortfall: int
    reasons: list[ReasonOut] = Field(default_factory=list)  # empty when met


class EstimateOut(_Open):
    level: str | None
    next_level: str | None
    readiness: float | None
    levels: list[LevelState]


class GapOut(_Open):
    skill: str
    rating: int
    required: int
    shortfall: int
    weight: float = 1.0
    core: bool = False  # a core skill of the next level


class StepOut(_Open):
    skill: str
    from_: int = Field(alias="from")
    to: int


class FlipOut(_Open):
    skill: str
    from_: int = Field(alias="from")
    to: int
    level: str | None


class Result(_Open):
    """One assessment of one person by one rater against one model."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, title="pmlevel result")

    schema_version: Annotated[int, Strict(), Field(ge=1)] = RESULT_SCHEMA_VERSION
    tool: Tool = Field(default_factory=lambda: Tool())
    model: ModelRef
    assessed_at: dt.datetime
    subject: str | None = None
    rater: Rater = Field(default_factory=lambda: Rater())
    ratings: dict[str, int]
    notes: dict[str, str] = Field(default_factory=dict)
    estimate: EstimateOut
    gaps: list[GapOut] = Field(default_factory=list)
    path_to_next: list[StepOut] = Field(default_factory=list)
    sensitivity: list[FlipOut] = Field(default_factory=list)
    # An interviewer's (or panel member's) result, from a scorecard that says which level
    # its kit was made for: that level, and the ratings read against it (verdict.py).
    level: str | None = Field(
        default=None, description="The level an interview kit was made for (scorecards)."
    )
    verdict: dict[str, Any] | None = Field(
        default=None,
        description="The ratings against `level`: core skills met, below, not assessed, "
        "and a hire signal per skill (strong_yes, yes, no, strong_no, not_assessed).",
    )

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(by_alias=True, indent=indent, exclude=self._unset())

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude=self._unset())

    def _unset(self) -> set[str]:
        """The keys only some results have, left out where they are empty: a result that
        is not an interviewer's reads exactly as before they existed."""
        return {key for key in ("level", "verdict") if getattr(self, key) is None}

    @property
    def points_to_next(self) -> int:
        return sum(step.to - step.from_ for step in self.path_to_next)


def estimate_out(est: Estimate) -> EstimateOut:
    return EstimateOut(
        level=est.level,
        next_level=est.next_level,
        readiness=est.readiness,
        levels=[
            LevelState(
                id=s.id,
                met=s.met,
                met_share=s.met_share,
                shortfall=s.shortfall,
                reasons=[
                    ReasonOut(kind=r.kind, skills=list(r.skills), value=r.value, limit=r.limit)
                    for r in s.reasons
                ],
            )
            for s in est.levels
        ],
    )


def build_result(
    model: LevelModel,
    ratings: dict[str, int],
    *,
    notes: dict[str, str] | None = None,
    subject: str | None = None,
    rater: Rater | None = None,
    assessed_at: dt.datetime | None = None,
    level: str | None = None,
) -> Result:
    """Estimate *ratings* against *model* and put everything a result holds together.

    With *level* (the level an interview kit was made for, a level id of *model*), an
    interviewer's or panel member's result also carries its verdict against that level.
    """
    est = run_estimate(model, ratings)
    chosen = rater or Rater()
    judged = None
    if level is not None and chosen.role in HIRING_ROLES:
        judged = verdict(model, level, ratings).to_json()
    ordered = {skill.id: ratings[skill.id] for skill in model.skills if skill.id in ratings}
    return Result(
        model=ModelRef(name=model.text(model.name, model.default_language), sha256=model.sha256),
        assessed_at=assessed_at or dt.datetime.now().astimezone().replace(microsecond=0),
        subject=_clean(subject),
        rater=_clean_rater(chosen),
        ratings=ordered,
        notes={k: _clean(v) for k, v in (notes or {}).items() if v},
        estimate=estimate_out(est),
        gaps=[
            GapOut(
                skill=g.skill,
                rating=g.rating,
                required=g.required,
                shortfall=g.shortfall,
                weight=g.weight,
                core=g.core,
            )
            for g in gaps(model, ratings, est.next_level)
        ],
        path_to_next=[
            StepOut(skill=s.skill, from_=s.from_, to=s.to)
            for s in path_to_next(model, ratings, est.next_level)
        ],
        sensitivity=[
            FlipOut(skill=f.skill, from_=f.from_, to=f.to, level=f.level)
            for f in sensitivity(model, ratings)
        ],
        level=level if judged is not None else None,
        verdict=judged,
    )


def _clean_rater(rater: Rater) -> Rater:
    if rater.name is not None:
        rater.name = clean_text(rater.name)
    return rater


def result_json_schema() -> dict[str, Any]:
    schema = Result.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def write_result(path: Path, result: Result) -> None:
    """Write *result* as JSON, atomically and readable only by you (it evaluates a person)."""
    write_atomic(path, result.to_json(), private=True)


def read_result(
    path: Path, source: str | None = None, *, model: LevelModel | None = None
) -> Result:
    """Read a result JSON file; problems are :class:`InputError` with their location.

    With *model*, the file is checked against it like an answers file (ratings
    known and on the scale, notes and names within their limits) and everything
    derived from the ratings is computed again (:func:`rederive`): a hand-edited
    level, gap or readiness in the file is never shown.
    """
    result, doc = read_result_document(path, source)
    return result if model is None else rederive(model, result, doc)


def read_result_document(path: Path, source: str | None = None) -> tuple[Result, Any]:
    """A result file's :class:`Result` and the document it was read from (whose
    positions locate any later problem with it, see :func:`rederive`)."""
    doc = _read_document(path, source)
    return result_from_document(doc), doc


def read_results(paths: Sequence[Path], model: LevelModel) -> list[tuple[str, Result]]:
    """Each file's result, each with the name of its file; checked and derived again
    (:func:`rederive`) when they were all made with *model*, as read otherwise (so
    that the caller can say they were made with another model, not a skill at a time).
    """
    docs = [(str(path), _read_document(path)) for path in paths]
    read = [(source, result_from_document(doc)) for source, doc in docs]
    if any(result.model.sha256 != model.sha256 for _, result in read):
        return read
    return [
        (source, rederive(model, result, doc))
        for (source, result), (_, doc) in zip(read, docs, strict=True)
    ]


def _read_document(path: Path, source: str | None = None) -> Any:
    kind = {".md": "Markdown", ".html": "HTML", ".htm": "HTML", ".svg": "SVG"}.get(
        path.suffix.lower()
    )
    if kind is not None:
        raise UsageError("not_a_result_file", path=source or str(path), kind=kind)
    return read_yaml_file(path, source)


def result_from_document(doc: Any) -> Result:
    """The :class:`Result` a parsed file holds; problems located in it (:class:`InputError`)."""
    try:
        return Result.model_validate(_clean(doc.data))
    except ValidationError as exc:
        raise InputError(problems_from(doc, exc, Result)) from None


def rederive(model: LevelModel, result: Result, doc: Any = None) -> Result:
    """*result* with its ratings checked against *model* and everything derived from them
    (estimate, gaps, path, sensitivity) computed again, never taken from the file.

    Raises :class:`InputError`, located in *doc* (the file the result was read from)
    when given, naming the other model when the result was made with one.
    """
    if doc is None:
        doc = Document(f"{result.model.name} ({result.assessed_at.isoformat()})", None)
    data = doc.data if isinstance(doc.data, dict) else {}
    raw_ratings = data.get("ratings", result.ratings) if data else result.ratings
    raw_notes = data.get("notes", result.notes) if data else result.notes
    skill_ids = [skill.id for skill in model.skills]
    _, problems = check_ratings(doc, raw_ratings, model, require_all=False)
    problems += check_notes(doc, raw_notes, skill_ids)[1]
    problems += check_name_length(doc, ("subject",), result.subject)
    problems += check_name_length(doc, ("rater", "name"), result.rater.name)
    if problems:
        if result.model.sha256 != model.sha256:
            problems.append(
                doc.problem(
                    ("model",),
                    "result_other_model",
                    name=result.model.name,
                    sha=result.model.sha256[:8],
                    current=model.sha256[:8],
                )
            )

        raise InputError(sorted_problems(problems))
    kit_level = result.level if result.level in {lv.id for lv in model.levels} else None
    fresh = build_result(
        model,
        result.ratings,
        notes=result.notes,
        subject=result.subject,
        rater=result.rater,
        assessed_at=result.assessed_at,
        level=kit_level,
    )
    return result.model_copy(
        update={
            "ratings": fresh.ratings,
            "notes": fresh.notes,
            "estimate": fresh.estimate,
            "gaps": fresh.gaps,
            "path_to_next": fresh.path_to_next,
            "sensitivity": fresh.sensitivity,
            "level": fresh.level,
            "verdict": fresh.verdict,
        }
    )
