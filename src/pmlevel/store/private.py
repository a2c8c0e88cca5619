"""Files that hold evaluations of people: readable by their owner only.

The history, the drafts of typed answers and ``history --export`` copies say how
someone rated a colleague. Whatever the umask, they are created 0600 in folders
pmlevel creates 0700, as the model cache already was.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def make_dir(path: Path) -> None:
    """Create *path* and its missing parents, each 0700 whatever the umask; raises OSError.

    A folder that already exists keeps its mode: it may be one the user chose
    (``PMLEVEL_HOME``) and shares on purpose.
    """
    missing: list[Path] = []
    for folder in (path, *path.parents):
        if folder.is_dir():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if folder.is_dir():
                continue  # another process made it first
            raise
        folder.chmod(DIR_MODE)  # mkdir's mode is cut by the umask


def restrict(path: Path) -> None:
    """Make an existing file of ours 0600 (an older pmlevel left it 0644); quietly."""
    with contextlib.suppress(OSError):
        if path.stat().st_mode & 0o077:
            path.chmod(FILE_MODE)
