"""Model schema v3 (docs/reference.md#tracks): tracks, ``track`` and ``after`` on levels, and their
validation, one small bad file per rule, each located, in both languages, all at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.errors import InputError
from pmlevel.model.loader import load_model

TRACKS = (FIXTURES / "tracks.yaml").read_text(encoding="utf-8")
LOCATED = re.compile(
    r"^(?P<file>\S+\.yaml):(?P<line>\d+):(?P<col>\d+): (?P<path>\S+): (?P<msg>.+)$"
)

Write = Callable[[str, str], Path]

# Lines of tracks.yaml that the edits below change.
STAFF_TRACK = "    track: ic\n    expectations: {discovery: 4, delivery: 3"
PRINCIPAL_TRACK = "    track: ic\n    expectations: {discovery: 4, delivery: 4"
LEAD_AFTER = "    track: management\n    after: pm2\n"


def edited(*changes: tuple[str, str]) -> str:
    text = TRACKS
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def problems(write: Write, text: str) -> list[tuple[int | None, str, str]]:
    path = write("model.yaml", text)
    with pytest.raises(InputError) as caught:
        load_model(path)
    return [(p.line, p.path, p.message) for p in caught.value.problems]


def validate(invoke: Invoke, write: Write, text: str, lang: str = "en") -> list[str]:
    """The lines ``validate`` prints for *text* (exit 2, each located)."""
    result = invoke("--lang", lang, "validate", str(write("model.yaml", text)))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if LOCATED.match(line)]
    assert lines, result.output
    return lines


def test_the_tracks_fixture_is_valid_and_each_track_is_one_chain(invoke: Invoke) -> None:
    result = invoke("validate", str(FIXTURES / "tracks.yaml"))
    assert result.exit_code == 0, result.output
    model = load_model(FIXTURES / "tracks.yaml")
    assert [t.id for t in model.tracks] == ["ic", "management"]
    chains = {track: [lv.id for lv in chain] for track, chain in model.chains()}
    assert chains == {
        "ic": ["pm1", "pm2", "staff", "principal"],
        "management": ["pm1", "pm2", "lead", "director"],
    }
    # `after` defaults to the previous level in the file (director after lead).
    assert [(lv.id, lv.track, lv.after) for lv in model.levels][-2:] == [
        ("lead", "management", "pm2"),
        ("director", "management", "lead"),
    ]


def test_a_track_that_does_not_exist(write: Write, invoke: Invoke) -> None:
    text = edited((PRINCIPAL_TRACK, PRINCIPAL_TRACK.replace("track: ic", "track: icc")))
    assert problems(write, text) == [(42, "levels[3].track", "track_unknown_in_model")]
    (en,) = validate(invoke, write, text)
    assert en.endswith(
        "levels[3].track: undeclared track 'icc'; declared: ic, management (did you mean 'ic'?)"
    )
    (zh,) = validate(invoke, write, text, "zh")
    assert "未声明的序列「icc」；已声明：ic, management" in zh


def test_a_track_in_a_model_that_declares_none(write: Write, invoke: Invoke) -> None:
    text = re.sub(r"tracks:\n(  .*\n)+", "", TRACKS)
    found = problems(write, text)
    assert {(path, message) for _, path, message in found} == {
        ("levels[2].track", "track_not_declared"),
        ("levels[3].track", "track_not_declared"),
        ("levels[4].track", "track_not_declared"),
        ("levels[5].track", "track_not_declared"),
    }
    lines = validate(invoke, write, text, "zh")
    assert "序列「ic」没有声明：模型没有 tracks" in lines[0]


def test_after_that_points_forward(write: Write, invoke: Invoke) -> None:
    # staff after director: later in the file, and director's chain does not lead back.
    text = edited((STAFF_TRACK, "    track: ic\n    after: director\n" + STAFF_TRACK[14:]))
    assert problems(write, text) == [(38, "levels[2].after", "after_forward")]
    (en,) = validate(invoke, write, text)
    assert "after names 'director', which comes later in the file" in en
    (zh,) = validate(invoke, write, text, "zh")
    assert "after 指向的「director」在文件里排在后面" in zh


def test_after_that_points_to_itself(write: Write, invoke: Invoke) -> None:
    text = edited((STAFF_TRACK, "    track: ic\n    after: staff\n" + STAFF_TRACK[14:]))
    assert problems(write, text) == [(38, "levels[2].after", "after_self")]
    (zh,) = validate(invoke, write, text, "zh")
    assert "级别不能排在自己之后（after: staff）" in zh


def test_a_cycle_is_named_as_one(write: Write, invoke: Invoke) -> None:
    # staff after principal, and principal (by default) after staff.
    text = edited((STAFF_TRACK, "    track: ic\n    after: principal\n" + STAFF_TRACK[14:]))
    assert problems(write, text) == [(38, "levels[2].after", "after_cycle")]
    (en,) = validate(invoke, write, text)
    assert "after makes a cycle (staff → principal → staff)" in en
    (zh,) = validate(invoke, write, text, "zh")
    assert "after 形成了循环（staff → principal → staff）" in zh


def test_a_tracked_level_after_another_tracks_level(write: Write, invoke: Invoke) -> None:
    # Without `after: pm2`, lead follows the level before it in the file: principal (ic).
    text = edited((LEAD_AFTER, "    track: management\n"))
    assert problems(write, text) == [(44, "levels[4].after", "after_other_track")]
    (en,) = validate(invoke, write, text)
    assert "model.yaml:44:9: levels[4].after: level lead (track management)" in en
    assert "comes after principal, a level of another track (ic)" in en
    (zh,) = validate(invoke, write, text, "zh")
    assert "排在了另一个序列（ic）的级别 principal 之后" in zh


def test_a_track_with_no_level(write: Write, invoke: Invoke) -> None:
    text = edited(
        (
            "  - id: management\n    name: {en: Management track, zh: 管理序列}\n",
            "  - id: management\n    name: {en: Management track, zh: 管理序列}\n"
            "  - id: exec\n    name: {en: Executive track, zh: 高管序列}\n",
        )
    )
    assert problems(write, text) == [(18, "tracks[2].id", "track_empty")]
    (zh,) = validate(invoke, write, text, "zh")
    assert "序列「exec」没有任何级别" in zh


def test_no_expectation_drops_along_after_but_may_between_tracks(
    write: Write, invoke: Invoke
) -> None:
    # director expects discovery 3 while principal (another track, earlier in the
    # file) expects 4: fine. Below lead's 3 along its own chain: a drop.
    assert load_model(FIXTURES / "tracks.yaml").level("director").expectations["discovery"] == 3
    text = edited(
        (
            "{discovery: 3, delivery: 4, strategy: 4, people: 4}",
            "{discovery: 2, delivery: 4, strategy: 4, people: 4}",
        )
    )
    assert problems(write, text) == [(53, "levels[5].expectations.discovery", "expectation_drops")]
    (en,) = validate(invoke, write, text)
    assert "drops from 3 (at lead) to 2" in en


def test_a_fork_within_a_track(write: Write, invoke: Invoke) -> None:
    text = edited((PRINCIPAL_TRACK, "    track: ic\n    after: pm2\n" + PRINCIPAL_TRACK[14:]))
    assert problems(write, text) == [(43, "levels[3].after", "track_fork")]
    (en,) = validate(invoke, write, text)
    assert "staff and principal both follow pm2 on track ic; a track is one chain" in en


def test_a_track_goes_on_from_the_top_shared_level(write: Write, invoke: Invoke) -> None:
    text = edited((LEAD_AFTER, LEAD_AFTER.replace("pm2", "pm1")))
    assert problems(write, text) == [(47, "levels[4].after", "after_not_top_shared")]
    (zh,) = validate(invoke, write, text, "zh")
    assert "序列应从最高的共同级别 pm2 开始" in zh


def test_shared_levels_stay_at_the_bottom(write: Write, invoke: Invoke) -> None:
    # A shared level between tracked ones: one message, and the level after it is not
    # blamed for following it.
    text = edited(
        (
            "  - id: director",
            "  - id: extra\n    name: Extra\n    expectations: {discovery: 4}\n  - id: director",
        )
    )
    assert problems(write, text) == [(50, "levels[5].after", "shared_above_track")]
    (en,) = validate(invoke, write, text)
    assert "shared level extra (no track) comes after the tracked level staff" in en


def test_the_lowest_level_is_shared(write: Write) -> None:
    text = edited(
        (
            "    expectations: {discovery: 2, delivery: 2}",
            "    track: ic\n    expectations: {discovery: 2, delivery: 2}",
        )
    )
    assert problems(write, text) == [(30, "levels[0].track", "track_at_bottom")]


def test_after_naming_no_level(write: Write, invoke: Invoke) -> None:
    text = edited((LEAD_AFTER, LEAD_AFTER.replace("pm2", "pm3")))
    assert problems(write, text) == [(47, "levels[4].after", "after_unknown")]
    (en,) = validate(invoke, write, text)
    assert en.endswith("levels[4].after: no level 'pm3' (did you mean 'pm2'?)")


def test_every_problem_at_once(write: Write, invoke: Invoke) -> None:
    text = edited(
        (STAFF_TRACK, "    track: ic\n    after: staff\n" + STAFF_TRACK[14:]),
        (PRINCIPAL_TRACK, PRINCIPAL_TRACK.replace("track: ic", "track: icc")),
        (LEAD_AFTER, LEAD_AFTER.replace("pm2", "pm3")),
        (
            "{discovery: 3, delivery: 4, strategy: 4, people: 4}",
            "{discovery: 2, delivery: 4, strategy: 4, people: 4}",
        ),
    )
    assert [path for _, path, _ in problems(write, text)] == [
        "levels[2].after",
        "levels[3].track",
        "levels[4].after",
        "levels[5].expectations.discovery",
    ]
    result = invoke("validate", str(write("model.yaml", text)))
    assert result.exit_code == 2 and "4 problems" in result.output


def test_a_v2_model_may_not_use_tracks(write: Write, invoke: Invoke) -> None:
    text = edited(("schema_version: 3", "schema_version: 2"))
    found = problems(write, text)
    v3 = [(path, message) for _, path, message in found if message == "needs_schema_v3"]
    assert v3[:3] == [
        ("tracks", "needs_schema_v3"),
        ("levels[2].track", "needs_schema_v3"),
        ("levels[3].track", "needs_schema_v3"),
    ]
    (line, *_) = validate(invoke, write, text, "zh")
    assert "「tracks」是 schema_version 3 的键" in line


def test_schema_model_describes_v3(invoke: Invoke) -> None:
    import json

    schema = json.loads(invoke("schema", "model").output)
    assert schema["properties"]["schema_version"]["enum"] == [1, 2, 3]
    assert "tracks" in schema["properties"]
    level = schema["$defs"]["LevelSpec"]["properties"]
    assert {"track", "after"} <= set(level)
    assert set(schema["$defs"]["TrackSpec"]["required"]) == {"id", "name"}


def test_a_tracked_model_survives_the_cache(invoke: Invoke, home: Path) -> None:
    first = invoke("--model", str(FIXTURES / "tracks.yaml"), "levels")
    second = invoke("--model", str(FIXTURES / "tracks.yaml"), "levels")  # from the cache
    assert first.exit_code == 0 and second.output == first.output
    from pmlevel.model.loader import load_model as load

    cached = load(FIXTURES / "tracks.yaml", cache_dir=home / "cache")
    again = load(FIXTURES / "tracks.yaml", cache_dir=home / "cache")
    assert [(lv.track, lv.after) for lv in again.levels] == [
        (lv.track, lv.after) for lv in cached.levels
    ]
    assert again.tracks == cached.tracks
