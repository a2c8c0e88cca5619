"""A :class:`~pmlevel.render.document.Document` on the terminal, with Rich.

Every text from the document goes in as inert :class:`~rich.text.Text` (never
markup), wrapped the Chinese way by :func:`~pmlevel.render.rich_text.plain`. The
document's title is not printed: the terminal already shows which command ran,
and the first titled :class:`Facts` block is the headline box. A radar has no
place on a terminal and is left out.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

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
    Tone,
    pieces,
    plain_text,
)
from pmlevel.render.rich_text import plain, table
from pmlevel.text.safe import clean_text
from pmlevel.text.shape import is_wide

TONES: dict[Tone, str] = {
    "strong": "bold",
    "good": "bold green",
    "warn": "yellow",
    "bad": "red",
    "muted": "dim",
    "accent": "cyan",
}
BAR_WIDTH = 10
HISTOGRAM_WIDTH = 30
BAR_STYLES: dict[Tone, str] = {"good": "green", "warn": "yellow", "bad": "red"}
MARKERS = {"bullet": "•", "step": "→"}


def inline(value: Inline, style: str = "") -> Text:
    """Styled pieces as one wrapping, markup-free Text."""
    text = plain("", style=style)
    for piece in pieces(value):
        if isinstance(piece, Styled):
            text.append(clean_text(piece.text), style=TONES[piece.tone])
        else:
            text.append(clean_text(piece))
    return text


class ShareBar:
    """``█████████░  93%``: as long as its column allows, down to the label alone."""

    def __init__(self, bar: Bar) -> None:
        self.bar = bar
        self.label = f" {bar.text:>4}" if bar.text else ""
        # A bar without a number (a histogram of counts beside their numbers) is longer.
        self.longest = BAR_WIDTH if self.label else HISTOGRAM_WIDTH

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(max(1, len(self.label)), self.longest + len(self.label))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(0, min(self.longest, options.max_width - len(self.label)))
        filled = round(max(0.0, min(1.0, self.bar.share)) * width)
        text = Text("█" * filled, style=BAR_STYLES.get(self.bar.tone, ""))
        if self.label:
            text.append("░" * (width - filled), style="dim")
            text.append(self.label)
        yield text


def dots(rating: int, low: int, high: int) -> Text:
    filled = max(0, min(high - low + 1, rating - low + 1))
    return Text("▮" * filled + "▯" * (high - low + 1 - filled), style="cyan")


def cell(value: Cell, column: Column) -> RenderableType:
    if value is None:
        return Text("—", style="dim")
    if isinstance(value, Bar):
        return ShareBar(value)
    if isinstance(value, bool):  # a bool is an int; never meant as a number here
        return Text(str(value))
    if isinstance(value, int) and column.role == "rating" and column.scale:
        return dots(value, *column.scale)
    if isinstance(value, int | float):
        return Text(f"{value:g}")
    return inline(value)


def rich_table(block: Table, *, narrow: bool = False) -> RichTable:
    """*block* as a Rich table; *narrow*: with each column's short header, if it has one."""
    grid = table(title=block.title, caption=block.caption)
    for index, column in enumerate(block.columns):
        words = column.narrow if narrow and column.narrow is not None else column.label
        label = plain(words)
        label.justify = "left" if column.role == "text" else "center"
        if column.role == "text":
            grid.add_column(label, min_width=10 if index == 0 else None)
        elif column.role == "bar":
            grid.add_column(label)
        else:
            grid.add_column(
                label,
                justify="right" if column.role == "number" else "center",
                no_wrap=True,
            )
    for index, row in enumerate(block.rows):
        if block.spaced and index:
            grid.add_row()
        if index in block.groups and index:
            grid.add_section()
        grid.add_row(*(cell(value, col) for value, col in zip(row, block.columns, strict=True)))
    return grid


def _first_line(value: Cell) -> str:
    shown = plain_text(value) if isinstance(value, str | Styled | tuple) else str(value)
    return shown.split("\n")[0]


class NarrowingTable:
    """A table whose columns have short headers: drawn with the full ones where every
    header word fits the width it is given, else with the short ones (a word broken in
    the middle, "Associa/te", reads worse than an id)."""

    def __init__(self, block: Table) -> None:
        self.block = block

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield rich_table(self.block, narrow=_header_width(self.block) > options.max_width)


