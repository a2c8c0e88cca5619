"""``pmlevel validate`` and the model rules (docs/reference.md#validation): a bad file per rule."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.errors import InputError
from pmlevel.model.limits import (
    MAX_ITEMS,
    MAX_LANGUAGES,
    MAX_LEVELS,
    MAX_NAME_CHARS,
    MAX_SCALE_POINTS,
    MAX_SKILLS,
    MAX_TEXT_CHARS,
)
from pmlevel.model.loader import load_model

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
    from pmlevel.model.loader import bundled_model_path

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


# -- v2 (docs/reference.md#schema-versions): own anchors, actions by target, questions, core ---

V2 = (FIXTURES / "v2.yaml").read_text(encoding="utf-8")


def edited_v2(*changes: tuple[str, str]) -> str:
    text = V2
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_the_v2_fixture_loads_with_everything_it_says(invoke: Invoke) -> None:
    model = load_model(FIXTURES / "v2.yaml")
    discovery, delivery = model.skill("discovery"), model.skill("delivery")
    # A skill's own anchors win; a skill without them falls back to the scale's.
    assert discovery.anchor(3) == {
        "en": "Runs a discovery sprint alone and writes up the findings",
        "zh": "独立完成一轮需求探索并写出结论",
    }
    assert delivery.anchor(3) == model.scale.anchors[3]
    # Actions keyed by target answer for that target only; a plain list answers any target.
    assert [a["en"] for a in discovery.actions_for(3)] == [
        "Run one interview series alone",
        "Write a findings memo",
    ]
    assert discovery.actions_for(1) == ()
    assert delivery.actions_for(4) == delivery.actions_for(2) == delivery.actions
    assert len(discovery.questions) == 1
    pm1, pm2, _ = model.levels
    assert pm1.experience == {"en": "Some product work", "zh": "一些产品工作经验"}
    assert pm2.core == ("delivery", "strategy")  # in skill order
    assert pm2.is_core("strategy") and not pm2.is_core("discovery")
    result = invoke("validate", str(FIXTURES / "v2.yaml"))
    assert result.exit_code == 0, result.output


def test_version_1_files_still_load_and_have_no_v2_parts() -> None:
    model = load_model(FIXTURES / "small.yaml")
    skill = model.skill("discovery")
    assert model.schema_version == 1
    assert skill.anchor(0) == model.scale.anchors[0] and not skill.own_anchors
    assert skill.questions == () and model.levels[0].core == ()


def test_a_version_1_file_cannot_use_v2_keys(write: Write, invoke: Invoke) -> None:
    text = edited_v2(("schema_version: 2", "schema_version: 1"))
    found = problems(write, text)
    assert [(p[1], p[2]) for p in found] == [
        ("skills[0].anchors", "needs_schema_v2"),
        ("skills[0].actions", "needs_schema_v2"),
        ("skills[0].questions", "needs_schema_v2"),
        ("levels[0].experience", "needs_schema_v2"),
        ("levels[0].core", "needs_schema_v2"),
        ("levels[1].core", "needs_schema_v2"),
        ("levels[2].core", "needs_schema_v2"),
    ]
    result = invoke("--lang", "zh", "validate", str(write("model.yaml", text)))
    assert "skills[0].anchors: 「anchors」是 schema_version 2 的键" in result.output


# 3 became valid with tracks (docs/reference.md#tracks); 4 is the next unknown one.
@pytest.mark.parametrize("version", ["true", "4", "'2'"])
def test_schema_version_is_1_2_or_3(write: Write, version: str) -> None:
    text = edited_v2(("schema_version: 2", f"schema_version: {version}"))
    assert problems(write, text) == [(2, "schema_version", "expected_literal")]


def test_a_skills_own_anchors_cover_the_scale(write: Write, invoke: Invoke) -> None:
    text = edited_v2(
        ('      4: {en: "Set up the team\'s interview programme", zh: 为团队建立了访谈机制}\n', ""),
        ('      1: {en: "Has read', '      9: {en: "Has read'),
    )
    found = problems(write, text)
    assert found == [
        (17, "skills[0].anchors", "anchor_missing"),
        (17, "skills[0].anchors", "anchor_missing"),
        (17, "skills[0].anchors[9]", "anchor_off_scale"),
    ]
    result = invoke("validate", str(write("model.yaml", text)))
    assert "v2.yaml" not in result.output  # the file given, not the fixture's name
    assert ":17:7: skills[0].anchors[9]: anchor 9 is outside the scale 1–4." in result.output
    result = invoke("--lang", "zh", "validate", str(write("model.yaml", text)))
    assert "skills[0].anchors: 缺少评分 1 的行为锚点" in result.output


def test_actions_by_target_lie_on_the_scale(write: Write, invoke: Invoke) -> None:
    text = edited_v2(('      4: [{en: "Coach', '      5: [{en: "Coach'))
    assert problems(write, text) == [(24, "skills[0].actions[5]", "action_off_scale")]
    path = write("model.yaml", text)
    result = invoke("validate", str(path))
    assert f"{path}:24:7: skills[0].actions[5]: actions for rating 5: 5 is outside" in result.output
    result = invoke("--lang", "zh", "validate", str(path))
    assert "目标评分 5 的成长行动：5 不在刻度 1–4 之内" in result.output


def test_a_misshapen_action_is_one_problem(write: Write) -> None:
    text = edited_v2(('[{en: "Shadow two interviews", zh: 旁听两次访谈}]', "[7]"))
    assert problems(write, text) == [(22, "skills[0].actions[2][0]", "expected_text")]
    text = edited_v2(('      - {en: "Ship a small', '      - {de: "Ship a small'))
    assert problems(write, text) == [(31, "skills[1].actions[0]", "text_missing_default")]


def test_questions_and_experience_need_the_default_language(write: Write) -> None:
    text = edited_v2(
        ('      - {en: "Tell me about a time an interview changed your plan.", ', "      - {"),
        ('experience: {en: "Some product work", ', "experience: {"),
    )
    assert problems(write, text) == [
        (26, "skills[0].questions[0]", "text_missing_default"),
        (37, "levels[0].experience", "text_missing_default"),
    ]


def test_core_skills_are_known_unique_and_expected(write: Write, invoke: Invoke) -> None:
    text = edited_v2(
        ("core: [discovery]", "core: [discovry]"),
        ("core: [strategy, delivery]", "core: [strategy, strategy]"),
        (
            "    expectations: {discovery: 3, delivery: 4, strategy: 4}\n    core: [strategy]",
            "    expectations: {discovery: 3, delivery: 4}\n    core: [strategy]",
        ),
    )
    found = problems(write, text)
    assert [(p[1], p[2]) for p in found] == [
        ("levels[0].core[0]", "unknown_skill"),
        ("levels[1].core[1]", "core_duplicate"),
        ("levels[2].core[0]", "core_not_expected"),
    ]
    path = write("model.yaml", text)
    result = invoke("validate", str(path))
    assert "levels[0].core[0]: unknown skill 'discovry' (did you mean 'discovery'?)" in (
        result.output
    )
    assert "core skill 'strategy' is not expected at level pm3" in result.output
    result = invoke("--lang", "zh", "validate", str(path))
    assert "核心技能「strategy」在级别 pm3 没有期望" in result.output
    assert "核心技能「strategy」列了两次" in result.output


def test_the_success_line_stays_whole_at_any_path_length(invoke: Invoke, tmp_path: Path) -> None:
    # At 80 columns a long path used to wrap the line and split "3 levels".
    for length in (23, 120):
        folder = tmp_path / ("d" * length)
        folder.mkdir()
        copy = folder / "small.yaml"
        copy.write_bytes((FIXTURES / "small.yaml").read_bytes())
        result = invoke("validate", str(copy))
        assert result.exit_code == 0, result.output
        assert "3 levels" in result.output


# -- size limits (docs/reference.md#size-limits): one over each is refused, located ------------


def test_a_model_at_the_limits_is_valid(write: Write, invoke: Invoke) -> None:
    from fixtures.largest_model import largest_model

    result = invoke("validate", str(write("largest.yaml", largest_model())))
    assert result.exit_code == 0, result.output
    assert "20 levels, 100 skills" in result.output


def test_one_skill_too_many_is_refused(write: Write, invoke: Invoke) -> None:
    skills = "".join(f"  - id: s{i}\n    name: S{i}\n" for i in range(MAX_SKILLS - 2))
    text = edited(("  - id: influence\n", skills + "  - id: influence\n"))
    assert problems(write, text) == [(15, "skills", "too_many_items")]
    result = invoke("--lang", "zh", "validate", str(write("model.yaml", text)))
    assert f"skills: 条目太多（最多 {MAX_SKILLS} 个）。" in result.output
    fits = edited(
        ("  - id: influence\n", skills[: skills.rindex("  - id:")] + "  - id: influence\n")
    )
    assert load_model(write("fits.yaml", fits))


def test_one_level_too_many_is_refused(write: Write, invoke: Invoke) -> None:
    extra = "".join(
        f"  - id: x{i}\n    name: X{i}\n    expectations: {{discovery: 3}}\n"
        for i in range(MAX_LEVELS - 2)
    )
    text = SMALL + extra
    assert problems(write, text) == [(22, "levels", "too_many_items")]
    result = invoke("validate", str(write("model.yaml", text)))
    assert f"levels: too many items (at most {MAX_LEVELS})." in result.output


def test_a_scale_too_wide_is_one_problem(write: Write, invoke: Invoke) -> None:
    # Twelve points, and so anchors missing for 5..11: only the width is reported.
    text = edited(("  max: 4\n", "  max: 11\n"))
    assert problems(write, text) == [(7, "scale.max", "scale_too_wide")]
    result = invoke("validate", str(write("model.yaml", text)))
    assert f"scale.max: the scale has 12 points; at most {MAX_SCALE_POINTS} are allowed" in (
        result.output
    )
    result = invoke("--lang", "zh", "validate", str(write("model.yaml", text)))
    assert "刻度有 12 个点；最多允许 11 个" in result.output


def test_texts_too_long_are_refused(write: Write, invoke: Invoke) -> None:
    text = edited(
        ("name: Discovery\n", f"name: {'n' * (MAX_NAME_CHARS + 1)}\n"),
        (
            "    name: Delivery\n",
            f"    name: Delivery\n    description: {'d' * (MAX_TEXT_CHARS + 1)}\n",
        ),
    )
    assert problems(write, text) == [
        (16, "skills[0].name", "text_too_long"),
        (19, "skills[1].description", "text_too_long"),
    ]
    result = invoke("validate", str(write("model.yaml", text)))
    assert f"skills[0].name: too long (at most {MAX_NAME_CHARS} characters)." in result.output
    exact = edited(("name: Discovery\n", f"name: {'n' * MAX_NAME_CHARS}\n"))
    assert load_model(write("fits.yaml", exact))


def test_too_many_questions_or_languages_are_refused(write: Write) -> None:
    questions = ", ".join(["q"] * (MAX_ITEMS + 1))
    languages = ", ".join(f"l{chr(97 + i)}: x" for i in range(MAX_LANGUAGES + 1))
    text = edited_v2(
        ("    questions:\n", f"    questions: [{questions}]\n    x-questions:\n"),
        ("name: {en: Strategy, zh: 战略思维}", f"name: {{en: Strategy, {languages}}}"),
    )
    text = text.replace("    x-questions:\n      - ", "    description: ")
    found = [(p[1], p[2]) for p in problems(write, text)]
    assert found == [
        ("skills[0].questions", "too_many_items"),
        ("skills[2].name", "text_too_many_languages"),
    ]


# -- every problem in one run, and no follow-ons (docs/reference.md#validation) -------------------


def test_four_mistakes_give_exactly_four_messages_in_one_run(write: Write, invoke: Invoke) -> None:
    """A model with four mistakes: an unknown key `min_shar`, an off-scale 7 (the level above
    expects 4), plus a misspelt skill and a zero weight. Before, `validate` stopped at
    the structure's problems, and the 7 then came with a wrong "drops from 7" message."""
    text = edited_v2(
        ("default_language: en\n", "default_language: en\nestimation: {min_shar: 0.7}\n"),
        ("    weight: 2\n", "    weight: 0\n"),
        ("expectations: {discovery: 2, delivery: 2}", "expectations: {discovry: 2, delivery: 2}"),
        ("{discovery: 3, delivery: 3, strategy: 2}", "{discovery: 3, delivery: 7, strategy: 2}"),
    )
    path = write("model.yaml", text)
    assert [(p[1], p[2]) for p in problems(write, text)] == [
        ("estimation.min_shar", "unknown_key"),
        ("skills[1].weight", "too_small_gt"),
        ("levels[0].expectations.discovry", "unknown_skill"),
        ("levels[1].expectations.delivery", "rating_off_scale"),
    ]
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if LOCATED.match(line)]
    assert len(lines) == 4, result.output
    assert "4 problems" in result.output
    assert "drops" not in result.output and "core skill" not in result.output
    zh = invoke("--lang", "zh", "validate", str(path))
    assert len([line for line in zh.output.splitlines() if LOCATED.match(line)]) == 4
    assert "降到" not in zh.output


