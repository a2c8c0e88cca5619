"""``pmlevel form``: the whole questionnaire as one self-contained HTML page (SPEC §4).

A manager or peer opens the file (an e-mail attachment, a shared drive) in any
modern browser, offline, and rates every skill with its anchors on screen; the
page saves an answers JSON (SPEC §5) that ``assess --answers``, ``merge`` and
``agree`` read as it is. No network, no external file: the CSS and the script
are inline.

Safety: every text from the model, the subject and the rater is data, never
markup. It travels as JSON inside ``<script type="application/json">`` with
``<``, ``>`` and ``&`` escaped (so ``</script>`` in a skill name cannot end the
block), and the script builds the page with ``textContent`` only.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from pmlevel.assess.people import ROLES, person_key
from pmlevel.growth.whose import ME_WORDS
from pmlevel.model.ladder import LevelModel
from pmlevel.text.i18n import LANGUAGES, Translator
from pmlevel.text.safe import clean_line

# The roles a form can be filled in as (``agreed`` is the outcome of ``agree`` only).
FORM_ROLES = tuple(role for role in ROLES if role != "agreed")

# The page's own words, in both languages: the reader may switch.
_UI_KEYS = (
    "form_title",
    "form_title_nameless",
    "form_title_sender",
    "form_intro",
    "form_keys",
    "form_switch",
    "form_subject",
    "form_rater_role",
    "form_rater_name",
    "form_choose_role",
    "form_note",
    "form_progress",
    "form_save",
    "form_unrated",
    "form_saved",
    "form_kept",
)


def form_data(
    model: LevelModel,
    *,
    subject: str | None,
    role: str | None,
    rater_name: str | None,
    lang: str,
) -> dict[str, Any]:
    """Everything the page shows and saves, in both languages.

    *subject* ``me`` (:data:`~pmlevel.growth.whose.ME_WORDS`, or blank) is the person who
    sends the form, whose own results name no one: the page says it rates them and saves
    no name (``sender``), so the answers merge with those results as they are.
    """
    sender = subject is not None and (
        person_key(subject) is None or person_key(subject) in ME_WORDS
    )
    if sender:
        subject = None
    texts: dict[str, dict[str, Any]] = {}
    for language in LANGUAGES:
        t = Translator(language)
        ui: dict[str, Any] = {key.removeprefix("form_"): t(key) for key in _UI_KEYS}
        ui["roles"] = {r: t(f"merge_role_{r}") for r in FORM_ROLES}
        ui["model"] = model.text(model.name, language)
        skills = []
        for category, group in model.categories():
            for skill in group:
                skills.append(
                    {
                        "category": model.text(category, language) if category else "",
                        "name": model.text(skill.name, language),
                        "description": model.text(skill.description, language)
                        if skill.description
                        else "",
                        "anchors": {
                            str(point): model.text(skill.anchor(point), language)
                            for point in range(model.scale.min, model.scale.max + 1)
                        },
                    }
                )
        texts[language] = {"ui": ui, "skills": skills}
    order = [skill.id for _, group in model.categories() for skill in group]
    return {
        "lang": lang if lang in LANGUAGES else "en",
        "model": {"sha256": model.sha256},
        "scale": {"min": model.scale.min, "max": model.scale.max},
        "skills": order,
        "subject": subject or "",
        "sender": sender,
        "rater": {"role": role or "", "name": rater_name or ""},
        "storage_key": f"pmlevel-form:{model.sha256[:16]}:{person_key(subject) or ''}",
        "texts": texts,
    }


def inert_json(data: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``<``, ``>`` or ``&`` in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def form_html(
    model: LevelModel,
    *,
    subject: str | None,
    role: str | None,
    rater_name: str | None,
    lang: str,
) -> str:
    """The page, for *subject* rated by *rater_name* as *role* (each may be left to the
    rater). Names typed on the command line are made one clean line first, as a name
    read from a file is."""
    subject = clean_line(subject) if subject is not None else None
    rater_name = clean_line(rater_name) if rater_name else None
    data = form_data(model, subject=subject, role=role, rater_name=rater_name, lang=lang)
    title = Translator(data["lang"])("form_page_title")
    return (
        _PAGE.replace("{{lang}}", data["lang"])
        .replace("{{title}}", _html_text(title))
        .replace("{{csp}}", _CSP)
        .replace("{{css}}", _asset("form.css"))
        .replace("{{js}}", _asset("form.js"))
        .replace("{{data}}", inert_json(data))
    )


# Nothing may load from anywhere: the page is the whole program, and a skill name that
# somehow became markup still could not fetch or run anything.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def _asset(name: str) -> str:
    """The page's stylesheet and script, kept beside this module as files (data is data)."""
    return Path(__file__).with_name(name).read_text(encoding="utf-8")


def _html_text(text: str) -> str:
    return escape(text, quote=True)


_PAGE = """<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{csp}}">
<title>{{title}}</title>
<style>{{css}}</style>
</head>
<body>
<main id="app" aria-live="off"></main>
<noscript>This form needs JavaScript. / 此表单需要启用 JavaScript。</noscript>
<script type="application/json" id="pmlevel-data">{{data}}</script>
<script>{{js}}</script>
</body>
</html>
"""
