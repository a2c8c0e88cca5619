"""Shared fixtures: a CLI runner with an isolated home, and model files to play with."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pmlevel.cli import app
from pmlevel.loader import load_model
from pmlevel.model import LevelModel

FIXTURES = Path(__file__).parent / "fixtures"

Invoke = Callable[..., Result]


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

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        environment = {"PMLEVEL_HOME": str(home), "COLUMNS": "80", **(env or {})}
        return CliRunner().invoke(app, list(args), input=input, env=environment)

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
