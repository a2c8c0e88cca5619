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

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlevel.errors import InputError, Problem

if TYPE_CHECKING:
    from pmlevel.yaml_reader import Document, PathKey

from pmlevel.files import read_bytes
from pmlevel.model import Level, LevelModel, Responsibility, Scale, Skill, Text

BUNDLED_NAME = "levels.yaml"


def bundled_model_path() -> Path:
    """The bundled ``levels.yaml``: inside the installed package, or at the top of a checkout."""
    packaged = Path(__file__).with_name("data") / BUNDLED_NAME
    if packaged.is_file():
        return packaged
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
    from pmlevel.yaml_reader import decode_utf8

    model = parse_model(decode_utf8(data, source), source, sha256=sha256)
    if cache_dir is not None:
        from pmlevel import cache

        cache.store(cache_dir, sha256, model.to_dict())
    return model


def parse_model(text: str, source: str, *, sha256: str = "") -> LevelModel:
    """Validate model text; return the model or raise :class:`InputError`."""
    from pmlevel.yaml_reader import parse_yaml

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


def _structural_pass(doc: Document) -> Any:
    from pydantic import ValidationError

    from pmlevel.model_schema import ModelSpec
    from pmlevel.validation import problems_from

    try:
        return ModelSpec.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from(doc, exc, ModelSpec)) from None


# -- pass 2: rules across values ------------------------------------------------------


