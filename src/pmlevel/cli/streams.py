"""The standard streams at the very edge: closed (``pmlevel >&-``) or full (``>/dev/full``).

Neither is a bug to show a traceback for. A closed stream's number is reopened on
/dev/null before anything else is opened (so no file takes it). Output that cannot
be delivered ends the run with one line on stderr: exit 2 for a full disk, as for
any other file pmlevel cannot write, and exit 1 for a closed stdout, where a
command's output went nowhere (a command that prints nothing still succeeds).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

# What writing to a full disk raises: the output is lost, the input was fine.
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


class StdoutClosed(OSError):
    """Written to a stdout that was closed when pmlevel started (``pmlevel levels >&-``)."""

    def __init__(self) -> None:
        super().__init__(errno.EBADF, os.strerror(errno.EBADF))


class ClosedStdout(io.TextIOBase):
    """``sys.stdout`` when file descriptor 1 was closed: any text written raises
    :class:`StdoutClosed` instead of vanishing into /dev/null."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if text:
            raise StdoutClosed()
        return 0


def is_output_failure(exc: BaseException) -> bool:
    """Whether *exc* is the standard output failing (closed, or a full disk), not a bug.

    A file pmlevel writes itself fails as a located ``write_failed`` error; an
    ``OSError`` with no file name and a full disk's errno comes from a stream.
    """
    if isinstance(exc, StdoutClosed):
        return True
    return (
        isinstance(exc, OSError)
        and not isinstance(exc, BrokenPipeError)
        and exc.filename is None
        and exc.errno in _FULL_ERRNOS
    )


def reserve_standard_streams() -> None:
    """Open a closed stdin, stdout or stderr on /dev/null.

    Otherwise the next file opened (the history, say) would take its number, and
    whatever is printed would be written into that file.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
    if sys.stdout is None:  # Python found descriptor 1 closed at start-up
        sys.stdout = ClosedStdout()
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115


def discard_stdout() -> None:
    """Point stdout at /dev/null, so that what is still buffered cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def output_failed(exc: OSError, argv: Sequence[str]) -> NoReturn:
    """Stdout cannot be written: one line on stderr (in the language *argv* and the
    environment choose), then exit 1 when it was closed (nothing was delivered) and 2
    for a full disk (``>/dev/full``), as for ``-o``."""
    discard_stdout()
    closed = isinstance(exc, StdoutClosed)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        from pmlevel.cli.context import Context

        t = Context.from_environment(argv=argv).t
        reason = exc.strerror or str(exc)
        line = t("stdout_closed") if closed else t("output_failed", reason=reason)
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    sys.exit(1 if closed else 2)
