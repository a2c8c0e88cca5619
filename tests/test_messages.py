"""Every sentence the tool prints exists in Chinese and English, with the same placeholders,
and every message id the code names exists (found by parsing the code, not by a regex)."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

from pmlevel.text.i18n import LANGUAGES, Translator, messages

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


def scan() -> tuple[set[str], set[str], set[str]]:
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
    return called, constants, prefixes


def test_each_language_has_every_key_with_the_same_placeholders() -> None:
    zh, en = messages("zh"), messages("en")
    assert set(zh) == set(en), sorted(set(zh) ^ set(en))
    for key in en:
        assert zh[key].strip() and en[key].strip(), key
        assert fields(zh[key]) == fields(en[key]), key


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


def test_english_is_the_fallback_for_other_languages() -> None:
    assert Translator("fr")("result_title") == messages("en")["result_title"]
    assert Translator("zh")("result_title") == messages("zh")["result_title"]
    assert Translator("zh")("result_title") != Translator("en")("result_title")
