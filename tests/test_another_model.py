"""Results made with another model (another sha256) are never mixed with the current
model's: ``plan`` and ``progress`` pick only the current model's results, ``report`` warns
and shows what it can (docs/reference.md#the-result-file)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Assess, Invoke
from pmlevel.model.loader import load_model

Write = Callable[[str, str], Path]


@pytest.fixture
def other_model(tmp_path: Path) -> Path:
    """The bundled model with its first level renamed: same skills, another sha256."""
    from pmlevel.model.loader import bundled_model_path

    text = bundled_model_path().read_text(encoding="utf-8")
    path = tmp_path / "other.yaml"
    path.write_text(text.replace("  - id: junior\n", "  - id: level-one\n", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "plan_words", "progress_words"),
    [
        ("en", "None of your 2 self-rating(s)", "You have fewer than two assessments made"),
        ("zh", "你的 2 份自评", "你用当前模型"),
    ],
)
def test_plan_and_progress_pick_only_results_of_the_current_model(
    invoke: Invoke,
    assess: Assess,
    other_model: Path,
    lang: str,
    plan_words: str,
    progress_words: str,
) -> None:
    assess(2)
    first = assess(3)
    other = ("--lang", lang, "--model", str(other_model))
    plan = invoke(*other, "plan")
    assert plan.exit_code == 2, plan.output
    assert plan_words in plan.stderr and "pmlevel assess" in plan.stderr
    progress = invoke(*other, "progress")
    assert progress.exit_code == 2, progress.output
    assert progress_words in progress.stderr
    # A self-rating with this model is then the one a plan is made from.
    path = other_model.parent / "mine.json"
    done = invoke(*other, "assess", "--answers", str(write_all(path, 4)), "--json")
    assert done.exit_code == 0, done.output
    made = json.loads(invoke(*other, "plan", "--json").stdout)
    assert (
        made["level"] == json.loads(done.stdout)["estimate"]["level"] != first["estimate"]["level"]
    )  # type: ignore[index]
    assert invoke("--lang", lang, "plan").exit_code == 0  # the first model still has its own


def write_all(path: Path, rating: int) -> Path:

    path.write_text(
        json.dumps({"ratings": {s.id: rating for s in load_model().skills}}), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("lang", "warning", "skill"),
    [("en", "made with another model", "Communication"), ("zh", "基于另一个模型", "沟通能力")],
)
def test_report_of_another_models_result_warns_and_shows_names(
    invoke: Invoke, assess: Assess, other_model: Path, lang: str, warning: str, skill: str
) -> None:
    assess(3)
    shown = invoke("--lang", lang, "--model", str(other_model), "report")
    assert shown.exit_code == 0, shown.output
    assert warning in shown.output and skill in shown.output
    assert "communication" not in shown.output


@pytest.mark.parametrize(
    ("lang", "warning", "unchecked"),
    [
        ("en", "made with another model", "cannot be checked against the current model"),
        ("zh", "基于另一个模型", "无法按当前模型复核"),
    ],
)
def test_report_of_a_result_whose_skills_the_current_model_lacks_shows_ids(
    invoke: Invoke, write: Write, tmp_path: Path, lang: str, warning: str, unchecked: str
) -> None:

    small = str(FIXTURES / "small.yaml")
    answers = write("s.yaml", "ratings: {discovery: 2, delivery: 3, influence: 1}\n")
    assert invoke("--model", small, "assess", "--answers", str(answers)).exit_code == 0
    shown = invoke("--lang", lang, "report")
    assert shown.exit_code == 0, shown.output
    out = shown.output
    assert warning in out and unchecked in out
    assert "influence" in out and "pm3" in out  # the current model has neither: ids
    assert "Could not observe" not in out and "无法观察" not in out
    for suffix in ("svg", "html", "md"):
        done = invoke("--lang", lang, "report", "1", "-o", str(tmp_path / f"r.{suffix}"))
        assert done.exit_code == 0, done.output
