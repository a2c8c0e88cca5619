"""Untrusted text shows as text: in every command and every export, Rich markup, ANSI
and OSC escape sequences, bidi overrides, zero-width characters and very long words
from a model file, an answers file, a result file or an option are inert.

The files carry the hostile bytes the ways a user's file can: YAML double-quoted
escapes (``"\\e[31m"``, ``"\\x1b"``, ``"\\u202e"``) and JSON escapes (``"\\u001b"``).
Output is taken from a console that believes it is a colour terminal, so our own
styling is there; once our own SGR sequences are removed, no escape, control or
bidi character may be left, and the markup must still read as typed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from cli_runner import CliRunner
from helpers_world import COMMANDS, World, build_world
from pmlevel.assess.result import parse_result_inputs
from pmlevel.cli.app import app
from pmlevel.text.i18n import LANGUAGES
from pmlevel.text.safe import clean_text

LONG = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # one 135-letter word

# Every text of the model carries markup, a CSI or OSC sequence or a bidi override.
MODEL = f"""schema_version: 1
name: "[bold]Acme[/bold] \\e[5mladder\\e]0;pwned\\a"
default_language: en
scale:
  min: 0
  max: 4
  anchors:
    0: "None: [red]nothing[/red] \\x1b[2J"
    1: "Aware: \\e]8;;http://evil\\aclick\\e]8;;\\a"
    2: "Practising: \\u202eevil\\u202c"
    3: "Independent: \\u200bzero\\u200dwidth"
    4: "Leading: {LONG}"
skills:
  - id: discovery
    name: "[link=http://evil]Disc[/link] \\e[31mred"
    description: "<script>alert(1)</script> \\x9b2J [i]x[/i]"
    category: "\\u2066Cat\\u2069 [u]u[/u]"
    actions: ["[bold]act[/bold] \\e[1m", "| table | *em* `code`"]
  - id: delivery
    name: "Deliv \\u202eyrev\\u202c {LONG}"
  - id: influence
    name: "Infl \\x07\\x08\\x7f [/]"
levels:
  - id: pm1
    name: "[bold red]PM I[/] \\e[31mred"
    aliases: ["[b]one[/b]", "\\e[1mbold"]
    summary: "\\e]8;;http://evil\\alink\\e]8;;\\a [on red]bg[/]"
    responsibilities:
      - name: "[blink]R1[/blink]"
        description: "\\u202eRTL {LONG}"
    expectations: {{discovery: 1, delivery: 2}}
  - id: pm2
    name: "PM II \\u200b"
    expectations: {{discovery: 2, delivery: 3, influence: 1}}
  - id: pm3
    name: "Principal <b>PM</b> ## # heading"
    expectations: {{discovery: 3, delivery: 3, influence: 3}}
