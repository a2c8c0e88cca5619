"""merge, agree and case take answers files as they are (docs/reference.md#answers-files): an
interviewer's filled-in scorecard or the form's saved JSON is estimated with the current
model, dated by the file, and keeps its rater; an empty rating is refused by name."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import FIXTURES, Invoke
from pmlevel.assess.sources import read_rated
from pmlevel.model.loader import load_model

SMALL = str(FIXTURES / "small.yaml")


def answers(path: Path, ratings: str, extra: str = "") -> Path:
    path.write_text(f"ratings: {{{ratings}}}\n{extra}", encoding="utf-8")
    return path


def test_an_answers_file_becomes_a_result_dated_by_the_file(tmp_path: Path) -> None:
    model = load_model(Path(SMALL))
    path = answers(
        tmp_path / "han.yaml",
        "discovery: 2, delivery: 3, influence: 1",
        "subject: Ana\nrater: {role: manager, name: Han}\nnotes: {delivery: shipped}\n",
    )
    os.utime(path, (1_780_000_000, 1_780_000_000))
    result = read_rated(path, model)
    assert (result.subject, result.rater.role, result.rater.name) == ("Ana", "manager", "Han")
    assert result.estimate.level == "pm2" and result.notes == {"delivery": "shipped"}
    assert result.assessed_at.timestamp() == 1_780_000_000
    assert result.model.sha256 == model.sha256


def test_merge_and_agree_take_the_form_json_as_it_is(invoke: Invoke, tmp_path: Path) -> None:
    me = answers(tmp_path / "me.json", "discovery: 3, delivery: 3, influence: 2", "subject: Ana\n")
    form = tmp_path / "from-form.json"  # what the browser form saves
    form.write_text(
        json.dumps(
            {
                "ratings": {"discovery": 2, "delivery": 3, "influence": 1},
                "notes": {"influence": "Needs to lead a cross-team launch"},
                "subject": "Ana",
                "rater": {"role": "manager", "name": "Han"},
            }
        ),
        encoding="utf-8",
    )
    done = invoke("--model", SMALL, "merge", str(me), str(form), "--json")
    assert done.exit_code == 0, done.stderr
    merged = json.loads(done.stdout)
    assert [r["role"] for r in merged["raters"]] == ["self", "manager"]
    agreed = answers(tmp_path / "agreed.yaml", "discovery: 2, delivery: 3, influence: 2")
    done = invoke("--model", SMALL, "agree", str(me), str(form), "--answers", str(agreed), "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["rater"]["role"] == "agreed"
    done = invoke("--model", SMALL, "case", str(me), str(form), "--json")
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["raters"][1]["name"] == "Han"


def test_an_unfilled_scorecard_is_refused_by_merge_naming_each_skill(
    invoke: Invoke, tmp_path: Path
) -> None:
    card = tmp_path / "card.yaml"
    done = invoke("--model", SMALL, "interview", "pm2", "--scorecard", str(card), "--subject", "A")
    assert done.exit_code == 0, done.stderr
    other = answers(tmp_path / "b.yaml", "discovery: 2, delivery: 3, influence: 1", "subject: A\n")
    done = invoke("--model", SMALL, "--lang", "en", "merge", str(card), str(other))
    assert done.exit_code == 2
    for skill in ("discovery", "delivery", "influence"):
        assert f"no rating yet for {skill.title()} ('{skill}')" in done.stderr
    assert f"{card}:" in done.stderr and "Traceback" not in done.stderr
