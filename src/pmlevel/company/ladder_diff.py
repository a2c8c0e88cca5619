"""Two versions of a ladder side by side (``pmlevel diff``, docs/reference.md#ladder-versions).

Ladders are revised after every review cycle. :func:`diff_models` says what changed
between an old and a new version: tracks, levels and skills added, removed or renamed,
the expectations, core skills and weights of the levels and skills both versions have,
and whose anchors say something else now. Everything is matched **by id**: a skill with
the same id and a new name is renamed, a skill whose id is gone is removed (its ratings
do not carry over), whatever the names say.

:func:`people_moves` adds how each person's estimate moves if the new version is
adopted: the result that places each person (as ``team`` places them:
docs/reference.md#whose-results), made with the old version, estimated with both. Result
files are read with ``team``'s reader (:func:`pmlevel.company.team.read_result_file`),
the history through its indexed queries (one lookup per person and role, never a scan
of the entries). A skill the new version expects that a saved result has no rating for
counts at the lowest point of the scale, as everywhere (docs/reference.md#the-estimate),
and is named: those are the ratings to collect before the new version is used.

Ratings only mean something on the scale they were given on: between versions whose
scales differ, expectations are not compared (the diff says so) and people are not
re-estimated (an error).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pmlevel.assess.estimate import Estimate, Estimator, compile_model
from pmlevel.assess.people import LookAlike, look_alikes
from pmlevel.company.team import PLACING_ROLES, Entry, Skipped, find_files, place, read_entries
from pmlevel.errors import InputError, Problem, UsageError
from pmlevel.model.ladder import LevelModel, Text
from pmlevel.store.history import HistoryError

if TYPE_CHECKING:
    from pmlevel.store.history import Entry as SavedEntry
    from pmlevel.store.history import History

ProgressCallback = Callable[[int, int], None]
Move = Literal["up", "down", "same", "changed"]
MOVES: tuple[Move, ...] = ("down", "up", "changed", "same")  # the order people are listed in


# -- what changed in the ladder -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Renamed:
    """The same id with another name: the name in each version, and the languages whose
    text differs (a translation added counts)."""

    id: str
    old: Text
    new: Text

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(
            sorted(
                lang for lang in {*self.old, *self.new} if self.old.get(lang) != self.new.get(lang)
            )
        )

    def to_json(self, old: LevelModel, new: LevelModel, lang: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "from": old.text(self.old, lang),
            "to": new.text(self.new, lang),
            "languages": list(self.languages),
        }


@dataclass(frozen=True, slots=True)
class Changes:
    """Ids added and removed (each in its version's order), and the renamed."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[Renamed, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.renamed)

    def to_json(self, old: LevelModel, new: LevelModel, lang: str) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "renamed": [r.to_json(old, new, lang) for r in self.renamed],
        }


@dataclass(frozen=True, slots=True)
class ExpectationChange:
    """A level's expectation of a skill: ``None`` where the level does not expect it."""

    level: str
    skill: str
    old: int | None
    new: int | None


@dataclass(frozen=True, slots=True)
class CoreChange:
    level: str
    skill: str
    change: Literal["added", "removed"]


@dataclass(frozen=True, slots=True)
class WeightChange:
    skill: str
    old: float
    new: float


@dataclass(frozen=True, slots=True)
class LevelMoved:
    """A level now on another track, or directly above another level (its ``after``)."""

    level: str
    old_track: str | None
    old_after: str | None
    new_track: str | None
    new_after: str | None


@dataclass(frozen=True, slots=True)
class RuleChange:
    """``estimation.min_share`` or ``estimation.max_shortfall``, changed."""

    key: Literal["min_share", "max_shortfall"]
    old: float
    new: float


