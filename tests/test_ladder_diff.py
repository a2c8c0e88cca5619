"""``pmlevel diff OLD NEW`` (docs/reference.md#ladder-versions): what changed between two
versions of a ladder, matched by id, and with ``--results`` or ``--history`` how each
person's level moves if the new version is adopted."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, Invoke
from helpers_ladder import (
    BUNDLED,
    CHANGED_ANCHORS,
    HEAVIER,
    NEW_SKILL,
    REMOVED_SKILL,
    RENAMED_LEVEL,
    RENAMED_SKILL,
    TRACKS_EXAMPLE,
    copy_of,
    revised_bundled,
    revised_tracks,
)
from helpers_org import write_rating
from pmlevel.assess.result import Rater, Result, build_result
from pmlevel.company.ladder_diff import diff_models, moves_from_files
from pmlevel.model.ladder import LevelModel
from pmlevel.model.loader import load_model
from pmlevel.store.history import History
from pmlevel.text.i18n import messages

OLD = str(BUNDLED)
Write = Callable[[str, str], Path]
SPEC_KEYS = {"tracks", "levels", "skills", "expectations", "core", "anchors_changed"}


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return revised_bundled(tmp_path_factory.mktemp("ladders"))


@pytest.fixture(scope="module")
def new(revised: Path) -> LevelModel:
    return load_model(revised)


def senior_ratings(model: LevelModel, **changes: int) -> dict[str, int]:
    """Every skill at what senior expects (1 where senior expects nothing), then *changes*."""
    expected = model.level("senior").expectations
    ratings = {skill.id: expected.get(skill.id, 1) for skill in model.skills}
    ratings.update({k.replace("_", "-"): v for k, v in changes.items()})
    return ratings


def run_json(invoke: Invoke, *args: str) -> Any:
    result = invoke("diff", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- what changed ----------------------------------------------------------------------------


def test_the_same_ladder_in_another_layout_has_no_changes(invoke: Invoke, tmp_path: Path) -> None:
    same = copy_of(BUNDLED, tmp_path / "same.yaml")
    assert diff_models(load_model(), load_model(same)).unchanged
    for lang, said in (("en", "No changes"), ("zh", "没有变化"), ("zh-Hant", "沒有變化")):
        result = invoke("--lang", lang, "diff", OLD, str(same))
        assert result.exit_code == 0, result.output
        assert said in result.output


def test_the_revised_bundled_ladder_lists_each_change(bundled: LevelModel, new: LevelModel) -> None:
    found = diff_models(bundled, new)
    assert found.skills.added == (NEW_SKILL,)
    assert found.skills.removed == (REMOVED_SKILL,)
    assert [r.id for r in found.skills.renamed] == [RENAMED_SKILL]
    assert found.skills.renamed[0].languages == ("en", "zh", "zh-Hant")
    assert [(r.id, r.languages) for r in found.levels.renamed] == [(RENAMED_LEVEL, ("en",))]
    assert not found.levels.added and not found.levels.removed and not found.moved
    changes = {(e.level, e.skill): (e.old, e.new) for e in found.expectations}
    assert changes[("senior", HEAVIER)] == (3, 4)
    assert changes[("staff", NEW_SKILL)] == (None, 3)
    assert changes[("director", NEW_SKILL)] == (None, 4)
    assert changes[("senior", REMOVED_SKILL)] == (3, None)
    assert ("senior", NEW_SKILL) not in changes  # senior does not expect it
    assert ("junior", HEAVIER) not in changes  # unchanged below senior
    core = {(c.level, c.skill, c.change) for c in found.core}
    assert core == {
        ("senior", HEAVIER, "added"),
        ("senior", REMOVED_SKILL, "removed"),
        ("staff", REMOVED_SKILL, "removed"),
    }
    assert [(w.skill, w.old, w.new) for w in found.weights] == [(HEAVIER, 1.0, 2.0)]
    assert found.anchors_changed == (CHANGED_ANCHORS,)
    assert found.comparable and not found.rule


def test_diff_json_has_the_keys_the_reference_names(invoke: Invoke, revised: Path) -> None:
    data = run_json(invoke, "--lang", "zh", OLD, str(revised))
    assert set(data) >= SPEC_KEYS
    assert set(data["tracks"]) >= {"added", "removed"}
    levels, skills = data["levels"], data["skills"]
    assert set(levels) >= {"added", "removed", "renamed"}
    assert skills["added"] == [NEW_SKILL]
    assert skills["removed"] == [REMOVED_SKILL]
    assert skills["renamed"] == [
        {
            "id": RENAMED_SKILL,
            "from": "沟通能力",
            "to": "沟通与影响力",
            "languages": ["en", "zh", "zh-Hant"],
        }
    ]
    expectations = data["expectations"]
    assert all(set(e) == {"level", "skill", "from", "to"} for e in expectations)
    assert {"level": "senior", "skill": HEAVIER, "from": 3, "to": 4} in expectations
    assert {"level": "staff", "skill": NEW_SKILL, "from": None, "to": 3} in expectations
    assert {"level": "senior", "skill": HEAVIER, "change": "added"} in data["core"]
    assert all(set(c) == {"level", "skill", "change"} for c in data["core"])
    assert data["anchors_changed"] == [CHANGED_ANCHORS]
    assert data["weights"] == [{"skill": HEAVIER, "from": 1.0, "to": 2.0}]
    assert "people" not in data  # only with --results or --history


def test_a_rename_is_told_from_a_removal_by_id(small: LevelModel, write: Write) -> None:
    text = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
    # influence gets a new id under the same name; delivery keeps its id under a new name
    changed = text.replace("id: influence", "id: impact").replace("influence:", "impact:")
    changed = changed.replace("name: Delivery", "name: Shipping")
    found = diff_models(small, load_model(write("v2.yaml", changed)))
    assert found.skills.added == ("impact",)
    assert found.skills.removed == ("influence",)
    assert [(r.id, r.old, r.new) for r in found.skills.renamed] == [
        ("delivery", {"en": "Delivery"}, {"en": "Shipping"})
    ]
    expected = {(e.level, e.skill, e.old, e.new) for e in found.expectations}
    assert ("pm2", "influence", 1, None) in expected
    assert ("pm2", "impact", None, 1) in expected
    assert not any(e.skill == "delivery" for e in found.expectations)  # renamed, not moved


@pytest.mark.parametrize(
    ("lang", "renamed", "was", "only_english"),
    [
        ("zh", "沟通与影响力", "原名：沟通能力", "名称改动的语言：en"),
        ("zh-Hant", "溝通與影響力", "原名：溝通能力", "名稱有改動的語言：en"),
        ("en", "Communication and Influence", "was Communication", "was Staff Product Manager"),
    ],
)
def test_the_screen_says_the_changes_in_the_readers_language(
    invoke: Invoke, revised: Path, lang: str, renamed: str, was: str, only_english: str
) -> None:
    result = invoke("--lang", lang, "diff", OLD, str(revised), env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    for text in (renamed, was, only_english):
        assert text in result.output, text
    t = messages(lang)
    assert t["diff_core_added"] in result.output
    assert t["diff_anchors_caption"] in result.output


def test_tracks_added_renamed_and_levels_on_them(invoke: Invoke, tmp_path: Path) -> None:
    revised = revised_tracks(tmp_path)
    data = run_json(invoke, "--lang", "en", str(TRACKS_EXAMPLE), str(revised))
    assert data["tracks"]["added"] == ["specialist"]
    assert data["tracks"]["renamed"] == [
        {
            "id": "management",
            "from": "Management track",
            "to": "Managers' track",
            "languages": ["en", "zh"],
        }
    ]
    assert data["levels"]["added"] == ["p9", "s1"]
    result = invoke("--lang", "zh", "diff", str(TRACKS_EXAMPLE), str(revised))
    assert "专家序列" in result.output and "属于专业序列" in result.output  # p9 is on the IC track


def test_a_level_moved_says_where_it_sits_now(small: LevelModel, write: Write) -> None:
    text = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
    top = text.index("  - id: pm3")
    middle = text.index("  - id: pm2")
    # a new level between pm2 and pm3: pm3 now sits above it
    inserted = (
        text[:top]
        + "  - id: pm2b\n    name: PM II+\n"
        + "    expectations: {discovery: 2, delivery: 3, influence: 2}\n"
        + text[top:]
    )
    assert middle < top
    found = diff_models(small, load_model(write("v2.yaml", inserted)))
    assert found.levels.added == ("pm2b",)
    assert [(m.level, m.old_after, m.new_after) for m in found.moved] == [("pm3", "pm2", "pm2b")]


def test_scales_that_differ_are_said_and_what_can_be_compared_is(invoke: Invoke) -> None:
    v2 = str(FIXTURES / "v2.yaml")  # 1-4; the bundled model is 1-5
    data = run_json(invoke, OLD, v2)
    assert data["scale"] == {
        "from": {"min": 1, "max": 5},
        "to": {"min": 1, "max": 4},
        "comparable": False,
        "anchors_changed": [1, 2, 3, 4, 5],
    }
    assert data["expectations"] == [] and data["expectations_compared"] is False
    assert data["levels"]["added"] == ["pm1", "pm2", "pm3"]
    for lang, said in (
        ("en", "The scales differ (1–5 → 1–4)"),
        ("zh", "两个版本的评分刻度不同（1–5 → 1–4）"),
        ("zh-Hant", "兩個版本的評分量表不同（1–5 → 1–4）"),
    ):
        result = invoke("--lang", lang, "diff", OLD, v2, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert said in result.output
        assert messages(lang)["diff_expectations_not_compared"].format(old="1–5", new="1–4") in (
            result.output
        )


def test_a_rule_change_is_listed(small: LevelModel, write: Write) -> None:
    text = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
    stricter = text.replace("skills:\n", "estimation: {min_share: 0.9}\nskills:\n", 1)
    found = diff_models(small, load_model(write("v2.yaml", stricter)))
    assert [(r.key, r.old, r.new) for r in found.rule] == [("min_share", 0.8, 0.9)]


# -- how people move ---------------------------------------------------------------------------


@pytest.fixture
def team(tmp_path: Path, bundled: LevelModel) -> Path:
    """Results made with the bundled ladder, worked out by hand against the revision:

    - Li Lei, placed by her manager's result (her own later self-rating does not place
      her): senior's ratings with data analysis 3; the revision wants 4 and makes it
      core at senior, so she goes down to mid;
    - Wang Fang (self): senior's ratings but innovation 2 (a core skill of senior) and
      data analysis 4: mid, then senior once innovation is gone;
    - Zhao Min (self): 3 on everything: mid under both;
    - Qian (peer only): placed by no one; one file made with another model.
    """
    directory = tmp_path / "results"
    write_rating(bundled, directory, "Li Lei", "manager", "Han", senior_ratings(bundled))
    write_rating(
        bundled, directory, "Li Lei", "self", None, {s.id: 5 for s in bundled.skills}, days=3
    )
    wang = senior_ratings(bundled, innovation=2, data_analysis=4)
    write_rating(bundled, directory, "Wang Fang", "self", None, wang)
    write_rating(bundled, directory, "Zhao Min", "self", None, {s.id: 3 for s in bundled.skills})
    write_rating(bundled, directory, "Qian", "peer", "Jim", {s.id: 3 for s in bundled.skills})
    small = load_model(FIXTURES / "small.yaml")
    write_rating(small, directory, "Sun", "self", None, {s.id: 2 for s in small.skills})
    return directory


def test_results_show_each_person_under_both_versions(
    invoke: Invoke, revised: Path, team: Path
) -> None:
    data = run_json(invoke, OLD, str(revised), "--results", str(team))
    people = {p["subject"]: p for p in data["people"]}
    assert set(people) == {"Li Lei", "Wang Fang", "Zhao Min"}
    li, wang, zhao = people["Li Lei"], people["Wang Fang"], people["Zhao Min"]
    assert li["based_on"] == "manager"
    assert (li["old"]["level"], li["new"]["level"], li["move"]) == ("senior", "mid", "down")
    assert (wang["old"]["level"], wang["new"]["level"], wang["move"]) == ("mid", "senior", "up")
    assert (zhao["old"]["level"], zhao["new"]["level"], zhao["move"]) == ("mid", "mid", "same")
    assert all(p["uncovered"] == [NEW_SKILL] for p in people.values())
    assert data["moves"] == {"up": 1, "down": 1, "same": 1, "changed": 0}
    assert data["uncovered"] == [{"skill": NEW_SKILL, "people": 3}]
    reasons = {Path(s["file"]).name: s["reason"] for s in data["skipped"]}
    assert reasons == {
        "Qian-peer-Jim.json": "only_others",
        "Sun-self-None.json": "foreign_model",
    }
    assert data["looked_at"] == 6
    assert set(data) >= SPEC_KEYS  # the ladder's changes are there too


@pytest.mark.parametrize(
    ("lang", "down", "skipped"),
    [
        ("zh", "↓ 降", "不是旧版本"),
        ("zh-Hant", "↓ 降", "不是舊版本"),
        ("en", "↓ down", "another model than the old version"),
    ],
)
def test_the_people_on_screen_and_in_files(
    invoke: Invoke,
    revised: Path,
    team: Path,
    tmp_path: Path,
    lang: str,
    down: str,
    skipped: str,
) -> None:
    wide = {"COLUMNS": "200"}
    result = invoke("--lang", lang, "diff", OLD, str(revised), "--results", str(team), env=wide)
    assert result.exit_code == 0, result.output
    t = messages(lang)
    new_skill = {"zh": "AI 产品能力", "zh-Hant": "AI 產品能力", "en": "AI Product Sense"}[lang]
    for text in ("Li Lei", down, t["diff_people_title"], t["diff_uncovered_title"], skipped):
        assert text in result.output, text
    assert new_skill in result.output
    for suffix in (".md", ".html"):
        path = tmp_path / f"diff-{lang}{suffix}"
        written = invoke(
            "--lang", lang, "diff", OLD, str(revised), "--results", str(team), "-o", str(path)
        )
        assert written.exit_code == 0, written.output
        text = path.read_text(encoding="utf-8")
        assert "Wang Fang" in text and down in text and t["diff_people_title"] in text


def test_people_under_tracks_get_every_tracks_level(invoke: Invoke, tmp_path: Path) -> None:
    old = load_model(TRACKS_EXAMPLE)
    p7 = old.level("p7").expectations
    write_rating(
        old, tmp_path / "r", "Li Lei", "self", None, {s.id: p7.get(s.id, 1) for s in old.skills}
    )
    revised = revised_tracks(tmp_path)
    data = run_json(invoke, str(TRACKS_EXAMPLE), str(revised), "--results", str(tmp_path / "r"))
    (li,) = data["people"]
    assert (li["old"]["level"], li["old"]["track"]) == ("p7", "ic")
    # s1 expects what p7 does, at the same height on a track listed later: it wins the tie
    assert (li["new"]["level"], li["new"]["track"]) == ("s1", "specialist")
    assert li["move"] == "changed"
    assert [t["track"] for t in li["new"]["tracks"]] == ["ic", "management", "specialist"]
    assert {t["track"]: t["level"] for t in li["old"]["tracks"]} == {"ic": "p7", "management": "p6"}


@pytest.fixture
def saved(home: Path, bundled: LevelModel, new: LevelModel) -> dict[str, int]:
    """The same people in the history (PMLEVEL_HOME is the data directory), with an
    agreed result for Li Lei, which places her before her manager's, and a newer result
    for Zhao Min already made with the revision."""
    day = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)

    def result(
        model: LevelModel, subject: str, role: str, ratings: dict[str, int], days: int = 0
    ) -> Result:
        return build_result(
            model,
            ratings,
            subject=subject,
            rater=Rater.model_validate(
                {"role": role, "name": "Han" if role == "manager" else None}
            ),
            assessed_at=day + dt.timedelta(days=days),
        )

    every = {s.id: 3 for s in bundled.skills}
    with History.open(home) as history:
        return {
            "li agreed": history.save(result(bundled, "Li Lei", "agreed", senior_ratings(bundled))),
            "li manager": history.save(
                result(bundled, "Li Lei", "manager", {s.id: 5 for s in bundled.skills}, days=5)
            ),
            "wang": history.save(
                result(
                    bundled,
                    "Wang Fang",
                    "self",
                    senior_ratings(bundled, innovation=2, data_analysis=4),
                )
            ),
            "zhao": history.save(result(bundled, "Zhao Min", "self", every)),
            "zhao new": history.save(
                result(new, "Zhao Min", "self", {s.id: 3 for s in new.skills}, days=9)
            ),
            "sun": history.save(result(new, "Sun", "self", {s.id: 3 for s in new.skills})),
        }


def test_the_history_gives_the_same_moves_by_the_same_placing_rule(
    invoke: Invoke, revised: Path, saved: dict[str, int]
) -> None:
    data = run_json(invoke, OLD, str(revised), "--history")
    people = {p["subject"]: p for p in data["people"]}
    assert set(people) == {"Li Lei", "Wang Fang", "Zhao Min"}
    li = people["Li Lei"]
    assert (li["based_on"], li["id"], li["file"]) == ("agreed", saved["li agreed"], None)
    assert (li["old"]["level"], li["new"]["level"]) == ("senior", "mid")
    assert people["Wang Fang"]["move"] == "up"
    assert people["Zhao Min"]["id"] == saved["zhao"]
    skipped = {s["id"]: s["reason"] for s in data["skipped"]}
    assert skipped == {
        saved["zhao new"]: "foreign_model",
        saved["sun"]: "foreign_model",
    }
    result = invoke("--lang", "zh", "diff", OLD, str(revised), "--history", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"#{saved['sun']}" in result.output and "未使用的记录（2）" in result.output


def test_the_history_is_asked_per_person_not_scanned(
    tmp_path: Path, bundled: LevelModel, new: LevelModel
) -> None:
    from test_history_scale import crowd, steps

    found = diff_models(bundled, new)
    costs = []
    for each in (1, 60):
        with History.open(tmp_path / str(each)) as history:
            crowd(history, bundled, people=20, each=each)
            from pmlevel.company.ladder_diff import moves_from_history

            costs.append(steps(history, lambda: moves_from_history(history, found)))
            assert len(moves_from_history(history, found).people) == 20
    few, many = costs
    assert many < few * 1.5, costs


def test_ten_results_per_person_place_each_once(
    tmp_path: Path, bundled: LevelModel, new: LevelModel
) -> None:
    for n in range(10):
        write_rating(
            bundled,
            tmp_path,
            "Li Lei",
            "self",
            None,
            {s.id: 3 for s in bundled.skills},
            days=n,
            file=f"{n}.json",
        )
    moves = moves_from_files(diff_models(bundled, new), [tmp_path])
    (li,) = moves.people
    assert li.file is not None and li.file.endswith("9.json")  # the latest
    assert moves.looked_at == 10 and not moves.skipped


# -- bad input -----------------------------------------------------------------------------


def nothing_written(tmp_path: Path) -> list[Path]:
    return [p for p in tmp_path.iterdir() if p.name.startswith("out")]


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_a_file_that_is_not_a_model_is_named_and_said(
    invoke: Invoke, team: Path, tmp_path: Path, lang: str
) -> None:
    result_file = next(team.glob("Li_Lei-manager*.json"))
    notes = tmp_path / "notes.txt"
    notes.write_text("nothing to see here\n", encoding="utf-8")
    said = messages(lang)["diff_not_a_model"]
    for other in (result_file, notes):
        result = invoke("--lang", lang, "diff", OLD, str(other), "-o", str(tmp_path / "out.md"))
        assert result.exit_code == 2, result.output
        assert f"{other}:1:1: {said}" in result.output
        assert "Traceback" not in result.output
    assert not nothing_written(tmp_path)


def test_a_broken_model_keeps_its_located_problems(invoke: Invoke, write: Write) -> None:
    text = (
        (FIXTURES / "small.yaml")
        .read_text(encoding="utf-8")
        .replace("delivery: 3, influence: 3}", "delivery: 3, influence: 9}")
    )
    broken = write("broken.yaml", text)
    result = invoke("--lang", "en", "diff", str(FIXTURES / "small.yaml"), str(broken))
    assert result.exit_code == 2
    assert f"{broken}:30:" in result.output and "levels[2].expectations.influence" in result.output


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("--results", "{team}", "--history"), "diff_results_and_history"),
        (("--results",), "diff_results_none"),
        (("{team}",), "diff_extra_paths"),
        (("{team}", "--history"), "diff_extra_paths"),
    ],
)
@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_people_options_that_do_not_fit_are_refused(
    invoke: Invoke,
    revised: Path,
    team: Path,
    tmp_path: Path,
    args: tuple[str, ...],
    key: str,
    lang: str,
) -> None:
    given = [a.format(team=team) for a in args]
    out = tmp_path / "out.html"
    result = invoke("--lang", lang, "diff", OLD, str(revised), *given, "-o", str(out))
    assert result.exit_code == 2, result.output
    said = messages(lang)[key].format(paths=team)
    assert said in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("lang", ["zh", "zh-Hant", "en"])
def test_people_between_different_scales_are_refused(
    invoke: Invoke, team: Path, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "out.md"
    v2 = str(FIXTURES / "v2.yaml")
    for people in (("--results", str(team)), ("--history",)):
        result = invoke("--lang", lang, "diff", OLD, v2, *people, "-o", str(out))
        assert result.exit_code == 2, result.output
        assert messages(lang)["diff_scales_people"].format(old="1–5", new="1–4") in result.output
    assert not out.exists()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_missing_file_and_a_single_one(
    invoke: Invoke, revised: Path, tmp_path: Path, lang: str
) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = invoke("--lang", lang, "diff", OLD, str(missing))
    assert result.exit_code == 2
    assert f"{missing}: {messages(lang)['file_not_found']}" in result.output
    result = invoke("--lang", lang, "diff", OLD)
    assert result.exit_code == 2
    assert messages(lang)["diff_needs_two"] in result.output
    result = invoke("--lang", lang, "diff", OLD, str(revised), "--results", str(missing))
    assert result.exit_code == 2
    assert str(missing) in result.output


def test_no_one_to_show_is_an_error_with_the_reasons(
    invoke: Invoke, revised: Path, tmp_path: Path
) -> None:
    small = load_model(FIXTURES / "small.yaml")
    write_rating(small, tmp_path / "r", "Sun", "self", None, {s.id: 2 for s in small.skills})
    out = tmp_path / "out.md"
    result = invoke(
        "--lang",
        "en",
        "diff",
        OLD,
        str(revised),
        "--results",
        str(tmp_path / "r"),
        "-o",
        str(out),
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 2
    assert "No one to show (result files read: 1; skipped: 1)" in result.output
    assert "made with another model than the old version" in result.output  # why, before it
    assert not out.exists()
    result = invoke("--lang", "zh", "diff", OLD, str(revised), "--history")
    assert result.exit_code == 2
    assert "历史记录中没有用旧版本得出的" in result.output


def test_an_unknown_output_format_is_refused_before_reading(
    invoke: Invoke, revised: Path, tmp_path: Path
) -> None:
    result = invoke(
        "--lang", "en", "diff", OLD, str(tmp_path / "nowhere.yaml"), "-o", str(tmp_path / "x.csv")
    )
    assert result.exit_code == 2
    assert ".md, .html" in result.output  # the output is refused first, naming the formats


def test_a_damaged_history_entry_is_left_out_and_named(
    invoke: Invoke, revised: Path, saved: dict[str, int], home: Path
) -> None:
    import sqlite3

    with sqlite3.connect(home / "history.sqlite3") as conn:
        conn.execute("UPDATE results SET json = '{' WHERE id = ?", (saved["wang"],))
    data = run_json(invoke, OLD, str(revised), "--history")
    assert {p["subject"] for p in data["people"]} == {"Li Lei", "Zhao Min"}
    assert {"file": f"#{saved['wang']}", "id": saved["wang"], "reason": "damaged"} in (
        data["skipped"]
    )


def test_a_read_only_output_is_replaced_only_with_force(
    invoke: Invoke, revised: Path, tmp_path: Path
) -> None:
    out = tmp_path / "diff.md"
    out.write_text("last cycle's diff\n", encoding="utf-8")
    out.chmod(0o444)
    refused = invoke("--lang", "en", "diff", OLD, str(revised), "-o", str(out))
    assert refused.exit_code == 2, refused.output
    assert out.read_text(encoding="utf-8") == "last cycle's diff\n"
    forced = invoke("--lang", "en", "diff", OLD, str(revised), "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert "Communication and Influence" in out.read_text(encoding="utf-8")
