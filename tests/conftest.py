"""Shared fixtures: a CLI runner with an isolated home, and model files to play with."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from cli_runner import CliRunner, Result
from pmlevel.cli.app import app
from pmlevel.cli.context import Context
from pmlevel.model.ladder import LevelModel
from pmlevel.model.loader import load_model

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]

Invoke = Callable[..., Result]
Assess = Callable[..., dict[str, object]]

# Seconds a child process may take before a test gives up on it: a hang guard, never a
# pause or a measurement. Every wait is for an event (output, exit); on a loaded machine
# those come late, not never, so the guard is generous (docs/testing-under-load.md).
BACKSTOP = 300

# Property tests neither time their examples nor complain that generating them was slow:
# on a loaded machine both are the machine, not the code.
settings.register_profile("pmlevel", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("pmlevel")

# The suite runs as CI and users run it: with HOME, the XDG directories and the
# working directory in a temporary folder, and no COLUMNS or PMLEVEL_* settings
# from whoever started it. At the end, nothing may have been written outside it.
_ISOLATED = ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME")
_REAL_HOME = Path(os.environ.get("HOME") or Path.home())
_WATCHED = [_REAL_HOME / ".cache" / "pmlevel", _REAL_HOME / ".local" / "share" / "pmlevel",
            _REAL_HOME / ".local" / "state" / "pmlevel", ROOT]  # fmt: skip


def _snapshot() -> dict[str, int]:
    """Every file below the watched folders (the checkout without caches and venvs)."""
    found: dict[str, int] = {}
    skip = {".git", ".venv", ".ci-venv", "__pycache__", ".pytest_cache", ".mypy_cache",
            ".ruff_cache", ".hypothesis", "build", "dist"}  # fmt: skip
    for top in _WATCHED:
        for folder, dirs, files in os.walk(top):
            dirs[:] = [
                d
                for d in dirs
                if d not in skip and not d.endswith(".egg-info") and not d.startswith(".ci-venv")
            ]
            for name in files:
                path = Path(folder) / name
                with contextlib.suppress(OSError):
                    found[str(path)] = path.stat().st_mtime_ns
    return found


@pytest.fixture(scope="session", autouse=True)
def isolated_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    world = tmp_path_factory.mktemp("world")
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    for name in _ISOLATED:
        os.environ[name] = str(world / name.lower())
    # PMLEVEL_REQUIRE_BROWSER tells the tests, not pmlevel, what to do: it stays.
    for name in [n for n in os.environ if n.startswith("PMLEVEL_") or n == "COLUMNS"]:
        if name != "PMLEVEL_REQUIRE_BROWSER":
            del os.environ[name]
    os.chdir(world)
    yield world
    os.chdir(saved_cwd)
    os.environ.clear()
    os.environ.update(saved_env)


# pytest keeps each test module, its asserts rewritten, in tests/__pycache__ (git-ignored),
# except where Python is told to write no bytecode (PYTHONDONTWRITEBYTECODE=1, as on the
# project's machines and CI): there every xdist worker rewrote every test module on every
# run, about 3.5 s of CPU each (`python -m pytest --collect-only -n0`: 5.4 s, 1.8 s with
# the cache). The cache is written while the test modules are collected, and only then:
# the tests and the pmlevel they run keep the setting they were given.
_DONT_WRITE_BYTECODE = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "own_context: a browser context of the test's own (tests/test_form.py)"
    )
    config.stash[_DONT_WRITE_BYTECODE] = sys.dont_write_bytecode
    sys.dont_write_bytecode = False


def pytest_collection_finish(session: pytest.Session) -> None:
    sys.dont_write_bytecode = session.config.stash.get(_DONT_WRITE_BYTECODE, True)


def pytest_unconfigure(config: pytest.Config) -> None:
    sys.dont_write_bytecode = config.stash.get(_DONT_WRITE_BYTECODE, sys.dont_write_bytecode)


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_BEFORE] = _snapshot()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from browser import stop_shared_browser

    stop_shared_browser()  # the session's one Chromium, if a test started it
    before = session.config.stash.get(_BEFORE, None)
    if before is None:
        return
    after = _snapshot()
    written = sorted(path for path, stamp in after.items() if before.get(path) != stamp)
    if written:
        print(
            "\nFiles outside the tests' temporary folders changed during the run "
            "(a test that writes there is a bug):",
            *written[:20],
            sep="\n  ",
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_BEFORE = pytest.StashKey[dict[str, int]]()


# -- no process left behind ------------------------------------------------------------


def _children() -> dict[int, str]:
    """This test process's child processes (pid -> state and command line), from /proc."""
    pids: set[int] = set()
    with contextlib.suppress(OSError):
        for task in Path("/proc/self/task").iterdir():
            with contextlib.suppress(OSError):
                pids.update(int(pid) for pid in (task / "children").read_text().split())
    found = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        state = stat[stat.rindex(")") + 2 :].split()[0]
        found[pid] = f"{state} {command.decode(errors='replace').strip()}"
    return found


