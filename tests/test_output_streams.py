"""Where the output goes when it cannot go anywhere: a stdout that is full or closed is one
line on stderr and an exit code, never a traceback nor a silent success
(docs/reference.md#exit-codes)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers_answers import ANSWERS, SMALL
from helpers_process import run

Write = Callable[[str, str], Path]


FULL = "pmlevel: cannot write the output (No space left on device).\n"


CLOSED = (
    "pmlevel: stdout is closed, so the output went nowhere; run it again with stdout "
    "going to a file or a pipe.\n"
)


@pytest.mark.parametrize(
    "args",
    [["--help"], ["levels", "--help"], ["levels"], ["skills", "--json"], ["show", "2"]],
    ids=" ".join,
)
def test_output_into_a_full_device_is_one_line_and_exit_2(home: Path, args: list[str]) -> None:
    """``pmlevel levels > /dev/full`` : a full disk is not unexpected."""
    with Path("/dev/full").open("w") as full:
        done = run(home, *args, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr == FULL


def test_a_full_device_is_said_in_chinese_too(home: Path) -> None:
    with Path("/dev/full").open("w") as full:
        done = run(home, "levels", lang="zh", stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr == "pmlevel：无法写出输出（No space left on device）。\n"


@pytest.mark.parametrize(
    ("lang", "args"),
    [("en", ["levels"]), ("en", ["--help"]), ("en", ["skills", "--json"]), ("zh", ["show", "2"])],
)
def test_with_stdout_closed_it_says_so_and_exits_1(home: Path, lang: str, args: list[str]) -> None:
    """``pmlevel levels >&-``  exited 0 with nothing delivered."""
    done = run(home, *args, lang=lang, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    if lang == "zh":
        assert done.stderr == (
            "pmlevel：标准输出已关闭，输出无处送达；请让标准输出指向文件或管道后重新运行。\n"
        )
    else:
        assert done.stderr == CLOSED


def test_with_stdout_closed_a_command_that_prints_nothing_still_succeeds(
    home: Path, tmp_path: Path
) -> None:
    form = tmp_path / "form.html"
    done = run(
        home, "form", "-o", str(form), stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1)
    )
    assert done.returncode == 0, done.stderr
    assert form.is_file() and f"Wrote {form}" in done.stderr


def test_a_closed_stdout_does_not_write_into_the_history(home: Path, write: Write) -> None:
    answers = write("a.yaml", ANSWERS)
    done = run(
        home,
        "--model",
        SMALL,
        "assess",
        "--answers",
        str(answers),
        "--json",
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    # saved, then the JSON could not be delivered: said, and not a success
    assert done.returncode == 1, done.stderr
    assert done.stderr.endswith(CLOSED)
    listed = run(home, "history", "--json", capture_output=True)
    assert listed.returncode == 0, listed.stderr
    assert [e["subject"] for e in json.loads(listed.stdout)] == ["Li Lei"]
