"""Safe YAML (docs/reference.md#safe-yaml): hazards refused, located; values keep their type."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.errors import InputError
from pmlevel.model.yaml_reader import parse_yaml, read_yaml_file


def problem_of(text: str) -> tuple[str, int | None]:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "x.yaml")
    problem = caught.value.problems[0]
    return problem.message, problem.line


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: 1\nb: !!python/object/apply:os.system ['echo hi']\n", "yaml_tag", 2),
        ("a: &x [1, 2]\nb: *x\n", "yaml_anchor", 1),
        ("a: 1\nb: 2\na: 3\n", "duplicate_key", 3),
        ("a: 1\n---\nb: 2\n", "several_documents", 2),
        ("- just\n- a list\n", "top_not_mapping", 1),
        ("'a string'\n", "top_not_mapping", 1),
        ("a: b: c\n", "yaml_syntax", 1),
        ("a: " + "[" * 40 + "]" * 40 + "\n", "too_deep", 1),
        ("a:\n  b: \x1b[31mred\n", "yaml_syntax", 2),
        ("? [1, 2]\n: x\n", "complex_key", 1),
    ],
)
def test_hazards_are_refused_with_a_line(text: str, message: str, line: int) -> None:
    assert problem_of(text) == (message, line)


def test_empty_file_is_not_a_mapping() -> None:
    assert problem_of("")[0] == "top_not_mapping"


def test_billion_laughs_is_refused_before_expansion() -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    assert problem_of(bomb)[0] == "yaml_anchor"


def test_yaml_11_surprises_do_not_happen() -> None:
    doc = parse_yaml("a: no\nb: on\nc: 2024-01-02\nd: 0x1F\ne: 1_000\nf: yes\ng: 1.10\n", "x")
    assert doc.data["a"] == "no"
    assert doc.data["b"] == "on"
    assert doc.data["c"] == "2024-01-02"
    assert doc.data["d"] == "0x1F"
    assert doc.data["e"] == "1_000"
    assert doc.data["f"] == "yes"
    assert doc.data["g"] == 1.1  # a number: where text is expected the validator says so


def test_quoted_values_stay_text() -> None:
    assert parse_yaml("a: \"3\"\nb: 'true'\n", "x").data == {"a": "3", "b": "true"}


def test_positions_are_kept_for_values_and_keys() -> None:
    doc = parse_yaml("top:\n  inner: [1, 2]\n", "x")
    assert doc.locate(("top", "inner", 1)) == (2, 14)
    assert doc.locate(("top", "inner"), key=True) == (2, 3)


def test_non_utf8_names_the_byte_offset(write: Callable[[str, str], Path], tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("name: 产品\n".encode("gbk"))
    with pytest.raises(InputError) as caught:
        read_yaml_file(path)
    problem = caught.value.problems[0]
    assert problem.message == "not_utf8"
    assert problem.params["offset"] == 6
    assert problem.line == 1


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    assert read_yaml_file(path).data == {"a": 1}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path: Path, codec: str) -> None:
    """PowerShell 5's ``>`` writes UTF-16LE with a BOM ."""
    path = tmp_path / "wide.yaml"
    path.write_bytes("\ufeffname: 产品\nb: [1, 2]\n".encode(codec))
    assert read_yaml_file(path).data == {"name": "产品", "b": [1, 2]}


def test_utf16_without_a_bom_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "nobom.yaml"
    path.write_bytes("a: 1\n".encode("utf-16-le"))
    with pytest.raises(InputError):  # without a mark it is UTF-8 full of NULs
        read_yaml_file(path)


def test_broken_utf16_names_the_encoding_offset_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes("\ufeffa: 1\nb: 2\n".encode("utf-16-le") + b"\x00\xdc")  # a lone surrogate
    with pytest.raises(InputError) as caught:
        read_yaml_file(path)
    problem = caught.value.problems[0]
    assert problem.message == "bad_wide_encoding"
    assert problem.params == {"offset": 22, "encoding": "UTF-16"}  # 2 + 10 characters x 2
    assert problem.line == 3


def test_over_one_mebibyte_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (1 << 20) + b"\n")
    with pytest.raises(InputError) as caught:
        read_yaml_file(path)
    assert caught.value.problems[0].message == "file_too_large"


