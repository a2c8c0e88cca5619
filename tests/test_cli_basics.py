"""Entry points, version, help in both languages, and the JSON Schemas for editors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel import __version__

ROOT = Path(__file__).resolve().parents[1]


def run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PMLEVEL"))}
    environment.update({"LANG": "C.UTF-8", "COLUMNS": "80", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "pmlevel", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"pmlevel {__version__}"


def test_python_m_pmlevel_help_lists_the_commands() -> None:
    result = run_module("--help")
    assert result.returncode == 0
    for command in ("levels", "show", "skills", "validate", "schema"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("env", "phrase"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "产品经理职级评估"),
        ({"PMLEVEL_LANG": "zh"}, "产品经理职级评估"),
        ({"LANG": "en_US.UTF-8"}, "Product-manager levels"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "Product-manager levels"),
    ],
)
def test_help_follows_the_language(env: dict[str, str], phrase: str) -> None:
    result = run_module("--help", env=env)
    assert phrase in result.stdout


def test_help_follows_lang_option() -> None:
    assert "产品经理职级评估" in run_module("--lang", "zh", "--help").stdout


def test_locale_picks_the_language_of_output(invoke: Invoke) -> None:
    assert "级别" in invoke("levels", env={"LANG": "zh_CN.UTF-8"}).output
    assert "Levels" in invoke("levels", env={"LANG": "de_DE.UTF-8"}).output
    assert "Levels" in invoke("levels", env={"PMLEVEL_LANG": "en", "LANG": "zh_CN"}).output


def test_bad_lang_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("--lang", "fr", "levels")
    assert result.exit_code == 2


@pytest.mark.parametrize("name", ["model"])
def test_schema_prints_json_schema(invoke: Invoke, name: str) -> None:
    result = invoke("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object"


def test_committed_schema_file_is_current(invoke: Invoke) -> None:
    committed = json.loads((ROOT / "data" / "levels.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(invoke("schema", "model").output), (
        "regenerate: pmlevel schema model > data/levels.schema.json"
    )
