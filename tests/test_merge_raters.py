"""``merge``: the results it reads (files or history ids), the ones it leaves out and why,
and each rater's note beside the ratings (docs/reference.md#pmlevel-merge)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Assess, Invoke
from helpers_answers import answers_file, others
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


def test_merge_says_what_it_left_out(invoke: Invoke, assess: Assess, tmp_path: Path) -> None:
    manager, peer = others()
    files = {}
    for name, rating, extra in (
        ("old-self", 2, ("--subject", "Li Lei")),
        ("self", 3, ("--subject", "Li Lei")),
        ("manager", 3, manager),
        ("peer", 4, peer),
    ):
        files[name] = tmp_path / f"{name}.json"
        assess(rating, *extra, "--no-save", "-o", str(files[name]))
    args = [str(files[n]) for n in ("old-self", "self", "manager", "peer")]
    en = invoke("--lang", "en", "merge", *args, env={"COLUMNS": "400"})
    assert en.exit_code == 0, en.output
    assert f"{files['old-self']}: left out, {files['self']} is a later self-rating" in en.output
    zh = invoke("--lang", "zh", "merge", *args)
    assert "未采用" in zh.output
    data = json.loads(invoke("merge", *args, "--json").stdout)
    assert data["left_out"] == [
        {"file": str(files["old-self"]), "reason": "older_self", "kept": str(files["self"])}
    ]
    assert [r["role"] for r in data["raters"]] == ["self", "manager", "peer"]


def test_merge_reads_history_ids(invoke: Invoke, assess: Assess) -> None:
    manager, _ = others()
    assess(3, "--subject", "Li Lei")
    assess(2, *manager)
    data = json.loads(invoke("merge", "1", "2", "--json").stdout)
    assert [r["file"] for r in data["raters"]] == ["#1", "#2"]
    assert data["self_estimate"]["level"] == "mid" and data["others_estimate"]["level"] == "junior"


@pytest.mark.parametrize(
    ("lang", "mine", "theirs"),
    [
        ("en", "self: Mentors two new hires", "manager · Han: Ran the funnel analysis"),
        ("zh", "自评：Mentors two new hires", "上级 · Han：Ran the funnel analysis"),
    ],
)
def test_merge_shows_each_raters_note_beside_the_ratings(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, mine: str, theirs: str
) -> None:
    me = answers_file(write, bundled, "me.json", notes={"leadership": "Mentors two new hires"})
    boss = answers_file(
        write,
        bundled,
        "boss.json",
        notes={"data-analysis": "Ran the funnel analysis"},
        rater={"role": "manager", "name": "Han"},
    )
    done = invoke("--lang", lang, "merge", str(me), str(boss), env={"COLUMNS": "300"})
    assert done.exit_code == 0, done.output
    assert mine in done.stdout and theirs in done.stdout
