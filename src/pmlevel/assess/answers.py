"""Answers files (docs/reference.md#answers-files): ratings given without questions, YAML or JSON.

    ratings: {data-analysis: 3, ...}     # every skill of the model, on its scale
    notes: {data-analysis: "evidence"}   # optional
    subject: Li Lei                      # optional
    rater: {role: self, name: Li Lei}    # optional
    level: senior                        # optional: the level an interview kit was made for

A rating may also carry its note beside it, as an interview scorecard writes it
(``data-analysis: {rating: 3, note: "evidence"}``); a note given both there and in
``notes`` is an error, so that neither is silently lost.

A previous result JSON is accepted too (its extra keys are ignored). Every
problem is reported at once, each by skill id with its line: unknown skills
(with "did you mean"), ratings off the scale, non-integers, booleans, and
missing skills.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pmlevel.assess.people import OTHER_ROLES, ROLES, Role
from pmlevel.errors import InputError, Problem, UsageError
from pmlevel.model.ladder import LevelModel
from pmlevel.model.limits import MAX_NAME_CHARS
from pmlevel.model.validation import closest, sorted_problems, unknown_skill
from pmlevel.model.yaml_reader import Document, read_yaml_file
from pmlevel.store.atomic import write_atomic
from pmlevel.text.safe import clean_line, clean_text


class RaterSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role = "self"
    name: str | None = None


class RatedSkill(BaseModel):
    """A rating with its note beside it (how an interview scorecard is laid out)."""

    model_config = ConfigDict(extra="forbid")
    rating: int | None = Field(
        default=None, description="On the model's scale; empty: not assessed (interviewers)."
    )
    note: str | None = Field(default=None, description="The evidence for this rating.")


class AnswersFile(BaseModel):
    """Ratings for `pmlevel assess --answers FILE`: every skill id of the model.

    A result file (`pmlevel schema result`) is accepted as answers too."""

    model_config = ConfigDict(extra="forbid", title="pmlevel answers")
    ratings: dict[str, int | RatedSkill | None] = Field(
        description="Skill id -> rating on the model's scale; null: could not observe "
        "(any rater but self); or {rating, note}: the rating with its evidence beside it, as "
        "an interview scorecard writes it."
    )
    notes: dict[str, str | None] = Field(
        default_factory=dict, description="Evidence per skill id (optional)."
    )
    subject: str | None = Field(default=None, description="Who is rated (default: you).")
    rater: RaterSpec | None = None
    level: str | None = Field(
        default=None,
        description="The level an interview kit was made for (`pmlevel interview LEVEL "
        "--scorecard FILE` writes it): an interviewer's result is read against this level "
        "(meets N of M core skills), never placed at a level from the skills not assessed. "
        "Any name of a level works (id, alias, name, rank); scorecards without it still load.",
    )


def answers_json_schema() -> dict[str, Any]:
    """The JSON Schema of answers files: the same model the reader takes its keys from."""
    schema = AnswersFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# The one description of the format above; the reader's model-aware checks (skill
# ids, the scale, every problem located) use its keys.
_KEYS = tuple(AnswersFile.model_fields)
_RATER_KEYS = tuple(RaterSpec.model_fields)
_RATED_KEYS = tuple(RatedSkill.model_fields)

# What one result may hold, so that every result pmlevel writes stays well under
# the 1 MiB it reads back (a character is at most 4 bytes of UTF-8 JSON, 12 as an
# escaped surrogate pair): a paragraph of evidence per skill, all together a long
# document; a name of a person as long as a name in a model (MAX_NAME_CHARS).
MAX_NOTE_CHARS = 2000
MAX_NOTES_CHARS = 50_000
# Keys of a result file, which is accepted as answers too.
_RESULT_KEYS = frozenset(
    {
        "schema_version",
        "tool",
        "model",
        "assessed_at",
        "estimate",
        "gaps",
        "path_to_next",
        "sensitivity",
        "warnings",
    }
)


@dataclass
class Answers:
    ratings: dict[str, int]
    notes: dict[str, str] = field(default_factory=dict)
    subject: str | None = None
    rater_role: str | None = None
    rater_name: str | None = None
    level: str | None = None  # the level id an interview kit was made for


def write_answers(path: Path, answers: Answers, model: LevelModel | None = None) -> None:
    """Write *answers* as an answers JSON file (atomically, readable only by you).

    With *model*, each of its skills the ratings leave out is written as ``null``,
    "could not observe", so that another rater's answers read back as they were."""
    rater = RaterSpec(role=answers.rater_role or "self", name=answers.rater_name)
    ratings: dict[str, int | None] = dict(answers.ratings)
    if model is not None:
        ratings = {s.id: answers.ratings.get(s.id) for s in model.skills} | ratings
    data = AnswersFile(
        ratings=ratings,
        notes=dict(answers.notes),
        subject=answers.subject,
        rater=rater,
        level=answers.level,
    )
    write_atomic(path, data.model_dump_json(indent=2, exclude_none=True) + "\n", private=True)


