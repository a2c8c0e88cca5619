"""``levels``, ``show`` and ``skills``: reading the model in both languages, at 80 columns."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.model.ladder import LevelModel


def widest(text: str) -> int:
    from rich.cells import cell_len

    return max(cell_len(line) for line in text.splitlines())


def test_levels_lists_ids_aliases_and_names(invoke: Invoke) -> None:
    result = invoke("--lang", "en", "levels")
    assert result.exit_code == 0
    for word in ("junior", "apm", "Senior Product Manager", "director", "Director of Product"):
        assert word in result.output
    assert widest(result.output) <= 80


def test_levels_in_chinese_fit_80_columns(invoke: Invoke) -> None:
    result = invoke("--lang", "zh", "levels")
    assert result.exit_code == 0
    assert "高级产品经理" in result.output and "产品总监" in result.output
    assert widest(result.output) <= 80


@pytest.mark.parametrize("query", ["senior", "高级", "3", "SENIOR", "Senior Product Manager", "sr"])
def test_show_finds_a_level_by_any_name(invoke: Invoke, query: str) -> None:
    result = invoke("--lang", "en", "show", query)
    assert result.exit_code == 0, result.output
    assert "Senior Product Manager" in result.output
    assert "level 3 of 4" in result.output  # of 5 on the old single chain; each track has 4


@pytest.mark.parametrize(
    "query",
    ["PRİNCİPAL PM", "prıncıpal pm", "PRI\u0307NCI\u0307PAL PM", "ＰＲＩＮＣＩＰＡＬ ＰＭ"],
    ids=["dotted capital", "dotless", "combining dot", "full-width"],
)
def test_show_finds_a_level_typed_with_turkish_letters(invoke: Invoke, query: str) -> None:
    """A Turkish keyboard's İ and ı : case folding keeps İ's dot."""
    result = invoke("--model", str(FIXTURES / "small.yaml"), "--lang", "en", "show", query)
    assert result.exit_code == 0, result.output
    assert "Principal PM" in result.output and "level 3 of 3" in result.output


def test_two_levels_whose_names_differ_only_by_a_turkish_i_are_refused(
    invoke: Invoke, write: object
) -> None:
    """The model's one namespace for level names uses the same matching as show."""
    assert callable(write)
    model = write(
        "model.yaml",
        "schema_version: 1\nname: Acme\ndefault_language: en\n"
        "scale: {min: 1, max: 2, anchors: {1: low, 2: high}}\n"
        "skills:\n  - {id: discovery, name: Discovery}\n"
        "levels:\n  - {id: pm1, name: Pilot, expectations: {discovery: 1}}\n"
        "  - {id: pm2, name: PİLOT, expectations: {discovery: 2}}\n",
    )
    checked = invoke("--lang", "en", "validate", str(model))
    assert checked.exit_code == 2
    assert "PİLOT" in checked.output


def test_show_prints_responsibilities_ratings_and_anchor_text(
    invoke: Invoke, bundled: LevelModel
) -> None:
    result = invoke("--lang", "en", "show", "senior")
    out = result.output
    assert "Product strategy" in out and "Key requirement decisions" in out
    assert "Strategic Thinking ★core" in out  # a core skill of the level, marked
    assert "●●●●○ 4 Advanced" in out  # a rating and what it means
    # The skill's own anchor at the expected point, in full (wrapped in its column).
    anchor = bundled.skill("strategic-thinking").anchor(3)
    assert anchor is not None
    assert " ".join(anchor["en"].split()[:3]) in out
    assert widest(out) <= 80


def test_show_in_chinese(invoke: Invoke) -> None:
    result = invoke("--lang", "zh", "show", "总监")
    assert result.exit_code == 0
    # Was 第 5/5 级 on the single chain; 总监 is now 4th on the management track (after 高级).
    for word in ("产品总监", "资源调配", "高层决策支持能力 ★核心", "第 4/4 级 · 管理序列"):
        assert word in result.output, word
    assert widest(result.output) <= 80


