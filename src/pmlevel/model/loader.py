"""Load a level model file: read it safely, validate it, report every problem at once.

``load_model()`` is what the rest of the program calls. It hashes the file and,
when a cache directory is given, returns the validated model from the cache
without importing YAML or pydantic at all (see ``model/cache.py``); only a new or
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
from pmlevel.model.files import read_bytes
from pmlevel.model.ladder import Level, LevelModel, Responsibility, Scale, Skill, Text
from pmlevel.text.shape import lookup_key

# The YAML parser, pydantic's validation and text cleaning are imported inside the
# functions that need them: a command whose model is in the cache never loads them
# (bench/run.py, "show senior / floor table").
if TYPE_CHECKING:
    from pmlevel.model.yaml_reader import Document, PathKey

BUNDLED_NAME = "levels.yaml"


def bundled_model_path() -> Path:
    """The bundled ``levels.yaml``: inside the installed package, or at the top of a checkout."""
    package = Path(__file__).resolve().parents[1]  # src/pmlevel, or site-packages/pmlevel
    packaged = package / "data" / BUNDLED_NAME
    if packaged.is_file():
        return packaged
    return package.parents[1] / "data" / BUNDLED_NAME


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
        from pmlevel.model import cache

        cached = cache.load(cache_dir, sha256)
        if cached is not None:
            try:
                return LevelModel.from_dict(cached, source=source, sha256=sha256)
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # a cache entry of the wrong shape is rebuilt below
    from pmlevel.model.yaml_reader import decode_text

    model = parse_model(decode_text(data, source), source, sha256=sha256)
    if cache_dir is not None:
        from pmlevel.model import cache

        cache.store(cache_dir, sha256, model.to_dict())
    return model


def parse_model(text: str, source: str, *, sha256: str = "") -> LevelModel:
    """Validate model text; return the model or raise :class:`InputError`."""
    from pmlevel.model.yaml_reader import parse_yaml

    doc = parse_yaml(text, source)
    if not sha256:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    spec, problems = _structural_pass(doc)
    # A value the structure already refused is not the cause of a second message.
    refused = tuple(problem.path for problem in problems)
    problems += [p for p in _semantic_pass(doc) if not _within(p.path, refused)]
    if problems:
        raise InputError(_one_each(problems))
    return _build(spec, source, sha256)


def validate_file(path: Path) -> LevelModel:
    """Validate *path* without the cache (what ``pmlevel validate`` runs)."""
    return load_model(path, cache_dir=None)


# -- pass 1: structure ------------------------------------------------------------


def _structural_pass(doc: Document) -> tuple[Any, list[Problem]]:
    """The validated spec (None when the structure is wrong) and the structure's problems."""
    from pydantic import ValidationError

    from pmlevel.model.schema import ModelSpec
    from pmlevel.model.validation import problems_from

    try:
        return ModelSpec.model_validate(doc.data), []
    except ValidationError as exc:
        return None, problems_from(doc, exc, ModelSpec)


def _within(path: str, refused: tuple[str, ...]) -> bool:
    """Whether *path* is one of *refused* or inside one."""
    return any(path == bad or path.startswith((bad + ".", bad + "[")) for bad in refused if bad)


def _one_each(problems: list[Problem]) -> list[Problem]:
    """Sorted by place, each problem once (two rules may see the same thing)."""
    from pmlevel.model.validation import sorted_problems

    seen: set[tuple[str, str, str]] = set()
    out = []
    for problem in sorted_problems(problems):
        key = (problem.path, problem.message, repr(sorted(problem.params.items())))
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


# -- pass 2: rules across values ------------------------------------------------------


