"""The local history of assessments: one SQLite file in the user's data directory.

Every saved :class:`~pmlevel.assess.result.Result` is kept whole (its JSON is the source
of truth, so nothing a later version adds to a result is lost) together with a
few columns copied out of it -- date, subject, rater, level, readiness, model --
so that ``history``, ``progress``, ``plan`` and ``team`` can list and filter
without parsing every result.

What users rely on (docs/reference.md#the-history), and how this module keeps it:

* **Several assessments saving at once all succeed.** The database is in WAL
  mode, every connection waits up to :data:`BUSY_TIMEOUT` seconds for a lock
  instead of failing at once, and every write is a ``BEGIN IMMEDIATE``
  transaction (see :meth:`History.save` for why).
* **A crash mid-write loses nothing already saved.** A transaction either
  commits whole or not at all; with WAL and ``synchronous=FULL`` a commit is on
  disk before :meth:`History.save` returns, and a process killed half-way
  through a later write leaves only an uncommitted tail that SQLite discards
  when the file is next opened.
* **Someone else's file is never damaged.** Before anything is written, the file
  is checked: not SQLite at all (``history_corrupt``), SQLite but not ours
  (``history_foreign``), or ours but made by a newer pmlevel
  (``history_too_new``). Such a file is only read, never migrated, truncated
  or switched to WAL (switching rewrites the file header).
* **Old histories keep working.** The schema version lives in ``PRAGMA
  user_version``; :data:`STEPS` (one per version) brings an older file up to
  :data:`CURRENT_VERSION` in one transaction, so an upgrade that fails half-way
  leaves the old file exactly as it was.
* **Fast at any size** . Every question a command asks is answered
  through an index (:data:`_INDEXES_V4`): a person's entries, their latest
  self-rating, the newest *n*, everyone who has an entry (a skip-scan of the
  subject index, one step per person). Listings stream from the cursor instead
  of being read whole.

Core code: nothing here prints; problems are :class:`HistoryError` values with a
message id and parameters, turned into text at the CLI edge.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import sqlite3
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pmlevel.assess.people import person_key
from pmlevel.errors import UsageError
from pmlevel.store import private
from pmlevel.store.atomic import write_atomic
from pmlevel.text.safe import slug

if TYPE_CHECKING:
    # Imported where a result is read (``History._result``): listing the history, its
    # columns alone, needs neither the result classes nor pydantic (python
    # bench/imports.py, history).
    from pmlevel.assess.result import Derived, Result

FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT = 10.0  # seconds a connection waits for another one's lock before giving up

_SQLITE_MAGIC = b"SQLite format 3\x00"

# Primary result codes (the low byte of an extended code), see sqlite.org/rescode.html.
_BUSY_CODES = frozenset({5, 6})  # SQLITE_BUSY, SQLITE_LOCKED
_UNWRITABLE_CODES = frozenset({3, 8, 10, 13, 14, 23})  # PERM READONLY IOERR FULL CANTOPEN AUTH
_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB


class HistoryError(UsageError):
    """The history cannot be used; ``message`` is a message id, ``params`` its values.

    Ids: ``history_corrupt`` (path), ``history_foreign`` (path), ``history_too_new``
    (path, version), ``history_unwritable`` (path, reason), ``history_busy`` (path),
    ``history_no_entry`` (path, id), ``history_entry_invalid`` (path, id).
    """


# -- the schema: one step per version ------------------------------------------------------

_RESULTS_V2 = """
CREATE TABLE {table} (
    id INTEGER PRIMARY KEY,
    assessed_at TEXT NOT NULL,
    subject TEXT,
    subject_key TEXT,
    rater_role TEXT NOT NULL,
    rater_name TEXT,
    level TEXT,
    next_level TEXT,
    readiness REAL,
    model_sha256 TEXT NOT NULL,
    model_name TEXT NOT NULL,
    json TEXT NOT NULL
)
"""

_INSERT_V2 = """
INSERT INTO {table} (
    id, assessed_at, subject, subject_key, rater_role, rater_name,
    level, next_level, readiness, model_sha256, model_name, json
) VALUES (
    :id, :assessed_at, :subject, :subject_key, :rater_role, :rater_name,
    :level, :next_level, :readiness, :model_sha256, :model_name, :json
)
"""

# What a new entry is saved with (the columns of the current version).
_INSERT = """
INSERT INTO results (
    assessed_at, subject, subject_key, rater_role, rater_name,
    level, next_level, readiness, model_sha256, model_name, json, at_utc, rater_key
) VALUES (
    :assessed_at, :subject, :subject_key, :rater_role, :rater_name,
    :level, :next_level, :readiness, :model_sha256, :model_name, :json, :at_utc, :rater_key
)
"""


def _create_v1(conn: sqlite3.Connection) -> None:
    """Version 1: date, subject and the result's JSON."""
    conn.execute(
        "CREATE TABLE results (id INTEGER PRIMARY KEY, assessed_at TEXT NOT NULL, "
        "subject TEXT, json TEXT NOT NULL)"
    )


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 2 copies the summary out of the JSON into columns.

    SQLite cannot add ``NOT NULL`` columns without a default, so the table is rebuilt
    (the way SQLite's documentation recommends), each row's columns filled from its
    stored JSON. Ids are kept, so anything that refers to an entry by id still finds it.
    """
    conn.execute(_RESULTS_V2.format(table="results_v2"))
    rows = conn.execute("SELECT id, assessed_at, subject, json FROM results ORDER BY id")
    insert = _INSERT_V2.format(table="results_v2")
    for entry_id, assessed_at, subject, text in rows.fetchall():
        row = _columns_from_json(text)
        row.update(
            id=entry_id,
            assessed_at=assessed_at,
            subject=subject,
            subject_key=person_key(subject),
            json=text,
        )
        conn.execute(insert, row)
    conn.execute("DROP TABLE results")
    conn.execute("ALTER TABLE results_v2 RENAME TO results")
    conn.execute("CREATE INDEX results_subject ON results (subject_key)")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Version 3 keys subjects by the one identity rule (``people.person_key``: NFKC,
    trimmed, spaces collapsed, case-folded); version 2 only folded case, so "Li Lei "
    and "Li Lei" were two people. The schema is unchanged: every key is computed again."""
    rows = conn.execute("SELECT id, subject FROM results").fetchall()
    conn.executemany(
        "UPDATE results SET subject_key = ? WHERE id = ?",
        [(person_key(subject), entry_id) for entry_id, subject in rows],
    )


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Version 4 is queried, not scanned: two more columns and four indexes.

    ``at_utc`` is the moment in UTC as fixed-width text (``2026-03-01T01:00:00.000000``),
    so that "oldest first" is an index order rather than a sort of every row by
    ``julianday(assessed_at)``; ``rater_key`` is the rater's name folded like a subject.
    Every command about one person then reads that person's rows through an index,
    and the listing pages through the newest without reading the rest.
    """
    conn.execute("ALTER TABLE results ADD COLUMN at_utc TEXT")
    conn.execute("ALTER TABLE results ADD COLUMN rater_key TEXT")
    rows = conn.execute("SELECT id, assessed_at, rater_name FROM results").fetchall()
    conn.executemany(
        "UPDATE results SET at_utc = ?, rater_key = ? WHERE id = ?",
        [
            (_utc_text(_moment(at)), person_key(_text(name)), entry_id)
            for entry_id, at, name in rows
        ],
    )
    conn.execute("DROP INDEX results_subject")
    for statement in _INDEXES_V4:
        conn.execute(statement)


# Each index serves a question the commands ask (EXPLAIN QUERY PLAN in
# tests/test_history_scale.py checks that they are used):
_INDEXES_V4 = (
    # a person's entries in time order; the list of people (a skip-scan of the keys)
    "CREATE INDEX results_subject ON results (subject_key, at_utc, assessed_at)",
    # a person's latest entry by one kind of rater (the reminder: the latest self-rating)
    "CREATE INDEX results_subject_rater ON results (subject_key, rater_role, at_utc, assessed_at)",
    # everyone's entries in time order: the listing, --since, --limit, the latest entry
    "CREATE INDEX results_time ON results (at_utc, assessed_at)",
    # the entries of one rater, and of one model
    "CREATE INDEX results_rater ON results (rater_key, rater_role)",
    "CREATE INDEX results_model ON results (model_sha256)",
)


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """Version 5: the identity rule also drops variation selectors, so "Li Lei\ufe0f" is
    "Li Lei"; every subject and rater key is computed again, the schema is unchanged."""
    rows = conn.execute("SELECT id, subject, rater_name FROM results").fetchall()
    conn.executemany(
        "UPDATE results SET subject_key = ?, rater_key = ? WHERE id = ?",
        [(person_key(subject), person_key(name), entry_id) for entry_id, subject, name in rows],
    )


# Version 6: evidence gathered through the year (docs/reference.md#evidence). One piece may
# back several skills: ``evidence_skills`` holds one row per (piece, skill), with the
# subject's key and the day copied in, so that "how many pieces does this person have for
# this skill, and the latest three" is one index range, whatever the size of the table.
_EVIDENCE_V6 = (
    "CREATE TABLE IF NOT EXISTS evidence (id INTEGER PRIMARY KEY, subject TEXT, "
    "subject_key TEXT, day TEXT NOT NULL, text TEXT NOT NULL, link TEXT, verified_by TEXT, "
    "verified_at TEXT, added_at TEXT NOT NULL)",
    # a person's pieces in date order; everyone's in date order (--since)
    "CREATE INDEX IF NOT EXISTS evidence_subject ON evidence (subject_key, day, id)",
    "CREATE INDEX IF NOT EXISTS evidence_day ON evidence (day, id)",
    "CREATE TABLE IF NOT EXISTS evidence_skills (evidence_id INTEGER NOT NULL, "
    "subject_key TEXT, skill TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (evidence_id, skill))",
    "CREATE INDEX IF NOT EXISTS evidence_by_skill "
    "ON evidence_skills (subject_key, skill, day, evidence_id)",
)


def _migrate_5_to_6(conn: sqlite3.Connection) -> None:
    """Version 6 adds the evidence tables (if a file marked older already has them, as
    one set back by hand does, they are kept); the results are unchanged."""
    for statement in _EVIDENCE_V6:
        conn.execute(statement)


@dataclass(frozen=True)
class SchemaStep:
    """What turns a version ``version - 1`` file into version *version*.

    *columns* are the columns ``results`` has at least once at this version; a table
    named ``results`` without them belongs to some other program.
    """

    version: int
    apply: Callable[[sqlite3.Connection], None]
    columns: frozenset[str]


_V1_COLUMNS = frozenset({"id", "assessed_at", "subject", "json"})
_V2_COLUMNS = _V1_COLUMNS | {
    "subject_key",
    "rater_role",
    "rater_name",
    "level",
    "next_level",
    "readiness",
    "model_sha256",
    "model_name",
}
_V4_COLUMNS = _V2_COLUMNS | {"at_utc", "rater_key"}

#: The history's schema as a sequence of steps, version 1 first. A new file runs them
#: all (so a new file and an upgraded one are the same by construction); an older file
#: runs those above its version, all in one transaction. Append only: a released step
#: never changes, and one more table or column is one more step.
STEPS: tuple[SchemaStep, ...] = (
    SchemaStep(1, _create_v1, _V1_COLUMNS),
    SchemaStep(2, _migrate_1_to_2, _V2_COLUMNS),
    SchemaStep(3, _migrate_2_to_3, _V2_COLUMNS),  # the keys recomputed, same columns
    SchemaStep(4, _migrate_3_to_4, _V4_COLUMNS),
    SchemaStep(5, _migrate_4_to_5, _V4_COLUMNS),  # the keys recomputed, same columns
    SchemaStep(6, _migrate_5_to_6, _V4_COLUMNS),  # the evidence tables, same results
)
CURRENT_VERSION = STEPS[-1].version
_KNOWN_COLUMNS = {step.version: step.columns for step in STEPS}

_PIECE_COLUMNS = "id, subject, day, text, link, verified_by, verified_at"
# A piece as the JSON of Piece.to_json, made by SQLite (its skills in the order given).
_PIECE_JSON = """json_object(
    'id', e.id, 'subject', e.subject, 'date', e.day, 'text', e.text,
    'skills', (SELECT json_group_array(skill) FROM (
        SELECT skill FROM evidence_skills WHERE evidence_id = e.id ORDER BY rowid)),
    'link', e.link, 'verified_by', e.verified_by, 'verified_at', e.verified_at)"""
_ENTRY_COLUMNS = (
    "id, assessed_at, subject, rater_role, rater_name, level, next_level, readiness, "
    "model_sha256, model_name"
)
# Oldest first by the actual moment: at_utc is the time in UTC, so 09:00+08:00 sorts
# before 02:00+00:00 even though its text sorts after it. Both orders are the order of
# the results_time and results_subject indexes (id, the rowid, ends every index).
_OLDEST_FIRST = "ORDER BY at_utc, assessed_at, id"
_NEWEST_FIRST = "ORDER BY at_utc DESC, assessed_at DESC, id DESC"

# Everyone with an entry, without reading every entry: a skip-scan of the subject
# index (each step is "the smallest key after this one", one index seek), with the
# spelling of each person's latest entry. Parameter: a LIMIT (-1: none).
_KEYS = """
WITH RECURSIVE person(key) AS (
    SELECT min(subject_key) FROM results
    UNION ALL
    SELECT (SELECT min(subject_key) FROM results WHERE subject_key > person.key)
    FROM person WHERE person.key IS NOT NULL
)
"""
_PEOPLE = (
    _KEYS
    + """
SELECT key, (
    SELECT subject FROM results WHERE subject_key = person.key
    ORDER BY at_utc DESC, assessed_at DESC, id DESC LIMIT 1
) FROM person WHERE key IS NOT NULL LIMIT ?
"""
)
# Each named person's latest entry by one kind of rater (parameter: the role), made with
# one model when {model} is "AND model_sha256 = ?2" (parameter: its sha256).
_LATEST_BY_PERSON = (
    _KEYS
    + """
SELECT person.key, {columns} FROM person JOIN results AS r ON r.id = (
    SELECT id FROM results WHERE subject_key = person.key AND rater_role = ?1 {model}
    ORDER BY at_utc DESC, assessed_at DESC, id DESC LIMIT 1
) WHERE person.key IS NOT NULL
"""
)


# -- values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One saved assessment, as listed: the summary columns, not the whole result."""

    id: int
    assessed_at: dt.datetime
    subject: str | None
    rater_role: str
    rater_name: str | None
    level: str | None
    next_level: str | None
    readiness: float | None
    model_sha256: str
    model_name: str

    def to_json(self) -> dict[str, Any]:
        """The entry as ``history --json`` lists it (docs/reference.md#history-json)."""
        return {
            "id": self.id,
            "assessed_at": self.assessed_at.isoformat(),
            "subject": self.subject,
            "rater": {"role": self.rater_role, "name": self.rater_name},
            "level": self.level,
            "next_level": self.next_level,
            "readiness": self.readiness,
            "model": {"name": self.model_name, "sha256": self.model_sha256},
        }


@dataclass(frozen=True)
class Piece:
    """One piece of evidence (docs/reference.md#evidence): what someone did, on which day,
    for which skills, and who confirmed it (``None``: self-reported)."""

    id: int
    subject: str | None
    date: dt.date
    text: str
    skills: tuple[str, ...]
    link: str | None = None
    verified_by: str | None = None
    verified_at: dt.date | None = None

    @property
    def verified(self) -> bool:
        return self.verified_by is not None

    def to_json(self) -> dict[str, Any]:
        """The piece as ``evidence list --json`` lists it (docs/reference.md#evidence-json)."""
        return {
            "id": self.id,
            "subject": self.subject,
            "date": self.date.isoformat(),
            "text": self.text,
            "skills": list(self.skills),
            "link": self.link,
            "verified_by": self.verified_by,
            "verified_at": None if self.verified_at is None else self.verified_at.isoformat(),
        }


@dataclass(frozen=True)
class SkillEvidence:
    """A person's evidence for one skill: how many pieces, and the latest few."""

    count: int
    latest: tuple[Piece, ...]


@dataclass(frozen=True)
class Selection:
    """Which entries a listing wants, and in which order (``history``'s options).

    *subject*: ``None`` everyone, ``""`` the results that name no one, else one person
    (any spelling :func:`~pmlevel.assess.people.person_key` folds alike). *since*: only
    entries at or after that moment. *limit*: only the newest *limit* of what is left.
    The order is oldest first, or newest first with *newest_first*, whatever the limit.
    """

    subject: str | None = None
    since: dt.datetime | None = None
    rater_role: str | None = None
    model_sha256: str | None = None
    limit: int | None = None
    newest_first: bool = False

    def where(self) -> tuple[str, tuple[Any, ...]]:
        """The SQL ``WHERE`` clause (or ``""``) and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        if self.subject is not None:
            key = person_key(self.subject)
            if key is None:
                parts.append("subject_key IS NULL")
            else:
                parts.append("subject_key = ?")
                params.append(key)
        if self.rater_role is not None:
            parts.append("rater_role = ?")
            params.append(self.rater_role)
        if self.model_sha256 is not None:
            parts.append("model_sha256 = ?")
            params.append(self.model_sha256)
        if self.since is not None:
            parts.append("at_utc >= ?")
            params.append(_utc_text(self.since))
        return ("WHERE " + " AND ".join(parts) if parts else ""), tuple(params)

    def query(self, columns: str) -> tuple[str, tuple[Any, ...]]:
        """The whole ``SELECT`` of *columns* for this selection, in its order."""
        where, params = self.where()
        if self.limit is None:
            order = _NEWEST_FIRST if self.newest_first else _OLDEST_FIRST
            return f"SELECT {columns} FROM results {where} {order}", params
        newest = f"SELECT * FROM results {where} {_NEWEST_FIRST} LIMIT ?"
        order = _NEWEST_FIRST if self.newest_first else _OLDEST_FIRST
        return f"SELECT {columns} FROM ({newest}) {order}", (*params, self.limit)


def _moment(value: Any) -> dt.datetime | None:
    """A stored ``assessed_at`` as a datetime; None when it is not a date (a damaged row)."""
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _utc_text(moment: dt.datetime | None) -> str | None:
    """*moment* in UTC as fixed-width text, which sorts in time order.

    A time without an offset is taken as UTC, as SQLite's ``julianday()`` (which
    ordered version 3's listings) takes it; None stays None (sorted first)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        utc = moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # year 1 at +08:00: before the calendar begins
        return None
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class NewEntry:
    """A result as the row it is saved as, with what :meth:`History.holds` compares:
    plain values, so that it can be made in another process and sent over."""

    row: dict[str, Any]
    assessed_at: dt.datetime
    ratings: dict[str, int]

    @classmethod
    def of(cls, result: Result) -> NewEntry:
        return cls(_row(result), result.assessed_at, dict(result.ratings))

    @classmethod
    def derived(cls, made: Derived) -> NewEntry:
        """The entry of a result written by :func:`~pmlevel.assess.result.derive_json`."""
        row = {
            "assessed_at": made.assessed_at.isoformat(),
            "subject": made.subject,
            "subject_key": person_key(made.subject),
            "rater_role": made.rater_role,
            "rater_name": made.rater_name,
            "level": made.level,
            "next_level": made.next_level,
            "readiness": made.readiness,
            "model_sha256": made.model_sha256,
            "model_name": made.model_name,
            "json": made.text,
            "at_utc": _utc_text(made.assessed_at),
            "rater_key": person_key(made.rater_name),
        }
        return cls(row, made.assessed_at, made.ratings)


def _row(result: Result) -> dict[str, Any]:
    return {
        "assessed_at": result.assessed_at.isoformat(),
        "subject": result.subject,
        "subject_key": person_key(result.subject),
        "rater_role": result.rater.role,
        "rater_name": result.rater.name,
        "level": result.estimate.level,
        "next_level": result.estimate.next_level,
        "readiness": result.estimate.readiness,
        "model_sha256": result.model.sha256,
        "model_name": result.model.name,
        "json": result.to_json(indent=None),
        "at_utc": _utc_text(result.assessed_at),
        "rater_key": person_key(result.rater.name),
    }


def _columns_from_json(text: Any) -> dict[str, Any]:
    """The summary columns of a stored result, tolerating damage (missing keys read as unknown).

    Used by the migration: one odd row must not stop the whole history from upgrading.
    """
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        data = None
    doc = _mapping(data)
    model = _mapping(doc.get("model"))
    rater = _mapping(doc.get("rater"))
    estimate = _mapping(doc.get("estimate"))
    readiness = estimate.get("readiness")
    return {
        "rater_role": _text(rater.get("role")) or "self",
        "rater_name": _text(rater.get("name")),
        "level": _text(estimate.get("level")),
        "next_level": _text(estimate.get("next_level")),
        "readiness": (
            float(readiness)
            if isinstance(readiness, int | float) and not isinstance(readiness, bool)
            else None
        ),
        "model_sha256": _text(model.get("sha256")) or "",
        "model_name": _text(model.get("name")) or "",
    }


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


# -- the history -------------------------------------------------------------------------


class History:
    """An open history file. Use :meth:`open`, and close it (or use ``with``).

    One object per process and thread; other processes may have the same file
    open at the same time.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._conn = connection
        # Set when the file could only be opened for reading (a full disk): why, to
        # be raised by a write.
        self._read_only_because: HistoryError | None = None
        #: Ids of rows found damaged so far (left out of what was returned).
        self.damaged: set[int] = set()
        self._evidence_tables: bool | None = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, readonly: bool = False) -> History:
        """Open ``data_dir / "history.sqlite3"``, creating or upgrading it as needed.

        Raises :class:`HistoryError` when the file is not a history of ours or
        cannot be written; such a file is left exactly as it was.

        *readonly* is for the commands that only read (``history``, ``report``,
        ``progress``, ``case``, ids given to ``merge``): the file is opened read-only
        (:meth:`_open_readonly`), so a history on a read-only mount, a backup or a
        snapshot can be read; nothing is created, and a missing file is an empty
        history.
        """
        path = data_dir / FILE_NAME
        if readonly:
            history = cls._open_readonly(path)
            if history is not None:
                return history
        try:
            private.make_dir(data_dir)
        except OSError as exc:
            raise _unwritable(path, exc) from None
        _check_file(path)
        try:
            # Made 0600 before SQLite sees it; SQLite gives its -wal and -shm files
            # the same mode as the database.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, private.FILE_MODE))
        except OSError as exc:
            raise _unwritable(path, exc) from None
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, nothing implicit.
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.Error as exc:
            raise _translate(path, exc) from None
        history = cls(path, connection)
        try:
            history._prepare()
        except HistoryError as exc:
            connection.close()
            if exc.message != "history_unwritable":
                raise
            # A full disk: what is saved can still be listed, read from the file alone.
            return cls._open_for_reading(path, exc)
        except BaseException:
            connection.close()
            raise
        for name in (FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm"):
            private.restrict(data_dir / name)
        return history

    @classmethod
    def _open_readonly(cls, path: Path) -> History | None:
        """The history opened with SQLite's ``mode=ro`` (or, where SQLite cannot set up
        its shared-memory file beside a read-only WAL database, ``immutable``), writes
        refused. ``None`` when the file is there but must first be set up or upgraded
        and can be written: the ordinary open does that."""
        unwritable = HistoryError(
            "history_unwritable", path=str(path), reason=os.strerror(errno.EROFS)
        )
        if not path.exists() and not path.is_symlink():
            return cls._empty(path, unwritable)
        _check_file(path, writing=False)
        try:
            uri = path.absolute().as_uri() + "?mode=ro"
            connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
            history = cls(path, connection)
            with history._guard():
                version = history._classify()
        except HistoryError as exc:
            if exc.message != "history_unwritable":
                raise
            return cls._open_for_reading(path, exc)  # a WAL file on a read-only mount
        except sqlite3.Error as exc:
            raise _translate(path, exc) from None
        if version != CURRENT_VERSION:
            connection.close()
            # An older file (or an empty one) is upgraded where it can be written; where
            # it cannot, one with the current columns is read as it is.
            if _writable(path):
                return None
            if version == 0:
                return cls._empty(path, unwritable)
            if _KNOWN_COLUMNS[version] != _KNOWN_COLUMNS[CURRENT_VERSION]:
                return None  # needs an upgrade it cannot get: the ordinary open says so
            connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
            history = cls(path, connection)
        history._read_only_because = unwritable
        for name in (FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm"):
            private.restrict(path.with_name(name))  # only a mode, and only where it can
        return history

    @classmethod
    def _empty(cls, path: Path, why: HistoryError) -> History:
        """No history yet, for a command that only reads: an empty one, in memory."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        for step in STEPS:  # the current schema, as a new file gets it
            step.apply(connection)
        connection.execute(f"PRAGMA user_version = {CURRENT_VERSION}")
        history = cls(path, connection)
        history._read_only_because = why
        return history

    @classmethod
    def _open_for_reading(cls, path: Path, why: HistoryError) -> History:
        """The history read from its main file only, without the -shm/-wal SQLite needs
        to write (``immutable``): for a disk too full to create them. Only when no log
        holds writes not yet in the main file; otherwise *why* is raised.
        """
        wal = path.with_name(FILE_NAME + "-wal")
        try:
            if path.stat().st_size == 0 or (wal.exists() and wal.stat().st_size > 0):
                raise why
            uri = path.absolute().as_uri() + "?immutable=1"
            connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        except (OSError, sqlite3.Error):
            raise why from None
        history = cls(path, connection)
        try:
            with history._guard():
                version = history._classify()
        except BaseException:
            connection.close()
            raise
        if version != CURRENT_VERSION:
            connection.close()
            raise why
        history._read_only_because = why
        return history

    def _prepare(self) -> None:
        with self._guard():
            version = self._classify()  # reads only: a foreign file stops here untouched
            self._use_wal()
            self._conn.execute("PRAGMA synchronous = FULL")
            if version < CURRENT_VERSION:
                self._upgrade()

    def _classify(self) -> int:
        """The schema version of our file (0 for a new, empty one); raises for anything else."""
        conn = self._conn
        conn.execute("BEGIN")  # one consistent snapshot for the version and the tables
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {
                name
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                )
            }
            columns = {row[1] for row in conn.execute("PRAGMA table_info(results)")}
        except BaseException:
            # An I/O error (a full disk) has already ended the transaction: a COMMIT
            # here would fail too and hide SQLite's real reason behind its own.
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if version == 0 and not tables:
            return 0
        if "results" not in tables or version == 0:
            raise HistoryError("history_foreign", path=str(self.path))
        if version > CURRENT_VERSION:
            raise HistoryError("history_too_new", path=str(self.path), version=version)
        if not _KNOWN_COLUMNS[version] <= columns:
            raise HistoryError("history_foreign", path=str(self.path))
        return version

    def _use_wal(self) -> None:
        """Switch the file to WAL (write-ahead log) mode, once; the mode is kept in the file.

        Why WAL: readers never block the writer and the writer never blocks readers,
        so ``history`` can list while an ``assess`` saves; and a commit appends to
        the log instead of rewriting pages in place, so a crash at any moment
        leaves the last committed state intact. Switching needs a moment of
        exclusive access, which another process opening the same new file may
        hold; that is worth a short retry, not a failure.
        """
        conn = self._conn
        if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
            return
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL").fetchone()
                return
            except sqlite3.OperationalError as exc:
                if _code(exc) not in _BUSY_CODES or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _upgrade(self) -> None:
        """Create or migrate the schema in a single write transaction.

        The version is read again under the write lock: another process may have
        created or upgraded the file since we looked, and then there is nothing
        left to do. Any failure rolls everything back, so the file stays at the
        version it had.
        """
        with self._write():
            version = self._classify_locked()
            if version == CURRENT_VERSION:
                return
            for step in STEPS:
                if step.version > version:
                    step.apply(self._conn)
            self._conn.execute(f"PRAGMA user_version = {CURRENT_VERSION}")

    def _classify_locked(self) -> int:
        conn = self._conn
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        has_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ).fetchone()[0]
        if version == 0 and has_tables:
            raise HistoryError("history_foreign", path=str(self.path))
        if version > CURRENT_VERSION:
            raise HistoryError("history_too_new", path=str(self.path), version=version)
        return version

    # -- closing -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the file; the last process to close it folds the log back into it."""
        self._conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def save(self, result: Result) -> int:
        """Store *result* and return its new id; it is on disk when this returns.

        Why ``BEGIN IMMEDIATE``: it takes the write lock at the start, and while
        another process holds it SQLite waits (up to :data:`BUSY_TIMEOUT`) and
        retries. A plain ``BEGIN`` would take the lock only at the first write, and
        in WAL mode a reader that then finds the database changed under it gets
        ``SQLITE_BUSY`` at once, without waiting -- one of two simultaneous
        assessments would fail. The version is checked under the lock too, in
        case a newer pmlevel upgraded the file since it was opened.
        """
        (entry_id,) = self.save_many([result])
        assert entry_id is not None
        return entry_id

    def save_many(self, results: Iterable[Result], *, skip_known: bool = False) -> list[int | None]:
        """Store every result in one transaction (all or none) and return their ids.

        With *skip_known*, a result the history already holds (:meth:`holds`: the same
        subject, rater, moment and ratings, or an earlier one of *results*) is not
        stored again; its place in the returned list is None. One transaction is
        what makes a large import fast: one commit (one fsync) instead of one per row.
        """
        return self.save_entries((NewEntry.of(result) for result in results), skip_known=skip_known)

    def save_entries(
        self, entries: Iterable[NewEntry], *, skip_known: bool = False
    ) -> list[int | None]:
        """:meth:`save_many` for entries already turned into rows (:meth:`NewEntry.of`),
        which another process may have done (``history --import`` in parallel)."""
        if self._read_only_because is not None:
            raise self._read_only_because
        ids: list[int | None] = []
        with self._write():
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            if version != CURRENT_VERSION:
                raise HistoryError("history_too_new", path=str(self.path), version=version)
            for entry in entries:
                row = entry.row
                if skip_known and self._holds_keys(
                    row["subject_key"],
                    row["at_utc"],
                    (row["rater_role"], row["rater_key"]),
                    entry.ratings,
                ):
                    ids.append(None)
                    continue
                cursor = self._conn.execute(_INSERT, row)
                assert cursor.lastrowid is not None
                ids.append(int(cursor.lastrowid))
        return ids

    def holds(self, result: Result) -> bool:
        """Whether an entry with *result*'s subject, rater, moment and ratings is saved.

        Subjects and raters' names compare as people do
        (:func:`~pmlevel.assess.people.person_key`), moments as moments (09:00+08:00 is
        01:00Z); notes and everything derived from the ratings are not compared.
        """
        with self._guard():
            return self._holds(result)

    def _holds(self, result: Result) -> bool:
        return self._holds_entry(
            result.subject, result.rater.role, result.rater.name, result.assessed_at, result.ratings
        )

    def holds_entry(
        self,
        subject: str | None,
        rater_role: str,
        rater_name: str | None,
        assessed_at: dt.datetime,
        ratings: dict[str, int],
    ) -> bool:
        """:meth:`holds` from the parts it compares (before a result is worked out)."""
        with self._guard():
            return self._holds_entry(subject, rater_role, rater_name, assessed_at, ratings)

    def _holds_entry(
        self,
        subject: str | None,
        rater_role: str,
        rater_name: str | None,
        assessed_at: dt.datetime,
        ratings: dict[str, int],
    ) -> bool:
        return self._holds_keys(
            person_key(subject),
            _utc_text(assessed_at),
            (rater_role, person_key(rater_name)),
            ratings,
        )

    def _holds_keys(
        self,
        subject_key: str | None,
        at_utc: str | None,
        rater: tuple[str, str | None],
        ratings: dict[str, int],
    ) -> bool:
        """:meth:`_holds_entry` from the keys a row already has (:meth:`save_entries`:
        ``history --import`` need not fold every name again)."""
        rows = self._conn.execute(
            "SELECT id, rater_role, rater_key, json FROM results "
            "WHERE subject_key IS ? AND at_utc IS ?",
            (subject_key, at_utc),
        )
        for _, role, rater_key, text in rows:
            if (role, rater_key) != rater:
                continue
            try:
                saved = json.loads(text).get("ratings")
            except (TypeError, ValueError, AttributeError):
                continue  # a damaged row holds nothing comparable
            if saved == ratings:
                return True
        return False

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """A ``BEGIN IMMEDIATE`` transaction: committed whole, or rolled back whole."""
        conn = self._conn
        with self._guard():
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise

    # -- reading -------------------------------------------------------------------------

    def entries(self, subject: str | None = None, **selection: Any) -> list[Entry]:
        """Every saved assessment, oldest first; only *subject*'s when given
        (``""``: the results that name no one). Keywords are those of
        :class:`Selection` (``rater_role``, ``model_sha256``, ``since``, ``limit``,
        ``newest_first``).

        A damaged row is left out and its id added to :attr:`damaged`: one bad row
        must not hide every good one.
        """
        return list(self.iter_entries(Selection(subject, **selection)))

    def iter_entries(self, selection: Selection | None = None) -> Iterator[Entry]:
        """The entries *selection* picks, one at a time, straight from the cursor: a
        listing of 100,000 entries never holds them all (``history -o``, ``--json``)."""
        sql, params = (selection or Selection()).query(_ENTRY_COLUMNS)
        for row in self._rows(sql, params):
            try:
                yield self._entry(row)
            except HistoryError:
                self.damaged.add(int(row[0]))

    def count(self, selection: Selection | None = None) -> int:
        """How many entries *selection* picks, its limit aside: one count over an index
        (``history`` on a screen says how many it leaves out)."""
        where, params = (selection or Selection()).where()
        with self._guard():
            (found,) = self._conn.execute(
                f"SELECT COUNT(*) FROM results {where}", params
            ).fetchone()
        return int(found)

    def iter_results(self, selection: Selection | None = None) -> Iterator[tuple[Entry, Result]]:
        """Each entry *selection* picks with its whole result, streamed like
        :meth:`iter_entries`; a damaged row is left out and added to :attr:`damaged`."""
        sql, params = (selection or Selection()).query(_ENTRY_COLUMNS + ", json")
        for row in self._rows(sql, params):
            try:
                entry = self._entry(row[:-1])
                result = self._result((row[0], row[-1]))
            except HistoryError:
                self.damaged.add(int(row[0]))
                continue
            yield entry, result

    def _rows(self, sql: str, params: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        """The rows of a query, fetched a page at a time, SQLite errors translated."""
        with self._guard():
            cursor = self._conn.execute(sql, params)
            while page := cursor.fetchmany(500):
                yield from page

    def get(self, entry_id: int) -> Result:
        """The whole result saved under *entry_id*, exactly as it was saved."""
        if not -(2**63) <= entry_id < 2**63:  # beyond what SQLite can store as an id
            raise HistoryError("history_no_entry", path=str(self.path), id=entry_id)
        with self._guard():
            row = self._conn.execute(
                "SELECT id, json FROM results WHERE id = ?", (entry_id,)
            ).fetchone()
        if row is None:
            raise HistoryError("history_no_entry", path=str(self.path), id=entry_id)
        return self._result(row)

    def latest(self, subject: str | None = None, *, rater_role: str | None = None) -> Result | None:
        """The most recent result (of *subject*, any spelling, when given; by a rater in
        *rater_role* when given); None if there is none. One step down an index."""
        entry = self.latest_entry(subject, rater_role=rater_role)
        return None if entry is None else self.get(entry.id)

    def latest_entry(
        self, subject: str | None = None, *, rater_role: str | None = None
    ) -> Entry | None:
        """The summary of :meth:`latest`: one row, read through an index."""
        selection = Selection(subject, rater_role=rater_role, limit=1, newest_first=True)
        return next(self.iter_entries(selection), None)

    def people(self, limit: int | None = None) -> list[tuple[str | None, str | None]]:
        """Everyone with an entry as (key, name as most recently typed): the named sorted
        by key, then ``(None, None)`` for the results that name no one, if any.

        A skip-scan of the subject index: one step per person, not per entry. With
        *limit*, only the first *limit* (``people(2)`` tells one person from several).
        """
        found: list[tuple[str | None, str | None]] = []
        with self._guard():
            cursor = self._conn.execute(_PEOPLE, (-1 if limit is None else limit,))
            for key, name in cursor:
                found.append((str(key), name.strip() if isinstance(name, str) else None))
            nameless = self._conn.execute(
                "SELECT 1 FROM results WHERE subject_key IS NULL LIMIT 1"
            ).fetchone()
        if nameless is not None and (limit is None or len(found) < limit):
            found.append((None, None))
        return found

    def rated_by_others_than(self, key: str | None, roles: Collection[str]) -> bool:
        """Whether the person with subject *key* (``None``: the results that name no one)
        has an entry by a rater whose role is not in *roles* (one indexed look)."""
        marks = ", ".join("?" for _ in roles) or "''"
        where = "subject_key IS NULL" if key is None else "subject_key = ?"
        params: tuple[Any, ...] = (*(() if key is None else (key,)), *roles)
        query = f"SELECT 1 FROM results WHERE {where} AND rater_role NOT IN ({marks}) LIMIT 1"
        with self._guard():
            return self._conn.execute(query, params).fetchone() is not None

    def subjects(self) -> list[str]:
        """Every subject with a saved assessment, once each, sorted (ignoring case).

        Spellings that differ only in case are one subject, shown as most recently typed.
        """
        return [name for key, name in self.people() if key is not None and name]

    def latest_by_person(
        self,
        rater_role: str,
        keys: Iterable[str | None] | None = None,
        *,
        model_sha256: str | None = None,
    ) -> dict[str | None, Entry]:
        """Each person's latest entry by a rater in *rater_role* (key -> entry), for everyone
        or only the people whose keys are in *keys* (``None``: the results that name no
        one); only entries made with the model *model_sha256* when given (``diff
        --history``). One index lookup per person: the reminder asks this on every
        command."""
        found: dict[str | None, Entry] = {}
        columns = ", ".join(f"r.{c.strip()}" for c in _ENTRY_COLUMNS.split(","))
        if keys is None:
            model = "" if model_sha256 is None else "AND model_sha256 = ?2"
            sql = _LATEST_BY_PERSON.format(columns=columns, model=model)
            params = (rater_role,) if model_sha256 is None else (rater_role, model_sha256)
            rows = list(self._rows(sql, params))
            keyed = [(row[0], row[1:]) for row in rows]
            wanted: list[str | None] = [None]
        else:
            keyed = []
            wanted = list(dict.fromkeys(keys))
        for key in wanted:
            selection = Selection(
                "" if key is None else key,
                rater_role=rater_role,
                model_sha256=model_sha256,
                limit=1,
                newest_first=True,
            )
            sql, params = selection.query(_ENTRY_COLUMNS)
            keyed += [(key, row) for row in self._rows(sql, params)]
        for key, row in keyed:
            try:
                found[key] = self._entry(row)
            except HistoryError:
                self.damaged.add(int(row[0]))
        return found

    # -- evidence (docs/reference.md#evidence) ---------------------------------------------

    def add_evidence(
        self,
        *,
        subject: str | None,
        date: dt.date,
        text: str,
        skills: Sequence[str],
        link: str | None,
        added_at: dt.datetime,
    ) -> Piece:
        """Store one piece of evidence for *skills* and return it with its new id."""
        if self._read_only_because is not None:
            raise self._read_only_because
        key = person_key(subject)
        with self._write():
            self._check_version_locked()
            cursor = self._conn.execute(
                "INSERT INTO evidence (subject, subject_key, day, text, link, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (subject, key, date.isoformat(), text, link, added_at.isoformat()),
            )
            assert cursor.lastrowid is not None
            piece_id = int(cursor.lastrowid)
            self._conn.executemany(
                "INSERT OR IGNORE INTO evidence_skills (evidence_id, subject_key, skill, day) "
                "VALUES (?, ?, ?, ?)",
                [(piece_id, key, skill, date.isoformat()) for skill in skills],
            )
        return Piece(piece_id, subject, date, text, tuple(dict.fromkeys(skills)), link)

    def verify_evidence(self, piece_id: int, by: str, on: dt.date) -> Piece | None:
        """Record that *by* confirmed the piece *piece_id* on *on*; None when there is none."""
        if self._read_only_because is not None:
            raise self._read_only_because
        with self._write():
            self._check_version_locked()
            cursor = self._conn.execute(
                "UPDATE evidence SET verified_by = ?, verified_at = ? WHERE id = ?",
                (by, on.isoformat(), piece_id),
            )
            if cursor.rowcount == 0:
                return None
        return self.piece(piece_id)

    def remove_evidence(self, piece_id: int) -> Piece | None:
        """Delete the piece *piece_id* and return what it was; None when there is none."""
        if self._read_only_because is not None:
            raise self._read_only_because
        found = self.piece(piece_id)
        if found is None:
            return None
        with self._write():
            self._check_version_locked()
            self._conn.execute("DELETE FROM evidence_skills WHERE evidence_id = ?", (piece_id,))
            self._conn.execute("DELETE FROM evidence WHERE id = ?", (piece_id,))
        return found

    def piece(self, piece_id: int) -> Piece | None:
        """The piece of evidence *piece_id*, or None."""
        if not self._has_evidence() or not -(2**63) <= piece_id < 2**63:
            return None
        rows = list(self._rows(f"SELECT {_PIECE_COLUMNS} FROM evidence WHERE id = ?", (piece_id,)))
        return self._pieces(rows)[0] if rows else None

    def iter_evidence(
        self,
        subject: str | None = None,
        *,
        anyone: bool = True,
        skill: str | None = None,
        since: dt.date | None = None,
    ) -> Iterator[Piece]:
        """Pieces of evidence, oldest first: everyone's with *anyone*, else *subject*'s
        (``None``: the pieces that name no one); only those for *skill*, or dated on or
        after *since*, when given. Streamed a page at a time through an index."""
        if not self._has_evidence():
            return
        where, params = _evidence_where(subject, anyone, skill, since)
        columns = ", ".join(f"e.{c.strip()}" for c in _PIECE_COLUMNS.split(","))
        sql = f"SELECT {columns} FROM evidence AS e {where} ORDER BY e.day, e.id"
        page: list[tuple[Any, ...]] = []
        for row in self._rows(sql, params):
            page.append(row)
            if len(page) >= 500:
                yield from self._pieces(page)
                page = []
        if page:
            yield from self._pieces(page)

    def iter_evidence_json(
        self,
        subject: str | None = None,
        *,
        anyone: bool = True,
        skill: str | None = None,
        since: dt.date | None = None,
    ) -> Iterator[str]:
        """:meth:`iter_evidence` as the JSON text of each piece (:meth:`Piece.to_json`'s
        keys, compact), made by SQLite: ``evidence list --json`` over 10,000 pieces then
        costs about what the start-up does, not three times it."""
        if not self._has_evidence():
            return
        where, params = _evidence_where(subject, anyone, skill, since)
        sql = f"SELECT {_PIECE_JSON} FROM evidence AS e {where} ORDER BY e.day, e.id"
        for (text,) in self._rows(sql, params):
            yield str(text)

    def evidence_by_skill(
        self, subject: str | None, skills: Iterable[str], latest: int | None = 3
    ) -> dict[str, SkillEvidence]:
        """For each of *skills*, *subject*'s pieces (``None``: those that name no one): how
        many, and the latest *latest* (``None``: all), newest first. Two index lookups per
        skill, however many pieces the history holds; a skill without evidence is left out."""
        found: dict[str, SkillEvidence] = {}
        if not self._has_evidence():
            return found
        key = person_key(subject)
        for skill in dict.fromkeys(skills):
            with self._guard():
                (count,) = self._conn.execute(
                    "SELECT count(*) FROM evidence_skills WHERE subject_key IS ? AND skill = ?",
                    (key, skill),
                ).fetchone()
            if not count:
                continue
            columns = ", ".join(f"e.{c.strip()}" for c in _PIECE_COLUMNS.split(","))
            rows = list(
                self._rows(
                    f"SELECT {columns} FROM evidence_skills AS s JOIN evidence AS e "
                    "ON e.id = s.evidence_id WHERE s.subject_key IS ? AND s.skill = ? "
                    "ORDER BY s.day DESC, s.evidence_id DESC LIMIT ?",
                    (key, skill, -1 if latest is None else latest),
                )
            )
            found[skill] = SkillEvidence(int(count), tuple(self._pieces(rows)))
        return found

    def _pieces(self, rows: Sequence[tuple[Any, ...]]) -> list[Piece]:
        """Rows of ``evidence`` as pieces, each with its skills (one query for the page)."""
        if not rows:
            return []
        ids = [int(row[0]) for row in rows]
        marks = ", ".join("?" for _ in ids)
        skills: dict[int, list[str]] = {}
        for piece_id, skill in self._rows(
            f"SELECT evidence_id, skill FROM evidence_skills WHERE evidence_id IN ({marks}) "
            "ORDER BY evidence_id, rowid",
            ids,
        ):
            skills.setdefault(int(piece_id), []).append(str(skill))
        pieces = []
        for piece_id, subject, day, text, link, by, at in rows:
            try:
                date = dt.date.fromisoformat(str(day))
                verified_at = None if at is None else dt.date.fromisoformat(str(at))
            except ValueError:
                continue  # not written by pmlevel: left out rather than shown wrong
            pieces.append(
                Piece(
                    int(piece_id),
                    subject,
                    date,
                    str(text),
                    tuple(skills.get(int(piece_id), ())),
                    link,
                    by,
                    verified_at,
                )
            )
        return pieces

    def _has_evidence(self) -> bool:
        """Whether the file has the evidence tables (a version 5 file read where it cannot
        be upgraded has none: it holds no evidence)."""
        if self._evidence_tables is None:
            with self._guard():
                row = self._conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'evidence'"
                ).fetchone()
            self._evidence_tables = row is not None
        return self._evidence_tables

    def _check_version_locked(self) -> None:
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        if version != CURRENT_VERSION:
            raise HistoryError("history_too_new", path=str(self.path), version=version)

    def _entry(self, row: tuple[Any, ...]) -> Entry:
        entry_id, assessed_at, subject, role, rater_name, level, next_level, readiness = row[:8]
        model_sha256, model_name = row[8:]
        try:
            when = dt.datetime.fromisoformat(str(assessed_at))
            readiness = None if readiness is None else float(readiness)
        except (TypeError, ValueError):
            raise HistoryError(
                "history_entry_invalid", path=str(self.path), id=int(entry_id)
            ) from None
        return Entry(
            id=int(entry_id),
            assessed_at=when,
            subject=subject,
            rater_role=str(role),
            rater_name=rater_name,
            level=level,
            next_level=next_level,
            readiness=readiness,
            model_sha256=str(model_sha256),
            model_name=str(model_name),
        )

    def _result(self, row: tuple[Any, ...]) -> Result:
        from pydantic import ValidationError

        from pmlevel.assess.result import parse_result_json

        entry_id, text = row
        try:
            if not isinstance(text, str | bytes):
                raise TypeError(type(text))
            return parse_result_json(text)
        except (ValidationError, TypeError, UnicodeError):
            self.damaged.add(int(entry_id))
            raise HistoryError(
                "history_entry_invalid", path=str(self.path), id=int(entry_id)
            ) from None

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """SQLite errors the user can act on become :class:`HistoryError`; bugs stay bugs."""
        try:
            yield
        except sqlite3.Error as exc:
            translated = _translate(self.path, exc)
            if translated is exc:
                raise
            raise translated from None


