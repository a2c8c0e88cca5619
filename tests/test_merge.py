"""``merge``: one person rated by self, manager and peers, side by side and never averaged."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import FIXTURES, Invoke
from pmlevel.assess.estimate import estimate, stability
from pmlevel.assess.result import Rater, Result, Role, build_result, estimate_out
from pmlevel.errors import UsageError
from pmlevel.growth.merge import flag_for, merge_results
from pmlevel.model.ladder import LevelModel

DAY = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))

MERGE_KEYS = {"subject", "raters", "skills", "self_estimate", "others_estimate"}


def rated(
    model: LevelModel,
    role: Role = "self",
    *,
    name: str | None = None,
    subject: str | None = "Li Lei",
    base: int = 3,
    days: int = 0,
    **overrides: int,
) -> Result:
    ratings = {skill.id: base for skill in model.skills}
    ratings.update({key.replace("_", "-"): value for key, value in overrides.items()})
    return build_result(
        model,
        ratings,
        subject=subject,
        rater=Rater(role=role, name=name),
        assessed_at=DAY + dt.timedelta(days=days),
    )


def save(tmp_path: Path, name: str, result: Result) -> Path:
    path = tmp_path / name
    path.write_text(result.to_json(), encoding="utf-8")
    return path


@pytest.fixture
def three(tmp_path: Path, bundled: LevelModel) -> list[Path]:
    """Li Lei rates leadership far above what others see, and data analysis far below."""
    return [
        save(
            tmp_path,
            "self.json",
            rated(bundled, "self", name="Li Lei", leadership=5, data_analysis=1),
        ),
        save(
            tmp_path,
            "manager.json",
            rated(bundled, "manager", name="Wang Fang", leadership=3, data_analysis=4),
        ),
        save(
            tmp_path,
            "peer.json",
            rated(bundled, "peer", name="Zhao Qiang", leadership=2, data_analysis=3),
        ),
    ]


# -- the core ----------------------------------------------------------------------------


def test_flag_thresholds_are_two_points_from_the_others_mean() -> None:
    assert flag_for(4, 2.0) == "blind_spot"
    assert flag_for(5, 2.5) == "blind_spot"
    assert flag_for(4, 2.5) is None
    assert flag_for(2, 4.0) == "hidden_strength"
    assert flag_for(1, 2.5) is None
    assert flag_for(3, 3.0) is None


def test_each_skill_shows_every_rater_the_spread_and_a_flag(bundled: LevelModel) -> None:
    merge = merge_results(
        bundled,
        [
            ("m.json", rated(bundled, "manager", name="Wang Fang", leadership=3, data_analysis=4)),
            ("s.json", rated(bundled, "self", name="Li Lei", leadership=5, data_analysis=1)),
            ("p.json", rated(bundled, "peer", name="Zhao Qiang", leadership=2, data_analysis=3)),
        ],
    )
    assert [(r.role, r.name) for r in merge.raters] == [
        ("self", "Li Lei"),
        ("manager", "Wang Fang"),
        ("peer", "Zhao Qiang"),
    ]
    rows = {row.skill: row for row in merge.skills}
    assert len(rows) == len(bundled.skills)
    assert rows["leadership"].ratings == (5, 3, 2)
    assert rows["leadership"].spread == 3
    assert rows["leadership"].flag == "blind_spot"
    assert rows["data-analysis"].ratings == (1, 4, 3)
    assert rows["data-analysis"].flag == "hidden_strength"
    assert rows["communication"].spread == 0
    assert rows["communication"].flag is None


def test_others_estimate_takes_the_floor_of_the_others_mean(bundled: LevelModel) -> None:
    # Manager 3 and peer 4 everywhere: the mean 3.5 counts as 3, never as 4.
    merge = merge_results(
        bundled,
        [
            ("m.json", rated(bundled, "manager", name="Wang Fang", base=3)),
            ("p.json", rated(bundled, "peer", name="Zhao Qiang", base=4)),
        ],
    )
    threes = {skill.id: 3 for skill in bundled.skills}
    fours = {skill.id: 4 for skill in bundled.skills}
    assert merge.others_ratings == threes
    assert merge.others_estimate == estimate_out(
        estimate(bundled, threes), stability(bundled, threes)
    )
    assert merge.others_estimate != estimate_out(
        estimate(bundled, fours), stability(bundled, fours)
    )
    assert merge.self_estimate is None


def test_self_and_others_are_never_averaged(bundled: LevelModel) -> None:
    own = rated(bundled, "self", base=5)
    other = rated(bundled, "manager", name="Wang Fang", base=1)
    merge = merge_results(bundled, [("s.json", own), ("m.json", other)])
    assert merge.self_estimate is not None and merge.others_estimate is not None
    assert merge.self_estimate.level == "director"
    assert merge.others_estimate.level is None
    # An average (3 everywhere) would have said "mid"; neither estimate does.
    assert "mid" not in {merge.self_estimate.level, merge.others_estimate.level}


def test_only_a_self_rating_has_no_others_estimate_and_no_flags(bundled: LevelModel) -> None:
    merge = merge_results(bundled, [("s.json", rated(bundled, "self", leadership=5))])
    assert merge.others_estimate is None
    assert merge.self_estimate is not None
    assert all(row.flag is None for row in merge.skills)
    assert merge.to_json()["others_estimate"] is None


def test_the_latest_self_rating_wins(bundled: LevelModel) -> None:
    old = rated(bundled, "self", leadership=5, days=0)
    new = rated(bundled, "self", leadership=2, days=30)
    manager = rated(bundled, "manager", name="Wang Fang", leadership=2)
    merge = merge_results(bundled, [("new.json", new), ("old.json", old), ("m.json", manager)])
    assert [r.source for r in merge.raters] == ["new.json", "m.json"]
    rows = {row.skill: row for row in merge.skills}
    assert rows["leadership"].ratings == (2, 2)
    assert rows["leadership"].flag is None


def test_subjects_match_ignoring_case(bundled: LevelModel) -> None:
    merge = merge_results(
        bundled,
        [
            ("s.json", rated(bundled, "self", subject="Li Lei")),
            ("m.json", rated(bundled, "manager", subject="  li lei ")),
        ],
    )
    assert merge.subject == "Li Lei"


@pytest.mark.parametrize("other_subject", ["Han Meimei", None])
def test_different_subjects_are_an_error_naming_the_files(
    bundled: LevelModel, other_subject: str | None
) -> None:
    with pytest.raises(UsageError) as caught:
        merge_results(
            bundled,
            [
                ("li.json", rated(bundled, "self", subject="Li Lei")),
                ("other.json", rated(bundled, "manager", subject=other_subject)),
            ],
        )
    assert caught.value.message == "merge_subjects_differ"
    assert "li.json" in caught.value.params["files"]
    assert "other.json" in caught.value.params["files"]


def test_different_models_are_an_error_naming_the_files(
    bundled: LevelModel, small: LevelModel
) -> None:
    ours = rated(bundled, "self")
    theirs = build_result(small, {"discovery": 2, "delivery": 2, "influence": 2}, subject="Li Lei")
    with pytest.raises(UsageError) as caught:
        merge_results(bundled, [("ours.json", ours), ("theirs.json", theirs)])
    assert caught.value.message == "merge_models_differ"
    assert "ours.json" in caught.value.params["files"]
    assert "theirs.json" in caught.value.params["files"]


def test_results_of_another_model_than_the_current_one_are_an_error(
    bundled: LevelModel, small: LevelModel
) -> None:
    theirs = build_result(small, {"discovery": 2, "delivery": 2, "influence": 2})
    with pytest.raises(UsageError) as caught:
        merge_results(bundled, [("theirs.json", theirs)])
    assert caught.value.message == "merge_other_model"


# -- the command -------------------------------------------------------------------------


def test_json_has_the_spec_keys(invoke: Invoke, three: list[Path]) -> None:
    result = invoke("merge", *map(str, three), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= MERGE_KEYS
    assert data["subject"] == "Li Lei"
    assert [{k: r[k] for k in ("role", "name")} for r in data["raters"]] == [
        {"role": "self", "name": "Li Lei"},
        {"role": "manager", "name": "Wang Fang"},
        {"role": "peer", "name": "Zhao Qiang"},
    ]
    skills = {s["skill"]: s for s in data["skills"]}
    assert set(skills["leadership"]) >= {"skill", "ratings", "spread", "flag"}
    assert skills["leadership"]["ratings"][0] == {"role": "self", "name": "Li Lei", "rating": 5}
    assert skills["leadership"]["flag"] == "blind_spot"
    assert skills["data-analysis"]["flag"] == "hidden_strength"
    assert skills["communication"]["flag"] is None
    for key in ("self_estimate", "others_estimate"):
        assert set(data[key]) >= {"level", "next_level", "readiness", "levels"}


def test_screen_in_english(invoke: Invoke, three: list[Path]) -> None:
    result = invoke("--lang", "en", "merge", *map(str, three))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Ratings side by side: Li Lei" in out
    assert "manager's rating · Wang Fang" in out
    assert "blind spot" in out and "hidden strength" in out
    assert "never averaged" in out
    assert "Self-estimate" in out and "Others' estimate (2)" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_screen_in_chinese_fits_80_columns(invoke: Invoke, three: list[Path]) -> None:
    result = invoke("--lang", "zh", "merge", *map(str, three))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "多方评分对比：Li Lei" in out
    assert "盲点" in out and "隐藏优势" in out
    assert "不做平均" in out
    assert "自评估计" in out and "他人估计（2 人）" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "about different people"), ("zh", "评的不是同一个人")]
)
def test_command_refuses_different_subjects(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel, lang: str, words: str
) -> None:
    li = save(tmp_path, "li.json", rated(bundled, "self", subject="Li Lei"))
    han = save(tmp_path, "han.json", rated(bundled, "manager", subject="Han Meimei"))
    result = invoke("--lang", lang, "merge", str(li), str(han))
    assert result.exit_code == 2
    assert words in result.output
    assert "li.json" in result.output and "han.json" in result.output
    assert "Traceback" not in result.output


def test_command_refuses_files_made_with_another_model(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel, small: LevelModel
) -> None:
    ours = save(tmp_path, "ours.json", rated(bundled, "self"))
    theirs = save(
        tmp_path,
        "theirs.json",
        build_result(small, {"discovery": 2, "delivery": 2, "influence": 2}, subject="Li Lei"),
    )
    result = invoke("--lang", "en", "merge", str(ours), str(theirs))
    assert result.exit_code == 2
    assert "different level models" in result.output
    assert "ours.json" in result.output and "theirs.json" in result.output


def test_command_reports_a_broken_file_with_its_name(
    invoke: Invoke, tmp_path: Path, three: list[Path]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"ratings": ', encoding="utf-8")
    result = invoke("--lang", "en", "merge", str(three[0]), str(broken))
    assert result.exit_code == 2
    assert "broken.json" in result.output
    assert "Traceback" not in result.output


def test_command_works_with_the_results_model(
    invoke: Invoke, tmp_path: Path, small: LevelModel
) -> None:
    own = build_result(small, {"discovery": 3, "delivery": 3, "influence": 3}, subject="Ana")
    boss = build_result(
        small,
        {"discovery": 1, "delivery": 2, "influence": 1},
        subject="ana",
        rater=Rater(role="manager", name="Bo"),
    )
    files = [save(tmp_path, "own.json", own), save(tmp_path, "boss.json", boss)]
    result = invoke("--model", str(FIXTURES / "small.yaml"), "merge", *map(str, files), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["self_estimate"]["level"] == "pm3"
    assert data["others_estimate"]["level"] == "pm1"
    flags = {s["skill"]: s["flag"] for s in data["skills"]}
    assert flags == {"discovery": "blind_spot", "delivery": None, "influence": "blind_spot"}


def test_merge_needs_more_than_one_result(
    invoke: Invoke, write: Callable[[str, str], Path], bundled: LevelModel
) -> None:

    result = build_result(bundled, {s.id: 3 for s in bundled.skills}, subject="Li Lei")
    path = write("self.json", result.to_json())
    out = invoke("--lang", "en", "merge", str(path))
    assert out.exit_code == 2
    assert "needs at least two results" in out.output
    assert "至少两份结果" in invoke("--lang", "zh", "merge", str(path)).output
