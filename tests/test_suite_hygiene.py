"""The suite's own guard (conftest.no_process_left_behind): a child a test leaves running
or unreaped is found, killed and reaped, and named; a pty session a failing test leaves
open is ended with its whole process group."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import BACKSTOP, _children, end_leftovers
from pty_session import OPEN, PtySession


def test_a_child_left_running_or_unreaped_is_found_and_ended() -> None:
    before = set(_children())
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    exited = subprocess.Popen([sys.executable, "-c", "pass"])
    os.waitid(os.P_PID, exited.pid, os.WEXITED | os.WNOWAIT)  # gone, but not reaped: a zombie

    left = end_leftovers(before)

    assert set(left) == {running.pid, exited.pid}
    assert left[exited.pid].startswith("Z")
    assert "time.sleep(600)" in left[running.pid]
    # killed and reaped: no such process any more (it did not sleep ten minutes)
    assert not Path(f"/proc/{running.pid}").exists()
    assert not Path(f"/proc/{exited.pid}").exists()
    running.wait(timeout=BACKSTOP)  # already reaped: Popen learns it at once
    exited.wait(timeout=BACKSTOP)
    assert end_leftovers(before) == {}


def test_a_pty_session_ends_its_process_group_when_closed(home: Path) -> None:
    session = PtySession(["assess", "--no-save"], home)
    session.expect("1/19")
    assert session in OPEN
    session.close()
    assert session not in OPEN
    assert session.proc.returncode is not None
    assert session.proc.pid not in _children()
    session.close()  # twice is fine
