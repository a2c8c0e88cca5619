"""history, progress and plan: what a PM sees after assessing more than once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


@pytest.fixture
def assess(invoke: Invoke, write: Write, bundled: LevelModel) -> Callable[..., dict[str, object]]:
    """Run ``assess --answers`` (saved to the history) with every skill at *rating*."""

    def run(rating: int = 3, *extra: str, **overrides: int) -> dict[str, object]:
        ratings = {s.id: overrides.get(s.id.replace("-", "_"), rating) for s in bundled.skills}
        path = write("answers.json", json.dumps({"ratings": ratings}))
        result = invoke("assess", "--answers", str(path), "--json", *extra)
        assert result.exit_code == 0, result.output
        data: dict[str, object] = json.loads(result.stdout)
        return data

    return run


def test_assess_saves_to_history_unless_no_save(
    invoke: Invoke, assess: Callable[..., object]
) -> None:
    assess(3, "--subject", "Li Lei")
    assess(4, "--subject", "Li Lei", "--no-save")
    assess(2, "--subject", "Han Meimei", "--rater", "manager", "--rater-name", "Wang")
    listed = json.loads(invoke("history", "--json").stdout)
    assert [(e["subject"], e["level"]) for e in listed] == [
        ("Li Lei", "mid"),
        ("Han Meimei", "junior"),
    ]
    first = listed[0]
    assert set(first) >= {"id", "assessed_at", "subject", "rater", "level", "readiness", "model"}
    assert first["rater"] == {"role": "self", "name": None}
    assert listed[1]["rater"] == {"role": "manager", "name": "Wang"}
    assert len(first["model"]["sha256"]) == 64
    only = json.loads(invoke("history", "--subject", "li lei", "--json").stdout)
    assert [e["subject"] for e in only] == ["Li Lei"]


def test_history_screen_in_both_languages(invoke: Invoke, assess: Callable[..., object]) -> None:
    empty = invoke("--lang", "en", "history")
    assert "No saved assessments yet" in empty.output
    assess(3, "--subject", "Li Lei")
    en = invoke("--lang", "en", "history")
    assert "Li Lei" in en.output and "Mid-level Product Manager" in en.output
    zh = invoke("--lang", "zh", "history")
    assert "中级产品经理" in zh.output and "自评" in zh.output


def test_history_export_writes_result_files(
    invoke: Invoke, assess: Callable[..., object], tmp_path: Path
) -> None:
    assess(3, "--subject", "Li Lei")
    assess(4, "--subject", "Li Lei")
    out = tmp_path / "export"
    result = invoke("history", "--export", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.json"))
    assert len(files) == 2
    shown = invoke("--lang", "en", "report", str(files[-1]))
    # 4 everywhere: staff's core asks for 5 in experience and cross-functional work.
    assert "Estimated level: Senior Product Manager" in shown.output


def test_progress_between_the_two_latest(invoke: Invoke, assess: Callable[..., object]) -> None:
    assess(3, "--subject", "Li Lei")
    assess(3, "--subject", "Li Lei", communication=4, cross_functional_collaboration=4)
    data = json.loads(invoke("progress", "--json").stdout)
    assert data["subject"] == "Li Lei"
    assert data["from"]["level"] == "mid" and data["to"]["level"] == "senior"
    assert data["to"]["readiness"] != data["from"]["readiness"]
    moved = {s["skill"]: s["delta"] for s in data["skills"] if s["delta"]}
    assert moved == {"communication": 1, "cross-functional-collaboration": 1}
    assert {"skill", "from", "to", "delta"} <= set(data["skills"][0])
    screen = invoke("--lang", "en", "progress")
    assert "Level: Mid-level Product Manager → Senior Product Manager" in screen.output
    assert "▲ +1" in screen.output
    assert "级别：中级产品经理 → 高级产品经理" in invoke("--lang", "zh", "progress").output


def test_progress_needs_one_person_and_two_assessments(
    invoke: Invoke, assess: Callable[..., object]
) -> None:
    assess(3, "--subject", "Li Lei")
    lonely = invoke("--lang", "en", "progress")
    assert lonely.exit_code == 2
    assert "fewer than two assessments by the same rater" in lonely.output
    assess(3, "--subject", "Han Meimei")
    crowd = invoke("--lang", "en", "progress")
    assert crowd.exit_code == 2
    assert "Han Meimei" in crowd.output and "--subject" in crowd.output


def test_progress_compares_the_same_rater_by_default(
    invoke: Invoke, assess: Callable[..., object]
) -> None:
    assess(2, "--subject", "Li Lei")  # self
    assess(4, "--subject", "Li Lei", "--rater", "peer", "--rater-name", "Zhang")
    assess(3, "--subject", "Li Lei")  # self again
    data = json.loads(invoke("progress", "--json").stdout)
    # self 2 -> self 3, not peer 4 -> self 3 (a difference of opinion is not growth)
    assert (data["from"]["level"], data["to"]["level"]) == ("junior", "mid")
    assert data["from"]["rater"]["role"] == "self" == data["to"]["rater"]["role"]
    screen = invoke("--lang", "en", "progress")
    assert "Rated by: self-rating → self-rating" in screen.output
    assert "(for Mid-level Product Manager) →" in screen.output  # readiness says for what


def test_progress_between_chosen_entries(invoke: Invoke, assess: Callable[..., object]) -> None:
    for rating in (2, 3, 4):
        assess(rating, "--subject", "Li Lei")
    data = json.loads(invoke("progress", "3", "1", "--json").stdout)
    assert data["from"]["level"] == "junior" and data["to"]["level"] == "senior"
    assert invoke("progress", "1").exit_code == 2
    missing = invoke("--lang", "en", "progress", "1", "99")
    assert missing.exit_code == 2 and "99" in missing.output


def test_plan_from_the_latest_history_entry(invoke: Invoke, assess: Callable[..., object]) -> None:
    result = assess(3, "--subject", "Li Lei")
    data = json.loads(invoke("plan", "--json", "--review-in", "30").stdout)
    assert data["level"] == "mid" and data["next_level"] == "senior"
    assert data["review_by"] == (dt.date.today() + dt.timedelta(days=30)).isoformat()
    skills = [item["skill"] for item in data["items"]]
    path = result["path_to_next"]
    assert isinstance(path, list)
    assert skills[0] == path[0]["skill"]  # the cheapest path comes first
    assert set(skills) == {
        "product-management-experience",
        "communication",
        "cross-functional-collaboration",
    }
    item = data["items"][0]
    assert item["rating"] == 3 and item["target"] == 4
    assert len(item["actions"]) >= 2


def test_plan_screen_and_markdown(
    invoke: Invoke, assess: Callable[..., object], tmp_path: Path
) -> None:
    assess(3, "--subject", "Li Lei")
    target = tmp_path / "plan.md"
    wrote = invoke("--lang", "en", "plan", "-o", str(target))
    assert wrote.exit_code == 0, wrote.output
    assert wrote.stdout == "" and "Wrote" in wrote.stderr  # -o: only what was written
    en = invoke("--lang", "en", "plan")
    assert "From Mid-level Product Manager to Senior Product Manager" in en.output
    # forms to send, and the merge and check-in of what comes back, with her entry's id
    assert "pmlevel form --subject 'Li Lei' --rater manager -o li-lei-manager.html" in (en.output)
    assert "pmlevel merge 1 li-lei-manager.json li-lei-peer.json" in en.output
    assert "pmlevel agree 1 li-lei-manager.json" in en.output
    assert "Based on: self-rating · about Li Lei" in en.output  # what the plan rests on
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Development plan · Li Lei")
    assert "- [ ] " in text and "## Cross-Functional Collaboration ★core: 3 → 4" in text
    zh = invoke("--lang", "zh", "plan")
    assert "从中级产品经理到高级产品经理" in zh.output and "复评日期" in zh.output


def test_plan_from_a_file_and_at_the_top(invoke: Invoke, write: Write, bundled: LevelModel) -> None:
    path = write("a.yaml", "ratings:\n" + "".join(f"  {s.id}: 5\n" for s in bundled.skills))
    top = invoke("assess", "--answers", str(path), "--no-save", "--json")
    saved = write("r.json", top.stdout)
    data = json.loads(invoke("plan", str(saved), "--json").stdout)
    assert data["next_level"] is None and data["items"] == []
    assert "top level" in invoke("--lang", "en", "plan", str(saved)).output


def test_plan_without_any_assessment(invoke: Invoke) -> None:
    result = invoke("--lang", "en", "plan")
    assert result.exit_code == 2
    assert "run pmlevel assess first" in result.output
