"""Reading input files safely."""

from __future__ import annotations

from pathlib import Path

from pmlevel.errors import InputError, Problem

MAX_BYTES = 1 << 20


def read_bytes(path: Path, source: str | None = None, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a whole input file, refusing directories, missing files and huge files."""
    source = source or str(path)
    try:
        if path.is_dir():
            raise InputError([Problem(source, "file_is_directory")])
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError([Problem(source, "file_not_found")]) from None
    except IsADirectoryError:
        raise InputError([Problem(source, "file_is_directory")]) from None
    except OSError as exc:
        raise InputError([Problem(source, "file_unreadable", {"reason": exc.strerror})]) from None
    if len(data) > max_bytes:
        raise InputError([Problem(source, "file_too_large", {"limit": max_bytes // 1024})])
    return data
