"""A :class:`~pmlevel.render.document.Document` as GitHub-flavoured Markdown.

Written to be pasted into a review document and read raw: real headings, lists,
checklists and pipe tables, with escapes only where a character would otherwise
turn into markup ("Li Lei (PM)" stays as it is). Text from files is inert: no
HTML tag, link, image, emphasis or code span can come out of it, a ``|`` cannot
end a table cell, and a fence is always longer than any run of backticks in the
code it holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from pmlevel.render.document import (
    Bar,
    Block,
    BulletList,
    Cell,
    Checklist,
    Code,
    Column,
    Document,
    Facts,
    Inline,
    Note,
    Paragraph,
    Radar,
    Section,
    Styled,
    Table,
    pieces,
)

# Characters that start markup wherever they are (a backslash before ASCII
# punctuation is itself an escape). Parentheses, "!", "#" and "+" mid-line are
# only markup next to these, so they are left alone.
_ALWAYS = re.compile(r"([\\`*\[\]~])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")  # an HTML tag, comment or autolink
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# What turns the start of a line into a heading, quote, list, rule or table.
_LINE_START = re.compile(r"^(?:([#>+|-])|(\d{1,9})([.)]))")
_TRAILING_HASHES = re.compile(r"(\s)(#+)$")
_ALIGN = {"text": "---", "number": "---:", "rating": ":---:", "bar": "---:"}


def escape(text: str) -> str:
    """*text* on one line, with every character that could become markup escaped."""
    text = re.sub(r"\s+", " ", text)
    text = _ALWAYS.sub(r"\\\1", text)
    text = _TAG_START.sub(r"\\<", text)
    text = _ENTITY.sub(r"\\&", text)
    return _UNDERSCORE.sub(r"\\_", text)


def _line(text: str) -> str:
    """Escaped text that starts a block: it cannot open a heading, list or quote."""
    text = text.strip()

    def fix(match: re.Match[str]) -> str:
        if match.group(1):
            return "\\" + match.group(1)
        return match.group(2) + "\\" + match.group(3)

    return _LINE_START.sub(fix, text, count=1)


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def inline(value: Inline, after: str = " ") -> str:
    """Pieces run together; ``strong``/``good``/``bad`` pieces in ``**bold**``.

    CommonMark reads ``**`` as emphasis only when it "flanks" its text: a
    piece that starts (ends) with punctuation right after (before) a letter
    stays plain rather than showing stray asterisks. *after* is the character
    that will follow the result.
    """
    parts = pieces(value)
    out: list[str] = []
    for index, piece in enumerate(parts):
        if not isinstance(piece, Styled):
            out.append(escape(piece))
            continue
        text = escape(piece.text)
        core = text.strip()
        before = out[-1][-1:] if out and out[-1] else " "
        nxt = parts[index + 1] if index + 1 < len(parts) else after
        following = (nxt if isinstance(nxt, str) else nxt.text)[:1] or " "
        if (
            piece.tone in ("strong", "good", "bad")
            and core
            and text[:1] == core[:1]
            and text[-1:] == core[-1:]
            and not (_punct(core[0]) and before.isalnum())
            and not (_punct(core[-1]) and following.isalnum())
        ):
            text = f"**{core}**"
        out.append(text)
    return "".join(out)


def _title(value: Inline) -> str:
    return _line(inline(Styled(value) if isinstance(value, str) else value))


def _cell(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, Bar):
        return escape(value.text)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return f"{value:g}"
    return inline(value).replace("|", "\\|")


def _header(column: Column) -> str:
    return escape(column.label).replace("|", "\\|") or " "


def table(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> list[str]:
    lines = ["| " + " | ".join(_header(c) for c in columns) + " |"]
    lines.append("|" + "|".join(_ALIGN[c.role] for c in columns) + "|")
    for row in rows:
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return lines


def _heading(depth: int, text: str) -> str:
    return "#" * min(depth, 6) + " " + _TRAILING_HASHES.sub(r"\1\\\2", escape(text).strip())


def _quote(value: Inline) -> str:
    return "> " + _line(inline(value))


def fence(text: str, indent: str = "") -> list[str]:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * max(3, longest + 1)
    return [indent + marks, *(indent + line for line in text.splitlines()), indent + marks]


def render_blocks(blocks: Sequence[Block], depth: int) -> list[str]:
    """Blocks one after another, a blank line apart.

    Two lists in a row would read as one list, so the second uses the other
    bullet character ("*" after "-").
    """
    lines: list[str] = []
    bullet = "-"
    previous_list = False
    for block in blocks:
        is_list = isinstance(block, BulletList | Checklist)
        bullet = ("*" if bullet == "-" else "-") if is_list and previous_list else "-"
        drawn = render_block(block, depth, bullet)
        if drawn:
            lines += [*drawn, ""]
            previous_list = is_list
    return lines[:-1]


def render_block(block: Block, depth: int, bullet: str = "-") -> list[str]:
    if isinstance(block, Section):
        body = render_blocks(block.blocks, depth + 1)
        return [_heading(depth, block.heading), "", *body] if body else []
    if isinstance(block, Facts):
        lines = [_heading(depth, block.title), ""] if block.title else []
        for fact in block.items:
            label = inline(Styled(fact.label)) + " " if fact.label else ""
            lines += [_line(label + inline(fact.value)), ""]
        if block.notes:
            lines.append("\n>\n".join(_quote(note) for note in block.notes))
        elif lines:
            lines.pop()
        return lines
    if isinstance(block, Table):
        lines = [_heading(depth, block.title), ""] if block.title else []
        lines += table(block.columns, block.rows)
        if block.caption:
            lines += ["", _quote(block.caption)]
        return lines
    if isinstance(block, Paragraph):
        return [_line(inline(block.text))]
    if isinstance(block, Note):
        return [_quote(block.text)]
    if isinstance(block, BulletList):
        lines = [_title(block.title), ""] if block.title else []
        for number, item in enumerate(block.items, 1):
            marker = f"{number}." if block.marker == "number" else bullet
            lines.append(f"{marker} {_line(inline(item))}")
        return lines
    if isinstance(block, Checklist):
        lines = [_title(block.title), ""] if block.title else []
        for check in block.items:
            lines.append(f"{bullet} [{'x' if check.done else ' '}] {_line(inline(check.text))}")
            if check.detail is not None:
                lines += ["", *fence(check.detail.text, "  "), ""]
        while lines and not lines[-1]:
            lines.pop()
        return lines
    if isinstance(block, Code):
        return fence(block.text)
    if isinstance(block, Radar):
        return []  # no chart in Markdown; the document holds its numbers in a table
    raise TypeError(f"not a document block: {block!r}")


def document_markdown(document: Document) -> str:
    lines = [_heading(1, document.title), ""]
    if document.subtitle:
        lines += [_line(escape(document.subtitle)), ""]
    lines += render_blocks(_untitled_head(document), 2)
    return "\n".join(lines).rstrip("\n") + "\n"


def _untitled_head(document: Document) -> list[Block]:
    """The blocks, without a summary box's title that only repeats the page's heading."""
    return [
        replace(block, title=None)
        if isinstance(block, Facts) and block.title == document.title
        else block
        for block in document.blocks
    ]
