"""``pmlevel history --import FILE...|DIR``: a team's files into the history (SPEC §7.8).

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
at the same time waits at most one batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmlevel.assess.result import Result, rederive
from pmlevel.company.team import Skipped, find_files, read_result_file
from pmlevel.errors import InputError, UsageError
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import History

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
    batch: list[Result] = []

    def flush() -> None:
        nonlocal known
        ids = history.save_many(batch, skip_known=True)
        added.extend(i for i in ids if i is not None)
        known += sum(1 for i in ids if i is None)
        batch.clear()

    for done, path in enumerate(files, 1):
        found = _read(model, path)
        if isinstance(found, Skipped):
            skipped.append(found)
        else:
            batch.append(found)
            if len(batch) >= BATCH:
                flush()
        if progress is not None and done % BATCH == 0:
            progress(done, len(files))
    if batch:
        flush()
    if progress is not None:
        progress(len(files), len(files))
    return Imported(len(files), tuple(added), known, tuple(skipped))


def _read(model: LevelModel, path: Path) -> Result | Skipped:
    """The result *path* adds, with everything derived from its ratings computed again."""
    found = read_result_file(model, path)
    if isinstance(found, Skipped):
        return found
    try:
        return rederive(model, found)
    except InputError:  # a note or name beyond the limits an answers file has
        return Skipped(str(path), "team_skip_bad_answers")
