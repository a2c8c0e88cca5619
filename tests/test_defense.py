"""``pmlevel case --defense`` (docs/reference.md#the-promotion-defence): the case, a timed
outline (opening, results per core skill with their evidence, gaps and the plan,
questions) and the interview questions of every skill still missing or met with no
point to spare; on screen, ``--json``, ``-o .md|.html``; no results: exit 2, nothing
written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.company.case import case_for
from pmlevel.company.defense import MINUTES, MINUTES_PER_SKILL, build_defense
from pmlevel.company.interview import interview_kit
from pmlevel.model.ladder import LevelModel


def ratings(model: LevelModel) -> dict[str, int]:
    """Senior: leadership missing (2 of 3), innovation met with no point to spare (3 of 3),
    every other skill met with a point or more to spare."""
    found = {skill.id: 4 for skill in model.skills}
    found.update(
        {
            "leadership": 2,
            "innovation": 3,
            "product-management-experience": 5,
            "communication": 5,
            "cross-functional-collaboration": 5,
        }
    )
    return found


@pytest.fixture
def prepared(invoke: Invoke, tmp_path: Path, bundled: LevelModel) -> None:
    answers = tmp_path / "me.json"
    answers.write_text(json.dumps({"ratings": ratings(bundled)}), encoding="utf-8")
    assert invoke("assess", "--answers", str(answers)).exit_code == 0
    for text, skill in (
        ("Led the Q3 pricing review", "innovation"),
        ("Ran the offsite", "leadership"),
    ):
        done = invoke("evidence", "add", text, "--skill", skill, "--date", "2026-10-01")
        assert done.exit_code == 0, done.output
    assert invoke("evidence", "verify", "1", "--by", "Han Mei").exit_code == 0


def test_the_json_has_the_outline_with_minutes_and_the_questions(
    invoke: Invoke, prepared: None, bundled: LevelModel
) -> None:
    done = invoke("case", "--to", "senior", "--defense", "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["target"] == "senior" and "items" in data  # the case is all there
    defense = data["defense"]
    parts = [part["part"] for part in defense["outline"]]
    assert parts == ["opening", "results", "gaps", "questions"]
    minutes = {part["part"]: part["minutes"] for part in defense["outline"]}
    core = bundled.level("senior").core
    assert minutes["results"] == MINUTES_PER_SKILL * len(core)
    assert minutes["opening"] == MINUTES["opening"] and minutes["questions"] == MINUTES["questions"]
    assert defense["minutes"] == sum(minutes.values())
    results = next(p for p in defense["outline"] if p["part"] == "results")
    assert [s["skill"] for s in results["skills"]] == [
        i["skill"] for i in data["items"] if i["core"]
    ]
    innovation = next(s for s in results["skills"] if s["skill"] == "innovation")
    assert innovation["evidence"] == [1]
    gaps = next(p for p in defense["outline"] if p["part"] == "gaps")
    assert [s["skill"] for s in gaps["skills"]] == ["leadership"]
    asked = {q["skill"]: q for q in defense["questions"]}
    assert set(asked) == {"leadership", "innovation"}  # missing, and met with no margin
    assert asked["leadership"]["status"] == "missing"
    assert asked["innovation"]["status"] == "no_margin"
    kit = {s.skill: s for s in interview_kit(bundled, "senior", everything=True).skills}
    english = [bundled.text(q, "en") for q in kit["leadership"].questions]
    assert asked["leadership"]["questions"] == english and english


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Promotion defence for", "1. Opening · 3 minutes", "Questions to prepare",
                "met with no point to spare (3 of 3)", "verified by Han Mei"]),
        ("zh", ["晋升答辩", "1. 开场 · 3 分钟", "需要准备的问题", "刚好达标（3 / 要求 3）",
                "Han Mei 已确认"]),
        ("zh-Hant", ["晉升答辯", "1. 開場 · 3 分鐘", "需要準備的問題", "剛好達標"]),
    ],
)  # fmt: skip
def test_the_defence_on_screen_in_each_language(
    invoke: Invoke, prepared: None, lang: str, words: list[str]
) -> None:
    done = invoke("--lang", lang, "case", "--to", "senior", "--defense")
    assert done.exit_code == 0, done.output
    for word in words:
        assert word in done.stdout, word


def test_the_defence_is_written_as_md_and_html(
    invoke: Invoke, prepared: None, tmp_path: Path, bundled: LevelModel
) -> None:
    kit = {s.skill: s for s in interview_kit(bundled, "senior", everything=True).skills}
    question = bundled.text(kit["leadership"].questions[0], "en")
    for suffix in (".md", ".html"):
        target = tmp_path / f"defense{suffix}"
        done = invoke("--lang", "en", "case", "--to", "senior", "--defense", "-o", str(target))
        assert done.exit_code == 0, done.output
        text = target.read_text(encoding="utf-8")
        assert "Gaps and the plan" in text and "Led the Q3 pricing review" in text
        assert question.split()[0] in text
    assert "## " in (tmp_path / "defense.md").read_text(encoding="utf-8")


def test_without_defense_the_case_is_unchanged(invoke: Invoke, prepared: None) -> None:
    done = invoke("--lang", "en", "case", "--to", "senior")
    assert "Promotion defence" not in done.stdout
    assert "defense" not in json.loads(invoke("case", "--to", "senior", "--json").stdout)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "no results of 'Nobody' to prepare a defence from"),
        ("zh", "没有「Nobody」的评估结果，无法准备答辩"),
        ("zh-Hant", "沒有「Nobody」的評估結果，無法準備答辯"),
    ],
)
def test_no_results_is_a_clear_error_and_nothing_is_written(
    invoke: Invoke, tmp_path: Path, lang: str, words: str
) -> None:
    target = tmp_path / "defense.md"
    done = invoke(
        "--lang", lang, "case", "--subject", "Nobody", "--defense", "-o", str(target)
    )  # fmt: skip
    assert done.exit_code == 2, done.output
    assert words in done.stderr and "Traceback" not in done.output
    assert not target.exists()
    empty = invoke("--lang", lang, "case", "--defense")  # an empty history
    assert empty.exit_code == 2 and words.replace("Nobody", "me") in empty.stderr


def test_the_core_builds_it_from_a_case(
    invoke: Invoke, prepared: None, home: Path, bundled: LevelModel
) -> None:
    case = case_for(bundled, home, [], None, to="senior", lang="en")
    made = build_defense(bundled, case)
    assert {p.item.skill for p in made.prepare} == {"leadership", "innovation"}
    assert made.minutes == sum(part.minutes for part in made.outline)
