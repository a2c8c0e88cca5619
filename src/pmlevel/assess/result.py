"""An assessment's result (docs/reference.md#the-result-file): the typed value the screen, the JSON
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
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError
from pydantic_core import to_json

from pmlevel import __version__
from pmlevel.assess.checks import check_name_length, check_notes, check_ratings, unobserved
from pmlevel.assess.estimate import (
    Estimate,
    Stability,
    Step,
    gaps,
    path_to_next,
    sensitivity_of,
    stability_of,
)
from pmlevel.assess.estimate import estimate as run_estimate
from pmlevel.assess.people import HIRING_ROLES, Role
from pmlevel.errors import InputError, UsageError
from pmlevel.model.ladder import LevelModel
from pmlevel.model.validation import problems_from, sorted_problems
from pmlevel.model.yaml_reader import Document, read_yaml_file
from pmlevel.store.atomic import write_atomic
from pmlevel.text.safe import clean_text

RESULT_SCHEMA_VERSION = 1


# The default factories of the fields below. Not ``list`` and ``dict`` themselves:
# pydantic asks each factory for its signature as the class is built, and a builtin's
# signature is parsed from its text with ``tokenize`` (its large pattern compiled on
# first use): 20 M of the 1,300 M instructions of `report FILE` (valgrind --tool=callgrind),
# about 4 ms of every command that reads a result.
def _empty_list() -> list[Any]:
    return []


def _empty_dict() -> dict[str, Any]:
    return {}


class _Open(BaseModel):
    """Result files may carry more keys than we read (newer versions, other tools)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


# Every text in a result (a subject, a rater's name, a note, an id) may come from a
# hand-edited file or an option, so it is made inert as it comes in: no screen or
# export made from a result may carry an escape sequence or a bidi override.
# Cleaning means leaving pydantic's fast JSON parser, which `team` reads 10,000
# files with, so raw JSON is first scanned for anything that could decode to such
# a character (an escaped control or format character, C1 controls, bidi marks in
# UTF-8); clean files, nearly all of them, take the fast path. The pattern is compiled
# where first used (re keeps it): a clean file never needs it (7 M instructions of every
# command that reads a result, valgrind; bench/run.py report FILE, plan).
_MAYBE_UNSAFE = (
    rb"\\u00[0-9a-fA-F]{2}|\\u20[0-9a-fA-F]{2}|\\u[dD][89a-fA-F]|\\u[fF]{3}[eEfF]"
    rb"|[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xaa-\xae]"
    rb"|\xe2\x81[\xa6-\xa9]|\xef\xbf[\xbe\xbf]"
)


# The bytes any match of the pattern above starts with: a backslash, the raw control
# characters of its class (all but tab and line feed), and the lead bytes \xc2, \xe2 and
# \xef. A file with none of them (nearly every result) is clean without running the
# pattern; deleting every other byte with a translate, which runs at memory speed, is
# how that is seen (bench: history_scale.py --only import, team).
_STARTS = rb"\\\x00-\x08\x0b-\x1f\x7f\xc2\xe2\xef"
_NOT_A_START = bytes(
    b for b in range(256) if not (b <= 0x08 or 0x0B <= b <= 0x1F or b in b"\\\x7f\xc2\xe2\xef")
)
_A_START = b"[" + _STARTS + b"]"


def _maybe_unsafe(data: bytes) -> bool:
    """Whether *data* may hold a character the pattern above names. Where one of its
    first bytes is found (Chinese punctuation such as “” starts with one), the pattern
    is tried there alone: searched over a whole file it costs 60 times as much."""
    if not data.translate(None, _NOT_A_START):
        return False
    start, unsafe = re.compile(_A_START), re.compile(_MAYBE_UNSAFE)
    found = start.search(data)
    while found is not None:
        if unsafe.match(data, found.start()):
            return True
        found = start.search(data, found.start() + 1)
    return False


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
    skills: list[str] = Field(default_factory=_empty_list)
    value: float = 0.0
    limit: float = 0.0


