"""Files with evaluations of people (docs/reference.md#private-files) are the owner's alone: the
history, the drafts of typed answers and ``history --export`` copies are 0600 in folders
pmlevel makes 0700, whatever the umask. And pmlevel never makes up a home directory
that is missing: with ``HOME=/nonexistent/x`` nothing is created there.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import BACKSTOP, FIXTURES, Invoke
from pmlevel.assess.drafts import Draft, save_draft
from pmlevel.store.history import FILE_NAME

Write = Callable[[str, str], Path]
SMALL = str(FIXTURES / "small.yaml")
ANSWERS = "ratings: {discovery: 2, delivery: 2, influence: 1}\nsubject: Li Lei\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_the_history_is_private_under_umask_022(
    invoke: Invoke, tmp_path: Path, write: Write, usual_umask: None
) -> None:
    data = tmp_path / "fresh" / "pmlevel"
    answers = write("a.yaml", ANSWERS)
    done = invoke(
        "--model", SMALL, "assess", "--answers", str(answers), env={"PMLEVEL_HOME": str(data)}
    )
    assert done.exit_code == 0, done.output
    assert mode(data / FILE_NAME) == 0o600
    assert mode(data) == 0o700
    assert mode(data / "cache") == 0o700


def test_an_old_readable_history_is_made_private_when_opened(
    invoke: Invoke, home: Path, write: Write, usual_umask: None
) -> None:
    answers = write("a.yaml", ANSWERS)
    assert invoke("--model", SMALL, "assess", "--answers", str(answers)).exit_code == 0
    (home / FILE_NAME).chmod(0o644)  # as an older pmlevel left it
    assert invoke("history").exit_code == 0
    assert mode(home / FILE_NAME) == 0o600


def test_drafts_are_private_under_umask_022(tmp_path: Path, usual_umask: None) -> None:
    state = tmp_path / "state"
    path = save_draft(state, Draft("ab" * 32, ratings={"discovery": 2}, subject="Li Lei"))
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(state) == 0o700


def test_history_exports_are_private_under_umask_022(
    invoke: Invoke, tmp_path: Path, write: Write, usual_umask: None
) -> None:
    answers = write("a.yaml", ANSWERS)
    assert invoke("--model", SMALL, "assess", "--answers", str(answers)).exit_code == 0
    out = tmp_path / "exports"
    assert invoke("history", "--export", str(out)).exit_code == 0
    (exported,) = out.iterdir()
    assert mode(exported) == 0o600
    assert mode(out) == 0o700


def test_a_missing_home_is_not_created(invoke: Invoke, tmp_path: Path, write: Write) -> None:
    missing = tmp_path / "nonexistent" / "x"
    answers = write("a.yaml", ANSWERS)
    env = {
        "PMLEVEL_HOME": None,
        "HOME": str(missing),
        "XDG_DATA_HOME": None,
        "XDG_CACHE_HOME": None,
        "XDG_STATE_HOME": None,
    }
    shown = invoke("--lang", "en", "--model", SMALL, "levels", env=env)  # type: ignore[arg-type]
    assert shown.exit_code == 0, shown.output
    saved = invoke("--lang", "en", "--model", SMALL, "assess", "--answers", str(answers), env=env)  # type: ignore[arg-type]
    assert saved.exit_code == 2
    assert f"the home directory {missing} does not exist, and pmlevel does not create it" in (
        saved.stderr
    )
    zh = invoke("--lang", "zh", "history", env=env)  # type: ignore[arg-type]
    assert zh.exit_code == 2 and "主目录" in zh.stderr
    assert not (tmp_path / "nonexistent").exists()


def test_the_help_cache_does_not_create_a_missing_home(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "x"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMLEVEL", "XDG_", "LC_"))}
    env.update({"HOME": str(missing), "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"})
    done = subprocess.run(
        [sys.executable, "-m", "pmlevel", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=BACKSTOP,
    )
    assert done.returncode == 0, done.stderr
    assert "pmlevel" in done.stdout
    assert not (tmp_path / "nonexistent").exists()