def test_an_oversized_model_is_refused_from_its_size_without_reading_it(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model over the limit is refused from its size alone: not a byte of it is read
    (a sparse 64 MiB file here), in the reader's language, exit 2, no traceback."""
    from pmlevel.model import files

    big = tmp_path / "huge.yaml"
    with big.open("wb") as handle:
        handle.truncate(64 << 20)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened for reading")

    monkeypatch.setattr(files.os, "fdopen", no_reading)
    with pytest.raises(InputError) as caught:
        read_yaml_file(big)
    assert caught.value.problems[0].message == "file_too_large"
    assert caught.value.problems[0].params == {"limit": 1024}
    for lang, words in (("en", "over the 1024 KiB limit"), ("zh", "超过 1024 KiB 的上限")):
        done = invoke("--lang", lang, "--model", str(big), "levels")
        assert done.exit_code == 2
        assert f"{big}: " in done.stderr and words in done.stderr
        assert "Traceback" not in done.output
        checked = invoke("--lang", lang, "validate", str(big))
        assert checked.exit_code == 2 and words in checked.stderr


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for path, message in (
        (tmp_path / "nope.yaml", "file_not_found"),
        (tmp_path, "file_is_directory"),
    ):
        with pytest.raises(InputError) as caught:
            read_yaml_file(path)
        assert caught.value.problems[0].message == message


def test_powershell_utf16_files_work_in_every_command(invoke: Invoke, tmp_path: Path) -> None:
    """A model, an answers file and a result saved by Windows PowerShell 5 (``>``: UTF-16LE
    with a BOM) are read as they are; team takes the result too."""
    small = FIXTURES / "small.yaml"
    model = tmp_path / "model.yaml"
    model.write_bytes(small.read_text(encoding="utf-8").encode("utf-16"))  # BOM + LE
    assert model.read_bytes().startswith(b"\xff\xfe")
    checked = invoke("--lang", "en", "validate", str(model))
    assert checked.exit_code == 0, checked.output
    answers = tmp_path / "answers.yaml"
    text = "ratings: {discovery: 2, delivery: 3, influence: 1}\nsubject: 李雷\n"
    answers.write_bytes(text.encode("utf-16"))
    done = invoke("--model", str(model), "assess", "--answers", str(answers), "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["subject"] == "李雷"

    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "li.json").write_bytes(done.stdout.encode("utf-32"))
    shown = invoke("--model", str(model), "report", str(folder / "li.json"), "--json")
    assert shown.exit_code == 0, shown.output
    team = invoke("--model", str(model), "team", str(folder), "--json")
    assert team.exit_code == 0, team.output
    assert [m["subject"] for m in json.loads(team.stdout)["members"]] == ["李雷"]


# JSON that YAML reads to the same values is read by the JSON parser (no PyYAML on the
# start-up of assess --answers and report FILE); anything else still goes through YAML.
@pytest.mark.parametrize(
    "text",
    [
        '{"ratings": {"a": 3, "b": null}, "subject": "李雷", "x": [1, 2.5, -0, 1e3, true]}',
        '{\n  "a": {"b": {"c": []}},\n  "d": "\\u00e9\\n\\"q\\"",\n  "e": {}\n}\n',
        '  {"note": "emoji \\ud83d\\ude00 and \\u2028"}',  # escapes: joined by the YAML path
        '{"a": 1, "a": 2}',  # duplicate key
        '{"a": NaN}',
        '{"a": "x\\/y"}',
        '{"a":\t1}',
        '{"a": "line\u2028break"}',
        '{"a": "\u0085"}',
        '{"a": ' + "[" * 33 + "]" * 33 + "}",  # deeper than YAML allows
        '{"a": 1} trailing',
        '{"' + "k" * 1100 + '": 1}',
    ],
)
def test_json_reads_as_yaml_reads_it(text: str) -> None:
    from pmlevel.model.yaml_reader import _parse_yaml

    try:
        slow = _parse_yaml(text, "x.json", 32)
    except InputError as refused:
        with pytest.raises(InputError) as caught:
            parse_yaml(text, "x.json")
        assert caught.value.problems == refused.problems
        return
    fast = parse_yaml(text, "x.json")
    assert fast.data == slow.data
    assert repr(fast.data) == repr(slow.data)  # 1e3 stays a float, -0 an int
    for path in [*slow.positions, ("nowhere", 1)]:
        assert fast.locate(path) == slow.locate(path)
    for path in slow.key_positions:
        assert fast.locate(path, key=True) == slow.locate(path, key=True)


def test_problems_in_a_json_answers_file_are_located(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answers file in plain JSON is read without PyYAML, and its problems still carry
    their line and column (the text is parsed again for them only then)."""
    answers = tmp_path / "answers.json"
    answers.write_text(
        '{\n  "subject": "Li",\n  "ratings": {\n    "discovery": 9,\n'
        '    "delivery": 3,\n    "influense": 1\n  }\n}\n',
        encoding="utf-8",
    )
    model = str(FIXTURES / "small.yaml")
    for lang, unknown in (("en", "unknown skill 'influense'"), ("zh", "influense")):
        done = invoke("--lang", lang, "--model", model, "assess", "--answers", str(answers))
        assert done.exit_code == 2
        assert f"{answers}:4:" in done.stderr  # the rating off the scale, on its line
        assert f"{answers}:6:5:" in done.stderr and unknown in done.stderr
        assert "Traceback" not in done.output
