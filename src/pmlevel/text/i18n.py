"""Messages in the user's language.

Every sentence the tool prints is in ``messages/<lang>.json`` beside this
module, one file per language with the keys sorted (a test keeps the files
complete, their placeholders equal and every key used). Text that comes from a
model file is chosen by ``LevelModel.text``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("zh", "en")


def detect_language(explicit: str | None, environ: Mapping[str, str]) -> str:
    """``--lang``, else ``PMLEVEL_LANG``, else the locale (Chinese for ``zh*``, else English)."""
    for value in (explicit, environ.get("PMLEVEL_LANG")):
        if value:
            return normalise_language(value)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:  # the first one set decides, as POSIX has it
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def normalise_language(value: str) -> str:
    """``zh_CN.UTF-8`` -> ``zh``; anything that is not Chinese -> ``en``."""
    return "zh" if value.strip().lower().startswith("zh") else "en"


@cache
def messages(lang: str) -> dict[str, str]:
    """The catalogue of one language: message id -> template."""
    path = Path(__file__).with_name("messages") / f"{lang}.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Translator:
    """``t("key", name=...)`` -> the message in one language, with its placeholders filled."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"

    def __call__(self, key: str, /, **params: Any) -> str:
        template = messages(self.lang).get(key) or messages("en").get(key)
        if template is None:
            return key
        return template.format_map(_Defaults(params))

    def count(self, key: str, n: int, **params: Any) -> str:
        """``count("n_points", 1)`` -> "1 point": uses ``KEY_one`` for 1 when it exists."""
        if n == 1 and f"{key}_one" in messages(self.lang):
            return self(f"{key}_one", n=n, **params)
        return self(key, n=n, **params)
