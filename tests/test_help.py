"""``--help``: usage lines in the user's words, without Python's types or doubled brackets,
in both languages."""

from __future__ import annotations

import pytest

from conftest import Invoke


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "command", ["merge", "case", "progress", "plan", "report", "team", "agree", "history"]
)
def test_help_shows_no_python_types_nor_doubled_brackets(
    invoke: Invoke, lang: str, command: str
) -> None:
    shown = invoke("--lang", lang, command, "--help", env={"COLUMNS": "100"})
    assert shown.exit_code == 0, shown.output
    for python in ("<list", "<str>", "<int>", "<path>", "[[", "]]"):
        assert python not in shown.output, (python, shown.output)


def test_progress_takes_a_and_b_as_two_arguments(invoke: Invoke) -> None:
    usage = invoke("--lang", "en", "progress", "--help").output
    assert "[A] [B]" in usage
    assert "[A B]..." not in usage
