"""Merging interviewers' scorecards: the merge speaks of interviewers, not of a
self-rating, and gives each interviewer's verdict against the kit's level with the mean it
used (docs/reference.md#pmlevel-interview)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


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
