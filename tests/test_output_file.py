"""``-o FILE``: the file is written and the screen shows only the line saying so; ``--json``
beside ``-o`` still prints the JSON (docs/reference.md#output-options)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


@pytest.mark.parametrize(("lang", "wrote"), [("en", "Wrote"), ("zh", "已写入")])
def test_output_to_a_file_does_not_draw_the_report_on_screen(
    invoke: Invoke, write: Write, bundled: LevelModel, tmp_path: Path, lang: str, wrote: str
) -> None:
    answers = write("a.json", json.dumps({"ratings": {s.id: 3 for s in bundled.skills}}))
    for args in (
        ("assess", "--answers", str(answers), "--no-save", "-o", str(tmp_path / "r.md")),
        ("report", str(tmp_path / "r.json"), "-o", str(tmp_path / "again.html")),
        ("jd", "senior", "-o", str(tmp_path / "jd.md")),
        ("interview", "senior", "-o", str(tmp_path / "kit.md")),
    ):
        if args[0] == "report":
            made = invoke("assess", "--answers", str(answers), "--no-save", "--json")
            (tmp_path / "r.json").write_text(made.stdout, encoding="utf-8")
        done = invoke("--lang", lang, *args)
        assert done.exit_code == 0, done.output
        assert done.stdout == "", args
        assert wrote in done.stderr and args[-1] in done.stderr
        assert Path(args[-1]).stat().st_size > 0
    asked = invoke(
        "assess", "--answers", str(answers), "--no-save", "--json", "-o", str(tmp_path / "y.md")
    )
    assert json.loads(asked.stdout)["ratings"]  # --json beside -o still prints the JSON
