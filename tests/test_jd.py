"""``jd``: a job description for a level, core skills first, each skill's anchor at the
expected point, in both languages; the screen and the files come from one document."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.company.jd import expected_core_first, job_description
from pmlevel.model.ladder import LevelModel
from pmlevel.model.loader import load_model
from pmlevel.render.document import (
    BulletList,
    Fact,
    Facts,
    Paragraph,
    Section,
    plain_text,
    walk,
)
from pmlevel.reports.hiring import jd_document
from pmlevel.reports.words import Words
from pmlevel.text.i18n import Translator

COMPANY = FIXTURES / "company.yaml"


@pytest.fixture(scope="module")
def company() -> LevelModel:
    return load_model(COMPANY)


def test_core_skills_come_first_with_the_anchor_at_the_expected_point(
    company: LevelModel,
) -> None:
    jd = job_description(company, "pm2")
    assert [(s.skill, s.expected, s.core) for s in jd.skills] == [
        ("delivery", 3, True),
        ("strategy", 2, True),
        ("discovery", 3, False),
    ]
    by_id = {s.skill: s for s in jd.skills}
    assert by_id["delivery"].anchor == company.skill("delivery").anchors[3]  # the skill's own
    assert by_id["strategy"].anchor == company.scale.anchors[2]  # no own anchors: the scale's
    assert jd.experience is not None
    assert jd.experience["en"] == "Three or more years of product work"
    assert [r.name["en"] for r in jd.responsibilities] == ["Roadmap", "Launches"]


def test_a_level_without_core_skills_keeps_the_model_order(small: LevelModel) -> None:
    items = expected_core_first(small.level("pm2"))
    assert [i.skill for i in items] == ["discovery", "delivery", "influence"]
    assert not any(i.core for i in items)


@pytest.mark.parametrize(
    ("lang", "title", "core", "looks"),
    [
        ("en", "PM II", "What we are looking for", "Shipped a feature end to end"),
        ("zh", "产品经理二级", "我们希望你", "端到端按期交付过一个功能"),
    ],
)
def test_the_document_reads_in_either_language(
    company: LevelModel, lang: str, title: str, core: str, looks: str
) -> None:
    doc = jd_document(Words(company, Translator(lang)), job_description(company, "pm2"))
    assert doc.title == title and doc.lang == lang
    sections = {b.heading: b for b in walk(doc.blocks) if isinstance(b, Section)}
    assert core in sections
    wanted = next(b for b in sections[core].blocks if isinstance(b, BulletList))
    lines = [plain_text(item) for item in wanted.items]
    assert any("Three or more years" in x or "三年以上" in x for x in lines)  # experience first
    assert lines[1].startswith(("Delivery", "交付"))  # then the core skills
    assert any(looks in x for x in lines)
    facts = next(b for b in doc.blocks if isinstance(b, Facts))
    assert facts.title == title
    duties = next(b for b in walk(doc.blocks) if isinstance(b, BulletList))
    assert len(duties.items) == 2


def test_every_level_of_the_bundled_model_has_a_job_description(bundled: LevelModel) -> None:
    for lang in ("zh", "en"):
        w = Words(bundled, Translator(lang))
        for level in bundled.levels:
            jd = job_description(bundled, level.id)
            doc = jd_document(w, jd)
            assert w.level_name(level.id) in doc.title
            assert len(jd.skills) == len(level.expectations)
            assert len(jd.responsibilities) == 5  # the article's five per level


def test_model_text_goes_into_the_document_as_written(tmp_path: Path) -> None:
    hostile = "[bold red]boom[/] <script>x</script> | *y* \x1b[31m"
    text = COMPANY.read_text(encoding="utf-8").replace(
        "Owns a product area end to end.", hostile.replace("\x1b", "")
    )
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    model = load_model(path)
    doc = jd_document(Words(model, Translator("en")), job_description(model, "pm2"))
    summary = next(b for b in walk(doc.blocks) if isinstance(b, Paragraph))
    assert plain_text(summary.text) == hostile.replace("\x1b", "")


def _fact(fact: Fact) -> str:
    return plain_text(fact.value)


@pytest.mark.parametrize(
    ("lang", "headings", "rubric"),
    [
        (
            "en",
            ("About the role (Payments)", "What you will do", "What we are looking for"),
            ("Expected", "scale of", "Ratings on", "Core skills"),
        ),
        (
            "zh",
            ("关于这个职位（Payments）", "你将负责", "我们希望你"),
            ("评分刻度", "要求", "核心技能"),
        ),
    ],
)
def test_a_job_description_takes_the_posting_and_speaks_in_sentences(
    invoke: Invoke, tmp_path: Path, lang: str, headings: tuple[str, ...], rubric: tuple[str, ...]
) -> None:
    posting = ("--company", "Acme", "--team", "Payments", "--location", "上海 / remote")
    args = ("--lang", lang, "jd", "senior", *posting, "--pay", "¥40–55k × 15")
    page = tmp_path / "jd.md"
    assert invoke(*args, "-o", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith(
        "# " + {"en": "Senior Product Manager", "zh": "高级产品经理"}[lang] + " · Acme"
    )
    for words in ("Payments", "上海 / remote", "¥40–55k × 15", *headings):
        assert words in text, words
    for words in rubric:  # the ladder's rubric is not the posting's language
        assert words not in text, words
    assert "| " not in text  # no table of ratings: sentences and lists
    shown = invoke(*args, env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "Acme" in shown.stdout
    plain = invoke("--lang", lang, "jd", "senior")  # without the options: no empty fields
    assert plain.exit_code == 0 and "Acme" not in plain.stdout
    assert {"en": "Pay", "zh": "薪资范围"}[lang] not in plain.stdout