def test_show_vs_compares_two_levels(invoke: Invoke) -> None:
    result = invoke("--lang", "en", "show", "senior", "--vs", "staff")
    assert result.exit_code == 0
    out = result.output
    assert "Senior Product Manager vs Staff Product Manager" in out
    assert "+1" in out and "same" in out
    assert widest(out) <= 80
    below = invoke("--lang", "en", "show", "mid", "--vs", "senior").output
    assert re.search(r"Market Expansion +— +3 +added at 3", below)  # new at senior


def test_unknown_level_lists_valid_ones(invoke: Invoke) -> None:
    result = invoke("--lang", "en", "show", "ceo")
    assert result.exit_code == 2
    assert "No level 'ceo'" in result.output
    assert "junior" in result.output and "director" in result.output
    result = invoke("--lang", "zh", "show", "ceo")
    assert "没有级别「ceo」" in result.output and "初级产品经理" in result.output


def test_rank_out_of_range_is_unknown(invoke: Invoke) -> None:
    assert invoke("show", "6").exit_code == 2


def test_skills_matrix(invoke: Invoke) -> None:
    result = invoke("--lang", "en", "skills")
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if "Strategic Thinking" in line)
    assert row.split()[-5:] == ["—", "2", "3★", "3", "5★"]  # ★: core at senior, director
    assert widest(result.output) <= 80
    zh = invoke("--lang", "zh", "skills")
    assert "战略思维" in zh.output and "初级" in zh.output
    assert widest(zh.output) <= 80


def test_custom_model_with_its_own_scale_and_one_language(invoke: Invoke) -> None:
    model = str(FIXTURES / "small.yaml")
    result = invoke("--model", model, "--lang", "zh", "show", "pm2")
    assert result.exit_code == 0, result.output
    assert "PM II" in result.output  # English-only model text falls back
    assert "第 2/3 级" in result.output  # the tool's own words follow --lang
    assert "Independent: does it alone" in result.output
    env = invoke("levels", env={"PMLEVEL_MODEL": model})
    assert "Principal PM" in env.output


def test_model_text_cannot_inject_markup_or_escapes(invoke: Invoke, write: object) -> None:
    from pathlib import Path

    text = (
        (FIXTURES / "small.yaml")
        .read_text(encoding="utf-8")
        .replace("name: PM I\n", 'name: "[bold red]PM I[/] \\e[31mred\\e[0m \\u202eevil"\n')
    )
    path: Path = write("evil.yaml", text)  # type: ignore[operator]
    result = invoke("--model", str(path), "levels", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "[bold red]PM I[/]" in result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output


def test_chinese_wraps_between_characters_and_keeps_numbers_and_commands_whole() -> None:
    from rich.console import Console

    from pmlevel.render.rich_text import plain

    console = Console(width=30, record=True, file=__import__("io").StringIO())
    console.print(plain("按「产品经理级别模型」的 19 项技能逐项给自己打分。请依据已经做到的事。"))
    console.print(plain("写出的 PRD 和用户故事结构清楚、边界明确，研发、设计和测试拿到就能开工。"))
    console.print(plain("查看某一级别：pmlevel show <ID、别名、名称或序号>"))
    text = console.export_text()
    lines = text.splitlines()
    assert lines[0].rstrip() == "按「产品经理级别模型」的 19 项"  # no break inside "19 项"
    assert lines[3].startswith("写出的 PRD 和用户故事")  # no hole after "PRD"
    assert not any(line.startswith(("，", "。", "、")) for line in lines)
    assert "pmlevel show <ID" in text  # a command stays on one line


def test_skills_shows_the_ids_answers_files_use(invoke: Invoke, bundled: object) -> None:
    import json

    shown = invoke("--lang", "zh", "skills")
    assert "cross-functional-collaboration" in shown.output
    listed = json.loads(invoke("--lang", "en", "skills", "--json").stdout)
    assert len(listed) == 19
    strategy = next(s for s in listed if s["id"] == "strategic-thinking")
    assert strategy["name"] == "Strategic Thinking"
    assert strategy["expectations"] == {"mid": 2, "senior": 3, "staff": 3, "director": 5}