def _evidence_where(
    subject: str | None, anyone: bool, skill: str | None, since: dt.date | None
) -> tuple[str, list[Any]]:
    """The ``WHERE`` of a listing of evidence (see :meth:`History.iter_evidence`)."""
    parts: list[str] = []
    params: list[Any] = []
    if not anyone:
        parts.append("e.subject_key IS ?")
        params.append(person_key(subject))
    if since is not None:
        parts.append("e.day >= ?")
        params.append(since.isoformat())
    if skill is not None:
        inner = "SELECT evidence_id FROM evidence_skills WHERE skill = ?"
        params.append(skill)
        if not anyone:
            inner += " AND subject_key IS ?"
            params.append(person_key(subject))
        parts.append(f"e.id IN ({inner})")
    return ("WHERE " + " AND ".join(parts)) if parts else "", params


def _subject_filter(subject: str | None) -> tuple[str, tuple[Any, ...]]:
    """Everyone (``None``), the results that name no one (``""``), or one person."""
    if subject is None:
        return "", ()
    key = person_key(subject)
    if key is None:
        return "WHERE subject_key IS NULL", ()
    return "WHERE subject_key = ?", (key,)


def _check_file(path: Path, *, writing: bool = True) -> None:
    """Refuse a file that is not an SQLite database before SQLite gets to touch it,
    and, when *writing*, one that cannot be written.

    An empty file is fine: SQLite creates an empty database lazily, so a process
    stopped right after creating it leaves one, and it holds nothing to lose.
    """
    if path.is_dir():
        raise HistoryError("history_unwritable", path=str(path), reason=os.strerror(errno.EISDIR))
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        head = b""
    except OSError as exc:
        raise _unwritable(path, exc) from None
    if head and head != _SQLITE_MAGIC:
        raise HistoryError("history_corrupt", path=str(path))
    if writing and not _writable(path, empty=not head):
        # Both the file and its directory: WAL keeps two companion files beside it.
        raise HistoryError("history_unwritable", path=str(path), reason=os.strerror(errno.EACCES))


