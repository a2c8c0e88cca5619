"""Entry points, version, help in both languages, and the JSON Schemas for editors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import inprocess
from conftest import BACKSTOP, Invoke
from pmlevel import __version__
from pmlevel.text.i18n import LANGUAGES, messages

ROOT = Path(__file__).resolve().parents[1]


def _environment(env: dict[str, str] | None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PMLEVEL"))}
    environment.update({"LANG": "C.UTF-8", "COLUMNS": "80", **(env or {})})
    return environment


def run_here(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``pmlevel ARGS`` in this process as a new process with this environment would run
    it (tests/inprocess.py): what help says, in which language, at which width."""
    done = inprocess.run(list(args), _environment(env))
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m pmlevel ARGS``, a real process: the module entry point itself."""
    environment = _environment(env)
    return subprocess.run(
        [sys.executable, "-m", "pmlevel", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        stdin=subprocess.DEVNULL,
        timeout=BACKSTOP,
    )


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"pmlevel {__version__}"


def test_python_m_pmlevel_help_lists_the_commands() -> None:
    result = run_module("--help")
    assert result.returncode == 0
    for command in ("levels", "show", "skills", "validate", "schema"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("env", "phrase"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "产品经理职级评估"),
        ({"PMLEVEL_LANG": "zh"}, "产品经理职级评估"),
        ({"LANG": "en_US.UTF-8"}, "Product-manager levels"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "Product-manager levels"),
    ],
)
def test_help_follows_the_language(env: dict[str, str], phrase: str) -> None:
    result = run_here("--help", env=env)
    assert phrase in result.stdout


def test_help_follows_lang_option() -> None:
    assert "产品经理职级评估" in run_here("--lang", "zh", "--help").stdout


def test_locale_picks_the_language_of_output(invoke: Invoke) -> None:
    assert "级别" in invoke("levels", env={"LANG": "zh_CN.UTF-8"}).output
    assert "Levels" in invoke("levels", env={"LANG": "de_DE.UTF-8"}).output
    assert "Levels" in invoke("levels", env={"PMLEVEL_LANG": "en", "LANG": "zh_CN"}).output


def test_bad_lang_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("--lang", "fr", "levels")
    assert result.exit_code == 2


@pytest.mark.parametrize("name", ["model"])
def test_schema_prints_json_schema(invoke: Invoke, name: str) -> None:
    result = invoke("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object"


def test_committed_schema_file_is_current(invoke: Invoke) -> None:
    committed = json.loads((ROOT / "data" / "levels.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(invoke("schema", "model").output), (
        "regenerate: pmlevel schema model > data/levels.schema.json"
    )


def test_help_speaks_chinese_and_wraps_it() -> None:
    from rich.cells import cell_len

    result = run_here("--lang", "zh", "assess", "--help")
    assert result.returncode == 0
    out = result.stdout
    assert "用法：pmlevel assess" in out
    assert "选项" in out and "显示帮助并退出。" in out
    assert "…" not in out  # long Chinese option help is wrapped, not cut
    squashed = re.sub(r"[\s│]", "", out)  # the sentence, whatever the line breaks
    assert "从文件读取评分（YAML或JSON），不再逐项提问。" in squashed
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_usage_errors_in_both_languages(invoke: Invoke) -> None:
    zh = invoke("--lang", "zh", "levels", "--bogus")
    assert zh.exit_code == 2
    assert "没有选项 --bogus" in zh.output and "pmlevel levels --help" in zh.output
    missing = invoke("--lang", "zh", "show")
    assert missing.exit_code == 2 and "缺少 LEVEL" in missing.output
    en = invoke("--lang", "en", "assess", "--rater", "boss")
    assert en.exit_code == 2
    assert "invalid value for --rater" in en.output and "Traceback" not in en.output


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_command_is_listed_and_has_a_help_page(invoke: Invoke, lang: str) -> None:
    from typer.main import get_command

    from pmlevel.cli.app import app

    listing = invoke("--lang", lang, "--help").output
    for command in get_command(app).commands:  # type: ignore[attr-defined]
        assert command in listing, (lang, command)
        page = invoke("--lang", lang, command, "--help")
        assert page.exit_code == 0, (lang, command, page.output)
        help_line = messages(lang)["opt_help"].rstrip("。.")
        squashed = re.sub(r"[\s│]+", "", page.output)  # the sentence, wherever it wraps
        assert help_line.replace(" ", "") in squashed, (lang, command)


@pytest.mark.parametrize(
    "args",
    [
        ["levels", "--lang", "zh"],
        ["levels", "--lang=zh"],
        ["--lang", "zh", "levels"],
        ["levels", "--debug", "--lang", "zh"],
    ],
)
def test_global_options_work_before_or_after_the_command(invoke: Invoke, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "初级产品经理" in result.output


def test_model_option_after_the_command(invoke: Invoke) -> None:
    small = ROOT / "tests" / "fixtures" / "small.yaml"
    result = invoke("levels", "--model", str(small), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Acme PM ladder" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["levels", "--lang", "zh"],
        ["--lang", "zh", "levels"],
        ["--lang=zh", "--debug", "levels"],
        ["--model", str(ROOT / "data" / "levels.yaml"), "--lang", "zh", "levels"],
    ],
)
def test_the_entry_point_runs_the_command_named_after_the_global_options(
    args: list[str],
) -> None:
    """main() hands Typer only the command it runs (cli/app.py, app_for): whatever comes
    before it, the command is found and runs as with the whole app."""
    done = run_here(*args)
    assert done.returncode == 0, done.stderr
    assert "初级产品经理" in done.stdout


def test_the_entry_point_still_lists_every_command_and_suggests_one() -> None:
    listed = run_here("-h", "report", env={"PMLEVEL_LANG": "en"}).stdout
    for name in ("assess", "report", "history", "plan", "team", "evidence"):
        assert re.search(rf"^\W*{name}\b", listed, re.MULTILINE), name
    typo = run_here("reprt", env={"PMLEVEL_LANG": "en"})
    assert typo.returncode == 2 and "'report'" in typo.stderr
    # A value of a global option is never taken for the command, even a command's name.
    named = run_here("--lang", "en", "--model", "report", "levels")
    assert named.returncode != 0 and "report" in named.stderr
    assert "no such command" not in named.stderr.lower()
    # Words after a "--" are the whole app's to place, and to word a suggestion for.
    dashes = run_here("--", "levels", "--lang", "zh", env={"PMLEVEL_LANG": "en"})
    assert dashes.returncode == 2 and "'plan'" in dashes.stderr
    group = run_here("evidence", "list", env={"PMLEVEL_LANG": "en"})
    assert group.returncode == 0, group.stderr


def test_hoisting_leaves_everything_after_a_double_dash() -> None:
    from pmlevel.cli.typer_i18n import hoist_global_options

    commands = ["assess", "show"]
    assert hoist_global_options(["assess", "--lang", "en", "-o", "x.md"], commands) == [
        "--lang", "en", "assess", "-o", "x.md",
    ]  # fmt: skip
    assert hoist_global_options(["show", "--", "--lang"], commands) == ["show", "--", "--lang"]
    assert hoist_global_options(["show", "--lang"], commands) == ["show", "--lang"]


def test_help_language_changes_between_runs_in_one_process(invoke: Invoke) -> None:
    # Help is translated when it is drawn, so one process can show both languages.
    zh = invoke("--lang", "zh", "levels", "--help").output
    en = invoke("--lang", "en", "levels", "--help").output
    assert "显示帮助并退出" in zh and "列出" in zh
    assert "Show this message and exit" in en and "List all levels" in en
    assert not re.search(r"[\u4e00-\u9fff]", en)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lang", "zh", "assess", "--rater", "boss"], "--rater 的值无效：请用 self, manager"),
        (["--lang", "en", "assess", "--rater", "boss"], "invalid value for --rater: use one of"),
        (
            ["--lang", "fr", "levels"],
            "--lang 的值无效：请用 zh, zh-Hant, en 之一",
        ),  # the locale decides
    ],
)
def test_a_bad_choice_is_refused_in_the_users_language(
    invoke: Invoke, args: list[str], expected: str
) -> None:
    result = invoke(*args, env={"LANG": "zh_CN.UTF-8"})
    assert result.exit_code == 2
    assert expected in result.output
    assert "is not one of" not in result.output
