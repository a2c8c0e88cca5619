"""Names in a model made of invisible characters: a name of nothing else is empty, and two
names that differ only by them are the same name (docs/reference.md#validation)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke

Write = Callable[[str, str], Path]


MODEL = """\
schema_version: 1
name: Acme
default_language: en
scale: {{min: 0, max: 2, anchors: {{0: none, 1: some, 2: much}}}}
skills:
  - {{id: discovery, name: "{skill}"}}
levels:
  - {{id: pm1, name: "{first}", expectations: {{discovery: 1}}}}
  - {{id: pm2, name: "{second}", expectations: {{discovery: 2}}}}
"""


@pytest.mark.parametrize("name", ["\\u200b", "\\u202e\\u2066", "\\x1b\\x07", "\\u3164", "\\u00ad"])
def test_a_name_of_only_invisible_characters_is_empty(
    invoke: Invoke, write: Write, name: str
) -> None:
    model = write("m.yaml", MODEL.format(skill=name, first="PM I", second="PM II"))
    done = invoke("--lang", "en", "validate", str(model))
    assert done.exit_code == 2
    assert f"{model}:6:" in done.stderr and "skills[0].name: text must not be empty" in done.stderr


def test_names_that_differ_only_by_invisible_characters_are_the_same_name(
    invoke: Invoke, write: Write
) -> None:
    model = write("m.yaml", MODEL.format(skill="Discovery", first="PM", second="P\\u200bM"))
    done = invoke("--lang", "en", "validate", str(model))
    assert done.exit_code == 2
    assert "levels[1].name: 'P\u200bM' is already used by level pm1" in done.stderr
