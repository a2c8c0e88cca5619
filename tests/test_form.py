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

from browser import shared_form_page
from conftest import BACKSTOP, Invoke
from pmlevel.model.loader import load_model
from pmlevel.text.i18n import LANGUAGES, locale

MODEL = load_model()
ORDER = [s.id for _, group in MODEL.categories() for s in group]
NAMES = {lang: {s.id: MODEL.text(s.name, lang) for s in MODEL.skills} for lang in ("zh", "en")}
LOW = MODEL.scale.min
# A rating for every skill, all over the scale, and a note on a few.
CHOSEN = {
    skill: LOW + (index * 3) % (MODEL.scale.max - LOW + 1) for index, skill in enumerate(ORDER)
}
NOTES = {ORDER[0]: "ran the Q3 funnel review", ORDER[4]: "写了三份完整的 PRD"}


# A test that keeps something in the browser past a document (an init script, a
# listener) or looks at the storage itself gets a context of its own; the others share
# one page (tests/browser.py: shared_form_page).
own_context = pytest.mark.own_context


@pytest.fixture
def page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    if request.node.get_closest_marker("own_context") is None:
        yield shared_form_page()
        return
    context = chromium.new_context(accept_downloads=True)
    context.set_default_timeout(BACKSTOP * 1000)  # waits are for events; this is a hang guard
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


@own_context
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
    assert page.evaluate("document.documentElement.lang") == locale(lang).tag
    # every skill with its description and an anchor per point, in the page's language
    first = MODEL.skill(ORDER[0])
    box = page.locator(f"#skill-{ORDER[0]}")
    assert NAMES[lang][ORDER[0]] in box.inner_text()
    assert MODEL.text(first.description, lang) in box.inner_text()
    assert MODEL.text(first.anchor(LOW), lang) in box.inner_text()

    # the language picker, first under the keyboard: another language, and back
    page.keyboard.press("Tab")
    assert focused(page) == "language"
    offered = page.eval_on_selector_all("#language option", "els => els.map(e => e.value)")
    assert offered == list(LANGUAGES)  # every language the tool speaks, zh-Hant included
    page.select_option("#language", other)
    assert page.locator("h1").inner_text() == switched
    assert page.evaluate("document.documentElement.lang") == locale(other).tag
    assert NAMES[other][ORDER[0]] in page.locator(f"#skill-{ORDER[0]}").inner_text()
    assert focused(page) == "language"
    page.select_option("#language", lang)
    assert page.locator("h1").inner_text() == title

    # half the skills, then a reload: nothing typed is lost
    tab_to(page, f"r-{ORDER[0]}-")
    half = len(ORDER) // 2
    fill(page, ORDER[:half])
    # Keys are dispatched before the page has handled them: reload only once the page
    # has kept all it was given, as a person reloads after seeing their answers.
    draft_kept(page, half)
    keep_storage(page)
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


# -- drafts between raters  ---------------------------------------------

SMALL = Path(__file__).parent / "fixtures" / "small.yaml"
SMALL_SKILLS = ("discovery", "delivery", "influence")


def small_form(invoke: Invoke, path: Path, *options: str, lang: str = "en") -> Path:
    made = invoke("--model", str(SMALL), "--lang", lang, "form", *options, "-o", str(path))
    assert made.exit_code == 0, made.output
    return path


KEPT = (
    "n => Object.values(localStorage).some(v => Object.keys(JSON.parse(v).ratings"
    " || {}).length === n)"
)


def draft_kept(page: Any, rated: int) -> None:
    """Wait until the page has kept *rated* ratings in its storage (keys are dispatched
    before the page has handled them)."""
    page.wait_for_function(KEPT, arg=rated)


def keep_storage(page: Any) -> None:
    """The next document *page* opens starts with localStorage as this one leaves it.

    Chromium hands a page's writes to the browser on their way; a reload or goto may
    start the next document in a new process that reads the storage before they arrive
    (two loaded runs, one of them CI, lost a draft so, and a second tab waiting for the
    write never saw it either). Keeping storage is the browser's business; what these
    tests check is what the page writes and what a page restores from it. So the storage
    is carried over by an init script that runs before the page's own (the last one
    registered runs last, so the latest state wins).
    """
    items = page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
    page.add_init_script(
        "(() => { localStorage.clear(); const items = "
        + json.dumps(items)
        + "; for (const key of Object.keys(items)) localStorage.setItem(key, items[key]); })()"
    )