def _semantic_pass(doc: Document) -> list[Problem]:
    """The rules across values, on the file's data as it is, structure errors and all.

    Each rule looks only at values of the right shape and skips the rest, which the
    structural pass reports: so one mistake never hides another, and a value already
    wrong is never the cause of a second message (a rating off the scale is not also
    a drop; an unknown skill is not also a core skill that is not expected).
    """
    from pmlevel.model.schema import MAX_RATING, MAX_SCALE_POINTS, V2_LEVEL_KEYS, V2_SKILL_KEYS
    from pmlevel.model.validation import unknown_skill

    problems: list[Problem] = []
    data = doc.data
    lang = data.get("default_language")
    scale = _dict(data.get("scale"))
    low, high = _int(scale.get("min")), _int(scale.get("max"))
    # The scale's range, when it is a usable one (else nothing is checked against it).
    span: tuple[int, int] | None = None
    if low is not None and high is not None and max(abs(low), abs(high)) <= MAX_RATING:
        points = high - low + 1
        if points <= 1:
            problems.append(doc.problem(("scale", "max"), "scale_empty", min=low, max=high))
        elif points > MAX_SCALE_POINTS:  # then which anchors are missing is beside the point
            problems.append(
                doc.problem(
                    ("scale", "max"), "scale_too_wide", points=points, limit=MAX_SCALE_POINTS
                )
            )
        else:
            span = (low, high)
            if isinstance(scale.get("anchors"), dict):
                problems += _anchor_problems(doc, ("scale", "anchors"), scale["anchors"], span)

    skills = data.get("skills") if isinstance(data.get("skills"), list) else []
    levels = data.get("levels") if isinstance(data.get("levels"), list) else []

    # (v2) keys: a version-1 file uses none of them.
    if _int(data.get("schema_version")) == 1:
        for index, skill in enumerate(skills):
            if isinstance(skill, dict):
                for key in V2_SKILL_KEYS:
                    if key in skill:
                        problems.append(_needs_v2(doc, ("skills", index, key)))
                if isinstance(skill.get("actions"), dict):
                    problems.append(_needs_v2(doc, ("skills", index, "actions")))
        for index, level in enumerate(levels):
            if isinstance(level, dict):
                for key in V2_LEVEL_KEYS:
                    if key in level:
                        problems.append(_needs_v2(doc, ("levels", index, key)))

    # Skill ids: unique, case-insensitive. `known` is None when some skill has no
    # readable id: then a name that looks unknown may be that skill's, so say nothing.
    seen_skills: dict[str, int] = {}
    skill_ids: list[str] = []
    known: set[str] | None = set()
    for index, skill in enumerate(skills):
        skill_id = skill.get("id") if isinstance(skill, dict) else None
        if not isinstance(skill_id, str):
            known = None
            continue
        skill_ids.append(skill_id)
        folded = skill_id.casefold()
        if folded in seen_skills:
            problems.append(
                doc.problem(
                    ("skills", index, "id"),
                    "duplicate_id",
                    id=skill_id,
                    first=f"skills[{seen_skills[folded]}]",
                )
            )
        else:
            seen_skills[folded] = index
    if known is not None:
        known.update(skill_ids)
    if not isinstance(data.get("skills"), list):
        known = None

    # A skill's own anchors cover the scale; actions keyed by target lie on it.
    for index, skill in enumerate(skills):
        if not isinstance(skill, dict) or span is None:
            continue
        if isinstance(skill.get("anchors"), dict):
            problems += _anchor_problems(doc, ("skills", index, "anchors"), skill["anchors"], span)
        if isinstance(skill.get("actions"), dict):
            for key in skill["actions"]:
                point = _point(key)
                if point is not None and not span[0] <= point <= span[1]:
                    problems.append(
                        doc.problem(
                            ("skills", index, "actions", key),
                            "action_off_scale",
                            at_key=True,
                            point=point,
                            min=span[0],
                            max=span[1],
                        )
                    )

    # Level ids, aliases and names share one namespace: each must pick one level.
    owners: dict[str, int] = {}
    level_ids: dict[int, str] = {}
    for index, level in enumerate(levels):
        if not isinstance(level, dict):
            continue
        names: list[tuple[PathKey, str]] = []
        if isinstance(level.get("id"), str):
            level_ids[index] = level["id"]
            names.append((("levels", index, "id"), level["id"]))
        aliases = level.get("aliases")
        if isinstance(aliases, list):
            names += [
                (("levels", index, "aliases", i), a)
                for i, a in enumerate(aliases)
                if isinstance(a, str)
            ]
        name = level.get("name")
        texts = name.values() if isinstance(name, dict) else [name]
        names += [(("levels", index, "name"), text) for text in texts if isinstance(text, str)]
        mine: set[str] = set()
        for path, text in names:
            folded = lookup_key(text)  # as find_level matches it
            if path[2] == "aliases" and folded.isdigit():
                problems.append(doc.problem(path, "alias_is_number", alias=text))
                continue
            if folded in owners and owners[folded] != index:
                other = level_ids.get(owners[folded], f"levels[{owners[folded]}]")
                problems.append(doc.problem(path, "duplicate_level_name", name=text, other=other))
            elif folded in mine and path[2] == "aliases":
                other = level_ids.get(index, f"levels[{index}]")
                problems.append(doc.problem(path, "duplicate_level_name", name=text, other=other))
            owners.setdefault(folded, index)
            mine.add(folded)

    # Expectations: known skills, on the scale, at least one, never dropping. Only a
    # rating on the scale is remembered for the drop rule: an off-scale 7 is one error.
    highest: dict[str, tuple[int, str]] = {}  # skill -> (highest rating so far, its level)
    misspelt: set[int] = set()  # levels with an unknown skill among their expectations
    for index, level in enumerate(levels):
        expectations = level.get("expectations") if isinstance(level, dict) else None
        if not isinstance(expectations, dict):
            continue
        base: PathKey = ("levels", index, "expectations")
        here = level_ids.get(index, f"levels[{index}]")
        if not expectations:
            problems.append(doc.problem(base, "no_expectations", level=here))
        for skill_id, rating in expectations.items():
            if not isinstance(skill_id, str):
                continue
            path = (*base, skill_id)
            if known is not None and skill_id not in known:
                misspelt.add(index)
                problems.append(unknown_skill(doc, path, skill_id, skill_ids))
                continue
            value = _int(rating)
            if value is None or span is None:
                continue
            if not span[0] <= value <= span[1]:
                problems.append(
                    doc.problem(path, "rating_off_scale", rating=value, min=span[0], max=span[1])
                )
                continue
            before = highest.get(skill_id)
            if before is not None and value < before[0]:
                problems.append(
                    doc.problem(
                        path,
                        "expectation_drops",
                        skill=skill_id,
                        rating=value,
                        before=before[0],
                        lower=before[1],
                    )
                )
            else:
                highest[skill_id] = (value, here)

    # (v2) Core skills: known, listed once, and expected at their level.
    for index, level in enumerate(levels):
        core = level.get("core") if isinstance(level, dict) else None
        if not isinstance(core, list):
            continue
        expectations = level.get("expectations")
        expected = expectations if isinstance(expectations, dict) else None
        here = level_ids.get(index, f"levels[{index}]")
        listed: set[str] = set()
        for position, skill_id in enumerate(core):
            if not isinstance(skill_id, str):
                continue
            path = ("levels", index, "core", position)
            if known is not None and skill_id not in known:
                problems.append(unknown_skill(doc, path, skill_id, skill_ids, at_key=False))
            elif skill_id in listed:
                problems.append(doc.problem(path, "core_duplicate", skill=skill_id))
            elif expected is not None and skill_id not in expected and index not in misspelt:
                # (with a misspelt expectation, the core skill is most likely that one)
                problems.append(doc.problem(path, "core_not_expected", skill=skill_id, level=here))
            listed.add(skill_id)

    # Every text that is a language mapping carries the default language.
    if isinstance(lang, str):
        for path, value in _texts(data):
            if isinstance(value, dict) and value and lang not in value:
                problems.append(doc.problem(path, "text_missing_default", lang=lang))
    return problems


