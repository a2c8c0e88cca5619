"""pmlevel reads what it writes (docs/reference.md#bad-input): JSON with surrogate-pair escapes, as
``json.dumps`` and pmlevel's own ``--json`` on an ASCII terminal write it, and results
as large as the input limits allow, through ``report``, ``team`` and an exported copy.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import inprocess
from conftest import FIXTURES, Invoke
from pmlevel.assess.checks import MAX_NOTE_CHARS, MAX_NOTES_CHARS
from pmlevel.assess.questionnaire import parse_reply
from pmlevel.model.ladder import LevelModel
from pmlevel.text.i18n import Translator

Write = Callable[[str, str], Path]
SMALL = str(FIXTURES / "small.yaml")
RATINGS = {"discovery": 2, "delivery": 2, "influence": 1}


def test_json_with_surrogate_pair_escapes_is_read(invoke: Invoke, write: Write) -> None:
    answers = write(
        "a.json",
        json.dumps(
            {
                "ratings": RATINGS,
                "subject": "Li \U0001f600",
                "notes": {"delivery": "\U0001f680 shipped"},
            }
        ),
    )
    assert "\\ud83d\\ude00" in answers.read_text()

    done = invoke("--model", SMALL, "assess", "--answers", str(answers), "--json", "--no-save")

    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert result["subject"] == "Li \U0001f600"
    assert result["notes"]["delivery"] == "\U0001f680 shipped"


def test_an_escaped_backslash_before_u_is_text_not_an_escape(invoke: Invoke, write: Write) -> None:
    text = "C:\\ud83d\\ude00 folder"  # backslashes as text, written by json.dumps as \\\\
    answers = write("a.json", json.dumps({"ratings": RATINGS, "subject": text}))
    done = invoke("--model", SMALL, "assess", "--answers", str(answers), "--json", "--no-save")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["subject"] == text


def test_a_lone_surrogate_escape_is_a_located_error(invoke: Invoke, write: Write) -> None:
    answers = write(
        "a.json",
        '{"ratings": {"discovery": 2, "delivery": 2, "influence": 1},\n"subject": "\\ud83d"}',
    )
    done = invoke("--lang", "en", "--model", SMALL, "assess", "--answers", str(answers))
    assert done.exit_code == 2
    assert done.stderr.startswith(f"{answers}:2:")


def run_pmlevel(
    home: Path, *args: str, ascii_out: bool = False
) -> subprocess.CompletedProcess[str]:
    """``pmlevel --lang en ARGS`` with the streams a process gets (tests/inprocess.py): an
    ASCII stdout and stderr with *ascii_out*, as ``PYTHONIOENCODING=ascii`` makes them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMLEVEL", "LC_"))}
    env.update({"PMLEVEL_HOME": str(home), "LANG": "C.UTF-8"})
    if ascii_out:
        env["PYTHONIOENCODING"] = "ascii"
    done = inprocess.run(["--lang", "en", *args], env)
    encoding = "ascii" if ascii_out else "utf-8"  # what arrived is all ASCII, or it fails here
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(encoding), done.stderr.decode(encoding)
    )


