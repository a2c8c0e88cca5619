"""Many people's results at once (``pmlevel team``): levels, who is ready, where the team is thin.

Built for a large organisation (10,000 result files in a few seconds, little
memory), so loading is lean: each file is read as bytes and validated by
pydantic's Rust JSON parser, only what the summary needs is kept (the ratings,
not the whole result), and only the latest result of each subject survives.

A file that cannot be used is skipped and listed with the reason, never fatal:
one broken file must not hide a whole team. The estimate is recomputed from the
ratings with the current model, so a stale or hand-edited ``estimate`` in a file
cannot lie; files made with another model are skipped rather than mixed in.
An answers file (``pmlevel form``'s saved JSON, a filled-in scorecard) is estimated
with the current model as ``merge``, ``agree`` and ``case`` read it
(:mod:`pmlevel.assess.sources`); one that is not complete or valid is skipped with the reason.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from pmlevel.assess.estimate import compile_model, path_to_next
from pmlevel.assess.people import HIRING_ROLES, LookAlike, look_alikes, person_key
from pmlevel.assess.result import Result, ResultInputs, parse_result_inputs, parse_result_json
from pmlevel.assess.sources import looks_like_answers, read_rated
from pmlevel.company.parallel import in_order
from pmlevel.errors import InputError, PmlevelError, UsageError
from pmlevel.model.files import MAX_BYTES, NotARegularFile, TooLarge, read_regular
from pmlevel.model.ladder import LevelModel
from pmlevel.model.yaml_reader import decode_text, wide_encoding

ProgressCallback = Callable[[int, int], None]

# How often (in files) the progress callback is told; telling it for every file
# would cost more than reading small files.
PROGRESS_EVERY = 100

DEFAULT_WITHIN = 2

# Whose result places a person (docs/reference.md#whose-results): a check-in's agreed one, else the
# manager's, else the person's own. Peers', experts' and interviewers' results alone
# do not place anyone: they are opinions to merge, not a basis for a team view.
PLACING_ROLES = ("agreed", "manager", "self")
_RANK = {role: rank for rank, role in enumerate(PLACING_ROLES)}


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file left out of the team, and why (``reason`` is a message id)."""

    path: str
    reason: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        """The reason without its ``team_skip_`` (or ``raters_skip_``) prefix, for ``--json``."""
        return self.reason.partition("_skip_")[2] or self.reason


@dataclass(frozen=True, slots=True)
class Entry:
    """What the summary keeps of one result file."""

    key: str  # the subject, folded (people.person_key); "" for the results that name no one
    subject: str | None  # None: no one named, one person ("me") however many files
    stamp: float  # assessed_at as a POSIX timestamp (naive times read as local)
    path: str
    role: str
    ratings: dict[str, int]
    rater_name: str | None = None
    # Where these ratings place the person (team reads files in worker processes, and
    # works this out there too); None when not worked out yet. Only ever for `ratings`
    # as read: summarise() works it out again for ratings it adjusted.
    standing: Standing | None = None


class Standing(NamedTuple):
    """What the summary shows of one person's ratings: the level and the next one, the
    readiness, the rating points to the next level and the skills under it."""

    level: str | None
    next_level: str | None
    readiness: float | None
    points_to_next: int | None
    short: tuple[str, ...]


def standing_of(model: LevelModel, ratings: Mapping[str, int]) -> Standing:
    """Where *ratings* place a person (:class:`Standing`)."""
    estimator = compile_model(model)
    r = estimator.vector(ratings)
    est = estimator.estimate(r)
    if est.next_level is None:
        return Standing(est.level, None, None, None, ())
    index = estimator.index
    expected = model.level(est.next_level).expectations
    short = tuple(s for s, e in expected.items() if r[index[s]] < e)
    steps = path_to_next(model, ratings, est.next_level)
    points = sum(step.to - step.from_ for step in steps)
    return Standing(est.level, est.next_level, est.readiness, points, short)


