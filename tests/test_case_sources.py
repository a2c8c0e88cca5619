"""``case``: which raters' results it has and which it still lacks, and whose note it shows
beside a rating: a person's own note is never shown as the agreed evidence
(docs/reference.md#pmlevel-case)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from helpers_answers import answers_file
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


@pytest.mark.parametrize(
    ("lang", "has", "lacks"),
    [
        ("en", "Ratings in this case: self", "Not yet: a manager's rating, an agreed result"),
        ("zh", "已有评分：自评", "还没有：上级评分、共识结果"),
    ],
)
def test_case_says_which_raters_it_has_and_which_it_lacks(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, has: str, lacks: str
) -> None:
    me = answers_file(write, bundled, "me.json", 3)
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    shown = invoke("--lang", lang, "case", env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert has in shown.stdout and lacks in shown.stdout
    data = json.loads(invoke("case", "--json").stdout)
    assert data["raters_present"] == ["self"]
    assert data["raters_missing"] == ["manager", "agreed"]


@pytest.mark.parametrize(
    ("lang", "mine", "kept", "endorsed"),
    [
        (
            "en",
            "self: Mentors two new hires",
            "agreed: kept self's note (this skill was not discussed",
            "agreed: Mentors two new hires",
        ),
        (
            "zh",
            "自评：Mentors two new hires",
            "共识：沿用 自评 的备注（这项在沟通中没有讨论",
            "共识：Mentors two new hires",
        ),
    ],
)
def test_a_case_does_not_show_a_persons_own_note_as_the_agreed_evidence(
    invoke: Invoke,
    write: Write,
    bundled: LevelModel,
    lang: str,
    mine: str,
    kept: str,
    endorsed: str,
) -> None:
    me = answers_file(
        write, bundled, "me.json", 3, subject="Li", notes={"leadership": "Mentors two new hires"}
    )
    boss = answers_file(
        write, bundled, "b.json", 3, subject="Li", ratings={"data-analysis": 2},
        rater={"role": "manager", "name": "Han"},
    )  # fmt: skip
    settled = write(
        "s.yaml", "ratings: {data-analysis: 3}\nnotes: {data-analysis: talked it over}\n"
    )
    for path in (me, boss):
        assert invoke("assess", "--answers", str(path)).exit_code == 0
    assert invoke("agree", "1", "2", "--answers", str(settled)).exit_code == 0
    shown = invoke("--lang", lang, "case", env={"COLUMNS": "300"}).stdout
    assert mine in shown and kept in shown
    assert endorsed not in shown
    # a note written at the check-in is the agreed result's own
    assert {"en": "agreed: talked it over", "zh": "共识：talked it over"}[lang] in shown
