"""Property-based tests (hypothesis): whatever model or answers file a user writes,
pmlevel either accepts it or exits 2 naming the file (``FILE:LINE:COL`` where it can).

Never a traceback, never exit 1. The files are generated whole -- valid ladders, and
ladders and answers broken by wrong types, missing and unknown keys, huge numbers,
deep nesting, odd unicode, and random edits of the text -- and run through the
loader and the real commands (``validate``, ``levels``, ``assess --answers``).
Both YAML parsers are exercised: libyaml (what users normally get) and PyYAML's
pure-Python one (what they get where libyaml is missing).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_runner import CliRunner, Result
from conftest import FIXTURES
from pmlevel.cli.app import app
from pmlevel.errors import InputError
from pmlevel.model.limits import MAX_NAME_CHARS, MAX_TEXT_CHARS
from pmlevel.model.loader import parse_model
from pmlevel.model.yaml_reader import resolve_plain
from pmlevel.text.safe import visible

# Moderate, so the whole file runs in well under a minute in CI; for a deeper run,
# PMLEVEL_EXAMPLES=2000 python -m pytest tests/test_input_properties.py
SETTINGS = settings(
    max_examples=int(os.environ.get("PMLEVEL_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SMALL_SKILLS = ("discovery", "delivery", "influence")  # tests/fixtures/small.yaml, scale 0-4

# Text that has hurt terminal programs before: markup, CSI and OSC escapes, bidi
# overrides, zero-width characters, C1 controls, very long words, Chinese.
UNTRUSTED = (
    "[bold red]x[/]",
    "[link=http://evil]y[/link]",
    "\x1b[31m",
    "\x1b]8;;http://evil\x07",
    "\x9b2J",
    "\u202e",
    "\u2066",
    "\u200b\u200d",
    "\x00",
    "\ufeff",
    "\u2028",
    "w" * 300,
    "产品经理",
    "😀",
)
HUGE = "__HUGE_NUMBER__"  # replaced in the file's text by a 5000-digit number

CHARS = st.characters(blacklist_categories=("Cs",))
TEXT = st.one_of(
    st.text(CHARS, min_size=1, max_size=20),
    st.sampled_from(UNTRUSTED),
    st.lists(st.sampled_from(UNTRUSTED) | st.text(CHARS, max_size=4), min_size=1, max_size=4).map(
        "".join
    ),
).filter(lambda s: visible(s) != "")  # text a reader sees nothing of is refused
SLUG = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
LANGS = ("zh", "en")


def deeply_nested(depth: int) -> Any:
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
    st.just(""),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.integers(30, 40).map(deeply_nested),
    st.just(HUGE),
)


@st.composite
def texts(draw: st.DrawFn, lang: str, suffix: str = "", limit: int = MAX_TEXT_CHARS) -> Any:
    """A model text: a string, or a mapping of languages that includes the default one,
    each at most *limit* characters (the model's limit for that kind of text)."""
    keep = limit - len(suffix)
    main = draw(TEXT)[:keep] + suffix
    if draw(st.booleans()):
        return main
    others = draw(st.dictionaries(st.sampled_from(("zh", "en", "fr")), TEXT, max_size=2))
    return {**{k: v[:keep] + suffix for k, v in others.items()}, lang: main}


def names(lang: str, suffix: str = "") -> st.SearchStrategy[Any]:
    return texts(lang, suffix, MAX_NAME_CHARS)


@st.composite
def models(draw: st.DrawFn) -> dict[str, Any]:
    """A valid level model, as the data a YAML or JSON file would hold (v1 or v2)."""
    lang = draw(st.sampled_from(LANGS))
    v2 = draw(st.booleans())
    low = draw(st.integers(-3, 3))
    high = low + draw(st.integers(1, 5))
    n_skills = draw(st.integers(1, 5))
    skill_ids = draw(st.lists(SLUG, min_size=n_skills, max_size=n_skills, unique=True))
    skills = []
    for skill_id in skill_ids:
        skill: dict[str, Any] = {"id": skill_id, "name": draw(names(lang))}
        if draw(st.booleans()):
            skill["description"] = draw(texts(lang))
            skill["category"] = draw(names(lang))
            skill["weight"] = draw(st.integers(1, 1000) | st.floats(0.01, 1000))
            skill["actions"] = draw(st.lists(texts(lang), max_size=2))
        if v2 and draw(st.booleans()):  # (v2) the skill's own anchors, actions by target
            skill["anchors"] = {p: draw(texts(lang)) for p in range(low, high + 1)}
            targets = draw(st.lists(st.integers(low, high), unique=True, max_size=3))
            skill["actions"] = {t: draw(st.lists(texts(lang), max_size=2)) for t in targets}
            skill["questions"] = draw(st.lists(texts(lang), max_size=2))
        skills.append(skill)
    n_levels = draw(st.integers(1, 4))
    level_ids = draw(st.lists(SLUG, min_size=n_levels, max_size=n_levels, unique=True))
    floor: dict[str, int] = {}
    levels = []
    for index, level_id in enumerate(level_ids):
        expected = draw(st.lists(st.sampled_from(skill_ids), min_size=1, unique=True))
        expectations = {}
        for skill_id in expected:  # an expectation never drops from one level to the next
            expectations[skill_id] = draw(st.integers(floor.get(skill_id, low), high))
            floor[skill_id] = expectations[skill_id]
        # "<index>" at the end keeps names and aliases apart across levels, as the
        # model requires, whatever the random text before it folds to.
        level: dict[str, Any] = {
            "id": level_id,
            "name": draw(names(lang, f" <{index}>")),
            "expectations": expectations,
        }
        if draw(st.booleans()):
            level["aliases"] = [
                draw(TEXT)[:60] + f" <{index}.{k}>" for k in range(draw(st.integers(0, 2)))
            ]
            level["summary"] = draw(texts(lang))
            level["responsibilities"] = [
                {"name": draw(names(lang)), "description": draw(texts(lang))}
            ]
        if v2 and draw(st.booleans()):  # (v2) core skills among those expected, experience
            level["core"] = draw(st.lists(st.sampled_from(expected), unique=True))
            level["experience"] = draw(texts(lang))
        levels.append(level)
    model: dict[str, Any] = {
        "schema_version": 2 if v2 else 1,
        "name": draw(names(lang)),
        "default_language": lang,
        "scale": {
            "min": low,
            "max": high,
            "anchors": {point: draw(texts(lang)) for point in range(low, high + 1)},
        },
        "skills": skills,
        "levels": levels,
    }
    if draw(st.booleans()):
        model["estimation"] = {
            "min_share": draw(st.floats(0.01, 1)),
            "max_shortfall": draw(st.integers(0, 3)),
        }
    return model


def paths(data: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value inside *data* (not the top level itself)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*here, key)
            yield from paths(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*here, index)
            yield from paths(value, (*here, index))


@st.composite
def broken(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """*data* with one to three wrong types, missing or unknown keys."""
    for _ in range(draw(st.integers(1, 3))):
        every = list(paths(data))
        if not every:
            break
        path = draw(st.sampled_from(every))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(("replace", "delete", "add")))
        if action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(TEXT | st.integers() | st.just(HUGE))] = draw(WRONG)
        else:
            parent[path[-1]] = draw(WRONG)
    return data


