"""A form a manager returns is recorded in the history once, by ``merge`` or ``agree``,
whichever reads it first; the case then has the manager's column from the history alone
(docs/reference.md#pmlevel-form)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from helpers_answers import answers_file, manager_form
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


@pytest.mark.parametrize(
    ("lang", "recorded", "again"),
    [
        (
            "en",
            "Recorded the returned ratings in the history: ",
            "Already in the history, not recorded twice: ",
        ),
        ("zh", "收回的评分已记入历史：", "这些评分已在历史中，没有重复记入："),
    ],
)
def test_merge_and_agree_record_a_returned_form_once(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, recorded: str, again: str
) -> None:
    me = answers_file(write, bundled, "me.json", 3, subject="王芳")
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    form = manager_form(write, bundled, subject="王芳")
    first = invoke("--lang", lang, "merge", "1", str(form))
    assert first.exit_code == 0, first.output
    assert f"{recorded}{form} → #2" in first.stderr
    assert len([line for line in first.stderr.splitlines() if line.strip()]) == 1
    second = invoke("--lang", lang, "merge", "1", str(form))
    assert f"{again}{form} → #2" in second.stderr
    settled = write("agreed.yaml", "ratings: {leadership: 3, data-analysis: 4}\n")
    agreed = invoke("--lang", lang, "agree", "1", str(form), "--answers", str(settled))
    assert agreed.exit_code == 0 and f"{again}{form} → #2" in agreed.stderr
    history = json.loads(invoke("history", "--json").stdout)
    assert [e["rater"]["role"] for e in history] == ["self", "manager", "agreed"]
    skipped = invoke(
        "merge", "1", str(manager_form(write, bundled, "f2.json", subject="王芳")), "--no-save"
    )
    assert skipped.exit_code == 0 and skipped.stderr == ""
    assert len(json.loads(invoke("history", "--json").stdout)) == 3
    # the case now has the manager's column, from the history alone
    case = json.loads(invoke("case", "--json").stdout)
    assert case["raters_missing"] == []
    assert {r["role"] for r in case["raters"]} == {"self", "manager", "agreed"}