@own_context
def test_two_raters_forms_in_one_browser_never_share_a_draft(
    invoke: Invoke, tmp_path: Path, page: Any
) -> None:
    """A shared HR laptop: Wang half-fills his form and leaves; Zhang opens hers."""
    wang = small_form(
        invoke, tmp_path / "wang.html", "--subject", "Li Lei", "--rater", "peer",
        "--rater-name", "Wang",
    )  # fmt: skip
    zhang = small_form(
        invoke, tmp_path / "zhang.html", "--subject", "Li Lei", "--rater-name", "Zhang"
    )
    page.goto(wang.as_uri())
    for skill in SMALL_SKILLS:
        page.locator(f"#r-{skill}-4").check()
    page.locator("#note-discovery").fill("Wang's confidential note")
    draft_kept(page, 3)
    keep_storage(page)

    page.goto(zhang.as_uri())
    assert page.locator("#message").inner_text() == ""  # nothing "restored"
    assert page.locator("#progress").inner_text() == "0/3 rated"
    assert page.locator("input[type=radio]:checked").count() == 0
    assert page.locator("#note-discovery").input_value() == ""
    assert page.locator("#rater-name").input_value() == "Zhang"
    for skill in SMALL_SKILLS:
        page.locator(f"#r-{skill}-1").check()
    page.locator("#role").select_option("manager")
    with page.expect_download() as download:
        page.locator("#save").click()
    saved = tmp_path / "zhang.json"
    download.value.save_as(saved)
    answers = json.loads(saved.read_text(encoding="utf-8"))
    assert answers == {
        "ratings": dict.fromkeys(SMALL_SKILLS, 1),
        "notes": {},
        "subject": "Li Lei",
        "rater": {"role": "manager", "name": "Zhang"},
    }

    # Wang's own page still has his draft
    keep_storage(page)
    page.goto(wang.as_uri())
    assert page.locator("#r-discovery-4").is_checked()
    assert page.locator("#note-discovery").input_value() == "Wang's confidential note"


@own_context
def test_a_kept_draft_never_replaces_what_the_page_was_made_with(
    invoke: Invoke, tmp_path: Path, page: Any
) -> None:
    form = small_form(
        invoke, tmp_path / "form.html", "--subject", "Li Lei", "--rater", "peer",
        "--rater-name", "Zhang",
    )  # fmt: skip
    page.goto(form.as_uri())
    key = page.evaluate(
        "() => JSON.parse(document.getElementById('pmlevel-data').textContent).storage_key"
    )
    # whatever is stored under this page's key: another name, role, subject, stray keys.
    # Written by an init script, before the page's own script runs, so that the test never
    # races the browser's storage between one document and the next.
    kept = {
        "ratings": {"discovery": 3, "delivery": 9, "constructor": 2, "influence": "4"},
        "notes": {"discovery": "kept", "delivery": {"toString": 1}},
        "name": "Wang", "role": "manager", "subject": "Han", "lang": "en",
    }  # fmt: skip
    page.add_init_script(
        f"window.localStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(kept))});"
    )
    page.reload()
    page.wait_for_function("() => document.getElementById('message').textContent !== ''")
    assert page.locator("#rater-name").input_value() == "Zhang"
    assert page.locator("#role").input_value() == "peer"
    assert page.locator("h1").inner_text() == "Rate Li Lei"
    assert page.locator("#r-discovery-3").is_checked()
    assert page.locator("input[type=radio]:checked").count() == 1  # 9 and "4" are not ratings
    assert page.locator("#progress").inner_text() == "1/3 rated"
    assert page.locator("#note-discovery").input_value() == "kept"
    assert page.locator("#note-delivery").input_value() == ""


@own_context
@pytest.mark.parametrize(
    ("lang", "cleared"),
    [
        ("en", "The draft kept in this browser has been deleted"),
        ("zh", "本浏览器里暂存的草稿已删除"),
    ],
)
def test_saving_deletes_the_draft_and_says_so(
    invoke: Invoke, tmp_path: Path, page: Any, lang: str, cleared: str
) -> None:
    form = small_form(
        invoke, tmp_path / "form.html", "--subject", "Li Lei", "--rater", "peer", lang=lang
    )
    page.goto(form.as_uri())
    for skill in SMALL_SKILLS:
        page.locator(f"#r-{skill}-2").check()
    page.locator("#note-delivery").fill("shipped the beta")
    draft_kept(page, 3)
    with page.expect_download():
        page.locator("#save").click()
    message = page.locator("#message").inner_text()
    assert "li-lei-peer.json" in message and cleared in message
    assert page.evaluate("() => localStorage.length") == 0
    page.select_option("#language", "zh-Hant")  # not an edit: no new draft
    assert page.evaluate("() => localStorage.length") == 0
    keep_storage(page)
    page.reload()
    assert page.locator("input[type=radio]:checked").count() == 0
    assert page.locator("#note-delivery").input_value() == ""
    assert page.locator("#message").inner_text() == ""


