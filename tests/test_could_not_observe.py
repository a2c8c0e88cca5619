""" "Could not observe" (docs/reference.md#the-estimate): every rater but the person may leave a
skill unrated
(``null`` in answers); it is shown as such, and an estimate from such a result says which
skills it could not use. The person, and the agreed outcome of a check-in, rate everything."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.assess.answers import Answers, read_answers, write_answers
from pmlevel.errors import InputError
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]
UNSEEN = ("documentation", "leadership")


def answers(
    model: LevelModel, role: str | None, *, unseen: tuple[str, ...] = UNSEEN, rating: int = 3
) -> str:
    ratings: dict[str, int | None] = {s.id: rating for s in model.skills}
    ratings.update(dict.fromkeys(unseen))
    data: dict[str, object] = {"ratings": ratings, "subject": "Li Lei"}
    if role is not None:
        data["rater"] = {"role": role, "name": "Han"}
    return json.dumps(data)


@pytest.mark.parametrize("role", ["manager", "peer", "expert", "interviewer"])
def test_every_other_rater_may_leave_a_skill_unrated(
    bundled: LevelModel, write: Write, role: str
) -> None:
    read = read_answers(write("a.json", answers(bundled, role)), bundled)
    assert read.rater_role == role
    assert set(read.ratings) == {s.id for s in bundled.skills} - set(UNSEEN)  # none made up


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "en",
            "ratings.leadership: no rating yet for Leadership ('leadership'): a self-rating"
            " rates every skill",
        ),
        ("zh", "ratings.leadership: 「领导能力」（leadership）还没有评分：自评要给每项技能打分"),
    ],
)
def test_a_self_rating_left_empty_is_refused_naming_each_skill(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, words: str
) -> None:
    for role in ("self", None):  # no rater at all is a self-rating
        path = write("mine.json", answers(bundled, role))
        done = invoke("--lang", lang, "assess", "--answers", str(path), "--no-save")
        assert done.exit_code == 2, done.output
        assert words in done.stderr
        assert "documentation" in done.stderr  # every empty skill, not the first alone
        assert "Traceback" not in done.output


def test_the_rater_option_decides_who_may_leave_a_skill_empty(
    invoke: Invoke, write: Write, bundled: LevelModel
) -> None:
    nameless = write("a.json", answers(bundled, None))
    done = invoke("assess", "--answers", str(nameless), "--rater", "peer", "--no-save", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["estimate"]["not_observed"] == list(UNSEEN)
    managers = write("m.json", answers(bundled, "manager"))
    refused = invoke("--lang", "en", "assess", "--answers", str(managers), "--rater", "self")
    assert refused.exit_code == 2
    assert "a self-rating rates every skill" in refused.stderr


def test_answers_with_nothing_rated_are_not_filled_in_yet(
    invoke: Invoke, write: Write, bundled: LevelModel
) -> None:
    everything = tuple(s.id for s in bundled.skills)
    path = write("empty.json", answers(bundled, "manager", unseen=everything))
    with pytest.raises(InputError) as refused:
        read_answers(path, bundled)
    assert len(refused.value.problems) == len(everything)
    assert {p.message for p in refused.value.problems} == {"rating_empty"}
    done = invoke("--lang", "en", "assess", "--answers", str(path))
    assert done.exit_code == 2 and "no rating yet for Documentation" in done.stderr


def test_a_skill_id_left_out_is_still_an_error_for_any_rater(
    bundled: LevelModel, write: Write
) -> None:
    data = json.loads(answers(bundled, "manager"))
    del data["ratings"]["documentation"]
    with pytest.raises(InputError) as refused:
        read_answers(write("a.json", json.dumps(data)), bundled)
    assert [p.message for p in refused.value.problems] == ["rating_missing"]


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "Could not observe (this estimate could not use them and counts them at the lowest"
            " rating, 1): Documentation, Leadership",
        ),
        ("zh", "无法观察（本次估计用不上这些技能，按最低分 1 计）：文档撰写能力、领导能力"),
    ],
)
def test_the_result_says_which_skills_its_estimate_could_not_use(
    invoke: Invoke, write: Write, bundled: LevelModel, tmp_path: Path, lang: str, line: str
) -> None:
    path = write("m.json", answers(bundled, "manager"))
    shown = invoke("--lang", lang, "assess", "--answers", str(path), env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert line in shown.stdout
    for suffix in ("md", "html"):
        page = tmp_path / f"r.{suffix}"
        done = invoke("--lang", lang, "report", "1", "-o", str(page))
        assert done.exit_code == 0, done.output
        assert line in page.read_text(encoding="utf-8")
    data = json.loads(invoke("report", "1", "--json").stdout)
    assert data["estimate"]["not_observed"] == list(UNSEEN)
    assert "documentation" not in data["ratings"]
    # A self-rating uses every skill.
    mine = write("s.json", answers(bundled, "self", unseen=()))
    full = json.loads(invoke("assess", "--answers", str(mine), "--json", "--no-save").stdout)
    assert full["estimate"]["not_observed"] == []


def test_an_agreed_rating_left_empty_is_refused(
    invoke: Invoke, write: Write, bundled: LevelModel
) -> None:
    mine = write("s.json", answers(bundled, "self", unseen=()))
    boss = write("m.json", answers(bundled, "manager", rating=2))
    assert invoke("assess", "--answers", str(mine)).exit_code == 0
    assert invoke("assess", "--answers", str(boss)).exit_code == 0
    ratings: dict[str, int | None] = {s.id: 3 for s in bundled.skills}
    ratings["leadership"] = None
    settled = write("agreed.json", json.dumps({"ratings": ratings}))
    done = invoke("--lang", "en", "agree", "1", "2", "--answers", str(settled), "--no-save")
    assert done.exit_code == 2, done.output
    assert "ratings.leadership: no rating yet for Leadership" in done.stderr


def test_answers_written_back_keep_could_not_observe(bundled: LevelModel, tmp_path: Path) -> None:
    given = Answers(
        ratings={s.id: 2 for s in bundled.skills if s.id not in UNSEEN},
        subject="Li Lei",
        rater_role="peer",
    )
    path = tmp_path / "peer.json"
    write_answers(path, given, bundled)
    saved = json.loads(path.read_text(encoding="utf-8"))["ratings"]
    assert [skill for skill, rating in saved.items() if rating is None] == list(UNSEEN)
    assert read_answers(path, bundled).ratings == given.ratings


def test_the_answers_schema_allows_null_ratings(invoke: Invoke) -> None:
    schema = json.loads(invoke("schema", "answers").stdout)
    allowed = schema["properties"]["ratings"]["additionalProperties"]["anyOf"]
    assert {"type": "null"} in allowed and {"type": "integer"} in allowed
    assert "could not observe" in schema["properties"]["ratings"]["description"]
