"""How text is measured and compared, one definition each.

- :func:`is_wide`: a character that takes two columns on a terminal and a full
  em in a browser (CJK ideographs and syllables, full-width forms). Wrapping
  Chinese on screen and sizing labels in the SVG radar both use it.
- :func:`has_wide`: whether a text holds any; ``max()`` runs in C and rules out
  almost every Latin text at once (a regex with these ranges costs 3 ms to compile),
  and the rest is looked at one distinct character at a time.
- :func:`fold`: the form in which what a user types is matched (``ＳＥＮＩＯＲ`` =
  ``Senior``): NFKC, invisible characters dropped (``textsafe.visible``), trimmed,
  case-folded. ``people.person_key`` builds on it.
- :func:`lookup_key`: :func:`fold` for what is looked up by name (a level), where
  Turkish letters must not stand in the way: ``PRİNCİPAL PM`` finds Principal PM.
"""

from __future__ import annotations

import unicodedata

_WIDE_RANGES = (
    ("\u1100", "\u115f"),  # Hangul Jamo
    ("\u2e80", "\ua4cf"),  # CJK radicals, punctuation, kana, ideographs, Yi
    ("\uac00", "\ud7a3"),  # Hangul syllables
    ("\uf900", "\ufaff"),  # CJK compatibility ideographs
    ("\ufe30", "\ufe4f"),  # CJK compatibility forms
    ("\uff00", "\uff60"),  # full-width forms
    ("\uffe0", "\uffe6"),  # full-width signs
)
_LOWEST_WIDE = "\u1100"


def is_wide(ch: str) -> bool:
    """Whether *ch* takes two terminal columns (East Asian wide or full-width)."""
    return any(low <= ch <= high for low, high in _WIDE_RANGES)


def has_wide(text: str) -> bool:
    """Whether *text* holds any wide character. Each character is looked at once: a
    report's lines hold the same few beyond U+1100 many times (rating dots, "·", "—"),
    which came to 20,000 range tests for one `report` screen."""
    return (
        bool(text)
        and max(text) >= _LOWEST_WIDE
        and any(is_wide(ch) for ch in set(text) if ch >= _LOWEST_WIDE)
    )


def columns(text: str) -> int:
    """How many terminal columns *text* takes: two for each wide character, one for
    any other (a short header that must fit a column, say)."""
    return sum(2 if is_wide(ch) else 1 for ch in text)


def is_han(ch: str) -> bool:
    """A Chinese character (CJK Unified Ideographs), e.g. to pick a Chinese alias."""
    return "\u4e00" <= ch <= "\u9fff"


def fold(value: str) -> str:
    """Case- and width-insensitive form for matching what a user types."""
    from pmlevel.text.safe import visible

    return visible(unicodedata.normalize("NFKC", value)).casefold()


# Case folding keeps the dot of a Turkish capital İ (U+0130 folds to "i" + U+0307), and a
# dotless ı has no other case to fold to; read as i, each matches the name it spells.
_TURKISH_I = str.maketrans({"\u0131": "i"})


def lookup_key(value: str) -> str:
    """The form in which a name typed to look something up is matched (a level's id,
    alias or name): :func:`fold` and NFKC again, ``i̇`` and ``ı`` read as ``i``."""
    folded = unicodedata.normalize("NFKC", fold(value)).replace("i\u0307", "i")
    return folded.translate(_TURKISH_I)
