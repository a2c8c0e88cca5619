"""An interview scorecard (``interview --scorecard``): a note under each rating, read against
its kit's level; the skills the interview did not show are left out of the verdict, not
made up (docs/reference.md#pmlevel-interview)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


def fill_kit(invoke: Invoke, card: Path, rating: int) -> list[str]:
    """Rate the interview kit's skills on *card*, leave the others empty; the kit's ids."""
    kit = [s["skill"] for s in json.loads(invoke("interview", "senior", "--json").stdout)["skills"]]
    text = card.read_text(encoding="utf-8")
    for skill in kit:
        text = text.replace(f"  {skill}:\n    rating:\n", f"  {skill}:\n    rating: {rating}\n", 1)
    card.write_text(text, encoding="utf-8")
    return kit


@pytest.mark.parametrize(
    ("lang", "unrated", "nobody", "skill"),
    [
        (
            "en",
            "Not assessed (left out of the verdict): ",
            "Assessed by no one (left out of the verdict): ",
            "Documentation",
        ),
        (
            "zh",
            "未评估（不计入结论）：",
            "没有人评估的技能（不计入结论）：",
            "文档撰写能力",
        ),
    ],
)
def test_a_scorecard_with_the_kit_rated_is_read_and_says_what_was_not_assessed(
    invoke: Invoke,
    tmp_path: Path,
    bundled: LevelModel,
    lang: str,
    unrated: str,
    nobody: str,
    skill: str,
) -> None:
    cards = []
    for name, rating in (("wang", 3), ("zhao", 4)):
        card = tmp_path / f"{name}.yaml"
        made = invoke("interview", "senior", "--scorecard", str(card), "--rater-name", name)
        assert made.exit_code == 0, made.output
        kit = fill_kit(invoke, card, rating)
        cards.append(str(card))
    assert 0 < len(kit) < len(bundled.skills)
    done = invoke(
        "--lang", lang, "assess", "--answers", cards[0], "--no-save", env={"COLUMNS": "200"}
    )
    assert done.exit_code == 0, done.output
    assert unrated in done.output and skill in done.output
    data = json.loads(invoke("assess", "--answers", cards[0], "--no-save", "--json").stdout)
    assert sorted(data["ratings"]) == sorted(kit)  # nothing made up for the others
    merged = invoke("--lang", lang, "merge", *cards, env={"COLUMNS": "200"})
    assert merged.exit_code == 0, merged.output
    assert nobody in merged.output
    rows = json.loads(invoke("merge", *cards, "--json").stdout)["others_ratings"]
    assert sorted(rows) == sorted(kit)
