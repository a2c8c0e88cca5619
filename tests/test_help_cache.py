"""``pmlevel --help`` is served from a cache of its drawn text: the same text, never stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def helps(home: Path, *args: str, lang: str = "en") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PMLEVEL"))}
    env.update({"PMLEVEL_HOME": str(home), "LANG": "C.UTF-8", "PMLEVEL_LANG": lang})
    env["COLUMNS"] = "80"
    done = subprocess.run(
        [sys.executable, "-m", "pmlevel", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def entries(home: Path) -> list[Path]:
    return sorted((home / "cache" / "help").glob("*.txt"))


def test_the_second_help_is_the_first_one_from_the_cache(home: Path) -> None:
    first = helps(home, "--help")
    assert "Usage: pmlevel" in first and "assess" in first
    assert len(entries(home)) == 1
    assert helps(home, "--help") == first


def test_each_language_and_form_has_its_own_entry(home: Path) -> None:
    english = helps(home, "--help")
    chinese = helps(home, "--help", lang="zh")
    assert "用法：pmlevel" in chinese and chinese != english
    assert helps(home, "--lang", "zh", "-h") == chinese
    assert len(entries(home)) == 3


def test_a_damaged_entry_is_drawn_again_and_replaced(home: Path) -> None:
    first = helps(home, "--help")
    (entry,) = entries(home)
    entry.write_bytes(entry.read_bytes()[:-40])  # truncated, as by a full disk
    assert helps(home, "--help") == first
    assert helps(home, "--help") == first
    (garbage,) = entries(home)
    garbage.write_bytes(b"not a help entry")
    assert helps(home, "--help") == first


def test_command_help_is_not_cached(home: Path) -> None:
    assert "Usage: pmlevel assess" in helps(home, "assess", "--help")
    assert entries(home) == []
