"""The check-in (``pmlevel agree``): only the skills where raters differ are discussed, each
rater's rating and note side by side; the outcome is a result with rater role ``agreed``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import CliRunner
from conftest import BACKSTOP, Invoke
from pmlevel.cli.app import app
from pmlevel.model.loader import load_model
from pty_session import PtySession

MODEL = load_model()
SKILLS = [skill.id for skill in MODEL.skills]
# Where the manager differs from the self-rating, in the order the questions come.
ORDER = [s.id for _, group in MODEL.categories() for s in group]
DIFFER = [s for s in ORDER if s in ("documentation", "data-analysis", "leadership")]


def write_pair(folder: Path, subject: str = "Li Lei") -> tuple[Path, Path]:
    """A self-rating (all 3) and a manager's (2 on documentation, 4 on data, 2 on leadership)."""
    mine = dict.fromkeys(SKILLS, 3)
    theirs = {**mine, "documentation": 2, "data-analysis": 4, "leadership": 2}
    self_file = folder / "self.yaml"
    self_file.write_text(
        json.dumps(
            {
                "ratings": mine,
                "subject": subject,
                "notes": {"documentation": "wrote the checkout PRD", "communication": "demos"},
            }
        ),
        encoding="utf-8",
    )
    manager_file = folder / "manager.yaml"
    manager_file.write_text(
        json.dumps(
            {
                "ratings": theirs,
                "subject": subject,
                "rater": {"role": "manager", "name": "Han"},
                "notes": {"documentation": "the PRD needed two rewrites"},
            }
        ),
        encoding="utf-8",
    )
    return self_file, manager_file


@pytest.fixture
def saved(invoke: Invoke, tmp_path: Path) -> tuple[str, str]:
    """The pair saved in the history as entries 1 and 2."""
    for path in write_pair(tmp_path):
        assert invoke("assess", "--answers", str(path)).exit_code == 0
    return "1", "2"


