"""A named pipe given where a file belongs (a model, an answers file, a result, a team
member) is refused or skipped at once, never waited on (docs/reference.md#bad-input)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers_answers import ANSWERS, SMALL
from helpers_process import run

Write = Callable[[str, str], Path]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("where", ["--model", "--answers", "report"])
def test_a_named_pipe_is_refused_without_waiting_for_it(
    home: Path, fifo: Path, write: Write, where: str
) -> None:
    answers = write("a.yaml", ANSWERS)
    args = {
        "--model": ["--model", str(fifo), "levels"],
        "--answers": ["--model", SMALL, "assess", "--answers", str(fifo)],
        "report": ["--model", SMALL, "report", str(fifo)],
    }[where]
    del answers
    done = run(home, *args, capture_output=True)
    assert done.returncode == 2
    assert f"{fifo}: this is not a regular file (a pipe, a device or a socket)" in done.stderr


def test_a_named_pipe_given_to_team_is_skipped_without_waiting(
    home: Path, fifo: Path, write: Write, tmp_path: Path
) -> None:
    answers = write("a.yaml", ANSWERS)
    result = tmp_path / "li.json"
    made = run(home, "--model", SMALL, "assess", "--answers", str(answers), "-o", str(result))
    assert made.returncode == 0
    done = run(
        home, "--model", SMALL, "team", str(result), str(fifo), "--json", capture_output=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["skipped"] == [{"file": str(fifo), "reason": "not_a_file"}]
