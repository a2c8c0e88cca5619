"""A history that scales (docs/reference.md#history-at-scale): queried through indexes,
never scanned for
one person, and upgraded in place from version 3.

Cost is asserted without a clock: SQLite counts the virtual-machine steps a question
takes (``set_progress_handler``), and a question about one person must take as many
steps beside 3 other entries as beside 3,000.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import pmlevel.store.history as history_module
from pmlevel.assess.result import Rater, Result, build_result
from pmlevel.growth.reminders import reviews_due
from pmlevel.growth.whose import latest_self_rating, pick_person
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import CURRENT_VERSION, FILE_NAME, History, HistoryError, Selection

BASE = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def result(
    model: LevelModel,
    subject: str | None,
    *,
    days: float = 0,
    role: str = "self",
    name: str | None = None,
    rating: int = 3,
    at: dt.datetime | None = None,
) -> Result:
    return build_result(
        model,
        {skill.id: rating for skill in model.skills},
        subject=subject,
        rater=Rater.model_validate({"role": role, "name": name}),
        assessed_at=at or BASE + dt.timedelta(days=days),
    )


@pytest.fixture
def history(tmp_path: Path) -> Iterator[History]:
    with History.open(tmp_path) as opened:
        yield opened


def steps(history: History, question: Callable[[], Any]) -> int:
    """How many SQLite virtual-machine steps *question* takes on *history*."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    conn: sqlite3.Connection = history._conn
    conn.set_progress_handler(tick, 1)
    try:
        question()
    finally:
        conn.set_progress_handler(None, 1)
    return count


def crowd(history: History, model: LevelModel, people: int, each: int) -> None:
    """*people* other people with *each* entries, written in one transaction."""
    template = result(model, "someone")
    history.save_many(
        template.model_copy(
            update={
                "subject": f"person {p:04d}",
                "assessed_at": BASE + dt.timedelta(days=p % 50, minutes=n),
            }
        )
        for p in range(people)
        for n in range(each)
    )


# -- listing ------------------------------------------------------------------------------


def test_limit_keeps_the_newest_and_lists_them_oldest_first(
    history: History, bundled: LevelModel
) -> None:
    ids = [history.save(result(bundled, "Li Lei", days=d)) for d in (5, 1, 3, 2, 4)]
    by_day = dict(zip((5, 1, 3, 2, 4), ids, strict=True))

    newest = history.entries(limit=2)
    assert [e.id for e in newest] == [by_day[4], by_day[5]]
    reverse = history.entries(limit=2, newest_first=True)
    assert [e.id for e in reverse] == [by_day[5], by_day[4]]
    everything = history.entries(newest_first=True)
    assert [e.id for e in everything] == [by_day[d] for d in (5, 4, 3, 2, 1)]
    assert len(history.entries(limit=50)) == 5


def test_since_and_subject_narrow_the_listing(history: History, bundled: LevelModel) -> None:
    history.save(result(bundled, "Li Lei", days=0))
    late = history.save(result(bundled, "li  LEI", days=10))
    history.save(result(bundled, "Han Meimei", days=10))
    history.save(result(bundled, None, days=10))

    since = BASE + dt.timedelta(days=5)
    assert [e.id for e in history.entries("Li Lei", since=since)] == [late]
    assert [e.subject for e in history.entries(since=since)] == ["li  LEI", "Han Meimei", None]
    assert [e.subject for e in history.entries("")] == [None]  # the results that name no one
    # the same moment written at another offset is the same moment
    at_utc = (BASE + dt.timedelta(days=10)).astimezone(dt.UTC)
    assert len(history.entries(since=at_utc)) == 3


def test_the_listing_streams_from_the_cursor(history: History, bundled: LevelModel) -> None:
    crowd(history, bundled, people=30, each=10)
    stream = history.iter_entries(Selection())
    first = next(stream)
    # only a page has been read: the rest is still in SQLite, not in a list
    assert first.subject is not None
    assert sum(1 for _ in stream) == 299


# -- people -------------------------------------------------------------------------------


