"""The README documents every command, and its Quick start is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_runner import CliRunner
from pmlevel.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    from typer.main import get_command

    group = get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_in_the_readme_table_in_both_languages() -> None:
    rows = {
        match.group(1): line
        for line in README.splitlines()
        if (match := re.match(r"\| `pmlevel (\w+)", line))
    }
    for command in commands():
        assert command in rows, f"{command} is not documented in README"
        cells = [cell.strip() for cell in rows[command].split("|") if cell.strip()]
        english, chinese = cells[-2], cells[-1]
        assert re.search(r"[a-z]{3}", english), command
        assert re.search(r"[\u4e00-\u9fff]", chinese), command


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_command_has_help_text_in_both_languages(lang: str) -> None:
    from typer.main import get_command

    group = get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        result = CliRunner().invoke(app, ["--lang", lang, name, "--help"])
        assert result.exit_code == 0, name
        _usage, _, rest = result.output.strip().partition("\n")
        description = rest.strip().splitlines()[0]
        assert len(description) > 8, (name, description)
        if lang == "zh":
            assert re.search(r"[\u4e00-\u9fff]", description), (name, description)
        else:
            assert not re.search(r"[\u4e00-\u9fff]", description), (name, description)


def quick_start_commands() -> list[str]:
    section = re.search(r"^## Quick start$(.*?)^## ", README, re.S | re.M)
    assert section
    blocks = re.findall(r"```(?:bash)?\n(.*?)```", section.group(1), re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    run, test = quick_start_commands()
    assert "pmlevel assess" in run
    assert "pytest" in test
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_explains_why_the_bundled_ladder_forks_in_both_languages() -> None:
    """The bundled model is v3: the README no longer calls it one chain up to 总监, and says
    why it forks, from the article and from Chinese companies' P and M ladders."""
    assert "(senior) → 资深产品经理 (staff) → 产品总监" not in README
    assert "从初级产品经理到产品总监的五级模型" not in README
    section = re.search(r"^## The bundled ladder.*?$(.*?)^## ", README, re.S | re.M)
    assert section, "no section on the bundled ladder"
    text = " ".join(section.group(1).split())
    for phrase in ("name no people leadership", "P-序列", "M-序列", "专业通道", "管理通道"):
        assert phrase in text, phrase
    assert "资深产品经理的五项能力" in text and "都不涉及带人" in text  # the same, in Chinese
    assert "专业序列" in text and "管理序列" in text


def test_the_readmes_rule_states_the_core_skill_condition() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("**The rule**")
    paragraph = " ".join(readme[start : readme.index("\n\n", start)].split())
    # The three conditions of the line printed under every result (rule_line_core).
    assert "`min_share`" in paragraph and "`max_shortfall`" in paragraph
    assert "every one of its core skills (★" in paragraph
    assert "is rated at or above its expectation" in paragraph
