"""A result named on the command line: a result file, or the id of a history entry.

``report 7``, ``plan 7``, ``merge 5 7`` and ``agree 5 7`` read entry 7 of the
history; a name that is an existing file is always the file (so a file called
``7`` still works), and anything else is read as a file, with its errors.

Given the model, a file may be an answers file (docs/reference.md#answers-files): an interviewer's
filled-in scorecard or the form's saved JSON, taken "as it is" by ``merge``,
``agree``, ``case`` and ``team``. It is estimated with that model like ``assess --answers``
would, dated by the file's modification time (when it was filled in), and keeps
its rater (``self`` when it names none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlevel.assess.result import Rater, Result, build_result, read_result_document, rederive
from pmlevel.model.yaml_reader import read_yaml_file

if TYPE_CHECKING:
    from pmlevel.model.ladder import LevelModel


def history_id(arg: str) -> int | None:
    """The entry id *arg* stands for, or ``None`` when it names a file."""
    text = arg.strip()
    if text.isascii() and text.isdigit() and not Path(arg).exists():
        return int(text)
    return None


def looks_like_answers(data: Any) -> bool:
    """Whether a file's parsed content is an answers file (ratings, no estimate), which
    is estimated with the current model, rather than a result."""
    return isinstance(data, dict) and "ratings" in data and "estimate" not in data


def read_rated(path: Path, model: LevelModel | None = None) -> Result:
    """A result file; with *model*, an answers file too (see the module notes)."""
    return _read_rated(path, model)[0]


def _read_rated(path: Path, model: LevelModel | None) -> tuple[Result, Any]:
    """:func:`read_rated`, with the document a result file was read from (None for an
    answers file, which is estimated with *model* as it is read)."""
    if model is None:
        return read_result_document(path)

    kind = path.suffix.lower()
    if kind in (".yaml", ".yml", ".json"):
        doc = read_yaml_file(path)
        if looks_like_answers(doc.data):
            # Imported only for an answers file: see assessment.py's import of read_answers.
            from pmlevel.assess.answers import check_answers

            answers = check_answers(doc, model)
            filled = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
            made = build_result(
                model,
                answers.ratings,
                notes=answers.notes,
                subject=answers.subject,
                rater=Rater.model_validate(
                    {"role": answers.rater_role or "self", "name": answers.rater_name}
                ),
                assessed_at=filled.replace(microsecond=0),
                level=answers.level,
            )
            return made, None
    return read_result_document(path)


def read_sources(
    args: Sequence[str], data_dir: Path, model: LevelModel | None = None
) -> list[tuple[str, Result]]:
    """Each argument's result, with the name it is shown by (``#7`` or the file name).

    With *model*, answers files are results too (see the module notes), and each
    result is checked against *model* with everything derived from its ratings
    computed again (:func:`~pmlevel.assess.result.rederive`): what a file says its level
    is, is never shown. Results not all made with *model* are returned as read,
    for the caller to say so (``merge``, ``agree``), not a skill at a time.
    """
    found = _read_all(args, data_dir, model)
    if model is None or any(result.model.sha256 != model.sha256 for _, result, _ in found):
        return [(shown, result) for shown, result, _ in found]
    return [(shown, rederive(model, result, doc)) for shown, result, doc in found]


def read_source(arg: str, data_dir: Path, model: LevelModel | None = None) -> tuple[str, Result]:
    """One result (not an answers file); with *model*, always checked and derived again
    with it (one made with another model is then read against the current one)."""
    ((shown, result, doc),) = _read_all([arg], data_dir, None)
    return shown, result if model is None else rederive(model, result, doc)


def read_source_document(arg: str, data_dir: Path) -> tuple[Result, Any]:
    """One result as read (not an answers file), with the document a file was read from
    (None for a history entry): :func:`~pmlevel.assess.result.rederive` locates a problem
    with it there, without reading the file again."""
    ((_, result, doc),) = _read_all([arg], data_dir, None)
    return result, doc


def _read_all(
    args: Sequence[str], data_dir: Path, model: LevelModel | None
) -> list[tuple[str, Result, Any]]:
    """(shown name, result, the document a file was read from or None) for each argument."""
    ids = {arg: history_id(arg) for arg in args}
    if all(n is None for n in ids.values()):
        return [(arg, *_read_rated(Path(arg), model)) for arg in args]

    # Imported here: a file named on the command line needs no history (`report FILE`).
    from pmlevel.store.history import History

    found: list[tuple[str, Result, Any]] = []
    with History.open(data_dir, readonly=True) as history:
        for arg in args:
            entry = ids[arg]
            if entry is None:
                found.append((arg, *_read_rated(Path(arg), model)))
            else:
                found.append((f"#{entry}", history.get(entry), None))
    return found
