"""Reports as data: one small typed tree that the screen, Markdown, HTML and SVG are all drawn from.

A report (a result, a plan, a team view, a job description…) is built **once**, as a
:class:`Document`, from the typed values the core returns. The renderers in
``pmlevel.render`` turn the same document into the terminal screen (Rich), a
Markdown file, a self-contained HTML page, or (for a :class:`Radar`) an SVG. A
report therefore never lays itself out twice, and ``-o`` files hold what the
screen shows.

How to build a report
---------------------

Write a function in ``pmlevel.reports`` (say ``reports/hiring.py``) that takes the
reader's words (``Words``: the model text and UI messages in one language) and
the core value, and returns a ``Document``::

    from pmlevel.render.document import (
        Bar,
        Column,
        Document,
        Facts,
        Fact,
        Note,
        Paragraph,
        Section,
        Styled,
        Table,
    )

    def jd_document(w: Words, jd: JobDescription) -> Document:
        t = w.t
        skills = Table(
            columns=(Column(t("col_skill")), Column(t("col_required"), "rating")),
            rows=tuple((w.skill_name(s.id), s.expected) for s in jd.skills),
            caption=t("jd_skills_caption"),
        )
        return Document(
            title=t("jd_title", level=w.level_name(jd.level)),
            lang=w.lang,
            blocks=(
                Facts((Fact(t("jd_level"), Styled(w.level_name(jd.level), "strong")),)),
                Section(t("jd_skills"), (skills,)),
                Note(t("jd_footer")),
            ),
        )

Then draw it with the renderers in ``pmlevel/render/``: ``screen.py`` (Rich, the
terminal), ``markdown.py``, ``html.py`` and ``svg.py`` (the radar alone); ``-o``
goes through ``cli/emit.py``, whose table of command -> formats checks the
suffix and writes atomically. A test of a new report should assert on the
document (``walk`` finds its tables) as well as on the screen.

Rules
-----

* **Every text is a plain string already in the reader's language** (translate
  with ``w.t(...)``/``w(...)`` while building). Never put Rich markup, Markdown,
  HTML or escape sequences in a document: each renderer escapes text for its own
  format, so a skill name like ``<b>|*x*`` shows exactly as written everywhere.
* Emphasis is a :class:`Styled` piece with a *tone*, not markup. A line of text
  (:data:`Inline`) is a string, a ``Styled``, or a tuple of those pieces run
  together, e.g. ``(t("estimate_level"), Styled("Senior", "good"))``.
* Containers hold tuples (lists are accepted too). Blocks nest only in
  :class:`Section`; sections may nest (they become ``##``, ``###`` …).
* Table cells follow their column's *role*: ``text`` (any :data:`Inline`),
  ``number`` (an ``int``/``float``, or an Inline such as ``Styled("-2", "bad")``;
  right-aligned), ``rating`` (a rating ``int``, ``None`` for "not expected/none";
  centred), ``bar`` (a :class:`Bar` share 0..1, drawn as a bar on screen and in
  HTML, as its label in Markdown). ``None`` in any cell shows as an em dash.
* Nothing here knows about width: renderers wrap, shrink bars, and stack tables
  on a phone. Keep cells short; put prose in :class:`Paragraph`.
* Use :class:`Radar` for the chart of ratings against levels; a value of ``None``
  means that level does not expect the skill and is drawn as a gap, never as the
  scale's lowest point.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

Tone = Literal["strong", "good", "warn", "bad", "muted", "accent"]
"""How a piece of text stands out: ``strong`` (bold), ``good`` (met, green),
``warn`` (close, yellow), ``bad`` (missing, red), ``muted`` (secondary, dim),
``accent`` (a number or command to notice, cyan). Renderers keep the meaning
readable without colour (bold, weight, markers), so never rely on colour alone."""


@dataclass(frozen=True, slots=True)
class Styled:
    """A piece of text with a tone, e.g. ``Styled("Senior", "good")``."""

    text: str
    tone: Tone = "strong"


Inline: TypeAlias = "str | Styled | tuple[str | Styled, ...]"
"""A line of text: a plain string, one styled piece, or pieces run together."""


def plain_text(value: Inline | None) -> str:
    """The text of an :data:`Inline` without its tones (``None`` is "")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Styled):
        return value.text
    return "".join(piece if isinstance(piece, str) else piece.text for piece in value)


def pieces(value: Inline) -> tuple[Styled | str, ...]:
    """An :data:`Inline` as a tuple of pieces (for renderers)."""
    if isinstance(value, str | Styled):
        return (value,)
    return tuple(value)


# --- blocks -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Prose; wraps to the width. *text* may be styled pieces."""

    text: Inline


@dataclass(frozen=True, slots=True)
class Note:
    """A secondary line: a caption, the basis of an estimate, the rule, a hint. Shown dim."""

    text: Inline


