"""``-o FILE``: JSON, Markdown, HTML with a radar chart, SVG; always written atomically."""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.model.ladder import LevelModel

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


def parse(markdown: str) -> list[Any]:
    """Tokens of GitHub-flavoured Markdown (tables, strikethrough) as markdown-it reads it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)


def tables(markdown: str) -> list[list[list[str]]]:
    """Each table of a Markdown text, as rows of the cells' text."""
    found: list[list[list[str]]] = []
    in_cell = False
    for token in parse(markdown):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append([])
        elif token.type in ("th_open", "td_open"):
            found[-1][-1].append("")
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            found[-1][-1][-1] = "".join(child.content for child in token.children or [])
    return found


def test_markdown_report_parses_as_headings_lists_and_tables(
    invoke: Invoke, answers: Path, tmp_path: Path
) -> None:
    text = export(invoke, answers, tmp_path / "r.md", "--lang", "en")
    assert text.startswith("# Product manager level assessment · Li Lei\n")
    assert "**Estimated level:** **Mid-level Product Manager** (mid)" in text
    tokens = parse(text)
    headings = [tokens[i + 1].content for i, tok in enumerate(tokens) if tok.type == "heading_open"]
    assert "Gap to Senior Product Manager" in headings
    assert "All ratings" in headings
    # The bundled model is v3 with two tracks, so a tracks table comes first (each track's
    # level and readiness); on the old single chain there were three tables.
    tracks, levels, gaps, ratings = tables(text)
    assert [row[:2] for row in tracks] == [
        ["Track", "Level"],
        ["Individual contributor track ◀", "Mid-level Product Manager"],
        ["Management track", "Mid-level Product Manager"],
    ]
    assert levels[0] == ["#", "Level", "Track", "Met", "Shortfall", "Met?"]
    assert levels[2][:2] == ["2", "Mid-level Product Manager ◀"] and levels[2][-1] == "✓"
    assert ["Cross-Functional Collaboration ★core", "3", "4", "-1", "1"] in gaps
    # Every rating, beside what the current and next level expect, with its note.
    assert ratings[0] == [
        "Skill",
        "Yours",
        "Mid-level Product Manager expects",
        "Senior Product Manager expects",
        "Evidence",
    ]
    assert len(ratings) == 1 + 19
    # a core skill's expectation carries the rule's star; ratings below the next level are bold
    assert any(cell.endswith("★") for row in ratings[1:] for cell in row[2:4])
    assert re.search(r"^\| [^|]+ \| \*\*\d\*\* \|", text, re.M)
    lead = next(row for row in ratings if row[0] == "Leadership")
    # User text is inert: it stays one cell of plain text, no link, no HTML, no emphasis.
    assert lead[-1] == "Led *three* people | [link](http://x) <b>"
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_inline", "html_block", "link_open", "em_open", "code_inline"}
    assert re.search(r"^- raise .+ from 3 to 4$", text, re.M)
    assert "\\(" not in text  # no needless escapes: "(mid)" reads as it is