class LevelState(_Open):
    id: str
    met: bool
    met_share: float
    shortfall: int
    reasons: list[ReasonOut] = Field(default_factory=_empty_list)  # empty when met


class StepOut(_Open):
    skill: str
    from_: int = Field(alias="from")
    to: int


class BlockerOut(_Open):
    """A skill of a level below the current one that falls short there
    (docs/reference.md#the-estimate)."""

    level: str
    skill: str
    rating: int
    required: int
    core: bool = False


class TrackOut(_Open):
    """One track's own estimate along its chain (docs/reference.md#tracks)."""

    track: str
    level: str | None
    next_level: str | None
    readiness: float | None
    path_to_next: list[StepOut] = Field(default_factory=_empty_list)
    core_missing: list[str] = Field(default_factory=_empty_list)  # of next_level, as estimate's


class StabilityOut(_Open):
    """The share of 1,000 draws of small rating changes that keep the level, and the
    10th and 90th percentile levels (docs/reference.md#the-estimate)."""

    same: float
    low: str | None
    high: str | None


class EstimateOut(_Open):
    level: str | None
    next_level: str | None
    readiness: float | None
    levels: list[LevelState]
    # The skills the ratings leave out, "could not observe" (docs/reference.md#the-estimate): the
    # estimate
    # could not use them and counted them at the lowest rating.
    not_observed: list[str] = Field(default_factory=_empty_list)
    track: str | None = None  # the track of `level` (None: a shared level, or no tracks)
    tracks: list[TrackOut] = Field(default_factory=_empty_list)  # one per track; none without
    next_track: str | None = None  # the track next_level, readiness, gaps and path are of
    chosen_track: str | None = None  # the track asked for with --track, kept with the result
    blockers: list[BlockerOut] = Field(default_factory=_empty_list)
    core_missing: list[str] = Field(default_factory=_empty_list)
    stability: StabilityOut | None = None  # None only in results of older versions


class GapOut(_Open):
    skill: str
    rating: int
    required: int
    shortfall: int
    weight: float = 1.0
    core: bool = False  # a core skill of the next level


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
    # Strict: "3", 3.0 or true is no rating, in every reader of results (team's fast
    # path included), as answers.check_ratings says for answers files.
    ratings: dict[str, Annotated[int, Strict()]]
    notes: dict[str, str] = Field(default_factory=_empty_dict)
    estimate: EstimateOut
    gaps: list[GapOut] = Field(default_factory=_empty_list)
    path_to_next: list[StepOut] = Field(default_factory=_empty_list)
    sensitivity: list[FlipOut] = Field(default_factory=_empty_list)
    # "uniform_ratings" (docs/reference.md#the-estimate)
    warnings: list[str] = Field(default_factory=_empty_list)
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


class EstimateInputs(_Open):
    """Of a result's estimate, the one thing not worked out from its ratings: the track
    asked for with ``--track``, which the result keeps."""

    # Built when first used (defer_build): only `team` and `history --import` read
    # inputs alone, and every other command that imports this module paid for it.
    model_config = ConfigDict(extra="ignore", defer_build=True)

    chosen_track: str | None = None


class ResultInputs(_Open):
    """What a result file says that is not worked out from its ratings: the model it was
    made with, when, of whom, by whom, the ratings and notes, the level an interview kit
    was made for and the track asked for. Reading only these (the derived keys are left
    unvalidated) is a third of the work of reading a whole ``Result``, for a reader that
    works everything else out again anyway (``team``, ``history --import``). What is read
    is checked as :class:`Result` checks it (strict ratings, a schema version of 1 or
    more), and a file without an ``estimate`` is not a result here either."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, defer_build=True)

    schema_version: Annotated[int, Strict(), Field(ge=1)] = RESULT_SCHEMA_VERSION
    model: ModelRef
    assessed_at: dt.datetime
    subject: str | None = None
    rater: Rater = Field(default_factory=lambda: Rater())
    ratings: dict[str, Annotated[int, Strict()]]
    notes: dict[str, str] = Field(default_factory=_empty_dict)
    level: str | None = None
    estimate: EstimateInputs


def parse_result_inputs(raw: bytes) -> ResultInputs:
    """:class:`ResultInputs` from a result's JSON, its text made inert like
    :func:`parse_result_json`; raises pydantic's ValidationError."""
    if not _maybe_unsafe(raw):
        return ResultInputs.model_validate_json(raw)
    try:
        loaded = json.loads(raw)
    except ValueError:
        return ResultInputs.model_validate_json(raw)
    return ResultInputs.model_validate(_clean(loaded))


