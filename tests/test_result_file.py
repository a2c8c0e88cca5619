"""A result file is data to check, not a verdict (docs/reference.md#the-result-file): ratings are
checked against the model like an answers file, and the level, gaps, path and
sensitivity are computed again from them, in ``report``, ``plan``, ``merge`` and ``team``
alike. Also: ``schema_version: true`` is not a version, and a result dated in the future
or of a newer schema gets a note.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, Invoke
from helpers_answers import ANSWERS, SMALL
from pmlevel.model.loader import load_model
from pmlevel.store.history import FILE_NAME

Write = Callable[[str, str], Path]


@pytest.fixture
def result_file(invoke: Invoke, write: Write, tmp_path: Path) -> Path:
    answers = write("a.yaml", ANSWERS)
    path = tmp_path / "r.json"
    done = invoke("--model", SMALL, "assess", "--answers", str(answers), "-o", str(path))
    assert done.exit_code == 0, done.output
    return path


def forge(path: Path, change: Callable[[dict[str, Any]], None], name: str) -> Path:
    data = json.loads(path.read_text())
    change(data)
    forged = path.with_name(name)
    forged.write_text(json.dumps(data, indent=2))
    return forged


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def promoted(data: dict[str, Any]) -> None:
    data["estimate"]["level"] = "ceo"
    data["estimate"]["next_level"] = None
    data["estimate"]["readiness"] = 500.0
    data["gaps"] = [{"skill": "nope", "rating": 0, "required": 4, "shortfall": 4}] * 1000
    data["path_to_next"] = [{"skill": "nope", "from": 0, "to": 4}]
    data["sensitivity"] = [{"skill": "nope", "from": 0, "to": 9, "level": "ceo"}]


def test_report_computes_the_level_again_instead_of_showing_the_files(
    invoke: Invoke, result_file: Path
) -> None:
    forged = forge(result_file, promoted, "forged.json")
    honest = json.loads(invoke("--model", SMALL, "report", str(result_file), "--json").stdout)

    shown = invoke("--model", SMALL, "report", str(forged), "--json")

    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    for key in ("estimate", "gaps", "path_to_next", "sensitivity"):
        assert data[key] == honest[key]
    screen = invoke("--lang", "en", "--model", SMALL, "report", str(forged))
    assert "ceo" not in screen.stdout and "500" not in screen.stdout
    assert "PM I" in screen.stdout


def test_plan_from_a_forged_file_uses_the_real_gaps(invoke: Invoke, result_file: Path) -> None:
    forged = forge(result_file, promoted, "forged.json")
    plan = invoke("--model", SMALL, "plan", str(forged), "--json")
    assert plan.exit_code == 0, plan.output
    data = json.loads(plan.stdout)
    assert data["level"] == "pm1" and data["next_level"] == "pm2"
    assert sorted(item["skill"] for item in data["items"]) == ["delivery"]


def test_plan_from_a_forged_history_row_uses_the_real_gaps(
    invoke: Invoke, home: Path, write: Write
) -> None:
    answers = write("a.yaml", ANSWERS)
    assert invoke("--model", SMALL, "assess", "--answers", str(answers)).exit_code == 0
    conn = sqlite3.connect(home / FILE_NAME)
    (text,) = conn.execute("SELECT json FROM results").fetchone()
    data = json.loads(text)
    promoted(data)
    conn.execute("UPDATE results SET json = ?", (json.dumps(data),))
    conn.commit()
    conn.close()

    plan = invoke("--model", SMALL, "plan", "--json")
    assert plan.exit_code == 0, plan.output
    assert json.loads(plan.stdout)["level"] == "pm1"


@pytest.mark.parametrize("command", ["report", "plan", "merge"])
def test_ratings_off_the_scale_in_a_result_are_located_errors(
    invoke: Invoke, result_file: Path, command: str
) -> None:
    def off_scale(data: dict[str, Any]) -> None:
        data["ratings"].update(discovery=400, delivery=-7, influence=99)

    forged = forge(result_file, off_scale, "forged.json")
    args = [str(forged), str(result_file)] if command == "merge" else [str(forged)]

    done = invoke("--lang", "en", "--model", SMALL, command, *args)

    assert done.exit_code == 2
    lines = done.stderr.splitlines()
    first = line_of(forged, '"discovery": 400')
    assert lines[0] == f"{forged}:{first}:18: ratings.discovery: rating 400 is off the scale 0–4."
    assert lines[1] == f"{forged}:{first + 1}:17: ratings.delivery: rating -7 is off the scale 0–4."
    assert (
        lines[2] == f"{forged}:{first + 2}:18: ratings.influence: rating 99 is off the scale 0–4."
    )
    zh = invoke("--lang", "zh", "--model", SMALL, command, *args)
    assert zh.exit_code == 2 and "ratings.discovery" in zh.stderr


def test_a_result_naming_an_unknown_skill_is_a_located_error(
    invoke: Invoke, result_file: Path
) -> None:
    forged = forge(result_file, lambda d: d["ratings"].update(nope=3), "forged.json")
    done = invoke("--lang", "en", "--model", SMALL, "report", str(forged))
    assert done.exit_code == 2
    line = line_of(forged, '"nope": 3')
    assert f"{forged}:{line}:5: ratings.nope: unknown skill 'nope'" in done.stderr


def test_team_and_merge_agree_on_a_forged_file(
    invoke: Invoke, result_file: Path, tmp_path: Path
) -> None:
    def manager(data: dict[str, Any]) -> None:
        data["rater"] = {"role": "manager", "name": "Han"}
        data["ratings"]["discovery"] = 400

    forged = forge(result_file, manager, "forged.json")
    merged = invoke("--model", SMALL, "merge", str(result_file), str(forged), "--json")
    assert merged.exit_code == 2 and "blind_spot" not in merged.stdout
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "forged.json").write_text(forged.read_text())
    (folder / "honest.json").write_text(result_file.read_text())
    team = invoke("--model", SMALL, "team", str(folder), "--json")
    assert team.exit_code == 0, team.output
    assert json.loads(team.stdout)["skipped"] == [
        {"file": str(folder / "forged.json"), "reason": "bad_rating"}
    ]


def test_a_boolean_schema_version_is_refused(invoke: Invoke, result_file: Path) -> None:
    forged = forge(result_file, lambda d: d.update(schema_version=True), "forged.json")
    done = invoke("--lang", "en", "--model", SMALL, "report", str(forged))
    assert done.exit_code == 2
    assert done.stderr.startswith(f"{forged}:2:21: schema_version:")


# -- a date in the future, a newer schema  --------------------------------


def odd_result(tmp_path: Path, name: str, **changes: object) -> Path:
    from pmlevel.assess.result import Rater, build_result

    small = load_model(FIXTURES / "small.yaml")
    role = str(changes.pop("role", "self"))
    result = build_result(
        small,
        {"discovery": 2, "delivery": 2, "influence": 1},
        subject="Li Lei",
        rater=Rater.model_validate({"role": role, "name": "Han" if role != "self" else None}),
    )
    data = {**json.loads(result.to_json()), **changes}
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "future", "newer"),
    [
        ("en", "Note: this result is dated 2099-01-01T09:00+08:00, in the future",
         "Note: this result has schema_version 7, newer than this pmlevel reads (1)"),
        ("zh", "注意：这份结果的日期是 2099-01-01T09:00+08:00，比现在还晚",
         "注意：这份结果的 schema_version 是 7，比本版 pmlevel 能读的（1）新"),
    ],
)  # fmt: skip
def test_a_result_from_the_future_or_a_newer_schema_gets_a_note(
    invoke: Invoke, tmp_path: Path, lang: str, future: str, newer: str
) -> None:
    odd = odd_result(
        tmp_path, "odd.json", assessed_at="2099-01-01T09:00:00+08:00", schema_version=7
    )
    done = invoke("--lang", lang, "--model", str(FIXTURES / "small.yaml"), "report", str(odd))
    assert done.exit_code == 0, done.output
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert any(future in line for line in lines) and any(newer in line for line in lines)
    assert len(lines) == 2  # one line each

    plain = odd_result(tmp_path, "plain.json")
    quiet = invoke("--lang", lang, "--model", str(FIXTURES / "small.yaml"), "report", str(plain))
    assert quiet.exit_code == 0 and quiet.stderr.strip() == ""


def test_merge_and_case_name_the_file_from_the_future(invoke: Invoke, tmp_path: Path) -> None:
    mine = odd_result(tmp_path, "self.json")
    odd = odd_result(tmp_path, "manager.json", role="manager", assessed_at="2099-01-01T09:00:00Z")
    for command in ("merge", "case"):
        done = invoke(
            "--lang", "en", "--model", str(FIXTURES / "small.yaml"), command, str(mine), str(odd),
            env={"COLUMNS": "300"},
        )  # fmt: skip
        assert done.exit_code == 0, done.output
        text = " ".join(done.stdout.split())
        assert f"Note: {odd} is dated 2099-01-01T09:00+00:00, in the future" in text
        assert f"Note: {mine}" not in text
