"""A result named on the command line: a result file, or the id of a history entry.

``report 7``, ``plan 7``, ``merge 5 7`` and ``agree 5 7`` read entry 7 of the
history; a name that is an existing file is always the file (so a file called
``7`` still works), and anything else is read as a file, with its errors.

Given the model, a file may also be an answers file (SPEC §5): an interviewer's
filled-in scorecard or the form's saved JSON, taken "as it is" by ``merge``,
``agree`` and ``case``. It is estimated with that model like ``assess --answers``
would, dated by the file's modification time (when it was filled in), and keeps
its rater (``self`` when it names none).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pmlevel.result import Result, read_result

if TYPE_CHECKING:
    from pmlevel.model import LevelModel


def history_id(arg: str) -> int | None:
    """The entry id *arg* stands for, or ``None`` when it names a file."""
    text = arg.strip()
    if text.isascii() and text.isdigit() and not Path(arg).exists():
        return int(text)
    return None


def read_rated(path: Path, model: LevelModel | None = None) -> Result:
    """A result file; with *model*, an answers file too (see the module notes)."""
    if model is None:
        return read_result(path)
    import datetime as dt

    from pmlevel.yaml_reader import read_yaml_file

    kind = path.suffix.lower()
    if kind in (".yaml", ".yml", ".json"):
        doc = read_yaml_file(path)
        if isinstance(doc.data, dict) and "ratings" in doc.data and "estimate" not in doc.data:
            from pmlevel.answers import check_answers
            from pmlevel.result import Rater, build_result

            answers = check_answers(doc, model)
            filled = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
            return build_result(
                model,
                answers.ratings,
                notes=answers.notes,
                subject=answers.subject,
                rater=Rater.model_validate(
                    {"role": answers.rater_role or "self", "name": answers.rater_name}
                ),
                assessed_at=filled.replace(microsecond=0),
            )
    return read_result(path)


def read_sources(
    args: Sequence[str], data_dir: Path, model: LevelModel | None = None
) -> list[tuple[str, Result]]:
    """Each argument's result, with the name it is shown by (``#7`` or the file name).
    With *model*, answers files are results too (see the module notes)."""
    ids = {arg: history_id(arg) for arg in args}
    found: list[tuple[str, Result]] = []
    if any(n is not None for n in ids.values()):
        from pmlevel.history import History

        with History.open(data_dir) as history:
            for arg in args:
                entry = ids[arg]
                if entry is None:
                    found.append((arg, read_rated(Path(arg), model)))
                else:
                    found.append((f"#{entry}", history.get(entry)))
        return found
    return [(arg, read_rated(Path(arg), model)) for arg in args]


def read_source(arg: str, data_dir: Path) -> tuple[str, Result]:
    (found,) = read_sources([arg], data_dir)
    return found