def test_a_drop_names_the_level_that_set_the_higher_expectation(write: Write) -> None:
    text = edited_v2(
        ("{discovery: 3, delivery: 3, strategy: 2}", "{discovery: 3, delivery: 4, strategy: 2}"),
        ("{discovery: 3, delivery: 4, strategy: 4}", "{discovery: 2, delivery: 3, strategy: 4}"),
    )
    path = write("model.yaml", text)
    with pytest.raises(InputError) as caught:
        load_model(path)
    found = [(p.path, p.message, dict(p.params)) for p in caught.value.problems]
    assert found == [
        (
            "levels[2].expectations.discovery",
            "expectation_drops",
            {"skill": "discovery", "rating": 2, "before": 3, "lower": "pm2"},
        ),
        (
            "levels[2].expectations.delivery",
            "expectation_drops",
            {"skill": "delivery", "rating": 3, "before": 4, "lower": "pm2"},
        ),
    ]


def test_broken_parts_do_not_hide_the_rules_elsewhere(write: Write) -> None:
    # A skill with a broken name, and a level whose name is a number: the rules on the
    # rest of the file still run (a core skill that is not expected, a missing anchor).
    text = edited_v2(
        ("name: {en: Delivery, zh: 交付}", "name: 12"),
        ("name: {en: PM II, zh: 产品经理二级}", "name: [x]"),
        ("core: [strategy]", "core: [discovery, strategy]"),
        ('      4: {en: "Set up the team\'s interview programme", zh: 为团队建立了访谈机制}\n', ""),
    )
    text = text.replace(
        "    expectations: {discovery: 3, delivery: 4, strategy: 4}\n",
        "    expectations: {delivery: 4, strategy: 4}\n",
    )
    assert [(p[1], p[2]) for p in problems(write, text)] == [
        ("skills[0].anchors", "anchor_missing"),
        ("skills[1].name", "expected_text"),
        ("levels[1].name", "expected_text"),
        ("levels[2].core[0]", "core_not_expected"),
    ]


