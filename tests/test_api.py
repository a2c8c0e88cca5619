"""The documented library API works as the README shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import pmlevel
from pmlevel import InputError, estimate, load_model, read_answers, write_answers

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks, "the README has no Python example"
    monkeypatch.chdir(tmp_path)
    exec(compile(blocks[0], "README.md", "exec"), {})
    assert (tmp_path / "li-lei.json").stat().st_mode & 0o077 == 0


def test_estimate_is_the_function_even_after_its_module_was_imported() -> None:
    import sys

    from pmlevel.assess.estimate import Estimator

    module = sys.modules["pmlevel.assess.estimate"]
    assert module.Estimator is Estimator
    assert callable(pmlevel.estimate) and pmlevel.estimate is not module
    model = load_model()
    top = {skill.id: model.scale.max for skill in model.skills}
    assert estimate(model, top).level == model.levels[-1].id


def test_answers_written_by_the_api_read_back(tmp_path: Path) -> None:
    model = load_model()
    path = tmp_path / "a.json"
    first = read_answers(_answers_file(tmp_path, model), model)
    write_answers(path, first)
    again = read_answers(path, model)
    assert again == first


def test_bad_answers_raise_a_located_input_error(tmp_path: Path) -> None:
    model = load_model()
    path = tmp_path / "bad.yaml"
    path.write_text("ratings:\n  no-such-skill: 3\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_answers(path, model)
    first = caught.value.problems[0]
    assert first.source == str(path) and first.line >= 1


def _answers_file(tmp_path: Path, model: pmlevel.LevelModel) -> Path:
    lines = ["ratings:"] + [f"  {skill.id}: 2" for skill in model.skills]
    lines += ["subject: Li Lei", "rater: {role: manager, name: Wang}"]
    path = tmp_path / "answers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