@dataclass(frozen=True, slots=True)
class LadderDiff:
    """What changed from *old* to *new* (docs/reference.md#diff-json)."""

    old: LevelModel
    new: LevelModel
    tracks: Changes
    levels: Changes
    skills: Changes
    moved: tuple[LevelMoved, ...]
    expectations: tuple[ExpectationChange, ...]
    core: tuple[CoreChange, ...]
    weights: tuple[WeightChange, ...]
    anchors_changed: tuple[str, ...]  # skills whose anchors in force say something else
    scale_anchors_changed: tuple[int, ...]  # points of the scale whose own anchor changed
    rule: tuple[RuleChange, ...]

    @property
    def comparable(self) -> bool:
        """Whether ratings mean the same on both: the same points of the scale."""
        return scale_of(self.old) == scale_of(self.new)

    @property
    def unchanged(self) -> bool:
        """Nothing the diff looks at changed (texts it does not compare may have)."""
        return self.comparable and not (
            self.tracks
            or self.levels
            or self.skills
            or self.moved
            or self.expectations
            or self.core
            or self.weights
            or self.anchors_changed
            or self.scale_anchors_changed
            or self.rule
        )

    def to_json(self, lang: str) -> dict[str, Any]:
        old, new = self.old, self.new
        return {
            "old": _model_json(old, lang),
            "new": _model_json(new, lang),
            "scale": {
                "from": _scale_json(old),
                "to": _scale_json(new),
                "comparable": self.comparable,
                "anchors_changed": list(self.scale_anchors_changed),
            },
            "tracks": self.tracks.to_json(old, new, lang),
            "levels": {
                **self.levels.to_json(old, new, lang),
                "moved": [
                    {
                        "level": m.level,
                        "from": {"track": m.old_track, "after": m.old_after},
                        "to": {"track": m.new_track, "after": m.new_after},
                    }
                    for m in self.moved
                ],
            },
            "skills": self.skills.to_json(old, new, lang),
            "expectations": [
                {"level": e.level, "skill": e.skill, "from": e.old, "to": e.new}
                for e in self.expectations
            ],
            "expectations_compared": self.comparable,
            "core": [{"level": c.level, "skill": c.skill, "change": c.change} for c in self.core],
            "weights": [{"skill": w.skill, "from": w.old, "to": w.new} for w in self.weights],
            "anchors_changed": list(self.anchors_changed),
            "estimation": [{"key": r.key, "from": r.old, "to": r.new} for r in self.rule],
        }


def scale_of(model: LevelModel) -> tuple[int, int]:
    return (model.scale.min, model.scale.max)


def _model_json(model: LevelModel, lang: str) -> dict[str, Any]:
    return {"file": model.source, "name": model.text(model.name, lang), "sha256": model.sha256}


def _scale_json(model: LevelModel) -> dict[str, int]:
    return {"min": model.scale.min, "max": model.scale.max}


def _changes(old: Sequence[tuple[str, Text]], new: Sequence[tuple[str, Text]]) -> Changes:
    """Added, removed and renamed among (id, name) pairs: matched by id only."""
    before = dict(old)
    after = dict(new)
    return Changes(
        added=tuple(i for i, _ in new if i not in before),
        removed=tuple(i for i, _ in old if i not in after),
        renamed=tuple(
            Renamed(i, before[i], name) for i, name in new if i in before and before[i] != name
        ),
    )


def diff_models(old: LevelModel, new: LevelModel) -> LadderDiff:
    """Everything that changed from *old* to *new*, matched by id (see the module notes).

    Per level and skill, only levels both versions have are compared: a level added or
    removed is listed as such, its expectations with it. Expectations are compared only
    when both scales have the same points (:attr:`LadderDiff.comparable`).
    """
    old_levels = {level.id: level for level in old.levels}
    old_skills = {skill.id: skill for skill in old.skills}
    both_levels = [level for level in new.levels if level.id in old_levels]
    both_skills = [skill for skill in new.skills if skill.id in old_skills]
    # Skills in the new order, then those only the old version has.
    new_ids = {skill.id for skill in new.skills}
    skill_order = [s.id for s in new.skills] + [s.id for s in old.skills if s.id not in new_ids]

    expectations: list[ExpectationChange] = []
    core: list[CoreChange] = []
    moved: list[LevelMoved] = []
    comparable = scale_of(old) == scale_of(new)
    for level in both_levels:
        before = old_levels[level.id]
        if comparable:
            for skill_id in skill_order:
                was, now = before.expectations.get(skill_id), level.expectations.get(skill_id)
                if was != now:
                    expectations.append(ExpectationChange(level.id, skill_id, was, now))
        core += [CoreChange(level.id, s, "added") for s in level.core if s not in before.core]
        core += [CoreChange(level.id, s, "removed") for s in before.core if s not in level.core]
        if (before.track, before.after) != (level.track, level.after):
            moved.append(LevelMoved(level.id, before.track, before.after, level.track, level.after))
    points = sorted({*old.scale.anchors, *new.scale.anchors})
    rule: list[RuleChange] = []
    if old.min_share != new.min_share:
        rule.append(RuleChange("min_share", old.min_share, new.min_share))
    if old.max_shortfall != new.max_shortfall:
        rule.append(RuleChange("max_shortfall", old.max_shortfall, new.max_shortfall))
    return LadderDiff(
        old=old,
        new=new,
        tracks=_changes([(t.id, t.name) for t in old.tracks], [(t.id, t.name) for t in new.tracks]),
        levels=_changes(
            [(lv.id, lv.name) for lv in old.levels], [(lv.id, lv.name) for lv in new.levels]
        ),
        skills=_changes([(s.id, s.name) for s in old.skills], [(s.id, s.name) for s in new.skills]),
        moved=tuple(moved),
        expectations=tuple(expectations),
        core=tuple(core),
        weights=tuple(
            WeightChange(s.id, old_skills[s.id].weight, s.weight)
            for s in both_skills
            if old_skills[s.id].weight != s.weight
        ),
        anchors_changed=tuple(s.id for s in both_skills if old_skills[s.id].anchors != s.anchors),
        scale_anchors_changed=tuple(
            p for p in points if old.scale.anchors.get(p) != new.scale.anchors.get(p)
        ),
        rule=tuple(rule),
    )