def test_a_malformed_id_or_language_is_explained_in_both_languages(
    write: Write, invoke: Invoke
) -> None:
    """Found by fuzzing: the messages for these two had left the catalogue, and
    `validate` printed the bare id "bad_slug"."""
    text = edited(
        ("  - id: delivery\n", "  - id: Delivery\n"),
        ("default_language: en", "default_language: EN"),
    )
    path = write("model.yaml", text)
    en = invoke("--lang", "en", "validate", str(path))
    assert "skills[1].id: id 'Delivery' is malformed: use lowercase letters" in en.output
    assert "default_language: 'EN' is not a language code (such as zh or en)." in en.output
    assert "bad_slug" not in en.output and "bad_language" not in en.output
    zh = invoke("--lang", "zh", "validate", str(path))
    assert "ID「Delivery」格式不对" in zh.output and "「EN」不是语言代码" in zh.output


@pytest.mark.parametrize("value", ["3", "true", "null", "{a: b}"])
def test_actions_for_a_target_that_are_not_a_list_are_one_located_problem(
    write: Write, value: str
) -> None:
    """Found by fuzzing: the default-language check walked into `4: 3` and crashed."""
    text = edited_v2(
        (
            '      4: [{en: "Coach a colleague through discovery", zh: 带一位同事做需求探索}]',
            f"      4: {value}",
        )
    )
    found = problems(write, text)
    assert [(p[1], p[2]) for p in found] == [("skills[0].actions[4]", "expected_list")]


def test_an_anchor_numbered_off_the_scale_is_one_problem(write: Write) -> None:
    # 4 written as 5: the point 4 is missing because of it, not a second mistake.
    text = edited_v2(("      4: {en: \"Set up the team's", "      5: {en: \"Set up the team's"))
    assert problems(write, text) == [(20, "skills[0].anchors[5]", "anchor_off_scale")]
    text = edited(('    4: "Leading: teaches it"', '    5: "Leading: teaches it"'))
    assert problems(write, text) == [(13, "scale.anchors[5]", "anchor_off_scale")]