def test_markdown_report_in_chinese(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    text = export(invoke, answers, tmp_path / "r.md", "--lang", "zh")
    assert "**当前级别估计：** **中级产品经理** (mid)" in text
    assert "## 与高级产品经理的差距" in text
    tracks, levels = tables(text)[:2]  # v3 bundled model: the tracks table comes first
    assert [row[0] for row in tracks] == ["序列", "专业序列 ◀", "管理序列"]
    assert levels[0] == ["#", "级别", "序列", "达标比例", "最大差距", "达到"]


def test_html_report_is_a_self_contained_document(
    invoke: Invoke, answers: Path, tmp_path: Path
) -> None:
    page = export(invoke, answers, tmp_path / "r.html", "--lang", "zh")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-Hans">' in page
    assert "<h1>产品经理级别评估 · Li Lei</h1>" in page
    # tracks, levels, gaps, ratings: the bundled model is v3, so the tracks table is there too
    assert page.count("<table") == 4 and page.count("<thead>") == 4
    assert "专业序列" in page and "管理序列" in page
    assert page.count("<svg") == 1 and "数据分析能力" in page  # the radar, inline
    assert "你的评分" in page and "高级产品经理的期望" in page
    # Nothing to run and nothing to fetch: no script, no link, no source, no import.
    for fetch in ("<script", "href=", "src=", "@import", "url("):
        assert fetch not in page
    assert "letter-spacing: normal" in page and 'class="wide"' not in page
    assert "@page { size: A4" in page and "table-header-group" in page
    assert "Led *three* people | [link](http://x) &lt;b&gt;" in page


def test_svg_is_the_radar_alone(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    picture = export(invoke, answers, tmp_path / "r.svg", "--lang", "en")
    root = ET.fromstring(picture.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = " ".join(
        " ".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")
    )
    assert "Data Analysis" in texts and "Your ratings" in texts
    assert "Senior Product Manager expects" in texts
    assert "Estimated" not in picture and "Led *three*" not in picture  # no screen dump
    # The mid level does not expect every skill: its line has gaps, not points at 1.
    assert root.iter("{http://www.w3.org/2000/svg}polyline") is not None
    assert picture.count("<polyline") >= 2


def test_html_escapes_model_text(invoke: Invoke, write: Write, tmp_path: Path) -> None:
    model = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
    model = model.replace("name: Discovery", 'name: "<script>alert(1)</script> & ]]>"')
    path = write("evil.yaml", model)
    answers = write("a.yaml", "ratings: {discovery: 1, delivery: 2, influence: 0}\n")
    for suffix in (".html", ".svg", ".md"):
        target = tmp_path / f"r{suffix}"
        result = invoke(
            "--model", str(path), "assess", "--answers", str(answers), "-o", str(target)
        )
        assert result.exit_code == 0, result.output
        page = target.read_text(encoding="utf-8")
        if suffix == ".svg":
            import xml.etree.ElementTree as ET

            ET.fromstring(page.encode("utf-8"))  # still well-formed
            assert "<script>" not in page
        elif suffix == ".html":
            assert "<script>" not in page
            assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; ]]&gt;" in page
        else:
            tokens = parse(page)
            assert not [t for t in tokens if t.type == "html_block"]
            assert not [c for t in tokens for c in t.children or [] if c.type == "html_inline"]
            assert ["<script>alert(1)</script> & ]]>", "1", "2", "-1", "1"] in tables(page)[1]


def test_every_write_says_wrote_file(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    for suffix in (".json", ".md", ".html", ".svg"):
        target = tmp_path / f"r{suffix}"
        result = invoke("--lang", "en", "assess", "--answers", str(answers), "-o", str(target))
        assert result.exit_code == 0
        assert f"Wrote {target}" in result.stderr
        assert "Wrote" not in result.stdout
    again = invoke("--lang", "zh", "report", str(tmp_path / "r.json"), "-o", str(tmp_path / "x.md"))
    assert f"已写入 {tmp_path / 'x.md'}" in again.stderr


def test_unknown_suffix_writes_nothing(invoke: Invoke, answers: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    result = invoke("--lang", "en", "assess", "--answers", str(answers), "-o", str(target))
    assert result.exit_code == 2
    assert ".json, .md, .html, .svg" in result.output
    assert not target.exists()


@pytest.mark.parametrize("command", ["plan", "progress", "merge", "team"])
def test_document_commands_take_md_and_html_only(
    invoke: Invoke, answers: Path, tmp_path: Path, command: str
) -> None:
    saved = tmp_path / "r.json"
    export(invoke, answers, saved)
    args = {
        "plan": ["plan", str(saved)],
        "progress": ["progress"],
        "merge": ["merge", str(saved), str(saved)],
        "team": ["team", str(saved)],
    }[command]
    for bad in ("x.pdf", "x.svg", "x.json", "x"):
        result = invoke("--lang", "en", *args, "-o", str(tmp_path / bad))
        assert result.exit_code == 2, result.output
        assert "use one of: .md, .html" in result.stderr
        assert not (tmp_path / bad).exists()


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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_report_as_markdown_has_real_tables_and_lists(
    invoke: Invoke, answers: Path, write: Write, tmp_path: Path, lang: str
) -> None:
    saved = tmp_path / "self.json"
    export(invoke, answers, saved)
    manager = write("m.yaml", answers.read_text(encoding="utf-8") + "rater: {role: manager}\n")
    boss = tmp_path / "manager.json"
    export(invoke, manager, boss)
    words = {
        "en": {"merge": ["Skill", "self", "manager", "Spread", "Flag", "Notes"], "team": "Person"},
        "zh": {"merge": ["技能", "自评", "上级", "分歧", "提示", "各方依据"], "team": "成员"},
    }[lang]
    for command, args in {
        "merge": ["merge", str(saved), str(boss)],
        "team": ["team", str(saved), str(boss)],
        "plan": ["plan", str(saved)],
    }.items():
        target = tmp_path / f"{command}.md"
        done = invoke("--lang", lang, *args, "-o", str(target))
        assert done.exit_code == 0, done.output
        text = target.read_text(encoding="utf-8")
        tokens = parse(text)
        assert next(t.tag for t in tokens if t.type == "heading_open") == "h1"
        if command == "merge":
            ratings = tables(text)[0]
            assert [cell.split(" ")[0] for cell in ratings[0]] == words["merge"]
            # each rater's note beside the ratings
            assert len(ratings) == 1 + 19 and all(len(row) == 6 for row in ratings)
        elif command == "team":
            people = tables(text)[0]
            assert people[0][0] == words["team"] and people[1][0] == "Li Lei"
        else:  # growth actions and the general steps are task-list items
            items = [
                tokens[i + 2].content
                for i, t in enumerate(tokens)
                if t.type == "list_item_open" and tokens[i + 2].content.startswith("[ ] ")
            ]
            assert len(items) >= 4
