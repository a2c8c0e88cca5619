"""``history -o h.md|h.html``: the listing the screen shows, as a document, beside the
streamed ``.csv``; filters apply to every format; nothing drawn on screen with ``-o``."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke

SMALL = str(FIXTURES / "small.yaml")


@pytest.fixture
def two_people(invoke: Invoke, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    for subject, (d, e, i) in (("Li Lei", (1, 2, 0)), ("王芳", (3, 3, 3))):
        answers.write_text(
            f"ratings: {{discovery: {d}, delivery: {e}, influence: {i}}}\nsubject: '{subject}'\n",
            encoding="utf-8",
        )
        done = invoke("--model", SMALL, "assess", "--answers", str(answers))
        assert done.exit_code == 0, done.stderr


@pytest.mark.parametrize(("lang", "heading"), [("en", "Assessment history"), ("zh", "评估历史")])
@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_history_is_written_as_a_document_with_every_entry(
    invoke: Invoke, tmp_path: Path, two_people: None, lang: str, heading: str, suffix: str
) -> None:
    out = tmp_path / f"history{suffix}"
    done = invoke("--model", SMALL, "--lang", lang, "history", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert heading in text
    assert "Li Lei" in text and "王芳" in text
    assert "Li Lei" not in done.stdout  # written, not drawn as well


def test_the_subject_filter_applies_to_the_document(
    invoke: Invoke, tmp_path: Path, two_people: None
) -> None:
    out = tmp_path / "history.md"
    done = invoke("--model", SMALL, "history", "--subject", "li lei", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "Li Lei" in text and "王芳" not in text


def test_an_empty_history_is_a_document_that_says_so(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "history.html"
    done = invoke("--lang", "en", "history", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert "No saved assessments yet" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_format_history_cannot_write_is_refused_naming_the_ones_it_can(
    invoke: Invoke, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "history.svg"
    done = invoke("--lang", lang, "history", "-o", str(out))
    assert done.exit_code == 2
    for suffix in (".csv", ".md", ".html"):
        assert suffix in done.output
    assert not out.exists()
