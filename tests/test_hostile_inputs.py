"""The smaller findings of the second attack run (docs/reference.md#bad-input): each is a clear
message and an exit code, never a traceback, a hang or a malformed file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.dom.minidom
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BACKSTOP, FIXTURES, Invoke

Write = Callable[[str, str], Path]
SMALL = str(FIXTURES / "small.yaml")
ANSWERS = "ratings: {discovery: 2, delivery: 2, influence: 1}\nsubject: Li Lei\n"


def run(
    home: Path, *args: str, lang: str = "en", **kwargs: object
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMLEVEL", "LC_"))}
    env.update({"PMLEVEL_HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"})
    return subprocess.run(
        [sys.executable, "-m", "pmlevel", "--lang", lang, *args],
        env=env,
        text=True,
        timeout=BACKSTOP,  # a hang guard, not a measurement
        **kwargs,  # type: ignore[call-overload]
    )


def test_a_symlink_loop_in_a_team_folder_is_skipped_and_named(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    answers = write("a.yaml", ANSWERS)
    made = invoke(
        "--model", SMALL, "assess", "--answers", str(answers), "-o", str(folder / "li.json")
    )
    assert made.exit_code == 0, made.output
    (folder / "loop.json").symlink_to("loop.json")

    done = invoke("--lang", "en", "--model", SMALL, "team", str(folder), "--json")

    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["people"] == 1
    assert data["skipped"] == [{"file": str(folder / "loop.json"), "reason": "unreadable"}]


def test_an_entry_id_too_large_for_the_history_is_a_usage_error(
    invoke: Invoke, write: Write
) -> None:
    answers = write("a.yaml", ANSWERS)
    assert invoke("--model", SMALL, "assess", "--answers", str(answers)).exit_code == 0
    done = invoke("--lang", "en", "--model", SMALL, "progress", "1", "99999999999999999999999")
    assert done.exit_code == 2
    assert "there is no assessment 99999999999999999999999 in the history" in done.stderr
    assert "Unexpected" not in done.stderr


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


MODEL = """\
schema_version: 1
name: Acme
default_language: en
scale: {{min: 0, max: 2, anchors: {{0: none, 1: some, 2: much}}}}
skills:
  - {{id: discovery, name: "{skill}"}}
levels:
  - {{id: pm1, name: "{first}", expectations: {{discovery: 1}}}}
  - {{id: pm2, name: "{second}", expectations: {{discovery: 2}}}}
"""


@pytest.mark.parametrize("name", ["\\u200b", "\\u202e\\u2066", "\\x1b\\x07", "\\u3164", "\\u00ad"])
def test_a_name_of_only_invisible_characters_is_empty(
    invoke: Invoke, write: Write, name: str
) -> None:
    model = write("m.yaml", MODEL.format(skill=name, first="PM I", second="PM II"))
    done = invoke("--lang", "en", "validate", str(model))
    assert done.exit_code == 2
    assert f"{model}:6:" in done.stderr and "skills[0].name: text must not be empty" in done.stderr


def test_names_that_differ_only_by_invisible_characters_are_the_same_name(
    invoke: Invoke, write: Write
) -> None:
    model = write("m.yaml", MODEL.format(skill="Discovery", first="PM", second="P\\u200bM"))
    done = invoke("--lang", "en", "validate", str(model))
    assert done.exit_code == 2
    assert "levels[1].name: 'P\u200bM' is already used by level pm1" in done.stderr


def test_schema_version_true_is_refused_in_answers_too(invoke: Invoke, write: Write) -> None:
    answers = write("a.yaml", "schema_version: true\nmodel: {name: x, sha256: y}\n" + ANSWERS)
    done = invoke("--lang", "en", "--model", SMALL, "assess", "--answers", str(answers))
    assert done.exit_code == 2
    assert f"{answers}:1:17: schema_version: schema_version must be a whole number" in done.stderr


@pytest.mark.parametrize("escape", ["\\ufffe", "\\uffff"])
def test_an_svg_with_xml_invalid_characters_is_well_formed(
    invoke: Invoke, write: Write, tmp_path: Path, escape: str
) -> None:
    answers = write(
        "a.json",
        '{"ratings": {"discovery": 2, "delivery": 2, "influence": 1}, '
        f'"rater": {{"name": "Han{escape}Mei"}}, "notes": {{"delivery": "a{escape}b"}}}}',
    )
    picture = tmp_path / "r.svg"
    done = invoke(
        "--model",
        SMALL,
        "assess",
        "--answers",
        str(answers),
        "--subject",
        "Li\ufffeLei",
        "--no-save",
        "-o",
        str(picture),
    )
    assert done.exit_code == 0, done.output
    xml.dom.minidom.parseString(picture.read_bytes())  # raises when not well-formed
    assert "LiLei" in picture.read_text(encoding="utf-8")