def read_answers(
    path: Path,
    model: LevelModel,
    required: Collection[str] | None = None,
    *,
    role: str | None = None,
) -> Answers:
    """Read and check an answers (or result) file against *model*.

    Every skill must be rated, or only those in *required* (``agree`` needs the
    skills being discussed; the rest it keeps). A rater other than the person may
    leave a skill empty: "could not observe" (:func:`may_leave_unrated`); *role*, when
    given, is the role the ratings are taken as (``--rater``), whatever the file says.
    """
    return check_answers(read_yaml_file(path), model, required, role=role)


def may_leave_unrated(role: str | None) -> bool:
    """Whether a rater in *role* may leave a skill unrated, "could not observe"
    (docs/reference.md#could-not-observe): every rater but the person, and but the agreed
    outcome of a check-in the person took part in. No role is a self-rating."""
    return role in OTHER_ROLES


def unobserved(model: LevelModel, ratings: Mapping[str, int]) -> list[str]:
    """The skills of *model* that *ratings* leave out, in the model's order: an estimate
    from them could not use those skills (it counts them at the lowest rating)."""
    return [skill.id for skill in model.skills if skill.id not in ratings]


def check_answers(
    doc: Document,
    model: LevelModel,
    required: Collection[str] | None = None,
    *,
    role: str | None = None,
) -> Answers:
    data: dict[Any, Any] = doc.data
    problems: list[Problem] = []
    is_result = bool(_RESULT_KEYS & set(data))
    for key in data:
        if key not in _KEYS and not (is_result and key in _RESULT_KEYS):
            problems.append(
                doc.problem(
                    (key,),
                    "unknown_key",
                    at_key=True,
                    key=str(key),
                    allowed=", ".join(_KEYS),
                    suggestion=closest(str(key), list(_KEYS)),
                )
            )

    version = data.get("schema_version", 1)
    if is_result and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        problems.append(
            doc.problem(("schema_version",), "result_bad_version", value=_short(version))
        )
    skill_ids = [skill.id for skill in model.skills]
    # A manager, peer, expert, interviewer or panel member rates what they saw
    # (docs/reference.md#could-not-observe): a skill left empty is "could not observe",
    # never silently a rating. Answers with nothing rated are not filled in yet: each
    # empty rating is named, as for the person.
    rating_as = role
    if rating_as is None:
        given = data.get("rater")
        given = given.get("role") if isinstance(given, dict) else None
        rating_as = given if isinstance(given, str) else "self"
    skipping = may_leave_unrated(rating_as)
    raw, beside, found = split_rated(doc, data.get("ratings"))
    problems += found
    ratings, found = check_ratings(
        doc, raw, model, required=required, allow_empty=skipping, self_rating=rating_as == "self"
    )
    if skipping and not found and not ratings:
        ratings, found = check_ratings(doc, raw, model, required=required)
    problems += found
    notes, found = check_notes(doc, data.get("notes"), skill_ids, beside=beside)
    problems += found
    level, found = check_level(doc, data.get("level"), model)
    problems += found

    subject = data.get("subject")
    if subject is not None and not isinstance(subject, str):
        problems.append(doc.problem(("subject",), "expected_string", value=_short(subject)))
        subject = None
    problems += check_name_length(doc, ("subject",), subject)

    role = name = None
    rater = data.get("rater")
    if isinstance(rater, dict):
        role, name = rater.get("role"), rater.get("name")
        for key in rater:
            if key not in _RATER_KEYS:
                problems.append(
                    doc.problem(
                        ("rater", key),
                        "unknown_key",
                        at_key=True,
                        key=str(key),
                        allowed=", ".join(_RATER_KEYS),
                    )
                )
        if role is not None and role not in ROLES:
            problems.append(
                doc.problem(
                    ("rater", "role"), "bad_role", value=_short(role), roles=", ".join(ROLES)
                )
            )
            role = None
        if name is not None and not isinstance(name, str):
            problems.append(doc.problem(("rater", "name"), "expected_string", value=_short(name)))
            name = None
        problems += check_name_length(doc, ("rater", "name"), name)
    elif rater is not None:
        problems.append(doc.problem(("rater",), "expected_mapping", value=_short(rater)))

    if problems:
        raise InputError(sorted_problems(problems))
    return Answers(
        ratings={skill: ratings[skill] for skill in skill_ids if skill in ratings},
        notes=notes,
        subject=clean_line(subject) if subject else None,
        rater_role=role,
        rater_name=clean_line(name) if name else None,
        level=level,
    )