@dataclass(frozen=True, slots=True)
class Person:
    subject: str | None  # None: the results that name no one (one person, "me")
    path: str
    role: str
    level: str | None
    next_level: str | None
    readiness: float | None
    points_to_next: int | None  # None at the top level
    short: tuple[str, ...]  # skills under the next level's expectation
    # What the CSV export (render/csv_file.py) writes besides the summary.
    ratings: dict[str, int] = field(default_factory=dict)
    stamp: float | None = None
    rater_name: str | None = None
    # Who manages them: the rater of their latest manager's result ("" when it names
    # no one), None when no manager rated them.
    manager: str | None = None
    # With team --adjust-raters: the rater's offset taken out of these ratings (None:
    # not adjusted, the rater having no offset or the result being an agreed one).
    offset: float | None = None


@dataclass(frozen=True, slots=True)
class ManagerRow:
    """How many of one manager's people sit at each level (the calibration view)."""

    manager: str | None  # as Person.manager
    levels: dict[str, int]  # every level id in order, then "none"
    people: int


@dataclass(frozen=True, slots=True)
class Team:
    people: tuple[Person, ...]
    levels: dict[str, int]  # every level id in order, then "none"
    ready: tuple[Person, ...]
    skills: tuple[tuple[str, int], ...]  # (skill id, people below), most first
    heat: dict[str, dict[str, int]]  # skill id -> next level id -> people short
    within: int
    files: int  # result files looked at (history entries, for a team from the history)
    skipped: tuple[Skipped, ...]
    # Different people whose names look the same ("Li Lei", "Lі Lei" with a Cyrillic і).
    look_alike: tuple[LookAlike, ...] = ()
    managers: tuple[ManagerRow, ...] = ()
    adjusted: bool = False  # team --adjust-raters: ratings less their raters' offsets
    from_history: bool = False  # read from the history, not from files

    def empty_error(self, paths: Sequence[Path]) -> UsageError:
        """With no one left to show, the team is an error (exit 2) saying how many files
        were read and left out; the report says why each was left out, before it."""
        if self.from_history:
            return UsageError("team_empty_history", entries=self.files)
        names = ", ".join(str(path) for path in paths)
        return UsageError("team_empty", files=self.files, skipped=len(self.skipped), paths=names)

    def to_json(self) -> dict[str, Any]:
        """``team --json`` (docs/reference.md#team-json), plus the people, heat table and skips."""
        return {
            "people": len(self.people),
            "levels": self.levels,
            "ready": [_person_json(p) for p in self.ready],
            "skills": [{"skill": skill, "below": below} for skill, below in self.skills],
            "within": self.within,
            "heat": self.heat,
            "members": [_member_json(p, self.adjusted) for p in self.people],
            "managers": [
                {"manager": m.manager, "levels": m.levels, "people": m.people}
                for m in self.managers
            ],
            "adjusted": self.adjusted,
            "files": self.files,
            "skipped": [{"file": s.path, "reason": s.code} for s in self.skipped],
            "look_alike": [group.to_json() for group in self.look_alike],
            "source": "history" if self.from_history else "files",
        }


def _member_json(p: Person, adjusted: bool) -> dict[str, Any]:
    found = {**_person_json(p), "manager": p.manager, "file": p.path}
    if adjusted:
        found["offset"] = None if p.offset is None else round(p.offset, 3)
    return found


def _person_json(p: Person) -> dict[str, Any]:
    return {
        "subject": p.subject,
        "based_on": p.role,
        "level": p.level,
        "next_level": p.next_level,
        "readiness": p.readiness,
        "points_to_next": p.points_to_next,
    }


# -- finding and loading files --------------------------------------------------------