def _shared(description: str) -> bool:
    """Children that outlive a test on purpose: the session's one browser (its driver)."""
    return "playwright" in description and "run-driver" in description


def end_leftovers(before: set[int]) -> dict[int, str]:
    """Kill and reap every child not in *before* (but the shared browser); say which."""
    left = {
        pid: what for pid, what in _children().items() if pid not in before and not _shared(what)
    }
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)
    return left


@pytest.fixture(autouse=True)
def no_process_left_behind() -> Iterator[None]:
    """Fail a test that leaves a child process running or unreaped (a zombie turns into a
    ResourceWarning in some later test); the process is killed and reaped first."""
    from pty_session import OPEN

    before = set(_children())
    yield
    for session in list(OPEN):  # a pty test that failed half-way: end its child
        session.close()
    left = end_leftovers(before)
    if left:
        pytest.fail(
            "the test left processes behind (killed now): "
            + "; ".join(f"{pid} [{what}]" for pid, what in sorted(left.items()))
        )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def invoke(home: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run ``pmlevel ARGS`` in-process, with PMLEVEL_HOME in a temporary directory."""
    for name in ("PMLEVEL_LANG", "PMLEVEL_MODEL", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)

    def run(
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        context: Context | None = None,
    ) -> Result:
        """*context*: the run's own Context (a terminal on stdin, a clock, a width),
        instead of the one made from the environment; it keeps PMLEVEL_HOME unless it
        names a home of its own."""
        environment = {"PMLEVEL_HOME": str(home), "COLUMNS": "80", **(env or {})}
        if context is None:  # the run makes its own from the environment, as pmlevel does
            return CliRunner().invoke(app, list(args), input=input, env=environment)
        if context.home is None:
            context = dataclasses.replace(context, home=home)
        return CliRunner().invoke(app, list(args), input=input, env=environment, obj=context)

    return run


@pytest.fixture(scope="session")
def bundled() -> LevelModel:
    return load_model()


@pytest.fixture(scope="session")
def small() -> LevelModel:
    return load_model(FIXTURES / "small.yaml")


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a text file into the test's temporary directory and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def assess(invoke: Invoke, write: Callable[[str, str], Path], bundled: LevelModel) -> Assess:
    """``assess --answers`` with every skill at *rating* (saved unless told), as JSON;
    a skill's own rating by keyword, its id with ``_`` for ``-`` (``data_analysis=4``)."""
    count = iter(range(1000))

    def run(rating: int, *extra: str, **overrides: int) -> dict[str, object]:
        ratings = {s.id: overrides.get(s.id.replace("-", "_"), rating) for s in bundled.skills}
        path = write(f"answers-{next(count)}.json", json.dumps({"ratings": ratings}))
        result = invoke("assess", "--answers", str(path), "--json", *extra)
        assert result.exit_code == 0, result.output
        data: dict[str, object] = json.loads(result.stdout)
        return data

    return run


@pytest.fixture(scope="session")
def chromium() -> Any:
    """The session's one system Chromium, shared by every browser test (tests/browser.py:
    skipped, or failed under PMLEVEL_REQUIRE_BROWSER=1, when there is none)."""
    from browser import shared_browser

    return shared_browser()
