"""``plan``: a development plan made from the person's own rating, never from someone else's
(docs/reference.md#whose-results), with the actions their notes already show marked done
(docs/reference.md#pmlevel-plan)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Assess, Invoke
from helpers_answers import others

Write = Callable[[str, str], Path]


def test_plan_is_made_from_the_subjects_own_rating(invoke: Invoke, assess: Assess) -> None:
    manager, peer = others()
    assess(3, "--subject", "Li Lei")
    assess(2, *manager)
    assess(4, *peer)
    data = json.loads(invoke("plan", "--json").stdout)
    assert data["based_on"]["rater"] == {"role": "self", "name": None}
    assert data["level"] == "mid"
    en = invoke("--lang", "en", "plan")
    assert "Based on: self-rating · about Li Lei" in en.output
    assert "peer's rating" not in en.output
    zh = invoke("--lang", "zh", "plan")
    assert "依据：自评" in zh.output or "自评" in zh.output


def test_plan_refuses_someone_elses_rating_as_yours(invoke: Invoke, assess: Assess) -> None:
    manager, _ = others()
    assess(2, *manager)
    en = invoke("--lang", "en", "plan")
    assert en.exit_code == 2
    assert "no self-rating of Li Lei" in en.output and "pmlevel plan 1" in en.output
    zh = invoke("--lang", "zh", "plan")
    assert "没有 Li Lei 的自评" in zh.output
    # naming the entry is a deliberate choice, and works
    assert json.loads(invoke("plan", "1", "--json").stdout)["level"] == "junior"
