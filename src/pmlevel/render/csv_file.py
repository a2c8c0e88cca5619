"""CSV for spreadsheets and BI tools (``history -o f.csv``, ``team -o f.csv``).

One row per history entry or per person, with fixed columns first and then one
column per skill id (the model's skills in order, then any other id a saved
result carries, so nothing is dropped)::

    [id,] subject, rater, rater_name, date, level, next_level, readiness, points_to_next,
    <skill ids…>

Decisions a reader of the file relies on:

* **Headers are identifiers, not prose**, the same in every language, so a
  script or a DuckDB query keeps working whatever ``--lang`` was. Levels are
  level ids; ``readiness`` is a share 0..1; an empty cell is "none" (no next
  level at the top, a skill the result did not rate).
* **UTF-8 with a byte-order mark.** Excel opens a UTF-8 file without a BOM as
  the local ANSI code page and garbles every Chinese name; with the BOM it
  reads UTF-8. pandas and DuckDB skip the BOM; Python's ``csv`` module reads it
  with ``encoding="utf-8-sig"``.
* **No formulas from user text.** A cell whose text begins with ``=``, ``+``,
  ``-``, ``@`` (or a tab or carriage return) would run as a formula in a
  spreadsheet (CSV injection); such text cells (a subject, a rater's name) are
  written with a leading ``'``, which spreadsheets show as text. So is text where
  such a character comes after what draws nothing (a zero-width space, a BOM, a
  space) or is written full-width (``＝``, ``＋``, ``－``, ``＠``: East Asian input
  methods type them, and spreadsheets take them as formulas too). Numbers are
  written as numbers and never prefixed.

Core code: builds the text; the CLI writes it with :func:`pmlevel.store.atomic.write_atomic`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmlevel.model.ladder import LevelModel

if TYPE_CHECKING:  # only named in annotations: `history` imports this module, not teams
    from pmlevel.assess.result import Result
    from pmlevel.company.raters import RaterReport
    from pmlevel.company.team import Person, Team

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIXED_COLUMNS = (
    "subject",
    "rater",
    "rater_name",
    "date",
    "level",
    "next_level",
    "readiness",
    "points_to_next",
)

CellValue = str | int | float | None


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One line of the sheet: one history entry or one person."""

    subject: str | None
    rater: str
    rater_name: str | None
    assessed_at: dt.datetime | None
    level: str | None
    next_level: str | None
    readiness: float | None
    points_to_next: int | None
    ratings: dict[str, int]
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Sheet:
    """A header and rows of cells, ready to be written."""

    header: tuple[str, ...]
    rows: tuple[tuple[CellValue, ...], ...]


def safe_cell(value: CellValue) -> CellValue:
    """*value* as a spreadsheet will not run it: text starting a formula gets a leading ``'``."""
    if isinstance(value, str) and _starts_a_formula(value):
        return "'" + value
    return value


def _starts_a_formula(text: str) -> bool:
    if text.startswith(FORMULA_STARTS):
        return True
    # What a reader cannot see (zero-width, format characters, spaces) before it, and
    # full-width forms of it (NFKC: ＝ is =), start a formula as well.
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        return unicodedata.normalize("NFKC", ch).startswith(FORMULA_STARTS)
    return False


def sheet(model: LevelModel, rows: Sequence[CsvRow], *, with_id: bool = False) -> Sheet:
    """The sheet for *rows*: fixed columns, then the model's skill ids, then any others."""
    skill_ids = [skill.id for skill in model.skills]
    known = set(skill_ids)
    extra = sorted({s for row in rows for s in row.ratings if s not in known})
    columns = skill_ids + extra
    out = tuple(_row_cells(row, columns, with_id) for row in rows)
    return Sheet(_header(columns, with_id), out)


def _header(columns: Sequence[str], with_id: bool) -> tuple[str, ...]:
    return (("id",) if with_id else ()) + FIXED_COLUMNS + tuple(columns)


def _row_cells(row: CsvRow, columns: Sequence[str], with_id: bool) -> tuple[CellValue, ...]:
    cells: list[CellValue] = [row.id] if with_id else []
    cells += [
        row.subject,
        row.rater,
        row.rater_name,
        _date(row.assessed_at),
        row.level,
        row.next_level,
        None if row.readiness is None else round(row.readiness, 4),
        row.points_to_next,
    ]
    cells += [row.ratings.get(skill) for skill in columns]
    return tuple(safe_cell(cell) for cell in cells)


def csv_header(columns: Sequence[str], *, with_id: bool = False) -> str:
    """The start of a CSV written a line at a time: the BOM and the header line, as
    :func:`csv_text` writes them (*columns*: the skill ids, in order)."""
    return BOM + _lines([_header(columns, with_id)])