def derive(model: LevelModel, given: ResultInputs, source: str) -> Result:
    """The result *given* describes, everything derived from its ratings worked out with
    *model* (:func:`rederive` for inputs read alone); an :class:`InputError` when its
    ratings, notes or names are not valid for *model*, located in *source*."""
    return Result.model_validate(_derived_data(model, given, source))


def _derived_data(model: LevelModel, given: ResultInputs, source: str) -> dict[str, Any]:
    """:func:`derive`'s result as :func:`result_data`."""
    _check_inputs(model, given, source)
    track, kit_level = _kept(model, given.estimate.chosen_track, given.level)
    return result_data(
        model,
        given.ratings,
        notes=given.notes,
        subject=given.subject,
        rater=given.rater,
        assessed_at=given.assessed_at,
        track=track,
        level=kit_level,
    )


def _kept(
    model: LevelModel, chosen_track: str | None, level: str | None
) -> tuple[str | None, str | None]:
    """What a result estimated again keeps of what it said: the track asked for and the
    level its interview kit was made for, each when *model* still has it."""
    track = chosen_track if chosen_track in {t.id for t in model.tracks} else None
    return track, level if level in {lv.id for lv in model.levels} else None


class Derived(NamedTuple):
    """A result as :func:`derive_json` writes it: its JSON text and what the history's
    columns hold (plain values: one of these is cheap to send between processes)."""

    text: str
    assessed_at: dt.datetime
    subject: str | None
    rater_role: str
    rater_name: str | None
    ratings: dict[str, int]
    level: str | None
    next_level: str | None
    readiness: float | None
    model_name: str
    model_sha256: str


def derive_json(model: LevelModel, given: ResultInputs, source: str) -> Derived:
    """:func:`derive` as the JSON text the history keeps (compact), with the columns it
    keeps beside it (plain values: cheap to send between the import's processes). Written
    from :func:`result_data` without building the result's objects: the same text."""
    data = _derived_data(model, given, source)
    est = data["estimate"]
    rater = data["rater"]
    return Derived(
        to_json(data).decode(),
        data["assessed_at"],
        data["subject"],
        rater["role"],
        rater["name"],
        dict(data["ratings"]),
        est["level"],
        est["next_level"],
        est["readiness"],
        data["model"]["name"],
        data["model"]["sha256"],
    )


def _check_inputs(model: LevelModel, given: ResultInputs, source: str) -> None:
    doc = Document(source, None)
    _, problems = check_ratings(doc, given.ratings, model, require_all=False)
    problems += check_notes(doc, given.notes, [skill.id for skill in model.skills])[1]
    problems += check_name_length(doc, ("subject",), given.subject)
    problems += check_name_length(doc, ("rater", "name"), given.rater.name)
    if problems:
        raise InputError(sorted_problems(problems))


def estimate_out(
    est: Estimate,
    stability: Stability | None = None,
    paths: dict[str, list[Step]] | None = None,
    chosen_track: str | None = None,
) -> EstimateOut:
    """The JSON form of *est*, with its *stability* and each next level's path (*paths*,
    by level id) when they are known."""
    return EstimateOut.model_validate(estimate_data(est, stability, paths, chosen_track))


