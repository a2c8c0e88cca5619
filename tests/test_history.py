"""The assessment history: what is saved comes back, in order, across versions and crashes."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import pmlevel.store.history as history_module
from conftest import BACKSTOP
from pmlevel.assess.result import Rater, Result, build_result, read_result
from pmlevel.errors import PmlevelError, UsageError
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import CURRENT_VERSION, FILE_NAME, History, HistoryError, export_entries

HELPER = Path(__file__).with_name("helpers_history.py")
WORKER_TIMEOUT = BACKSTOP  # only so that a broken build fails instead of hanging

V1_SCHEMA = (
    "CREATE TABLE results (id INTEGER PRIMARY KEY, assessed_at TEXT NOT NULL, "
    "subject TEXT, json TEXT NOT NULL)"
)


def make_result(
    model: LevelModel,
    *,
    subject: str | None = "Li Lei",
    when: str = "2026-03-01T09:00:00+08:00",
    rating: int = 3,
    role: str = "self",
    name: str | None = None,
) -> Result:
    ratings = {skill.id: rating for skill in model.skills}
    return build_result(
        model,
        ratings,
        subject=subject,
        rater=Rater.model_validate({"role": role, "name": name}),
        assessed_at=dt.datetime.fromisoformat(when),
        notes={model.skills[0].id: "Ran the Q3 funnel analysis"},
    )


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def pragma(path: Path, name: str) -> object:
    conn = raw(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def table_shape(path: Path) -> tuple[list[tuple[object, ...]], list[str]]:
    conn = raw(path)
    try:
        columns = conn.execute("PRAGMA table_info(results)").fetchall()
        indexes = sorted(row[1] for row in conn.execute("PRAGMA index_list(results)"))
    finally:
        conn.close()
    return columns, indexes


# -- saving and listing -------------------------------------------------------------------


def test_assessments_are_listed_oldest_first_by_real_time(
    tmp_path: Path, bundled: LevelModel
) -> None:
    # 09:00 in Beijing is 01:00 UTC: older than 02:00 UTC, although its text sorts later.
    times = [
        "2026-06-01T10:00:00+08:00",
        "2026-03-01T09:00:00+08:00",
        "2026-03-01T02:00:00+00:00",
        "2026-06-01T10:00:00+08:00",  # the same moment again: saved later, listed later
    ]
    with History.open(tmp_path) as history:
        ids = [history.save(make_result(bundled, when=when)) for when in times]
        listed = history.entries()

    assert [entry.id for entry in listed] == [ids[1], ids[2], ids[0], ids[3]]
    assert [entry.assessed_at for entry in listed] == [
        dt.datetime.fromisoformat(times[i]) for i in (1, 2, 0, 3)
    ]


def test_each_listed_entry_summarises_its_assessment(tmp_path: Path, bundled: LevelModel) -> None:
    result = make_result(bundled, rating=3, role="manager", name="Han Meimei")
    with History.open(tmp_path) as history:
        entry_id = history.save(result)
        (entry,) = history.entries()

    assert entry.id == entry_id
    assert entry.assessed_at == result.assessed_at
    assert entry.subject == "Li Lei"
    assert (entry.rater_role, entry.rater_name) == ("manager", "Han Meimei")
    assert entry.level == result.estimate.level
    assert entry.next_level == result.estimate.next_level
    assert entry.readiness == result.estimate.readiness
    assert entry.model_sha256 == bundled.sha256
    assert entry.model_name == result.model.name


def test_a_listed_entry_has_the_history_json_keys(tmp_path: Path, bundled: LevelModel) -> None:
    result = make_result(bundled, role="peer", name="Wang")
    with History.open(tmp_path) as history:
        entry_id = history.save(result)
        (entry,) = history.entries()

    listed = entry.to_json()
    assert listed == {
        "id": entry_id,
        "assessed_at": "2026-03-01T09:00:00+08:00",
        "subject": "Li Lei",
        "rater": {"role": "peer", "name": "Wang"},
        "level": result.estimate.level,
        "next_level": result.estimate.next_level,
        "readiness": result.estimate.readiness,
        "model": {"name": result.model.name, "sha256": bundled.sha256},
    }
    assert json.loads(json.dumps(listed)) == listed


def test_exported_entries_are_result_files(tmp_path: Path, bundled: LevelModel) -> None:
    first = make_result(bundled, subject="Li Lei", when="2026-01-02T09:00:00+08:00")
    second = make_result(bundled, subject="Han Meimei", when="2026-02-03T09:00:00+08:00")
    with History.open(tmp_path / "home") as history:
        history.save(first)
        history.save(second)
        done = export_entries(history, history.entries(), tmp_path / "out" / "backup")

    assert done.written == 2
    files = sorted((tmp_path / "out" / "backup").iterdir())
    assert [f.name for f in files] == [
        "000001-li-lei-self-2026-01-02.json",
        "000002-han-meimei-self-2026-02-03.json",
    ]
    assert [read_result(f) for f in files] == [first, second]


def test_one_persons_assessments_are_found_whatever_the_case(
    tmp_path: Path, bundled: LevelModel
) -> None:
    with History.open(tmp_path) as history:
        history.save(make_result(bundled, subject="Li Lei", when="2026-01-01T09:00:00+08:00"))
        history.save(make_result(bundled, subject="Han Meimei"))
        history.save(make_result(bundled, subject="li lei", when="2026-02-01T09:00:00+08:00"))
        history.save(make_result(bundled, subject=None))
        history.save(make_result(bundled, subject="Ärger"))
        history.save(make_result(bundled, subject="LI LEI", when="2026-03-01T09:00:00+08:00"))

        li_lei = history.entries("lI lEi")
        assert [entry.subject for entry in li_lei] == ["Li Lei", "li lei", "LI LEI"]
        assert history.entries("Li") == []  # exact, not a prefix
        assert [entry.subject for entry in history.entries("ärger")] == ["Ärger"]
        assert len(history.entries()) == 6
        # one name per person, spelled as most recently typed
        assert history.subjects() == ["Han Meimei", "LI LEI", "Ärger"]


def test_a_saved_result_comes_back_unchanged(tmp_path: Path, bundled: LevelModel) -> None:
    result = make_result(bundled, subject="李雷", role="peer", name="韩梅梅", rating=2)
    with History.open(tmp_path) as history:
        entry_id = history.save(result)
    with History.open(tmp_path) as history:
        again = history.get(entry_id)

    assert again == result
    assert again.to_json() == result.to_json()


def test_latest_is_the_most_recent_assessment_of_the_subject(
    tmp_path: Path, bundled: LevelModel
) -> None:
    with History.open(tmp_path) as history:
        assert history.latest() is None
        newest_li = make_result(bundled, subject="Li Lei", when="2026-09-01T09:00:00+08:00")
        history.save(newest_li)
        history.save(make_result(bundled, subject="Li Lei", when="2026-03-01T09:00:00+08:00"))
        newest = make_result(bundled, subject="Han Meimei", when="2026-10-01T09:00:00+08:00")
        history.save(newest)

        assert history.latest() == newest
        assert history.latest("LI LEI") == newest_li
        assert history.latest("nobody") is None


def test_asking_for_an_unknown_entry_is_an_error(tmp_path: Path) -> None:
    with History.open(tmp_path) as history, pytest.raises(HistoryError) as caught:
        history.get(42)
    assert caught.value.message == "history_no_entry"
    assert caught.value.params == {"path": str(tmp_path / FILE_NAME), "id": 42}


def test_a_damaged_entry_is_an_error_not_a_traceback(tmp_path: Path, bundled: LevelModel) -> None:
    with History.open(tmp_path) as history:
        entry_id = history.save(make_result(bundled))
    conn = raw(tmp_path / FILE_NAME)
    conn.execute("UPDATE results SET json = '{\"ratings\": 3}'")
    conn.close()

    with History.open(tmp_path) as history, pytest.raises(HistoryError) as caught:
        history.get(entry_id)
    assert caught.value.message == "history_entry_invalid"
    assert caught.value.params["id"] == entry_id


# -- the file -----------------------------------------------------------------------------


def test_a_new_history_is_created_at_the_current_version(tmp_path: Path) -> None:
    data_dir = tmp_path / "not" / "yet" / "there"
    with History.open(data_dir) as history:
        assert history.path == data_dir / FILE_NAME
    path = data_dir / FILE_NAME

    assert CURRENT_VERSION == 6
    assert pragma(path, "user_version") == CURRENT_VERSION
    assert pragma(path, "journal_mode") == "wal"


def test_an_empty_history_file_is_set_up_as_new(tmp_path: Path, bundled: LevelModel) -> None:
    (tmp_path / FILE_NAME).write_bytes(b"")
    with History.open(tmp_path) as history:
        history.save(make_result(bundled))
        assert len(history.entries()) == 1
    assert pragma(tmp_path / FILE_NAME, "user_version") == CURRENT_VERSION


def make_version_1(path: Path, results: list[Result]) -> None:
    conn = raw(path)
    conn.execute(V1_SCHEMA)
    for result in results:
        conn.execute(
            "INSERT INTO results (assessed_at, subject, json) VALUES (?, ?, ?)",
            (result.assessed_at.isoformat(), result.subject, result.to_json(indent=None)),
        )
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_a_version_1_history_is_upgraded_keeping_every_assessment(
    tmp_path: Path, bundled: LevelModel
) -> None:
    old = [
        make_result(bundled, subject="Li Lei", rating=2, when="2025-01-01T09:00:00+08:00"),
        make_result(bundled, subject="Han Meimei", rating=4, role="manager", name="Wang"),
        make_result(bundled, subject=None, rating=5, when="2025-06-01T09:00:00+08:00"),
    ]
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    make_version_1(old_dir / FILE_NAME, old)

    with History.open(old_dir) as history:
        entries = history.entries()
        assert [history.get(entry.id) for entry in entries] == sorted(
            old, key=lambda r: r.assessed_at
        )
        for entry in entries:
            result = history.get(entry.id)
            assert entry.subject == result.subject
            assert (entry.rater_role, entry.rater_name) == (result.rater.role, result.rater.name)
            assert (entry.level, entry.next_level) == (
                result.estimate.level,
                result.estimate.next_level,
            )
            assert entry.readiness == result.estimate.readiness
            assert (entry.model_sha256, entry.model_name) == (bundled.sha256, result.model.name)
        assert [e.subject for e in history.entries("han meimei")] == ["Han Meimei"]
        new_id = history.save(make_result(bundled))
        assert new_id == 4  # ids of the old entries are kept; new ones follow them

    assert pragma(old_dir / FILE_NAME, "user_version") == CURRENT_VERSION
    with History.open(tmp_path / "new"):
        pass
    # an upgraded file has exactly the table and index a new file gets
    assert table_shape(old_dir / FILE_NAME) == table_shape(tmp_path / "new" / FILE_NAME)


def test_an_upgrade_that_fails_leaves_the_old_history_as_it_was(
    tmp_path: Path, bundled: LevelModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / FILE_NAME
    make_version_1(path, [make_result(bundled), make_result(bundled, subject="Han Meimei")])
    first, second, *rest = history_module.STEPS

    def half_done(conn: sqlite3.Connection) -> None:
        second.apply(conn)
        raise RuntimeError("power cut")

    broken = history_module.SchemaStep(second.version, half_done, second.columns)
    monkeypatch.setattr(history_module, "STEPS", (first, broken, *rest))
    with pytest.raises(RuntimeError, match="power cut"):
        History.open(tmp_path)

    assert pragma(path, "user_version") == 1
    conn = raw(path)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(results)")]
    subjects = [row[0] for row in conn.execute("SELECT subject FROM results ORDER BY id")]
    conn.close()
    assert columns == ["id", "assessed_at", "subject", "json"]
    assert subjects == ["Li Lei", "Han Meimei"]

    monkeypatch.undo()
    with History.open(tmp_path) as history:
        assert len(history.entries()) == 2


# -- several processes, and crashes -------------------------------------------------------


def worker(data_dir: Path, subject: str, count: int, *extra: str) -> list[str]:
    return [sys.executable, str(HELPER), str(data_dir), subject, str(count), *extra]


def test_four_processes_saving_at_once_all_succeed(tmp_path: Path) -> None:
    data_dir = tmp_path / "home"  # does not exist yet: the workers race to create it too
    procs = [
        subprocess.Popen(
            worker(data_dir, f"worker {n}", 25, "--wait"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    outputs = []
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline() == "ready\n"
        for proc in procs:  # everyone is ready: start them together
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in procs:
            outputs.append(proc.communicate(timeout=WORKER_TIMEOUT))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()

    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert err == ""
    reported = [int(line) for out, _err in outputs for line in out.split()]
    assert len(reported) == len(set(reported)) == 100

    with History.open(data_dir) as history:
        assert sorted(entry.id for entry in history.entries()) == sorted(reported)
        for n in range(4):
            assert len(history.entries(f"worker {n}")) == 25


def test_a_process_killed_while_saving_loses_nothing_it_had_saved(
    tmp_path: Path, bundled: LevelModel
) -> None:
    with History.open(tmp_path) as history:
        earlier = history.save(make_result(bundled, subject="before"))

    with subprocess.Popen(
        worker(tmp_path, "Li Lei", 1_000_000),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline() == "ready\n"
        committed: list[int] = []
        while len(committed) < 30:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            committed.append(int(line))
        proc.send_signal(signal.SIGKILL)  # mid-loop: no cleanup, no checkpoint, no close
        rest = proc.stdout.read()
        proc.wait(timeout=WORKER_TIMEOUT)
        assert proc.returncode == -signal.SIGKILL
    committed += [int(line) for line in rest.split("\n")[:-1]]  # whole lines only

    with History.open(tmp_path) as history:
        saved = {entry.id for entry in history.entries()}
        assert earlier in saved
        assert set(committed) <= saved
        assert history.get(committed[-1]).subject == "Li Lei"
        history.save(make_result(bundled, subject="after"))  # and it still takes new ones
    assert pragma(tmp_path / FILE_NAME, "integrity_check") == "ok"


# -- files that are not ours ----------------------------------------------------------------


def open_error(data_dir: Path) -> HistoryError:
    with pytest.raises(HistoryError) as caught:
        History.open(data_dir)
    return caught.value


@pytest.mark.parametrize(
    "content",
    [
        random.Random(5).randbytes(8192),
        b"SQLite format 3\x00" + random.Random(6).randbytes(8176),
        b"ratings:\n  data-analysis: 3\n",
    ],
    ids=["random bytes", "sqlite header then garbage", "a yaml file"],
)
def test_a_file_that_is_not_a_database_is_reported_and_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(content)

    error = open_error(tmp_path)

    assert (error.message, error.params) == ("history_corrupt", {"path": str(path)})
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]


def make_notes_db(path: Path) -> None:
    conn = raw(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('mine, not pmlevel''s')")
    conn.close()


def make_wal_notes_db(path: Path) -> None:
    conn = raw(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.close()


def make_other_results_db(path: Path) -> None:
    conn = raw(path)
    conn.execute("CREATE TABLE results (match_id INTEGER, score TEXT)")
    conn.execute("PRAGMA user_version = 2")
    conn.close()


def make_unversioned_results_db(path: Path) -> None:
    conn = raw(path)
    conn.execute(V1_SCHEMA)
    conn.close()


@pytest.mark.parametrize(
    "make",
    [make_notes_db, make_wal_notes_db, make_other_results_db, make_unversioned_results_db],
    ids=["other tables", "other tables in wal mode", "other results table", "no version"],
)
def test_another_programs_database_is_reported_and_left_untouched(
    tmp_path: Path, make: object
) -> None:
    path = tmp_path / FILE_NAME
    assert callable(make)
    make(path)
    before = path.read_bytes()

    error = open_error(tmp_path)

    assert (error.message, error.params) == ("history_foreign", {"path": str(path)})
    assert path.read_bytes() == before


def test_a_history_from_a_newer_pmlevel_is_reported_and_left_untouched(
    tmp_path: Path, bundled: LevelModel
) -> None:
    path = tmp_path / FILE_NAME
    with History.open(tmp_path) as history:
        history.save(make_result(bundled))
    conn = raw(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()

    error = open_error(tmp_path)

    assert error.message == "history_too_new"
    assert error.params == {"path": str(path), "version": 99}
    assert path.read_bytes() == before
    assert pragma(path, "user_version") == 99


def test_saving_after_a_newer_pmlevel_upgraded_the_file_is_refused(
    tmp_path: Path, bundled: LevelModel
) -> None:
    with History.open(tmp_path) as history:
        history.save(make_result(bundled))
        conn = raw(history.path)
        conn.execute("PRAGMA user_version = 99")
        conn.close()
        with pytest.raises(HistoryError) as caught:
            history.save(make_result(bundled))
    assert caught.value.message == "history_too_new"
    conn = raw(tmp_path / FILE_NAME)
    assert conn.execute("SELECT count(*) FROM results").fetchone()[0] == 1
    conn.close()


def test_a_history_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a directory", encoding="utf-8")

    error = open_error(blocker / "pmlevel")

    assert error.message == "history_unwritable"
    assert error.params["path"] == str(blocker / "pmlevel" / FILE_NAME)
    assert error.params["reason"]
    assert blocker.read_text(encoding="utf-8") == "not a directory"


def test_a_read_only_history_is_reported_and_left_untouched(
    tmp_path: Path, bundled: LevelModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / FILE_NAME
    with History.open(tmp_path) as history:
        history.save(make_result(bundled))
    before = path.read_bytes()
    # The tests may run as root, whom chmod does not stop; ask as an ordinary user would.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )

    error = open_error(tmp_path)

    assert error.message == "history_unwritable"
    assert error.params == {"path": str(path), "reason": os.strerror(errno.EACCES)}
    assert path.read_bytes() == before


def test_a_directory_in_place_of_the_history_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).mkdir()

    error = open_error(tmp_path)

    assert error.message == "history_unwritable"
    assert error.params["path"] == str(tmp_path / FILE_NAME)


def test_history_errors_are_reported_like_other_usage_errors() -> None:
    error = HistoryError("history_too_new", path="/x", version=3)
    assert isinstance(error, UsageError)
    assert isinstance(error, PmlevelError)
    assert error.exit_code == 2
    assert (error.message, error.params) == ("history_too_new", {"path": "/x", "version": 3})


def test_a_version_2_history_keys_subjects_by_the_identity_rule(
    tmp_path: Path, bundled: LevelModel
) -> None:
    # Version 2 folded case only, so "Li Lei " and "li  lei" were two people.
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    make_version_1(
        old_dir / FILE_NAME,
        [
            make_result(bundled, subject="Li Lei ", when="2025-01-01T09:00:00+08:00"),
            make_result(bundled, subject="li  lei", when="2025-02-01T09:00:00+08:00"),
        ],
    )
    with History.open(old_dir) as history:
        assert [e.subject for e in history.entries("LI LEI")] == ["Li Lei ", "li  lei"]
        assert history.subjects() == ["li  lei"]
