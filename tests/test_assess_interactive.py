"""The interactive assessment in a real pseudo-terminal: answering, going back, help,
Ctrl-C keeping the answers, ``--resume`` asking only the rest, EOF, and no terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import BACKSTOP
from helpers_answers import SMALL
from pmlevel.assess.drafts import Draft, draft_path, save_draft
from pmlevel.model.loader import load_model
from pty_session import PtySession

SKILLS = 19


def test_a_whole_session_answers_every_skill(home: Path) -> None:
    session = PtySession(["assess", "--no-save", "--json"], home)
    session.expect("1/19")
    session.expect("Knows terms like lifecycle, MVP")  # the skill's own anchors are on screen
    session.type("?")
    session.expect("Ctrl-C or q")
    session.type("９")  # off the scale (a full-width digit still parses)
    session.expect("The rating must be from 1 to 5")
    session.type("４ shipped a v2 of the onboarding flow")  # full-width digit and a note
    session.expect("2/19")
    session.type("b")
    session.expect("Enter keeps 4")
    session.type("")  # keep it
    for number in range(2, SKILLS + 1):
        session.expect(f"{number}/19")
        session.type("3")
    code, out = session.finish()
    assert code == 0, session.screen[-2000:]
    result = json.loads(out)  # stdout holds only the JSON: the questions went to the terminal
    assert result["ratings"]["product-fundamentals"] == 4
    assert result["notes"]["product-fundamentals"] == "shipped a v2 of the onboarding flow"
    assert sorted(set(result["ratings"].values())) == [3, 4]
    assert result["estimate"]["level"] == "mid"


def test_ctrl_c_keeps_answers_and_resume_asks_only_the_rest(home: Path) -> None:
    first = PtySession(["assess", "--no-save"], home)
    first.expect("Rate yourself on the 19 skills")
    for number in range(1, 6):
        first.expect(f"{number}/19")
        first.type("2")
    first.expect_prompt("6/19")
    first.press("\x03")
    code, _ = first.finish()
    assert code == 130
    assert "5 answers kept. Continue with: pmlevel assess --resume" in first.screen
    drafts = list((home / "state" / "drafts").glob("*.json"))
    assert len(drafts) == 1

    # --no-save was given the first time: resuming without it still does not save.
    second = PtySession(["assess", "--resume", "--json"], home, lang="zh")
    second.expect("继续上次的评估：已回答 5/19 项")
    second.expect("6/19")
    assert "1/19" not in second.screen  # answered skills are not asked again
    for number in range(6, SKILLS + 1):
        second.expect(f"{number}/19")
        second.type("5")
    code, out = second.finish()
    assert code == 0
    ratings = json.loads(out)["ratings"]
    assert list(ratings.values()).count(2) == 5
    assert list(ratings.values()).count(5) == SKILLS - 5
    assert not list((home / "state" / "drafts").glob("*.json"))  # done: the draft is gone
    assert not (home / "history.sqlite3").exists()


def test_end_of_input_stops_instead_of_asking_again(home: Path) -> None:
    session = PtySession(["assess", "--no-save"], home)
    session.expect("1/19")
    session.type("1")
    session.expect("2/19")
    session.press("\x04")  # Ctrl-D on an empty line
    code, _ = session.finish()
    assert code == 130
    assert "1 answer kept" in session.screen


def test_no_terminal_and_no_answers_fails_at_once(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pmlevel", "--lang", "en", "assess"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BACKSTOP,
        env={"PMLEVEL_HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert "--answers" in result.stderr
    assert result.stdout == ""


def test_rating_someone_else_says_so(home: Path) -> None:
    session = PtySession(["assess", "--rater", "manager", "--subject", "Li Lei"], home)
    session.expect("Rate Li Lei on the 19 skills")
    session.expect_prompt("1/19")
    session.press("\x03")
    code, _ = session.finish()
    assert code == 130
    assert "Rate yourself" not in session.screen


def test_a_resumed_draft_with_ratings_off_the_scale_asks_them_again(home: Path) -> None:
    model = load_model(Path(SMALL))
    save_draft(
        home / "state",
        Draft(model.sha256, ratings={"discovery": 99, "delivery": -5, "influence": 2}),
    )
    assert draft_path(home / "state", model.sha256).exists()

    session = PtySession(["--model", SMALL, "assess", "--resume", "--json", "--no-save"], home)
    session.expect("1/3")
    session.type("3")
    session.expect("2/3")
    session.type("1")
    code, out = session.finish()

    assert code == 0, session.screen[-2000:]
    assert json.loads(out)["ratings"] == {"discovery": 3, "delivery": 1, "influence": 2}
