"""The ``panel`` role (docs/reference.md#the-promotion-defence): a promotion panel member's
scorecard is ``interview LEVEL --scorecard FILE --rater panel``; ``merge`` and ``case`` read
it like an interviewer's and count it among the others (docs/reference.md#others)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.assess.people import HIRING_ROLES, OTHER_ROLES, RATER_ROLES, ROLES
from pmlevel.model.yaml_reader import read_yaml_file

SMALL = str(FIXTURES / "small.yaml")


def panel_card(invoke: Invoke, folder: Path, name: str, rating: int, who: str = "Ana") -> Path:
    card = folder / f"{name}.yaml"
    done = invoke(
        "--model", SMALL, "interview", "pm3", "--scorecard", str(card),
        "--rater", "panel", "--rater-name", name, "--subject", who,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    text = card.read_text(encoding="utf-8")
    card.write_text(re.sub(r"(?m)^    rating:$", f"    rating: {rating}", text), encoding="utf-8")
    return card


def self_rating(folder: Path) -> Path:
    me = folder / "self.yaml"
    me.write_text(
        "subject: Ana\nratings: {discovery: 3, delivery: 3, influence: 3}\n", encoding="utf-8"
    )
    return me


def test_panel_is_a_role_among_the_others_and_the_hiring_roles() -> None:
    assert "panel" in ROLES and "panel" in RATER_ROLES
    assert "panel" in OTHER_ROLES and "panel" in HIRING_ROLES
    assert ROLES[-1] == "agreed"  # still last: the outcome of a check-in


def test_a_panel_scorecard_names_its_role_and_level(invoke: Invoke, tmp_path: Path) -> None:
    card = panel_card(invoke, tmp_path, "Zhou", 2)
    data = read_yaml_file(card).data
    assert data["rater"] == {"role": "panel", "name": "Zhou"}
    assert data["level"] == "pm3" and data["subject"] == "Ana"


def test_without_rater_the_scorecard_is_an_interviewers(invoke: Invoke, tmp_path: Path) -> None:
    card = tmp_path / "card.yaml"
    assert invoke("--model", SMALL, "interview", "pm2", "--scorecard", str(card)).exit_code == 0
    assert read_yaml_file(card).data["rater"]["role"] == "interviewer"


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "use one of interviewer, panel"), ("zh", "interviewer, panel")]
)
def test_another_scorecard_role_is_refused_and_nothing_written(
    invoke: Invoke, tmp_path: Path, lang: str, words: str
) -> None:
    card = tmp_path / "card.yaml"
    done = invoke(
        "--lang", lang, "--model", SMALL, "interview", "pm2",
        "--scorecard", str(card), "--rater", "manager",
    )  # fmt: skip
    assert done.exit_code == 2 and words in done.stderr, done.stderr
    assert not card.exists()


def test_merge_counts_panel_members_among_the_others(invoke: Invoke, tmp_path: Path) -> None:
    me = self_rating(tmp_path)
    zhou, qian = panel_card(invoke, tmp_path, "Zhou", 2), panel_card(invoke, tmp_path, "Qian", 3)
    done = invoke("--model", SMALL, "merge", str(me), str(zhou), str(qian), "--no-save", "--json")
    assert done.exit_code == 0, done.output
    merged = json.loads(done.stdout)
    assert [r["role"] for r in merged["raters"]] == ["self", "panel", "panel"]
    assert merged["others_estimate"] is not None  # the panel's mean, rounded down
    shown = invoke("--lang", "zh", "--model", SMALL, "merge", str(me), str(zhou), "--no-save")
    assert "晋升评委" in shown.stdout


@pytest.mark.parametrize(("lang", "label"), [("en", "panel · Zhou"), ("zh", "晋升评委 · Zhou")])
def test_case_reads_a_panel_scorecard_as_others(
    invoke: Invoke, tmp_path: Path, lang: str, label: str
) -> None:
    me = self_rating(tmp_path)
    card = panel_card(invoke, tmp_path, "Zhou", 2)
    done = invoke("--model", SMALL, "case", str(me), str(card), "--to", "pm3", "--json")
    assert done.exit_code == 0, done.output
    case = json.loads(done.stdout)
    assert case["basis"] == "others"  # the panel decides, not the self-rating
    assert [r["role"] for r in case["raters"]] == ["self", "panel"]
    assert case["missing"] == ["discovery", "delivery", "influence"]
    shown = invoke("--lang", lang, "--model", SMALL, "case", str(me), str(card), "--to", "pm3")
    assert label in shown.stdout


def test_the_answers_schema_and_the_form_know_the_panel_role(
    invoke: Invoke, tmp_path: Path
) -> None:
    schema = invoke("schema", "answers").stdout
    assert '"panel"' in schema
    page = tmp_path / "form.html"
    done = invoke("--model", SMALL, "form", "-o", str(page), "--rater", "panel")
    assert done.exit_code == 0, done.output
    assert "panel" in page.read_text(encoding="utf-8")
