"""Run ``pmlevel`` in this process as a new process would run, for the odd-terminal matrix.

What a process gets from outside is swapped for the call: argv, the environment,
and stdin/stdout/stderr as byte buffers wrapped in the encoding the process would
have (``PYTHONIOENCODING=ascii`` gives ASCII streams). Then the console-script
entry point runs. This is what ``Context.from_environment`` reads, so the result
is what a real process shows, in a fraction of the time; tests of what only a
real process shows (pipes closed by the reader, signals, the installed entry
point) stay subprocesses.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Mapping

import pytest

from pmlevel.cli.app import main


def run(
    args: list[str], env: Mapping[str, str], *, stdin: bytes | None = b""
) -> subprocess.CompletedProcess[bytes]:
    encoding = env.get("PYTHONIOENCODING", "utf-8").split(":")[0] or "utf-8"
    out, err = io.BytesIO(), io.BytesIO()
    streams = {
        "stdout": io.TextIOWrapper(out, encoding=encoding, write_through=True),
        "stderr": io.TextIOWrapper(err, encoding=encoding, write_through=True),
        "stdin": io.TextIOWrapper(io.BytesIO(stdin or b""), encoding=encoding),
    }
    code = 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "environ", dict(env))
        patch.setattr(sys, "argv", ["pmlevel", *args])
        for name, stream in streams.items():
            patch.setattr(sys, name, stream)
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        finally:
            streams["stdout"].flush()
            streams["stderr"].flush()
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())
