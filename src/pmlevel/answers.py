"""Answers files (SPEC §5): ratings a person gives without being asked, YAML or JSON.

    ratings: {data-analysis: 3, ...}     # every skill of the model, on its scale
    notes: {data-analysis: "evidence"}   # optional
    subject: Li Lei                      # optional
    rater: {role: self, name: Li Lei}    # optional

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

from pmlevel.errors import InputError, Problem
from pmlevel.model import LevelModel
from pmlevel.people import ROLES, Role
from pmlevel.textsafe import clean_line, clean_text
from pmlevel.validation import closest, sorted_problems
from pmlevel.yaml_reader import Document, read_yaml_file


class RaterSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role = "self"
    name: str | None = None


class AnswersFile(BaseModel):
    """Ratings for `pmlevel assess --answers FILE`: every skill id of the model.

    A result file (`pmlevel schema result`) is accepted as answers too."""

    model_config = ConfigDict(extra="forbid", title="pmlevel answers")
    ratings: dict[str, int] = Field(description="Skill id -> rating on the model's scale.")
    notes: dict[str, str | None] = Field(
        default_factory=dict, description="Evidence per skill id (optional)."
    )
    subject: str | None = Field(default=None, description="Who is rated (default: you).")
    rater: RaterSpec | None = None


def answers_json_schema() -> dict[str, Any]:
    """The JSON Schema of answers files: the same model the reader takes its keys from."""
    schema = AnswersFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# The one description of the format above; the reader's model-aware checks (skill
# ids, the scale, every problem located) use its keys.
_KEYS = tuple(AnswersFile.model_fields)
_RATER_KEYS = tuple(RaterSpec.model_fields)
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
    }
)


@dataclass
class Answers:
    ratings: dict[str, int]
    notes: dict[str, str] = field(default_factory=dict)
    subject: str | None = None
    rater_role: str | None = None
    rater_name: str | None = None


def write_answers(path: Path, answers: Answers) -> None:
    """Write *answers* as an answers JSON file (atomically, readable only by you)."""
    from pmlevel.atomic import write_atomic

    rater = RaterSpec(role=answers.rater_role or "self", name=answers.rater_name)
    data = AnswersFile(
        ratings=answers.ratings, notes=dict(answers.notes), subject=answers.subject, rater=rater
    )
    write_atomic(path, data.model_dump_json(indent=2, exclude_none=True) + "\n", private=True)


def read_answers(path: Path, model: LevelModel, required: Collection[str] | None = None) -> Answers:
    """Read and check an answers (or result) file against *model*.

    Every skill must be rated, or only those in *required* (``agree`` needs the
    skills being discussed; the rest it keeps).
    """
    return check_answers(read_yaml_file(path), model, required)


def check_answers(
    doc: Document, model: LevelModel, required: Collection[str] | None = None
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

    skill_ids = [skill.id for skill in model.skills]
    low, high = model.scale.min, model.scale.max
    ratings: dict[str, int] = {}
    raw = data.get("ratings")
    if raw is None:
        problems.append(doc.problem(("ratings",), "missing_field", located_at=(), field="ratings"))
    elif not isinstance(raw, dict):
        problems.append(doc.problem(("ratings",), "expected_mapping", value=_short(raw)))
    else:
        for key, value in raw.items():
            skill = str(key)
            path = ("ratings", key)
            if skill not in skill_ids:
                problems.append(
                    doc.problem(
                        path,
                        "unknown_skill",
                        at_key=True,
                        skill=skill,
                        suggestion=closest(skill, skill_ids),
                    )
                )
            elif value is None:  # a scorecard or form not yet filled in
                problems.append(doc.problem(path, "rating_empty", skill=skill, min=low, max=high))
            elif isinstance(value, bool) or not isinstance(value, int):
                problems.append(
                    doc.problem(path, "rating_not_integer", skill=skill, value=_short(value))
                )
            elif not low <= value <= high:
                problems.append(
                    doc.problem(path, "rating_off_scale", rating=value, min=low, max=high)
                )
            else:
                ratings[skill] = value
        for skill in skill_ids if required is None else [s for s in skill_ids if s in required]:
            if skill not in raw:
                problems.append(
                    doc.problem(
                        ("ratings", skill), "rating_missing", located_at=("ratings",), skill=skill
                    )
                )

    notes: dict[str, str] = {}
    raw_notes = data.get("notes")
    if isinstance(raw_notes, dict):
        for key, value in raw_notes.items():
            path = ("notes", key)
            if str(key) not in skill_ids:
                problems.append(
                    doc.problem(
                        path,
                        "unknown_skill",
                        at_key=True,
                        skill=str(key),
                        suggestion=closest(str(key), skill_ids),
                    )
                )
            elif value is not None and not isinstance(value, str):
                problems.append(doc.problem(path, "expected_string", value=_short(value)))
            elif value:
                notes[str(key)] = clean_text(value).strip()
    elif raw_notes is not None:
        problems.append(doc.problem(("notes",), "expected_mapping", value=_short(raw_notes)))

    subject = data.get("subject")
    if subject is not None and not isinstance(subject, str):
        problems.append(doc.problem(("subject",), "expected_string", value=_short(subject)))
        subject = None

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
    )


def _short(value: Any) -> str:
    text = clean_line(value if isinstance(value, str) else repr(value))
    return text if len(text) <= 40 else text[:39] + "…"
