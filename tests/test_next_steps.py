"""What pmlevel suggests running next: after saving, the command that fits whose result it
is; under the history, ``progress`` once there are two results to compare."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from helpers_answers import answers_file
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


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


@pytest.mark.parametrize(
    ("lang", "hint"),
    [("en", "See what moved: pmlevel progress"), ("zh", "查看变化：pmlevel progress")],
)
def test_history_suggests_progress_only_once_progress_can_work(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, hint: str
) -> None:
    me = answers_file(write, bundled, "me.json")
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    one = invoke("--lang", lang, "history").stdout
    assert hint not in one
    assert invoke("progress").exit_code == 2  # what the hint would have led to
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    two = invoke("--lang", lang, "history").stdout
    assert hint in two and invoke("progress").exit_code == 0
    other = answers_file(write, bundled, "li.json", subject="Li Lei")
    assert invoke("assess", "--answers", str(other)).exit_code == 0
    several = invoke("--lang", lang, "history", env={"COLUMNS": "120"}).stdout
    assert "pmlevel progress --subject me" in several
    assert invoke("progress", "--subject", "me").exit_code == 0
