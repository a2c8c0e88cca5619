"""``plan``: a development plan made from the person's own rating, never from someone else's
(docs/reference.md#whose-results), with the actions their notes already show marked done
(docs/reference.md#pmlevel-plan)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Assess, Invoke
from helpers_answers import answers_file, others
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


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


@pytest.mark.parametrize(
    ("lang", "note", "done", "open_action"),
    [
        (
            "en",
            "Mentors two new hires, weekly one-to-ones",
            "☑ Mentor a new or junior PM with a three-month development plan and a one-to-one "
            'every two weeks. (already done: your note says "Mentors two new hires, weekly '
            'one-to-ones")',
            "☐ Propose a direction on something the team keeps arguing about",
        ),
        (
            "zh",
            "带两个新人，每周一对一",
            "☑ 做一位新人或初级产品经理的导师，定一份三个月的成长计划，每两周一对一辅导一次。"
            "（已在做：你的备注写着「带两个新人，每周一对一」）",
            "☐ 为团队里反复争论的一件事提出方向",
        ),
    ],
)
def test_plan_marks_done_the_actions_the_persons_notes_already_show(
    invoke: Invoke,
    write: Write,
    bundled: LevelModel,
    lang: str,
    note: str,
    done: str,
    open_action: str,
) -> None:
    me = answers_file(
        write, bundled, "me.json", 3, ratings={"leadership": 2}, notes={"leadership": note}
    )
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    shown = invoke("--lang", lang, "plan", env={"COLUMNS": "400"}).stdout
    assert done in shown
    assert open_action in shown
    data = json.loads(invoke("--lang", lang, "plan", "--json").stdout)
    item = next(i for i in data["items"] if i["skill"] == "leadership")
    assert len(item["done"]) == 1 and item["done"][0] in item["actions"]
    assert item["note"] == note
    # without such a note nothing is marked done
    other = answers_file(write, bundled, "o.json", 3, subject="Li", ratings={"leadership": 2})
    assert invoke("assess", "--answers", str(other)).exit_code == 0
    plain = json.loads(invoke("plan", "--subject", "Li", "--json").stdout)
    assert all(i["done"] == [] for i in plain["items"])
