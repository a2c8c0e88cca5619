"""Screens on a v2 model (docs/reference.md#schema-versions): each skill's own anchors in `assess`
and `show`, core skills marked in `show`, `skills` and the result, why a level is not
met, and `plan` with the target's anchor and the actions for that step. On the small
v2 fixture, so the content of the bundled model can change freely."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from conftest import FIXTURES, Invoke
from pmlevel.cli.question_screen import question_panel
from pmlevel.model.loader import load_model
from pmlevel.reports.words import Words
from pmlevel.text.i18n import Translator

V2 = str(FIXTURES / "v2.yaml")
Write = Callable[[str, str], Path]

# Strategy is core at pm2 and rated 1: PM II is not met although 75% would be close.
SHORT_OF_CORE = json.dumps({"ratings": {"discovery": 3, "delivery": 3, "strategy": 1}})


def test_the_question_shows_the_skills_own_anchors() -> None:
    model = load_model(FIXTURES / "v2.yaml")
    for lang, own, generic in (
        ("en", "Ran two customer interviews with a guide", "Practising: does it with help"),
        ("zh", "在指导下做过两次用户访谈", "练习：在帮助下完成"),
    ):
        console = Console(width=80, record=True, file=io.StringIO())
        words = Words(model, Translator(lang))
        console.print(question_panel(words, model.skill("discovery"), 1, 3, None))
        screen = console.export_text()
        assert own in screen and generic not in screen
        assert len(screen.splitlines()) <= 22  # one skill fits an 80x24 terminal
        console = Console(width=80, record=True, file=io.StringIO())
        console.print(question_panel(words, model.skill("delivery"), 2, 3, None))
        assert generic in console.export_text()  # no anchors of its own: the scale's


def test_show_gives_each_skills_anchor_at_the_expected_point_and_marks_core(
    invoke: Invoke,
) -> None:
    zh = invoke("--lang", "zh", "--model", V2, "show", "pm2")
    assert zh.exit_code == 0, zh.output
    assert "独立完成一轮需求探索并写出结论" in zh.output  # discovery's own anchor at 3
    assert "交付 ★核心" in zh.output and "战略思维 ★核心" in zh.output
    assert "需求发现 ★" not in zh.output  # not core at pm2
    assert "★ 核心技能：达不到它，就达不到这个级别。" in zh.output
    en = invoke("--lang", "en", "--model", V2, "show", "pm2")
    words = " ".join(en.output.replace("│", " ").split())
    assert "Runs a discovery sprint alone and writes up the findings" in words
    assert "Strategy ★core" in en.output
    # The scale's anchors are listed for the skills without their own (delivery at 3,
    # strategy at 2) and not instead of discovery's.
    assert "Independent: does it alone" in en.output
    assert "Practising: does it with help" in en.output


def test_skills_marks_core_cells(invoke: Invoke) -> None:
    result = invoke("--lang", "en", "--model", V2, "skills")
    assert result.exit_code == 0, result.output
    rows = {
        line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.split()
    }
    assert rows["Discovery"] == ["2★", "3", "3"]
    assert rows["Strategy"] == ["—", "2★", "4★"]
    assert "★ core skill of that level." in " ".join(result.output.split())
    zh = invoke("--lang", "zh", "--model", V2, "skills")
    assert "★ 表示该级别的核心技能" in zh.output.replace("\n", "")


def test_the_result_marks_core_gaps_and_says_why(write: Write, invoke: Invoke) -> None:
    answers = str(write("a.json", SHORT_OF_CORE))
    zh = invoke("--lang", "zh", "--model", V2, "assess", "--answers", answers, "--no-save")
    assert zh.exit_code == 0, zh.output
    assert "还不是产品经理二级：核心技能 战略思维 未达到；达标比例 75%，低于 80%。" in zh.output
    assert "战略思维 ★核心" in zh.output
    assert "核心技能（★）全部达到期望" in zh.output  # the rule says so
    en = invoke("--lang", "en", "--model", V2, "assess", "--answers", answers, "--no-save")
    assert "Not PM II yet: core skills not met: Strategy; met share 75%, below 80%." in en.output
    assert "Strategy ★core" in en.output
    data = json.loads(
        invoke("--model", V2, "assess", "--answers", answers, "--json", "--no-save").stdout
    )
    pm2 = data["estimate"]["levels"][1]
    assert pm2["met"] is False and pm2["reasons"][0] == {
        "kind": "core",
        "skills": ["strategy"],
        "value": 0.0,
        "limit": 0.0,
    }
    assert data["estimate"]["levels"][0]["reasons"] == []
    assert [(g["skill"], g["core"]) for g in data["gaps"]] == [("strategy", True)]


def test_every_reason_is_said(write: Write, invoke: Invoke) -> None:
    ratings = {"discovery": 3, "delivery": 3, "strategy": 2}  # PM II; Principal wants 3, 4, 4
    answers = str(write("a.json", json.dumps({"ratings": ratings})))
    zh = invoke("--lang", "zh", "--model", V2, "assess", "--answers", answers, "--no-save")
    assert (
        "还不是首席产品经理：核心技能 战略思维 未达到；战略思维 差距超过 1 分（差 2 分）；"
        "达标比例 25%，低于 80%。"
    ) in zh.output.replace("\n", "")
    en = invoke("--lang", "en", "--model", V2, "assess", "--answers", answers, "--no-save")
    assert (
        "Not Principal PM yet: core skills not met: Strategy; Strategy short by more than 1 "
        "(by 2); met share 25%, below 80%."
    ) in " ".join(en.output.split())


def test_plan_gives_the_targets_anchor_and_the_actions_for_that_step(
    write: Write, invoke: Invoke
) -> None:
    # discovery 2 -> 3 at pm2: its anchor at 3 and the actions keyed to 3, not 2 or 4.
    answers = write(
        "a.json", json.dumps({"ratings": {"discovery": 2, "delivery": 3, "strategy": 2}})
    )
    result = write("r.json", "")
    done = invoke(
        "--model", V2, "assess", "--answers", str(answers), "--no-save", "-o", str(result)
    )
    assert done.exit_code == 0, done.output
    en = invoke("--lang", "en", "--model", V2, "plan", str(result))
    assert en.exit_code == 0, en.output
    assert "Runs a discovery sprint alone and writes up the findings" in en.output
    assert "Run one interview series alone" in en.output
    assert "Write a findings memo" in en.output
    assert "Shadow two interviews" not in en.output  # the 1 -> 2 step
    assert "Coach a colleague" not in en.output  # the 3 -> 4 step
    zh = invoke("--lang", "zh", "--model", V2, "plan", str(result))
    assert "目标分数意味着：独立完成一轮需求探索并写出结论" in zh.output
    assert "独立完成一轮访谈" in zh.output and "旁听两次访谈" not in zh.output
    data = json.loads(invoke("--model", V2, "plan", str(result), "--json").stdout)
    (item,) = data["items"]
    assert item["skill"] == "discovery" and item["core"] is False
    assert item["target_means"] == "Runs a discovery sprint alone and writes up the findings"
    assert item["actions"] == ["Run one interview series alone", "Write a findings memo"]


def test_a_gap_of_two_gets_the_actions_of_both_steps(write: Write, invoke: Invoke) -> None:
    answers = write(
        "a.json", json.dumps({"ratings": {"discovery": 1, "delivery": 2, "strategy": 1}})
    )
    result = write("r.json", "")
    invoke("--model", V2, "assess", "--answers", str(answers), "--no-save", "-o", str(result))
    data = json.loads(invoke("--model", V2, "plan", str(result), "--json").stdout)
    items = {item["skill"]: item for item in data["items"]}
    assert items["discovery"]["actions"] == ["Shadow two interviews"]  # 1 -> 2 at pm1
