"""``agree`` stopped half-way: its own help, and the command that resumes it, whole, quoted
for the shell and keeping ``--no-save`` (docs/reference.md#pmlevel-agree)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.cli.context import Context
from pmlevel.model.ladder import LevelModel


def disagreeing_pair(folder: Path, bundled: LevelModel) -> tuple[Path, Path]:
    """A self-rating (all 3) and a manager's that differs on two skills, in files whose
    names need shell quoting."""
    mine = {s.id: 3 for s in bundled.skills}
    theirs = {**mine, "documentation": 2, "leadership": 2}
    me = folder / "my self.json"
    me.write_text(json.dumps({"ratings": mine, "subject": "Li Lei"}), encoding="utf-8")
    boss = folder / "manager.json"
    boss.write_text(
        json.dumps({"ratings": theirs, "subject": "Li Lei", "rater": {"role": "manager"}}),
        encoding="utf-8",
    )
    return me, boss


@pytest.mark.parametrize(
    ("lang", "help_words", "kept"),
    [
        ("en", "Type the rating you agreed on", "1 agreed rating kept. Continue with: "),
        ("zh", "输入双方商定的评分", "已保存 1 项商定的评分。继续请运行："),
    ],
)
def test_agree_help_and_resume_line_name_agree(
    invoke: Invoke,
    bundled: LevelModel,
    tmp_path: Path,
    lang: str,
    help_words: str,
    kept: str,
) -> None:
    def terminal() -> Context:  # as if typed at a terminal
        return Context(stdin_isatty=True, width=80)

    me, boss = disagreeing_pair(tmp_path, bundled)
    command = f"pmlevel agree '{me}' {boss} --resume"
    done = invoke("--lang", lang, "agree", str(me), str(boss), input="?\n3\n", context=terminal())
    assert done.exit_code == 130, done.output
    out = done.output
    assert help_words in out
    assert "pmlevel assess --resume" not in out and "…" not in out
    assert kept + command in out
    # With history ids, the ids.
    for path in (me, boss):
        assert invoke("assess", "--answers", str(path)).exit_code == 0
    again = invoke("--lang", lang, "agree", "1", "2", input="2\n", context=terminal())
    assert again.exit_code == 130
    assert kept + "pmlevel agree 1 2 --resume" in again.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_agree_resume_command_is_never_broken_inside_a_quoted_name(
    invoke: Invoke, bundled: LevelModel, tmp_path: Path, lang: str
) -> None:
    folder = tmp_path / "check in files"
    folder.mkdir()
    me = folder / "my self rating.json"
    me.write_text(json.dumps({"ratings": {s.id: 3 for s in bundled.skills}}), encoding="utf-8")
    boss = folder / "manager form.json"
    theirs = {**{s.id: 3 for s in bundled.skills}, "leadership": 2, "documentation": 2}
    boss.write_text(json.dumps({"ratings": theirs, "rater": {"role": "manager"}}), encoding="utf-8")
    done = invoke(
        "--lang", lang, "agree", str(me), str(boss), "--no-save", input="?\n3\n",
        context=Context(stdin_isatty=True, width=80),  # as if typed at a terminal
    )  # fmt: skip
    assert done.exit_code == 130, done.output
    expected = shlex.join(["pmlevel", "agree", str(me), str(boss), "--no-save", "--resume"])
    lines = done.output.splitlines()
    drawn = [i for i, line in enumerate(lines) if line.lstrip("│ ").startswith("pmlevel agree")]
    assert len(drawn) == 2  # under the opening and in the help
    blocks = []
    for start in drawn:
        block = []
        for line in lines[start:]:
            line = line.strip("│").rstrip()
            block.append(line)
            if not line.endswith("\\"):
                break
        for line in block:  # no line ends inside quotes
            assert line.count("'") % 2 == 0, line
        assert all(len(line) <= 80 for line in block)
        blocks.append(block)
    block = blocks[0]  # the opening's lines, as the shell reads them when pasted
    pasted = "\n".join(block).replace("\\\n", "")
    assert shlex.split(pasted) == shlex.split(expected)
    assert "\\n" not in done.output  # the help's lines are lines
    assert expected in done.output  # the line saying what was kept: one line, all of it
    assert "--no-save" in expected