def _semantic_pass(doc: Document, spec: Any) -> list[Problem]:
    from pmlevel.model_schema import MAX_SCALE_POINTS, V2_LEVEL_KEYS, V2_SKILL_KEYS
    from pmlevel.validation import closest, sorted_problems

    problems: list[Problem] = []
    lang = spec.default_language
    scale = spec.scale

    points = scale.max - scale.min + 1
    scale_ok = 1 < points <= MAX_SCALE_POINTS
    if points <= 1:
        problems.append(doc.problem(("scale", "max"), "scale_empty", min=scale.min, max=scale.max))
    elif points > MAX_SCALE_POINTS:  # then which anchors are missing is beside the point
        problems.append(
            doc.problem(("scale", "max"), "scale_too_wide", points=points, limit=MAX_SCALE_POINTS)
        )
    else:
        problems += _anchor_problems(doc, ("scale", "anchors"), scale.anchors, scale)

    # (v2) keys: a version-1 file uses none of them.
    if spec.schema_version < 2:
        for index, data in enumerate(doc.data["skills"]):
            for key in V2_SKILL_KEYS:
                if key in data:
                    problems.append(_needs_v2(doc, ("skills", index, key)))
            if isinstance(data.get("actions"), dict):
                problems.append(_needs_v2(doc, ("skills", index, "actions")))
        for index, data in enumerate(doc.data["levels"]):
            for key in V2_LEVEL_KEYS:
                if key in data:
                    problems.append(_needs_v2(doc, ("levels", index, key)))

    # A skill's own anchors cover the scale; actions keyed by target lie on it.
    for index, skill in enumerate(spec.skills):
        if skill.anchors is not None and scale_ok:
            problems += _anchor_problems(doc, ("skills", index, "anchors"), skill.anchors, scale)
        if isinstance(skill.actions, dict):
            for point in skill.actions:
                if not scale.min <= point <= scale.max:
                    problems.append(
                        doc.problem(
                            ("skills", index, "actions", point),
                            "action_off_scale",
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
                        suggestion=closest(skill_id, skill_ids),
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

    # (v2) Core skills: known, listed once, and expected at their level.
    for index, level in enumerate(spec.levels):
        listed: set[str] = set()
        for position, skill_id in enumerate(level.core):
            path = ("levels", index, "core", position)
            if skill_id not in skill_ids:
                problems.append(
                    doc.problem(
                        path,
                        "unknown_skill",
                        skill=skill_id,
                        suggestion=closest(skill_id, skill_ids),
                    )
                )
            elif skill_id in listed:
                problems.append(doc.problem(path, "core_duplicate", skill=skill_id))
            elif skill_id not in level.expectations:
                problems.append(
                    doc.problem(path, "core_not_expected", skill=skill_id, level=level.id)
                )
            listed.add(skill_id)

    # Every text that is a language mapping carries the default language.
    for path, value in _texts(doc.data):
        if isinstance(value, dict) and lang not in value:
            problems.append(doc.problem(path, "text_missing_default", lang=lang))
    return sorted_problems(problems)


def _anchor_problems(doc: Document, base: PathKey, anchors: Any, scale: Any) -> list[Problem]:
    """Anchors that leave points of the scale uncovered, or lie off it."""
    problems: list[Problem] = []
    for first, last in _missing_runs(scale.min, scale.max, set(anchors)):
        if last - first < 3:
            for point in range(first, last + 1):
                problems.append(doc.problem(base, "anchor_missing", point=point))
        else:  # one problem for a long run: `max: 1000000000` must not list every point
            problems.append(doc.problem(base, "anchors_missing_range", first=first, last=last))
    for point in anchors:
        if not scale.min <= point <= scale.max:
            problems.append(
                doc.problem(
                    (*base, point),
                    "anchor_off_scale",
                    at_key=True,
                    point=point,
                    min=scale.min,
                    max=scale.max,
                )
            )
    return problems


def _needs_v2(doc: Document, path: PathKey) -> Problem:
    return doc.problem(path, "needs_schema_v2", at_key=True, key=str(path[-1]))


def _missing_runs(low: int, high: int, present: set[int]) -> list[tuple[int, int]]:
    """The runs ``(first, last)`` of points in ``low..high`` not in *present*.

    Works from the points present, so a scale of a billion points costs nothing.
    """
    runs = []
    start = low
    for point in sorted(p for p in present if low <= p <= high):
        if point > start:
            runs.append((start, point - 1))
        start = point + 1
    if start <= high:
        runs.append((start, high))
    return runs


_TEXT_KEYS = {"name", "description", "summary", "category", "experience"}
_TEXT_LISTS = {"actions", "questions"}


def _texts(data: Any, path: PathKey = ()) -> list[tuple[PathKey, Any]]:
    """Every text value of a structurally valid model, with its path."""
    found: list[tuple[PathKey, Any]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = (*path, key)
            in_anchors = path[-1:] == ("anchors",)
            if key in _TEXT_KEYS or in_anchors:
                found.append((here, value))
            elif key in _TEXT_LISTS and isinstance(value, list):
                found += [((*here, i), item) for i, item in enumerate(value)]
            elif key == "actions" and isinstance(value, dict):  # (v2) target -> list
                found += [
                    ((*here, point, i), item)
                    for point, items in value.items()
                    for i, item in enumerate(items)
                ]
            elif key not in ("expectations", "core"):
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
    from pmlevel.textsafe import clean_text

    if isinstance(value, str):
        return {lang: clean_text(value).strip()}
    return {k: clean_text(v).strip() for k, v in value.items()}


def _maybe(value: Any, lang: str) -> Text | None:
    return None if value is None else _text(value, lang)


def _build(spec: Any, source: str, sha256: str) -> LevelModel:
    from pmlevel.textsafe import clean_line

    lang = spec.default_language
    order = {skill.id: i for i, skill in enumerate(spec.skills)}
    scale = Scale(
        spec.scale.min,
        spec.scale.max,
        {k: _text(v, lang) for k, v in sorted(spec.scale.anchors.items())},
    )
    return LevelModel(
        schema_version=spec.schema_version,
        name=_text(spec.name, lang),
        default_language=lang,
        scale=scale,
        min_share=spec.estimation.min_share,
        max_shortfall=spec.estimation.max_shortfall,
        skills=tuple(_skill(s, lang, scale) for s in spec.skills),
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
                _maybe(lv.experience, lang),
                tuple(sorted(lv.core, key=order.__getitem__)),
            )
            for lv in spec.levels
        ),
        source=source,
        sha256=sha256,
    )


def _skill(spec: Any, lang: str, scale: Scale) -> Skill:
    if isinstance(spec.actions, dict):
        by_target = {
            point: tuple(_text(a, lang) for a in items)
            for point, items in sorted(spec.actions.items())
        }
        actions = tuple(a for items in by_target.values() for a in items)
    else:
        by_target = {}
        actions = tuple(_text(a, lang) for a in spec.actions)
    own = spec.anchors is not None
    return Skill(
        spec.id,
        _text(spec.name, lang),
        _maybe(spec.description, lang),
        _maybe(spec.category, lang),
        float(spec.weight),
        actions,
        {k: _text(v, lang) for k, v in sorted(spec.anchors.items())} if own else scale.anchors,
        own,
        by_target,
        tuple(_text(q, lang) for q in spec.questions),
    )
