"""Drive ``pmlevel`` in a real pseudo-terminal, as a person at a keyboard would.

The pty becomes the child's controlling terminal, so typing ``\\x03`` is a real
Ctrl-C (the terminal sends SIGINT) and ``\\x04`` on an empty line is a real EOF.
stdout goes to a pipe so a test can read the JSON result apart from the questions.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07]*\x07")


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

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pmlevel", *args],
            stdin=slave,
            stderr=slave,
            stdout=subprocess.PIPE,
            env=env,
            preexec_fn=controlling_terminal,
        )
        os.close(slave)
        self.screen = ""

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the child closed the terminal
                return
            self.screen += ANSI.sub("", chunk.decode("utf-8", "replace"))

    def expect(self, text: str, timeout: float = 20) -> str:
        """Wait until *text* has been shown; return everything shown so far."""
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"never saw {text!r}; screen ends with:\n{self.screen[-1500:]}"
                )
            self._read(0.1)
        return self.screen

    def expect_prompt(self, question: str, prompt: str = "›", timeout: float = 20) -> None:
        """Wait until *question* is shown and its prompt after it, i.e. the program waits
        for input. Ctrl-C pressed before that can land between Python's check for signals
        and the blocking read, and is only seen once a line is typed (CPython's signal
        handling), so a test that presses it must wait for the prompt first."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen
            at = shown.rfind(question)
            if at >= 0 and prompt in shown[at:]:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw the prompt of {question!r}:\n{shown[-1500:]}")
            self._read(0.1)

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\r").encode())

    def press(self, key: str) -> None:
        os.write(self.master, key.encode())

    def finish(self, timeout: float = 30) -> tuple[int, str]:
        """Wait for the process to exit; return its exit code and stdout."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() > deadline:
                self.proc.kill()
                raise AssertionError("the process did not exit:\n" + self.screen[-1500:])
            self._read(0.05)
        self._read(0.2)
        assert self.proc.stdout is not None
        out = self.proc.stdout.read().decode("utf-8")
        self.proc.stdout.close()
        os.close(self.master)
        return self.proc.returncode, out