def estimate_data(
    est: Estimate,
    stability: Stability | None = None,
    paths: dict[str, list[Step]] | None = None,
    chosen_track: str | None = None,
) -> dict[str, Any]:
    """:func:`estimate_out` as plain JSON data, its keys in :class:`EstimateOut`'s order
    (see :func:`result_data`)."""
    paths = paths or {}
    return {
        "level": est.level,
        "next_level": est.next_level,
        "readiness": _float(est.readiness),
        "levels": [
            {
                "id": s.id,
                "met": s.met,
                "met_share": float(s.met_share),
                "shortfall": s.shortfall,
                "reasons": [
                    {
                        "kind": r.kind,
                        "skills": list(r.skills),
                        "value": float(r.value),
                        "limit": float(r.limit),
                    }
                    for r in s.reasons
                ],
            }
            for s in est.levels
        ],
        "not_observed": [],
        "track": est.track,
        "tracks": [
            {
                "track": state.track,
                "level": state.level,
                "next_level": state.next_level,
                "readiness": _float(state.readiness),
                "path_to_next": _steps(paths.get(state.next_level or "", [])),
                "core_missing": list(state.core_missing),
            }
            for state in est.tracks
        ],
        "next_track": est.next_track,
        "chosen_track": chosen_track,
        "blockers": [
            {
                "level": b.level,
                "skill": b.skill,
                "rating": b.rating,
                "required": b.required,
                "core": b.core,
            }
            for b in est.blockers
        ],
        "core_missing": list(est.core_missing),
        "stability": None
        if stability is None
        else {"same": float(stability.same), "low": stability.low, "high": stability.high},
    }


def _float(value: float | None) -> float | None:
    return None if value is None else float(value)


def _steps(steps: Sequence[Step]) -> list[dict[str, Any]]:
    return [{"skill": s.skill, "from": s.from_, "to": s.to} for s in steps]


def build_result(
    model: LevelModel,
    ratings: dict[str, int],
    *,
    notes: dict[str, str] | None = None,
    subject: str | None = None,
    rater: Rater | None = None,
    assessed_at: dt.datetime | None = None,
    track: str | None = None,
    level: str | None = None,
) -> Result:
    """Estimate *ratings* against *model* and put everything a result holds together.

    *track* (a track id of the model) is the track whose next level, readiness, gaps
    and path the result gives (``--track``); it is kept in the result as
    ``estimate.chosen_track``. With *level* (the level an interview kit was made for, a
    level id of *model*), an interviewer's or panel member's result also carries its
    verdict against that level.
    """
    return Result.model_validate(
        result_data(
            model,
            ratings,
            notes=notes,
            subject=subject,
            rater=rater,
            assessed_at=assessed_at,
            track=track,
            level=level,
        )
    )


def result_data(
    model: LevelModel,
    ratings: dict[str, int],
    *,
    notes: dict[str, str] | None = None,
    subject: str | None = None,
    rater: Rater | None = None,
    assessed_at: dt.datetime | None = None,
    track: str | None = None,
    level: str | None = None,
) -> dict[str, Any]:
    """What :func:`build_result` builds, as the plain data of its JSON: the one place a
    result's contents are put together. Its keys come in the order of :class:`Result`'s
    fields, with every default given, so that this data written as JSON
    (``pydantic_core.to_json``, :func:`derive_json`) is the very text
    ``build_result(...).to_json(indent=None)`` writes (tests/test_history_import.py
    holds the two to it): ``history --import`` writes thousands of results a second
    without building the 30-odd pydantic objects of each (``python
    bench/history_scale.py --only import``)."""
    if track is not None and track not in {t.id for t in model.tracks}:
        track = model.find_track(track).id  # a name works too; an unknown one is an error
    est = run_estimate(model, ratings, track)
    paths = {
        next_id: path_to_next(model, ratings, next_id)
        for next_id in {state.next_level for state in est.tracks} | {est.next_level}
        if next_id is not None
    }
    chosen = rater or Rater()
    judged = None
    if level is not None and chosen.role in HIRING_ROLES:
        # Imported here: only an interviewer's result has a verdict, and every command
        # that reads a result paid for the module (python bench/imports.py, report).
        from pmlevel.assess.verdict import verdict

        judged = verdict(model, level, ratings).to_json()
    estimate = estimate_data(est, stability_of(est), paths, track)
    estimate["not_observed"] = unobserved(model, ratings)
    data: dict[str, Any] = {
        "schema_version": RESULT_SCHEMA_VERSION,
        "tool": {"name": "pmlevel", "version": __version__},
        "model": {
            "name": model.text(model.name, model.default_language),
            "sha256": model.sha256,
        },
        "assessed_at": assessed_at or dt.datetime.now().astimezone().replace(microsecond=0),
        "subject": _clean(subject),
        "rater": {
            **chosen.model_dump(),
            "name": None if chosen.name is None else clean_text(chosen.name),
        },
        "ratings": {skill.id: ratings[skill.id] for skill in model.skills if skill.id in ratings},
        "notes": {k: _clean(v) for k, v in (notes or {}).items() if v},
        "estimate": estimate,
        "gaps": [
            {
                "skill": g.skill,
                "rating": g.rating,
                "required": g.required,
                "shortfall": g.shortfall,
                "weight": float(g.weight),
                "core": g.core,
            }
            for g in gaps(model, ratings, est.next_level)
        ],
        "path_to_next": _steps(paths.get(est.next_level or "", [])),
        "sensitivity": [
            {"skill": f.skill, "from": f.from_, "to": f.to, "level": f.level}
            for f in sensitivity_of(est)
        ],
        "warnings": rating_warnings(ratings),
    }
    if judged is not None:
        data["level"] = level
        data["verdict"] = judged
    return data


