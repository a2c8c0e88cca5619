"""A mistyped level (``show sinior``) is answered with the level meant, found by id, alias or
name; a word like no level gets the list of levels instead (docs/reference.md#pmlevel-show)."""

from __future__ import annotations

import pytest

from conftest import Invoke
from pmlevel.model.ladder import LevelModel


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
