"""Whose results a command reads (docs/reference.md#whose-results): results with no name are
one person, "me", in every command; a name typed differently is the same person
(docs/reference.md#the-same-person); several people are named, never mixed; and a
candidate is kept apart from the people one develops."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Assess, Invoke
from helpers_answers import SENIOR_CARD, answers_file, manager_form, scorecard
from pmlevel.model.ladder import LevelModel

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


# -- results with no subject are one person ("me") everywhere

UNNAMED = {"en": "(unnamed)", "zh": "（未署名）"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exported_nameless_results_are_one_person_in_team(
    invoke: Invoke, assess: Assess, tmp_path: Path, lang: str
) -> None:
    for rating in (2, 3, 3, 4):
        assess(rating)
    folder = tmp_path / "results"
    exported = invoke("history", "--export", str(folder))
    assert exported.exit_code == 0, exported.output
    assert len(list(folder.glob("*.json"))) == 4
    data = json.loads(invoke("team", str(folder), "--json").stdout)
    assert data["people"] == 1
    assert [m["subject"] for m in data["members"]] == [None]
    shown = invoke("--lang", lang, "team", str(folder))
    assert shown.exit_code == 0, shown.output
    assert UNNAMED[lang] in shown.output
    assert "assess-" not in shown.output and "1-" not in shown.output.split("\n")[0]


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Promotion case: (unnamed)"), ("zh", "晋升材料：（未署名）")]
)
def test_case_reads_a_nameless_history_as_plan_does(
    invoke: Invoke, assess: Assess, lang: str, title: str
) -> None:
    assess(3)
    assess(2, "--rater", "manager")
    for args in ((), ("--subject", "me"), ("--subject", "我")):
        made = invoke("--lang", lang, "case", *args)
        assert made.exit_code == 0, made.output
        assert title in made.output
        assert "「」" not in made.output and "''" not in made.output
    assert invoke("plan", "--subject", "me").exit_code == 0


@pytest.mark.parametrize(("lang", "words"), [("en", "--subject me"), ("zh", "--subject me")])
def test_case_with_several_people_names_them_as_plan_does(
    invoke: Invoke, assess: Assess, lang: str, words: str
) -> None:
    assess(3)
    assess(2, "--subject", "Li Lei")
    refused = invoke("--lang", lang, "case")
    assert refused.exit_code == 2
    assert "Li Lei" in refused.output and words in refused.output
    assert "pmlevel case --subject" in refused.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_missing_name_has_one_label_in_merge_and_progress(
    invoke: Invoke, assess: Assess, lang: str
) -> None:
    assess(2)
    assess(3)
    assess(3, "--rater", "manager")
    progress = invoke("--lang", lang, "progress")
    merge = invoke("--lang", lang, "merge", "2", "3")
    assert progress.exit_code == 0 and merge.exit_code == 0, merge.output
    assert UNNAMED[lang] in progress.output
    assert UNNAMED[lang] in merge.output


@pytest.mark.parametrize(
    ("lang", "apart"), [("en", "Candidates (interviewers'"), ("zh", "候选人（面试官和评委的评分")]
)
def test_a_saved_candidate_is_not_one_of_the_people_plan_case_and_progress_choose_from(
    invoke: Invoke, write: Write, bundled: LevelModel, tmp_path: Path, lang: str, apart: str
) -> None:
    me = answers_file(write, bundled, "me.json", subject="王芳")
    for _ in range(2):
        assert invoke("assess", "--answers", str(me)).exit_code == 0
    card = scorecard(invoke, tmp_path, "Wang", SENIOR_CARD)
    saved = invoke("--lang", lang, "assess", "--answers", str(card))  # saved: no --no-save
    assert saved.exit_code == 0, saved.output
    for command in ("plan", "case", "progress"):
        done = invoke("--lang", lang, command)
        assert done.exit_code == 0, (command, done.output)
        assert "Candidate A" not in done.output
    shown = invoke("--lang", lang, "history", env={"COLUMNS": "120"}).stdout
    assert apart in shown
    people, candidates = shown.split(apart)
    assert "王芳" in people and "Candidate A" not in people
    assert "Candidate A" in candidates and "王芳" not in candidates
    # asked by name, the candidate's results are still there
    assert invoke("case", "--subject", "Candidate A", "--json").exit_code == 0


@pytest.mark.parametrize(
    ("lang", "hint"), [("en", "add --subject me"), ("zh", "加上 --subject me")]
)
def test_a_nameless_self_rating_and_a_named_form_meet_with_subject(
    invoke: Invoke, write: Write, bundled: LevelModel, tmp_path: Path, lang: str, hint: str
) -> None:
    me = answers_file(write, bundled, "me.json", 3)
    assert invoke("assess", "--answers", str(me)).exit_code == 0  # the Quick start: no name
    plan = invoke("--lang", lang, "plan", env={"COLUMNS": "200"}).stdout
    assert "pmlevel form --subject me --rater manager -o me-manager.html" in plan
    form = manager_form(write, bundled, subject="王芳")
    refused = invoke("--lang", lang, "merge", "1", str(form))
    assert refused.exit_code == 2
    assert hint in refused.output and "re-export" not in refused.output
    assert "重新导出" not in refused.output
    merged = invoke("merge", "1", str(form), "--subject", "me", "--json")
    assert merged.exit_code == 0, merged.output
    assert [r["role"] for r in json.loads(merged.stdout)["raters"]] == ["self", "manager"]
    settled = write("agreed.yaml", "ratings: {leadership: 3, data-analysis: 4}\n")
    agreed = invoke("agree", "1", str(form), "--subject", "me", "--answers", str(settled))
    assert agreed.exit_code == 0, agreed.output
    case = json.loads(invoke("case", "--json").stdout)  # one person: no "which person?"
    assert [r["role"] for r in case["raters"]] == ["self", "manager", "agreed"]
    # a file about someone named: --subject NAME says who
    named = invoke("merge", str(me), str(form), "--subject", "王芳", "--no-save", "--json")
    assert named.exit_code == 0 and json.loads(named.stdout)["subject"] == "王芳"