def test_agree_from_an_answers_file(invoke: Invoke, saved: tuple[str, str], tmp_path: Path) -> None:
    settled = tmp_path / "agreed.yaml"
    settled.write_text(
        "ratings: {documentation: 3, data-analysis: 3, leadership: 2}\n"
        "notes: {documentation: the second PRD needed no rewrite}\n",
        encoding="utf-8",
    )
    out = tmp_path / "agreed.json"
    result = invoke(
        "--lang", "en", "agree", *saved, "--answers", str(settled), "--json", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout is the result JSON alone
    assert data["rater"] == {"role": "agreed", "name": None}
    assert data["subject"] == "Li Lei"
    assert data["ratings"]["documentation"] == 3 and data["ratings"]["leadership"] == 2
    assert data["ratings"]["communication"] == 3  # all agreed: kept
    assert data["notes"]["documentation"] == "the second PRD needed no rewrite"
    assert data["notes"]["communication"] == "demos"  # evidence of kept skills stays
    assert json.loads(out.read_text(encoding="utf-8"))["rater"]["role"] == "agreed"
    assert "Saved as #3 · next: pmlevel plan 3" in result.stderr
    listed = json.loads(invoke("history", "--json").stdout)
    assert [e["rater"]["role"] for e in listed] == ["self", "manager", "agreed"]
    zh = invoke("--lang", "zh", "agree", *saved, "--answers", str(settled), "--no-save")
    assert zh.exit_code == 0 and "依据：共识评分" in zh.output


def test_agree_answers_must_settle_every_difference(
    invoke: Invoke, saved: tuple[str, str], tmp_path: Path
) -> None:
    settled = tmp_path / "agreed.yaml"
    settled.write_text("ratings: {documentation: 3}\n", encoding="utf-8")
    result = invoke("--lang", "en", "agree", *saved, "--answers", str(settled))
    assert result.exit_code == 2
    assert "data-analysis" in result.output and "leadership" in result.output
    assert "Traceback" not in result.output


def test_agree_needs_one_person_and_two_raters(
    invoke: Invoke, saved: tuple[str, str], tmp_path: Path
) -> None:
    one = invoke("--lang", "en", "agree", "1")
    assert one.exit_code == 2 and "at least two raters" in one.output
    again = invoke("--lang", "zh", "agree", "1", "1")  # the same self-rating twice
    assert again.exit_code == 2 and "至少两位评分人" in again.output
    (tmp_path / "han").mkdir()
    other, _ = write_pair(tmp_path / "han", subject="Han Meimei")
    invoke("assess", "--answers", str(other))
    mixed = invoke("--lang", "en", "agree", "1", "3")
    assert mixed.exit_code == 2 and "Han Meimei" in mixed.output


def test_no_terminal_and_no_answers_fails_at_once(home: Path, tmp_path: Path) -> None:
    env = {"PMLEVEL_HOME": str(home), "PATH": "/usr/bin:/bin"}
    results = []
    for index, path in enumerate(write_pair(tmp_path)):
        out = tmp_path / f"r{index}.json"
        # The two results are only the input: written in this process.
        _pmlevel(home, "assess", "--answers", str(path), "--no-save", "-o", str(out))
        results.append(str(out))
    for lang, words in (("en", "give the agreed ratings with --answers"), ("zh", "--answers FILE")):
        done = subprocess.run(
            [sys.executable, "-m", "pmlevel", "--lang", lang, "agree", *results],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=BACKSTOP,
            env=env,
        )
        assert done.returncode == 2
        assert words in done.stderr and done.stdout == ""


def test_merge_shows_the_agreed_rating_apart(
    invoke: Invoke, saved: tuple[str, str], tmp_path: Path
) -> None:
    settled = tmp_path / "agreed.yaml"
    settled.write_text(
        "ratings: {documentation: 5, data-analysis: 5, leadership: 5}\n", encoding="utf-8"
    )
    assert invoke("agree", *saved, "--answers", str(settled)).exit_code == 0
    data = json.loads(invoke("merge", "1", "2", "3", "--json").stdout)
    assert [r["role"] for r in data["raters"]] == ["self", "manager"]  # agreed is not a rater
    rows = {row["skill"]: row for row in data["skills"]}
    assert rows["documentation"]["agreed"] == 5
    assert [r["rating"] for r in rows["documentation"]["ratings"]] == [3, 2]
    assert data["agreed"]["rater"]["role"] == "agreed"
    # neither estimate moves: they are the self's and the manager's alone
    without = json.loads(invoke("merge", "1", "2", "--json").stdout)
    assert data["self_estimate"] == without["self_estimate"]
    assert data["others_estimate"] == without["others_estimate"]
    en = invoke("--lang", "en", "merge", "1", "2", "3")
    assert "agreed" in en.output and "Agreed at the check-in" in en.output
    zh = invoke("--lang", "zh", "merge", "1", "2", "3")
    assert "共识" in zh.output


def _pmlevel(home: Path, *args: str) -> None:
    """``pmlevel ARGS`` in this process, for a test's input: what the test is about, the
    terminal or its absence, runs in a process of its own."""
    done = CliRunner().invoke(app, list(args), env={"PMLEVEL_HOME": str(home)})
    assert done.exit_code == 0, done.output


def _pty_pair(home: Path, tmp_path: Path) -> list[str]:
    for path in write_pair(tmp_path):
        _pmlevel(home, "assess", "--answers", str(path))
    return ["1", "2"]


def test_a_check_in_in_the_terminal(home: Path, tmp_path: Path) -> None:
    entries = _pty_pair(home, tmp_path)
    session = PtySession(["agree", *entries, "--json"], home)
    session.expect("They differ on 3 skill(s)")
    session.expect("1/3")
    session.expect("the PRD needed two rewrites")  # the manager's note beside the self's
    assert "wrote the checkout PRD" in session.screen
    session.type("?")
    session.expect("Ctrl-C or q")
    session.type("3 the second PRD needed no rewrite")
    session.expect("2/3")
    session.type("b")
    session.expect("Enter keeps 3")
    session.type("")
    session.expect("2/3")
    session.type("4")
    session.expect("3/3")
    session.type("2")
    code, out = session.finish()
    assert code == 0, session.screen[-2000:]
    result = json.loads(out)
    assert result["rater"]["role"] == "agreed"
    settled = {s: result["ratings"][s] for s in DIFFER}
    assert settled == dict(zip(DIFFER, (3, 4, 2), strict=True))
    assert result["notes"][DIFFER[0]] == "the second PRD needed no rewrite"
    assert "Saved as #3 · next: pmlevel plan 3" in session.screen


def test_ctrl_c_keeps_the_check_in_and_resume_continues(home: Path, tmp_path: Path) -> None:
    entries = _pty_pair(home, tmp_path)
    first = PtySession(["agree", *entries], home, lang="zh")
    first.expect("评分不同的技能有 3 项")
    first.expect("1/3")
    first.type("3")
    first.expect_prompt("2/3")
    first.press("\x03")
    code, _ = first.finish()
    assert code == 130
    assert "已保存 1 项商定的评分" in first.screen
    second = PtySession(["agree", *entries, "--resume", "--json"], home)
    second.expect("Resuming: 1/3 answered")
    second.expect("2/3")
    second.type("4")
    second.expect("3/3")
    second.type("2")
    code, out = second.finish()
    assert code == 0, second.screen[-2000:]
    assert [json.loads(out)["ratings"][s] for s in DIFFER] == [3, 4, 2]
    assert not list((home / "state" / "drafts").glob("agree-*.json"))


def test_raters_who_agree_everywhere_need_no_questions(invoke: Invoke, tmp_path: Path) -> None:
    same = dict.fromkeys(SKILLS, 3)
    for role in ("self", "manager"):
        path = tmp_path / f"{role}.json"
        answers = {"ratings": same, "subject": "Li Lei", "rater": {"role": role}}
        path.write_text(json.dumps(answers), encoding="utf-8")
        assert invoke("assess", "--answers", str(path)).exit_code == 0
    for lang, words in (("en", "same rating to every skill"), ("zh", "评分都一致")):
        done = invoke("--lang", lang, "agree", "1", "2", "--json", "--no-save")
        assert done.exit_code == 0, done.output  # no terminal, and none needed
        assert words in done.stderr
        result = json.loads(done.stdout)
        assert result["rater"]["role"] == "agreed" and result["ratings"] == same
