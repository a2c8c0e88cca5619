"""``agree`` stopped half-way: its own help, and the command that resumes it, whole, quoted
for the shell and keeping ``--no-save`` (docs/reference.md#pmlevel-agree)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.cli.context import Context
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


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