"""

# Answers carry it as JSON escapes would (in a YAML double-quoted string the same).
SELF_EXTRA = (
    'notes: {discovery: "[red]note[/red] \\u001b]8;;http://evil\\u0007x \\u001b[2J", '
    'delivery: "| a | b | <i>i</i> `c`"}\n'
    'subject: "\\u202eLi [b]Lei[/b] \\u001b[31m"\n'
    'rater: {role: self, name: "\\u001b]0;title\\u0007Li"}\n'
)
MANAGER_EXTRA = (
    'subject: "\\u202eLi [b]Lei[/b] \\u001b[31m"\n'
    'rater: {role: manager, name: "[bold]Han[/bold] \\u001b[5m"}\n'
    'notes: {influence: "\\u2067managed\\u2069"}\n'
)


def hand_edited(text: str) -> str:
    """A result file edited by hand: JSON escapes put back into its texts."""
    data = json.loads(text)
    data["subject"] = data["subject"] + "\u001b]8;;http://evil\u0007"
    data["rater"]["name"] = "\u202eEve\u001b[31m"
    data["notes"]["influence"] = "[link=http://evil]x[/link]\u001b[2J\u009b"
    data["model"]["name"] = data["model"]["name"] + "\u001b[41m"
    return json.dumps(data, ensure_ascii=True)


# Our own styling (SGR) is allowed; anything else that steers a terminal is not.
OUR_STYLE = re.compile(r"\x1b\[[0-9;]*m")
STEERING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(
        tmp_path_factory.mktemp("untrusted"),
        MODEL,
        self_extra=SELF_EXTRA,
        manager_extra=MANAGER_EXTRA,
        edit_result=hand_edited,
    )


def run(world: World, *args: str, columns: int = 200, lang: str = "en") -> str:
    env = {
        "PMLEVEL_HOME": str(world.home),
        "PMLEVEL_LANG": lang,
        "COLUMNS": str(columns),
        "FORCE_COLOR": "1",  # a colour terminal, as far as Rich can tell
        "NO_COLOR": "",
    }
    result = CliRunner().invoke(app, ["--model", str(world.model), *args], env=env)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def assert_inert(shown: str) -> None:
    plain = OUR_STYLE.sub("", shown)
    assert not STEERING.search(plain), repr(STEERING.findall(plain))
    assert "\x1b]" not in shown  # no hyperlink or title was made
    assert "http://evil" not in shown.replace("[link=http://evil]", "").replace(
        "]8;;http://evil", ""
    )


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_command_shows_hostile_text_as_text(world: World, command: str, lang: str) -> None:
    shown = run(world, *world.args(command), lang=lang)
    assert_inert(shown)
    plain = OUR_STYLE.sub("", shown)
    # Markup reaches the screen as the characters that were typed.
    assert "[" in plain and "[/" in plain
    assert re.search(r"\[(bold|b|link=http://evil|red|bold red|i|u|blink)\]", plain), plain


MARKUP_SEEN = {
    "levels": "[bold red]PM I[/]",
    "show": "[blink]R1[/blink]",
    "show --vs": "[bold red]PM I[/]",
    "skills": "[link=http://evil]Disc[/link]",
    "assess": "[link=http://evil]Disc[/link]",
    "report": "[link=http://evil]x[/link]",
    "plan FILE": "[link=http://evil]Disc[/link]",
    "merge": "[b]Lei[/b]",
    "team": "[b]Lei[/b]",
    "history": "[b]Lei[/b]",
    "jd": "[blink]R1[/blink]",
    "interview": "[link=http://evil]Disc[/link]",
    "case": "[b]Lei[/b]",
}


@pytest.mark.parametrize(("command", "markup"), MARKUP_SEEN.items())
def test_markup_from_files_reads_as_typed(world: World, command: str, markup: str) -> None:
    plain = OUR_STYLE.sub("", run(world, *world.args(command)))
    assert markup in plain


@pytest.mark.parametrize("command", COMMANDS)
def test_very_long_words_fold_within_40_columns(world: World, command: str) -> None:
    shown = OUR_STYLE.sub("", run(world, *world.args(command), columns=40, lang="zh"))
    too_wide = [line for line in shown.splitlines() if cell_len(line) > 40]
    assert not too_wide, too_wide


# -- exports ------------------------------------------------------------------------------


def export(world: World, source: str, suffix: str, tmp_path: Path) -> str:
    target = tmp_path / f"out{suffix}"
    if source == "assess":
        run(world, "assess", "--answers", str(world.answers), "--no-save", "-o", str(target))
    else:  # a hand-edited result file, exported again
        run(world, "report", str(world.self_result), "-o", str(target))
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize("source", ["assess", "report"])
@pytest.mark.parametrize("suffix", [".json", ".md", ".html", ".svg"])
def test_every_export_keeps_hostile_text_inert(
    world: World, source: str, suffix: str, tmp_path: Path
) -> None:
    text = export(world, source, suffix, tmp_path)
    assert not STEERING.search(text), repr(STEERING.findall(text))
    if suffix == ".json":
        data = json.loads(text)
        assert not STEERING.search(json.dumps(data, ensure_ascii=False))
    if suffix in (".html", ".svg"):
        assert "<script>" not in text and "<b>" not in text and "<i>i</i>" not in text
    if suffix == ".html":
        assert "&lt;script&gt;" not in text or "alert" in text  # escaped, never live
        assert "[link=http://evil]" in text  # markup as typed
        assert 'href="http://evil' not in text
    if suffix == ".md":
        # Markdown specials from the files are escaped: no table cell breaks, no links.
        assert r"\[link=http://evil\]x\[/link\]" in text or source == "assess"
        assert r"\| a \| b \| \<i>i\</i> \`c\`" in text or source == "report"
        assert "](http" not in text
        from markdown_it import MarkdownIt

        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        inline = [child.type for token in tokens for child in token.children or []]
        assert "html_block" not in [t.type for t in tokens]
        assert not {"html_inline", "link_open", "code_inline"} & set(inline)


def test_the_plan_document_keeps_hostile_text_inert(world: World, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    run(world, "plan", str(world.self_result), "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert not STEERING.search(text), repr(STEERING.findall(text))
    assert r"\[link=http://evil\]Disc\[/link\]" in text
    assert "<script>" not in text


def test_options_given_on_the_command_line_are_inert_too(world: World, tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    run(
        world,
        "assess",
        "--answers",
        str(world.answers),
        "--subject",
        "\x1b]0;t\x07Mal\u202elory",
        "--rater-name",
        "\x1b[31mEve",
        "-o",
        str(target),
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["subject"] == "Mallory" or not STEERING.search(data["subject"])
    assert not STEERING.search(json.dumps(data, ensure_ascii=False))
    assert_inert(run(world, "history"))


def test_a_level_name_with_escaped_markup_is_a_plain_column_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the property tests: '\\[bold red]x[/]' as a header crashed show --vs."""
    source = (Path(__file__).parent / "fixtures" / "small.yaml").read_text(encoding="utf-8")
    model = tmp_path / "model.yaml"
    model.write_text(
        source.replace("name: Principal PM", 'name: "\\\\[bold red]x[/] <2>"'), "utf-8"
    )
    monkeypatch.setenv("PMLEVEL_HOME", str(tmp_path / "home"))
    done = CliRunner().invoke(app, ["--model", str(model), "show", "1", "--vs", "3"])
    assert done.exit_code == 0, done.output
    assert "\\[bold red]x[/] <2>" in done.output


