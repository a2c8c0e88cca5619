"""A damaged or foreign history file in PMLEVEL_HOME, met through the commands a user runs:
a clear message naming the file, exit 2, no traceback, and the file left byte for byte.

(``test_history.py`` checks the same files against the library; these check what the
user sees from ``assess``, ``history``, ``progress`` and ``plan``.)
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import FILE_NAME

Write = Callable[[str, str], Path]


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(16384))


def sqlite_header_then_garbage(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + random.Random(8).randbytes(16368))


def truncated_history(path: Path) -> None:
    """A real history cut short, as a failing disk or a bad copy leaves it."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    conn.commit()
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def another_programs_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('my own notes')")
    conn.commit()
    conn.close()


def another_programs_wal_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE results (match_id INTEGER, score TEXT)")
    conn.execute("INSERT INTO results VALUES (1, '3:1')")
    conn.commit()
    conn.close()


def a_text_file(path: Path) -> None:
    path.write_text("ratings:\n  data-analysis: 3\n", encoding="utf-8")


DAMAGE = {
    random_bytes: "is not a valid SQLite database",
    sqlite_header_then_garbage: "is not a valid SQLite database",
    truncated_history: "is not a valid SQLite database",
    a_text_file: "is not a valid SQLite database",
    another_programs_database: "is an SQLite database but not a pmlevel history",
    another_programs_wal_database: "is an SQLite database but not a pmlevel history",
}


@pytest.fixture
def answers(write: Write, bundled: LevelModel) -> Path:
    ratings = "".join(f"  {skill.id}: 3\n" for skill in bundled.skills)
    return write("answers.yaml", f"ratings:\n{ratings}subject: Li Lei\n")


COMMANDS = {
    "assess": ["assess", "--answers", "ANSWERS"],
    "assess --json": ["assess", "--answers", "ANSWERS", "--json"],
    "history": ["history"],
    "history --json": ["history", "--json"],
    "progress": ["progress"],
    "plan": ["plan"],
}


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_damaged_or_foreign_history_is_named_and_left_untouched(
    invoke: Invoke, home: Path, answers: Path, damage: Callable[[Path], None], command: str
) -> None:
    path = home / FILE_NAME
    damage(path)
    before = path.read_bytes()
    args = [str(answers) if arg == "ANSWERS" else arg for arg in COMMANDS[command]]

    result = invoke("--lang", "en", *args)

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Unexpected" not in result.output
    assert f"'{path}' {DAMAGE[damage]}" in " ".join(result.stderr.split())
    assert "left it untouched" in result.stderr
    assert result.stdout == ""  # nothing half-printed; --json gets no stray text
    assert path.read_bytes() == before


def test_the_message_is_in_chinese_too(invoke: Invoke, home: Path) -> None:
    path = home / FILE_NAME
    random_bytes(path)
    result = invoke("--lang", "zh", "history")
    assert result.exit_code == 2
    assert f"历史记录文件「{path}」不是有效的 SQLite 数据库" in result.stderr


def test_without_saving_an_assessment_still_works_beside_a_damaged_history(
    invoke: Invoke, home: Path, answers: Path
) -> None:
    path = home / FILE_NAME
    random_bytes(path)
    before = path.read_bytes()
    result = invoke("--lang", "en", "assess", "--answers", str(answers), "--no-save", "--json")
    assert result.exit_code == 0, result.output
    assert '"subject": "Li Lei"' in result.stdout
    assert path.read_bytes() == before
