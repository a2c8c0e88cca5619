"""The SVG picture of a result is well-formed XML whatever the text in it
(docs/reference.md#exports)."""

from __future__ import annotations

import xml.dom.minidom
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from helpers_answers import SMALL

Write = Callable[[str, str], Path]


@pytest.mark.parametrize("escape", ["\\ufffe", "\\uffff"])
def test_an_svg_with_xml_invalid_characters_is_well_formed(
    invoke: Invoke, write: Write, tmp_path: Path, escape: str
) -> None:
    answers = write(
        "a.json",
        '{"ratings": {"discovery": 2, "delivery": 2, "influence": 1}, '
        f'"rater": {{"name": "Han{escape}Mei"}}, "notes": {{"delivery": "a{escape}b"}}}}',
    )
    picture = tmp_path / "r.svg"
    done = invoke(
        "--model",
        SMALL,
        "assess",
        "--answers",
        str(answers),
        "--subject",
        "Li\ufffeLei",
        "--no-save",
        "-o",
        str(picture),
    )
    assert done.exit_code == 0, done.output
    xml.dom.minidom.parseString(picture.read_bytes())  # raises when not well-formed
    assert "LiLei" in picture.read_text(encoding="utf-8")
