"""Rich building blocks for every screen: text that wraps Chinese where it may break, tables
that fold instead of cutting, inert text. The one module that overrides Rich's own
methods (``Text.wrap``, ``Text.__rich__``, ``Table.__rich_console__``,
``Table._calculate_column_widths``), each behaviour it
relies on named by a test in tests/test_private_apis.py; pyproject.toml caps Rich to the
releases tested."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.containers import Lines
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from pmlevel.text.i18n import locales
from pmlevel.text.safe import clean_text
from pmlevel.text.shape import has_wide, is_wide

if TYPE_CHECKING:
    pass

BOX = box.SIMPLE_HEAD


# Closing punctuation never starts a line, opening never ends one (避头尾), as each
# language's locale record says (text may mix languages, so every language's rule holds).
_NO_LINE_START = {ch for item in locales().values() for ch in item.no_line_start}
_NO_LINE_END = {ch for item in locales().values() for ch in item.no_line_end}


# A Latin phrase inside Chinese text (a command, a name) stays on one line up to this
# width; a short one (a number, "JSON") also stays with the characters around it.
_PHRASE_CELLS = 40
_GLUE_CHARS = 6


def _units(line: str) -> list[tuple[int, int]]:
    """(start, end) of each piece a line may not be broken inside."""
    units: list[tuple[int, int]] = []
    glue_next = False
    i = 0
    while i < len(line):
        if is_wide(line[i]):
            end = i + 1
            attach = glue_next or line[i] in _NO_LINE_START
            if units and (attach or line[units[-1][1] - 1] in _NO_LINE_END):
                units[-1] = (units[-1][0], end)
            else:
                units.append((i, end))
            glue_next = False
            i = end
            continue
        end = i
        while end < len(line) and not is_wide(line[end]):
            end += 1
        phrase = line[i:end]
        if cell_len(phrase) > _PHRASE_CELLS:  # long: break at its spaces like Rich does
            for word in re.finditer(r"\s*\S+\s*", phrase):
                units.append((i + word.start(), i + word.end()))
            glue_next = False
        elif units and len(phrase.strip()) <= _GLUE_CHARS:
            units[-1] = (units[-1][0], end)
            glue_next = True
        else:
            units.append((i, end))
            glue_next = len(phrase.strip()) <= _GLUE_CHARS
        i = end
    return units


class _Unjoined:
    """Hands a :class:`WrappingText` to the console as itself.

    ``Console.print`` joins the Text objects it is given into one new plain
    ``Text``, which would lose the wrapping below; any other renderable is
    rendered as it is.
    """

    def __init__(self, text: WrappingText) -> None:
        self.text = text

    def __rich_console__(self, console: Any, options: Any) -> Any:
        return self.text.__rich_console__(console, options)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        return self.text.__rich_measure__(console, options)


class WrappingText(Text):
    """Text that may break between Chinese characters, as well as at spaces.

    Rich breaks lines only at spaces, so in "写出的 PRD 和用户故事…" the whole run
    after "PRD" is one "word" and jumps to the next line, leaving a hole. This
    breaks where Chinese typesetting would.
    """

    def __rich__(self) -> _Unjoined | WrappingText:
        # Text without Chinese wraps like any Text: let Rich take its own fast path.
        return _Unjoined(self) if has_wide(self.plain) else self

    def wrap(self, console: Any, width: int, **kwargs: Any) -> Lines:
        if kwargs.get("no_wrap") or not has_wide(self.plain):
            return super().wrap(console, width, **kwargs)
        lines = Lines()
        for paragraph in self.split("\n", allow_blank=True):
            offsets: list[int] = []
            used = 0
            for start, end in _units(paragraph.plain):
                size = cell_len(paragraph.plain[start:end].rstrip())
                if used and used + size > width:
                    offsets.append(start)
                    used = 0
                used += cell_len(paragraph.plain[start:end])
            for piece in paragraph.divide(offsets):
                piece.rstrip()
                if cell_len(piece.plain) > width:  # a single unit wider than the line: fold it
                    lines.extend(piece.wrap(console, width, overflow="fold"))
                else:
                    lines.append(piece)
        return lines


def plain(value: str, style: str = "") -> Text:
    """Text that is shown as it is: Rich markup in it is not interpreted, and no escape
    sequence or control character in it reaches the terminal (a file name, say)."""
    return WrappingText(clean_text(value), style=style)


class _FoldingTable(Table):
    """A table whose columns fold long runs of text instead of cutting them with "…",
    and whose headers are never read as markup.

    Chinese has no spaces, so to Rich a whole sentence is one long word: without
    folding, every Chinese description would be truncated.
    """

    def add_column(self, header: Any = "", *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("overflow", "fold")
        # A string header would be parsed as Rich markup, and headers carry level
        # and rater names from files: make every header inert text.
        if isinstance(header, str):
            header = Text(header)
        super().add_column(header, *args, **kwargs)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        # Rich wraps a caption to the table's own width, so a footnote under a narrow
        # table became a column of short lines; it is drawn below, at the full width.
        caption, self.caption = self.caption, None
        try:
            yield from super().__rich_console__(console, options)
        finally:
            self.caption = caption
        if caption is not None:
            note = caption if isinstance(caption, Text) else Text(str(caption))
            yield WrappingText(note.plain, style=note.style or "dim")

    def _calculate_column_widths(self, console: Any, options: Any) -> list[int]:
        # When a table is wider than the screen, Rich narrows its widest columns alike,
        # so a column of short skill names broke "Cross-Functiona|l" while a column of
        # long notes beside it had room to give (an evidence list at 80 columns). Here a
        # column gets room for its longest word from the columns that break words anyway,
        # the total width unchanged.
        widths: list[int] = super()._calculate_column_widths(console, options)
        if sum(widths) < options.max_width:  # the borders are already taken off
            return widths  # everything fits as it is: nothing was narrowed
        words: list[int | None] = []  # None: a column that neither gives nor takes
        for column in self.columns:
            if column.no_wrap or column.width is not None:
                words.append(None)
                continue
            cells = (column.header, *column.cells)
            words.append(max(_longest_word(console, options, c) for c in cells))
        pads = [self._get_padding_width(i) for i in range(len(widths))]

        # A column whose longest word breaks anyway (a link) gives, down to BROKEN_ROOM;
        # every other column takes, up to its longest word, and never gives.
        needs = [
            width
            if word is None
            else (BROKEN_ROOM + pad if word > WORD_ROOM else max(word + pad, width))
            for word, pad, width in zip(words, pads, widths, strict=True)
        ]
        return _rebalance(widths, needs)


def _longest_word(console: Any, options: Any, renderable: Any) -> int:
    """The cells the longest run of *renderable* that may not break takes: a word, or a
    run of Latin letters and digits between Chinese characters ("（2026-12-03）" may
    break after "（": Rich's own measure counts "已確認（2026-12-03）" as one word)."""
    if not isinstance(renderable, Text):
        return int(Measurement.get(console, options, renderable).minimum)
    longest = 0
    for word in renderable.plain.split():
        run = 0
        for ch in word:
            if is_wide(ch):
                longest, run = max(longest, run, 2), 0
            else:
                run += cell_len(ch)
        longest = max(longest, run)
    return longest


WORD_ROOM = 20  # a column whose longest word is wider breaks words anyway
BROKEN_ROOM = 12  # what such a column keeps when it gives room to others


def _rebalance(widths: list[int], needs: list[int]) -> list[int]:
    """*widths* with each column raised towards its *need*, one cell at a time, from the
    columns with the most room beyond theirs; the sum stays the same."""
    out = list(widths)
    while True:
        short = [i for i, w in enumerate(out) if w < needs[i]]
        spare = [i for i, w in enumerate(out) if w > needs[i]]
        if not short or not spare:
            return out
        giver = max(spare, key=lambda i: out[i] - needs[i])
        taker = max(short, key=lambda i: needs[i] - out[i])
        out[giver] -= 1
        out[taker] += 1


def table(*, title: str | None = None, caption: str | None = None) -> Table:
    return _FoldingTable(
        title=plain(title) if title else None,
        caption=plain(caption) if caption else None,
        box=BOX,
        title_justify="left",
        caption_justify="left",
        expand=False,
        pad_edge=False,
    )


def rating_dots(rating: int, low: int, high: int) -> Text:
    """``●●●○○`` for a rating of 3 on 1-5: readable without colour."""
    filled = rating - low + 1
    return Text("●" * filled + "○" * (high - low + 1 - filled), style="cyan")
