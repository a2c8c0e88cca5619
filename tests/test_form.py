"""``pmlevel form``: the questionnaire as one HTML page a manager or peer fills in a browser.

Driven in the system Chromium with the keyboard alone, in both languages: reloading
half-way keeps what was typed, saving with a skill unrated names it, and the saved
answers file is read by ``assess --answers`` with the very ratings chosen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke
from pmlevel.model.loader import load_model

MODEL = load_model()
ORDER = [s.id for _, group in MODEL.categories() for s in group]
NAMES = {lang: {s.id: MODEL.text(s.name, lang) for s in MODEL.skills} for lang in ("zh", "en")}
LOW = MODEL.scale.min
# A rating for every skill, all over the scale, and a note on a few.
CHOSEN = {
    skill: LOW + (index * 3) % (MODEL.scale.max - LOW + 1) for index, skill in enumerate(ORDER)
}
NOTES = {ORDER[0]: "ran the Q3 funnel review", ORDER[4]: "写了三份完整的 PRD"}


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement.id"))


def rate_here(page: Any, skill: str) -> None:
    """On a skill's radio group (focused by Tab): Space picks the lowest, arrows move up."""
    assert focused(page).startswith(f"r-{skill}-"), focused(page)
    page.keyboard.press("Space")
    for _ in range(CHOSEN[skill] - LOW):
        page.keyboard.press("ArrowRight")
    assert focused(page) == f"r-{skill}-{CHOSEN[skill]}"


def fill(page: Any, skills: list[str]) -> None:
    """From the radio group of skills[0]: rate each, typing its note, Tab to the next."""
    for skill in skills:
        rate_here(page, skill)
        page.keyboard.press("Tab")
        assert focused(page) == f"note-{skill}"
        if skill in NOTES:
            page.keyboard.type(NOTES[skill])
        page.keyboard.press("Tab")


def tab_to(page: Any, element_id: str, limit: int = 200) -> None:
    for _ in range(limit):
        if focused(page) == element_id or focused(page).startswith(element_id):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {element_id}")