@pytest.mark.parametrize("command", ["jd", "interview", "case"])
@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_job_descriptions_kits_and_cases_keep_hostile_text_inert(
    world: World, command: str, suffix: str, tmp_path: Path
) -> None:
    target = tmp_path / f"{command}{suffix}"
    run(world, *world.args(command), "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert not STEERING.search(text), repr(STEERING.findall(text))
    if suffix == ".html":
        assert "<script>" not in text and "<b>" not in text and 'href="http://evil' not in text
    else:
        from markdown_it import MarkdownIt

        tokens = MarkdownIt("commonmark").enable("table").parse(text)
        inline = [child.type for token in tokens for child in token.children or []]
        assert "html_block" not in [t.type for t in tokens]
        assert not {"html_inline", "link_open", "code_inline"} & set(inline)
        assert r"\[" in text  # markup from the files, escaped to read as typed


# Characters a hand-edited result may hold: controls, C1 controls, bidi and zero-width
# marks, noncharacters, Chinese punctuation (its UTF-8 shares lead bytes with the bidi
# marks) and plain text with backslashes.
HOSTILE = st.text(
    alphabet=st.sampled_from(
        [
            *'ab 中文“”—…·\\"/\t\n\x00\x07\x1b\x7f\x85\x9b\u200b\u200e\u202a\u202e\u2066\u2069',
            *"\ufffe\uffff\ufeff\u2028é",
        ]
    ),
    max_size=40,
)


@settings(max_examples=300)
@given(HOSTILE, st.booleans())
def test_a_result_files_text_is_made_inert_however_the_json_writes_it(
    text: str, escaped: bool
) -> None:
    """A subject or note read from a result file (the short way ``team`` and ``history
    --import`` read results) is the same inert text as ever, whether the file writes its
    characters as they are or as ``\\u`` escapes."""
    raw = json.dumps(
        {
            "model": {"name": "m", "sha256": "0" * 64},
            "assessed_at": "2026-01-01T00:00:00+00:00",
            "subject": text,
            "ratings": {},
            "notes": {"discovery": text},
            "estimate": {},
        },
        ensure_ascii=escaped,
    ).encode()
    given = parse_result_inputs(raw)
    assert given.subject == clean_text(text)
    assert given.notes["discovery"] == clean_text(text)
