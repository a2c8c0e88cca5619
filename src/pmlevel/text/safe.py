"""Make untrusted text (from a model file, an answers file, a note) inert.

Model files come from company wikis and colleagues. Their text must show as
text: no terminal escape sequences, no bidi overrides that reorder what is on
screen, no control characters. Rich markup is handled where text is rendered
(it is always wrapped in ``rich.text.Text``, never parsed as markup).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, C1 controls (which include the 8-bit
# CSI and OSC introducers), and the Unicode bidi embedding/override/isolate marks;
# and what XML forbids (lone surrogates, U+FFFE, U+FFFF), so that an SVG or HTML
# export made from cleaned text is always well-formed.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)


def clean_text(value: str) -> str:
    """Return *value* without control characters, escape sequences or bidi overrides.

    An escape sequence loses its ESC byte, so what remains (``[31m``) is plain,
    visible text: the user sees that the file holds something odd.
    """
    return _UNSAFE.sub("", value)


def clean_line(value: str) -> str:
    """Like :func:`clean_text`, and also fold newlines and tabs into spaces."""
    return " ".join(clean_text(value).split())


def slug(name: str, default: str = "me") -> str:
    """*name* as a piece of a file name: letters and digits, lower case, dashes between.

    Nothing else survives (no slash, dot, space, control or bidi character), so the
    result is safe in any file system and on any screen; *default* when nothing is left.
    """
    kept = "".join(ch.lower() if ch.isalnum() else "-" for ch in clean_text(name))
    return "-".join(part for part in kept.split("-") if part)[:60].strip("-") or default


# Letters that draw nothing: the Hangul fillers, and the braille blank.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Control, format (zero-width, bidi, soft hyphen...) and surrogate characters.
# (Unassigned and private-use ones may draw something, in a newer or a custom font.)
_UNSEEN = frozenset({"Cc", "Cf", "Cs"})


def visible(value: str) -> str:
    """*value* without what a reader cannot see, trimmed: what decides whether a name is
    empty, and whether two names are the same (``"A\u200b"`` is ``"A"``)."""
    if value.isascii() and value.isprintable():  # nothing unseen: most names (team: 10,000)
        return value.strip()
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if (ch not in _BLANK_LETTERS and unicodedata.category(ch) not in _UNSEEN) or ch.isspace()
    )
    return kept.strip()


def shell_quote(value: str) -> str:
    """*value* as one shell word on one line, for a command pmlevel suggests.

    Printable text is quoted as ``shlex.quote`` does; text holding anything else (a
    newline, an escape, a bidi or zero-width mark) uses bash's ``$'...'`` with each
    such character escaped, so the command stays on its line, shows no control
    character, and still names exactly the same subject or file when pasted.
    """
    import shlex

    if value.isprintable():
        return shlex.quote(value)
    out = []
    for ch in value:
        if ch in "\\'":
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return "$'" + "".join(out) + "'"