def _int(value: Any) -> int | None:
    """*value* when it is an integer (``true`` is not), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _point(key: Any) -> int | None:
    """A rating used as a mapping key: a YAML number, or a JSON key such as ``"3"``."""
    if isinstance(key, str) and key.lstrip("-").isdigit() and len(key) < 12:
        return int(key)
    return _int(key)


def _dict(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _anchor_problems(
    doc: Document, base: PathKey, anchors: dict[Any, Any], span: tuple[int, int]
) -> list[Problem]:
    """Anchors that leave points of the scale uncovered, or lie off it."""
    low, high = span
    problems: list[Problem] = []
    present: set[int] = set()
    for key in anchors:
        point = _point(key)
        if point is None:
            continue  # not a number: the structural pass says so
        present.add(point)
        if not low <= point <= high:
            problems.append(
                doc.problem(
                    (*base, key), "anchor_off_scale", at_key=True, point=point, min=low, max=high
                )
            )
    if len(present) < len(anchors):
        return problems  # a key that is not a point may be the missing one: say nothing
    missing = _missing_runs(low, high, present)
    if sum(last - first + 1 for first, last in missing) <= len(problems):
        return problems  # as many keys off the scale as points missing: one mistake each
    for first, last in missing:
        if last - first < 3:
            for point in range(first, last + 1):
                problems.append(doc.problem(base, "anchor_missing", point=point))
        else:  # one problem for a long run
            problems.append(doc.problem(base, "anchors_missing_range", first=first, last=last))
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
                    if isinstance(items, list)
                    for i, item in enumerate(items)
                ]
            elif key not in ("expectations", "core"):
                found += _texts(value, here)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found += _texts(item, (*path, index))
    return found


# -- building the runtime model ---------------------------------------------------------


def _text(value: Any, lang: str) -> Text:
    from pmlevel.text.safe import clean_text

    if isinstance(value, str):
        return {lang: clean_text(value).strip()}
    return {k: clean_text(v).strip() for k, v in value.items()}


def _maybe(value: Any, lang: str) -> Text | None:
    return None if value is None else _text(value, lang)


def _build(spec: Any, source: str, sha256: str) -> LevelModel:
    from pmlevel.text.safe import clean_line

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
