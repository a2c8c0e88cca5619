"""``pmlevel form`` (docs/reference.md#pmlevel-form): the questionnaire as one self-contained page.

Every role but the person's own may choose "could not observe" for a skill
(docs/reference.md#the-estimate):
the page offers that choice only to them, saves it as ``null``, and refuses to save a
self-rating that leaves a skill unrated, or answers with nothing rated at all.

A manager or peer opens the file (an e-mail attachment, a shared drive) in any
modern browser, offline, and rates every skill with its anchors on screen; the
page saves answers JSON (docs/reference.md#answers-files) that ``assess --answers``, ``merge`` and
``agree`` read as it is. No network, no external file: the CSS and the script
are inline.

Safety: every text from the model, the subject and the rater is data, never
markup. It travels as JSON inside ``<script type="application/json">`` with
``<``, ``>`` and ``&`` escaped (so ``</script>`` in a skill name cannot end the
block), and the script builds the page with ``textContent`` only.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from html import escape
from pathlib import Path
from typing import Any

from pmlevel.assess.answers import may_leave_unrated
from pmlevel.assess.people import ROLES, person_key
from pmlevel.growth.whose import ME_WORDS
from pmlevel.model.ladder import LevelModel
from pmlevel.text.i18n import LANGUAGES, Translator, locales
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
    "form_language",
    "form_subject",
    "form_rater_role",
    "form_rater_name",
    "form_choose_role",
    "form_note",
    "form_progress",
    "form_save",
    "form_unrated",
    "form_not_observed",
    "form_not_observed_hint",
    "form_nothing_rated",
    "form_saved",
    "form_kept",
    "form_draft_cleared",
)


def form_data(
    model: LevelModel,
    *,
    subject: str | None,
    role: str | None,
    rater_name: str | None,
    lang: str,
    nonce: str | None = None,
) -> dict[str, Any]:
    """Everything the page shows and saves, in both languages.

    ``storage_key`` names the draft the page keeps in the browser: a *nonce* made
    with each file (random unless given), the model, the subject, the role and the
    rater. Two forms opened in one browser (a shared laptop) never see each other's
    ratings, notes or names.

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
        ui["list_separator"] = t.locale.list_separator
        ui["ladder"] = ladder_line(model, t)  # which track each level is on (v3)
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
        "may_skip": [r for r in FORM_ROLES if may_leave_unrated(r)],
        "languages": [
            {"code": item.code, "tag": item.tag, "name": item.name} for item in locales().values()
        ],
        "storage_key": json.dumps(
            [
                "pmlevel-form",
                nonce if nonce is not None else secrets.token_hex(16),
                model.sha256[:16],
                person_key(subject) or "",
                role or "",
                person_key(rater_name) or "",
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        "texts": texts,
    }


def ladder_line(model: LevelModel, t: Translator) -> str:
    """With tracks, the ladder in one line: "Levels: PM I → PM II, then IC track: Staff PM →
    Principal PM; Management track: Group PM → Director" (empty without tracks)."""
    if not model.tracks:
        return ""
    lang = t.lang

    def names(levels: Any) -> str:
        return " → ".join(model.text(level.name, lang) for level in levels)

    shared = [level for level in model.levels if level.track is None]
    tracks = t("form_ladder_sep").join(
        t(
            "form_ladder_track",
            track=model.text(track.name, lang),
            levels=names(level for level in model.levels if level.track == track.id),
        )
        for track in model.tracks
    )
    return t("form_ladder", shared=names(shared), tracks=tracks)


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
    nonce: str | None = None,
) -> str:
    """The page, for *subject* rated by *rater_name* as *role* (each may be left to the
    rater). Names typed on the command line are made one clean line first, as a name
    read from a file is."""
    subject = clean_line(subject) if subject is not None else None
    rater_name = clean_line(rater_name) if rater_name else None
    data = form_data(
        model, subject=subject, role=role, rater_name=rater_name, lang=lang, nonce=nonce
    )
    title = Translator(data["lang"])("form_page_title")
    script = _asset("form.js")
    parts = {
        "lang": locales()[data["lang"]].tag,
        "title": _html_text(title),
        "csp": content_security_policy(script),
        "css": _asset("form.css"),
        "data": inert_json(data),
        "js": script,
    }
    # One pass over the template: what is put in is never searched again, so a skill
    # named "{{js}}" stays that text, and the script is exactly the one hashed.
    return re.sub(r"\{\{(\w+)\}\}", lambda found: parts[found.group(1)], _PAGE)


def content_security_policy(script: str) -> str:
    """Nothing may load from anywhere, and no script may run but the page's own.

    The page is the whole program. Its one script is allowed by its SHA-256 hash, not
    by ``'unsafe-inline'``: if a skill name ever became markup, an injected
    ``onerror=`` handler or ``<script>`` still could not run (nor fetch anything).
    """
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"


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