@dataclass(frozen=True, slots=True)
class Fact:
    """One key–value line of a :class:`Facts` block."""

    label: str
    value: Inline


@dataclass(frozen=True, slots=True)
class Facts:
    """Key–value lines, the headline of a report (estimate, next level, readiness…).

    With a *title* the screen draws it as a box; *notes* are dim lines under the
    facts (who rated, the rule).
    """

    items: Sequence[Fact]
    title: str | None = None
    notes: Sequence[Inline] = ()


ColumnRole = Literal["text", "number", "rating", "bar"]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its header and what its cells hold (see the module notes).

    A *label* may hold one line break (``"self\nLi Lei"``: a role over a name).
    With a *scale* (low, high), a ``rating`` column draws its ratings as dots
    (``●●●○○``) on screen and in HTML, and as numbers in Markdown. *narrow* is a
    shorter header (an id) the screen uses instead of every *label* of the table when
    the labels would not fit its width (seven English level names at 80 columns).
    """

    label: str
    role: ColumnRole = "text"
    scale: tuple[int, int] | None = None
    narrow: str | None = None


@dataclass(frozen=True, slots=True)
class Bar:
    """A share 0..1 (e.g. of a level's skills met); *label* defaults to the percentage."""

    share: float
    tone: Tone = "good"
    label: str | None = None

    @property
    def text(self) -> str:
        return self.label if self.label is not None else f"{self.share:.0%}"


Cell: TypeAlias = "str | Styled | tuple[str | Styled, ...] | int | float | Bar | None"


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells under headed columns; every row has one cell per column.

    *title* is shown above (on screen) or as the HTML caption; *caption* is a dim
    note below. The first column names the row (a skill, a level, a person).
    *spaced*: a blank line between rows on screen, for rows of several lines;
    *groups*: the indexes of rows that start a group (a category of skills), set
    apart on screen.
    """

    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    title: str | None = None
    caption: str | None = None
    spaced: bool = False
    groups: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        width = len(self.columns)
        for index, row in enumerate(self.rows):
            if len(row) != width:
                raise ValueError(f"table row {index} has {len(row)} cells for {width} columns")


@dataclass(frozen=True, slots=True)
class BulletList:
    """Items in order. *marker*: ``bullet`` (•), ``step`` (→, a path), ``number`` (1. 2. 3.)."""

    items: Sequence[Inline]
    marker: Literal["bullet", "step", "number"] = "bullet"
    title: Inline | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """One checklist item; *detail* is an optional block under it (e.g. commands to run)."""

    text: Inline
    done: bool = False
    detail: Code | None = None


@dataclass(frozen=True, slots=True)
class Checklist:
    """Things to do, ☐/☑ on screen and ``- [ ]`` in Markdown."""

    items: Sequence[Check]
    title: Inline | None = None


@dataclass(frozen=True, slots=True)
class Code:
    """Literal lines to copy, such as commands; never wrapped or reinterpreted."""

    text: str


@dataclass(frozen=True, slots=True)
class RadarSeries:
    """One line of a radar: *values* align with the radar's axes.

    ``None`` is a skill this series has no value for (a level that does not
    expect it): the line is broken there. *kind* ``subject`` is the person's
    ratings (filled); ``reference`` is a level's expectations (a dashed line).
    """

    name: str
    values: Sequence[float | None]
    kind: Literal["subject", "reference"] = "reference"


@dataclass(frozen=True, slots=True)
class Radar:
    """A radar (spider) chart: one axis per skill, rings *low*..*high* of the scale.

    *title* heads the chart when it is a file of its own (``-o x.svg``); in a
    page, put the radar in a :class:`Section` whose heading says what it shows.
    *caption* is shown under it. Markdown has no charts and leaves a radar out:
    when its numbers matter, put them in a :class:`Table` too.
    """

    axes: Sequence[str]
    series: Sequence[RadarSeries]
    low: int
    high: int
    title: str | None = None
    caption: str | None = None

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.axes):
                raise ValueError(f"radar series {series.name!r} does not match the axes")


Block: TypeAlias = (
    "Section | Paragraph | Note | Facts | Table | BulletList | Checklist | Code | Radar"
)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the blocks under it; a section inside a section is a sub-heading."""

    heading: str
    blocks: Sequence[Block]


@dataclass(frozen=True, slots=True)
class Document:
    """A whole report. *lang* (``zh``/``en``) is the language its texts are in."""

    title: str
    blocks: Sequence[Block]
    lang: str = "en"
    subtitle: str | None = None


def walk(blocks: Sequence[Block]) -> Iterator[Block]:
    """Every block, depth first, sections included (for tests and for finding the radar)."""
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield from walk(block.blocks)


def first_radar(document: Document) -> Radar | None:
    """The document's radar chart, if it has one (``-o x.svg`` draws it alone)."""
    return next((b for b in walk(document.blocks) if isinstance(b, Radar)), None)
