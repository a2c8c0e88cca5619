"""Odd terminals and pipes, with real processes: an ASCII-only stdout, ``TERM=dumb``,
``NO_COLOR``, 40 and 200 columns, a reader that has gone away, no stdin. Each command
still works and says nothing confusing: no traceback, no "Exception ignored", no
escape sequence where none belongs, no line wider than the terminal.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

import pytest
from rich.cells import cell_len

import inprocess
from conftest import BACKSTOP, FIXTURES
from helpers_world import COMMANDS, World, build_world
from pmlevel.text.i18n import LANGUAGES

TIMEOUT = BACKSTOP  # a hang guard only
SGR_OR_OSC = re.compile(r"\x1b[\[\]]")

# A Chinese model name, subject and rater, so an ASCII-only terminal has something to choke on.
MODEL = (
    (FIXTURES / "small.yaml")
    .read_text(encoding="utf-8")
    .replace("name: Acme PM ladder", "name: {en: Acme PM ladder · 阶梯, zh: 产品经理职级}")
)
SUBJECT = "subject: 李雷\n"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(
        tmp_path_factory.mktemp("terminal"),
        MODEL,
        self_extra=SUBJECT + "notes: {discovery: 访谈了 12 位用户 — “很有用”}\n",
        manager_extra=SUBJECT + "rater: {role: manager, name: 韩梅梅}\n",
    )


def environment(world: World, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PMLEVEL", "LC_", "PYTHONIOENCODING", "FORCE_COLOR"))
        and k not in ("LANG", "NO_COLOR", "COLUMNS", "TERM", "LINES")
    }
    env.update({"PMLEVEL_HOME": str(world.home), "PMLEVEL_MODEL": str(world.model)})
    env.update(extra)
    return env


def pmlevel(world: World, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``pmlevel ARGS`` in this process, as a new process with this environment would run it."""
    return inprocess.run(list(args), environment(world, **env))


def pmlevel_process(
    world: World, *args: str, stdin: int | None = subprocess.DEVNULL, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """A real process, for what only one shows (a closed pipe, a closed stdin)."""
    return subprocess.run(
        [sys.executable, "-m", "pmlevel", *args],
        env=environment(world, **env),
        stdin=stdin,
        capture_output=True,
        timeout=TIMEOUT,
    )


def assert_calm(stderr: str) -> None:
    for noise in ("Traceback", "Exception ignored", "Unexpected error", "BrokenPipeError"):
        assert noise not in stderr, stderr


# -- an ASCII-only stdout ---------------------------------------------------------------

ASCII = {"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_ascii_only_terminal_gets_question_marks_not_a_traceback(
    world: World, command: str, lang: str
) -> None:
    done = pmlevel(world, "--lang", lang, *world.args(command), **ASCII)
    assert done.returncode == 0, done.stderr
    assert_calm(done.stderr.decode("ascii"))
    shown = done.stdout.decode("ascii")  # nothing but ASCII arrived
    assert shown.strip()
    if lang == "en" and command in ("levels", "show", "show --vs"):
        assert "PM I" in shown


@pytest.mark.parametrize("command", ["levels", "skills", "show --vs", "assess"])
def test_an_ascii_only_terminal_keeps_tables_aligned(world: World, command: str) -> None:
    """Each character it cannot show becomes one "?" per column it would have taken."""
    done = pmlevel(world, "--lang", "zh", *world.args(command), COLUMNS="80", **ASCII)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("ascii").splitlines()
    assert "?" in "".join(lines)
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]


