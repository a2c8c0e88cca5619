"""Defaults that pick the right person (docs/reference.md#whose-results): plan and progress read
self-ratings, report and plan take a history id, saving says what to run next, merge says
what it left out, team places each person by the agreed, manager's or own result."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]
Assess = Callable[..., dict[str, object]]


@pytest.fixture
def assess(invoke: Invoke, write: Write, bundled: LevelModel) -> Assess:
    """``assess --answers`` with every skill at *rating* (saved unless told), as JSON."""
    count = iter(range(1000))

    def run(rating: int, *extra: str, **overrides: int) -> dict[str, object]:
        ratings = {s.id: overrides.get(s.id.replace("-", "_"), rating) for s in bundled.skills}
        path = write(f"answers-{next(count)}.json", json.dumps({"ratings": ratings}))
        result = invoke("assess", "--answers", str(path), "--json", *extra)
        assert result.exit_code == 0, result.output
        data: dict[str, object] = json.loads(result.stdout)
        return data

    return run


def others(subject: str = "Li Lei") -> tuple[tuple[str, ...], tuple[str, ...]]:
    manager = ("--subject", subject, "--rater", "manager", "--rater-name", "Han")
    peer = ("--subject", subject, "--rater", "peer", "--rater-name", "Jim")
    return manager, peer


def test_plan_is_made_from_the_subjects_own_rating(invoke: Invoke, assess: Assess) -> None:
    manager, peer = others()
    assess(3, "--subject", "Li Lei")
    assess(2, *manager)
    assess(4, *peer)
    data = json.loads(invoke("plan", "--json").stdout)
    assert data["based_on"]["rater"] == {"role": "self", "name": None}
    assert data["level"] == "mid"
    en = invoke("--lang", "en", "plan")
    assert "Based on: self-rating · about Li Lei" in en.output
    assert "peer's rating" not in en.output
    zh = invoke("--lang", "zh", "plan")
    assert "依据：自评" in zh.output or "自评" in zh.output


def test_plan_refuses_someone_elses_rating_as_yours(invoke: Invoke, assess: Assess) -> None:
    manager, _ = others()
    assess(2, *manager)
    en = invoke("--lang", "en", "plan")
    assert en.exit_code == 2
    assert "no self-rating of Li Lei" in en.output and "pmlevel plan 1" in en.output
    zh = invoke("--lang", "zh", "plan")
    assert "没有 Li Lei 的自评" in zh.output
    # naming the entry is a deliberate choice, and works
    assert json.loads(invoke("plan", "1", "--json").stdout)["level"] == "junior"


def test_several_people_the_nameless_one_included(invoke: Invoke, assess: Assess) -> None:
    assess(2)  # no subject: "me"
    assess(3)
    assess(3, "--subject", "Li Lei")
    assess(4, "--subject", "Han Meimei")
    for command in ("plan", "progress"):
        en = invoke("--lang", "en", command)
        assert en.exit_code == 2
        assert "Han Meimei, Li Lei" in en.output
        assert "results with no name" in en.output and "--subject me" in en.output
        assert f"pmlevel {command} --subject NAME" in en.output
        zh = invoke("--lang", "zh", command)
        assert "没有填写姓名的结果" in zh.output
    mine = json.loads(invoke("progress", "--subject", "me", "--json").stdout)
    assert (mine["from"]["level"], mine["to"]["level"]) == ("junior", "mid")
    assert json.loads(invoke("progress", "--subject", "", "--json").stdout) == mine
    assert json.loads(invoke("plan", "--subject", "我", "--json").stdout)["level"] == "mid"
    lonely = invoke("--lang", "en", "progress", "--subject", "Han Meimei")
    assert lonely.exit_code == 2 and "Han Meimei has fewer than two" in lonely.output


def test_one_person_however_the_name_is_typed(invoke: Invoke, assess: Assess) -> None:
    assess(2, "--subject", "Li Lei ")
    assess(3, "--subject", "li  lei")
    assess(4, "--subject", "ＬＩ ＬＥＩ")
    data = json.loads(invoke("progress", "--json").stdout)
    assert (data["from"]["level"], data["to"]["level"]) == ("mid", "senior")
    assert json.loads(invoke("plan", "--subject", "LI LEI", "--json").stdout)["level"] == "senior"


def test_report_shows_the_latest_an_id_or_a_file(
    invoke: Invoke, assess: Assess, tmp_path: Path
) -> None:
    empty = invoke("--lang", "en", "report")
    assert empty.exit_code == 2 and "run pmlevel assess first" in empty.output
    assess(2, "--subject", "Li Lei")
    assess(4, "--subject", "Li Lei", "-o", str(tmp_path / "last.json"))
    latest = invoke("--lang", "en", "report")
    assert latest.exit_code == 0, latest.output
    assert "Estimated level: Senior Product Manager" in latest.output
    first = invoke("--lang", "zh", "report", "1")
    assert "当前级别估计：初级产品经理" in first.output
    assert json.loads(invoke("report", "1", "--json").stdout)["estimate"]["level"] == "junior"
    by_file = json.loads(invoke("report", str(tmp_path / "last.json"), "--json").stdout)
    assert by_file["estimate"]["level"] == "senior"
    missing = invoke("--lang", "en", "report", "99")
    assert missing.exit_code == 2 and "99" in missing.output
    gone = invoke("--lang", "en", "report", str(tmp_path / "nope.json"))
    assert gone.exit_code == 2 and "nope.json" in gone.output


def test_saving_says_where_and_what_next(invoke: Invoke, write: Write, bundled: LevelModel) -> None:
    answers = write("a.json", json.dumps({"ratings": {s.id: 3 for s in bundled.skills}}))
    en = invoke("--lang", "en", "assess", "--answers", str(answers), "--subject", "Li Lei")
    assert "Saved as #1 · next: pmlevel plan" in en.stderr
    manager = ("--rater", "manager", "--subject", "Li Lei", "--json")
    zh = invoke("--lang", "zh", "assess", "--answers", str(answers), *manager)
    assert "已保存为 #2 · 下一步：pmlevel merge 1 2" in zh.stderr
    json.loads(zh.stdout)  # stdout stays pure JSON
    third = invoke("--lang", "en", "assess", "--answers", str(answers), "--subject", "Han")
    assert "next: pmlevel plan --subject Han" in third.stderr
    quiet = invoke("--lang", "en", "assess", "--answers", str(answers), "--no-save")
    assert "Saved as" not in quiet.output


def test_merge_says_what_it_left_out(invoke: Invoke, assess: Assess, tmp_path: Path) -> None:
    manager, peer = others()
    files = {}
    for name, rating, extra in (
        ("old-self", 2, ("--subject", "Li Lei")),
        ("self", 3, ("--subject", "Li Lei")),
        ("manager", 3, manager),
        ("peer", 4, peer),
    ):
        files[name] = tmp_path / f"{name}.json"
        assess(rating, *extra, "--no-save", "-o", str(files[name]))
    args = [str(files[n]) for n in ("old-self", "self", "manager", "peer")]
    en = invoke("--lang", "en", "merge", *args, env={"COLUMNS": "400"})
    assert en.exit_code == 0, en.output
    assert f"{files['old-self']}: left out, {files['self']} is a later self-rating" in en.output
    zh = invoke("--lang", "zh", "merge", *args)
    assert "未采用" in zh.output
    data = json.loads(invoke("merge", *args, "--json").stdout)
    assert data["left_out"] == [
        {"file": str(files["old-self"]), "reason": "older_self", "kept": str(files["self"])}
    ]
    assert [r["role"] for r in data["raters"]] == ["self", "manager", "peer"]


def test_merge_reads_history_ids(invoke: Invoke, assess: Assess) -> None:
    manager, _ = others()
    assess(3, "--subject", "Li Lei")
    assess(2, *manager)
    data = json.loads(invoke("merge", "1", "2", "--json").stdout)
    assert [r["file"] for r in data["raters"]] == ["#1", "#2"]
    assert data["self_estimate"]["level"] == "mid" and data["others_estimate"]["level"] == "junior"


def test_team_places_people_by_agreed_then_manager_then_self(
    invoke: Invoke, assess: Assess, tmp_path: Path, bundled: LevelModel
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()

    def save(name: str, rating: int, *extra: str) -> None:
        assess(rating, *extra, "--no-save", "-o", str(folder / f"{name}.json"))

    manager, peer = others()
    save("li-self", 2, "--subject", "Li Lei")
    save("li-manager", 3, *manager)
    save("li-peer", 5, *peer)  # a later peer's view does not place her
    save("han-self", 4, "--subject", "Han Meimei")
    save("han-peer", 2, "--subject", "Han Meimei", "--rater", "peer")
    save("jim-peer", 4, "--subject", "Jim", "--rater", "peer")  # rated by peers only
    data = json.loads(invoke("team", str(folder), "--json").stdout)
    members = {m["subject"]: (m["based_on"], m["level"]) for m in data["members"]}
    assert members == {"Li Lei": ("manager", "mid"), "Han Meimei": ("self", "senior")}
    assert [s["reason"] for s in data["skipped"]] == ["only_others"]
    en = invoke("--lang", "en", "team", str(folder))
    assert "Mid-level Product Manager" in en.output  # level names, not ids
    assert "manager" in en.output and "Jim has only peers'" in en.output
    zh = invoke("--lang", "zh", "team", str(folder))
    assert "中级产品经理" in zh.output and "上级" in zh.output

    ratings = {s.id: 4 for s in bundled.skills}
    agreed = tmp_path / "agreed.json"
    agreed.write_text(
        json.dumps({"ratings": ratings, "subject": "li lei", "rater": {"role": "agreed"}}),
        encoding="utf-8",
    )
    invoke("assess", "--answers", str(agreed), "--no-save", "-o", str(folder / "li-agreed.json"))
    data = json.loads(invoke("team", str(folder), "--json").stdout)
    placed = {m["subject"].casefold(): (m["based_on"], m["level"]) for m in data["members"]}
    assert placed["li lei"] == ("agreed", "senior")


def test_the_nameless_person_is_you_in_messages(invoke: Invoke, assess: Assess) -> None:
    assess(3, "--rater", "manager")  # no subject: about "me", by a manager
    plan = invoke("--lang", "en", "plan")
    assert plan.exit_code == 2
    assert "Your results (those with no name) hold no self-rating" in plan.output
    assert "pmlevel plan 1" in plan.output
    assert "没有填写姓名的结果中没有自评" in invoke("--lang", "zh", "plan").output
    assess(3)
    lonely = invoke("--lang", "en", "progress")
    assert lonely.exit_code == 2 and "Your results (those with no name) hold fewer" in lonely.output
