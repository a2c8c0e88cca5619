"""The fuzz target's seeds and every input that once crashed pmlevel, replayed on every run.

``fuzz/fuzz_loader.py`` (atheris) searches for inputs that break the model or answers
loader; its ``check()`` needs no atheris, so the ordinary test run replays the seed
corpus (``fuzz/corpus/``) and the regressions (``fuzz/regressions/``) through it.
Each regression also has a test below of what the user sees.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import BACKSTOP, FIXTURES, Invoke

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
REGRESSIONS = FUZZ / "regressions"


def fuzz_target() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_loader", FUZZ / "fuzz_loader.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


INPUTS = sorted((FUZZ / "corpus").iterdir()) + sorted(REGRESSIONS.iterdir())


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_fuzz_target_passes_its_corpus_and_regressions(path: Path) -> None:
    fuzz_target().check(path.read_bytes())


def test_the_corpus_stays_small() -> None:
    seeds = list((FUZZ / "corpus").iterdir())
    assert 3 <= len(seeds) <= 12
    assert sum(p.stat().st_size for p in seeds) < 16 * 1024


# -- what each crash looked like to a user, now fixed ---------------------------------------


def test_an_escape_sequence_in_an_unknown_key_is_not_echoed(invoke: Invoke) -> None:
    """Found by the fuzzer: an unknown key holding ``\\x1b`` went into the error line as is."""
    model = str(FIXTURES / "small.yaml")
    answers = REGRESSIONS / "escape-in-unknown-key.yaml"
    result = invoke("--lang", "en", "--model", model, "assess", "--answers", str(answers))
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\u202e" not in result.stderr
    assert f"{answers}:1:25: ratings.ctitsign: unknown skill 'ctitsign'" in result.stderr
    assert f"{answers}:1:44: ratings.]8;;http://evil: unknown skill" in result.stderr


def test_a_scale_of_a_huge_number_of_points_is_refused_at_once(home: Path) -> None:
    """Found by the fuzzer: ``max: 55555555555555555555554`` listed every missing anchor,
    one by one, until memory ran out. Now the scale has limits (docs/reference.md#size-limits)."""
    path = REGRESSIONS / "huge-scale.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "pmlevel", "--lang", "en", "validate", str(path)],
        env={"PMLEVEL_HOME": str(home), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=BACKSTOP,  # a hang guard, not a measurement
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"{path}:7:8: scale.max: must be at most 1000, found 55555555555555555555554."
    ]


def test_a_number_too_long_for_python_is_a_located_error(invoke: Invoke) -> None:
    """Found by review and by the property tests: 5000 digits made int() raise ValueError,
    which came out as an unexpected error (exit 1)."""
    path = REGRESSIONS / "number-too-long.yaml"
    result = invoke("--lang", "en", "validate", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{path}:3:22: scale.max: this number is too long (over 4300 digits); "
        "put it in quotes if it is text."
    )
    zh = invoke("--lang", "zh", "validate", str(path))
    assert "数字太长（超过 4300 位）" in zh.stderr


def test_a_result_read_from_yaml_syntax_reads_back_the_same_from_its_copy(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Fuzzer find in results (docs/reference.md#bad-input): an extra key holding a mapping with a
    number as a key (``3: null``, YAML syntax) is written keyed ``"3"``; the copy
    ``report -o`` writes must show exactly what the original showed."""
    model = str(FIXTURES / "small.yaml")
    original = REGRESSIONS / "int-key-in-extra.json"
    copy = tmp_path / "copy.json"
    first = invoke("--lang", "en", "--model", model, "report", str(original), "--json")
    assert first.exit_code == 0, first.output
    assert invoke("--model", model, "report", str(original), "-o", str(copy)).exit_code == 0
    again = invoke("--lang", "en", "--model", model, "report", str(copy), "--json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == json.loads(first.stdout)
    assert json.loads(first.stdout)["estimate"]["level"] == "pm2"  # from the ratings