_C1 = re.compile("[\x7f-\x9f\ufffe\uffff]")


class _Dumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1, where ``08`` and ``1e5`` are text; pmlevel reads YAML 1.2,
    where they are numbers. Quote every string 1.2 would read as something else."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None if isinstance(resolve_plain(value), str) else "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def serialise(data: Any, fmt: str) -> str:
    """*data* as a YAML or JSON file's text (JSON keeps raw Unicode, escapes what YAML forbids)."""
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=1)
        text = _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    else:
        text = yaml.dump(
            data,
            Dumper=_Dumper,
            allow_unicode=fmt == "yaml",
            sort_keys=False,
            default_flow_style=None,
            width=60,
        )
    return text.replace(f'"{HUGE}"', "9" * 5000).replace(HUGE, "9" * 5000)


FORMATS = st.sampled_from(("yaml", "yaml-ascii", "json"))

# Fragments a hand edit or a bad paste leaves behind.
DEBRIS = st.sampled_from(
    (
        ": ",
        "- ",
        "\n",
        "\n  ",
        "\t",
        "{",
        "]",
        '"',
        "'",
        "&a ",
        "*a",
        "!!python/object:os.system ",
        "---\n",
        "# ",
        "\x00",
        "\x1b",
        "\ufeff",
        "99999999999999999999999",
        "1.10",
        "no",
        "~",
        "\\e[31m",
    )
)


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """*text* with a few random insertions, deletions or a truncation."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(("insert", "delete", "truncate")))
        if action == "insert":
            text = text[:at] + draw(DEBRIS | st.text(CHARS, max_size=3)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        else:
            text = text[:at]
    return text


# -- running it ---------------------------------------------------------------------


@contextlib.contextmanager
def yaml_parser(which: str) -> Iterator[None]:
    """Use libyaml (the usual) or PyYAML's pure-Python parser (where libyaml is missing)."""
    if which == "libyaml":
        yield
        return
    saved = yaml.__dict__.pop("CSafeLoader", None)
    try:
        yield
    finally:
        if saved is not None:
            yaml.CSafeLoader = saved  # type: ignore[attr-defined,misc]


