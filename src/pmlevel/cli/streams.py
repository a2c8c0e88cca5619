"""The standard streams at the very edge: closed (``pmlevel >&-``) or full (``>/dev/full``).

Neither is a bug to show a traceback for. A closed stream is reopened on /dev/null
before anything else is opened; output that cannot be written ends the run with
one line on stderr and exit 1.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


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
    if sys.stdout is None:
        sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115


def discard_stdout() -> None:
    """Point stdout at /dev/null, so that what is still buffered cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def output_failed(exc: OSError) -> None:
    """Stdout cannot be written (``>/dev/full``, a full disk): one line on stderr, exit 1."""
    discard_stdout()
    with contextlib.suppress(OSError, ValueError, AttributeError):
        from pmlevel.cli.context import Context

        t = Context.from_environment(argv=sys.argv[1:]).t
        sys.stderr.write(t("output_failed", reason=exc.strerror or str(exc)) + "\n")
        sys.stderr.flush()
    sys.exit(1)