@pytest.mark.parametrize(
    "args",
    [
        ["assess", "--answers", "ANSWERS", "--no-save", "--json"],
        ["history", "--json"],
        ["skills", "--json"],
        ["schema", "result"],
        ["report", "SELF", "--json"],
        ["merge", "SELF", "MANAGER", "--json"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_json_on_an_ascii_only_stdout_is_valid_and_loses_nothing(
    world: World, args: list[str]
) -> None:
    files = {"ANSWERS": world.answers, "SELF": world.self_result, "MANAGER": world.manager_result}
    done = pmlevel(world, *(str(files.get(a, a)) for a in args), **ASCII)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout.decode("ascii"))
    if args[0] in ("assess", "report"):
        assert data["subject"] == "李雷"
    if args[0] == "history":
        assert {entry["subject"] for entry in data} == {"李雷"}


def test_an_ascii_only_terminal_gets_errors_and_help_without_a_traceback(world: World) -> None:
    broken = world.root / "坏的.yaml"
    broken.write_text("schema_version: 1\nname: 名字\n", encoding="utf-8")
    done = pmlevel(world, "--lang", "zh", "validate", str(broken), **ASCII)
    assert done.returncode == 2
    err = done.stderr.decode("ascii")
    assert_calm(err)
    assert ".yaml:1:1:" in err  # still located
    for args, phrase in ((["--help"], "assess"), (["assess", "--help"], "--answers")):
        helped = pmlevel(world, "--lang", "zh", *args, **ASCII)
        assert helped.returncode == 0, helped.stderr
        assert_calm(helped.stderr.decode("ascii"))
        assert phrase in helped.stdout.decode("ascii")


def test_the_c_locale_alone_still_shows_chinese(world: World) -> None:
    """Python reads LANG=C as UTF-8 (PEP 538/540), so nothing is replaced there."""
    done = pmlevel(world, "--lang", "zh", "levels", LANG="C", LC_ALL="C")
    assert done.returncode == 0, done.stderr
    assert "产品经理职级" in done.stdout.decode("utf-8")


# -- colour and escape sequences on a real terminal ---------------------------------------


def on_a_terminal(world: World, *args: str, **env: str) -> tuple[int, str]:
    """Run with stdin, stdout and stderr on a pseudo-terminal; return the exit code and screen."""
    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pmlevel", *args],
            env=environment(world, **env),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            timeout=TIMEOUT,
        )
    finally:
        os.close(slave)
    screen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal has no more to give
            break
        if not chunk:
            break
        screen += chunk
    os.close(master)
    return done.returncode, screen.decode("utf-8")


TERMINAL_COMMANDS = [
    ["levels"],
    ["show", "1", "--vs", "3"],
    ["assess", "--answers", "ANSWERS", "--no-save"],
    ["history"],
    ["validate", "/no/such/model.yaml"],
    ["show", "nowhere"],
    ["--help"],
    ["assess", "--rater", "boss"],
]


def terminal_args(world: World, args: list[str]) -> list[str]:
    return [str(world.answers) if a == "ANSWERS" else a for a in args]


@pytest.mark.parametrize("args", TERMINAL_COMMANDS, ids=" ".join)
def test_a_colour_terminal_gets_colour(world: World, args: list[str]) -> None:
    """The control case: the pseudo-terminal really does show escape sequences."""
    code, screen = on_a_terminal(world, *terminal_args(world, args), TERM="xterm-256color")
    assert code in (0, 2), screen
    assert SGR_OR_OSC.search(screen) or (args[0] in ("validate", "show") and code == 2), screen


@pytest.mark.parametrize("env", [{"TERM": "dumb"}, {"TERM": "xterm-256color", "NO_COLOR": "1"}])
@pytest.mark.parametrize("args", TERMINAL_COMMANDS, ids=" ".join)
def test_a_dumb_terminal_or_no_color_gets_no_escape_sequences_at_all(
    world: World, args: list[str], env: dict[str, str]
) -> None:
    code, screen = on_a_terminal(world, *terminal_args(world, args), **env)
    assert code in (0, 2), screen
    assert "\x1b" not in screen, repr(screen[:400])
    assert_calm(screen)


# -- width ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_40_columns_are_never_exceeded(world: World, command: str, lang: str) -> None:
    done = pmlevel(world, "--lang", lang, *world.args(command), COLUMNS="40")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    assert lines
    assert [line for line in lines if cell_len(line) > 40] == []


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_200_columns_are_used_and_never_exceeded(world: World, command: str, lang: str) -> None:
    narrow = pmlevel(world, "--lang", lang, *world.args(command), COLUMNS="80")
    wide = pmlevel(world, "--lang", lang, *world.args(command), COLUMNS="200")
    assert wide.returncode == 0, wide.stderr
    lines = wide.stdout.decode("utf-8").splitlines()
    assert [line for line in lines if cell_len(line) > 200] == []
    # The wide terminal never needs more lines than the narrow one.
    assert len(lines) <= len(narrow.stdout.decode("utf-8").splitlines())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_columns_zero_falls_back_to_80_for_screens_and_errors(world: World, lang: str) -> None:
    """``COLUMNS=0`` : Rich took it at its word and printed nothing.

    The ``COLUMNS=0`` runs are real processes: Rich reads the environment it was
    imported with. What they are compared with, the output at 80 columns and the error
    with no COLUMNS at all, is the same in this process (tests/inprocess.py)."""
    for args in (["levels"], ["show", "1", "--vs", "3"]):
        shown = pmlevel_process(world, "--lang", lang, *args, COLUMNS="0")
        at_80 = pmlevel(world, "--lang", lang, *args, COLUMNS="80")
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.strip() and shown.stdout == at_80.stdout
    refused = pmlevel_process(world, "--lang", lang, "show", "nowhere", COLUMNS="0")
    assert refused.returncode == 2
    assert "nowhere" in refused.stderr.decode("utf-8")
    assert refused.stderr == pmlevel(world, "--lang", lang, "show", "nowhere").stderr


# -- pipes and stdin ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["levels"],
        ["skills"],
        ["--lang", "zh", "show", "2"],
        ["skills", "--json"],
        ["assess", "--answers", "ANSWERS", "--no-save"],
        ["assess", "--answers", "ANSWERS", "--no-save", "--json"],
        ["history", "--json"],
        ["schema"],
        ["--help"],
        ["--version"],
    ],
    ids=" ".join,
)
def test_a_reader_that_went_away_ends_it_quietly(world: World, args: list[str]) -> None:
    """Like ``pmlevel skills | head -1`` where head is gone before pmlevel writes a byte."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pmlevel", *terminal_args(world, args)],
            env=environment(world),
            stdin=subprocess.DEVNULL,
            stdout=writer,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
        )
    finally:
        os.close(writer)
    assert done.stderr == b""  # no traceback, no "Exception ignored", no error line
    assert done.returncode in (0, 1)  # as Click and Rich end on EPIPE; never a crash


def test_head_gets_its_line(world: World) -> None:
    env = environment(world, COLUMNS="80")
    done = subprocess.run(
        f"{sys.executable} -m pmlevel skills | head -1",
        shell=True,
        env=env,
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0
    assert len(done.stdout.decode("utf-8").splitlines()) == 1
    assert done.stderr == b""


@pytest.mark.parametrize("stdin", ["closed", "/dev/null", "a pipe"])
def test_without_a_terminal_on_stdin_assess_asks_for_an_answers_file(
    world: World, stdin: str
) -> None:
    command = [sys.executable, "-m", "pmlevel", "--lang", "en", "assess"]
    if stdin == "closed":
        done = subprocess.run(
            " ".join(command) + " <&-",
            shell=True,
            env=environment(world),
            capture_output=True,
            timeout=TIMEOUT,
        )
    elif stdin == "/dev/null":
        done = pmlevel(world, "--lang", "en", "assess")
    else:
        done = subprocess.run(
            command,
            env=environment(world),
            input=b"3\n3\n3\n",
            capture_output=True,
            timeout=TIMEOUT,
        )
    assert done.returncode == 2
    err = " ".join(done.stderr.decode("utf-8").split())
    assert err == (
        "Error: stdin is not a terminal, so there is no one to ask; give the ratings "
        "with --answers FILE (see pmlevel schema answers)."
    )
    assert done.stdout == b""


@pytest.mark.parametrize("command", ["levels", "history", "report", "merge"])
def test_commands_that_need_no_input_work_with_stdin_closed(world: World, command: str) -> None:
    args = " ".join(f"'{a}'" for a in world.args(command))
    done = subprocess.run(
        f"{sys.executable} -m pmlevel {args} <&-",
        shell=True,
        env=environment(world),
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    assert done.stderr == b""
