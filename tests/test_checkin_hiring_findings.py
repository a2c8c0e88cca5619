"""What a hiring manager and a check-in pair still tripped on (issue 24): a nameless
self-rating and a manager's form, forms that never reached the history, a scorecard's
headline, candidates among the people one develops, whose notes a case shows, how far a
level is, merge's notes and means, a plan that ignores what a person does, a job
description a recruiter can post, the scorecard's notes, typos of a level, the rule in the
README, ``-o`` and the help. Each finding's regression test, in both languages where the
text differs."""

from __future__ import annotations

import json
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


# -- Also: the help and usage errors speak the user's language, not Python's ------------


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


# -- Also: -o shows only what was written --------------------------------------------------


@pytest.mark.parametrize(("lang", "wrote"), [("en", "Wrote"), ("zh", "已写入")])
def test_output_to_a_file_does_not_draw_the_report_on_screen(
    invoke: Invoke, write: Write, bundled: LevelModel, tmp_path: Path, lang: str, wrote: str
) -> None:
    answers = write("a.json", json.dumps({"ratings": {s.id: 3 for s in bundled.skills}}))
    for args in (
        ("assess", "--answers", str(answers), "--no-save", "-o", str(tmp_path / "r.md")),
        ("report", str(tmp_path / "r.json"), "-o", str(tmp_path / "again.html")),
        ("jd", "senior", "-o", str(tmp_path / "jd.md")),
        ("interview", "senior", "-o", str(tmp_path / "kit.md")),
    ):
        if args[0] == "report":
            made = invoke("assess", "--answers", str(answers), "--no-save", "--json")
            (tmp_path / "r.json").write_text(made.stdout, encoding="utf-8")
        done = invoke("--lang", lang, *args)
        assert done.exit_code == 0, done.output
        assert done.stdout == "", args
        assert wrote in done.stderr and args[-1] in done.stderr
        assert Path(args[-1]).stat().st_size > 0
    asked = invoke(
        "assess", "--answers", str(answers), "--no-save", "--json", "-o", str(tmp_path / "y.md")
    )
    assert json.loads(asked.stdout)["ratings"]  # --json beside -o still prints the JSON


# -- 12. the README's rule is the rule the tool prints ------------------------------------


def test_the_readmes_rule_states_the_core_skill_condition() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("**The rule**")
    paragraph = " ".join(readme[start : readme.index("\n\n", start)].split())
    # The three conditions of the line printed under every result (rule_line_core).
    assert "`min_share`" in paragraph and "`max_shortfall`" in paragraph
    assert "every core skill (★) of the level is rated at or above its expectation" in paragraph