def find_files(paths: Iterable[Path], suffixes: tuple[str, ...] = (".json",)) -> list[Path]:
    """The result files named: each file as given, every file ending in one of
    *suffixes* (``*.json``) below each directory.

    A path that does not exist is a :class:`UsageError` (a typo, not a broken file).
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files = _files_below(path, suffixes)
        elif path.exists():
            files = [path]
        else:
            raise UsageError("team_no_such_path", path=str(path))
        for file in files:
            if file not in seen:
                seen.add(file)
                found.append(file)
    return found


def _files_below(directory: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Every regular file ending in one of *suffixes* below *directory*, sorted.

    ``os.scandir`` knows each entry's type without a ``stat`` per file, and
    leaving out what is not a regular file means a named pipe called
    ``x.json`` cannot make ``team`` hang.
    """
    found: list[Path] = []
    subdirs: list[str] = []
    with os.scandir(directory) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False):
                subdirs.append(entry.path)
            elif entry.name.lower().endswith(suffixes) and _is_file(entry):
                found.append(Path(entry.path))
    for subdir in subdirs:
        found += _files_below(Path(subdir), suffixes)
    return found


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a link that cannot be followed (a loop): the latter is listed,
    then skipped as unreadable with the reason, rather than ending ``team``."""
    try:
        return entry.is_file()
    except OSError:
        return True


def read_entries(
    model: LevelModel,
    files: Sequence[Path],
    skipped: list[Skipped],
    progress: ProgressCallback | None = None,
    *,
    standing: bool = False,
) -> Iterator[Entry]:
    """Every usable result in *files*, in order, as an :class:`Entry`; each file that
    cannot be used is appended to *skipped* with the reason instead.

    Shared by ``team`` (which keeps the result that places each person) and ``raters``
    (which keeps every rater's). *progress* is called with (done, total) every so often
    and once at the end. With *standing*, each entry also says where it places the
    person (:class:`Standing`).
    """
    total = len(files)
    # Reading the files, and with *standing* estimating each, is most of the work:
    # shared among worker processes when there are many (bench/run.py, "team: results
    # per second").
    read = in_order(files, functools.partial(_entry_of, model, standing=standing))
    for done, found in enumerate(read, 1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        if isinstance(found, Skipped):
            skipped.append(found)
        else:
            yield found
    if progress is not None:
        progress(total, total)


def _entry_of(model: LevelModel, path: Path, *, standing: bool = False) -> Entry | Skipped:
    """The entry *path* holds (with its :class:`Standing` when asked), or why it is
    skipped."""
    result: Result | ResultInputs | Skipped | None = read_result_inputs(model, path)
    if result is None:
        result = read_result_file(model, path)
    if isinstance(result, Skipped):
        return result
    # Results that name no one are one person ("me", docs/reference.md#commands), whatever
    # the files are called: their key is "", which no name folds to.
    key = person_key(result.subject) or ""
    name = " ".join(result.subject.split()) if key and result.subject else None
    return Entry(
        key,
        name,
        result.assessed_at.timestamp(),
        str(path),
        result.rater.role,
        result.ratings,
        result.rater.name,
        standing_of(model, result.ratings) if standing else None,
    )


def load_entries(
    model: LevelModel, files: Sequence[Path], progress: ProgressCallback | None = None
) -> tuple[list[Entry], list[Skipped]]:
    """The result that places each subject in *files*, and every file skipped.

    For each subject that is the latest ``agreed`` result, else the latest
    manager's, else the latest self-rating (:data:`PLACING_ROLES`); a subject
    rated only by peers, experts or interviewers is listed as skipped.
    """
    skipped: list[Skipped] = []
    return place(read_entries(model, files, skipped, progress), skipped), skipped


def place(entries: Iterable[Entry], skipped: list[Skipped]) -> list[Entry]:
    """The entry that places each subject (see :func:`load_entries`); the subjects no
    entry places are appended to *skipped*."""
    latest: dict[str, Entry] = {}
    unplaced: dict[str, Entry] = {}  # subjects with no placing result (yet)
    for entry in entries:
        key = entry.key
        rank = _RANK.get(entry.role)
        if rank is None:
            other = unplaced.get(key)
            if other is None or entry.stamp >= other.stamp:
                unplaced[key] = entry
            continue
        kept = latest.get(key)
        if kept is None or (rank, -entry.stamp) <= (_RANK[kept.role], -kept.stamp):
            latest[key] = entry
    for key, entry in unplaced.items():
        if key not in latest:
            skipped.append(Skipped(entry.path, "team_skip_only_others", {"subject": entry.subject}))
    return list(latest.values())


def read_result_file(model: LevelModel, path: Path) -> Result | Skipped:
    """One file as ``team`` and ``history --import`` read it: a result made with *model*
    whose ratings are on its skills and scale, or an answers file (the form's saved
    JSON, a filled-in scorecard, also as YAML) estimated with *model*; else why not.

    Results are returned as the file has them (only their ratings are checked here:
    ``team`` re-estimates from the ratings alone, which is what keeps it fast).
    """
    source = str(path)
    try:
        data = read_regular(path, MAX_BYTES)
    except NotARegularFile:
        return Skipped(source, "team_skip_not_a_file")
    except TooLarge:
        return Skipped(source, "team_skip_too_large", {"limit": MAX_BYTES // 1024})
    except OSError as exc:
        return Skipped(source, "team_skip_unreadable", {"detail": exc.strerror})
    if len(data) > MAX_BYTES:
        return Skipped(source, "team_skip_too_large", {"limit": MAX_BYTES // 1024})
    if wide_encoding(data) is not None:  # UTF-16 or UTF-32 with a BOM, read as elsewhere
        try:
            data = decode_text(data, source).encode("utf-8")
        except InputError:
            return Skipped(source, "team_skip_not_json")
    try:
        result = parse_result_json(data)
    except ValidationError as exc:
        errors = exc.errors()
        kind = errors[0]["type"] if errors else ""
        if kind == "json_invalid":
            if path.suffix.lower() in (".yaml", ".yml"):
                return _from_yaml(model, path)
            return Skipped(source, "team_skip_not_json")
        if errors and all(e["loc"][:1] == ("ratings",) and len(e["loc"]) > 1 for e in errors):
            # a result whose only fault is a rating that is not a whole number
            skill = str(errors[0]["loc"][1])
            return Skipped(source, "team_skip_rating_not_integer", {"skill": skill})
        answers = _from_answers(model, path, data)
        if isinstance(answers, str):
            return Skipped(source, answers)
        result = answers
    return _not_for(model, source, result) or result


def read_result_inputs(model: LevelModel, path: Path) -> ResultInputs | Skipped | None:
    """The short way through a file that is plainly a result JSON, for a reader that
    works everything derived out again (``team``, ``history --import``): only what is
    not derived is read (:class:`~pmlevel.assess.result.ResultInputs`, a third of the
    work of a whole result) and checked as :func:`read_result_file` checks a result.
    None when the file is not plainly a result: :func:`read_result_file` then reads it,
    and says why not."""
    if path.suffix.lower() != ".json":
        return None
    try:
        data = read_regular(path, MAX_BYTES)
    except OSError:
        return None
    if len(data) > MAX_BYTES:
        return None
    try:
        given = parse_result_inputs(data)
    except ValidationError:
        return None
    return _not_for(model, str(path), given) or given


def _not_for(model: LevelModel, source: str, result: Result | ResultInputs) -> Skipped | None:
    """Why *result* cannot be read with *model* (made with another model, or a rating of a
    skill it does not have or off its scale); None when it can."""
    if result.model.sha256 != model.sha256:
        return Skipped(
            source,
            "team_skip_foreign_model",
            {"name": result.model.name, "sha": result.model.sha256[:8]},
        )
    known = compile_model(model).index
    low, high = model.scale.min, model.scale.max
    bad = next(
        (k for k, v in result.ratings.items() if k not in known or not low <= v <= high), None
    )
    if bad is not None:
        return Skipped(source, "team_skip_bad_rating", {"skill": bad})
    return None


def _from_yaml(model: LevelModel, path: Path) -> Result | Skipped:
    """A YAML file (a filled-in scorecard, as ``interview --scorecard`` writes it): an
    answers file estimated with *model*, or a result written as YAML."""
    try:
        return read_rated(path, model)
    except InputError:
        return Skipped(str(path), "team_skip_bad_answers")
    except (PmlevelError, OSError):
        return Skipped(str(path), "team_skip_not_a_result")


def _from_answers(model: LevelModel, path: Path, data: bytes) -> Result | str:
    """An answers file (the form's saved JSON, a filled-in scorecard) as a result, read
    as ``merge``, ``agree`` and ``case`` read it (:func:`pmlevel.assess.sources.read_rated`);
    else the reason it is skipped. Only files that are not results get here, so the
    fast path for results stays as it is."""
    try:
        looks = looks_like_answers(json.loads(data))
    except ValueError:
        looks = False
    if not looks:
        return "team_skip_not_a_result"
    try:
        return read_rated(path, model)
    except (PmlevelError, OSError):
        return "team_skip_bad_answers"


# -- the summary ------------------------------------------------------------------------


def summarise(
    model: LevelModel,
    entries: Iterable[Entry],
    *,
    within: int = DEFAULT_WITHIN,
    files: int = 0,
    skipped: Sequence[Skipped] = (),
    managers: Mapping[str, str] | None = None,
    offsets: Mapping[str, float | None] | None = None,
) -> Team:
    """Levels, the ready list, the skills below the next level, the heat table and the
    levels by manager. *managers* names each subject's manager (by subject key);
    *offsets*, given when the ratings were adjusted, the offset taken out of each."""
    managers = managers or {}
    estimator = compile_model(model)
    level_ids = estimator.level_ids
    skill_ids = estimator.skill_ids
    levels = dict.fromkeys(level_ids, 0)
    levels["none"] = 0
    below = dict.fromkeys(skill_ids, 0)
    heat = {skill_id: dict.fromkeys(level_ids, 0) for skill_id in skill_ids}
    people: list[Person] = []
    for entry in sorted(entries, key=lambda e: (e.key == "", e.key, e.subject or "")):
        # Worked out where the file was read, unless these ratings were adjusted since.
        here = entry.standing
        if here is None or offsets is not None:
            here = standing_of(model, entry.ratings)
        levels[here.level if here.level is not None else "none"] += 1
        if here.next_level is not None:
            for skill_id in here.short:
                below[skill_id] += 1
                heat[skill_id][here.next_level] += 1
        people.append(
            Person(
                entry.subject,
                entry.path,
                entry.role,
                here.level,
                here.next_level,
                here.readiness,
                here.points_to_next,
                here.short,
                entry.ratings,
                entry.stamp,
                entry.rater_name,
                managers.get(entry.key),
                None if offsets is None else offsets.get(entry.key),
            )
        )
    ready = sorted(
        (p for p in people if p.points_to_next is not None and p.points_to_next <= within),
        key=lambda p: (p.points_to_next, -(p.readiness or 0.0), (p.subject or "").casefold()),
    )
    order = {skill_id: i for i, skill_id in enumerate(skill_ids)}
    ranked = sorted(below.items(), key=lambda item: (-item[1], order[item[0]]))
    return Team(
        people=tuple(people),
        levels=levels,
        ready=tuple(ready),
        skills=tuple(ranked),
        heat=heat,
        within=within,
        files=files,
        skipped=tuple(skipped),
        look_alike=tuple(look_alikes(p.subject for p in people)),
        managers=_by_manager(people, level_ids),
        adjusted=offsets is not None,
    )


def _by_manager(people: Sequence[Person], level_ids: Sequence[str]) -> tuple[ManagerRow, ...]:
    """Level counts per manager, managers by name; the unnamed, then those no manager
    rated, last."""
    counts: dict[str | None, dict[str, int]] = {}
    for person in people:
        row = counts.get(person.manager)
        if row is None:
            row = counts[person.manager] = {**dict.fromkeys(level_ids, 0), "none": 0}
        row[person.level if person.level is not None else "none"] += 1
    order = sorted(counts, key=lambda m: (m is None, m == "", (m or "").casefold(), m or ""))
    return tuple(ManagerRow(m, counts[m], sum(counts[m].values())) for m in order)


def team_from_history(model: LevelModel, history: Any, *, within: int = DEFAULT_WITHIN) -> Team:
    """``pmlevel team`` with no files: the people of the history (a
    :class:`~pmlevel.store.history.History`), each placed as from files (the latest agreed
    result, else manager's, else self-rating) among the entries made with *model*; each
    person's entry shown as ``#id``. Candidates (interviewers' and panel members' results)
    are not people of the team; a person rated only by peers or experts, or only with
    another model, is listed as skipped."""
    if within < 0:
        raise UsageError("team_within_negative", within=within)
    entries = [e for e in history.entries() if e.rater_role not in HIRING_ROLES]
    best: dict[str, Any] = {}
    unplaced: dict[str, Any] = {}
    for entry in entries:
        key = person_key(entry.subject) or ""
        rank = _RANK.get(entry.rater_role)
        if rank is None or entry.model_sha256 != model.sha256:
            unplaced[key] = entry
            continue
        kept = best.get(key)
        stamp = entry.assessed_at.timestamp()
        if kept is None or (rank, -stamp) <= (
            _RANK[kept.rater_role],
            -kept.assessed_at.timestamp(),
        ):
            best[key] = entry
    skipped = []
    for key, entry in unplaced.items():
        if key in best:
            continue
        if entry.model_sha256 != model.sha256:
            params = {"name": entry.model_name, "sha": entry.model_sha256[:8]}
            skipped.append(Skipped(f"#{entry.id}", "team_skip_foreign_model", params))
        else:
            name = " ".join(entry.subject.split()) if key and entry.subject else None
            skipped.append(Skipped(f"#{entry.id}", "team_skip_only_others", {"subject": name}))
    placed = []
    for key, entry in best.items():
        result = history.get(entry.id)
        name = " ".join(result.subject.split()) if key and result.subject else None
        placed.append(
            Entry(
                key,
                name,
                result.assessed_at.timestamp(),
                f"#{entry.id}",
                result.rater.role,
                result.ratings,
                result.rater.name,
            )
        )
    latest_manager: dict[str, tuple[float, str]] = {}  # key -> (stamp, manager's name)
    for entry in entries:
        if entry.rater_role == "manager":
            key = person_key(entry.subject) or ""
            mark = (entry.assessed_at.timestamp(), " ".join((entry.rater_name or "").split()))
            if key not in latest_manager or mark[0] >= latest_manager[key][0]:
                latest_manager[key] = mark
    managers = {key: name for key, (_, name) in latest_manager.items()}
    made = summarise(
        model, placed, within=within, files=len(entries), skipped=skipped, managers=managers
    )
    return replace(made, from_history=True)


def load_team(
    model: LevelModel,
    paths: Sequence[Path],
    *,
    within: int = DEFAULT_WITHIN,
    adjust_raters: bool = False,
    progress: ProgressCallback | None = None,
) -> Team:
    """Everything ``pmlevel team`` shows, from files and directories of results.

    With *adjust_raters* (``team --adjust-raters``, docs/reference.md#raters) each person's ratings
    are those of the result that places them less its rater's offset, fitted by
    :mod:`pmlevel.company.raters` over every rating in the same files.
    """
    if within < 0:
        raise UsageError("team_within_negative", within=within)
    files = find_files(paths)
    skipped: list[Skipped] = []
    managers: dict[str, tuple[float, str, str]] = {}  # key -> (stamp, path, manager)
    everything: list[Entry] = []

    def watch(entries: Iterable[Entry]) -> Iterator[Entry]:
        for entry in entries:
            if entry.role == "manager":
                seen = managers.get(entry.key)
                mark = (entry.stamp, entry.path)
                if seen is None or mark > seen[:2]:
                    name = " ".join((entry.rater_name or "").split())
                    managers[entry.key] = (entry.stamp, entry.path, name)
            if adjust_raters:
                everything.append(entry)
            yield entry

    entries = place(watch(read_entries(model, files, skipped, progress, standing=True)), skipped)
    offsets: dict[str, float | None] | None = None
    if adjust_raters:
        from pmlevel.company.raters import adjust

        entries, offsets = adjust(model, everything, entries)
    return summarise(
        model,
        entries,
        within=within,
        files=len(files),
        skipped=skipped,
        managers={key: name for key, (_, _, name) in managers.items()},
        offsets=offsets,
    )
