"""The bundled model carries the whole source article, in both languages, and discriminates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from pmlevel.estimate import estimate
from pmlevel.loader import bundled_model_path
from pmlevel.model import LevelModel

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
    ids = [level.id for level in bundled.levels]
    for skill in bundled.skills:
        named = [i for i, lid in enumerate(ids) if skill.id in ARTICLE[lid]["skills"].values()]
        ratings = [bundled.levels[i].expectations.get(skill.id) for i in range(len(ids))]
        expected_from = named[0]
        assert all(r is not None for r in ratings[expected_from:]), skill.id
        present = [r for r in ratings if r is not None]
        assert present == sorted(present), skill.id
        # Named again at a higher level: expected higher there than where first named.
        for later in named[1:]:
            assert ratings[later] is not None and ratings[expected_from] is not None
            assert ratings[later] > ratings[expected_from], skill.id


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


def test_all_lowest_ratings_reach_no_level(bundled: LevelModel) -> None:
    result = estimate(bundled, {s.id: 1 for s in bundled.skills})
    assert result.level is None
    assert result.next_level == "junior"


def test_the_model_file_points_editors_at_its_schema() -> None:
    first = bundled_model_path().read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./levels.schema.json"
