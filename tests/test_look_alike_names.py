"""Names that look the same but are different people .

``Li Lei`` and ``L\\u0456 Lei`` (a Cyrillic і) are two people by the identity rule,
and every command that puts people side by side says so, naming the code points
that differ: ``team``, ``history``, ``merge`` and ``case``. ``Li Lei\\ufe0f`` (a
variation selector) is the same person as ``Li Lei``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.store.history import FILE_NAME, History

SMALL = str(FIXTURES / "small.yaml")
CYRILLIC = "L\u0456 Lei"
SELECTOR = "Li Lei\ufe0f"
CODE_POINTS = "U+0069 LATIN SMALL LETTER I ≠ U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"


def answers(tmp_path: Path, name: str, subject: str, role: str, rater: str | None = None) -> Path:
    path = tmp_path / f"{name}.yaml"
    who = f"rater: {{role: {role}, name: {json.dumps(rater)}}}\n" if rater else ""
    path.write_text(
        "ratings: {discovery: 3, delivery: 3, influence: 2}\n"
        f"subject: {json.dumps(subject)}\n{who}",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def three(invoke: Invoke, tmp_path: Path) -> Path:
    """Li Lei's self-rating, a manager's about "Lі Lei" and a peer's about "Li Lei\\ufe0f",
    saved in the history and as result files in one folder."""
    folder = tmp_path / "results"
    folder.mkdir()
    for name, subject, role, rater in (
        ("self", "Li Lei", "self", None),
        ("manager", CYRILLIC, "manager", "Han"),
        ("peer", SELECTOR, "peer", "Jim"),
    ):
        source = answers(tmp_path, name, subject, role, rater)
        out = folder / f"{name}.json"
        done = invoke("--model", SMALL, "assess", "--answers", str(source), "-o", str(out))
        assert done.exit_code == 0, done.output
    return folder


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "Note: these names look the same but are written with different characters"),
        ("zh", "注意：这些名字看起来相同，但字符不同，会被当作不同的人"),
    ],
)
def test_history_says_which_names_look_alike(
    invoke: Invoke, three: Path, lang: str, note: str
) -> None:
    done = invoke("--lang", lang, "--model", SMALL, "history", env={"COLUMNS": "300"})
    assert done.exit_code == 0, done.output
    err = " ".join(done.stderr.split())
    assert note in err
    assert f"Li Lei / {CYRILLIC}: {CODE_POINTS}" in err
    # the selector is no other person: Li Lei's own entries are the self and the peer's
    listed = invoke("--model", SMALL, "history", "--subject", "Li Lei", "--json")
    assert [e["rater"]["role"] for e in json.loads(listed.stdout)] == ["self", "peer"]
    assert note in " ".join(
        invoke("--lang", lang, "--model", SMALL, "history", "--subject", "Li Lei").stderr.split()
    )


def test_team_says_which_names_look_alike(invoke: Invoke, three: Path) -> None:
    done = invoke("--model", SMALL, "team", str(three), "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert sorted(m["subject"] for m in data["members"]) == sorted(["Li Lei", CYRILLIC])
    assert data["look_alike"] == [{"names": ["Li Lei", CYRILLIC], "differences": CODE_POINTS}]
    for lang, note in (("en", "look the same"), ("zh", "看起来相同")):
        screen = invoke(
            "--lang", lang, "--model", SMALL, "team", str(three), env={"COLUMNS": "300"}
        )
        assert screen.exit_code == 0, screen.output
        text = " ".join(screen.stdout.split())
        assert note in text and CODE_POINTS in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "different people whose names look the same"), ("zh", "名字看起来相同、其实字符不同")],
)
def test_merging_look_alike_names_names_the_code_points(
    invoke: Invoke, three: Path, lang: str, words: str
) -> None:
    done = invoke(
        "--lang", lang, "--model", SMALL, "merge", str(three / "self.json"),
        str(three / "manager.json"), env={"COLUMNS": "300"},
    )  # fmt: skip
    assert done.exit_code == 2
    err = " ".join(done.stderr.split())
    assert words in err and CODE_POINTS in err
    assert "Traceback" not in err
    # and the variation selector is the same person: they merge
    same = invoke(
        "--model", SMALL, "merge", str(three / "self.json"), str(three / "peer.json"), "--json"
    )
    assert same.exit_code == 0, same.output


def test_case_from_the_history_says_whose_results_it_left_out(invoke: Invoke, three: Path) -> None:
    done = invoke("--model", SMALL, "case", "--subject", "Li Lei", "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert [r["role"] for r in data["raters"]] == ["self", "peer"]  # the selector: one person
    assert data["look_alike"] == [{"names": ["Li Lei", CYRILLIC], "differences": CODE_POINTS}]
    for lang, words in (("en", "another person, whose results are not in this case"),
                        ("zh", "那些结果没有计入本材料")):  # fmt: skip
        screen = invoke(
            "--lang", lang, "--model", SMALL, "case", "--subject", "Li Lei", env={"COLUMNS": "300"}
        )
        assert screen.exit_code == 0, screen.output
        text = " ".join(screen.stdout.split())
        assert words in text and CODE_POINTS in text


def test_case_from_files_of_look_alike_names_is_refused_with_the_code_points(
    invoke: Invoke, three: Path
) -> None:
    done = invoke(
        "--lang", "en", "--model", SMALL, "case", str(three / "self.json"),
        str(three / "manager.json"), env={"COLUMNS": "300"},
    )  # fmt: skip
    assert done.exit_code == 2
    assert CODE_POINTS in " ".join(done.stderr.split())


def test_an_older_history_is_rekeyed_so_a_selector_is_the_same_person(
    invoke: Invoke, home: Path, tmp_path: Path
) -> None:
    """Version 4 keyed "Li Lei\\ufe0f" apart from "Li Lei"; version 5 keys them as one."""
    source = answers(tmp_path, "peer", SELECTOR, "peer", "Jim")
    assert invoke("--model", SMALL, "assess", "--answers", str(source)).exit_code == 0
    conn = sqlite3.connect(home / FILE_NAME)
    conn.execute("UPDATE results SET subject_key = ?", ("li lei\ufe0f",))
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    with History.open(home) as history:
        assert [e.subject for e in history.entries("Li Lei")] == [SELECTOR]
