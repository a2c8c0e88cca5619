"""What answers files and result files are both checked for (docs/reference.md#answers-files):
ratings on the model's scale, notes and names of bounded length, and which skills the
ratings leave out.

Plain functions over a parsed document, with no pydantic class in sight: a result file is
read through :mod:`pmlevel.assess.result` and an answers file through
:mod:`pmlevel.assess.answers`, and ``report FILE`` should not build the answers file's
classes to check a result's ratings (``python bench/imports.py --detail report``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pmlevel.errors import Problem
from pmlevel.model.ladder import LevelModel
from pmlevel.model.limits import MAX_NAME_CHARS
from pmlevel.model.validation import unknown_skill
from pmlevel.model.yaml_reader import Document
from pmlevel.text.safe import clean_line, clean_text

# What one result may hold, so that every result pmlevel writes stays well under
# the 1 MiB it reads back (a character is at most 4 bytes of UTF-8 JSON, 12 as an
# escaped surrogate pair): a paragraph of evidence per skill, all together a long
# document; a name of a person as long as a name in a model (MAX_NAME_CHARS).
MAX_NOTE_CHARS = 2000
MAX_NOTES_CHARS = 50_000


def unobserved(model: LevelModel, ratings: Mapping[str, int]) -> list[str]:
    """The skills of *model* that *ratings* leave out, in the model's order: an estimate
    from them could not use those skills (it counts them at the lowest rating)."""
    return [skill.id for skill in model.skills if skill.id not in ratings]


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
        problems.append(doc.problem(("ratings",), "expected_mapping", value=short_value(raw)))
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
                doc.problem(path, "rating_not_integer", skill=skill, value=short_value(value))
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
        problems.append(doc.problem(("notes",), "expected_mapping", value=short_value(raw)))
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
            problems.append(doc.problem(path, "expected_string", value=short_value(value)))
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


def short_value(value: Any) -> str:
    """*value* as one short line for a message: cleaned, at most 40 characters."""
    text = clean_line(value if isinstance(value, str) else repr(value))
    return text if len(text) <= 40 else text[:39] + "…"
