"""A result named on the command line: a result file, or the id of a history entry.

``report 7``, ``plan 7``, ``merge 5 7`` and ``agree 5 7`` read entry 7 of the
history; a name that is an existing file is always the file (so a file called
``7`` still works), and anything else is read as a file, with its errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pmlevel.result import Result, read_result


def history_id(arg: str) -> int | None:
    """The entry id *arg* stands for, or ``None`` when it names a file."""
    text = arg.strip()
    if text.isascii() and text.isdigit() and not Path(arg).exists():
        return int(text)
    return None


def read_sources(args: Sequence[str], data_dir: Path) -> list[tuple[str, Result]]:
    """Each argument's result, with the name it is shown by (``#7`` or the file name)."""
    ids = {arg: history_id(arg) for arg in args}
    found: list[tuple[str, Result]] = []
    if any(n is not None for n in ids.values()):
        from pmlevel.history import History

        with History.open(data_dir) as history:
            for arg in args:
                entry = ids[arg]
                if entry is None:
                    found.append((arg, read_result(Path(arg))))
                else:
                    found.append((f"#{entry}", history.get(entry)))
        return found
    return [(arg, read_result(Path(arg))) for arg in args]


def read_source(arg: str, data_dir: Path) -> tuple[str, Result]:
    (found,) = read_sources([arg], data_dir)
    return found