PARSERS = st.sampled_from(("libyaml", "pure"))


def run(home: Path, *args: str) -> Result:
    env = {"PMLEVEL_HOME": str(home), "COLUMNS": "60", "PMLEVEL_LANG": "en", "NO_COLOR": "1"}
    return CliRunner().invoke(app, list(args), env=env)


def assert_ok_or_located(result: Result, file: Path) -> None:
    """Exit 0, or exit 2 with every problem line naming *file*; nothing else."""
    shown = result.stdout + result.stderr
    assert result.exit_code in (0, 2), shown
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert "Traceback" not in shown and "Unexpected error" not in shown, shown
    if result.exit_code == 2:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert lines and lines[0].startswith(f"{file}:"), result.stderr
        assert all(
            line.startswith(f"{file}:") or line.endswith("problems; fix them and run again.")
            for line in lines
        ), result.stderr


def assert_loads_or_located(text: str, source: str) -> None:
    try:
        parse_model(text, source)
    except InputError as error:
        assert error.problems
        assert all(p.source == source for p in error.problems)


Write = Callable[[str, str], Path]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One directory for every example: each writes its files afresh.
    return tmp_path_factory.mktemp("props")


def put(workdir: Path, name: str, text: str) -> Path:
    path = workdir / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path


# -- models ---------------------------------------------------------------------------


@SETTINGS
@given(model=models(), fmt=FORMATS, parser=PARSERS)
def test_a_generated_valid_model_is_accepted_and_shown(
    workdir: Path, model: dict[str, Any], fmt: str, parser: str
) -> None:
    path = put(workdir, f"model.{'json' if fmt == 'json' else 'yaml'}", serialise(model, fmt))
    with yaml_parser(parser):
        checked = run(workdir, "validate", str(path))
        assert checked.exit_code == 0, checked.stderr
        assert "is a valid level model" in " ".join(checked.stdout.split())
        for command in (["levels"], ["skills"], ["show", "1", "--vs", str(len(model["levels"]))]):
            shown = run(workdir, "--model", str(path), *command)
            assert shown.exit_code == 0, shown.stderr
            # Nothing from the file reaches the terminal as a control sequence.
            assert not re.search(
                "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown.stdout
            )


