"""Usage errors: what was wrong on the command line, said in the user's language, exit 2 and
no traceback (docs/reference.md#exit-codes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from helpers_answers import ANSWERS, SMALL

Write = Callable[[str, str], Path]


def test_an_entry_id_too_large_for_the_history_is_a_usage_error(
    invoke: Invoke, write: Write
) -> None:
    answers = write("a.yaml", ANSWERS)
    assert invoke("--model", SMALL, "assess", "--answers", str(answers)).exit_code == 0
    done = invoke("--lang", "en", "--model", SMALL, "progress", "1", "99999999999999999999999")
    assert done.exit_code == 2
    assert "there is no assessment 99999999999999999999999 in the history" in done.stderr
    assert "Unexpected" not in done.stderr


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "--vs needs a value after it."), ("zh", "--vs 后面要跟一个值。")],
)
def test_an_option_missing_its_value_is_said_in_the_users_language(
    invoke: Invoke, lang: str, words: str
) -> None:
    shown = invoke("--lang", lang, "show", "senior", "--vs")
    assert shown.exit_code == 2
    assert words in shown.output
    assert "requires an argument" not in shown.output
    switch = invoke("--lang", lang, "assess", "--no-save=yes")
    assert switch.exit_code == 2
    assert "--no-save" in switch.output and "does not take a value" not in switch.output
