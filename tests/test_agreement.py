"""How far to trust the others (docs/reference.md#the-estimate) in ``merge`` and ``case``: raters
per skill
(could not observe does not count), agreement r_wg marked below 0.7, and a range for the
others' estimate from resampling the raters."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import Invoke
from pmlevel.assess.estimate import estimate
from pmlevel.assess.result import Rater, Result, build_result
from pmlevel.company.case import build_case
from pmlevel.growth.merge import merge_results
from pmlevel.growth.others import agreement, estimate_range, floor_means
from pmlevel.model.ladder import LevelModel

DAY = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


def rated(
    model: LevelModel,
    role: str,
    name: str | None,
    base: int,
    *,
    unseen: tuple[str, ...] = (),
    **overrides: int,
) -> Result:
    ratings = {s.id: base for s in model.skills if s.id not in unseen}
    ratings.update({key.replace("_", "-"): value for key, value in overrides.items()})
    return build_result(
        model,
        ratings,
        subject="Li Lei",
        rater=Rater.model_validate({"role": role, "name": name}),
        assessed_at=DAY,
    )


def save(folder: Path, results: list[Result]) -> list[str]:
    paths = []
    for index, result in enumerate(results):
        path = folder / f"{index}-{result.rater.role}.json"
        path.write_text(result.to_json(), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.fixture
def four(bundled: LevelModel) -> list[Result]:
    """Self, a manager who could not observe documentation, and two peers: leadership
    splits the others (3, 5, 1), data analysis is close (3, 3, 4)."""
    return [
        rated(bundled, "self", "Li Lei", 4),
        rated(bundled, "manager", "Han", 3, unseen=("documentation",), leadership=3),
        rated(bundled, "peer", "Jim", 3, leadership=5),
        rated(bundled, "peer", "Ann", 3, leadership=1, data_analysis=4),
    ]


# -- the rules -------------------------------------------------------------------------


def test_agreement_is_one_minus_the_sample_variance_over_the_uniform_one() -> None:
    # A 5-point scale: sigma^2_EU = (25 - 1) / 12 = 2.
    assert agreement([3, 3, 3], 1, 5) == 1.0
    assert agreement([3, 4], 1, 5) == pytest.approx(0.75)  # s^2 = 0.5 (n - 1 = 1)
    assert agreement([2, 3, 4], 1, 5) == pytest.approx(0.5)  # s^2 = 1, not 2/3
    assert agreement([1, 5], 1, 5) == 0.0  # s^2 = 8: clamped at 0
    # An 11-point scale (0-10): sigma^2_EU = (121 - 1) / 12 = 10.
    assert agreement([4, 6], 0, 10) == pytest.approx(0.8)
    assert agreement([4], 1, 5) is None and agreement([], 1, 5) is None


def test_merge_counts_raters_and_agreement_per_skill(
    bundled: LevelModel, four: list[Result]
) -> None:
    merged = merge_results(bundled, [(f"{i}.json", r) for i, r in enumerate(four)])
    rows = {row.skill: row for row in merged.skills}
    assert (rows["documentation"].raters, rows["documentation"].unobserved) == (3, 1)
    assert rows["documentation"].agreement == 1.0  # the two peers who saw it agree
    assert (rows["leadership"].raters, rows["leadership"].unobserved) == (4, 0)
    assert rows["leadership"].agreement == 0.0  # 3, 5, 1: s^2 = 4 > 2
    assert rows["data-analysis"].agreement == pytest.approx(1 - (1 / 3) / 2)
    assert merged.others_estimate is not None
    assert merged.others_estimate.not_observed == []  # the peers saw documentation


def test_agreement_needs_two_others(bundled: LevelModel) -> None:
    merged = merge_results(
        bundled,
        [
            ("s.json", rated(bundled, "self", "Li Lei", 4)),
            ("m.json", rated(bundled, "manager", "Han", 3, unseen=("leadership",))),
        ],
    )
    assert {row.agreement for row in merged.skills} == {None}
    assert merged.others_range is None  # one other rater: nothing to resample
    assert merged.others_estimate is not None
    assert merged.others_estimate.not_observed == ["leadership"]


def test_the_range_takes_the_10th_and_90th_percentile_of_resampled_raters(
    bundled: LevelModel,
) -> None:
    twos = {s.id: 2 for s in bundled.skills}
    fives = {s.id: 5 for s in bundled.skills}
    low, high = estimate(bundled, twos).level, estimate(bundled, fives).level
    assert low != high
    # Two raters drawn twice: both 2s a quarter of the time, both 5s a quarter, a 2 and
    # a 5 (3.5, rounded down to 3) half: the 10th percentile is the 2s, the 90th the 5s.
    found = estimate_range(bundled, [twos, fives])
    assert found is not None
    assert (found.low, found.high, found.raters, found.draws) == (low, high, 2, 1000)
    assert estimate_range(bundled, [twos, fives]) == found  # a fixed seed: reproducible
    same = estimate_range(bundled, [fives, fives, fives])
    assert same is not None and (same.low, same.high) == (high, high)
    assert estimate_range(bundled, [twos]) is None


def test_the_range_estimates_each_draw_as_the_others_estimate(bundled: LevelModel) -> None:
    # Below the first level is null, by position: ones everywhere reach no level.
    ones = {s.id: 1 for s in bundled.skills}
    assert estimate(bundled, ones).level is None
    found = estimate_range(bundled, [ones, ones])
    assert found is not None and (found.low, found.high) == (None, None)
    # A skill a rater could not observe takes the mean of those who did (floor_means).
    partial = {s.id: 4 for s in bundled.skills if s.id != "leadership"}
    assert floor_means(bundled, [partial, {"leadership": 3}]) == {**partial, "leadership": 3}
    assert floor_means(bundled, [{"leadership": 3}, {"leadership": 4}]) == {"leadership": 3}


# -- merge --json, the screen and the files ----------------------------------------------


def test_merge_json_has_raters_agreement_and_range(
    invoke: Invoke, tmp_path: Path, four: list[Result]
) -> None:
    done = invoke("merge", *save(tmp_path, four), "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    skills = {s["skill"]: s for s in data["skills"]}
    documentation = skills["documentation"]
    assert (documentation["raters"], documentation["unobserved"]) == (3, 1)
    assert documentation["ratings"][1] == {"role": "manager", "name": "Han", "rating": None}
    assert skills["leadership"]["agreement"] == 0.0
    assert skills["data-analysis"]["agreement"] == pytest.approx(0.8333, abs=1e-4)
    assert set(data["others_estimate"]["range"]) == {"low", "high"}
    assert data["self_estimate"].get("range") is None


def test_merge_json_with_one_other_rater_has_no_range(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel
) -> None:
    files = save(
        tmp_path, [rated(bundled, "self", "Li Lei", 4), rated(bundled, "manager", "Han", 3)]
    )
    data = json.loads(invoke("merge", *files, "--json").stdout)
    assert data["others_estimate"]["range"] is None
    assert {s["agreement"] for s in data["skills"]} == {None}
    assert {s["raters"] for s in data["skills"]} == {2}


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        (
            "en",
            [
                "Raters",
                "Agreement",
                "0.00 low",
                "— means the rater could not observe the skill.",
                "manager · Han could not observe: Documentation.",
                "sample variance of the others' ratings (divided by n − 1)",
                "Range",
                "drawn with replacement 1,000 times",
            ],
        ),
        (
            "zh",
            [
                "人数",
                "一致度",
                "0.00 低",
                "— 表示该评价人无法观察这项技能。",
                "上级 · Han 无法观察：文档撰写能力。",
                "他人评分的样本方差（除以 n − 1）",
                "范围",
                "有放回地重抽 1,000 次",
            ],
        ),
    ],
)
def test_merge_screen_and_files_show_raters_agreement_and_range(
    invoke: Invoke, tmp_path: Path, four: list[Result], lang: str, shown: list[str]
) -> None:
    files = save(tmp_path, four)
    screen = invoke("--lang", lang, "merge", *files, env={"COLUMNS": "220"})
    assert screen.exit_code == 0, screen.output
    narrow = invoke("--lang", lang, "merge", *files)
    assert max(cell_len(line) for line in narrow.stdout.splitlines()) <= 80
    texts = [screen.stdout]
    for suffix in ("md", "html"):
        page = tmp_path / f"merge.{suffix}"
        assert invoke("--lang", lang, "merge", *files, "-o", str(page)).exit_code == 0
        texts.append(html.unescape(page.read_text(encoding="utf-8")))
    for text in texts:
        for words in shown:
            assert words in text, (words, text[:400])
        # agreement 0.83 on data analysis and 1.00 elsewhere is not marked
        assert "0.83" in text and "0.83 low" not in text and "0.83 低" not in text
        assert "1.00 low" not in text and "1.00 低" not in text


@pytest.mark.parametrize(
    ("lang", "row", "why"),
    [
        ("en", "none (one other rater)", "With one other rater there is nothing to resample"),
        ("zh", "无（只有 1 位他人评分）", "只有一位他人评分，无法重抽"),
    ],
)
def test_merge_with_one_other_rater_says_there_is_no_range(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel, lang: str, row: str, why: str
) -> None:
    files = save(
        tmp_path, [rated(bundled, "self", "Li Lei", 4), rated(bundled, "manager", "Han", 3)]
    )
    page = tmp_path / "m.md"
    shown = invoke("--lang", lang, "merge", *files, env={"COLUMNS": "200"})
    done = invoke("--lang", lang, "merge", *files, "-o", str(page))
    assert shown.exit_code == 0 and done.exit_code == 0, done.output
    for text in (shown.stdout, page.read_text(encoding="utf-8")):
        assert row in text and why in text
        assert "Agreement" not in text and "一致度" not in text  # nothing to agree with
        assert "Raters" not in text and "人数" not in text  # everyone rated everything


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "The others' estimate could not use (no other rater observed them; counted at the"
            " lowest rating, 1): Leadership",
        ),
        ("zh", "他人估计用不上的技能（没有他人能观察到，按最低分 1 计）：领导能力"),
    ],
)
def test_merge_names_the_skills_the_others_estimate_could_not_use(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel, lang: str, line: str
) -> None:
    files = save(
        tmp_path,
        [
            rated(bundled, "self", "Li Lei", 4),
            rated(bundled, "manager", "Han", 3, unseen=("leadership",)),
            rated(bundled, "peer", "Jim", 3, unseen=("leadership",)),
        ],
    )
    done = invoke("--lang", lang, "merge", *files, env={"COLUMNS": "250"})
    assert done.exit_code == 0, done.output
    assert line in done.stdout
    data = json.loads(invoke("merge", *files, "--json").stdout)
    assert data["others_estimate"]["not_observed"] == ["leadership"]
    leadership = next(s for s in data["skills"] if s["skill"] == "leadership")
    assert (leadership["raters"], leadership["unobserved"], leadership["agreement"]) == (1, 2, None)


# -- case ------------------------------------------------------------------------------


def test_case_counts_raters_and_gives_the_others_estimate_a_range(
    bundled: LevelModel, four: list[Result]
) -> None:
    case = build_case(bundled, [(f"{i}.json", r) for i, r in enumerate(four)], target="mid")
    items = {item.skill: item for item in case.items}
    assert (items["documentation"].raters, items["documentation"].unobserved) == (3, 1)
    assert case.others_count == 3 and case.others_range is not None
    data = case.to_json()
    assert set(data["others_estimate"]["range"]) == {"low", "high"}
    documentation = next(i for i in data["items"] if i["skill"] == "documentation")
    assert (documentation["raters"], documentation["unobserved"]) == (3, 1)
    alone = build_case(bundled, [("s.json", four[0]), ("m.json", four[1])], target="mid")
    assert alone.others_range is None and alone.to_json()["others_estimate"]["range"] is None
    mine = build_case(bundled, [("s.json", four[0])], target="mid")
    assert mine.to_json()["others_estimate"] is None  # no others: no others' estimate


@pytest.mark.parametrize(
    ("lang", "shown", "one"),
    [
        (
            "en",
            ["Others' estimate (3): ", " · range: ", "manager · Han could not observe"],
            "range: none (one other rater)",
        ),
        (
            "zh",
            ["他人估计（3 人）：", " · 范围：", "上级 · Han 无法观察"],
            "范围：无（只有 1 位他人评分）",
        ),
    ],
)
def test_case_shows_the_range_or_why_there_is_none(
    invoke: Invoke,
    tmp_path: Path,
    four: list[Result],
    lang: str,
    shown: list[str],
    one: str,
) -> None:
    files = save(tmp_path, four)
    texts = []
    for suffix in ("md", "html"):
        page = tmp_path / f"case.{suffix}"
        done = invoke("--lang", lang, "case", *files, "--to", "mid", "-o", str(page))
        assert done.exit_code == 0, done.output
        texts.append(html.unescape(page.read_text(encoding="utf-8")))
    screen = invoke("--lang", lang, "case", *files, "--to", "mid", env={"COLUMNS": "200"})
    for text in [screen.stdout, *texts]:
        for words in shown:
            assert words in text
    alone = invoke("--lang", lang, "case", *files[:2], "--to", "mid", env={"COLUMNS": "200"})
    assert one in alone.stdout
