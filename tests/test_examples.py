"""The example ladders in ``examples/`` (docs/reference.md#tracks): every file there validates, is
complete in Chinese and English, and estimates a person the way its comments say."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Invoke
from pmlevel.assess.estimate import estimate
from pmlevel.model.ladder import LevelModel, Text
from pmlevel.model.loader import load_model

EXAMPLES = ROOT / "examples"
FILES = sorted(EXAMPLES.glob("*.yaml"))
Write = Callable[[str, str], Path]


def test_there_are_the_two_example_ladders() -> None:
    assert [f.name for f in FILES] == ["engineering-tracks.yaml", "small-company.yaml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_example_validates(invoke: Invoke, path: Path) -> None:
    result = invoke("validate", str(path))
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def texts(model: LevelModel) -> list[Text]:
    found: list[Text] = [model.name, *model.scale.anchors.values()]
    found += [track.name for track in model.tracks]
    for skill in model.skills:
        found += [skill.name, *skill.anchors.values(), *skill.actions, *skill.questions]
        found += [t for t in (skill.description, skill.category) if t]
    for level in model.levels:
        found += [level.name] + [t for t in (level.summary, level.experience) if t]
        for duty in level.responsibilities:
            found += [duty.name] + ([duty.description] if duty.description else [])
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_example_is_complete_in_both_languages(path: Path) -> None:
    model = load_model(path)
    assert all({"zh", "en"} <= set(text) for text in texts(model))
    for skill in model.skills:
        assert skill.own_anchors, skill.id  # what each point means for this skill
        assert len(skill.questions) >= 2, skill.id
        for target in range(model.scale.min + 1, model.scale.max + 1):
            # Growth actions for every target a level asks of the skill.
            if any(lv.expectations.get(skill.id, 0) >= target for lv in model.levels):
                assert len(skill.actions_for(target)) >= 2, (skill.id, target)
    for level in model.levels:
        assert level.core and level.summary and level.experience, level.id


def test_the_small_company_ladder_is_four_levels_in_one_chain() -> None:
    model = load_model(EXAMPLES / "small-company.yaml")
    assert model.schema_version == 2 and not model.tracks
    assert [lv.id for lv in model.levels] == ["associate", "pm", "senior", "head"]


def test_the_engineering_ladder_forks_into_ic_and_management() -> None:
    model = load_model(EXAMPLES / "engineering-tracks.yaml")
    assert model.schema_version == 3
    chains = {track: [lv.id for lv in chain] for track, chain in model.chains()}
    assert chains == {
        "ic": ["p4", "p5", "p6", "p7", "p8"],
        "management": ["p4", "p5", "p6", "m1", "m2"],
    }
    # The IC track never asks for people management.
    assert all("people" not in lv.expectations for lv in model.levels if lv.track != "management")


def test_a_staff_ic_who_never_managed_is_staff_on_the_ic_track(
    write: Write, invoke: Invoke
) -> None:
    model = load_model(EXAMPLES / "engineering-tracks.yaml")
    ratings = {s.id: 4 for s in model.skills} | {"people": 1, "ux": 3, "technical": 3}
    found = estimate(model, ratings)
    assert (found.level, found.track) == ("p7", "ic")
    assert [(t.track, t.level) for t in found.tracks] == [("ic", "p7"), ("management", "p6")]
    path = write("ic.json", json.dumps({"ratings": ratings}))
    zh = invoke("--model", str(EXAMPLES / "engineering-tracks.yaml"), "--lang", "zh", "assess",
                "--answers", str(path), "--no-save")  # fmt: skip
    assert zh.exit_code == 0, zh.output
    assert "当前级别估计：资深产品专家 (p7)" in zh.output
    assert "管理序列" in zh.output and "专业序列" in zh.output


def test_a_small_company_head_of_product(write: Write, invoke: Invoke) -> None:
    model = load_model(EXAMPLES / "small-company.yaml")
    ratings = {s.id: 4 for s in model.skills} | {"user-research": 5, "requirements": 3}
    found = estimate(model, ratings)
    assert found.level == "head" and found.blockers == ()
    path = write("head.json", json.dumps({"ratings": ratings}))
    en = invoke("--model", str(EXAMPLES / "small-company.yaml"), "--lang", "en", "assess",
                "--answers", str(path), "--no-save")  # fmt: skip
    assert "Estimated level: Head of Product (head)" in en.output
