"""A user's world for end-to-end checks: a model, answers, a history, result files, a team.

Built with the real commands, so every later command (``history``, ``progress``,
``plan``, ``report``, ``merge``, ``team``) has something to show. Used by the
terminal tests and the untrusted-text tests, each with its own model and answers.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cli_runner import CliRunner, Result
from pmlevel.cli.app import app

SMALL_SKILLS = ("discovery", "delivery", "influence")


@dataclass
class World:
    root: Path
    home: Path
    model: Path
    answers: Path  # the self-rating answers file
    self_result: Path
    manager_result: Path
    team: Path

    def args(self, command: str) -> list[str]:
        """The arguments that run *command* on this world's files."""
        return {
            "levels": ["levels"],
            "show": ["show", "1"],
            "show --vs": ["show", "1", "--vs", "3"],
            "skills": ["skills"],
            "assess": ["assess", "--answers", str(self.answers), "--no-save"],
            "report": ["report", str(self.self_result)],
            "plan": ["plan"],
            "plan FILE": ["plan", str(self.self_result)],
            "history": ["history"],
            "progress": ["progress"],
            "merge": ["merge", str(self.self_result), str(self.manager_result)],
            "team": ["team", str(self.team)],
            "jd": ["jd", "1"],
            "interview": ["interview", "2", "--all"],
            "case": ["case", str(self.self_result), str(self.manager_result)],
        }[command]


COMMANDS = (
    "levels",
    "show",
    "show --vs",
    "skills",
    "assess",
    "report",
    "plan",
    "plan FILE",
    "history",
    "progress",
    "merge",
    "team",
    "jd",
    "interview",
    "case",
)


def answers_text(ratings: tuple[int, int, int], extra: str = "") -> str:
    pairs = ", ".join(
        f"{skill}: {value}" for skill, value in zip(SMALL_SKILLS, ratings, strict=True)
    )
    return f"ratings: {{{pairs}}}\n{extra}"


def build_world(
    root: Path,
    model_text: str,
    *,
    self_extra: str = "subject: Li Lei\n",
    manager_extra: str = "subject: Li Lei\nrater: {role: manager, name: Han}\n",
    edit_result: Callable[[str], str] | None = None,
) -> World:
    """A model with the small fixture's skills, two saved self-assessments (so ``progress``
    has a pair), a self and a manager result file, and a team folder of both."""
    home = root / "home"
    home.mkdir(parents=True)
    model = root / "model.yaml"
    model.write_text(model_text, encoding="utf-8")
    first = root / "first.yaml"
    first.write_text(answers_text((1, 2, 0), self_extra), encoding="utf-8")
    answers = root / "answers.yaml"
    answers.write_text(answers_text((2, 3, 1), self_extra), encoding="utf-8")
    manager = root / "manager.yaml"
    manager.write_text(answers_text((3, 3, 2), manager_extra), encoding="utf-8")
    self_result = root / "self.json"
    manager_result = root / "manager.json"

    def run(*args: str) -> Result:
        env = {"PMLEVEL_HOME": str(home), "PMLEVEL_LANG": "en"}
        result = CliRunner().invoke(app, ["--model", str(model), *args], env=env)
        assert result.exit_code == 0, result.stdout + result.stderr
        return result

    run("assess", "--answers", str(first))
    run("assess", "--answers", str(answers), "-o", str(self_result))
    run("assess", "--answers", str(manager), "--no-save", "-o", str(manager_result))
    if edit_result is not None:
        for path in (self_result, manager_result):
            path.write_text(edit_result(path.read_text(encoding="utf-8")), encoding="utf-8")
    team = root / "team"
    team.mkdir()
    shutil.copy(self_result, team / "li.json")
    shutil.copy(manager_result, team / "li-by-han.json")
    return World(root, home, model, answers, self_result, manager_result, team)