# -- reading the two versions ------------------------------------------------------------


# The keys only a model has at its top; a file with none of them is something else.
_MODEL_KEYS = ("levels", "skills", "scale")


def load_version(path: Path, load: Callable[[Path], LevelModel]) -> LevelModel:
    """The model in *path*, read by *load* (the loader, with the cache); a file that is
    not a model at all (a result, notes, a spreadsheet) is one located problem naming
    it, rather than a list of every key a model would need."""
    try:
        return load(path)
    except InputError as exc:
        if _not_a_model(exc.problems):
            source = exc.problems[0].source
            raise InputError([Problem(source, "diff_not_a_model", line=1, column=1)]) from None
        raise


def _not_a_model(problems: Sequence[Problem]) -> bool:
    """Whether the loader's problems say the file is no model at all: its top is not a
    mapping, or it has none of the keys every model has."""
    if any(p.message == "top_not_mapping" for p in problems):
        return True
    missing = {p.path for p in problems if p.message == "missing_field"}
    return all(key in missing for key in _MODEL_KEYS)


# -- how each person's estimate moves ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Standing:
    """A person's estimate under one version: level, its track, every track's level (with
    tracks), the next level and readiness."""

    level: str | None
    track: str | None
    tracks: tuple[tuple[str, str | None], ...]
    next_level: str | None
    readiness: float | None

    @classmethod
    def of(cls, found: Estimate) -> Standing:
        return cls(
            found.level,
            found.track,
            tuple((state.track, state.level) for state in found.tracks),
            found.next_level,
            found.readiness,
        )

    def to_json(self, with_tracks: bool) -> dict[str, Any]:
        made: dict[str, Any] = {
            "level": self.level,
            "track": self.track,
            "next_level": self.next_level,
            "readiness": self.readiness,
        }
        if with_tracks:
            made["tracks"] = [{"track": track, "level": level} for track, level in self.tracks]
        return made


@dataclass(frozen=True, slots=True)
class PersonMove:
    """One person: the result that placed them, their standing under each version, how
    the level moves, and the skills the new version expects that the result has no
    rating for."""

    subject: str | None  # None: the results that name no one ("me")
    file: str | None  # the result file, or None for a history entry
    entry: int | None  # the history id, or None for a file
    role: str
    old: Standing
    new: Standing
    move: Move
    uncovered: tuple[str, ...]

    def to_json(self, old_tracks: bool, new_tracks: bool) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "file": self.file,
            "id": self.entry,
            "based_on": self.role,
            "old": self.old.to_json(old_tracks),
            "new": self.new.to_json(new_tracks),
            "move": self.move,
            "uncovered": list(self.uncovered),
        }


