"""``pmlevel`` as a separate process, for what only a real process shows: a stdout that is
closed or full, and a named pipe that would block a reader."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import BACKSTOP


def run(
    home: Path, *args: str, lang: str = "en", **kwargs: object
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMLEVEL", "LC_"))}
    env.update({"PMLEVEL_HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"})
    return subprocess.run(
        [sys.executable, "-m", "pmlevel", "--lang", lang, *args],
        env=env,
        text=True,
        timeout=BACKSTOP,  # a hang guard, not a measurement
        **kwargs,  # type: ignore[call-overload]
    )
