"""``levels``, ``show`` and ``skills`` written with ``-o``: the same reports as the screen,
as Markdown, HTML and (the matrix) CSV, in every language; bad suffixes refused."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.model.ladder import LevelModel

TRACKS = Path(__file__).parent.parent / "examples" / "engineering-tracks.yaml"


@pytest.mark.parametrize("suffix", [".md", ".html"])
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Senior Product Manager", "Director of Product", "apm")),
        ("zh", ("高级产品经理", "产品总监", "apm")),
        ("zh-Hant", ("高級產品經理", "apm")),
    ],
)
def test_levels_is_written_as_a_document(
    invoke: Invoke, tmp_path: Path, lang: str, words: tuple[str, ...], suffix: str
) -> None:
    target = tmp_path / f"levels{suffix}"
    result = invoke("--lang", lang, "levels", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    for word in words:
        assert word in text, word
    assert str(target) in result.stderr  # "Wrote FILE", and the table not drawn as well
    assert "junior" not in result.stdout


def test_show_writes_one_level_with_its_duties_skills_and_anchors(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel
) -> None:
    target = tmp_path / "senior.html"
    result = invoke("--lang", "en", "show", "senior", "-o", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Key requirement decisions" in page  # a responsibility
    assert "Strategic Thinking" in page and "★core" in page  # a core skill, marked
    anchor = bundled.skill("strategic-thinking").anchor(3)
    assert anchor is not None
    assert anchor["en"].split(".")[0].replace("'", "&#x27;") in page  # its own anchor


def test_show_vs_is_written_as_markdown(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "vs.md"
    result = invoke("--lang", "zh", "show", "senior", "--vs", "staff", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "高级产品经理" in text and "资深产品经理" in text
    assert "| 技能 |" in text.replace("  ", " ")  # a real pipe table


def test_the_matrix_csv_holds_every_skill_and_expected_rating(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel
) -> None:
    target = tmp_path / "matrix.csv"
    result = invoke("--lang", "en", "skills", "-o", str(target))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [row["skill"] for row in rows] == [skill.id for skill in bundled.skills]
    senior = bundled.level("senior")
    for row in rows:
        expected = senior.expectations.get(row["skill"])
        assert row["senior"] == ("" if expected is None else str(expected))
        assert row["core:senior"] == ("1" if senior.is_core(row["skill"]) else "")
    assert rows[0]["name"] == bundled.skills[0].name["en"]


def test_the_matrix_csv_names_skills_in_the_users_language(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel
) -> None:
    target = tmp_path / "matrix.csv"
    assert invoke("--lang", "zh", "skills", "-o", str(target)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0]["name"] == bundled.skills[0].name["zh"]


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_the_matrix_document_shows_tracks_of_a_tracked_ladder(
    invoke: Invoke, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"matrix{suffix}"
    result = invoke("--model", str(TRACKS), "--lang", "en", "skills", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "management" in text and "discovery" in text


def test_the_matrix_screen_uses_level_ids_where_names_would_break(invoke: Invoke) -> None:
    """Seven levels of English names do not fit 80 columns: the headers become ids
    rather than words broken in the middle; at 120 columns the names fit."""
    narrow = invoke("--model", str(TRACKS), "--lang", "en", "skills", env={"COLUMNS": "80"})
    wide = invoke("--model", str(TRACKS), "--lang", "en", "skills", env={"COLUMNS": "120"})
    assert "p4" in narrow.output and "Associate" not in narrow.output
    assert "Associate" in wide.output


@pytest.mark.parametrize(
    ("args", "suffix"),
    [(("levels",), ".csv"), (("show", "senior"), ".svg"), (("skills",), ".json")],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_suffix_the_command_cannot_write_is_refused_before_any_work(
    invoke: Invoke, tmp_path: Path, args: tuple[str, ...], suffix: str, lang: str
) -> None:
    target = tmp_path / f"out{suffix}"
    result = invoke("--lang", lang, *args, "-o", str(target))
    assert result.exit_code == 2
    assert suffix in result.output and ".md" in result.output
    assert not target.exists()


def test_a_small_model_without_responsibilities_is_written_too(
    invoke: Invoke, tmp_path: Path
) -> None:
    target = tmp_path / "small.md"
    model = str(FIXTURES / "small.yaml")
    result = invoke("--model", model, "--lang", "en", "show", "1", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# ")
