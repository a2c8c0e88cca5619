"""Every sentence the tool prints exists in every language the tool speaks (each a locale
record and a catalogue), with the same placeholders and lines, and every message id the
code names exists (found by parsing the code, not by a regex)."""

from __future__ import annotations

import ast
import functools
import json
import re
import string
from pathlib import Path

import pytest

from pmlevel.text.i18n import DEFAULT, LANGUAGES, Translator, locale, messages, reply_words

SRC = Path(__file__).resolve().parents[1] / "src" / "pmlevel"
# Calls whose first string argument is a message id: t("id"), _("id"), c.t("id"),
# w.t("id", ...), t.count("id", n), UsageError("id"), HistoryError("id"), ...
ID_CALLS = {"t", "_", "count", "UsageError", "HistoryError", "InputError", "PmlevelError"}
# Calls whose second argument is a message id: Problem(source, "id"), doc.problem(node, "id").
ID_SECOND = {"Problem", "problem"}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


@functools.cache  # the code does not change during a run; two tests read the one parse
def scan() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(ids named in calls, every string constant, prefixes of f-strings) across the code."""
    called: set[str] = set()
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    prefixes.add(first.value)
            elif isinstance(node, ast.Call):
                name = _name(node.func)
                position = 0 if name in ID_CALLS else 1 if name in ID_SECOND else None
                if position is None or len(node.args) <= position:
                    continue
                arg = node.args[position]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    called.add(arg.value)
    return frozenset(called), frozenset(constants), frozenset(prefixes)


SOURCE = "zh"  # the language the catalogue is written in first


def _shape(template: str) -> list[str]:
    """A message's layout: one entry per line, the bullet or mark it starts with."""
    marks = ("• ", "•", "- ", "* ", "· ")
    return [
        next((m.strip() for m in marks if line.startswith(m)), "") for line in template.split("\n")
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_every_key_with_the_same_placeholders_and_lines(lang: str) -> None:
    source, other = messages(SOURCE), messages(lang)
    assert set(other) == set(source), sorted(set(other) ^ set(source))
    for key, template in other.items():
        assert template.strip(), f"{lang}: {key} is empty"
        assert fields(template) == fields(source[key]), f"{lang}: {key} placeholders"
        assert _shape(template) == _shape(source[key]), f"{lang}: {key} lines differ"
        # A backslash sequence in a catalogue is a layout bug: it prints as typed.
        for written in ("\\n", "\\t", "\\u"):
            assert written not in template, f"{lang}: {key} has a literal {written}"


def test_every_language_is_a_locale_record_and_a_catalogue() -> None:
    records = {path.stem for path in (SRC / "text" / "locales").glob("*.json")}
    catalogues = {path.stem for path in (SRC / "text" / "messages").glob("*.json")}
    assert records == catalogues == set(LANGUAGES)
    assert SOURCE in LANGUAGES and DEFAULT in LANGUAGES
    for code in LANGUAGES:
        record = locale(code)
        assert record.code == code
        assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", record.tag), record.tag
        assert record.name and record.colon and record.list_separator
        assert set(record.reply_words) == {"back", "help", "quit"}
        assert all(fallback in LANGUAGES for fallback in record.text_fallback)


def test_no_two_languages_share_a_reply_word_for_different_things() -> None:
    back, help_, quit_ = reply_words("back"), reply_words("help"), reply_words("quit")
    assert not (back & help_ or back & quit_ or help_ & quit_)


def test_catalogue_files_keep_their_keys_sorted() -> None:
    # Sorted keys keep additions from different branches apart when they merge.
    for lang in LANGUAGES:
        path = SRC / "text" / "messages" / f"{lang}.json"
        keys = list(json.loads(path.read_text(encoding="utf-8")))
        assert keys == sorted(keys), f"{path.name}: keys out of order"


def test_every_message_the_code_names_exists() -> None:
    called, _, _ = scan()
    known = set(messages("en"))
    ids = {key for key in called if key.replace("_", "").isalnum() and key.islower()}
    assert ids & known, "the scan found no message ids: it is broken"
    assert not ids - known, sorted(ids - known)


def test_every_message_is_used() -> None:
    _, constants, prefixes = scan()
    unused = [
        key
        for key in messages("en")
        if key not in constants
        and key.removesuffix("_one") not in constants
        and not any(prefix and key.startswith(prefix) for prefix in prefixes)
    ]
    assert not unused, unused


def test_an_unknown_language_reads_english_and_a_missing_key_is_an_error() -> None:
    assert Translator("fr")("result_title") == messages("en")["result_title"]
    for lang in LANGUAGES:
        assert Translator(lang)("result_title") == messages(lang)["result_title"]
    # No silent fallback from one catalogue to another: a missing key is a bug.
    with pytest.raises(KeyError):
        Translator("zh-Hant")("no_such_message_id")
