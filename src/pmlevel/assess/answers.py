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

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pmlevel.assess.checks import check_name_length, check_notes, check_ratings, short_value
from pmlevel.assess.people import OTHER_ROLES, ROLES, Role
from pmlevel.errors import InputError, Problem, UsageError
from pmlevel.model.ladder import LevelModel
from pmlevel.model.validation import closest, sorted_problems
from pmlevel.model.yaml_reader import Document, read_yaml_file
from pmlevel.store.atomic import write_atomic
from pmlevel.text.safe import clean_line


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
            doc.problem(("schema_version",), "result_bad_version", value=short_value(version))
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
        problems.append(doc.problem(("subject",), "expected_string", value=short_value(subject)))
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
                    ("rater", "role"), "bad_role", value=short_value(role), roles=", ".join(ROLES)
                )
            )
            role = None
        if name is not None and not isinstance(name, str):
            problems.append(
                doc.problem(("rater", "name"), "expected_string", value=short_value(name))
            )
            name = None
        problems += check_name_length(doc, ("rater", "name"), name)
    elif rater is not None:
        problems.append(doc.problem(("rater",), "expected_mapping", value=short_value(rater)))

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
        return None, [doc.problem(("level",), "expected_string", value=short_value(raw))]
    try:
        return model.find_level(str(raw)).id, []
    except UsageError:
        choices = ", ".join(level.id for level in model.levels)
        suggestion = model.closest_level(str(raw)) or ""
        found = doc.problem(
            ("level",),
            "answers_unknown_level",
            value=short_value(str(raw)),
            choices=choices,
            suggestion=suggestion,
        )
        return None, [found]
