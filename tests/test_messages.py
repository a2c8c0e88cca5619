"""Every sentence the tool prints exists in Chinese and English, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from pmlevel.i18n import Translator, catalogue

SRC = Path(__file__).resolve().parents[1] / "src" / "pmlevel"
# t("id"...), _("id"), c.t("id"), w.t("id"), UsageError("id"...), Problem(source, "id"...)
USED = re.compile(
    r"""(?:\b(?:t|_|c\.t|w\.t|ctx\.t|self\.t)\(\s*|UsageError\(\s*|HistoryError\(\s*|"""
    r"""problem\([^"]*?,\s*|Problem\(\s*\w+,\s*)"([a-z][a-z0-9_]+)\"""",
)


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = catalogue()[key]
    assert entry.get("zh", "").strip(), f"{key}: no Chinese"
    assert entry.get("en", "").strip(), f"{key}: no English"
    assert fields(entry["zh"]) == fields(entry["en"]), key


def test_every_message_the_code_uses_exists() -> None:
    known = set(catalogue())
    missing = set()
    for path in SRC.rglob("*.py"):
        for key in USED.findall(path.read_text(encoding="utf-8")):
            if key not in known and key != "key":  # "key" is the docstring example
                missing.add(f"{path.name}: {key}")
    assert not missing, sorted(missing)


def test_the_scan_above_sees_messages() -> None:
    # Guard against a regex that silently matches nothing.
    text = (SRC / "render" / "assessment.py").read_text(encoding="utf-8")
    assert "estimate_level" in USED.findall(text)


def test_english_is_the_fallback_for_other_languages() -> None:
    assert Translator("fr")("result_title") == catalogue()["result_title"]["en"]
    assert Translator("zh")("result_title") == catalogue()["result_title"]["zh"]