@dataclass(frozen=True, slots=True)
class PeopleMoves:
    """Everyone's move, what was looked at and what was left out (and why)."""

    people: tuple[PersonMove, ...]
    looked_at: int  # result files read, or people in the history
    skipped: tuple[Skipped, ...]
    source: Literal["files", "history"]
    look_alike: tuple[LookAlike, ...] = ()

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("up", "down", "same", "changed"), 0)
        for person in self.people:
            counts[person.move] += 1
        return counts

    def uncovered(self, order: Sequence[str]) -> list[tuple[str, int]]:
        """Each skill some saved result has no rating for, with how many people, in *order*."""
        counts = dict.fromkeys(order, 0)
        for person in self.people:
            for skill in person.uncovered:
                counts[skill] = counts.get(skill, 0) + 1
        return [(skill, n) for skill, n in counts.items() if n]

    def to_json(self, diff: LadderDiff) -> dict[str, Any]:
        old_tracks, new_tracks = bool(diff.old.tracks), bool(diff.new.tracks)
        return {
            "people": [p.to_json(old_tracks, new_tracks) for p in self.people],
            "moves": self.counts(),
            "uncovered": [
                {"skill": skill, "people": n}
                for skill, n in self.uncovered([s.id for s in diff.new.skills])
            ],
            "source": self.source,
            "looked_at": self.looked_at,
            "skipped": [
                {"file": s.path, "id": s.params.get("id"), "reason": s.code} for s in self.skipped
            ],
            "look_alike": [group.to_json() for group in self.look_alike],
        }


def check_people_source(paths: Sequence[Path], results: bool, history: bool) -> None:
    """``--results FILE...|DIR`` or ``--history``, not both; files only with ``--results``."""
    if results and history:
        raise UsageError("diff_results_and_history")
    if results and not paths:
        raise UsageError("diff_results_none")
    if paths and not results:
        raise UsageError("diff_extra_paths", paths=", ".join(str(p) for p in paths))


def check_comparable(diff: LadderDiff) -> None:
    """People are re-estimated only between versions whose scales agree."""
    if not diff.comparable:
        (old_min, old_max), (new_min, new_max) = scale_of(diff.old), scale_of(diff.new)
        raise UsageError(
            "diff_scales_people",
            old=f"{old_min}–{old_max}",
            new=f"{new_min}–{new_max}",
        )


class _Mover:
    """Both versions compiled once; each placed entry becomes a :class:`PersonMove`."""

    def __init__(self, old: LevelModel, new: LevelModel) -> None:
        self.old: Estimator = compile_model(old)
        self.new: Estimator = compile_model(new)
        expected = {skill for level in new.levels for skill in level.expectations}
        self.expected = tuple(s.id for s in new.skills if s.id in expected)
        # Where a level sits on its chain in the new version: how a level moves.
        self.position = {
            level_id: rank[0]
            for level_id, rank in zip(self.new.level_ids, self.new.rank, strict=True)
        }

    def move(self, entry: Entry, history_id: int | None) -> PersonMove:
        ratings = entry.ratings
        before = self.old.estimate(self.old.vector(ratings))
        after = self.new.estimate(self.new.vector(ratings))
        return PersonMove(
            subject=entry.subject,
            file=None if history_id is not None else entry.path,
            entry=history_id,
            role=entry.role,
            old=Standing.of(before),
            new=Standing.of(after),
            move=self._direction(before.level, after.level),
            uncovered=tuple(s for s in self.expected if s not in ratings),
        )

    def _direction(self, was: str | None, now: str | None) -> Move:
        if was == now:
            return "same"
        position = self.position
        if was is not None and was not in position:
            return "changed"  # a level the new version does not have
        low = position.get(was, -1) if was is not None else -1
        high = position.get(now, -1) if now is not None else -1
        if low == high:
            return "changed"  # another level at the same height (another track)
        return "up" if high > low else "down"


def _sorted(people: Iterable[PersonMove]) -> tuple[PersonMove, ...]:
    """Those whose level moves first (down, up, changed), then the rest; by name within."""
    rank = {move: i for i, move in enumerate(MOVES)}
    return tuple(
        sorted(
            people,
            key=lambda p: (rank[p.move], p.subject is None, (p.subject or "").casefold()),
        )
    )


def _for_diff(skipped: Iterable[Skipped]) -> list[Skipped]:
    """``team``'s reasons, said of the old version rather than "the current model"."""
    worded = {"foreign_model", "bad_rating", "bad_answers"}
    return [
        Skipped(s.path, f"diff_skip_{s.code}", s.params) if s.code in worded else s for s in skipped
    ]


