"""How far a person is from a level, one definition everywhere: ``assess``, ``agree`` and
``case`` count the rating points the cheapest path raises, and say so
(docs/reference.md#gaps-and-the-path)."""

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
    ("lang", "assess_says", "case_says", "rule"),
    [
        (
            "en",
            "4 points from Senior Product Manager",
            "not yet: 4 points from Senior Product Manager (on the cheapest path, over 4 skills)",
            "How far = the rating points the cheapest path raises",
        ),
        (
            "zh",
            "差 4 分到高级产品经理",
            "尚未达到：距高级产品经理还差 4 分（最省力路径上的 4 项技能）",
            "差几分 = 最省力路径上需要提升的评分分数合计",
        ),
    ],
)
def test_assess_agree_and_case_count_how_far_the_same_way_and_say_how(
    invoke: Invoke,
    write: Write,
    bundled: LevelModel,
    lang: str,
    assess_says: str,
    case_says: str,
    rule: str,
) -> None:
    # Four core skills one short (on the path) and a non-core one short (not needed).
    short = {
        "communication": 3,
        "cross-functional-collaboration": 3,
        "strategic-thinking": 2,
        "leadership": 2,
        "product-management-experience": 3,
    }
    me = answers_file(write, bundled, "me.json", 3, ratings=short)
    wide = {"COLUMNS": "300"}
    assessed = invoke("--lang", lang, "assess", "--answers", str(me), env=wide)
    assert assess_says in assessed.stdout and rule in assessed.stdout
    case = invoke("--lang", lang, "case", env=wide)
    assert case_says in case.stdout and rule in case.stdout
    data = json.loads(invoke("case", "--json").stdout)
    result = json.loads(invoke("report", "1", "--json").stdout)
    assert data["points_to_target"] == 4 == sum(s["to"] - s["from"] for s in result["path_to_next"])
    assert "product-management-experience" in data["missing"]  # below, shown, not counted
    assert "product-management-experience" not in [s["skill"] for s in data["path_to_target"]]
    boss = answers_file(write, bundled, "b.json", 3, ratings=short, rater={"role": "manager"})
    settled = write("s.yaml", "ratings: {}\n")
    agreed = invoke("--lang", lang, "agree", "1", str(boss), "--answers", str(settled), env=wide)
    assert agreed.exit_code == 0, agreed.output
    assert assess_says in agreed.stdout
