"""The private behaviour of Typer and Rich that pmlevel relies on, one test each, by name.

Typer's private names are used only in src/pmlevel/cli/typer_private.py, Rich's method
overrides only in src/pmlevel/render/rich_text.py. When an upgrade inside the declared
ranges (pyproject.toml; .ci/run tests the lowest and the highest allowed) changes one of
these, the test named after it fails, rather than a screen somewhere looking wrong.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated

import pytest
import typer
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner

from pmlevel.cli.typer_i18n import LocalisedCommand, LocalisedGroup
from pmlevel.cli.typer_private import click_errors, help_words
from pmlevel.render.rich_text import WrappingText, plain, table
from pmlevel.text.i18n import Translator

CHINESE = "写出的产品需求文档和用户故事让研发团队不必再来回追问细节" * 2


def _console(width: int) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=width, color_system=None, highlight=False), out


# -- Typer / click -------------------------------------------------------------------------


def test_typer_click_exceptions_carry_what_our_messages_name() -> None:
    # typer._click.exceptions: the usage errors worded in the user's language.
    for name in ("UsageError", "NoSuchOption", "MissingParameter", "BadParameter"):
        assert issubclass(getattr(click_errors, name), click_errors.ClickException), name
    assert issubclass(click_errors.NoArgsIsHelpError, click_errors.UsageError)
    error = click_errors.NoSuchOption("--bogus", possibilities=["--json"])
    assert error.option_name == "--bogus" and list(error.possibilities) == ["--json"]
    missing = click_errors.MissingParameter(param_hint="LEVEL")
    assert missing.param_hint == "LEVEL" and missing.exit_code == 2


def test_a_parameters_converter_is_built_only_when_a_value_needs_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # typer.core._TyperParameter._runtime_param, typer._coercion.build_runtime_param
    # (Typer >= 0.29): put off by defer_coercion; values still arrive converted as Typer
    # converts them. An older Typer (the lowest the project allows) converts through
    # click's types instead: nothing to put off, and the values must arrive the same.
    try:
        from typer import _coercion
    except ImportError:
        _coercion = None
    built: list[object] = []
    if _coercion is not None:
        from typer.core import _TyperParameter

        assert "_runtime_param" in _TyperParameter.__annotations__
        real = _coercion.build_runtime_param

        def counting(descriptor: object) -> object:
            built.append(getattr(descriptor, "annotation", None))
            return real(descriptor)

        monkeypatch.setattr(_coercion, "build_runtime_param", counting)
    seen: dict[str, object] = {}
    app = typer.Typer(add_completion=False)

    @app.callback(cls=LocalisedGroup)
    def main(ctx: typer.Context, model: Path | None = None) -> None:
        seen["model"] = model

    @app.command(cls=LocalisedCommand)
    def show(
        level: str,
        vs: str | None = None,
        count: int = 2,
        flag: bool = False,
    ) -> None:
        seen.update(level=level, vs=vs, count=count, flag=flag)

    @app.command(cls=LocalisedCommand)
    def gather(
        files: Annotated[list[Path] | None, typer.Argument()] = None,
        days: Annotated[int, typer.Option(min=1)] = 0,
    ) -> None:
        seen.update(files=files, days=days)

    monkeypatch.setenv("PMLEVEL_HOME", str(tmp_path))
    done = CliRunner().invoke(app, ["show", "senior"])
    assert done.exit_code == 0, done.output
    assert seen == {"model": None, "level": "senior", "vs": None, "count": 2, "flag": False}
    assert built == []  # the default 2 is the number Typer's converter would return
    done = CliRunner().invoke(
        app, ["--model", "m.yaml", "show", "senior", "--vs", "lead", "--count", "3", "--flag"]
    )
    assert done.exit_code == 0, done.output
    assert seen == {
        "model": Path("m.yaml"),
        "level": "senior",
        "vs": "lead",
        "count": 3,
        "flag": True,
    }
    assert sorted(map(str, built)) == (sorted(map(str, [Path, int])) if _coercion else [])
    done = CliRunner().invoke(app, ["show", "senior", "--count", "many"])
    assert done.exit_code == 2  # still refused, by Typer's own converter
    # Files not given arrive as Typer gives them (no list); a ranged option's default
    # is still checked against its range by Typer's converter.
    seen.clear()
    built.clear()
    done = CliRunner().invoke(app, ["gather", "--days", "3"])
    assert done.exit_code == 0, done.output
    assert seen == {"model": None, "files": None, "days": 3}
    done = CliRunner().invoke(app, ["gather"])
    assert done.exit_code == 2  # 0 is below the option's minimum
    done = CliRunner().invoke(app, ["gather", "a.json", "b.json", "--days", "1"])
    assert done.exit_code == 0, done.output
    assert seen["files"] == [Path("a.json"), Path("b.json")]


def test_rich_utils_globals_are_read_when_help_is_drawn_and_restored_after() -> None:
    from typer import rich_utils

    app = typer.Typer(add_completion=False)

    @app.command()
    def hello(name: str = "x") -> None:
        """Say hello."""

    before = rich_utils.OPTIONS_PANEL_TITLE
    with help_words(Translator("zh"), no_color=True):
        shown = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "80"}).output
    assert Translator("zh")("panel_options") in shown
    assert before == rich_utils.OPTIONS_PANEL_TITLE


def test_make_rich_text_is_wrapped_so_chinese_help_wraps_between_characters() -> None:
    from typer import rich_utils

    with help_words(Translator("zh"), no_color=True):
        made = rich_utils._make_rich_text(text=CHINESE, markup_mode=rich_utils.MARKUP_MODE_RICH)
    assert isinstance(made, WrappingText)
    console, out = _console(30)
    console.print(made)
    lines = out.getvalue().splitlines()
    assert len(lines) > 2 and all(line.strip() for line in lines)
    assert "".join(line.strip() for line in lines) == CHINESE  # nothing cut, nothing lost


# -- Rich ----------------------------------------------------------------------------------


def test_console_print_keeps_our_text_whole_so_its_wrap_is_used() -> None:
    # Console.print joins the Text objects it is given into one plain Text; a
    # WrappingText reaches it as itself, so lines break between Chinese characters
    # and fill the width instead of jumping whole runs to the next line.
    console, out = _console(24)
    console.print(plain("PRD " + CHINESE))
    lines = out.getvalue().splitlines()
    assert all(len(line) >= 10 for line in lines[:-1]), lines  # no half-empty lines
    assert max(console.measure(Text(line)).maximum for line in lines) <= 24


def test_text_wrap_is_what_table_cells_use() -> None:
    grid = table()
    grid.add_column("技能")
    grid.add_row(plain(CHINESE))
    console, out = _console(30)
    console.print(grid)
    body = "".join(line.strip() for line in out.getvalue().splitlines()[2:])
    assert CHINESE in body  # folded, never cut with "…"


def test_a_table_caption_is_drawn_at_the_full_width_not_the_tables() -> None:
    caption = "A footnote that is much longer than the narrow table above it, on one line."
    grid = table(caption=caption)
    grid.add_column("#")
    grid.add_row("1")
    console, out = _console(100)
    console.print(grid)
    assert caption in out.getvalue()


def test_column_widths_are_worked_out_by_one_method_that_a_table_may_override() -> None:
    """Rich lays out a table through ``Table._calculate_column_widths`` (each column's
    width with its padding, within the width less the borders) and draws each
    column at what it returns: our table moves room from a column of long links to one
    whose longest word would break."""
    grid = table()
    for header in ("Skills", "Evidence", "Verified"):
        grid.add_column(header)
    link = "https://wiki.example.com/" + "x" * 80
    grid.add_row(
        plain("Cross-Functional Collaboration"),
        plain(f"Ran the test · {link}"),
        plain("verified by Han, 2026-12-03"),
    )
    console, out = _console(52)
    console.print(grid)
    # Rich passes the width without the borders (``_extra_width``)
    inner = console.options.update_width(52 - grid._extra_width)
    assert sum(grid._calculate_column_widths(console, inner)) == 52 - grid._extra_width
    assert "Cross-Functional" in out.getvalue()
