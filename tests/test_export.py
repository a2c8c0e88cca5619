"""``-o FILE``: JSON, Markdown, HTML with a radar chart, SVG; always written atomically."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.model import LevelModel

Write = Callable[[str, str], Path]


@pytest.fixture
def answers(write: Write, bundled: LevelModel) -> Path:
    lines = ["ratings:"] + [f"  {s.id}: 3" for s in bundled.skills]
    lines += ["notes:", "  leadership: 'Led *three* people | [link](http://x) <b>'"]
    return write("answers.yaml", "\n".join(lines) + "\nsubject: Li Lei\n")


def export(invoke: Invoke, answers: Path, target: Path, *extra: str) -> str:
    result = invoke(*extra, "assess", "--answers", str(answers), "--no-save", "-o", str(target))
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def test_json_export_is_the_result(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    data = json.loads(export(invoke, answers, tmp_path / "r.json"))
    assert data["subject"] == "Li Lei"
    assert data["estimate"]["level"] == "mid"
    assert data["notes"]["leadership"].startswith("Led *three*")


def test_markdown_report_reads_as_a_document(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    text = export(invoke, answers, tmp_path / "r.md", "--lang", "en")
    assert text.startswith("# Product manager level assessment · Li Lei")
    assert "**Estimated level:** Mid-level Product Manager (`mid`)" in text
    assert "| Cross-Functional Collaboration | 3 | 4 | -1 | 1 |" in text
    assert re.search(r"^- raise .+ from 3 to 4$", text, re.M)
    # User text cannot become markup in the document.
    assert r"Led \*three\* people \| \[link\]\(http://x\) \<b\>" in text


def test_markdown_report_in_chinese(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    text = export(invoke, answers, tmp_path / "r.md", "--lang", "zh")
    assert "**当前级别估计：** 中级产品经理 (`mid`)" in text
    assert "## 与高级产品经理的差距" in text


def test_html_report_has_the_screen_and_a_radar(
    invoke: Invoke, answers: Path, tmp_path: Path
) -> None:
    page = export(invoke, answers, tmp_path / "r.html", "--lang", "zh")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page
    assert "当前级别估计" in page
    assert page.count("<svg") == 1 and "<polygon" in page
    assert "数据分析能力" in page  # radar axis labels
    assert "你的评分" in page and "高级产品经理的期望" in page
    # Chinese keeps the terminal's columns: every run is boxed at two cells a character.
    import re

    runs = re.findall(r'<span class="wide" style="width:(\d+)ch">([^<]+)</span>', page)
    assert runs and all(int(width) == 2 * len(text) for width, text in runs)


def test_svg_export(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    picture = export(invoke, answers, tmp_path / "r.svg", "--lang", "en")
    assert picture.lstrip().startswith("<svg")
    assert "Estimated" in picture
    from html import unescape

    assert "Led *three* people" in unescape(picture).replace("\xa0", " ")  # the evidence
    assert 'url("https://' not in picture  # no font fetched from the web


def test_svg_gives_chinese_its_two_cells(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    import re
    from html import unescape

    from rich.cells import cell_len

    picture = export(invoke, answers, tmp_path / "r.svg", "--lang", "zh")
    runs = re.findall(r'textLength="([0-9.]+)"[^>]*>([^<]+)</text>', picture)
    widths = {round(float(n) / cell_len(unescape(text)), 1) for n, text in runs if text.strip()}
    assert len(widths) == 1  # every run is sized by terminal cells, Chinese included


def test_html_escapes_model_text(invoke: Invoke, write: Write, tmp_path: Path) -> None:
    model = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
    model = model.replace("name: Discovery", 'name: "<script>alert(1)</script>"')
    path = write("evil.yaml", model)
    answers = write("a.yaml", "ratings: {discovery: 1, delivery: 2, influence: 0}\n")
    target = tmp_path / "r.html"
    result = invoke("--model", str(path), "assess", "--answers", str(answers), "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_unknown_suffix_writes_nothing(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    result = invoke("--lang", "en", "assess", "--answers", str(answers), "-o", str(target))
    assert result.exit_code == 2
    assert ".json, .md, .html, .svg" in result.output
    assert not target.exists()


def test_missing_directory(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "r.json"
    result = invoke("--lang", "en", "assess", "--answers", str(answers), "-o", str(target))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    invoke: Invoke, answers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.json"
    target.write_text("old report\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    result = invoke("--lang", "en", "assess", "--answers", str(answers), "-o", str(target))
    assert result.exit_code == 2
    assert "No space left on device" in result.output
    assert "any existing file is unchanged" in result.output
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "home", "r.json"]


def test_exports_get_normal_permissions(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        export(invoke, answers, tmp_path / "r.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.json").stat().st_mode) == 0o644


def test_report_prints_a_saved_result_again(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    saved = tmp_path / "r.json"
    export(invoke, answers, saved)
    shown = invoke("--lang", "en", "report", str(saved))
    assert shown.exit_code == 0
    assert "Estimated level: Mid-level Product Manager (mid)" in shown.output
    assert "Based on: self-rating · about Li Lei" in shown.output
    again = invoke("report", str(saved), "--json")
    assert json.loads(again.stdout) == json.loads(saved.read_text(encoding="utf-8"))


def test_report_of_a_broken_file_is_located(invoke: Invoke, write: Write) -> None:
    path = write("r.json", '{"schema_version": 1, "ratings": {"a": "x"}}')
    result = invoke("--lang", "en", "report", str(path))
    assert result.exit_code == 2
    assert f"{path}:1:" in result.output
    assert "required field 'estimate' is missing" in result.output


def test_report_names_another_model(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    saved = tmp_path / "r.json"
    export(invoke, answers, saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["model"]["sha256"] = "0" * 64
    saved.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("--lang", "en", "report", str(saved))
    assert result.exit_code == 0
    assert "made with another model" in result.output


def test_report_of_an_exported_report_says_to_use_the_json(
    invoke: Invoke, answers: Path, tmp_path: Path
) -> None:
    markdown = tmp_path / "r.md"
    export(invoke, answers, markdown)
    result = invoke("--lang", "en", "report", str(markdown))
    assert result.exit_code == 2
    assert "is a Markdown report, not a result" in result.output