def split_rated(doc: Document, raw: Any) -> tuple[Any, dict[str, Any], list[Problem]]:
    """The ratings mapping with every ``{rating, note}`` value reduced to its rating, and the
    notes found beside the ratings (skill id -> note as written), with any problem in them."""
    if not isinstance(raw, dict) or not any(isinstance(v, dict) for v in raw.values()):
        return raw, {}, []
    plain: dict[Any, Any] = {}
    beside: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in raw.items():
        if not isinstance(value, dict):
            plain[key] = value
            continue
        for inner in value:
            if inner not in _RATED_KEYS:
                problems.append(
                    doc.problem(
                        ("ratings", key, inner),
                        "unknown_key",
                        at_key=True,
                        key=str(inner),
                        allowed=", ".join(_RATED_KEYS),
                        suggestion=closest(str(inner), list(_RATED_KEYS)),
                    )
                )
        plain[key] = value.get("rating")
        if value.get("note") is not None:
            beside[str(key)] = value["note"]
    return plain, beside, problems


def check_level(doc: Document, raw: Any, model: LevelModel) -> tuple[str | None, list[Problem]]:
    """The level an interview kit was made for, as a level id of *model* (any name of it
    works, as on the command line); ``None`` when not given."""
    if raw is None or raw == "":
        return None, []
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        return None, [doc.problem(("level",), "expected_string", value=_short(raw))]
    try:
        return model.find_level(str(raw)).id, []
    except UsageError:
        choices = ", ".join(level.id for level in model.levels)
        suggestion = model.closest_level(str(raw)) or ""
        found = doc.problem(
            ("level",),
            "answers_unknown_level",
            value=_short(str(raw)),
            choices=choices,
            suggestion=suggestion,
        )
        return None, [found]