def moves_from_files(
    diff: LadderDiff, paths: Sequence[Path], progress: ProgressCallback | None = None
) -> PeopleMoves:
    """``diff --results FILE...|DIR``: the result that places each person among the
    files made with the old version, estimated with both versions."""
    check_comparable(diff)
    files = find_files(paths)
    skipped: list[Skipped] = []
    placed = place(read_entries(diff.old, files, skipped, progress), skipped)
    mover = _Mover(diff.old, diff.new)
    people = _sorted(mover.move(entry, None) for entry in placed)
    return PeopleMoves(
        people=people,
        looked_at=len(files),
        skipped=tuple(_for_diff(skipped)),
        source="files",
        look_alike=tuple(look_alikes(p.subject for p in people)),
    )


def moves_from_history(history: History, diff: LadderDiff) -> PeopleMoves:
    """``diff --history``: the same, from the history: for each person the latest agreed
    result made with the old version, else manager's, else self-rating.

    Three indexed lookups per person find it, and three more the result the same rule
    picks among every version's; when that one was made with another model it is
    listed as skipped (the person may already be on the new version), and a person
    with no result of the old version at all is left out that way.
    """
    check_comparable(diff)
    sha = diff.old.sha256
    chosen = _placing(history, sha)
    anywhere = _placing(history, None)
    skipped: list[Skipped] = []
    for key, entry in anywhere.items():
        mine = chosen.get(key)
        if entry.model_sha256 != sha and (mine is None or mine.id != entry.id):
            skipped.append(
                Skipped(
                    f"#{entry.id}",
                    "diff_skip_foreign_model",
                    {"name": entry.model_name, "sha": entry.model_sha256[:8], "id": entry.id},
                )
            )
    mover = _Mover(diff.old, diff.new)
    known = {s.id for s in diff.old.skills}
    low, high = scale_of(diff.old)
    moved: list[PersonMove] = []
    for key, found in chosen.items():
        try:
            result = history.get(found.id)
        except HistoryError:
            skipped.append(Skipped(f"#{found.id}", "diff_skip_damaged", {"id": found.id}))
            continue
        ratings = result.ratings
        bad = next((s for s, v in ratings.items() if s not in known or not low <= v <= high), None)
        if bad is not None:
            skipped.append(
                Skipped(f"#{found.id}", "diff_skip_bad_rating", {"skill": bad, "id": found.id})
            )
            continue
        subject = " ".join(result.subject.split()) if key is not None and result.subject else None
        placed = Entry(
            key or "",
            subject,
            result.assessed_at.timestamp(),
            f"#{found.id}",
            result.rater.role,
            ratings,
            result.rater.name,
        )
        moved.append(mover.move(placed, found.id))
    people = _sorted(moved)
    return PeopleMoves(
        people=people,
        looked_at=len(anywhere),
        skipped=tuple(sorted(skipped, key=lambda s: int(s.params.get("id", 0)))),
        source="history",
        look_alike=tuple(look_alikes(p.subject for p in people)),
    )


def _placing(history: History, model_sha256: str | None) -> dict[str | None, SavedEntry]:
    """Each person's placing entry (docs/reference.md#whose-results): their latest agreed
    one, else manager's, else self-rating; made with *model_sha256* when given."""
    placed: dict[str | None, SavedEntry] = {}
    for role in PLACING_ROLES:  # agreed first: the first role found for a person wins
        for key, entry in history.latest_by_person(role, model_sha256=model_sha256).items():
            placed.setdefault(key, entry)
    return placed


@dataclass(frozen=True)
class Versions:
    """What ``pmlevel diff`` shows: the ladder's changes, and with ``--results`` or
    ``--history`` how each person moves."""

    diff: LadderDiff
    people: PeopleMoves | None = None

    def to_json(self, lang: str) -> dict[str, Any]:
        made = self.diff.to_json(lang)
        if self.people is not None:
            made.update(self.people.to_json(self.diff))
        return made

    def empty_error(self) -> UsageError | None:
        """With people asked for and no one to show: an error (exit 2), as for ``team``."""
        if self.people is None or self.people.people:
            return None
        if self.people.source == "history":
            return UsageError("diff_history_empty", skipped=len(self.people.skipped))
        return UsageError(
            "diff_results_empty", files=self.people.looked_at, skipped=len(self.people.skipped)
        )