def _writable(path: Path, *, empty: bool = False) -> bool:
    """Whether the history and its directory can be written (WAL keeps two companion
    files beside it)."""
    return os.access(path.parent, os.W_OK) and (empty or os.access(path, os.W_OK))


def _code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", -1)) & 0xFF


def _translate(path: Path, exc: sqlite3.Error) -> Exception:
    code = _code(exc)
    if code in _BUSY_CODES:
        return HistoryError("history_busy", path=str(path))
    if code in _UNWRITABLE_CODES:
        return HistoryError("history_unwritable", path=str(path), reason=str(exc))
    if code in _CORRUPT_CODES:
        return HistoryError("history_corrupt", path=str(path))
    return exc


def _unwritable(path: Path, exc: OSError) -> HistoryError:
    return HistoryError("history_unwritable", path=str(path), reason=exc.strerror or str(exc))


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file at *path* holds exactly *data*. The size is compared first, so a
    different file of that name (a 3 GiB one, say) is never read into memory."""
    try:
        if not path.is_file() or path.stat().st_size != len(data):
            return False
        with path.open("rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


@dataclass(frozen=True)
class Exported:
    """What ``history --export`` did: files written, files left alone, rows unreadable."""

    directory: str
    written: int
    unchanged: int  # already there with the same content (an export run again)
    kept: tuple[str, ...]  # a different file of that name was there: not overwritten
    damaged: tuple[int, ...]


def export_name(entry: Entry) -> str:
    """``000007-li-lei-self-2026-11-24.json``: the id, whose, by whom, when.

    Subject and rater are in the name so that two people's histories exported into
    one folder do not collide (ids are only unique within one history).
    """
    parts = [f"{entry.id:06d}", slug(entry.subject or "", "") or "no-subject", entry.rater_role]
    if entry.rater_role != "self" and entry.rater_name:
        parts.append(slug(entry.rater_name, ""))
    parts.append(f"{entry.assessed_at:%Y-%m-%d}")
    return "-".join(part for part in parts if part) + ".json"


def export_entries(history: History, entries: Sequence[Entry], directory: Path) -> Exported:
    """Write each entry's whole result as :func:`export_name` in *directory*.

    For ``history --export``: the files are ordinary result JSON, readable by
    ``report``, ``plan``, ``merge`` and ``team``. Each is written atomically, so an
    interrupted export leaves whole files only, and readable by the owner only
    (0600; a folder made here is 0700). An existing file is never overwritten.
    A damaged row is left out and named. Raises :class:`UsageError`
    (``write_failed``) when the directory cannot be made or written.
    """
    try:
        private.make_dir(directory)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError("write_failed", path=str(directory), reason=reason) from None
    written = unchanged = 0
    kept: list[str] = []
    damaged: list[int] = []
    for entry in entries:
        try:
            data = (history.get(entry.id).to_json() + "\n").encode("utf-8")
        except HistoryError:
            damaged.append(entry.id)
            continue
        target = directory / export_name(entry)
        if target.exists() or target.is_symlink():
            same = _holds(target, data)
            if same:
                unchanged += 1
            else:
                kept.append(str(target))
            continue
        write_atomic(target, data, private=True)
        written += 1
    return Exported(str(directory), written, unchanged, tuple(kept), tuple(damaged))
