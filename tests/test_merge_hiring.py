"""Merging interviewers' scorecards: the merge speaks of interviewers, not of a
self-rating, and gives each interviewer's verdict against the kit's level with the mean it
used (docs/reference.md#pmlevel-interview)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Invoke
from helpers_answers import SENIOR_CARD, scorecard
from pmlevel.model.ladder import LevelModel


@pytest.mark.parametrize(
    ("lang", "shown", "gone"),
    [
        (
            "en",
            ["Estimate from interviewer (2)", "ratings by interviewer"],
            ["No self-rating given", "blind spot", "hidden strength", "Self", "talk about"],
        ),
        (
            "zh",
            ["面试官的估计（2 人）", "取面试官评分的平均分"],
            ["没有自评结果", "盲点", "隐藏优势", "自评估计", "值得坐下来聊", "上级和同事"],
        ),
    ],
)
def test_a_hiring_merge_speaks_of_interviewers_not_self(
    invoke: Invoke,
    bundled: LevelModel,
    tmp_path: Path,
    lang: str,
    shown: list[str],
    gone: list[str],
) -> None:
    cards = []
    for name, rating in (("Wang", 3), ("Zhao", 4)):
        card = tmp_path / f"{name}.json"
        rater = {"role": "interviewer", "name": name}
        ratings = {s.id: rating for s in bundled.skills}
        card.write_text(
            json.dumps({"ratings": ratings, "subject": "Candidate", "rater": rater}),
            encoding="utf-8",
        )
        cards.append(str(card))
    page = tmp_path / "merge.md"
    wrote = invoke("--lang", lang, "merge", *cards, "-o", str(page), env={"COLUMNS": "200"})
    assert wrote.exit_code == 0, wrote.output
    done = invoke("--lang", lang, "merge", *cards, env={"COLUMNS": "200"})
    for text in (done.stdout, page.read_text(encoding="utf-8")):
        for words in shown:
            assert words in text
        for words in gone:
            assert words not in text
    data = json.loads(invoke("merge", *cards, "--json").stdout)
    assert data["self_estimate"] is None and data["others_estimate"] is not None


@pytest.mark.parametrize(
    ("lang", "everyone", "mean"),
    [("en", "All interviewers", "3.5 → 3"), ("zh", "全体面试官", "3.5 → 3")],
)
def test_a_merge_of_interviewers_gives_each_verdict_the_groups_and_the_mean_it_used(
    invoke: Invoke, tmp_path: Path, lang: str, everyone: str, mean: str
) -> None:
    wang = scorecard(invoke, tmp_path, "Wang", SENIOR_CARD)
    zhao = scorecard(
        invoke, tmp_path, "Zhao", {**SENIOR_CARD, "communication": 3, "market-insight": 4}
    )
    done = invoke("--lang", lang, "merge", str(wang), str(zhao), env={"COLUMNS": "300"})
    assert done.exit_code == 0, done.output
    out = done.stdout
    assert everyone in out and mean in out  # market-insight 3 and 4: the mean, and the 3 used
    assert out.count({"en": "core skills of Senior", "zh": "项核心技能中的"}[lang]) == 3
    assert {"en": "not yet at the first level", "zh": "尚未达到最低级别"}[lang] not in out
    data = json.loads(invoke("merge", str(wang), str(zhao), "--json").stdout)
    assert [v["name"] for v in data["verdicts"]] == ["Wang", "Zhao"]
    assert data["verdicts"][0]["verdict"]["below"] == ["strategic-thinking", "leadership"]
    assert data["verdicts"][1]["verdict"]["met"][0] == "market-insight"
    assert data["verdict"]["below"] == ["communication", "strategic-thinking", "leadership"]