# Fewer ratings than this say nothing either way about how they were given.
UNIFORM_MIN_RATINGS = 5


def rating_warnings(ratings: dict[str, int]) -> list[str]:
    """``["uniform_ratings"]`` when every rating is the same value, or all but one
    (docs/reference.md#the-estimate): such a pattern usually means the questions were not read one
    by one.
    Only from UNIFORM_MIN_RATINGS ratings up: on a three-skill ladder it is no sign."""
    values = list(ratings.values())
    if len(values) < UNIFORM_MIN_RATINGS:
        return []
    most = max(values.count(value) for value in set(values))
    return ["uniform_ratings"] if most >= len(values) - 1 else []


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


# A result up to this much later than the clock reading it is not "in the future":
# two computers' clocks differ by seconds, a minute at worst.
FUTURE_MARGIN = dt.timedelta(minutes=5)


def result_notes(
    result: Result, now: dt.datetime | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """What is odd about a result read back, each a message id and its values for one
    line: a date in the future (a clock set wrong, or a forged file: it would count as
    the latest), a ``schema_version`` newer than this pmlevel knows (what that version
    added is not read)."""
    notes: list[tuple[str, dict[str, Any]]] = []
    when = result.assessed_at if result.assessed_at.tzinfo else result.assessed_at.astimezone()
    if when > (now or dt.datetime.now(dt.UTC)) + FUTURE_MARGIN:
        notes.append(("result_in_the_future", {"date": when.isoformat(timespec="minutes")}))
    if result.schema_version > RESULT_SCHEMA_VERSION:
        notes.append(
            (
                "result_newer_schema",
                {"version": result.schema_version, "known": RESULT_SCHEMA_VERSION},
            )
        )
    return notes


# The same notes about one of several results, naming where it came from.
NOTES_NAMING_THE_SOURCE = {
    "result_in_the_future": "result_in_the_future_in",
    "result_newer_schema": "result_newer_schema_in",
}


def result_notes_in(source: str, result: Result) -> list[tuple[str, dict[str, Any]]]:
    """:func:`result_notes` for one of several results (``merge``, ``case``), naming *source*."""
    return [
        (NOTES_NAMING_THE_SOURCE[key], {**params, "source": source})
        for key, params in result_notes(result)
    ]


def rederive(
    model: LevelModel, result: Result, doc: Any = None, *, track: str | None = None
) -> Result:
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
    # The track asked for: *track*, else the one kept with the result when this model has it.
    kept, kit_level = _kept(model, result.estimate.chosen_track, result.level)
    track = track if track is not None else kept
    fresh = build_result(
        model,
        result.ratings,
        notes=result.notes,
        subject=result.subject,
        rater=result.rater,
        assessed_at=result.assessed_at,
        track=track,
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
            "warnings": fresh.warnings,
            "level": fresh.level,
            "verdict": fresh.verdict,
        }
    )
