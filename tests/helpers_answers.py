"""Answers files, scorecards and forms as people fill them in, shared by the tests of the
commands that read them (assess, merge, agree, case, plan, team, history)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import FIXTURES, Invoke
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]

SMALL = str(FIXTURES / "small.yaml")
ANSWERS = "ratings: {discovery: 2, delivery: 2, influence: 1}\nsubject: Li Lei\n"


# The senior kit's six core skills: four met, two below; and two more skills rated.
SENIOR_CARD = {
    "market-insight": 3,
    "communication": 4,
    "cross-functional-collaboration": 4,
    "strategic-thinking": 2,
    "leadership": 2,
    "innovation": 3,
    "data-analysis": 4,
    "documentation": 3,
}


def fill_card(card: Path, ratings: dict[str, int], notes: dict[str, str] | None = None) -> None:
    """Fill in a scorecard as an interviewer does: the rating, and the note under it."""
    text = card.read_text(encoding="utf-8")
    for skill, rating in ratings.items():
        empty = f'  {skill}:\n    rating:\n    note: ""\n'
        assert empty in text, skill
        note = json.dumps((notes or {}).get(skill, ""), ensure_ascii=False)
        text = text.replace(empty, f"  {skill}:\n    rating: {rating}\n    note: {note}\n")
    card.write_text(text, encoding="utf-8")


def scorecard(invoke: Invoke, tmp_path: Path, name: str, ratings: dict[str, int]) -> Path:
    card = tmp_path / f"{name}.yaml"
    made = invoke("interview", "senior", "--scorecard", str(card), "--subject", "Candidate A")
    assert made.exit_code == 0, made.output
    text = card.read_text(encoding="utf-8").replace('name: ""', f'name: "{name}"')
    card.write_text(text, encoding="utf-8")
    fill_card(card, ratings, {"leadership": "Has not led anyone yet"})
    return card


def answers_file(
    write: Write, bundled: LevelModel, name: str, rating: int = 3, **extra: object
) -> Path:
    ratings: dict[str, int] = {s.id: rating for s in bundled.skills}
    ratings.update(extra.pop("ratings", {}))  # type: ignore[call-overload]
    return write(name, json.dumps({"ratings": ratings, **extra}, ensure_ascii=False))


def manager_form(
    write: Write, bundled: LevelModel, name: str = "form.json", **extra: object
) -> Path:
    """What the form saves when the manager typed the person's name on it."""
    return answers_file(
        write,
        bundled,
        name,
        ratings={"leadership": 2, "data-analysis": 4},
        notes={"data-analysis": "Ran the funnel analysis"},
        rater={"role": "manager", "name": "Han"},
        **extra,
    )


def others(subject: str = "Li Lei") -> tuple[tuple[str, ...], tuple[str, ...]]:
    manager = ("--subject", subject, "--rater", "manager", "--rater-name", "Han")
    peer = ("--subject", subject, "--rater", "peer", "--rater-name", "Jim")
    return manager, peer
