"""Load a level model file: read it safely, validate it, report every problem at once.

``load_model()`` is what the rest of the program calls. It hashes the file and,
when a cache directory is given, returns the validated model from the cache
without importing YAML or pydantic at all (see ``cache.py``); only a new or
changed file is parsed and validated.

Validation runs in two passes. The structural pass (``model_schema.ModelSpec``)
checks types, required fields and unknown keys. Only a structurally sound file
gets the second pass, the rules that span several values, because those rules
need the structure to mean anything. Both passes collect every problem they see.
"""

from __future__ import annotations

import difflib
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

from pmlevel.errors import InputError, Problem
from pmlevel.model import Level, LevelModel, Responsibility, Scale, Skill, Text
from pmlevel.textsafe import clean_line, clean_text
from pmlevel.yaml_reader import Document, PathKey, decode_utf8, parse_yaml, read_bytes

BUNDLED_NAME = "levels.yaml"


def bundled_model_path() -> Path:
    """The bundled ``levels.yaml``: inside the installed package, or at the top of a checkout."""
    packaged = resources.files("pmlevel").joinpath("data", BUNDLED_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "data" / BUNDLED_NAME


def load_model(path: Path | None = None, *, cache_dir: Path | None = None) -> LevelModel:
    """Load and validate a model file (the bundled model when *path* is None).

    Raises :class:`InputError` with every problem found, each located by line,
    column and path.
    """
    file = path if path is not None else bundled_model_path()
    source = str(path) if path is not None else BUNDLED_NAME
    data = read_bytes(file, source)
    sha256 = hashlib.sha256(data).hexdigest()
    if cache_dir is not None:
        from pmlevel import cache

        cached = cache.load(cache_dir, sha256)
        if cached is not None:
            try:
                return LevelModel.from_dict(cached, source=source, sha256=sha256)
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # a cache entry of the wrong shape is rebuilt below
    model = parse_model(decode_utf8(data, source), source, sha256=sha256)
    if cache_dir is not None:
        from pmlevel import cache

        cache.store(cache_dir, sha256, model.to_dict())
    return model


def parse_model(text: str, source: str, *, sha256: str = "") -> LevelModel:
    """Validate model text; return the model or raise :class:`InputError`."""
    doc = parse_yaml(text, source)
    if not sha256:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    spec = _structural_pass(doc)
    problems = _semantic_pass(doc, spec)
    if problems:
        raise InputError(problems)
    return _build(spec, source, sha256)


def validate_file(path: Path) -> LevelModel:
    """Validate *path* without the cache (what ``pmlevel validate`` runs)."""
    return load_model(path, cache_dir=None)


# -- pass 1: structure ------------------------------------------------------------

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
    "string_too_short": "text_empty",
    "string_too_long": "text_too_long",
    "string_pattern_mismatch": "bad_pattern",
    "literal_error": "expected_literal",
    "text_type": "expected_text",
    "text_value_type": "expected_text_in_language",
    "text_empty": "text_empty",
    "text_language": "bad_language_code",
}

_PATTERN_HINTS = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "slug",
    r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$": "language",
}


def _structural_pass(doc: Document) -> Any:
    from pydantic import ValidationError

    from pmlevel.model_schema import ModelSpec

    try:
        return ModelSpec.model_validate(doc.data)
    except ValidationError as exc:
        problems = [_translate(doc, error, ModelSpec) for error in exc.errors()]
        raise InputError(_sorted(problems)) from None


def _translate(doc: Document, error: Any, root: Any) -> Problem:
    """Turn one pydantic error into a located :class:`Problem`."""
    loc: PathKey = tuple(part for part in error["loc"] if part != "[key]")
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
        params["suggestion"] = _closest(str(loc[-1]), allowed)
        params["allowed"] = ", ".join(allowed)
        return doc.problem(loc, message, at_key=True, **params)
    if kind == "string_pattern_mismatch":
        message = "bad_" + _PATTERN_HINTS.get(str(ctx.get("pattern")), "pattern")
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
    from typing import get_args

    from pydantic import BaseModel

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


def _closest(word: str, choices: list[str]) -> str:
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return matches[0] if matches else ""


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0, p.path))


# -- pass 2: rules across values ------------------------------------------------------


