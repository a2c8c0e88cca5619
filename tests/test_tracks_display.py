"""Which track a level is on (docs/reference.md#tracks): ``levels``, ``show``, ``skills``, ``jd``,
``interview`` and the form say it for a model with tracks, and nothing changes without."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, Invoke
from pmlevel.model.loader import load_model
from pmlevel.reports.form import form_data

TRACKS = ("--model", str(FIXTURES / "tracks.yaml"))
# A model without tracks. These tests used the bundled model until it became v3 with tracks;
# the small company's v2 ladder is the one-chain model they are about.
ONE_CHAIN = ROOT / "examples" / "small-company.yaml"


def rows(output: str) -> list[list[str]]:
    return [line.split() for line in output.splitlines()]


def test_levels_shows_each_levels_track_and_what_it_follows(invoke: Invoke) -> None:
    en = invoke(*TRACKS, "--lang", "en", "levels")
    assert en.exit_code == 0, en.output
    lines = rows(en.output)
    assert ["5", "Group", "PM", "lead", "Management", "track", "4"] in lines
    assert ["after", "pm2"] in lines
    assert ["1", "PM", "I", "pm1", "shared", "2"] in lines
    zh = invoke(*TRACKS, "--lang", "zh", "levels")
    assert ["3", "资深产品经理", "staff", "专业序列", "3"] in rows(zh.output)


def test_show_says_the_track_and_compares_with_the_level_below_on_it(invoke: Invoke) -> None:
    en = invoke(*TRACKS, "--lang", "en", "show", "lead")
    # Its place on its own chain (PM I, PM II, Group PM, Director), not in the file (5 of 6).
    assert "Group PM  lead · level 3 of 4 · Management track" in en.output
    assert "Management track, after PM II." in en.output
    # Compared with PM II (below it on its track), not Principal PM (before it in the file):
    # strategy rises by one from PM II's 2; people is new.
    table = rows(en.output)
    assert ["Strategy", "↑1", "●●●○", "3", "Independent"] in table
    assert ["People", "leadership", "★core", "new", "●●●○", "3", "Independent"] in table
    zh = invoke(*TRACKS, "--lang", "zh", "show", "pm2")
    assert "共同级别（各序列都有），接在产品经理一级之后。" in zh.output


def test_skills_matrix_names_the_track_under_each_level(invoke: Invoke) -> None:
    zh = invoke(*TRACKS, "--lang", "zh", "skills")
    assert ["技能", "ic", "ic", "management", "management"] in rows(zh.output)
    legend = "级别下方的 ic = 专业序列、management = 管理序列；没有标注的是各序列共同的级别。"
    assert "".join(legend.split()) in "".join(zh.output.split())
    en = invoke(*TRACKS, "--lang", "en", "skills")
    assert "Under a level: ic = IC track, management = Management track; no mark: shared" in (
        " ".join(en.output.split())
    )


def test_a_wide_matrix_uses_level_ids_rather_than_break_words(invoke: Invoke) -> None:
    # Seven English level names do not fit 80 columns: ids, never "Associa/te".
    model = ("--model", str(ROOT / "examples" / "engineering-tracks.yaml"))
    narrow = invoke(*model, "--lang", "en", "skills")
    assert ["p4", "p5", "p6", "p7", "p8", "m1", "m2"] in rows(narrow.output)
    assert "Associa" not in narrow.output
    wide = invoke(*model, "--lang", "en", "skills", env={"COLUMNS": "140"})
    assert ["Associate", "Product", "Senior", "Staff", "Principal", "Group", "Director"] in rows(
        wide.output
    )


def test_jd_and_interview_say_the_track(invoke: Invoke, tmp_path: Path) -> None:
    jd = invoke(*TRACKS, "--lang", "en", "jd", "lead")
    assert "Track Management track" in " ".join(jd.output.replace("│", " ").split())
    out = tmp_path / "jd.md"
    invoke(*TRACKS, "--lang", "zh", "jd", "staff", "-o", str(out))
    assert "专业序列" in out.read_text(encoding="utf-8")
    kit = invoke(*TRACKS, "--lang", "zh", "interview", "director")
    assert "序列 管理序列" in " ".join(kit.output.replace("│", " ").split())
    data = json.loads(invoke(*TRACKS, "interview", "director", "--json").stdout)
    assert data["track"] == "management"
    shared = json.loads(invoke(*TRACKS, "interview", "pm2", "--json").stdout)
    assert shared["track"] is None


def test_the_form_shows_the_ladder_with_its_tracks() -> None:
    model = load_model(FIXTURES / "tracks.yaml")
    data = form_data(model, subject=None, role=None, rater_name=None, lang="zh")
    assert data["texts"]["zh"]["ui"]["ladder"] == (
        "职级：产品经理一级 → 产品经理二级，之后分为专业序列（资深产品经理 → 首席产品经理）、"
        "管理序列（产品组长 → 产品总监）。"
    )
    assert data["texts"]["en"]["ui"]["ladder"] == (
        "Levels: PM I → PM II, then IC track (Staff PM → Principal PM) and "
        "Management track (Group PM → Director of Product)."
    )


@pytest.mark.parametrize("command", [["levels"], ["show", "senior"], ["jd", "senior"]])
def test_a_model_without_tracks_shows_no_track(invoke: Invoke, command: list[str]) -> None:
    en = invoke("--model", str(ONE_CHAIN), "--lang", "en", *command)
    zh = invoke("--model", str(ONE_CHAIN), "--lang", "zh", *command)
    assert en.exit_code == 0 and zh.exit_code == 0, en.output
    assert "Track" not in en.output and "shared" not in en.output
    assert "序列" not in zh.output and "共同" not in zh.output


def test_a_model_without_tracks_has_no_ladder_line_on_its_form() -> None:
    model = load_model(ONE_CHAIN)
    data = form_data(model, subject=None, role=None, rater_name=None, lang="en")
    assert data["texts"]["en"]["ui"]["ladder"] == ""
    assert invoke_json_track_is_null(model)


def test_the_bundled_models_form_shows_its_fork() -> None:
    """The bundled model is v3: its form names the shared start and both tracks."""
    from pmlevel.model.loader import bundled_model_path

    data = form_data(
        load_model(bundled_model_path()), subject=None, role=None, rater_name=None, lang="en"
    )
    ladder = data["texts"]["en"]["ui"]["ladder"]
    assert "Individual contributor track (Staff Product Manager)" in ladder
    assert "Management track (Director of Product)" in ladder


def invoke_json_track_is_null(model: object) -> bool:
    from pmlevel.company.interview import interview_kit

    kit = interview_kit(model, "senior")  # type: ignore[arg-type]
    return kit.to_json(model, "en")["track"] is None  # type: ignore[arg-type]
