"""Drive ``pmlevel`` in a real pseudo-terminal, as a person at a keyboard would.

The pty becomes the child's controlling terminal, so typing ``\\x03`` is a real
Ctrl-C (the terminal sends SIGINT) and ``\\x04`` on an empty line is a real EOF.
stdout goes to a pipe so a test can read the JSON result apart from the questions.

Every wait is for an event -- text shown, the prompt drawn, the child blocked reading
its terminal, the process gone -- and returns the moment it happens (the one the
kernel gives no notice of, the child entering read(), is looked at every 5 ms);
:data:`BACKSTOP` is only how long a hung child may take to fail the test, never a
pause (a loaded machine is slow, not wrong). A session
always ends its process: :meth:`PtySession.close` kills the whole process group and
reaps it, and conftest closes every session a test leaves open, passed or failed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import platform
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from types import TracebackType

ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07]*\x07")

# Seconds a child may stay silent (or alive) before the test fails: a hang guard only.
BACKSTOP = 300.0

# The number of read(2) (and readv) per architecture, as /proc/PID/syscall shows it.
_READ_SYSCALLS = {"x86_64": {"0", "19"}, "aarch64": {"63", "65"}}.get(
    platform.machine(), {"0", "3", "63"}
)

#: Sessions not closed yet; conftest closes them after each test.
OPEN: set[PtySession] = set()


class PtySession:
    def __init__(self, args: list[str], home: Path, *, columns: int = 80, lang: str = "en") -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PMLEVEL", "COLUMNS"))
        }
        env.update({"PMLEVEL_HOME": str(home), "LANG": "C.UTF-8", "TERM": "xterm-256color"})
        env["PMLEVEL_LANG"] = lang

        def controlling_terminal() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
            # As a shell starts a foreground job: Ctrl-C and Ctrl-\ do what they do. A
            # suite started in the background (``pytest &``, a CI step, nohup) runs with
            # SIGINT ignored, every child inherits that, and Python then installs no
            # handler: the child would sit through Ctrl-C at its prompt forever.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGQUIT, signal.SIG_DFL)

        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "pmlevel", *args],
                stdin=slave,
                stderr=slave,
                stdout=subprocess.PIPE,
                env=env,
                preexec_fn=controlling_terminal,
            )
        except BaseException:
            os.close(self.master)
            raise
        finally:
            os.close(slave)
        self.screen = ""
        self.closed = False  # the child closed its terminal (it exited, or is exiting)
        OPEN.add(self)

    def __enter__(self) -> PtySession:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _read(self, timeout: float) -> bool:
        """Take what the child has shown, waiting at most *timeout* for something;
        False when nothing came."""
        if self.closed:
            return False
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: every copy of the terminal is closed, the child is gone
            chunk = b""
        if not chunk:
            self.closed = True
            return False
        self.screen += ANSI.sub("", chunk.decode("utf-8", "replace"))
        return True

    def _until(self, done: object, what: str, timeout: float) -> None:
        """Read until ``done()`` is true; fail naming *what* once the child has closed
        the terminal without it (nothing more can come), or after *timeout* seconds."""
        assert callable(done)
        deadline = time.monotonic() + timeout
        while not done():
            left = deadline - time.monotonic()
            if self.closed or left <= 0:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=min(max(left, 0.0), 5.0))
                code = self.proc.poll()
                state = "still running" if code is None else f"exited with {code}"
                raise AssertionError(
                    f"never saw {what} ({state}); screen ends with:\n{self.screen[-1500:]}"
                )
            self._read(left)

    def expect(self, text: str, timeout: float = BACKSTOP) -> str:
        """Wait until *text* has been shown; return everything shown so far."""
        self._until(lambda: text in self.screen, repr(text), timeout)
        return self.screen

    def expect_prompt(self, question: str, prompt: str = "›", timeout: float = BACKSTOP) -> None:
        """Wait until *question* is shown and its prompt after it, i.e. the program waits
        for input. Ctrl-C pressed before that can land between Python's check for signals
        and the blocking read, and is only seen once a line is typed (CPython's signal
        handling), so a test that presses it must wait for the prompt first."""

        def shown() -> bool:
            at = self.screen.rfind(question)
            return at >= 0 and prompt in self.screen[at:]

        self._until(shown, f"the prompt of {question!r}", timeout)
        self._wait_reading(timeout)

    def _wait_reading(self, timeout: float) -> None:
        """Wait until the child is blocked reading its terminal (``/proc/PID/syscall``:
        a read of fd 0), the one moment a Ctrl-C is sure to interrupt the read.

        Drawing the prompt is not that moment: ``input()`` checks for signals, then
        calls read(); a SIGINT that comes in between only sets a flag the blocked read
        never looks at, and the key is seen after the next line. On an idle machine the
        gap is microseconds; on a loaded one the child can be descheduled inside it.
        The kernel knows when the read has begun: that is the event waited for."""
        deadline = time.monotonic() + timeout
        status = Path(f"/proc/{self.proc.pid}/syscall")
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                fields = status.read_text().split()
            except OSError:
                return  # no /proc (not Linux): the prompt is the best there is
            if len(fields) > 1 and fields[0] in _READ_SYSCALLS and int(fields[1], 16) == 0:
                return
            time.sleep(0.005)  # the kernel offers no notification of this; a short look
        raise AssertionError(f"the child never waited for input:\n{self.screen[-1500:]}")

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\r").encode())

    def press(self, key: str) -> None:
        os.write(self.master, key.encode())

    def finish(self, timeout: float = BACKSTOP) -> tuple[int, str]:
        """Wait for the process to exit; return its exit code and stdout."""
        deadline = time.monotonic() + timeout
        # Everything it shows until it closes the terminal, then its exit.
        while not self.closed and time.monotonic() < deadline:
            self._read(deadline - time.monotonic())
        try:
            self.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            screen = self.screen[-1500:]
            self.close()
            raise AssertionError("the process did not exit:\n" + screen) from None
        assert self.proc.stdout is not None
        out = self.proc.stdout.read().decode("utf-8")
        self.close()
        return self.proc.returncode, out

    def close(self) -> None:
        """End the child (its whole process group) if it is still there, reap it, and
        close the terminal and the pipe. Safe to call twice."""
        OPEN.discard(self)
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # setsid: its pid is the group's
            self.proc.wait()
        if self.proc.stdout is not None and not self.proc.stdout.closed:
            self.proc.stdout.close()
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = -1
