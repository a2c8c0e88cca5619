"""Reading input files safely."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pmlevel.errors import InputError, Problem

MAX_BYTES = 1 << 20


class NotARegularFile(OSError):
    """A named pipe, a device or a socket where a file was expected."""


class TooLarge(OSError):
    """A regular file larger than the limit, seen from its size before any byte is read."""


def read_regular(path: Path, max_bytes: int) -> bytes:
    """Up to *max_bytes* + 1 bytes of *path*, which must be a regular file; raises OSError.

    Opened without blocking and checked before reading: a named pipe given as a
    file would otherwise wait forever for a writer, a device read without end, and a
    file whose size is over *max_bytes* is refused from its size (:class:`TooLarge`)
    without reading it. The read is still capped: a file may grow after the check.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            raise NotARegularFile(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > max_bytes:
            raise TooLarge(errno.EFBIG, os.strerror(errno.EFBIG), str(path))
        os.set_blocking(fd, True)
        # Read what the size says, and one byte more to see a file that grew, instead of
        # asking for max_bytes + 1 at once, which allocates a whole megabyte for every
        # small file (bench: history_scale.py --only import and team read thousands).
        chunks = []
        left = max_bytes + 1
        ask = min(left, info.st_size + 1)
        while left > 0:
            chunk = os.read(fd, ask)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            ask = min(left, 1 << 16)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_bytes(path: Path, source: str | None = None, *, max_bytes: int = MAX_BYTES) -> bytes:
    """Read a whole input file, refusing directories, pipes, missing files and huge files."""
    source = source or str(path)
    data: bytes | None
    try:
        if path.is_dir():
            raise InputError([Problem(source, "file_is_directory")])
        data = read_regular(path, max_bytes)
    except NotARegularFile:
        raise InputError([Problem(source, "file_not_regular")]) from None
    except TooLarge:
        data = None  # refused below, from its size alone
    except FileNotFoundError:
        raise InputError([Problem(source, "file_not_found")]) from None
    except IsADirectoryError:
        raise InputError([Problem(source, "file_is_directory")]) from None
    except OSError as exc:
        raise InputError([Problem(source, "file_unreadable", {"reason": exc.strerror})]) from None
    if data is None or len(data) > max_bytes:
        raise InputError([Problem(source, "file_too_large", {"limit": max_bytes // 1024})])
    return data