def _header_width(block: Table) -> int:
    """The width the table needs for no header word to break: the first column as its
    cells are drawn (at most 22 wide), then each other column's longest word, padded."""
    first = [_first_line(row[0]) for row in block.rows if row[0] is not None]
    width = min(max((cell_len(text) for text in first), default=0), 22) + 2
    for column in block.columns[1:]:
        words = column.label.split()
        width += max(3, *(cell_len(word) for word in words)) + 2
    return width


def bullets(marker: str, items: Sequence[RenderableType]) -> RichTable:
    """A list whose wrapped lines hang under their first word, not under the marker."""
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for item in items:
        grid.add_row(Text(marker, style="dim"), item)
    return grid


def _full_width_punctuation(ch: str) -> bool:
    return is_wide(ch) and unicodedata.category(ch).startswith("P")


def facts(block: Facts) -> RenderableType:
    lines: list[RenderableType] = []
    for fact in block.items:
        line = inline(fact.label, style="bold") if fact.label else plain("")
        if fact.label and not _full_width_punctuation(fact.label[-1]):  # "：" has its space
            line.append(" ")
        line.append_text(inline(fact.value))
        lines.append(line)
    lines += [inline(note, style="dim") for note in block.notes]
    body = Group(*lines)
    if block.title is None:
        return body
    return Panel(body, title=plain(block.title), title_align="left")


def blocks(items: Sequence[Block], depth: int = 0) -> list[RenderableType]:
    out: list[RenderableType] = []
    for block in items:
        part = render_block(block, depth)
        if part is None:
            continue
        out.append(part)
        if _needs_space(block):
            out.append(Text(""))
    return out


def _needs_space(block: Block) -> bool:
    """A blank line after *block*? Not after a box, a note (it belongs to what is next),
    a table without a caption (its bottom edge is already a blank line) or a section."""
    if isinstance(block, Section):
        return False  # its last block has already spaced itself
    if isinstance(block, Table):
        return block.caption is not None
    return not isinstance(block, Facts | Note | Radar)


def render_block(block: Block, depth: int = 0) -> RenderableType | None:
    if isinstance(block, Section):
        head = plain(block.heading, style="bold")
        return Group(head, *blocks(block.blocks, depth + 1))
    if isinstance(block, Facts):
        return facts(block)
    if isinstance(block, Table):
        if any(column.narrow is not None for column in block.columns):
            return NarrowingTable(block)
        return rich_table(block)
    if isinstance(block, Paragraph):
        return inline(block.text)
    if isinstance(block, Note):
        return inline(block.text, style="dim")
    if isinstance(block, BulletList):
        marker_items = [inline(item) for item in block.items]
        if block.marker == "number":
            grid = RichTable.grid(padding=(0, 1))
            grid.add_column(no_wrap=True, justify="right")
            grid.add_column(ratio=1, overflow="fold")
            for number, item in enumerate(marker_items, 1):
                grid.add_row(Text(f"  {number}.", style="dim"), item)
            body: RenderableType = grid
        else:
            body = bullets("  " + MARKERS[block.marker], marker_items)
        if block.title is None:
            return body
        return Group(inline(block.title, style="bold"), body)
    if isinstance(block, Checklist):
        parts: list[RenderableType] = []
        if block.title is not None:
            parts.append(inline(block.title, style="bold"))
        for check in block.items:
            parts.append(bullets("  ☑" if check.done else "  ☐", [inline(check.text)]))
            if check.detail is not None:
                parts.append(code(check.detail, indent=6))
        return Group(*parts)
    if isinstance(block, Code):
        return code(block, indent=2)
    if isinstance(block, Radar):
        return None
    raise TypeError(f"not a document block: {block!r}")


def code(block: Code, indent: int) -> RenderableType:
    return Padding(Text(clean_text(block.text), style="cyan", no_wrap=True), (0, 0, 0, indent))


def document_screen(document: Document) -> RenderableType:
    """The whole document as one renderable for ``console.print``."""
    parts = blocks(document.blocks)
    while parts and isinstance(parts[-1], Text) and not parts[-1].plain:
        parts.pop()
    return Group(*parts)