def test_json_from_an_ascii_terminal_reads_back(home: Path, write: Write, tmp_path: Path) -> None:
    answers = write(
        "a.yaml", "ratings: {discovery: 2, delivery: 2, influence: 1}\nsubject: 李雷 😀\n"
    )
    made = run_pmlevel(
        home, "--model", SMALL, "assess", "--answers", str(answers), "--json", ascii_out=True
    )
    assert made.returncode == 0, made.stderr
    assert "\\ud83d\\ude00" in made.stdout  # escaped, as an ASCII stdout needs
    saved = tmp_path / "r.json"
    saved.write_text(made.stdout, encoding="ascii")

    shown = run_pmlevel(home, "--model", SMALL, "report", str(saved), "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["subject"] == "李雷 😀"
    merged = run_pmlevel(home, "--model", SMALL, "plan", str(saved), "--json")
    assert merged.returncode == 0, merged.stderr


def test_a_note_over_the_limit_is_a_located_error(invoke: Invoke, write: Write) -> None:
    note = "x" * (MAX_NOTE_CHARS + 1)
    answers = write(
        "a.yaml",
        f"ratings: {{discovery: 2, delivery: 2, influence: 1}}\nnotes:\n  delivery: {note}\n",
    )
    done = invoke("--lang", "en", "--model", SMALL, "assess", "--answers", str(answers))
    assert done.exit_code == 2
    assert done.stderr.startswith(
        f"{answers}:3:13: notes.delivery: this note has 2001 characters, over the limit of 2000"
    )
    zh = invoke("--lang", "zh", "--model", SMALL, "assess", "--answers", str(answers))
    assert "超过上限 2000" in zh.stderr


def test_notes_over_the_total_limit_are_a_located_error(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    many = tmp_path / "many.yaml"
    skills = "".join(f"  - {{id: s{i}, name: S{i}}}\n" for i in range(30))
    expect = ", ".join(f"s{i}: 1" for i in range(30))
    many.write_text(
        "schema_version: 1\nname: Many\ndefault_language: en\n"
        "scale: {min: 0, max: 4, anchors: {0: a, 1: b, 2: c, 3: d, 4: e}}\n"
        f"skills:\n{skills}levels:\n  - {{id: l1, name: L1, expectations: {{{expect}}}}}\n"
    )
    note = "n" * MAX_NOTE_CHARS
    answers = write(
        "a.yaml",
        "ratings: {"
        + ", ".join(f"s{i}: 1" for i in range(30))
        + "}\nnotes:\n"
        + "".join(f"  s{i}: {note}\n" for i in range(30)),
    )
    done = invoke("--lang", "en", "--model", str(many), "assess", "--answers", str(answers))
    assert done.exit_code == 2
    first = MAX_NOTES_CHARS // MAX_NOTE_CHARS + 1  # the note that crosses the limit
    assert f"notes.s{first - 1}: the notes together are over the limit of 50000" in done.stderr


def test_the_largest_result_the_limits_allow_reads_back_everywhere(
    invoke: Invoke, home: Path, write: Write, tmp_path: Path, bundled: LevelModel
) -> None:
    """Every note at its limit, in 4-byte characters: report, team and the exported copy
    read it, and so does its ASCII-escaped --json (12 bytes a character)."""
    note = "\U0001f600" * MAX_NOTE_CHARS
    answers = write(
        "a.json",
        json.dumps(
            {
                "ratings": {s.id: 3 for s in bundled.skills},
                "notes": {s.id: note for s in bundled.skills},
                "subject": "Li Lei",
            },
            ensure_ascii=False,
        ),
    )
    out = tmp_path / "out"
    out.mkdir()
    made = invoke("assess", "--answers", str(answers), "-o", str(out / "r.json"))
    assert made.exit_code == 0, made.output
    assert invoke("report", str(out / "r.json")).exit_code == 0
    team = invoke("team", str(out), "--json")
    assert json.loads(team.stdout)["people"] == 1 and not json.loads(team.stdout)["skipped"]

    exported = tmp_path / "exported"
    assert invoke("history", "--export", str(exported)).exit_code == 0
    (copy,) = exported.iterdir()
    assert invoke("report", str(copy)).exit_code == 0
    assert invoke("plan", str(copy)).exit_code == 0

    escaped = run_pmlevel(home, "report", str(copy), "--json", ascii_out=True)
    assert escaped.returncode == 0, escaped.stderr
    again = tmp_path / "again.json"
    again.write_text(escaped.stdout, encoding="ascii")
    assert invoke("report", str(again)).exit_code == 0


def test_a_typed_note_over_the_limit_is_asked_again_with_the_limit() -> None:
    too_long = parse_reply("3 " + "x" * (MAX_NOTE_CHARS + 1), 1, 5, has_answer=False)
    assert (too_long.kind, too_long.reason) == ("invalid", "reply_note_too_long")
    at_limit = parse_reply("3 " + "x" * MAX_NOTE_CHARS, 1, 5, has_answer=False)
    assert at_limit.kind == "rating" and at_limit.note == "x" * MAX_NOTE_CHARS
    for lang, words in (("en", "the limit is 2000 characters"), ("zh", "上限 2000 个字符")):
        assert words in Translator(lang)(too_long.reason, low=1, high=5, limit=MAX_NOTE_CHARS)