def test_each_generated_form_has_its_own_draft_key(invoke: Invoke, tmp_path: Path) -> None:
    first = small_form(invoke, tmp_path / "a.html", "--subject", "Li Lei", "--rater", "peer")
    second = small_form(invoke, tmp_path / "b.html", "--subject", "Li Lei", "--rater", "peer")

    def key(path: Path) -> list[str]:
        html = path.read_text(encoding="utf-8")
        block = html.split('id="pmlevel-data">', 1)[1].split("</script>", 1)[0]
        return list(json.loads(json.loads(block)["storage_key"]))

    one, two = key(first), key(second)
    assert one[0] == "pmlevel-form" and one[3:] == ["li lei", "peer", ""]
    assert one[1] != two[1] and len(one[1]) == 32  # a nonce per file


# -- a skill id named like an object property  ---------------------------


@own_context
def test_a_skill_id_like_constructor_is_an_ordinary_skill(
    invoke: Invoke, tmp_path: Path, page: Any, write: Any
) -> None:
    model = write(
        "model.yaml",
        "schema_version: 1\nname: Acme\ndefault_language: en\n"
        "scale: {min: 1, max: 3, anchors: {1: low, 2: mid, 3: high}}\n"
        "skills:\n  - {id: constructor, name: Building}\n  - {id: delivery, name: Delivery}\n"
        "levels:\n  - id: pm1\n    name: PM I\n    expectations: {constructor: 1, delivery: 1}\n",
    )
    assert invoke("validate", str(model)).exit_code == 0
    form = tmp_path / "form.html"
    made = invoke("--model", str(model), "--lang", "en", "form", "--rater", "peer", "-o", str(form))
    assert made.exit_code == 0, made.output
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(form.as_uri())
    assert page.locator("#progress").inner_text() == "0/2 rated"
    assert page.locator("#note-constructor").input_value() == ""
    page.locator("#save").click()
    assert "Building" in page.locator("#message").inner_text()  # named as unrated
    page.locator("#r-constructor-3").check()
    page.locator("#note-constructor").fill("built the team")
    page.locator("#r-delivery-2").check()
    with page.expect_download() as download:
        page.locator("#save").click()
    saved = tmp_path / "answers.json"
    download.value.save_as(saved)
    assert errors == []
    assessed = invoke("--model", str(model), "assess", "--answers", str(saved), "--json")
    assert assessed.exit_code == 0, assessed.output
    result = json.loads(assessed.stdout)
    assert result["ratings"] == {"constructor": 3, "delivery": 2}
    assert result["notes"] == {"constructor": "built the team"}


# -- the page's own script only  ------------------------------------------


def test_only_the_pages_own_script_may_run(invoke: Invoke, tmp_path: Path, page: Any) -> None:
    """Even if markup got into the page, an inline handler or script could not run: the CSP
    allows the one static script by its hash, not 'unsafe-inline'."""
    form = small_form(invoke, tmp_path / "form.html", "--subject", "{{js}}")
    html = form.read_text(encoding="utf-8")
    assert "'unsafe-inline'" not in html.split("script-src", 1)[1].split('"', 1)[0]
    page.goto(form.as_uri())
    assert page.locator("h1").inner_text() == "Rate {{js}}"  # the script ran, as the page
    page.evaluate(
        """() => {
          window.blocked = [];
          document.addEventListener('securitypolicyviolation',
            e => window.blocked.push(e.effectiveDirective));
          document.body.insertAdjacentHTML('beforeend',
            '<img src="x:" onerror="window.ran = 1"><a id="go" onclick="window.ran = 2">go</a>');
          const s = document.createElement('script');
          s.textContent = 'window.ran = 3';
          document.body.appendChild(s);
        }"""
    )
    page.locator("#go").click()
    page.wait_for_function("() => window.ran !== undefined || window.blocked.length >= 3")
    assert page.evaluate("window.ran") is None
    assert {"script-src-attr", "script-src-elem"} <= set(page.evaluate("window.blocked"))


def test_the_form_speaks_traditional_chinese(invoke: Invoke, tmp_path: Path, page: Any) -> None:
    form = tmp_path / "form.html"
    made = invoke("--lang", "zh-Hant", "form", "--subject", "Li Lei", "-o", str(form))
    assert made.exit_code == 0, made.output
    page.goto(form.as_uri())
    assert page.locator("h1").inner_text() == "為 Li Lei 評分"
    assert page.evaluate("document.documentElement.lang") == "zh-Hant"
    assert page.locator("#language").input_value() == "zh-Hant"
    first = MODEL.skill(ORDER[0])
    assert MODEL.text(first.name, "zh-Hant") in page.locator(f"#skill-{ORDER[0]}").inner_text()


@pytest.mark.parametrize(
    ("lang", "title"),
    [("zh", "为发这份表给你的人评分"), ("en", "Rate the person who sent you this form")],
)
def test_a_form_about_me_saves_no_name_and_merges_with_a_nameless_self_rating(
    invoke: Invoke, tmp_path: Path, page: Any, lang: str, title: str
) -> None:
    """The plan's form for someone whose results name no one carries that identity: the
    page has no name field to fill, and what comes back merges with them."""
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
