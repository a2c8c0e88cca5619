"""``pmlevel history`` pages and streams (docs/reference.md#history-at-scale): ``--subject``,
``--since``, ``--limit``
and ``--reverse``; ``-o FILE.csv`` writes without drawing the table; ``--json`` is the
same document as before, written an entry at a time."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sqlite3
from pathlib import Path

from conftest import FIXTURES, Invoke
from pmlevel.assess.result import Rater, build_result
from pmlevel.growth.listing import ENTRIES_SHOWN, json_chunks
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import FILE_NAME, History

SMALL = str(FIXTURES / "small.yaml")
LOCAL = dt.datetime(2026, 3, 1, 9, 0).astimezone()  # 09:00 local time, whatever the zone


def fill(home: Path, model: LevelModel) -> list[int]:
    """Five entries a day apart (days 0-4), Li Lei and Han Meimei alternating."""
    ratings = {skill.id: 2 for skill in model.skills}
    with History.open(home) as history:
        return [
            history.save(
                build_result(
                    model,
                    ratings,
                    subject=("Li Lei", "Han Meimei")[day % 2],
                    rater=Rater(role="self"),
                    assessed_at=LOCAL + dt.timedelta(days=day),
                )
            )
            for day in range(5)
        ]


def listed(invoke: Invoke, *args: str) -> list[int]:
    done = invoke("--model", SMALL, "history", "--json", *args)
    assert done.exit_code == 0, done.output
    return [entry["id"] for entry in json.loads(done.stdout)]


def test_without_options_everything_is_listed_oldest_first(
    invoke: Invoke, home: Path, small: LevelModel
) -> None:
    ids = fill(home, small)
    assert listed(invoke) == ids
    assert listed(invoke, "--reverse") == ids[::-1]


def test_limit_keeps_the_newest_shown_oldest_first_unless_reversed(
    invoke: Invoke, home: Path, small: LevelModel
) -> None:
    ids = fill(home, small)
    assert listed(invoke, "--limit", "2") == ids[3:]
    assert listed(invoke, "--limit", "2", "--reverse") == [ids[4], ids[3]]
    assert listed(invoke, "--limit", "50") == ids
    table = invoke("--model", SMALL, "--lang", "en", "history", "--limit", "1")
    assert table.exit_code == 0
    rows = [line for line in table.stdout.splitlines() if "Li Lei" in line or "Han" in line]
    assert len(rows) == 1 and "Li Lei" in rows[0]  # day 4: Li Lei


def test_since_and_subject_choose_the_entries(
    invoke: Invoke, home: Path, small: LevelModel
) -> None:
    ids = fill(home, small)
    day_2 = (LOCAL + dt.timedelta(days=2)).date().isoformat()
    assert listed(invoke, "--since", day_2) == ids[2:]
    assert listed(invoke, "--since", day_2, "--subject", "li lei") == [ids[2], ids[4]]
    assert listed(invoke, "--subject", "Han Meimei", "--limit", "1") == [ids[3]]
    assert listed(invoke, "--since", "2099-01-01") == []


def test_a_bad_since_or_limit_is_refused_in_both_languages(invoke: Invoke, home: Path) -> None:
    en = invoke("--lang", "en", "history", "--since", "last week")
    assert en.exit_code == 2
    assert "--since 'last week' is not a date; give it as YYYY-MM-DD" in en.stderr
    zh = invoke("--lang", "zh", "history", "--since", "2026-13-01")
    assert zh.exit_code == 2
    assert "--since「2026-13-01」不是日期" in zh.stderr
    zero = invoke("--lang", "en", "history", "--limit", "0")
    assert zero.exit_code == 2
    assert "--limit 0: give a number of assessments, 1 or more." in zero.stderr
    assert "Traceback" not in en.output + zh.output + zero.output
    assert not (home / FILE_NAME).exists()  # refused before the history is opened


def test_files_without_import_are_refused(invoke: Invoke, tmp_path: Path) -> None:
    done = invoke("--lang", "en", "history", str(tmp_path))
    assert done.exit_code == 2
    assert "pmlevel history takes files only with --import" in done.stderr
    zh = invoke("--lang", "zh", "history", str(tmp_path))
    assert zh.exit_code == 2 and "只有加 --import 时才接受文件" in zh.stderr


def test_csv_is_written_without_drawing_the_table(
    invoke: Invoke, home: Path, small: LevelModel, tmp_path: Path
) -> None:
    ids = fill(home, small)
    out = tmp_path / "all.csv"
    done = invoke("--model", SMALL, "--lang", "en", "history", "-o", str(out))
    assert done.exit_code == 0, done.output
    assert done.stdout == ""  # no table
    assert f"Wrote {out}" in done.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(row["id"]) for row in rows] == ids
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert out.read_bytes().count(b"\r\n") == 6  # header + five rows

    newest = tmp_path / "newest.csv"
    assert invoke("--model", SMALL, "history", "--limit", "2", "-o", str(newest)).exit_code == 0
    with newest.open(encoding="utf-8-sig", newline="") as handle:
        assert [int(row["id"]) for row in csv.DictReader(handle)] == ids[3:]


def test_a_damaged_row_is_left_out_of_the_csv_and_named(
    invoke: Invoke, home: Path, small: LevelModel, tmp_path: Path
) -> None:
    ids = fill(home, small)
    conn = sqlite3.connect(home / FILE_NAME)
    conn.execute("UPDATE results SET json = '{broken' WHERE id = ?", (ids[1],))
    conn.commit()
    conn.close()
    out = tmp_path / "h.csv"

    done = invoke("--model", SMALL, "--lang", "en", "history", "-o", str(out))

    assert done.exit_code == 0, done.output
    assert f"damaged history entries that cannot be read: {ids[1]}" in done.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        assert [int(row["id"]) for row in csv.DictReader(handle)] == [ids[0], *ids[2:]]


def test_json_is_streamed_as_the_same_document(
    invoke: Invoke, home: Path, small: LevelModel
) -> None:
    fill(home, small)
    with History.open(home) as history:
        expected = [entry.to_json() for entry in history.entries()]
    done = invoke("--model", SMALL, "history", "--json")
    assert done.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_json_pieces_join_to_what_json_dumps_writes() -> None:
    items = [{"subject": "李雷", "n": [1, {"a": None}]}, {"subject": "Han", "n": []}]
    for ascii_only in (False, True):
        joined = "".join(json_chunks(iter(items), ascii_only=ascii_only))
        assert joined == json.dumps(items, ensure_ascii=ascii_only, indent=2)
    assert "".join(json_chunks(iter([]))) == "[]"


def test_a_long_history_shows_the_newest_on_a_screen_and_says_how_to_see_the_rest(
    invoke: Invoke, home: Path, small: LevelModel, tmp_path: Path
) -> None:
    ratings = {skill.id: 2 for skill in small.skills}
    total = ENTRIES_SHOWN + 3
    with History.open(home) as history:
        ids = history.save_many(
            build_result(
                small,
                ratings,
                subject=f"P{n}",
                rater=Rater(role="self"),
                assessed_at=LOCAL + dt.timedelta(hours=n),
            )
            for n in range(total)
        )

    def drawn(*args: str, lang: str = "en") -> tuple[list[int], str]:
        done = invoke("--model", SMALL, "--lang", lang, "history", *args)
        assert done.exit_code == 0, done.output
        rows = [re.match(r"\s*(\d+)\s+\d{4}-", line) for line in done.stdout.splitlines()]
        return [int(row[1]) for row in rows if row], " ".join(done.stdout.split())

    shown, en = drawn()
    assert shown == ids[3:]  # the newest, oldest first as always
    assert f"…and 3 older entries; pmlevel history --limit {total} shows them all" in en
    shown, zh = drawn("--reverse", lang="zh")
    assert shown == ids[3:][::-1]
    assert f"……另有 3 条更早的记录；pmlevel history --limit {total} 显示全部" in zh
    shown, everything = drawn("--limit", str(total))
    assert shown == ids and "older entries" not in everything
    assert listed(invoke) == ids  # --json and files hold every entry
    out = tmp_path / "all.md"
    assert invoke("--model", SMALL, "history", "-o", str(out)).exit_code == 0
    assert "P0 " in out.read_text(encoding="utf-8") and "older entries" not in out.read_text(
        encoding="utf-8"
    )
