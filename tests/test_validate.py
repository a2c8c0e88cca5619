"""``pmlevel validate`` and the model rules of SPEC §2: one small bad file per rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.errors import InputError
from pmlevel.loader import load_model

SMALL = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
LOCATED = re.compile(
    r"^(?P<file>\S+\.yaml):(?P<line>\d+):(?P<col>\d+): (?P<path>\S+): (?P<msg>.+)$"
)

Write = Callable[[str, str], Path]


def edited(*changes: tuple[str, str]) -> str:
    text = SMALL
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def problems(write: Write, text: str) -> list[tuple[int | None, str, str]]:
    path = write("model.yaml", text)
    with pytest.raises(InputError) as caught:
        load_model(path)
    return [(p.line, p.path, p.message) for p in caught.value.problems]


def test_the_small_fixture_is_valid(invoke: Invoke) -> None:
    result = invoke("validate", str(FIXTURES / "small.yaml"))
    assert result.exit_code == 0, result.output
    assert "valid" in result.output and "3 levels" in result.output


def test_bundled_model_is_valid_in_chinese(invoke: Invoke) -> None:
    from pmlevel.loader import bundled_model_path

    result = invoke("--lang", "zh", "validate", str(bundled_model_path()))
    assert result.exit_code == 0
    assert "有效的级别模型：5 个级别，19 项技能" in result.output


def test_unknown_skill_in_expectations_says_did_you_mean(write: Write, invoke: Invoke) -> None:
    path = write("model.yaml", edited(("{discovery: 2, delivery: 3", "{discovry: 2, delivery: 3")))
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    line = result.output.strip().splitlines()[0]
    match = LOCATED.match(line)
    assert match, line
    assert match["path"] == "levels[1].expectations.discovry"
    assert match["line"] == "27"
    assert "unknown skill 'discovry'" in line and "did you mean 'discovery'" in line


def test_duplicate_skill_ids_ignore_case(write: Write) -> None:
    text = edited(("  - id: delivery\n", "  - id: Discovery\n"))
    found = problems(write, text)
    # An uppercase id is malformed before it can be a duplicate.
    assert found[0][1:] == ("skills[1].id", "bad_slug")
    text = edited(("  - id: delivery\n    name: Delivery\n", "  - id: discovery\n    name: D2\n"))
    found = problems(write, text)
    assert (17, "skills[1].id", "duplicate_id") in found


def test_level_aliases_must_be_unique_across_levels(write: Write) -> None:
    text = edited(
        ("name: PM I\n", "name: PM I\n    aliases: [Junior]\n"),
        ("name: PM II\n", "name: PM II\n    aliases: [JUNIOR]\n"),
    )
    assert [p[1:] for p in problems(write, text)] == [
        ("levels[1].aliases[0]", "duplicate_level_name")
    ]


def test_an_alias_cannot_be_a_rank(write: Write) -> None:
    text = edited(("name: PM I\n", "name: PM I\n    aliases: ['2']\n"))
    assert problems(write, text)[0][2] == "alias_is_number"


def test_expectation_off_the_scale(write: Write) -> None:
    text = edited(
        ("{discovery: 3, delivery: 3, influence: 3}", "{discovery: 3, delivery: 3, influence: 7}")
    )
    assert problems(write, text) == [(30, "levels[2].expectations.influence", "rating_off_scale")]


def test_every_level_expects_a_skill(write: Write) -> None:
    text = edited(("expectations: {discovery: 1, delivery: 2}", "expectations: {}"))
    assert problems(write, text) == [(24, "levels[0].expectations", "no_expectations")]


def test_an_expectation_never_drops(write: Write) -> None:
    text = edited(
        ("{discovery: 3, delivery: 3, influence: 3}", "{discovery: 3, delivery: 2, influence: 3}")
    )
    assert problems(write, text) == [(30, "levels[2].expectations.delivery", "expectation_drops")]


def test_anchors_cover_the_whole_scale(write: Write) -> None:
    text = edited(('    4: "Leading: teaches it"\n', ""), ("  max: 4\n", "  max: 5\n"))
    found = problems(write, text)
    assert [(p[1], p[2]) for p in found] == [
        ("scale.anchors", "anchor_missing"),
        ("scale.anchors", "anchor_missing"),
    ]


def test_unknown_keys_are_errors_with_a_suggestion(write: Write, invoke: Invoke) -> None:
    path = write(
        "model.yaml", edited(("    name: Discovery\n", "    name: Discovery\n    wieght: 2\n"))
    )
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert "skills[0].wieght: unknown key 'wieght'" in result.output
    assert "did you mean 'weight'" in result.output


def test_language_mappings_need_the_default_language(write: Write) -> None:
    text = edited(("name: Discovery\n", "name: {zh: 发现}\n"))
    assert problems(write, text) == [(16, "skills[0].name", "text_missing_default")]


def test_required_fields_are_named(write: Write) -> None:
    text = edited(("    name: PM I\n", ""))
    assert problems(write, text) == [(22, "levels[0].name", "missing_field")]


def test_a_number_where_text_belongs_asks_for_quotes(write: Write, invoke: Invoke) -> None:
    path = write("model.yaml", edited(("name: Discovery\n", "name: 1.10\n")))
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert "expected text" in result.output and "1.1" in result.output
    assert "quotes" in result.output


def test_a_boolean_is_not_a_rating(write: Write) -> None:
    text = edited(("{discovery: 1, delivery: 2}", "{discovery: true, delivery: 2}"))
    assert problems(write, text) == [(24, "levels[0].expectations.discovery", "expected_integer")]


def test_every_problem_is_reported_at_once(write: Write, invoke: Invoke) -> None:
    path = write(
        "model.yaml",
        edited(
            (
                "{discovery: 3, delivery: 3, influence: 3}",
                "{discovery: 3, delivery: 2, influence: 9}",
            ),
            ("{discovery: 1, delivery: 2}", "{discovery: 1, delivry: 2}"),
        ),
    )
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if LOCATED.match(line)]
    assert len(lines) == 3
    assert "3 problems" in result.output


def test_problems_in_chinese(write: Write, invoke: Invoke) -> None:
    path = write("model.yaml", edited(("{discovery: 2, delivery: 3", "{discovry: 2, delivery: 3")))
    result = invoke("--lang", "zh", "validate", str(path))
    assert result.exit_code == 2
    assert "未知技能「discovry」" in result.output
    assert "是不是想写「discovery」" in result.output


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_missing_path_or_directory_exit_2_without_traceback(
    invoke: Invoke, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "nope.yaml" if kind == "missing" else tmp_path
    result = invoke("validate", str(target))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert str(target) in result.output
    assert ("no such file" if kind == "missing" else "directory") in result.output


def test_a_broken_model_given_with_model_fails_every_command(write: Write, invoke: Invoke) -> None:
    path = write("model.yaml", "schema_version: 1\nname: x\n")
    result = invoke("--model", str(path), "levels")
    assert result.exit_code == 2
    assert "required field 'default_language' is missing" in result.output


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("schema_version: 1\nname: 产品: 测试\n", "must be quoted"),
        ("schema_version: 1\nname:\n\tzh: x\n", "indent with spaces"),
        ('schema_version: 1\nname: "open\n', "quote or bracket is not closed"),
    ],
)
def test_yaml_mistakes_made_by_hand_get_a_hint(
    write: Write, invoke: Invoke, text: str, hint: str
) -> None:
    result = invoke("--lang", "en", "validate", str(write("model.yaml", text)))
    assert result.exit_code == 2
    assert hint in result.output
