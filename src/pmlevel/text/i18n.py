"""The languages the tool speaks, as data: a locale record and a message catalogue each.

A language is two files: ``locales/<code>.json`` (its BCP-47 tag, its name in itself,
the POSIX locales that choose it, punctuation, the words a reply may use, where a
line may not break, whether names split on spaces, which language its model texts
fall back to) and ``messages/<code>.json`` (every sentence the tool prints, keys
sorted). Adding a language is those two files and the model's texts; no code names a
language. tests/test_messages.py walks every language found here: the same keys,
the same placeholders, the same line structure, no literal ``\\n``.

Text that comes from a model file is chosen by ``LevelModel.text``, with the
locale's ``text_fallback``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent


@dataclass(frozen=True)
class Locale:
    """How one language is written, beside its catalogue (``locales/<code>.json``)."""

    code: str  # what --lang takes and model texts are keyed by: "zh", "zh-Hant", "en"
    order: int  # where it is listed (help, the form's picker)
    tag: str  # BCP-47, for HTML's lang attribute: "zh-Hans", "zh-Hant", "en"
    name: str  # the language's name in itself, for a picker
    locales: tuple[str, ...]  # lower-case prefixes of LANG/LC_* values that choose it
    text_fallback: tuple[str, ...]  # model texts missing in this language: try these first
    colon: str  # between a label and its value: "：" or ": "
    list_separator: str  # between items of a list in a sentence: "、" or ", "
    names_split_on_spaces: bool  # a name's first word is a short name ("Senior")
    reply_words: Mapping[str, tuple[str, ...]]  # back / help / quit -> words
    no_line_start: str  # characters a line may not start with (避头尾)
    no_line_end: str  # characters a line may not end with


def _read_locale(path: Path) -> Locale:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return Locale(
        code=data["code"],
        order=data["order"],
        tag=data["tag"],
        name=data["name"],
        locales=tuple(data["locales"]),
        text_fallback=tuple(data["text_fallback"]),
        colon=data["colon"],
        list_separator=data["list_separator"],
        names_split_on_spaces=data["names_split_on_spaces"],
        reply_words={kind: tuple(words) for kind, words in data["reply_words"].items()},
        no_line_start=data["no_line_start"],
        no_line_end=data["no_line_end"],
    )


@cache
def locales() -> dict[str, Locale]:
    """Every language the tool speaks, by code, in their order."""
    found = [_read_locale(path) for path in (_HERE / "locales").glob("*.json")]
    return {locale.code: locale for locale in sorted(found, key=lambda item: item.order)}


def locale(code: str) -> Locale:
    return locales()[code]


# The language of last resort: what a locale that names no language we speak gets.
DEFAULT = "en"
LANGUAGES: tuple[str, ...] = tuple(locales())


def reply_words(kind: str) -> frozenset[str]:
    """The words that mean *kind* (``back``, ``help``, ``quit``) in a reply, in any of the
    languages: a user may type ``b`` in the Chinese questions, or 返回 in the English."""
    return frozenset(word for item in locales().values() for word in item.reply_words[kind])


def detect_language(explicit: str | None, environ: Mapping[str, str]) -> str:
    """``--lang``, else ``PMLEVEL_LANG``, else the locale (``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``: the first one set decides, as POSIX has it), else English."""
    for value in (explicit, environ.get("PMLEVEL_LANG")):
        if value:
            return normalise_language(value)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return normalise_language(value)
    return DEFAULT


def normalise_language(value: str) -> str:
    """A language code, or a locale such as ``zh_TW.UTF-8``, as the code of a language we
    speak: the exact code in any case (``zh-hant``), else the locale record whose prefix
    matches longest (``zh_TW`` -> ``zh-Hant``, ``zh_CN`` -> ``zh``), else English."""
    wanted = value.strip()
    for code in LANGUAGES:
        if wanted.casefold() == code.casefold():
            return code
    lowered = wanted.lower()
    best, length = DEFAULT, 0
    for item in locales().values():
        for prefix in item.locales:
            if lowered.startswith(prefix) and len(prefix) > length:
                best, length = item.code, len(prefix)
    return best


def known_language(value: str | None) -> str | None:
    """*value* as one of our codes when it is exactly one (any case), else None."""
    if value is None:
        return None
    return next((code for code in LANGUAGES if value.strip().casefold() == code.casefold()), None)


@cache
def messages(lang: str) -> dict[str, str]:
    """The catalogue of one language: message id -> template."""
    path = _HERE / "messages" / f"{lang}.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Translator:
    """``t("key", name=...)`` -> the message in one language, with its placeholders filled.

    There is no fallback to another language: every catalogue holds every key
    (tests/test_messages.py), so a missing key is a bug and raises ``KeyError``.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT
        self.locale = locale(self.lang)

    def __call__(self, key: str, /, **params: Any) -> str:
        return messages(self.lang)[key].format_map(_Defaults(params))

    def count(self, key: str, n: int, **params: Any) -> str:
        """``count("n_points", 1)`` -> "1 point": uses ``KEY_one`` for 1 when it exists."""
        if n == 1 and f"{key}_one" in messages(self.lang):
            return self(f"{key}_one", n=n, **params)
        return self(key, n=n, **params)

    def join(self, items: Any) -> str:
        """Items of a list in a sentence: 数据分析、沟通 or Data analysis, Communication."""
        return self.locale.list_separator.join(str(item) for item in items)