def _semantic_pass(doc: Document, spec: Any) -> list[Problem]:
    problems: list[Problem] = []
    lang = spec.default_language
    scale = spec.scale

    if scale.max <= scale.min:
        problems.append(doc.problem(("scale", "max"), "scale_empty", min=scale.min, max=scale.max))
    else:
        for point in range(scale.min, scale.max + 1):
            if point not in scale.anchors:
                problems.append(doc.problem(("scale", "anchors"), "anchor_missing", point=point))
        for point in scale.anchors:
            if not scale.min <= point <= scale.max:
                problems.append(
                    doc.problem(
                        ("scale", "anchors", point),
                        "anchor_off_scale",
                        at_key=True,
                        point=point,
                        min=scale.min,
                        max=scale.max,
                    )
                )

    # Skill ids: unique, case-insensitive.
    seen_skills: dict[str, int] = {}
    for index, skill in enumerate(spec.skills):
        folded = skill.id.casefold()
        if folded in seen_skills:
            problems.append(
                doc.problem(
                    ("skills", index, "id"),
                    "duplicate_id",
                    id=skill.id,
                    first=f"skills[{seen_skills[folded]}]",
                )
            )
        else:
            seen_skills[folded] = index
    skill_ids = [skill.id for skill in spec.skills]

    # Level ids, aliases and names share one namespace: each must pick one level.
    owners: dict[str, int] = {}
    for index, level in enumerate(spec.levels):
        names: list[tuple[PathKey, str]] = [(("levels", index, "id"), level.id)]
        names += [(("levels", index, "aliases", i), a) for i, a in enumerate(level.aliases)]
        texts = level.name.values() if isinstance(level.name, dict) else [level.name]
        names += [(("levels", index, "name"), text) for text in texts]
        mine: set[str] = set()
        for path, name in names:
            folded = _fold(name)
            if path[2] == "aliases" and folded.isdigit():
                problems.append(doc.problem(path, "alias_is_number", alias=name))
                continue
            if folded in owners and owners[folded] != index:
                other = spec.levels[owners[folded]].id
                problems.append(doc.problem(path, "duplicate_level_name", name=name, other=other))
            elif folded in mine and path[2] == "aliases":
                problems.append(
                    doc.problem(path, "duplicate_level_name", name=name, other=level.id)
                )
            owners.setdefault(folded, index)
            mine.add(folded)

    # Expectations: known skills, on the scale, at least one, never dropping.
    previous: dict[str, tuple[int, str]] = {}
    for index, level in enumerate(spec.levels):
        base: PathKey = ("levels", index, "expectations")
        if not level.expectations:
            problems.append(doc.problem(base, "no_expectations", level=level.id))
        for skill_id, rating in level.expectations.items():
            path = (*base, skill_id)
            if skill_id not in skill_ids:
                problems.append(
                    doc.problem(
                        path,
                        "unknown_skill",
                        at_key=True,
                        skill=skill_id,
                        suggestion=_closest(skill_id, skill_ids),
                    )
                )
                continue
            if not scale.min <= rating <= scale.max:
                problems.append(
                    doc.problem(
                        path, "rating_off_scale", rating=rating, min=scale.min, max=scale.max
                    )
                )
            elif skill_id in previous and rating < previous[skill_id][0]:
                before, lower = previous[skill_id]
                problems.append(
                    doc.problem(
                        path,
                        "expectation_drops",
                        skill=skill_id,
                        rating=rating,
                        before=before,
                        lower=lower,
                    )
                )
            previous[skill_id] = (max(rating, previous.get(skill_id, (rating, ""))[0]), level.id)

    # Every text that is a language mapping carries the default language.
    for path, value in _texts(doc.data):
        if isinstance(value, dict) and lang not in value:
            problems.append(doc.problem(path, "text_missing_default", lang=lang))
    return _sorted(problems)


_TEXT_KEYS = {"name", "description", "summary", "category"}


def _texts(data: Any, path: PathKey = ()) -> list[tuple[PathKey, Any]]:
    """Every text value of a structurally valid model, with its path."""
    found: list[tuple[PathKey, Any]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            in_anchors = path[-1:] == ("anchors",)
            if key in _TEXT_KEYS or in_anchors:
                found.append((here, value))
            elif key == "actions" and isinstance(value, list):
                found += [((*here, i), item) for i, item in enumerate(value)]
            elif key != "expectations":
                found += _texts(value, here)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found += _texts(item, (*path, index))
    return found


def _fold(value: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", value).strip().casefold()


# -- building the runtime model ---------------------------------------------------------


def _text(value: Any, lang: str) -> Text:
    if isinstance(value, str):
        return {lang: clean_text(value).strip()}
    return {k: clean_text(v).strip() for k, v in value.items()}


def _maybe(value: Any, lang: str) -> Text | None:
    return None if value is None else _text(value, lang)


def _build(spec: Any, source: str, sha256: str) -> LevelModel:
    lang = spec.default_language
    order = {skill.id: i for i, skill in enumerate(spec.skills)}
    return LevelModel(
        schema_version=spec.schema_version,
        name=_text(spec.name, lang),
        default_language=lang,
        scale=Scale(
            spec.scale.min,
            spec.scale.max,
            {k: _text(v, lang) for k, v in sorted(spec.scale.anchors.items())},
        ),
        min_share=spec.estimation.min_share,
        max_shortfall=spec.estimation.max_shortfall,
        skills=tuple(
            Skill(
                s.id,
                _text(s.name, lang),
                _maybe(s.description, lang),
                _maybe(s.category, lang),
                float(s.weight),
                tuple(_text(a, lang) for a in s.actions),
            )
            for s in spec.skills
        ),
        levels=tuple(
            Level(
                lv.id,
                _text(lv.name, lang),
                dict(sorted(lv.expectations.items(), key=lambda item: order[item[0]])),
                tuple(clean_line(a) for a in lv.aliases),
                _maybe(lv.summary, lang),
                tuple(
                    Responsibility(_text(r.name, lang), _maybe(r.description, lang))
                    for r in lv.responsibilities
                ),
            )
            for lv in spec.levels
        ),
        source=source,
        sha256=sha256,
    )
