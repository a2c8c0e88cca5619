"""``report``: the latest result, a history id or a file (docs/reference.md#pmlevel-report),
and a result that says whose ratings it shows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Assess, Invoke
from helpers_answers import answers_file
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


def test_report_shows_the_latest_an_id_or_a_file(
    invoke: Invoke, assess: Assess, tmp_path: Path
) -> None:
    empty = invoke("--lang", "en", "report")
    assert empty.exit_code == 2 and "run pmlevel assess first" in empty.output
    assess(2, "--subject", "Li Lei")
    assess(4, "--subject", "Li Lei", "-o", str(tmp_path / "last.json"))
    latest = invoke("--lang", "en", "report")
    assert latest.exit_code == 0, latest.output
    assert "Estimated level: Senior Product Manager" in latest.output
    first = invoke("--lang", "zh", "report", "1")
    assert "当前级别估计：初级产品经理" in first.output
    assert json.loads(invoke("report", "1", "--json").stdout)["estimate"]["level"] == "junior"
    by_file = json.loads(invoke("report", str(tmp_path / "last.json"), "--json").stdout)
    assert by_file["estimate"]["level"] == "senior"
    missing = invoke("--lang", "en", "report", "99")
    assert missing.exit_code == 2 and "99" in missing.output
    gone = invoke("--lang", "en", "report", str(tmp_path / "nope.json"))
    assert gone.exit_code == 2 and "nope.json" in gone.output


@pytest.mark.parametrize(
    ("lang", "whose", "yours"),
    [("en", "manager's rating · Han", "Yours"), ("zh", "上级评分 · Han", "你的评分")],
)
def test_a_managers_result_does_not_call_its_ratings_yours(
    invoke: Invoke,
    write: Write,
    bundled: LevelModel,
    tmp_path: Path,
    lang: str,
    whose: str,
    yours: str,
) -> None:
    boss = answers_file(write, bundled, "boss.json", 2, rater={"role": "manager", "name": "Han"})
    done = invoke(
        "--lang", lang, "assess", "--answers", str(boss), "--no-save", env={"COLUMNS": "200"}
    )
    assert done.exit_code == 0, done.output
    assert yours not in done.stdout
    page = tmp_path / "boss.md"
    invoke("--lang", lang, "assess", "--answers", str(boss), "--no-save", "-o", str(page))
    text = page.read_text(encoding="utf-8")
    assert f"| {whose} |" in text and yours not in text
    me = answers_file(write, bundled, "me.json", 2)
    mine = invoke("--lang", lang, "assess", "--answers", str(me), "--no-save")
    assert yours in mine.stdout
