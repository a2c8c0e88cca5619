"""The bundled model carries the whole source article, in both languages, and discriminates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from pmlevel.assess.estimate import estimate
from pmlevel.model.ladder import LevelModel
from pmlevel.model.loader import bundled_model_path, load_model

ARTICLE: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "article.yaml").read_text(encoding="utf-8")
)["levels"]


def test_five_levels_in_the_articles_order(bundled: LevelModel) -> None:
    assert [level.id for level in bundled.levels] == list(ARTICLE)
    assert [level.name["zh"] for level in bundled.levels] == [
        facts["name"] for facts in ARTICLE.values()
    ]


@pytest.mark.parametrize("level_id", list(ARTICLE))
def test_every_responsibility_of_the_article_is_there(bundled: LevelModel, level_id: str) -> None:
    level = bundled.level(level_id)
    assert [duty.name["zh"] for duty in level.responsibilities] == ARTICLE[level_id][
        "responsibilities"
    ]
    for duty in level.responsibilities:
        assert duty.description and duty.description["zh"] and duty.description["en"]


@pytest.mark.parametrize("level_id", list(ARTICLE))
def test_every_skill_the_article_names_is_expected_at_its_level(
    bundled: LevelModel, level_id: str
) -> None:
    for skill_id in ARTICLE[level_id]["skills"].values():
        assert skill_id in bundled.level(level_id).expectations


def test_the_article_skills_merge_into_nineteen(bundled: LevelModel) -> None:
    mentioned = {s for facts in ARTICLE.values() for s in facts["skills"].values()}
    assert sum(len(facts["skills"]) for facts in ARTICLE.values()) == 25
    assert {skill.id for skill in bundled.skills} == mentioned
    assert len(bundled.skills) == 19


def test_a_skill_named_at_a_level_is_expected_above_it_and_rises(bundled: LevelModel) -> None:
    """Walked along each track's chain (高级 → 资深, 高级 → 总监), not the file's order: the
    bundled model is v3 and forks after 高级, so 用户需求洞察, named at 资深, is rightly 3 at
    总监, which is not above 资深. On one chain this test read 资深 → 总监 as a step."""
    chains = bundled.chains()
    assert [track for track, _ in chains] == ["ic", "management"]
    for track, chain in chains:
        ids = [level.id for level in chain]
        for skill in bundled.skills:
            named = [i for i, lid in enumerate(ids) if skill.id in ARTICLE[lid]["skills"].values()]
            if not named:
                continue  # e.g. 资源调配, named only at 总监, on the IC track
            ratings = [chain[i].expectations.get(skill.id) for i in range(len(ids))]
            expected_from = named[0]
            assert all(r is not None for r in ratings[expected_from:]), (track, skill.id)
            present = [r for r in ratings if r is not None]
            assert present == sorted(present), (track, skill.id)
            # Named again at a higher level: expected higher there than where first named.
            for later in named[1:]:
                assert ratings[later] is not None and ratings[expected_from] is not None
                assert ratings[later] > ratings[expected_from], (track, skill.id)


def test_every_skill_has_bilingual_description_category_and_actions(bundled: LevelModel) -> None:
    for skill in bundled.skills:
        for text in (skill.name, skill.description, skill.category, *skill.actions):
            assert text is not None
            assert text.get("zh") and text.get("en"), skill.id
        assert len(skill.actions) >= 2, skill.id


def test_anchors_for_every_point_in_both_languages(bundled: LevelModel) -> None:
    assert list(bundled.scale.anchors) == list(bundled.scale.points)
    for anchor in bundled.scale.anchors.values():
        assert anchor["zh"] and anchor["en"]


def test_level_summaries_and_names_are_bilingual(bundled: LevelModel) -> None:
    for level in bundled.levels:
        assert level.summary and level.summary["zh"] and level.summary["en"]
        assert level.name["zh"] and level.name["en"]


@pytest.mark.parametrize("rank", range(5))
def test_rating_exactly_at_a_level_estimates_that_level(bundled: LevelModel, rank: int) -> None:
    level = bundled.levels[rank]
    ratings = {s.id: level.expectations.get(s.id, bundled.scale.min) for s in bundled.skills}
    assert estimate(bundled, ratings).level == level.id


def _core_cases() -> list[tuple[int, str]]:
    model = load_model(bundled_model_path())
    return [(rank, skill) for rank, level in enumerate(model.levels) for skill in level.core]


@pytest.mark.parametrize(("rank", "skill_id"), _core_cases())
def test_one_core_skill_a_point_short_estimates_the_level_below(
    bundled: LevelModel, rank: int, skill_id: str
) -> None:
    """The level below is the one on the level's own chain (its ``after``): 总监 is after 高级
    on the management track, so a 总监 one core point short is 高级, not 资深 as on the old
    single chain (总监 expects 创新, 用户需求洞察 and 市场竞争分析 at 3, below 资深's core 4)."""
    level = bundled.levels[rank]
    ratings = {s.id: level.expectations.get(s.id, bundled.scale.min) for s in bundled.skills}
    ratings[skill_id] -= 1
    below = bundled.below(level.id)
    assert estimate(bundled, ratings).level == (below.id if below else None)


def test_a_senior_without_strategy_and_leadership_is_not_senior(bundled: LevelModel) -> None:
    """Core skills (docs/reference.md#met): 战略思维 2 and 领导能力 2 once gave Senior PM."""
    senior = bundled.level("senior")
    ratings = {s.id: senior.expectations.get(s.id, bundled.scale.min) for s in bundled.skills}
    ratings |= {"strategic-thinking": 2, "leadership": 2}
    result = estimate(bundled, ratings)
    assert result.level == "mid"


def test_all_lowest_ratings_reach_no_level(bundled: LevelModel) -> None:
    result = estimate(bundled, {s.id: 1 for s in bundled.skills})
    assert result.level is None
    assert result.next_level == "junior"


def test_the_model_file_points_editors_at_its_schema() -> None:
    first = bundled_model_path().read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./levels.schema.json"


# -- the calibrated model (v2): each skill's own anchors, actions by step, questions ----------

FACTS: dict[str, Any] = ARTICLE
ANCHOR_WIDTH = 152  # two lines of an 80-column terminal, after the point number


def test_the_bundled_model_is_v3_and_forks_where_the_article_does(bundled: LevelModel) -> None:
    """Was "is v2" (one chain 初级 → … → 总监). The article's 资深 skills name no people
    leadership while 高级 and 总监 name 领导能力, so the ladder forks after 高级: 资深 on the IC
    track (专业序列), 总监 on the management track (管理序列), listed last so a tie is 总监."""
    assert bundled.schema_version == 3
    assert [(t.id, t.name["zh"], t.name["zh-Hant"], t.name["en"]) for t in bundled.tracks] == [
        ("ic", "专业序列", "專業序列", "Individual contributor track"),
        ("management", "管理序列", "管理序列", "Management track"),
    ]
    assert [(lv.id, lv.track, lv.after) for lv in bundled.levels] == [
        ("junior", None, None),
        ("mid", None, "junior"),
        ("senior", None, "mid"),
        ("staff", "ic", "senior"),
        ("director", "management", "senior"),
    ]
    staff, director = bundled.level("staff"), bundled.level("director")
    # A 资深 does not need 总监's management skills ...
    assert "resource-allocation" not in staff.expectations
    assert "executive-decision-support" not in staff.expectations
    assert staff.expectations["leadership"] == bundled.level("senior").expectations["leadership"]
    # ... and a 总监 meets 资深's own skills only where a director's work needs them.
    for skill_id in ("innovation", "user-insight", "competitive-analysis"):
        assert director.expectations[skill_id] < staff.expectations[skill_id], skill_id


def test_every_expectation_that_changes_along_a_track_says_why() -> None:
    """On both tracks, each expectation of 资深 and 总监 that differs from 高级's carries its
    one-line reason as a YAML comment, and so does each one kept at 高级's bar that 资深 raises."""
    written = _expectation_lines()
    senior = written["senior"]
    for level_id in ("staff", "director"):
        for skill_id, line in written[level_id].items():
            before = senior.get(skill_id)
            same = before is not None and before.split("#")[0].strip() == line.split("#")[0].strip()
            if not same:
                assert "  # " in line, (level_id, skill_id)
    for skill_id in ("innovation", "user-insight", "competitive-analysis", "ux-design"):
        assert "  # same as 高级" in written["director"][skill_id], skill_id


def test_every_skill_has_its_own_anchor_for_every_point_in_both_languages(
    bundled: LevelModel,
) -> None:
    seen: set[str] = set()
    for skill in bundled.skills:
        assert skill.own_anchors, skill.id
        assert list(skill.anchors) == list(bundled.scale.points), skill.id
        for point, anchor in skill.anchors.items():
            assert anchor != bundled.scale.anchors[point], (skill.id, point)
            # Observable, with an example of evidence.
            assert "例：" in anchor["zh"] and "E.g." in anchor["en"], (skill.id, point)
            assert anchor["zh"] not in seen and anchor["en"] not in seen, (skill.id, point)
            seen |= {anchor["zh"], anchor["en"]}


def test_each_anchor_fits_two_lines_of_a_terminal(bundled: LevelModel) -> None:
    from rich.cells import cell_len

    for skill in bundled.skills:
        for point, anchor in skill.anchors.items():
            for lang in ("zh", "en"):
                assert cell_len(anchor[lang]) <= ANCHOR_WIDTH, (skill.id, point, lang)


def test_actions_for_every_step_at_least_two_each(bundled: LevelModel) -> None:
    targets = list(bundled.scale.points)[1:]
    for skill in bundled.skills:
        assert sorted(skill.actions_by_target) == targets, skill.id
        for target in targets:
            actions = skill.actions_for(target)
            assert len(actions) >= 2, (skill.id, target)
            for action in actions:
                assert action["zh"] and action["en"], (skill.id, target)
        # One action serves one step: a 1→2 action is not also a 4→5 action.
        texts = [action["zh"] for action in skill.actions]
        assert len(texts) == len(set(texts)), skill.id


def test_every_skill_has_behavioural_interview_questions(bundled: LevelModel) -> None:
    for skill in bundled.skills:
        assert len(skill.questions) >= 2, skill.id
        for question in skill.questions:
            assert question["zh"].startswith("讲"), (skill.id, question["zh"])
            assert question["en"].startswith("Tell me about"), (skill.id, question["en"])


@pytest.mark.parametrize("level_id", list(FACTS))
def test_core_skills_are_the_ones_the_article_names(bundled: LevelModel, level_id: str) -> None:
    level = bundled.level(level_id)
    assert sorted(level.core) == sorted(FACTS[level_id]["core"])
    for skill_id in level.core:
        assert skill_id in level.expectations


@pytest.mark.parametrize("level_id", list(FACTS))
def test_every_level_says_what_experience_it_asks_for(bundled: LevelModel, level_id: str) -> None:
    experience = bundled.level(level_id).experience
    assert experience and experience["zh"] and experience["en"]
    if "experience" in FACTS[level_id]:
        assert FACTS[level_id]["experience"] in experience["zh"]


def _expectation_lines() -> dict[str, dict[str, str]]:
    """Each level's expectation lines as written in the file (skill id -> the line)."""
    lines: dict[str, dict[str, str]] = {}
    level = ""
    inside = False
    for line in bundled_model_path().read_text(encoding="utf-8").splitlines():
        found = re.match(r"^  - id: ([a-z-]+)$", line)
        if found:
            level, inside = found.group(1), False
            continue
        if line == "    expectations:":
            inside = True
            lines[level] = {}
            continue
        if inside:
            entry = re.match(r"^      ([a-z-]+): \d", line)
            if not entry:
                inside = False
                continue
            lines[level][entry.group(1)] = line
    return lines


def test_a_carried_skill_rises_only_with_a_reason_and_never_across_the_board(
    bundled: LevelModel,
) -> None:
    written = _expectation_lines()
    # Each level against the one below it on its own chain (总监 against 高级, not 资深).
    for higher in bundled.levels:
        lower = bundled.below(higher.id)
        if lower is None:
            continue
        named_here = set(FACTS[higher.id]["skills"].values()) | set(higher.core)
        carried = [s for s in lower.expectations if s not in named_here]
        rises = [s for s in carried if higher.expectations[s] > lower.expectations[s]]
        assert len(rises) < len(carried), (higher.id, rises)  # no blanket +1
        for skill_id in rises:
            assert "  # " in written[higher.id][skill_id], (higher.id, skill_id)


@pytest.mark.parametrize("level_id", list(FACTS))
def test_core_skills_carry_the_levels_emphasis(bundled: LevelModel, level_id: str) -> None:
    """Each core skill is new at its level or rises there, so it sets the level apart."""
    level = bundled.level(level_id)
    lower = bundled.below(level_id)  # on its own chain: 总监 after 高级
    below = lower.expectations if lower else {}
    for skill_id in level.core:
        assert level.expectations[skill_id] > below.get(skill_id, bundled.scale.min), skill_id


def _texts(bundled: LevelModel) -> list[tuple[str, dict[str, str]]]:
    """Every text of the model with where it is, except the levels' own names."""
    found: list[tuple[str, dict[str, str]]] = []
    for skill in bundled.skills:
        texts = [skill.name, skill.description, skill.category, *skill.anchors.values()]
        texts += [*skill.actions, *skill.questions]
        found += [(skill.id, text) for text in texts if text]
    for level in bundled.levels:
        texts = [level.summary, level.experience]
        for duty in level.responsibilities:
            texts += [duty.name, duty.description]
        found += [(level.id, text) for text in texts if text]
    return found


def test_level_names_are_not_used_loosely_in_the_text(bundled: LevelModel) -> None:
    for where, text in _texts(bundled):
        assert "资深" not in text["zh"], where  # 资深 names level 4
        assert "senior" not in text["en"].lower(), where  # Senior names level 3


def test_both_languages_say_the_same_about_anonymity(bundled: LevelModel) -> None:
    for where, text in _texts(bundled):
        assert ("匿名" in text["zh"]) == ("anonymous" in text["en"].lower()), (where, text)


def test_the_drifts_from_the_article_are_fixed(bundled: LevelModel) -> None:
    mid = bundled.level("mid")
    planning = next(d for d in mid.responsibilities if d.name["zh"] == "产品规划")
    assert planning.description
    assert (
        "规划和设计" in planning.description["zh"]
        and "定义产品路线图" in planning.description["zh"]
    )
    senior = bundled.level("senior")
    assert senior.summary
    assert "小团队" not in senior.summary["zh"] and "small team" not in senior.summary["en"]
    # The article names strategy, leadership, market insight and innovation at 高级, not this.
    assert senior.expectations["project-management"] == mid.expectations["project-management"]
    assert "design" not in bundled.skill("ux-design").name["en"].lower()
