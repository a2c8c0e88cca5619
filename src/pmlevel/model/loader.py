"""Load a level model file: read it safely, validate it, report every problem at once.

``load_model()`` is what the rest of the program calls. It hashes the file and,
when a cache directory is given, returns the validated model from the cache
without importing YAML or pydantic at all (see ``model/cache.py``); only a new or
changed file is parsed and validated, once per process for the same bytes.

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
from pmlevel.model.ladder import Level, LevelModel, Responsibility, Scale, Skill, Text, Track
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
    from pmlevel.model import cache

    if cache_dir is not None:
        cached = cache.load(cache_dir, sha256)
        if cached is not None:
            try:
                return LevelModel.from_dict(cached, source=source, sha256=sha256)
            except (KeyError, TypeError, ValueError, AttributeError):
                pass  # a cache entry of the wrong shape is rebuilt below
    model = cache.parsed(sha256, source)  # these bytes, parsed earlier in this process
    if model is None:
        from pmlevel.model.yaml_reader import decode_text

        model = parse_model(decode_text(data, source), source, sha256=sha256)
        cache.remember(model)
    if cache_dir is not None:
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
    from pmlevel.model.limits import MAX_RATING, MAX_SCALE_POINTS
    from pmlevel.model.schema import (
        V2_LEVEL_KEYS,
        V2_SKILL_KEYS,
        V3_LEVEL_KEYS,
        V3_MODEL_KEYS,
    )
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

    # (v3) keys: a version-1 or -2 file uses none of them.
    version = _int(data.get("schema_version"))
    if version in (1, 2):
        for key in V3_MODEL_KEYS:
            if key in data:
                problems.append(_needs_v3(doc, (key,)))
        for index, level in enumerate(levels):
            if isinstance(level, dict):
                for key in V3_LEVEL_KEYS:
                    if key in level:
                        problems.append(_needs_v3(doc, ("levels", index, key)))

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

    # (v3) Tracks: each level's place in its chain (its parent, the level below it).
    if version in (1, 2):  # the v3 keys are refused above; the chain is the file's order
        plain_levels = [
            {k: v for k, v in lv.items() if k not in V3_LEVEL_KEYS} if isinstance(lv, dict) else lv
            for lv in levels
        ]
        parents, track_problems = _chain_problems(doc, {}, plain_levels, level_ids)
    else:
        parents, track_problems = _chain_problems(doc, data, levels, level_ids)
    problems += track_problems

    # Expectations: known skills, on the scale, at least one, never dropping along the
    # chain (file order, or `after` in a v3 model). Only a rating on the scale is
    # remembered for the drop rule: an off-scale 7 is one error.
    # For each level, skill -> (highest rating on its chain up to it, the level holding it).
    highest_at: dict[int, dict[str, tuple[int, str]]] = {}
    misspelt: set[int] = set()  # levels with an unknown skill among their expectations
    for index, level in enumerate(levels):
        parent = parents.get(index)
        highest = dict(highest_at.get(parent, {})) if parent is not None else {}
        highest_at[index] = highest
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


def _needs_v3(doc: Document, path: PathKey) -> Problem:
    return doc.problem(path, "needs_schema_v3", at_key=True, key=str(path[-1]))


def _chain_problems(
    doc: Document, data: dict[Any, Any], levels: list[Any], level_ids: dict[int, str]
) -> tuple[dict[int, int], list[Problem]]:
    """(v3) Where each level sits, and what is wrong with it (docs/reference.md#tracks).

    Returns each level's parent (the index of the level directly below it on its
    chain) where that is known and sound, and the problems: a track not declared,
    declared twice or with no level; an `after` naming no level, itself, or a level
    later in the file (a cycle is named as one); a shared level above a tracked one or
    off the shared chain; a tracked level after another track's level, after a shared
    level other than the top one, or beside another level of its track (a fork).

    A level whose place is wrong gets no parent, so the drop rule does not also speak
    about it (one mistake, one message). Without `tracks` and `after` (every v1 and v2
    model) each level's parent is the one before it in the file.
    """
    from pmlevel.model.validation import closest

    problems: list[Problem] = []
    parents: dict[int, int] = {}
    by_id: dict[str, int] = {}
    for index, level_id in level_ids.items():
        by_id.setdefault(level_id, index)

    # Declared tracks: ids unique; each must have a level (checked below).
    raw_tracks = data.get("tracks")
    tracks: dict[str, int] = {}  # track id -> its index in `tracks`
    if isinstance(raw_tracks, list):
        for position, track in enumerate(raw_tracks):
            track_id = track.get("id") if isinstance(track, dict) else None
            if not isinstance(track_id, str):
                continue
            if track_id.casefold() in {t.casefold() for t in tracks}:
                first = next(t for t in tracks if t.casefold() == track_id.casefold())
                problems.append(
                    doc.problem(
                        ("tracks", position, "id"),
                        "duplicate_id",
                        id=track_id,
                        first=f"tracks[{tracks[first]}]",
                    )
                )
                continue
            tracks[track_id] = position
    declared = list(tracks)
    # When some track has no readable id, a name that looks undeclared may be that one.
    tracks_readable = not isinstance(raw_tracks, list) or all(
        isinstance(t, dict) and isinstance(t.get("id"), str) for t in raw_tracks
    )

    # Each level's track: None (shared), a declared track id, or unknown ("?").
    track_of: dict[int, str | None] = {}
    for index, level in enumerate(levels):
        if not isinstance(level, dict):
            track_of[index] = "?"
            continue
        track = level.get("track")
        if track is None:
            track_of[index] = None
        elif not isinstance(track, str):
            track_of[index] = "?"  # the structural pass says what is wrong
        elif track in tracks:
            track_of[index] = track
        else:
            track_of[index] = "?"
            if tracks_readable:
                problems.append(
                    doc.problem(
                        ("levels", index, "track"),
                        "track_unknown_in_model" if declared else "track_not_declared",
                        track=track,
                        suggestion=closest(track, declared),
                        tracks=", ".join(declared),
                    )
                )
    for track_id, position in tracks.items():
        if not any(track_of.get(i) == track_id for i in range(len(levels))):
            problems.append(doc.problem(("tracks", position, "id"), "track_empty", track=track_id))

    tracked = bool(tracks) or any(t is not None for t in track_of.values())
    if tracked and track_of.get(0) not in (None, "?"):
        problems.append(
            doc.problem(("levels", 0, "track"), "track_at_bottom", level=level_ids.get(0, ""))
        )
        track_of[0] = None  # said once; the rest is checked as if it were shared

    # Each level's `after`: the explicit one, else the level before it in the file.
    after_of: dict[int, int | None] = {}
    for index, level in enumerate(levels):
        after = level.get("after") if isinstance(level, dict) else None
        path: PathKey = ("levels", index, "after")
        if after is None:
            after_of[index] = index - 1 if index else None
            continue
        if not isinstance(after, str):
            continue  # the structural pass says what is wrong
        target = by_id.get(after)
        if target is None:
            if len(by_id) == len(levels):  # every id readable: it names none of them
                problems.append(
                    doc.problem(
                        path, "after_unknown", after=after, suggestion=closest(after, list(by_id))
                    )
                )
        elif target == index:
            problems.append(doc.problem(path, "after_self", after=after))
        elif target > index:
            cycle = _cycle(index, levels, by_id)
            if cycle is not None:
                names = " → ".join(level_ids.get(i, f"levels[{i}]") for i in cycle)
                problems.append(doc.problem(path, "after_cycle", after=after, cycle=names))
            else:
                problems.append(doc.problem(path, "after_forward", after=after))
        else:
            after_of[index] = target

    # The shared levels form one chain at the bottom; each track goes on from its top.
    # A level whose `after` or track is wrong (said above) still takes its place here,
    # so that the levels after it are not blamed for it.
    last_shared: int | None = None
    first_tracked: int | None = None
    started: dict[tuple[str, int | None], int] = {}  # (track, parent) -> the level there

    def name(i: int | None) -> str:
        return "" if i is None else level_ids.get(i, f"levels[{i}]")

    for index in range(len(levels)):
        track = track_of.get(index)
        placed = index in after_of and track != "?"
        if not placed and track is None and first_tracked is None:
            last_shared = index
        if not placed:
            if track is not None and first_tracked is None:
                first_tracked = index
            continue
        parent = after_of[index]
        here = name(index)
        explicit = isinstance(levels[index], dict) and "after" in levels[index]
        path = ("levels", index, "after")
        located: PathKey = path if explicit else ("levels", index, "id")
        problem: Problem | None = None
        if track is None:
            if first_tracked is not None:
                problem = doc.problem(
                    path,
                    "shared_above_track",
                    located_at=located,
                    level=here,
                    first=name(first_tracked),
                )
            elif parent != last_shared:
                problem = doc.problem(
                    path,
                    "shared_off_chain",
                    located_at=located,
                    level=here,
                    after=name(parent),
                    below=name(last_shared),
                )
            if problem is None:
                parents[index] = -1 if parent is None else parent
            else:
                problems.append(problem)
                track_of[index] = "?"  # a level after it is not blamed for it
            if first_tracked is None:
                last_shared = index
            continue
        if first_tracked is None:
            first_tracked = index
        parent_track = track_of.get(parent) if parent is not None else None
        if parent_track == "?":
            continue  # the level below has a wrong track, said above
        if parent_track is not None and parent_track != track:
            problem = doc.problem(
                path,
                "after_other_track",
                located_at=located,
                level=here,
                track=track,
                after=name(parent),
                other=parent_track,
            )
        elif parent_track is None and parent != last_shared:
            problem = doc.problem(
                path,
                "after_not_top_shared",
                located_at=located,
                level=here,
                after=name(parent),
                top=name(last_shared),
            )
        elif (track, parent) in started:
            problem = doc.problem(
                path,
                "track_fork",
                located_at=located,
                level=here,
                track=track,
                other=name(started[(track, parent)]),
                after=name(parent),
            )
        if problem is not None:
            problems.append(problem)
            continue
        started[(str(track), parent)] = index
        parents[index] = -1 if parent is None else parent
    return {i: p for i, p in parents.items() if p >= 0}, problems


def _cycle(start: int, levels: list[Any], by_id: dict[str, int]) -> list[int] | None:
    """The levels of the cycle of `after` links through *start*, when there is one."""
    seen = [start]
    current = start
    for _ in range(len(levels)):
        level = levels[current]
        after = level.get("after") if isinstance(level, dict) else None
        nxt = by_id.get(after) if isinstance(after, str) else (current - 1 if current else None)
        if nxt is None:
            return None
        if nxt == start:
            return [*seen, start]
        if nxt in seen:
            return None
        seen.append(nxt)
        current = nxt
    return None


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
                lv.track,
                lv.after if lv.after is not None else (spec.levels[i - 1].id if i else None),
            )
            for i, lv in enumerate(spec.levels)
        ),
        tracks=tuple(Track(tr.id, _text(tr.name, lang)) for tr in spec.tracks),
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
