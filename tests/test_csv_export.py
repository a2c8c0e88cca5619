"""CSV from ``history -o`` and ``team -o``: one row per entry or person, one column per
skill id, UTF-8 with a BOM for Excel, read back with the ``csv`` module (and DuckDB or
pandas when installed); text that would run as a spreadsheet formula stays text."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.assess.result import Rater, Result, build_result
from pmlevel.model.ladder import LevelModel
from pmlevel.render.csv_file import BOM, FIXED_COLUMNS, csv_text, row_from_result, safe_cell, sheet

SMALL = str(FIXTURES / "small.yaml")
DAY = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


def result(model: LevelModel, subject: str, role: str = "self", days: int = 0, **r: int) -> Result:
    return build_result(
        model,
        r,
        subject=subject,
        rater=Rater.model_validate({"role": role, "name": "Han" if role != "self" else None}),
        assessed_at=DAY + dt.timedelta(days=days),
    )


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def crew(tmp_path: Path, small: LevelModel) -> Path:
    directory = tmp_path / "team"
    directory.mkdir()
    people = {
        "ana.json": result(small, "Ana", discovery=2, delivery=3, influence=0),
        "bo.json": result(small, "Bo", discovery=2, delivery=3, influence=1),
        "cy.json": result(small, "Cy", discovery=3, delivery=3, influence=3),
        "evil.json": result(small, '=HYPERLINK("http://x")', discovery=0, delivery=0, influence=0),
        "zh.json": result(small, "李雷", discovery=2, delivery=3, influence=0),
    }
    for name, value in people.items():
        (directory / name).write_text(value.to_json(), encoding="utf-8")
    return directory


def test_team_csv_has_a_row_per_person_and_a_column_per_skill(
    invoke: Invoke, crew: Path, tmp_path: Path
) -> None:
    out = tmp_path / "team.csv"
    done = invoke("--model", SMALL, "--lang", "en", "team", str(crew), "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert f"Wrote {out}" in done.stderr
    raw = out.read_bytes()
    assert raw.startswith(BOM.encode("utf-8"))  # Excel reads it as UTF-8
    rows = read_rows(out)
    assert list(rows[0]) == [*FIXED_COLUMNS, "discovery", "delivery", "influence"]
    by_subject = {row["subject"]: row for row in rows}
    assert len(rows) == 5
    bo = by_subject["Bo"]
    assert (bo["level"], bo["next_level"], bo["points_to_next"]) == ("pm2", "pm3", "3")
    assert (bo["discovery"], bo["delivery"], bo["influence"]) == ("2", "3", "1")
    assert bo["rater"] == "self" and bo["date"] == "2026-03-01"
    cy = by_subject["Cy"]  # the top level: nothing next, so empty cells, not "None"
    assert (cy["level"], cy["next_level"], cy["readiness"], cy["points_to_next"]) == (
        "pm3",
        "",
        "",
        "",
    )
    assert by_subject["李雷"]["influence"] == "0"
    # A subject that is a formula is written as text, with a leading apostrophe.
    assert '\'=HYPERLINK("http://x")' in by_subject


def test_history_csv_has_a_row_per_entry_oldest_first(invoke: Invoke, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    for subject, (d, e, i) in (("Li Lei", (1, 2, 0)), ("@Wang", (3, 3, 3))):
        answers.write_text(
            f"ratings: {{discovery: {d}, delivery: {e}, influence: {i}}}\nsubject: '{subject}'\n",
            encoding="utf-8",
        )
        done = invoke("--model", SMALL, "assess", "--answers", str(answers))
        assert done.exit_code == 0, done.stderr
    out = tmp_path / "history.csv"
    done = invoke("--model", SMALL, "--lang", "zh", "history", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert f"已写入 {out}" in done.stderr
    rows = read_rows(out)
    assert [row["id"] for row in rows] == ["1", "2"]
    assert rows[0]["subject"] == "Li Lei" and rows[0]["delivery"] == "2"
    assert rows[1]["subject"] == "'@Wang" and rows[1]["level"] == "pm3"
    assert 0 <= float(rows[0]["readiness"]) <= 1
    # --subject filters the rows as it filters the table.
    done = invoke("--model", SMALL, "history", "--subject", "li lei", "-o", str(out))
    assert [row["subject"] for row in read_rows(out)] == ["Li Lei"]


def test_other_suffixes_are_refused_before_any_work(invoke: Invoke, tmp_path: Path) -> None:
    for args in (["history"], ["team", str(tmp_path)]):
        done = invoke("--model", SMALL, "--lang", "en", *args, "-o", str(tmp_path / "x.xlsx"))
        assert done.exit_code == 2
        assert ".csv" in done.stderr and "x.xlsx" in done.stderr
        assert not (tmp_path / "x.xlsx").exists()


def test_formula_guard_touches_only_text_that_starts_a_formula() -> None:
    for text in ("=1+1", "+49 170", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    for value in ("Li Lei", "李雷", "a=b", 3, -1, 0.5, None):
        assert safe_cell(value) == value


@pytest.mark.parametrize(
    "text",
    [
        '\u200b=HYPERLINK("http://x")',  # a zero-width space before it
        "\u2060\u200d+1",  # a word joiner and a zero-width joiner
        "\ufeff@SUM(A1)",  # a byte-order mark
        "\u3000=1+1",  # an ideographic space
        "＝1+1",  # full-width forms, as a Chinese or Japanese input method types them
        "＋86 138",
        "－2",
        "＠SUM(A1)",
        "\u200b＝1",
    ],
)
def test_formulas_behind_invisible_or_full_width_characters_stay_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_full_width_text_that_is_no_formula_is_left_alone() -> None:
    for value in ("（李雷）", "Ｌｉ Ｌｅｉ", "\u200bLi", "李＝雷"):
        assert safe_cell(value) == value


def test_a_zero_width_formula_in_a_subject_is_text_in_the_history_csv(
    invoke: Invoke, tmp_path: Path
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "ratings: {discovery: 1, delivery: 2, influence: 0}\n"
        'subject: "\\u200b＝HYPERLINK(\\"http://x\\")"\n',
        encoding="utf-8",
    )
    assert invoke("--model", SMALL, "assess", "--answers", str(answers)).exit_code == 0
    out = tmp_path / "history.csv"
    assert invoke("--model", SMALL, "history", "-o", str(out)).exit_code == 0
    assert read_rows(out)[0]["subject"] == '\'\u200b＝HYPERLINK("http://x")'


def test_cells_with_commas_quotes_and_newlines_survive(small: LevelModel) -> None:
    tricky = result(small, 'Li, "Lei"\nthe second', discovery=1, delivery=1, influence=1)
    text = csv_text(sheet(small, [row_from_result(tricky)]))
    rows = list(csv.DictReader(text.removeprefix(BOM).splitlines(keepends=True)))
    assert rows[0]["subject"] == 'Li, "Lei"\nthe second'


def test_a_skill_the_model_no_longer_has_keeps_its_column(small: LevelModel) -> None:
    old = result(small, "Ana", discovery=1, delivery=1, influence=1)
    old.ratings["retired-skill"] = 2
    table = sheet(small, [row_from_result(old)])
    assert table.header[-1] == "retired-skill" and table.rows[0][-1] == 2


def _reader() -> str | None:
    for name in ("duckdb", "pandas"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


@pytest.mark.skipif(_reader() is None, reason="neither duckdb nor pandas is installed")
def test_a_data_tool_reads_the_team_csv(invoke: Invoke, crew: Path, tmp_path: Path) -> None:
    out = tmp_path / "team.csv"
    assert invoke("--model", SMALL, "team", str(crew), "-o", str(out)).exit_code == 0
    if _reader() == "duckdb":
        import duckdb

        con = duckdb.connect()
        rows = con.execute(
            "SELECT subject, level, delivery FROM read_csv(?, header = true) ORDER BY subject",
            [str(out)],
        ).fetchall()
        columns = [
            c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_csv('{out}')").fetchall()
        ]
        assert columns[0] == "subject"  # the BOM is not part of the first header
        assert ("Bo", "pm2", 3) in rows
        assert ("李雷", "pm1", 3) in rows
    else:
        import pandas

        frame = pandas.read_csv(out)
        assert frame.columns[0] == "subject"
        bo = frame[frame["subject"] == "Bo"].iloc[0]
        assert (bo["level"], int(bo["delivery"])) == ("pm2", 3)
