"""Pydantic's validation errors, as located problems in the user's language.

Used for every file we validate with a pydantic model (models, results): each
error's ``loc`` becomes a path like ``levels[2].name``, the document gives its
line and column, and its type becomes one of our message ids.
"""

from __future__ import annotations

import difflib
from typing import Any, get_args

from pydantic import BaseModel

from pmlevel.errors import Problem
from pmlevel.model.yaml_reader import Document, PathKey
from pmlevel.text.safe import clean_line


def problems_from(doc: Document, exc: Any, root: Any) -> list[Problem]:
    """Every error of a pydantic ``ValidationError`` for *root*, sorted by position."""
    return sorted_problems([translate(doc, error, root) for error in exc.errors()])


# pydantic error types -> our message ids (the catalogue has them in every language)
_ERROR_IDS = {
    "missing": "missing_field",
    "extra_forbidden": "unknown_key",
    "int_type": "expected_integer",
    "int_parsing": "expected_integer",
    "int_from_float": "expected_integer",
    "float_type": "expected_number",
    "float_parsing": "expected_number",
    "string_type": "expected_string",
    "dict_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
    "list_type": "expected_list",
    "greater_than": "too_small_gt",
    "greater_than_equal": "too_small_ge",
    "less_than_equal": "too_large_le",
    "too_short": "too_few_items",
    "too_long": "too_many_items",
    "text_languages": "text_too_many_languages",
    "string_too_short": "text_empty",
    "string_too_long": "text_too_long",
    "text_too_long": "text_too_long",
    "string_pattern_mismatch": "bad_pattern",
    "literal_error": "expected_literal",
    "text_type": "expected_text",
    "text_value_type": "expected_text_in_language",
    "text_empty": "text_empty",
    "text_language": "bad_language_code",
}

# Whole message ids, not "bad_" + a suffix: the catalogue test finds ids by scanning
# the code, and a built id was taken for unused and removed (users saw "bad_slug").
_PATTERN_MESSAGES = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "bad_slug",
    r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$": "bad_language",
}


_UNION_TAGS = frozenset({"[list]", "[mapping]"})


def translate(doc: Document, error: Any, root: Any) -> Problem:
    """Turn one pydantic error into a located :class:`Problem`."""
    # "[key]", and the tag of the actions union ("[list]", "[mapping]") right after
    # "actions", are pydantic's steps, not the file's (a key "[list]" elsewhere is kept).
    raw = error["loc"]
    loc: PathKey = tuple(
        part
        for n, part in enumerate(raw)
        if part != "[key]" and not (part in _UNION_TAGS and n and raw[n - 1] == "actions")
    )
    kind = error["type"]
    message = _ERROR_IDS.get(kind, "invalid_value")
    ctx = error.get("ctx") or {}
    params: dict[str, Any] = {"detail": error["msg"], "value": _short(error.get("input"))}
    params.update({k: str(v) for k, v in ctx.items()})
    if kind == "missing":
        params["field"] = str(loc[-1])
        # A missing field has no position of its own: point at its parent mapping.
        return doc.problem(loc, message, located_at=loc[:-1], **params)
    if kind == "extra_forbidden":
        params["key"] = str(loc[-1])
        allowed = _fields_at(root, loc[:-1])
        params["suggestion"] = closest(str(loc[-1]), allowed)
        params["allowed"] = ", ".join(allowed)
        return doc.problem(loc, message, at_key=True, **params)
    if kind == "string_pattern_mismatch":
        message = _PATTERN_MESSAGES.get(str(ctx.get("pattern")), "bad_pattern")
    if kind == "literal_error":
        params["expected"] = str(ctx.get("expected", ""))
    return doc.problem(loc, message, **params)


def _fields_at(root: Any, loc: PathKey) -> list[str]:
    """Names of the fields allowed in the mapping at *loc* (for "did you mean")."""
    model = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        model = _model_in(field.annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    text = clean_line(text)
    return text if len(text) <= 40 else text[:39] + "…"


def closest(word: str, choices: list[str]) -> str:
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return matches[0] if matches else ""


def unknown_skill(
    doc: Document, path: PathKey, skill: str, skill_ids: list[str], *, at_key: bool = True
) -> Problem:
    """ "unknown skill 'X' (did you mean 'Y'?)" at *path*: one wording for models and answers."""
    return doc.problem(
        path, "unknown_skill", at_key=at_key, skill=skill, suggestion=closest(skill, skill_ids)
    )


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.path))
