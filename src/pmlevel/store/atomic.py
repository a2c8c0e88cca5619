"""Write a file so that it is either the old one or the new one, never half of either.

The text goes to a temporary file in the same directory (so the rename cannot
cross file systems), is flushed and fsynced, then renamed over the target. On
any failure the temporary file is removed and the old file is left as it was.
The new file gets the usual permissions (0666 less the umask), not mkstemp's 0600,
unless it is *private* (a file that holds evaluations of people): then 0600.

A file that is replaced keeps its permissions (a review someone made 0600 stays
0600; a private file never gets wider than 0600). A read-only one (no write bit, or
not writable by this user) is refused unless *force*: its owner made it so on
purpose, and a rename would replace it without a word.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from pmlevel.errors import UsageError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replaceable(path: Path, *, force: bool = False) -> int | None:
    """The permission bits of the regular file at *path*, to keep when it is replaced;
    ``None`` when there is none. A read-only file is a :class:`UsageError`
    (``write_read_only``) unless *force*; commands ask before any work, as for a
    wrong suffix, and :func:`write_atomic` asks again."""
    try:
        found = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    mode = stat.S_IMODE(found.st_mode) & 0o777
    if not force and (mode & 0o222 == 0 or not os.access(path, os.W_OK)):
        raise UsageError("write_read_only", path=str(path))
    return mode


def write_atomic(
    path: Path,
    data: str | bytes | Iterable[str | bytes],
    *,
    private: bool = False,
    force: bool = False,
) -> None:
    """Replace *path* with *data* atomically; raises :class:`UsageError` when it cannot,
    or when *path* is read-only and not *force* (see the module notes).

    *data* may be an iterable of pieces (``history -o``, which streams 100,000 rows):
    they are written as they come, so the file never has to be whole in memory, and
    the target is replaced only after the last piece.
    """
    kept = replaceable(path, force=force)
    if kept is not None:
        mode = kept & 0o600 if private else kept
    else:
        mode = 0o600 if private else 0o666 & ~_umask()
    pieces: Iterable[str | bytes] = [data] if isinstance(data, str | bytes) else data
    directory = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise UsageError("write_failed", path=str(path), reason=exc.strerror or str(exc)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise UsageError("write_failed", path=str(path), reason=reason) from None
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
