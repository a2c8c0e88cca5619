"""The estimate per track (docs/reference.md#tracks): each track along its chain, the level reached
on
any track, the track of the next level, and ``--track`` on assess, report, plan, case."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.assess.estimate import estimate
from pmlevel.assess.result import build_result
from pmlevel.model.ladder import LevelModel
from pmlevel.model.loader import load_model

TRACKS = FIXTURES / "tracks.yaml"
# A model without tracks: the bundled model was one until it became v3 with tracks.
ONE_CHAIN = FIXTURES.parent.parent / "examples" / "small-company.yaml"
Write = Callable[[str, str], Path]

# A staff-level IC who does not manage: staff is met (its core skill discovery at 4),
# lead is not (its core skill people at 3).
IC = {"discovery": 4, "delivery": 3, "strategy": 3, "people": 1}


@pytest.fixture(scope="module")
def tracked() -> LevelModel:
    return load_model(TRACKS)


def tracks_of(found: object) -> list[tuple[str, str | None, str | None]]:
    return [(s.track, s.level, s.next_level) for s in found.tracks]  # type: ignore[attr-defined]


def test_a_staff_ic_who_never_managed_reaches_staff_on_the_ic_track(tracked: LevelModel) -> None:
    found = estimate(tracked, IC)
    assert (found.level, found.track) == ("staff", "ic")
    assert tracks_of(found) == [("ic", "staff", "principal"), ("management", "pm2", "lead")]
    # Next level, readiness, gaps and path are those of the track of the level.
    assert (found.next_track, found.next_level) == ("ic", "principal")
    assert found.readiness == pytest.approx(1 / 3)
    assert found.blockers == ()


def test_a_tie_goes_to_the_track_listed_last(tracked: LevelModel) -> None:
    # staff and lead are both third on their chains and both met: the management track wins.
    found = estimate(tracked, {**IC, "people": 3})
    assert (found.level, found.track, found.next_level) == ("lead", "management", "director")
    assert tracks_of(found) == [("ic", "staff", "principal"), ("management", "lead", "director")]


def test_a_shared_level_takes_the_next_level_of_the_readiest_track(tracked: LevelModel) -> None:
    found = estimate(tracked, {"discovery": 3, "delivery": 3, "strategy": 3, "people": 2})
    assert (found.level, found.track) == ("pm2", None)
    # staff: 2 of 3 met (67%); lead: 3 of 4 (75%): the management track is readier.
    assert [s.readiness for s in found.tracks] == [pytest.approx(2 / 3), pytest.approx(0.75)]
    assert (found.next_track, found.next_level) == ("management", "lead")
    # Below the first level both tracks are as ready for pm1: the first listed.
    low = estimate(tracked, dict.fromkeys(IC, 1))
    assert (low.level, low.next_track, low.next_level) == (None, "ic", "pm1")


def test_a_track_can_be_chosen(tracked: LevelModel) -> None:
    found = estimate(tracked, IC, "management")
    assert (found.level, found.track) == ("staff", "ic")  # the level does not change
    assert (found.next_track, found.next_level) == ("management", "lead")
    assert found.readiness == pytest.approx(0.75)
    assert found.core_missing == ("people",)
    result = build_result(tracked, IC, track="management")
    assert [(g.skill, g.required) for g in result.gaps] == [("people", 3)]
    assert [(s.skill, s.from_, s.to) for s in result.path_to_next] == [("people", 1, 3)]
    assert result.estimate.chosen_track == "management"
    # Every track's own path is in the result too.
    paths = {t.track: [(s.skill, s.to) for s in t.path_to_next] for t in result.estimate.tracks}
    assert paths == {"ic": [("delivery", 4), ("strategy", 4)], "management": [("people", 3)]}


def test_a_model_without_tracks_has_no_track_keys_set() -> None:
    model = load_model(ONE_CHAIN)
    found = build_result(model, {s.id: 3 for s in model.skills}).estimate
    assert (found.track, found.next_track, found.tracks) == (None, None, [])


def test_the_result_json_carries_the_tracks(write: Write, invoke: Invoke) -> None:
    path = write("ic.json", json.dumps({"ratings": IC}))
    out = invoke("--model", str(TRACKS), "assess", "--answers", str(path), "--json", "--no-save")
    assert out.exit_code == 0, out.output
    est = json.loads(out.stdout)["estimate"]
    assert (est["level"], est["track"], est["next_level"]) == ("staff", "ic", "principal")
    assert [
        {k: t[k] for k in ("track", "level", "next_level", "readiness")} for t in est["tracks"]
    ] == [
        {"track": "ic", "level": "staff", "next_level": "principal", "readiness": 1 / 3},
        {"track": "management", "level": "pm2", "next_level": "lead", "readiness": 0.75},
    ]
    assert est["tracks"][1]["path_to_next"] == [{"skill": "people", "from": 1, "to": 3}]
    assert [t["core_missing"] for t in est["tracks"]] == [[], ["people"]]


def test_screens_and_exports_show_every_tracks_level_and_readiness(
    write: Write, invoke: Invoke, tmp_path: Path
) -> None:
    path = str(write("ic.json", json.dumps({"ratings": IC})))
    zh = invoke("--model", str(TRACKS), "--lang", "zh", "assess", "--answers", path, "--no-save")
    assert zh.exit_code == 0, zh.output
    assert "各序列" in zh.output
    rows = [line.split() for line in zh.output.splitlines() if "序列 " in line and "%" in line]
    assert ["专业序列", "◀", "资深产品经理", "首席产品经理", "33%", "2"] in rows
    # Never a bare share while a core skill blocks the level (docs/reference.md#the-estimate).
    assert [
        "管理序列",
        "产品经理二级",
        "产品组长",
        "75%",
        "·",
        "1",
        "项核心技能未达到",
        "2",
    ] in rows
    en = invoke("--model", str(TRACKS), "--lang", "en", "assess", "--answers", path, "--no-save")
    assert "Tracks" in en.output and "Management track" in en.output
    assert "estimated along its own chain" in " ".join(en.output.replace("│", " ").split())
    for suffix in ("md", "html"):
        out = tmp_path / f"r.{suffix}"
        args = ("--model", str(TRACKS), "--lang", "en", "assess", "--answers", path)
        assert invoke(*args, "--no-save", "-o", str(out)).exit_code == 0
        text = out.read_text(encoding="utf-8")
        assert "IC track" in text and "Management track" in text
        assert "Group PM" in text and "75%" in text


def test_assess_track_is_kept_and_report_can_choose_again(write: Write, invoke: Invoke) -> None:
    path = str(write("ic.json", json.dumps({"ratings": IC})))
    model = ("--model", str(TRACKS))
    saved = invoke(*model, "assess", "--answers", path, "--track", "management", "--json")
    assert json.loads(saved.stdout)["estimate"]["next_level"] == "lead"
    again = json.loads(invoke(*model, "report", "--json").stdout)["estimate"]
    assert (again["next_level"], again["chosen_track"]) == ("lead", "management")
    other = json.loads(invoke(*model, "report", "--json", "--track", "ic").stdout)["estimate"]
    assert (other["next_level"], other["chosen_track"]) == ("principal", "ic")
    # A track's name in either language works as well as its id.
    named = invoke(*model, "report", "--json", "--track", "专业序列")
    assert json.loads(named.stdout)["estimate"]["next_level"] == "principal"


def test_plan_and_case_follow_the_track(write: Write, invoke: Invoke) -> None:
    path = str(write("ic.json", json.dumps({"ratings": IC, "subject": "Mei"})))
    model = ("--model", str(TRACKS))
    assert invoke(*model, "assess", "--answers", path).exit_code == 0
    plan = json.loads(invoke(*model, "plan", "--json").stdout)
    assert plan["next_level"] == "principal"
    plan = json.loads(invoke(*model, "plan", "--json", "--track", "management").stdout)
    assert plan["next_level"] == "lead"
    assert [item["skill"] for item in plan["items"]] == ["people"]
    case = json.loads(invoke(*model, "case", "--json").stdout)
    assert case["target"] == "principal"
    case = json.loads(invoke(*model, "case", "--json", "--track", "management").stdout)
    assert case["target"] == "lead" and case["missing"] == ["people"]


@pytest.mark.parametrize("command", ["assess", "report", "plan", "case"])
def test_track_naming_no_track_is_an_error(
    write: Write, invoke: Invoke, tmp_path: Path, command: str
) -> None:
    path = str(write("ic.json", json.dumps({"ratings": IC})))
    model = ("--model", str(TRACKS))
    assert invoke(*model, "assess", "--answers", path).exit_code == 0
    args = ["--answers", path] if command == "assess" else []
    out = tmp_path / "nothing.md"
    en = invoke(*model, "--lang", "en", command, *args, "--track", "exec", "-o", str(out))
    assert en.exit_code == 2, en.output
    assert "No track 'exec'. Choose one of: ic (IC track), management (Management track)." in (
        " ".join(en.output.split())
    )
    assert "Traceback" not in en.output and not out.exists()
    zh = invoke(*model, "--lang", "zh", command, *args, "--track", "exec")
    assert zh.exit_code == 2
    assert "没有序列「exec」。可选：ic (专业序列), management (管理序列)。" in zh.output


def test_track_on_a_model_without_tracks_is_an_error(write: Write, invoke: Invoke) -> None:
    model = load_model(ONE_CHAIN)
    path = str(write("a.json", json.dumps({"ratings": {s.id: 3 for s in model.skills}})))
    one_chain = ("--model", str(ONE_CHAIN))
    en = invoke(*one_chain, "--lang", "en", "assess", "--answers", path, "--track", "ic")
    assert en.exit_code == 2
    assert "No track 'ic': this model is one ladder and has no tracks; leave out --track." in (
        " ".join(en.output.split())
    )
    zh = invoke(*one_chain, "--lang", "zh", "assess", "--answers", path, "--track", "ic")
    assert zh.exit_code == 2 and "这个模型只有一条职级链，不需要 --track" in zh.output
    assert json.loads(invoke("history", "--json").stdout) == []  # nothing saved


def test_track_is_checked_before_any_question(invoke: Invoke) -> None:
    # No terminal and no answers: the bad track is what is said, not "use --answers".
    result = invoke("--model", str(TRACKS), "--lang", "en", "assess", "--track", "exec")
    assert result.exit_code == 2 and "No track 'exec'" in result.output