@SETTINGS
@given(data=st.data(), fmt=FORMATS, parser=PARSERS)
def test_a_model_with_wrong_types_or_keys_is_refused_with_its_location(
    workdir: Path, data: st.DataObject, fmt: str, parser: str
) -> None:
    model = data.draw(models().flatmap(broken))
    path = put(workdir, "model.yaml", serialise(model, fmt))
    with yaml_parser(parser):
        assert_ok_or_located(run(workdir, "validate", str(path)), path)
        assert_loads_or_located(path.read_text(encoding="utf-8"), str(path))


@SETTINGS
@given(data=st.data(), fmt=FORMATS, parser=PARSERS)
def test_a_hand_edited_model_is_accepted_or_refused_with_its_location(
    workdir: Path, data: st.DataObject, fmt: str, parser: str
) -> None:
    text = data.draw(models().map(lambda m: serialise(m, fmt)).flatmap(edited))
    path = put(workdir, "model.yaml", text)
    with yaml_parser(parser):
        assert_ok_or_located(run(workdir, "validate", str(path)), path)
        # The same file given with --model: the command fails the same way, or works.
        assert_ok_or_located(run(workdir, "--model", str(path), "levels"), path)


@SETTINGS
@given(text=st.binary(max_size=300))
def test_any_bytes_as_a_model_are_accepted_or_refused_with_their_location(
    workdir: Path, text: bytes
) -> None:
    path = workdir / "model.yaml"
    path.write_bytes(text)
    assert_ok_or_located(run(workdir, "validate", str(path)), path)


# -- answers files ------------------------------------------------------------------------


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    """An answers file for tests/fixtures/small.yaml: sometimes right, often not."""
    rating = st.integers(0, 4)
    if draw(st.booleans()):
        rating = rating | WRONG
    ratings = {skill: draw(rating) for skill in SMALL_SKILLS if draw(st.integers(0, 9))}
    if draw(st.integers(0, 4)) == 0:
        ratings[draw(TEXT | SLUG)] = draw(rating)
    data: dict[str, Any] = {"ratings": ratings}
    if draw(st.booleans()):
        data["notes"] = draw(st.dictionaries(st.sampled_from(SMALL_SKILLS), TEXT | st.none()))
    if draw(st.booleans()):
        data["subject"] = draw(TEXT)
    if draw(st.booleans()):
        data["rater"] = {
            "role": draw(st.sampled_from(("self", "manager", "peer"))),
            "name": draw(TEXT),
        }
    if draw(st.integers(0, 3)) == 0:
        data = draw(broken(data))
    return data


def assess(workdir: Path, answers_file: Path) -> Result:
    model = str(FIXTURES / "small.yaml")
    return run(
        workdir, "--model", model, "assess", "--answers", str(answers_file), "--json", "--no-save"
    )


@SETTINGS
@given(data=answers(), fmt=FORMATS, parser=PARSERS)
def test_a_generated_answers_file_gives_a_result_or_a_located_refusal(
    workdir: Path, data: dict[str, Any], fmt: str, parser: str
) -> None:
    path = put(workdir, "answers.yaml", serialise(data, fmt))
    with yaml_parser(parser):
        result = assess(workdir, path)
    assert_ok_or_located(result, path)
    if result.exit_code == 0:
        out = json.loads(result.stdout)  # --json is pure JSON
        # every skill rated, or left empty by a rater who could not observe it (never self)
        unobserved = out["estimate"]["not_observed"]
        assert set(out["ratings"]) | set(unobserved) == set(SMALL_SKILLS)
        assert not set(out["ratings"]) & set(unobserved)
        assert not unobserved or out["rater"]["role"] != "self"
        assert not re.search(
            "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", json.dumps(out, ensure_ascii=False)
        )


@SETTINGS
@given(data=st.data(), fmt=FORMATS)
def test_a_hand_edited_answers_file_gives_a_result_or_a_located_refusal(
    workdir: Path, data: st.DataObject, fmt: str
) -> None:
    text = data.draw(answers().map(lambda a: serialise(a, fmt)).flatmap(edited))
    path = put(workdir, "answers.yaml", text)
    assert_ok_or_located(assess(workdir, path), path)
