"""What a hiring manager and a check-in pair still tripped on (issue 24): a nameless
self-rating and a manager's form, forms that never reached the history, a scorecard's
headline, candidates among the people one develops, whose notes a case shows, how far a
level is, merge's notes and means, a plan that ignores what a person does, a job
description a recruiter can post, the scorecard's notes, typos of a level, the rule in the
README, ``-o`` and the help. Each finding's regression test, in both languages where the
text differs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


# -- 11. a typo of a level is answered with the level meant ------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "Did you mean 'senior'?"), ("zh", "是不是想写「senior」？")],
)
def test_a_mistyped_level_suggests_the_level_meant(invoke: Invoke, lang: str, words: str) -> None:
    for typo in ("sinior", "Senoir", "Senior Product Manger"):
        shown = invoke("--lang", lang, "show", typo)
        assert shown.exit_code == 2
        assert words in shown.output, shown.output
        assert "Traceback" not in shown.output
    far = invoke("--lang", lang, "show", "xyzzy")
    assert far.exit_code == 2 and "senior (" in far.output
    assert "Did you mean" not in far.output and "是不是想写" not in far.output


def test_the_model_finds_the_closest_level_by_id_alias_or_name(bundled: LevelModel) -> None:
    assert bundled.closest_level("sinior") == "senior"
    assert bundled.closest_level("dirctor") == "director"
    assert bundled.closest_level("Staff Product Manger") == "staff"
    assert bundled.closest_level("xyzzy") is None
