"""An interview scorecard (``interview --scorecard``): a note under each rating, read against
its kit's level; the skills the interview did not show are left out of the verdict, not
made up (docs/reference.md#pmlevel-interview)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Invoke
from helpers_answers import SENIOR_CARD, fill_card, scorecard
from pmlevel.model.ladder import LevelModel


def fill_kit(invoke: Invoke, card: Path, rating: int) -> list[str]:
    """Rate the interview kit's skills on *card*, leave the others empty; the kit's ids."""
    kit = [s["skill"] for s in json.loads(invoke("interview", "senior", "--json").stdout)["skills"]]
    text = card.read_text(encoding="utf-8")
    for skill in kit:
        text = text.replace(f"  {skill}:\n    rating:\n", f"  {skill}:\n    rating: {rating}\n", 1)
    card.write_text(text, encoding="utf-8")
    return kit


@pytest.mark.parametrize(
    ("lang", "unrated", "nobody", "skill"),
    [
        (
            "en",
            "Not assessed (left out of the verdict): ",
            "Assessed by no one (left out of the verdict): ",
            "Documentation",
        ),
        (
            "zh",
            "未评估（不计入结论）：",
            "没有人评估的技能（不计入结论）：",
            "文档撰写能力",
        ),
    ],
)
def test_a_scorecard_with_the_kit_rated_is_read_and_says_what_was_not_assessed(
    invoke: Invoke,
    tmp_path: Path,
    bundled: LevelModel,
    lang: str,
    unrated: str,
    nobody: str,
    skill: str,
) -> None:
    cards = []
    for name, rating in (("wang", 3), ("zhao", 4)):
        card = tmp_path / f"{name}.yaml"
        made = invoke("interview", "senior", "--scorecard", str(card), "--rater-name", name)
        assert made.exit_code == 0, made.output
        kit = fill_kit(invoke, card, rating)
        cards.append(str(card))
    assert 0 < len(kit) < len(bundled.skills)
    done = invoke(
        "--lang", lang, "assess", "--answers", cards[0], "--no-save", env={"COLUMNS": "200"}
    )
    assert done.exit_code == 0, done.output
    assert unrated in done.output and skill in done.output
    data = json.loads(invoke("assess", "--answers", cards[0], "--no-save", "--json").stdout)
    assert sorted(data["ratings"]) == sorted(kit)  # nothing made up for the others
    merged = invoke("--lang", lang, "merge", *cards, env={"COLUMNS": "200"})
    assert merged.exit_code == 0, merged.output
    assert nobody in merged.output
    rows = json.loads(invoke("merge", *cards, "--json").stdout)["others_ratings"]
    assert sorted(rows) == sorted(kit)


def test_the_scorecard_puts_each_note_field_under_its_rating(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel
) -> None:
    card = tmp_path / "card.yaml"
    assert invoke("interview", "senior", "--scorecard", str(card)).exit_code == 0
    lines = card.read_text(encoding="utf-8").splitlines()
    assert "notes:" not in lines  # no block of notes far below the ratings
    assert "level: senior" in " ".join(lines)
    for skill in bundled.skills:
        at = lines.index(f"  {skill.id}:")
        assert lines[at + 1 : at + 3] == ["    rating:", '    note: ""'], skill.id
    fill_card(card, {"strategic-thinking": 3}, {"strategic-thinking": "Wrote a 3-year plan"})
    data = json.loads(invoke("assess", "--answers", str(card), "--no-save", "--json").stdout)
    assert data["ratings"] == {"strategic-thinking": 3}
    assert data["notes"] == {"strategic-thinking": "Wrote a 3-year plan"}


@pytest.mark.parametrize(
    ("lang", "headline", "signal", "wrong"),
    [
        (
            "en",
            "meets 4 of 6 core skills of Senior Product Manager; 2 below (Strategic Thinking, "
            "Leadership); 11 not assessed",
            "strong yes",
            ("not yet at the first level", "from Junior"),
        ),
        (
            "zh",
            "符合高级产品经理 6 项核心技能中的 4 项；2 项低于要求（战略思维、领导能力）；"
            "11 项未评估",
            "强烈推荐",
            ("尚未达到最低级别", "到初级产品经理"),
        ),
    ],
)
def test_an_interviewers_headline_is_the_verdict_against_the_kits_level(
    invoke: Invoke, tmp_path: Path, lang: str, headline: str, signal: str, wrong: tuple[str, ...]
) -> None:
    card = scorecard(invoke, tmp_path, "Wang", SENIOR_CARD)
    done = invoke(
        "--lang", lang, "assess", "--answers", str(card), "--no-save", env={"COLUMNS": "300"}
    )
    assert done.exit_code == 0, done.output
    assert headline in done.stdout
    assert signal in done.stdout  # data-analysis 4 where senior expects 3
    assert "Has not led anyone yet" in done.stdout  # the note beside the signal
    for words in wrong:  # no level worked out from the 11 skills nobody assessed
        assert words not in done.stdout
    data = json.loads(invoke("assess", "--answers", str(card), "--no-save", "--json").stdout)
    assert data["level"] == "senior"
    found = data["verdict"]
    assert (found["of"], len(found["met"]), found["below"]) == (
        6,
        4,
        ["strategic-thinking", "leadership"],
    )
    assert len(found["not_assessed"]) == 11
    signals = {s["skill"]: s["signal"] for s in found["skills"]}
    assert signals["data-analysis"] == "strong_yes" and signals["leadership"] == "no"
    assert signals["learning"] == "not_assessed"


@pytest.mark.parametrize(("lang", "hint"), [("en", "level: senior"), ("zh", "level: senior")])
def test_an_old_scorecard_without_its_level_still_reads_and_says_how_to_get_a_verdict(
    invoke: Invoke, tmp_path: Path, lang: str, hint: str
) -> None:
    card = scorecard(invoke, tmp_path, "Wang", SENIOR_CARD)
    text = "\n".join(
        line
        for line in card.read_text(encoding="utf-8").splitlines()
        if not line.startswith("level:")
    )
    card.write_text(text + "\n", encoding="utf-8")
    done = invoke("--lang", lang, "assess", "--answers", str(card), "--no-save")
    assert done.exit_code == 0, done.output
    assert hint in done.stdout.replace("\n", " ")
    assert "verdict" not in json.loads(
        invoke("assess", "--answers", str(card), "--no-save", "--json").stdout
    )
