"""``case``: a promotion case for one person: each skill of the target level with every
rater's rating and note, which rating decides "met", each rater's estimate, what is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import FIXTURES
from pmlevel.assess.result import Rater, Result, build_result
from pmlevel.company.case import build_case, from_history, latest_per_rater
from pmlevel.errors import UsageError
from pmlevel.model.ladder import LevelModel
from pmlevel.model.loader import load_model
from pmlevel.render.document import BulletList, Facts, Section, Table, plain_text, walk
from pmlevel.reports.case import case_document
from pmlevel.reports.words import Words
from pmlevel.store.history import History
from pmlevel.text.i18n import Translator

COMPANY = FIXTURES / "company.yaml"
DAY = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def company() -> LevelModel:
    return load_model(COMPANY)


def rated(
    model: LevelModel,
    role: str,
    name: str | None = None,
    days: int = 0,
    subject: str = "Ana",
    notes: dict[str, str] | None = None,
    **ratings: int,
) -> tuple[str, Result]:
    result = build_result(
        model,
        ratings,
        notes=notes,
        subject=subject,
        rater=Rater.model_validate({"role": role, "name": name}),
        assessed_at=DAY + dt.timedelta(days=days),
    )
    return f"{role}-{name or ''}.json", result


def test_the_agreed_rating_decides_and_every_rater_is_shown(company: LevelModel) -> None:
    # Ana rates herself at PM II; her manager sees delivery at 2; they agree on 3.
    results = [
        rated(
            company,
            "self",
            notes={"delivery": "Shipped search"},
            discovery=3,
            delivery=3,
            strategy=2,
        ),
        rated(company, "manager", "Han", discovery=2, delivery=2, strategy=2),
        rated(company, "agreed", days=1, discovery=2, delivery=3, strategy=2),
    ]
    case = build_case(company, results)
    assert case.basis == "agreed"
    assert (case.level, case.target) == ("pm1", "pm2")
    assert [r.role for r in case.raters] == ["self", "manager", "agreed"]
    assert [i.skill for i in case.items] == ["delivery", "strategy", "discovery"]  # core first
    delivery = case.items[0]
    assert (delivery.required, delivery.core, delivery.decided, delivery.met) == (3, True, 3, True)
    assert [x.rating for x in delivery.ratings] == [3, 2, 3]
    assert delivery.ratings[0].note == "Shipped search"
    assert case.missing == ("discovery",)
    assert not case.target_met  # discovery 2 < 3 and 2/3 of the skills < 0.8
    manager = case.raters[1]
    assert manager.estimate.level == "pm1" and manager.target_share == pytest.approx(1 / 3)


def test_without_agreement_the_others_decide_and_self_is_never_averaged_in(
    company: LevelModel,
) -> None:
    results = [
        rated(company, "self", discovery=4, delivery=4, strategy=4),
        rated(company, "manager", "Han", discovery=3, delivery=3, strategy=2),
        rated(company, "peer", "Bo", discovery=3, delivery=2, strategy=2),
    ]
    case = build_case(company, results)
    assert case.basis == "others"
    # The others' mean, rounded down: delivery (3 + 2) / 2 = 2.5 -> 2, short of 3.
    assert {i.skill: i.decided for i in case.items} == {
        "delivery": 2,
        "strategy": 2,
        "discovery": 3,
    }
    assert case.missing == ("delivery",)


def test_self_alone_decides_only_when_nobody_else_rated(company: LevelModel) -> None:
    case = build_case(company, [rated(company, "self", discovery=3, delivery=3, strategy=2)])
    assert case.basis == "self" and case.level == "pm2" and case.target == "pm3"
    assert case.missing == ("strategy", "delivery")  # core first, then the rest in model order
    doc = case_document(Words(company, Translator("en")), case)
    facts = next(b for b in doc.blocks if isinstance(b, Facts))
    assert "self-rating alone" in plain_text(facts.notes[0])


def test_a_chosen_target_and_the_top_of_the_ladder(company: LevelModel) -> None:
    top = [rated(company, "manager", "Han", discovery=4, delivery=4, strategy=4)]
    with pytest.raises(UsageError) as refused:
        build_case(company, top)
    assert refused.value.message == "case_at_top"
    case = build_case(company, top, target="pm2")
    assert case.target == "pm2" and case.target_met and case.missing == ()


def test_one_person_and_the_current_model_only(company: LevelModel, small: LevelModel) -> None:
    mixed = [
        rated(company, "self", discovery=3, delivery=3, strategy=2),
        rated(company, "manager", "Han", subject="Bo", discovery=3, delivery=3, strategy=2),
    ]
    with pytest.raises(UsageError) as refused:
        build_case(company, mixed)
    assert refused.value.message == "case_subjects_differ"
    with pytest.raises(UsageError) as refused:
        build_case(small, mixed[:1])
    assert refused.value.message == "merge_other_model"
    with pytest.raises(UsageError):
        build_case(company, [])


def test_each_rater_counts_once_with_their_latest_result(company: LevelModel) -> None:
    results = [
        rated(company, "manager", "Han", days=0, discovery=1, delivery=1, strategy=1),
        rated(company, "manager", " han ", days=3, discovery=3, delivery=3, strategy=2),
        rated(company, "self", days=1, discovery=2, delivery=2, strategy=2),
        rated(company, "self", days=2, discovery=3, delivery=3, strategy=2),
        rated(company, "peer", days=1, discovery=2, delivery=2, strategy=2),
        rated(company, "peer", days=1, discovery=3, delivery=3, strategy=3),
    ]
    chosen = latest_per_rater(results)
    assert [(r.rater.role, r.ratings["discovery"]) for _, r in chosen] == [
        ("self", 3),
        ("manager", 3),
        ("peer", 2),  # unnamed peers cannot be told apart: both count
        ("peer", 3),
    ]


def test_from_the_history_the_latest_result_of_each_rater(
    company: LevelModel, tmp_path: Path
) -> None:
    with History.open(tmp_path) as history:
        for _, result in (
            rated(company, "self", days=0, discovery=2, delivery=2, strategy=1),
            rated(company, "self", days=5, discovery=3, delivery=3, strategy=2),
            rated(company, "manager", "Han", days=6, discovery=3, delivery=3, strategy=2),
            rated(company, "self", subject="Bo", discovery=1, delivery=1, strategy=1),
        ):
            history.save(result)
        with pytest.raises(UsageError) as refused:
            from_history(history, None)
        assert refused.value.message == "subject_which"
        case = build_case(company, from_history(history, "ana"))
        with pytest.raises(UsageError):
            from_history(history, "Nobody")
    assert [(r.role, r.source) for r in case.raters] == [("self", "#2"), ("manager", "#3")]
    assert case.basis == "others" and case.target == "pm3"


@pytest.mark.parametrize(
    ("lang", "title", "met", "missing"),
    [
        # the missing skill is on the cheapest path: how far it must come up
        ("en", "Promotion case: Ana → PM II", "✓ met", "Discovery: from 2 to 3"),
        ("zh", "晋升材料：Ana → 产品经理二级", "✓ 达到", "需求发现：从 2 提升到 3"),
    ],
)
def test_the_case_document_in_either_language(
    company: LevelModel, lang: str, title: str, met: str, missing: str
) -> None:
    results = [
        rated(
            company,
            "self",
            notes={"delivery": "Shipped <search> | *fast*"},
            discovery=3,
            delivery=3,
            strategy=2,
        ),
        rated(company, "manager", "Han", discovery=2, delivery=3, strategy=2),
        rated(company, "agreed", days=1, discovery=2, delivery=3, strategy=2),
    ]
    doc = case_document(Words(company, Translator(lang)), build_case(company, results))
    assert doc.title == title
    tables = [b for b in walk(doc.blocks) if isinstance(b, Table)]
    skills, raters = tables
    assert len(skills.columns) == 2 + 3 + 1  # skill, required, three raters, met
    assert plain_text(skills.rows[0][-1]) == met  # type: ignore[arg-type]
    assert len(raters.rows) == 3  # the agreed result on its own row
    lists = [b for b in walk(doc.blocks) if isinstance(b, BulletList)]
    notes = [plain_text(item) for lst in lists for item in lst.items]
    assert any(note.endswith("Shipped <search> | *fast*") for note in notes)  # as written
    sections = [b.heading for b in walk(doc.blocks) if isinstance(b, Section)]
    assert len(sections) == 5  # skills, notes, the year's evidence, raters, missing
    assert any(missing in n for n in notes)