def test_people_are_found_by_a_skip_scan_with_their_latest_spelling(
    history: History, bundled: LevelModel
) -> None:
    history.save(result(bundled, "li lei", days=0))
    history.save(result(bundled, "Li Lei", days=2))
    history.save(result(bundled, "LI LEI", days=1))  # saved last, but made earlier
    history.save(result(bundled, None))
    history.save(result(bundled, "Han Meimei"))

    assert history.people() == [("han meimei", "Han Meimei"), ("li lei", "Li Lei"), (None, None)]
    assert history.people(2) == [("han meimei", "Han Meimei"), ("li lei", "Li Lei")]
    assert history.subjects() == ["Han Meimei", "Li Lei"]


def test_each_persons_latest_self_rating_is_one_row(history: History, bundled: LevelModel) -> None:
    history.save(result(bundled, "Li Lei", days=1))
    newest = history.save(result(bundled, "Li Lei", days=3))
    history.save(result(bundled, "Li Lei", days=9, role="manager", name="Han"))
    history.save(result(bundled, "Han Meimei", role="peer", name="Jim"))  # no self-rating
    nameless = history.save(result(bundled, None, days=4))

    found = history.latest_by_person("self")
    assert {key: e.id for key, e in found.items()} == {"li lei": newest, None: nameless}
    only = history.latest_by_person("self", ["li lei", "han meimei"])
    assert {key: e.id for key, e in only.items()} == {"li lei": newest}


# -- cost: one person's questions do not read the others' rows ----------------------------


def per_person_questions(history: History, model: LevelModel) -> Callable[[], Any]:
    def ask() -> None:
        person = pick_person(history, "Li Lei", "plan")
        assert person is not None
        latest_self_rating(history, person, model.sha256)
        history.entries(person.filter)
        history.latest()
        reviews_due(history, {}, dt.date(2026, 12, 1), ["Li Lei"])
        history.people(2)  # one person or several? (pick_person without --subject, next_step)

    return ask


