"""The form's "could not observe" choice (docs/reference.md#the-estimate), in the system Chromium:
offered to
every role but self, saved as ``null`` that ``assess --answers`` reads as could not
observe; a self-rating must still rate everything, and answers with nothing rated are
refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from browser import shared_form_page
from conftest import FIXTURES, Invoke
from pmlevel.model.loader import load_model

SMALL = FIXTURES / "small.yaml"
MODEL = load_model(SMALL)
SKILLS = [s.id for s in MODEL.skills]
UNSEEN = SKILLS[-1]


@pytest.fixture
def page(chromium: Any) -> Any:
    """The worker's shared form page: these tests keep nothing in the browser past a
    document (tests/browser.py: shared_form_page)."""
    return shared_form_page()


def make_form(invoke: Invoke, tmp_path: Path, lang: str, *role: str) -> Path:
    form = tmp_path / "form.html"
    done = invoke(
        "--model", str(SMALL), "--lang", lang, "form", "--subject", "Li Lei", *role, "-o", str(form)
    )
    assert done.exit_code == 0, done.output
    return form


def save(page: Any, tmp_path: Path) -> dict[str, Any]:
    with page.expect_download() as download:
        page.locator("#save").click()
    path = tmp_path / "answers.json"
    download.value.save_as(path)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(("lang", "label"), [("zh", "无法观察"), ("en", "Could not observe")])
def test_a_manager_chooses_could_not_observe_and_assess_reads_it(
    invoke: Invoke, tmp_path: Path, page: Any, lang: str, label: str
) -> None:
    page.goto(make_form(invoke, tmp_path, lang, "--rater", "manager").as_uri())
    assert page.locator("input[id$='-none']").count() == len(SKILLS)
    assert label in page.locator(f"#skill-{UNSEEN}").inner_text()
    for skill in SKILLS[:-1]:
        page.locator(f"#r-{skill}-2").check()
    # By keyboard: from the top rating, the next arrow is "could not observe".
    page.locator(f"#r-{UNSEEN}-{MODEL.scale.max}").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == f"r-{UNSEEN}-none"
    assert page.locator(f"#r-{UNSEEN}-none").is_checked()
    assert f"{len(SKILLS)}/{len(SKILLS)}" in page.locator("#progress").inner_text()
    answers = save(page, tmp_path)
    assert answers["ratings"] == {**dict.fromkeys(SKILLS[:-1], 2), UNSEEN: None}
    assert answers["rater"]["role"] == "manager"
    saved = tmp_path / "answers.json"
    done = invoke("--model", str(SMALL), "assess", "--answers", str(saved), "--json", "--no-save")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["estimate"]["not_observed"] == [UNSEEN]


def test_a_self_rating_form_has_no_could_not_observe(
    invoke: Invoke, tmp_path: Path, page: Any
) -> None:
    page.goto(make_form(invoke, tmp_path, "en", "--rater", "self").as_uri())
    assert page.locator("input[id$='-none']").count() == 0
    assert "Could not observe" not in page.locator("main").inner_text()


@pytest.mark.parametrize(
    ("lang", "unrated"), [("en", "not rated yet"), ("zh", "还有 1 项没有评分")]
)
def test_choosing_self_after_could_not_observe_refuses_to_save(
    invoke: Invoke, tmp_path: Path, page: Any, lang: str, unrated: str
) -> None:
    page.goto(make_form(invoke, tmp_path, lang).as_uri())  # the rater chooses a role
    for skill in SKILLS[:-1]:
        page.locator(f"#r-{skill}-3").check()
    page.locator(f"#r-{UNSEEN}-none").check()
    page.locator("#role").select_option("self")
    assert page.locator("input[id$='-none']").count() == 0  # gone for self
    assert page.locator(f"#r-{SKILLS[0]}-3").is_checked()  # the rest kept
    page.locator("#save").click()
    message = page.locator("#message").inner_text()
    assert unrated in message and MODEL.text(MODEL.skill(UNSEEN).name, lang) in message
    page.locator("#role").select_option("peer")
    assert page.locator(f"#r-{UNSEEN}-none").is_checked()  # the choice comes back as made
    assert save(page, tmp_path)["ratings"][UNSEEN] is None


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "rate at least one skill"), ("zh", "至少要给一项技能打分")]
)
def test_nothing_but_could_not_observe_is_refused(
    invoke: Invoke, tmp_path: Path, page: Any, lang: str, words: str
) -> None:
    page.goto(make_form(invoke, tmp_path, lang, "--rater", "peer").as_uri())
    for skill in SKILLS:
        page.locator(f"#r-{skill}-none").check()
    page.locator("#save").click()
    assert words in page.locator("#message").inner_text()
