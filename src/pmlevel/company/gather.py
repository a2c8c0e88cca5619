"""``pmlevel history --import FILE...|DIR``: a team's files into the history
(docs/reference.md#history-at-scale).

The converse of ``history --export``: a lead who gathered result files, the form's
saved answers and filled-in scorecards brings them into the history, so that
``case``, ``plan``, ``progress`` and the reminder can use them. Files are read the
way ``team`` reads them (:func:`pmlevel.company.team.read_result_file`): estimated
with the current model, a file made with another model or not valid for it is
skipped and listed with the reason, never fatal. Everything derived from the
ratings is computed again (:func:`pmlevel.assess.result.rederive`), so a
hand-edited level in a file never reaches the history.

Importing twice adds nothing the second time: an entry with the same subject,
rater, moment and ratings as one already saved (or one earlier in the same
import) is counted as already there (:meth:`History.holds`). Files are saved in
transactions of :data:`BATCH` results: one commit per batch, not per file, which
is what makes thousands of files a second possible, while another command saving
at the same time waits at most one batch. Working out each file's result is shared
among worker processes for a large import (:mod:`pmlevel.company.parallel`); the
history is written by this process alone, in file order, so ids follow the files, and
a result it already holds is still recognised when saved.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmlevel.assess.result import (
    Derived,
    Result,
    derive_json,
    rederive,
)
from pmlevel.company.parallel import in_order
from pmlevel.company.team import Skipped, find_files, read_result_file, read_result_inputs
from pmlevel.errors import InputError, UsageError
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import History, NewEntry

# What a directory is searched for: results and the form's answers (JSON), scorecards (YAML).
SUFFIXES = (".json", ".yaml", ".yml")
BATCH = 500

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Imported:
    """What an import did: files looked at, entries added, entries already there, skips."""

    files: int
    added: tuple[int, ...]  # the new entries' ids
    known: int  # results the history already held (same subject, rater, moment, ratings)
    skipped: tuple[Skipped, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "added": len(self.added),
            "ids": list(self.added),
            "already": self.known,
            "skipped": [{"file": s.path, "reason": s.code} for s in self.skipped],
        }


def import_files(
    history: History,
    model: LevelModel,
    paths: Sequence[Path],
    progress: ProgressCallback | None = None,
) -> Imported:
    """Import every file named in *paths* (each file as given, and every ``.json``,
    ``.yaml`` and ``.yml`` below each directory) into *history*.

    Raises :class:`UsageError` when nothing is named or a path does not exist (a typo
    is not a broken file); everything else about a file is a skip, with its reason.
    """
    if not paths:
        raise UsageError("history_import_nothing")
    files = find_files(paths, SUFFIXES)
    skipped: list[Skipped] = []
    added: list[int] = []
    known = 0
    batch: list[NewEntry] = []

    def flush() -> None:
        nonlocal known
        ids = history.save_entries(batch, skip_known=True)
        added.extend(i for i in ids if i is not None)
        known += sum(1 for i in ids if i is None)
        batch.clear()

    found = in_order(
        files,
        functools.partial(_prepare, model, history=None),  # known results: found when saved
        functools.partial(_prepare, model, history=history),
    )
    for done, item in enumerate(found, 1):
        if item is None:
            known += 1
        elif isinstance(item, Skipped):
            skipped.append(item)
        else:
            batch.append(item)
            if len(batch) >= BATCH:
                flush()
        if progress is not None and done % BATCH == 0:
            progress(done, len(files))
    if batch:
        flush()
    if progress is not None:
        progress(len(files), len(files))
    return Imported(len(files), tuple(added), known, tuple(skipped))


def _prepare(model: LevelModel, path: Path, history: History | None) -> NewEntry | Skipped | None:
    """The entry *path* adds, everything derived from its ratings worked out again;
    None when *history* already holds it (then nothing is worked out)."""
    found = _read(model, path, history)
    if found is None or isinstance(found, Skipped):
        return found
    if isinstance(found, Derived):
        return NewEntry.derived(found)
    return NewEntry.of(found)


def _read(
    model: LevelModel, path: Path, history: History | None
) -> Result | Derived | Skipped | None:
    """The result *path* adds, with everything derived from its ratings computed again;
    None when the history already holds it (then nothing is worked out).

    A result file takes the short way: only what is not derived is read
    (:class:`~pmlevel.assess.result.ResultInputs`), checked as ``team`` checks it, and
    looked up before anything is derived. Anything else (an answers file, a scorecard,
    a file that is not quite a result) is read as ``team`` reads it.
    """
    source = str(path)
    given = read_result_inputs(model, path)
    if given is None:
        found = read_result_file(model, path)
        if isinstance(found, Skipped):
            return found
        if history is not None and history.holds(found):
            return None
        try:
            return rederive(model, found)
        except InputError:  # a note or name beyond the limits an answers file has
            return Skipped(source, "team_skip_bad_answers")
    if isinstance(given, Skipped):
        return given
    rater = given.rater
    if history is not None and history.holds_entry(
        given.subject, rater.role, rater.name, given.assessed_at, given.ratings
    ):
        return None
    try:
        return derive_json(model, given, source)
    except InputError:
        return Skipped(source, "team_skip_bad_answers")
