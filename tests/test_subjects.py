"""Whose results a command reads (docs/reference.md#whose-results): results with no name are
one person, "me", in every command; a name typed differently is the same person
(docs/reference.md#the-same-person); several people are named, never mixed; and a
candidate is kept apart from the people one develops."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Assess, Invoke

Write = Callable[[str, str], Path]


def test_several_people_the_nameless_one_included(invoke: Invoke, assess: Assess) -> None:
    assess(2)  # no subject: "me"
    assess(3)
    assess(3, "--subject", "Li Lei")
    assess(4, "--subject", "Han Meimei")
    for command in ("plan", "progress"):
        en = invoke("--lang", "en", command)
        assert en.exit_code == 2
        assert "Han Meimei, Li Lei" in en.output
        assert "results with no name" in en.output and "--subject me" in en.output
        assert f"pmlevel {command} --subject NAME" in en.output
        zh = invoke("--lang", "zh", command)
        assert "没有填写姓名的结果" in zh.output
    mine = json.loads(invoke("progress", "--subject", "me", "--json").stdout)
    assert (mine["from"]["level"], mine["to"]["level"]) == ("junior", "mid")
    assert json.loads(invoke("progress", "--subject", "", "--json").stdout) == mine
    assert json.loads(invoke("plan", "--subject", "我", "--json").stdout)["level"] == "mid"
    lonely = invoke("--lang", "en", "progress", "--subject", "Han Meimei")
    assert lonely.exit_code == 2 and "Han Meimei has fewer than two" in lonely.output


def test_one_person_however_the_name_is_typed(invoke: Invoke, assess: Assess) -> None:
    assess(2, "--subject", "Li Lei ")
    assess(3, "--subject", "li  lei")
    assess(4, "--subject", "ＬＩ ＬＥＩ")
    data = json.loads(invoke("progress", "--json").stdout)
    assert (data["from"]["level"], data["to"]["level"]) == ("mid", "senior")
    assert json.loads(invoke("plan", "--subject", "LI LEI", "--json").stdout)["level"] == "senior"


def test_the_nameless_person_is_you_in_messages(invoke: Invoke, assess: Assess) -> None:
    assess(3, "--rater", "manager")  # no subject: about "me", by a manager
    plan = invoke("--lang", "en", "plan")
    assert plan.exit_code == 2
    assert "Your results (those with no name) hold no self-rating" in plan.output
    assert "pmlevel plan 1" in plan.output
    assert "没有填写姓名的结果中没有自评" in invoke("--lang", "zh", "plan").output
    assess(3)
    lonely = invoke("--lang", "en", "progress")
    assert lonely.exit_code == 2 and "Your results (those with no name) hold fewer" in lonely.output