def csv_line(row: CsvRow, columns: Sequence[str], *, with_id: bool = False) -> str:
    """One row of a CSV written a line at a time (``history -o``, which streams)."""
    return _lines([_row_cells(row, columns, with_id)])


def _lines(rows: Iterable[Iterable[CellValue]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(_cells(row) for row in rows)
    return buffer.getvalue()


def _date(moment: dt.datetime | None) -> str | None:
    # The reader's local date, as the screen shows it (an assessment made at
    # 07:00 in Shanghai is on that day there).
    return None if moment is None else moment.astimezone().date().isoformat()


def csv_text(table: Sheet) -> str:
    """The sheet as CSV text: BOM, header, one line per row, ``\\r\\n`` line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(_cells(row) for row in table.rows)
    return BOM + buffer.getvalue()


def _cells(row: Iterable[CellValue]) -> list[str | int | float]:
    return ["" if cell is None else cell for cell in row]


def row_from_result(result: Result, entry_id: int | None = None) -> CsvRow:
    """A history entry's row, from its whole saved result."""
    est = result.estimate
    return CsvRow(
        subject=result.subject,
        rater=result.rater.role,
        rater_name=result.rater.name,
        assessed_at=result.assessed_at,
        level=est.level,
        next_level=est.next_level,
        readiness=est.readiness,
        points_to_next=None if est.next_level is None else result.points_to_next,
        ratings=dict(result.ratings),
        id=entry_id,
    )


def row_from_person(person: Person) -> CsvRow:
    """A team member's row: the result the team placed them by (its role is ``rater``)."""
    return CsvRow(
        subject=person.subject,
        rater=person.role,
        rater_name=person.rater_name,
        assessed_at=(
            None if person.stamp is None else dt.datetime.fromtimestamp(person.stamp).astimezone()
        ),
        level=person.level,
        next_level=person.next_level,
        readiness=person.readiness,
        points_to_next=person.points_to_next,
        ratings=dict(person.ratings),
    )


def history_csv(history: Any, entries: Sequence[Any], model: LevelModel) -> str:
    """``history -o f.csv``: one row per entry of *history* (a
    :class:`~pmlevel.store.history.History`), ids first."""
    rows = [row_from_result(history.get(entry.id), entry.id) for entry in entries]
    return csv_text(sheet(model, rows, with_id=True))


def team_csv(model: LevelModel, team: Team) -> str:
    """``team -o f.csv``: one row per person. Adjusted (``--adjust-raters``), a column
    ``rater_offset_removed`` after the fixed ones says so and by how much (empty: none)."""
    table = sheet(model, [row_from_person(person) for person in team.people])
    if team.adjusted:
        at = len(FIXED_COLUMNS)
        offsets = [None if p.offset is None else round(p.offset, 3) for p in team.people]
        table = Sheet(
            (*table.header[:at], "rater_offset_removed", *table.header[at:]),
            tuple(
                (*row[:at], offset, *row[at:])
                for row, offset in zip(table.rows, offsets, strict=True)
            ),
        )
    return csv_text(table)


RATINGS_COLUMNS = ("person", "skill", "rater_role", "rater_name", "rating", "model")


def ratings_csv(report: RaterReport) -> str:
    """``raters -o f.csv``: the long table, one row per rating the fit used::

        person, skill, rater_role, rater_name, rating, model

    ``model`` is the sha256 of the model the ratings count under (a result file's
    ``model.sha256``), so tables of several review cycles can be stacked and told apart.
    """
    rows = tuple(
        tuple(
            safe_cell(cell)
            for cell in (
                row.person,
                row.skill,
                row.rater_role,
                row.rater_name,
                row.rating,
                report.model_sha,
            )
        )
        for row in report.rows()
    )
    return csv_text(Sheet(RATINGS_COLUMNS, rows))


EVIDENCE_COLUMNS = (
    "id",
    "subject",
    "date",
    "skills",
    "text",
    "link",
    "verified_by",
    "verified_at",
)


def evidence_csv(pieces: Iterable[Any]) -> str:
    """``evidence list -o f.csv``: one row per piece of evidence::

        id, subject, date, skills, text, link, verified_by, verified_at

    ``skills`` are the skill ids the piece backs, separated by ``;``; an empty
    ``verified_by`` is self-reported.
    """
    rows = tuple(
        tuple(
            safe_cell(cell)
            for cell in (
                piece.id,
                piece.subject,
                piece.date.isoformat(),
                ";".join(piece.skills),
                piece.text,
                piece.link,
                piece.verified_by,
                None if piece.verified_at is None else piece.verified_at.isoformat(),
            )
        )
        for piece in pieces
    )
    return csv_text(Sheet(EVIDENCE_COLUMNS, rows))
