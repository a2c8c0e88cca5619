"""``interview``: the kit (questions, a good answer at the expected point, what falls short
one point below), its JSON, and the scorecard an interviewer fills in for ``assess``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, Invoke
from pmlevel.assess.answers import read_answers
from pmlevel.company.interview import interview_kit, scorecard_yaml
from pmlevel.errors import InputError
from pmlevel.model.ladder import LevelModel
from pmlevel.model.loader import load_model
from pmlevel.render.document import BulletList, Paragraph, Section, plain_text, walk
from pmlevel.reports.hiring import kit_document
from pmlevel.reports.words import Words
from pmlevel.text.i18n import Translator

COMPANY = FIXTURES / "company.yaml"
LABELS = {
    "title": "Scorecard",
    "how": "Fill in every rating.",
    "expected": "expects {rating}",
    "core": "core",
    "not_in_kit": "Not in the kit.",
    "note": "Evidence.",
    "level": "the kit's level",
}


@pytest.fixture(scope="module")
def company() -> LevelModel:
    return load_model(COMPANY)


def test_the_kit_covers_core_skills_and_every_expected_one_with_all(company: LevelModel) -> None:
    kit = interview_kit(company, "pm2")
    assert [s.skill for s in kit.skills] == ["delivery", "strategy"]
    delivery = kit.skills[0]
    assert delivery.good == company.skill("delivery").anchors[3]
    assert delivery.short == company.skill("delivery").anchors[2]
    assert delivery.questions == company.skill("delivery").questions
    everything = interview_kit(company, "pm2", everything=True)
    assert [s.skill for s in everything.skills] == ["delivery", "strategy", "discovery"]
    assert [s.core for s in everything.skills] == [True, True, False]


def test_nothing_falls_short_of_the_bottom_of_the_scale(small: LevelModel) -> None:
    # small.yaml names no core skills (v1): the kit covers every expected skill.
    kit = interview_kit(small, "pm1")
    assert kit.no_core and [s.skill for s in kit.skills] == ["discovery", "delivery"]
    edited = interview_kit(small, "pm2")
    assert edited.skills[2].skill == "influence" and edited.skills[2].expected == 1
    assert edited.skills[2].short == small.scale.anchors[0]


def test_json_has_the_keys_of_the_contract(company: LevelModel) -> None:
    data = interview_kit(company, "pm1").to_json(company, "zh")
    assert data["level"] == "pm1"
    (skill,) = data["skills"]
    assert {"skill", "expected", "core", "questions", "good", "short"} <= set(skill)
    assert skill["skill"] == "discovery" and skill["core"] is True and skill["expected"] == 2
    assert skill["questions"][0] == "讲一次访谈改变了你计划的经历。"
    assert skill["good"] == "在指导下做过两次用户访谈"
    assert skill["short"] == "读过访谈方法，没亲自做过"


@pytest.mark.parametrize(
    ("lang", "title", "good", "short"),
    [
        ("en", "Interview kit: PM II", "Good answer (3):", "Falls short (2):"),
        ("zh", "面试题本：产品经理二级", "好的回答（3）：", "不够（2）："),
    ],
)
def test_the_kit_document_in_either_language(
    company: LevelModel, lang: str, title: str, good: str, short: str
) -> None:
    doc = kit_document(Words(company, Translator(lang)), interview_kit(company, "pm2"))
    assert doc.title == title
    sections = [b for b in walk(doc.blocks) if isinstance(b, Section)]
    assert len(sections) == 2
    first = sections[0]
    questions = next(b for b in first.blocks if isinstance(b, BulletList))
    assert len(questions.items) == 2 and questions.marker == "number"
    lines = [plain_text(b.text) for b in first.blocks if isinstance(b, Paragraph)]
    assert lines[0].startswith(good) and lines[1].startswith(short)


def test_the_scorecard_lists_every_skill_empty_with_the_anchors_as_comments(
    company: LevelModel, tmp_path: Path
) -> None:
    kit = interview_kit(company, "pm2")
    text = scorecard_yaml(company, kit, "en", LABELS, subject="Ana Ng", interviewer="Wang")
    data = yaml.safe_load(text)
    assert data["subject"] == "Ana Ng"
    assert data["rater"] == {"role": "interviewer", "name": "Wang"}
    assert data["level"] == "pm2"  # the verdict is read against the kit's level
    empty = {"rating": None, "note": ""}  # each note field beside its rating
    assert data["ratings"] == {"delivery": empty, "strategy": empty, "discovery": empty}
    assert list(data["ratings"]) == ["delivery", "strategy", "discovery"]  # the kit's first
    assert "  # → 3: Shipped a feature end to end, on the date promised" in text
    assert "  # Delivery (delivery) · expects 3 · core" in text
    # Not filled in: assess refuses, naming each skill and its line.
    card = tmp_path / "card.yaml"
    card.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_answers(card, company)
    problems = refused.value.problems
    assert sorted(p.params["skill"] for p in problems) == ["delivery", "discovery", "strategy"]
    assert all(p.message == "rating_empty" and p.line for p in problems)
    # Filled in, it is an interviewer's answers about the candidate.
    filled = text.replace("  delivery:\n    rating:\n", "  delivery:\n    rating: 3\n")
    filled = filled.replace("  strategy:\n    rating:\n", "  strategy:\n    rating: 2\n")
    filled = filled.replace("  discovery:\n    rating:\n", "  discovery:\n    rating: 2\n")
    filled = filled.replace(
        '    rating: 3\n    note: ""', '    rating: 3\n    note: "Cut scope to ship on time"'
    )
    card.write_text(filled, encoding="utf-8")
    answers = read_answers(card, company)
    assert answers.ratings == {"discovery": 2, "delivery": 3, "strategy": 2}
    assert answers.rater_role == "interviewer" and answers.subject == "Ana Ng"
    assert answers.notes == {"delivery": "Cut scope to ship on time"}
    assert answers.level == "pm2"


def test_model_text_cannot_break_out_of_a_scorecard_comment(tmp_path: Path) -> None:
    # A line break YAML knows (\u2028) and a newline in an anchor must stay comments.
    text = COMPANY.read_text(encoding="utf-8").replace(
        '"Shipped a feature end to end, on the date promised"',
        '"Shipped\\u2028evil: 1\\nratings: {}"',
    )
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    model = load_model(path)
    subject = 'x"y: z\u2028ratings: {}\x1b[31m'
    card = scorecard_yaml(model, interview_kit(model, "pm2"), "en", LABELS, subject=subject)
    data = yaml.safe_load(card)
    assert set(data) == {"subject", "rater", "level", "ratings"}
    assert data["subject"] == 'x"y: z ratings: {}[31m'
    assert set(data["ratings"]) == {"delivery", "strategy", "discovery"}


def test_a_scorecard_never_overwrites_a_file(invoke: Invoke, tmp_path: Path) -> None:
    card = tmp_path / "card.yaml"
    card.write_text("ratings: {delivery: 3}\n", encoding="utf-8")
    done = invoke("--lang", "en", "interview", "senior", "--scorecard", str(card))
    assert done.exit_code == 2 and "already exists" in done.stderr
    assert card.read_text(encoding="utf-8") == "ratings: {delivery: 3}\n"
    done = invoke("--lang", "en", "interview", "senior", "--scorecard", str(tmp_path / "c.json"))
    assert done.exit_code == 2 and ".yaml" in done.stderr and not (tmp_path / "c.json").exists()
    done = invoke("--lang", "zh", "interview", "senior", "--scorecard", str(tmp_path / "new.yaml"))
    assert done.exit_code == 0 and "已写入评分表" in done.stderr
    assert "rater: {role: interviewer" in (tmp_path / "new.yaml").read_text(encoding="utf-8")