@pytest.mark.parametrize(
    ("lang", "other", "title", "switched"),
    [("zh", "en", "为 Li Lei 评分", "Rate Li Lei"), ("en", "zh", "Rate Li Lei", "为 Li Lei 评分")],
)
def test_fill_the_form_by_keyboard_and_assess_the_answers(
    invoke: Invoke, tmp_path: Path, page: Any, lang: str, other: str, title: str, switched: str
) -> None:
    form = tmp_path / "form.html"
    made = invoke(
        "--lang", lang, "form", "--subject", "Li Lei", "--rater", "peer", "--rater-name", "Jim",
        "-o", str(form),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert str(form) in made.stderr

    page.goto(form.as_uri())
    assert page.locator("h1").inner_text() == title
    assert page.evaluate("document.documentElement.lang") == lang
    # every skill with its description and an anchor per point, in the page's language
    first = MODEL.skill(ORDER[0])
    box = page.locator(f"#skill-{ORDER[0]}")
    assert NAMES[lang][ORDER[0]] in box.inner_text()
    assert MODEL.text(first.description, lang) in box.inner_text()
    assert MODEL.text(first.anchor(LOW), lang) in box.inner_text()

    # the switch to the other language, by keyboard, and back
    page.keyboard.press("Tab")
    assert focused(page) == "switch"
    page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == switched
    assert page.evaluate("document.documentElement.lang") == other
    assert NAMES[other][ORDER[0]] in page.locator(f"#skill-{ORDER[0]}").inner_text()
    page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == title

    # half the skills, then a reload: nothing typed is lost
    tab_to(page, f"r-{ORDER[0]}-")
    half = len(ORDER) // 2
    fill(page, ORDER[:half])
    # Keys are dispatched before the page has handled them: reload only once the page
    # has kept all it was given, as a person reloads after seeing their answers.
    page.wait_for_function(
        "n => Object.values(localStorage).some(v => Object.keys(JSON.parse(v).ratings"
        " || {}).length === n)",
        arg=half,
    )
    page.reload()
    page.wait_for_function(
        "text => document.getElementById('message').textContent.includes(text)",
        arg=f"{half}/{len(ORDER)}",
    )
    for skill in ORDER[:half]:
        assert page.locator(f"#r-{skill}-{CHOSEN[skill]}").is_checked()
    assert page.locator(f"#note-{ORDER[0]}").input_value() == NOTES[ORDER[0]]

    # the rest but the last, then try to save: refused, naming the unrated skill
    tab_to(page, f"r-{ORDER[half]}-")
    fill(page, ORDER[half:-1])
    tab_to(page, "save")
    page.keyboard.press("Enter")
    message = page.locator("#message").inner_text()
    assert NAMES[lang][ORDER[-1]] in message
    assert focused(page) == f"r-{ORDER[-1]}-{LOW}"  # taken to it
    rate_here(page, ORDER[-1])
    tab_to(page, "save")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    saved = tmp_path / "answers.json"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "li-lei-peer.json"
    assert "li-lei-peer.json" in page.locator("#message").inner_text()

    answers = json.loads(saved.read_text(encoding="utf-8"))
    assert answers["rater"] == {"role": "peer", "name": "Jim"}
    assessed = invoke("assess", "--answers", str(saved), "--no-save", "--json")
    assert assessed.exit_code == 0, assessed.output
    result = json.loads(assessed.stdout)
    assert result["ratings"] == {s.id: CHOSEN[s.id] for s in MODEL.skills}
    assert result["notes"] == NOTES
    assert result["subject"] == "Li Lei"
    assert result["rater"] == {"role": "peer", "name": "Jim"}


def test_model_text_is_inert_in_the_page(
    invoke: Invoke, tmp_path: Path, page: Any, write: Any
) -> None:
    hostile = '</script><img src=x onerror="window.hacked=1"><b>bold</b>'
    model = write(
        "model.yaml",
        "schema_version: 1\nname: Acme\ndefault_language: en\n"
        "scale: {min: 1, max: 2, anchors: {1: '<i>low</i>', 2: high}}\n"
        f"skills:\n  - id: discovery\n    name: {json.dumps(hostile)}\n"
        f"    description: {json.dumps('{{data}} & <script>alert(1)</script>')}\n"
        "levels:\n  - id: pm1\n    name: PM I\n    expectations: {discovery: 1}\n",
    )
    form = tmp_path / "form.html"
    made = invoke("--model", str(model), "form", "--subject", "<b>Eve</b>", "-o", str(form))
    assert made.exit_code == 0, made.output
    html = form.read_text(encoding="utf-8")
    assert "</script><img" not in html and "<b>" not in html
    assert "http://" not in html and "https://" not in html  # nothing to fetch
    page.goto(form.as_uri())
    assert page.locator("img, b, i").count() == 0
    assert page.evaluate("window.hacked === undefined")
    assert hostile in page.locator("#skill-discovery legend").inner_text()
    assert "<i>low</i>" in page.locator("#skill-discovery").inner_text()
    assert page.locator("h1").inner_text() == "Rate <b>Eve</b>"


def test_without_a_role_the_rater_chooses_one(invoke: Invoke, tmp_path: Path, page: Any) -> None:
    small = Path(__file__).parent / "fixtures" / "small.yaml"
    form = tmp_path / "form.html"
    assert invoke("--model", str(small), "--lang", "en", "form", "-o", str(form)).exit_code == 0
    page.goto(form.as_uri())
    assert page.locator("h1").inner_text() == "Rating form"
    for skill in ("discovery", "delivery", "influence"):
        page.locator(f"#r-{skill}-2").check()
    page.locator("#save").click()
    assert "Choose the role" in page.locator("#message").inner_text()
    page.locator("#subject").fill("Han")
    page.locator("#role").select_option("manager")
    with page.expect_download() as download:
        page.locator("#save").click()
    saved = tmp_path / "answers.json"
    download.value.save_as(saved)
    assessed = invoke("--model", str(small), "assess", "--answers", str(saved), "--json")
    result = json.loads(assessed.stdout)
    assert result["rater"]["role"] == "manager" and result["subject"] == "Han"


def test_form_refuses_other_suffixes_and_needs_an_output(invoke: Invoke, tmp_path: Path) -> None:
    wrong = invoke("--lang", "en", "form", "-o", str(tmp_path / "form.pdf"))
    assert wrong.exit_code == 2 and ".html" in wrong.output
    assert invoke("form").exit_code == 2


@pytest.mark.parametrize(
    ("lang", "title"),
    [("zh", "为发这份表给你的人评分"), ("en", "Rate the person who sent you this form")],
)
def test_a_form_about_me_saves_no_name_and_merges_with_a_nameless_self_rating(
    invoke: Invoke, tmp_path: Path, page: Any, lang: str, title: str
) -> None:
    """Issue 24 #1: the plan's form for someone whose results name no one carries that
    identity: the page has no name field to fill, and what comes back merges with them."""
    small = Path(__file__).parent / "fixtures" / "small.yaml"
    mine = tmp_path / "me.yaml"
    mine.write_text("ratings: {discovery: 2, delivery: 3, influence: 2}\n", encoding="utf-8")
    assert invoke("--model", str(small), "assess", "--answers", str(mine)).exit_code == 0
    form = tmp_path / "me-manager.html"
    made = invoke(
        "--model", str(small), "--lang", lang, "form", "--subject", "me", "--rater", "manager",
        "-o", str(form),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    page.goto(form.as_uri())
    assert page.locator("h1").inner_text() == title
    assert page.locator("#subject").count() == 0  # no name field to type "王芳" into
    for skill in ("discovery", "delivery", "influence"):
        page.locator(f"#r-{skill}-3").check()
    with page.expect_download() as download:
        page.locator("#save").click()
    assert download.value.suggested_filename == "me-manager.json"
    saved = tmp_path / "me-manager.json"
    download.value.save_as(saved)
    assert "subject" not in json.loads(saved.read_text(encoding="utf-8"))
    merged = invoke("--model", str(small), "merge", "1", str(saved), "--json")
    assert merged.exit_code == 0, merged.output
    assert [r["role"] for r in json.loads(merged.stdout)["raters"]] == ["self", "manager"]