def test_questions_about_one_person_cost_the_same_beside_3000_other_entries(
    tmp_path: Path, bundled: LevelModel
) -> None:
    costs = []
    for others in (3, 3000):
        with History.open(tmp_path / str(others)) as history:
            for days in (1, 2, 3):
                history.save(result(bundled, "Li Lei", days=days))
            crowd(history, bundled, people=others // 3, each=3)
            costs.append(steps(history, per_person_questions(history, bundled)))
    small, large = costs
    # an index seek is a logarithm deeper in a larger tree: a few steps, not 3,000 rows
    assert large < small * 1.5, costs


def test_the_reminder_for_everyone_costs_steps_per_person_not_per_entry(
    tmp_path: Path, bundled: LevelModel
) -> None:
    costs = []
    for each in (1, 100):
        with History.open(tmp_path / str(each)) as history:
            crowd(history, bundled, people=20, each=each)
            costs.append(steps(history, lambda: reviews_due(history, {}, dt.date(2026, 12, 1))))
    few, many = costs
    assert many < few * 1.5, costs


def test_the_newest_page_costs_the_same_whatever_the_size(
    tmp_path: Path, bundled: LevelModel
) -> None:
    costs = []
    for each in (1, 50):
        with History.open(tmp_path / str(each)) as history:
            crowd(history, bundled, people=60, each=each)
            costs.append(steps(history, lambda: history.entries(limit=50)))
    assert costs[1] < costs[0] * 1.5, costs


# -- saving many, and knowing what is already there ---------------------------------------


def test_save_many_is_one_transaction(history: History, bundled: LevelModel) -> None:
    good = result(bundled, "Li Lei")

    def results() -> Iterator[Result]:
        yield good
        yield good
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        history.save_many(results())
    assert history.entries() == []  # all or none


def test_a_result_already_held_is_recognised_by_subject_rater_moment_and_ratings(
    history: History, bundled: LevelModel
) -> None:
    saved = result(bundled, "Li Lei", role="manager", name="Han Meimei")
    history.save(saved)

    same_moment_elsewhere = saved.assessed_at.astimezone(dt.UTC)
    assert history.holds(saved.model_copy(update={"subject": " li  lei "}))
    assert history.holds(saved.model_copy(update={"assessed_at": same_moment_elsewhere}))
    assert history.holds(saved.model_copy(update={"notes": {"x": "another note"}}))
    assert not history.holds(result(bundled, "Li Lei", role="manager", name="Wang"))
    assert not history.holds(result(bundled, "Li Lei", role="peer", name="Han Meimei"))
    assert not history.holds(result(bundled, "Li Lei", role="manager", name="Han Meimei", days=1))
    assert not history.holds(result(bundled, "Li Lei", role="manager", name="Han Meimei", rating=4))

    ids = history.save_many(
        [saved, result(bundled, "Jim"), result(bundled, "Jim")], skip_known=True
    )
    assert ids[0] is None and ids[1] is not None and ids[2] is None
    assert len(history.entries()) == 2


# -- version 3 files ----------------------------------------------------------------------


def make_version_3(path: Path, results: list[Result]) -> None:
    """A history as pmlevel 0.3 wrote it: the version-3 steps, rows without at_utc."""
    conn = sqlite3.connect(path, isolation_level=None)
    for step in history_module.STEPS[:3]:
        step.apply(conn)
    for row in results:
        columns = history_module._row(row)
        del columns["at_utc"], columns["rater_key"]
        conn.execute(history_module._INSERT_V2.format(table="results"), {"id": None, **columns})
    conn.execute("PRAGMA user_version = 3")
    conn.close()


def test_a_version_3_history_is_upgraded_in_place(tmp_path: Path, bundled: LevelModel) -> None:
    old = tmp_path / "old"
    old.mkdir()
    results = [
        result(bundled, "Li Lei", at=dt.datetime.fromisoformat("2026-03-01T09:00:00+08:00")),
        result(bundled, "Li Lei", at=dt.datetime.fromisoformat("2026-03-01T02:00:00+00:00")),
        result(bundled, None, role="manager", name="Han Meimei"),
    ]
    make_version_3(old / FILE_NAME, results)

    with History.open(old) as history:
        # 09:00 in Beijing is 01:00 UTC: older than 02:00 UTC, as in version 3
        assert [e.id for e in history.entries()] == [3, 1, 2]
        assert [e.id for e in history.entries("li lei", limit=1)] == [2]
        assert {k: e.id for k, e in history.latest_by_person("self").items()} == {"li lei": 2}
        assert history.entries(limit=1, newest_first=True)[0].id == 2
    with History.open(tmp_path / "new"):
        pass
    shape = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    conn = sqlite3.connect(old / FILE_NAME)
    upgraded = conn.execute(shape).fetchall()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    conn = sqlite3.connect(tmp_path / "new" / FILE_NAME)
    fresh = conn.execute(shape).fetchall()
    conn.close()
    assert version == CURRENT_VERSION == 6
    assert upgraded == fresh  # the same table and indexes as a new file
    assert {name for kind, name, _, _ in fresh if kind == "index"} >= {
        "results_subject",
        "results_subject_rater",
        "results_time",
        "results_rater",
        "results_model",
    }


def test_an_upgrade_from_version_3_that_fails_leaves_the_file_as_it_was(
    tmp_path: Path, bundled: LevelModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_version_3(tmp_path / FILE_NAME, [result(bundled, "Li Lei")])
    *older, last = history_module.STEPS

    def half_done(conn: sqlite3.Connection) -> None:
        last.apply(conn)
        raise sqlite3.OperationalError("disk I/O error")

    broken = history_module.SchemaStep(last.version, half_done, last.columns)
    monkeypatch.setattr(history_module, "STEPS", (*older, broken))
    with pytest.raises((HistoryError, sqlite3.Error)):
        History.open(tmp_path)
    conn = sqlite3.connect(tmp_path / FILE_NAME)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(results)")]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert version == 3 and "at_utc" not in columns
    monkeypatch.undo()
    with History.open(tmp_path) as history:
        assert [e.subject for e in history.entries()] == ["Li Lei"]
