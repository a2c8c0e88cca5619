"""Hostile text stays text (docs/reference.md#inert-text): no escape byte from a file name or an
option reaches the screen, and a subject holding a newline and a code fence cannot break
out of the plan's Markdown, nor put live HTML in it.

Each suggested command names the same subject or file when pasted into bash: text that
is not printable is written with bash's ``$'...'`` escapes, on one line.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import markdown_it
import pytest

from conftest import BACKSTOP, FIXTURES, Invoke
from pmlevel.text.safe import shell_quote

Write = Callable[[str, str], Path]
SMALL = str(FIXTURES / "small.yaml")
ANSWERS = "ratings: {discovery: 2, delivery: 2, influence: 1}\nsubject: Li Lei\n"
ESC = "\x1b[2J\x1b]8;;http://evil\x07"
NAME_ESC = "\x1b[2J\x1b]8;;evil\x07"  # in a file name: no slash
HOSTILE = "x\n```\n<img src=x onerror=alert(1)>\n"


def no_escapes(*texts: str) -> None:
    for text in texts:
        assert "\x1b" not in text and "\x07" not in text, repr(text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unknown_option_is_shown_without_its_escape_bytes(invoke: Invoke, lang: str) -> None:
    done = invoke("--lang", lang, "levels", f"--x{ESC}")
    assert done.exit_code == 2
    no_escapes(done.stdout, done.stderr)
    assert "--x[2J]8;;http://evil" in done.stderr


def test_teams_skipped_list_shows_file_names_without_escape_bytes(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    answers = write("a.yaml", ANSWERS)
    ok = folder / "ok.json"
    assert (
        invoke("--model", SMALL, "assess", "--answers", str(answers), "-o", str(ok)).exit_code == 0
    )
    (folder / f"bad{NAME_ESC}.json").write_text("{}")

    done = invoke("--lang", "en", "--model", SMALL, "team", str(folder))

    assert done.exit_code == 0, done.output
    no_escapes(done.stdout, done.stderr)
    assert "bad[2J]8;;evil.json" in done.stdout


def test_merges_header_shows_file_names_without_escape_bytes(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    answers = write("a.yaml", ANSWERS)
    mine = tmp_path / f"mine{NAME_ESC}.json"
    theirs = tmp_path / "theirs.json"
    assert (
        invoke("--model", SMALL, "assess", "--answers", str(answers), "-o", str(mine)).exit_code
        == 0
    )
    manager = write("m.yaml", ANSWERS + "rater: {role: manager, name: Han}\n")
    assert (
        invoke("--model", SMALL, "assess", "--answers", str(manager), "-o", str(theirs)).exit_code
        == 0
    )

    done = invoke(
        "--lang", "en", "--model", SMALL, "merge", str(mine), str(theirs), env={"COLUMNS": "400"}
    )

    assert done.exit_code == 0, done.output
    no_escapes(done.stdout, done.stderr)
    assert "mine[2J]8;;evil.json" in done.stdout


def test_plans_suggested_command_quotes_a_hostile_file_name_on_one_line(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    answers = write("a.yaml", ANSWERS)
    mine = tmp_path / f"mine{NAME_ESC}.json"
    assert (
        invoke("--model", SMALL, "assess", "--answers", str(answers), "-o", str(mine)).exit_code
        == 0
    )

    done = invoke("--lang", "en", "--model", SMALL, "plan", str(mine), env={"COLUMNS": "400"})

    assert done.exit_code == 0, done.output
    no_escapes(done.stdout, done.stderr)
    assert f"pmlevel merge {shell_quote(str(mine))} li-lei-manager.json" in done.stdout


@pytest.mark.parametrize(
    "value", ["Li Lei", HOSTILE, f"it's {ESC}", "a\\b\t😀\u200b\u202e", "--subject"]
)
def test_a_quoted_word_names_the_same_text_in_bash(value: str) -> None:
    quoted = shell_quote(value)
    assert "\n" not in quoted and "\x1b" not in quoted and quoted.isprintable()
    said = subprocess.run(
        ["bash", "-c", f"printf %s {quoted}"],
        capture_output=True,
        env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        timeout=BACKSTOP,
    )
    assert said.stdout.decode("utf-8") == value


def test_a_hostile_subject_stays_inert_in_plan_markdown(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    answers = write("a.yaml", ANSWERS.replace("subject: Li Lei\n", ""))
    saved = invoke("--model", SMALL, "assess", "--answers", str(answers), "--subject", HOSTILE)
    assert saved.exit_code == 0, saved.output
    out = tmp_path / "plan.md"

    done = invoke("--lang", "en", "--model", SMALL, "plan", "--subject", HOSTILE, "-o", str(out))

    assert done.exit_code == 0, done.output
    text = out.read_text(encoding="utf-8")
    html = markdown_it.MarkdownIt("commonmark").render(text)
    assert "<img" not in html  # escaped as &lt;img, or inside a code block
    # The commands are one line each, inside one fence the subject cannot close.
    lines = text.splitlines()
    opening = next(i for i, line in enumerate(lines) if line.strip().startswith("```"))
    fence = lines[opening].strip()
    closing = next(i for i in range(opening + 1, len(lines)) if lines[i].strip() == fence)
    commands = [line.strip() for line in lines[opening + 1 : closing]]
    assert commands and all(command.startswith("pmlevel ") for command in commands)
    assert f"--subject {shell_quote(HOSTILE)}" in commands[0]
    parsed = markdown_it.MarkdownIt("commonmark").parse(text)
    blocks = [token.content for token in parsed if token.type == "fence"]
    assert len(blocks) == 1 and "<img" in blocks[0]  # the subject, as text in the code block


def test_json_output_keeps_hostile_text_escaped(invoke: Invoke, write: Write) -> None:
    answers = write("a.yaml", ANSWERS.replace("subject: Li Lei\n", ""))
    done = invoke(
        "--model", SMALL, "assess", "--answers", str(answers), "--subject", f"Li{ESC}", "--json"
    )
    assert done.exit_code == 0, done.output
    no_escapes(done.stdout)
    assert json.loads(done.stdout)["subject"] == "Li[2J]8;;http://evil"