def check_ratings(
    doc: Document,
    raw: Any,
    model: LevelModel,
    *,
    required: Collection[str] | None = None,
    require_all: bool = True,
    allow_empty: bool = False,
    self_rating: bool = False,
) -> tuple[dict[str, int], list[Problem]]:
    """The ratings in *raw* (the ``ratings`` mapping of *doc*) checked against *model*.

    Every problem is located: unknown skills (with "did you mean"), values that are
    not integers (booleans included), ratings off the scale, and, with
    *require_all*, skills left out (only those in *required* when given).
    With *allow_empty* (anyone but the person, :func:`may_leave_unrated`), a skill
    given with an empty rating is "could not observe": left out of the ratings, not an
    error; an empty rating in a *self_rating* says that the person rates every skill.
    Answers files and result files alike.
    """
    problems: list[Problem] = []
    skill_ids = [skill.id for skill in model.skills]
    known = set(skill_ids)
    low, high = model.scale.min, model.scale.max
    ratings: dict[str, int] = {}
    if raw is None:
        problems.append(doc.problem(("ratings",), "missing_field", located_at=(), field="ratings"))
        return ratings, problems
    if not isinstance(raw, dict):
        problems.append(doc.problem(("ratings",), "expected_mapping", value=_short(raw)))
        return ratings, problems
    for key, value in raw.items():
        skill = str(key)
        path = ("ratings", key)
        if skill not in known:
            problems.append(unknown_skill(doc, path, skill, skill_ids))
        elif value is None and allow_empty:  # the rater could not observe it
            continue
        elif value is None:  # a scorecard or form not yet filled in, or a self-rating
            name = dict(model.skill(skill).name)
            message = "rating_empty_self" if self_rating else "rating_empty"
            problems.append(doc.problem(path, message, skill=skill, name=name, min=low, max=high))
        elif isinstance(value, bool) or not isinstance(value, int):
            problems.append(
                doc.problem(path, "rating_not_integer", skill=skill, value=_short(value))
            )
        elif not low <= value <= high:
            problems.append(doc.problem(path, "rating_off_scale", rating=value, min=low, max=high))
        else:
            ratings[skill] = value
    if require_all:
        for skill in skill_ids if required is None else [s for s in skill_ids if s in required]:
            if skill not in raw:
                problems.append(
                    doc.problem(
                        ("ratings", skill),
                        "rating_missing",
                        located_at=("ratings",),
                        skill=skill,
                        name=dict(model.skill(skill).name),
                    )
                )
    return ratings, problems


def check_notes(
    doc: Document, raw: Any, skill_ids: list[str], *, beside: dict[str, Any] | None = None
) -> tuple[dict[str, str], list[Problem]]:
    """The notes in *raw*, and those written *beside* the ratings (:func:`split_rated`):
    for known skills, text, each at most :data:`MAX_NOTE_CHARS` and all together at most
    :data:`MAX_NOTES_CHARS` (so that a result always stays small enough to be read back).
    A skill with a note in both places is an error: one of them would be lost."""
    problems: list[Problem] = []
    notes: dict[str, str] = {}
    if raw is not None and not isinstance(raw, dict):
        problems.append(doc.problem(("notes",), "expected_mapping", value=_short(raw)))
        raw = None
    items: list[tuple[Any, Any, tuple[Any, ...]]] = [
        (key, value, ("notes", key)) for key, value in (raw or {}).items()
    ]
    for key, value in (beside or {}).items():
        if key not in skill_ids:  # its rating is reported as an unknown skill already
            continue
        if raw and raw.get(key):
            problems.append(doc.problem(("notes", key), "note_given_twice", skill=key))
            continue
        items.append((key, value, ("ratings", key, "note")))
    known = set(skill_ids)
    total = 0
    for key, value, path in items:
        if str(key) not in known:
            problems.append(unknown_skill(doc, path, str(key), skill_ids))
        elif value is not None and not isinstance(value, str):
            problems.append(doc.problem(path, "expected_string", value=_short(value)))
        elif value:
            note = clean_text(value).strip()
            total += len(note)
            if len(note) > MAX_NOTE_CHARS:
                problems.append(
                    doc.problem(path, "note_too_long", length=len(note), limit=MAX_NOTE_CHARS)
                )
            elif total > MAX_NOTES_CHARS:
                problems.append(doc.problem(path, "notes_too_long", limit=MAX_NOTES_CHARS))
            elif note:
                notes[str(key)] = note
    return notes, problems


def check_name_length(doc: Document, path: tuple[str, ...], value: Any) -> list[Problem]:
    """A subject or rater name of at most :data:`MAX_NAME_CHARS` characters."""
    if isinstance(value, str) and len(value) > MAX_NAME_CHARS:
        return [doc.problem(path, "name_too_long", length=len(value), limit=MAX_NAME_CHARS)]
    return []


def _short(value: Any) -> str:
    text = clean_line(value if isinstance(value, str) else repr(value))
    return text if len(text) <= 40 else text[:39] + "…"
