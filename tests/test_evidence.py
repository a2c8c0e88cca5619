"""Evidence gathered through the year (docs/reference.md#evidence): ``evidence add``, ``list``,
``verify`` and ``remove``, kept in the history database, private like it; bad input
refused in every language with nothing written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import stat
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.cli.context import Context
from pmlevel.errors import UsageError
from pmlevel.growth import evidence
from pmlevel.model.ladder import LevelModel
from pmlevel.store import history as history_module
from pmlevel.store.history import CURRENT_VERSION, FILE_NAME, History, HistoryError
from pmlevel.store.workspace import Workspace

SMALL = str(FIXTURES / "small.yaml")
TODAY = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)


def workspace(home: Path, model: LevelModel, today: dt.datetime = TODAY) -> Workspace:
    return Workspace(model=model, data_dir=home, state_dir=home / "state", clock=lambda: today)


def add(invoke: Invoke, *args: str, lang: str = "en") -> object:
    return invoke("--lang", lang, "--model", SMALL, "evidence", "add", *args)


def listed(invoke: Invoke, *args: str) -> list[dict[str, object]]:
    done = invoke("--model", SMALL, "evidence", "list", "--json", *args)
    assert done.exit_code == 0, done.output
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def rows(home: Path) -> int:
    with sqlite3.connect(home / FILE_NAME) as conn:
        return int(conn.execute("SELECT count(*) FROM evidence").fetchone()[0])


# -- add and list ----------------------------------------------------------------------


def test_add_says_its_id_and_list_json_has_the_documented_keys(invoke: Invoke, home: Path) -> None:
    done = add(
        invoke,
        "Ran the Q3 pricing test",
        "--skill",
        "discovery",
        "--skill",
        "delivery",
        "--date",
        "2026-11-02",
        "--link",
        "https://wiki.example.com/q3",
    )
    assert done.exit_code == 0, done.output
    assert "#1" in done.stderr and "Discovery" in done.stderr and "Delivery" in done.stderr
    (piece,) = listed(invoke)
    assert piece == {
        "id": 1,
        "subject": None,
        "date": "2026-11-02",
        "text": "Ran the Q3 pricing test",
        "skills": ["discovery", "delivery"],
        "link": "https://wiki.example.com/q3",
        "verified_by": None,
        "verified_at": None,
    }


def test_add_in_chinese_says_its_id_in_chinese(invoke: Invoke) -> None:
    done = add(invoke, "主导了定价实验", "--skill", "discovery", lang="zh")
    assert done.exit_code == 0, done.output
    assert "已添加证据 #1" in done.stderr


def test_list_filters_by_subject_skill_and_since(invoke: Invoke) -> None:
    add(invoke, "mine", "--skill", "discovery", "--date", "2026-01-05")
    add(invoke, "Li's", "--skill", "delivery", "--subject", "Li Lei", "--date", "2026-02-01")
    add(invoke, "Li again", "--skill", "discovery", "--subject", " li  LEI", "--date", "2026-03-01")
    assert [p["text"] for p in listed(invoke)] == ["mine", "Li's", "Li again"]
    # the same-person rule: any spelling that folds alike is one person
    assert [p["text"] for p in listed(invoke, "--subject", "LI LEI")] == ["Li's", "Li again"]
    # me: the pieces that name no one
    assert [p["text"] for p in listed(invoke, "--subject", "me")] == ["mine"]
    assert [p["text"] for p in listed(invoke, "--skill", "discovery")] == ["mine", "Li again"]
    assert [p["text"] for p in listed(invoke, "--since", "2026-02-01")] == ["Li's", "Li again"]
    both = listed(invoke, "--subject", "Li Lei", "--skill", "discovery")
    assert [p["text"] for p in both] == ["Li again"]


def test_list_is_written_as_csv_md_and_html(invoke: Invoke, tmp_path: Path) -> None:
    add(invoke, "=HYPERLINK(1)", "--skill", "discovery", "--date", "2026-01-05")
    add(invoke, "Shipped onboarding", "--skill", "delivery", "--skill", "influence")
    for suffix in (".csv", ".md", ".html"):
        target = tmp_path / f"evidence{suffix}"
        done = invoke("--model", SMALL, "evidence", "list", "-o", str(target))
        assert done.exit_code == 0, done.output
        assert "Shipped onboarding" in target.read_text(encoding="utf-8-sig")
        assert done.stdout == ""  # written, not drawn
    table = list(csv.reader(io.StringIO((tmp_path / "evidence.csv").read_text("utf-8-sig"))))
    assert table[0] == [
        "id",
        "subject",
        "date",
        "skills",
        "text",
        "link",
        "verified_by",
        "verified_at",
    ]
    assert table[1][4] == "'=HYPERLINK(1)"  # never a formula
    assert table[2][3] == "delivery;influence"
    assert "<table" in (tmp_path / "evidence.html").read_text(encoding="utf-8")


def test_list_on_screen_in_chinese_and_empty(invoke: Invoke) -> None:
    empty = invoke("--lang", "zh", "--model", SMALL, "evidence", "list")
    assert empty.exit_code == 0 and "还没有证据" in empty.stdout
    add(invoke, "主导定价实验", "--skill", "discovery")
    shown = invoke("--lang", "zh", "--model", SMALL, "evidence", "list")
    assert "主导定价实验" in shown.stdout and "自述" in shown.stdout
    shown = invoke("--lang", "zh-Hant", "--model", SMALL, "evidence", "list")
    assert "其餘為自述" in shown.stdout


def test_verify_is_dated_and_shown_and_remove_deletes(invoke: Invoke, home: Path) -> None:
    add(invoke, "Led the pricing review", "--skill", "influence")
    clock = Context(lang="en", clock=lambda: TODAY)
    done = invoke("--model", SMALL, "evidence", "verify", "1", "--by", "Han Mei", context=clock)
    assert done.exit_code == 0, done.output
    assert "verified by Han Mei on 2026-11-30" in done.stderr.replace("Evidence #1 ", "")
    (piece,) = listed(invoke)
    assert piece["verified_by"] == "Han Mei" and piece["verified_at"] == "2026-11-30"
    shown = invoke("--lang", "en", "--model", SMALL, "evidence", "list")
    assert "verified by Han" in shown.stdout
    gone = invoke("--lang", "en", "--model", SMALL, "evidence", "remove", "1")
    assert gone.exit_code == 0 and "Removed evidence #1" in gone.stderr
    assert listed(invoke) == [] and rows(home) == 0


# -- bad input: a clear message in each language, exit 2, nothing written ---------------

BAD = [
    (["x", "--skill", "discovry"], "did you mean 'discovery'", "是不是想写「discovery」"),
    (["x", "--skill", "zzzzzz"], "no skill 'zzzzzz'", "没有技能「zzzzzz」"),
    (["x"], "--skill ID", "--skill ID"),
    (["   ", "--skill", "discovery"], "has no text", "内容为空"),
    (["x", "--skill", "discovery", "--date", "2099-01-01"], "in the future", "晚于今天"),
    (["x", "--skill", "discovery", "--date", "2026-13-01"], "is not a date", "不是日期"),
    (["x", "--skill", "discovery", "--date", "1/2/2026"], "is not a date", "不是日期"),
    (["x", "--skill", "discovery", "--link", "not a url"], "not a web address", "不是网址"),
    (["x", "--skill", "discovery", "--link", "ftp://a.b/c"], "not a web address", "不是网址"),
    (["x", "--skill", "discovery", "--link", "https://"], "not a web address", "不是网址"),
]


@pytest.mark.parametrize(("args", "english", "chinese"), BAD)
def test_bad_evidence_is_refused_in_every_language_with_nothing_saved(
    invoke: Invoke, home: Path, args: list[str], english: str, chinese: str
) -> None:
    add(invoke, "a good one", "--skill", "discovery")
    for lang, expected in (("en", english), ("zh", chinese), ("zh-Hant", None)):
        done = add(invoke, *args, lang=lang)
        assert done.exit_code == 2, done.output
        assert "Traceback" not in done.output
        if expected is not None:
            assert expected in done.stderr, done.stderr
        else:
            assert "錯誤" in done.stderr
    assert rows(home) == 1


@pytest.mark.parametrize("lang", ["en", "zh", "zh-Hant"])
def test_verifying_or_removing_a_missing_piece_is_refused(
    invoke: Invoke, home: Path, lang: str
) -> None:
    add(invoke, "a good one", "--skill", "discovery")
    words = {"en": "no piece of evidence #7", "zh": "没有编号为 #7", "zh-Hant": "沒有編號 #7"}
    for args in (["verify", "7", "--by", "Han"], ["remove", "7"]):
        done = invoke("--lang", lang, "--model", SMALL, "evidence", *args)
        assert done.exit_code == 2 and words[lang] in done.stderr, done.stderr
    nameless = invoke("--lang", lang, "--model", SMALL, "evidence", "verify", "1", "--by", " ")
    assert nameless.exit_code == 2
    assert listed(invoke)[0]["verified_by"] is None


def test_list_with_a_bad_since_or_skill_is_refused(invoke: Invoke) -> None:
    bad_since = invoke("--lang", "en", "--model", SMALL, "evidence", "list", "--since", "May")
    assert bad_since.exit_code == 2 and "--since 'May' is not a date" in bad_since.stderr
    bad_skill = invoke("--lang", "en", "--model", SMALL, "evidence", "list", "--skill", "delivry")
    assert bad_skill.exit_code == 2 and "did you mean 'delivery'" in bad_skill.stderr


# -- the core, with the workspace's clock ------------------------------------------------


def test_the_core_takes_today_from_the_workspace_clock(home: Path, small: LevelModel) -> None:
    ws = workspace(home, small)
    piece = evidence.add(ws, "Wrote the spec", ["delivery"], subject="Li Lei")
    assert piece.date == dt.date(2026, 11, 30)
    with pytest.raises(UsageError) as refused:
        evidence.add(ws, "Tomorrow", ["delivery"], date="2026-12-01")
    assert refused.value.message == "evidence_future_date"
    checked = evidence.verify(ws, piece.id, "  Han   Mei ")
    assert checked.verified_by == "Han Mei" and checked.verified_at == dt.date(2026, 11, 30)
    assert [p.text for p in evidence.listing(ws, subject="li lei")] == ["Wrote the spec"]
    found = evidence.for_skills(home, "LI LEI", ["delivery", "discovery"])
    assert list(found) == ["delivery"] and found["delivery"].count == 1
    assert evidence.remove(ws, piece.id).text == "Wrote the spec"
    assert evidence.listing(ws) == []


def test_latest_three_per_skill_newest_first(home: Path, small: LevelModel) -> None:
    ws = workspace(home, small)
    for day in range(1, 6):
        evidence.add(ws, f"day {day}", ["discovery"], date=f"2026-11-0{day}")
    found = evidence.for_skills(home, None, ["discovery"])["discovery"]
    assert found.count == 5
    assert [p.text for p in found.latest] == ["day 5", "day 4", "day 3"]


# -- the store ---------------------------------------------------------------------------


def test_the_history_file_stays_private(invoke: Invoke, home: Path) -> None:
    add(invoke, "a piece", "--skill", "discovery")
    assert stat.S_IMODE((home / FILE_NAME).stat().st_mode) == 0o600


def test_a_version_5_history_is_upgraded_in_place_keeping_its_results(
    home: Path, small: LevelModel
) -> None:
    from pmlevel.assess.result import Rater, build_result

    path = home / FILE_NAME
    conn = sqlite3.connect(path)
    for step in history_module.STEPS:
        if step.version <= 5:
            step.apply(conn)
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    result = build_result(small, {"discovery": 2, "delivery": 2, "influence": 1}, rater=Rater())
    with History.open(home) as saved:
        saved_id = saved.save(result)
    assert CURRENT_VERSION == 6
    piece = evidence.add(workspace(home, small), "after the upgrade", ["influence"])
    with History.open(home, readonly=True) as saved:
        assert saved.get(saved_id).ratings == result.ratings
        assert saved.piece(piece.id) is not None


def test_a_newer_history_is_refused_and_left_alone(home: Path, small: LevelModel) -> None:
    path = home / FILE_NAME
    conn = sqlite3.connect(path)
    for step in history_module.STEPS:
        step.apply(conn)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(HistoryError) as refused:
        evidence.add(workspace(home, small), "x", ["discovery"])
    assert refused.value.message == "history_too_new"
    assert path.read_bytes() == before


def test_a_history_without_the_evidence_tables_lists_none(home: Path, small: LevelModel) -> None:
    """A version 5 file on a read-only mount cannot be upgraded: it holds no evidence."""
    path = home / FILE_NAME
    conn = sqlite3.connect(path)
    for step in history_module.STEPS:
        if step.version <= 5:
            step.apply(conn)
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    uri = path.absolute().as_uri() + "?mode=ro"
    saved = History(path, sqlite3.connect(uri, uri=True, isolation_level=None))
    try:
        assert list(saved.iter_evidence()) == []
        assert saved.evidence_by_skill(None, ["discovery"]) == {}
        assert saved.piece(1) is None
    finally:
        saved.close()


# -- shown where it matters: assess, plan, case ------------------------------------------

ANSWERS = "ratings: {discovery: 3, delivery: 3, influence: 1}\n"


def some_evidence(invoke: Invoke) -> None:
    """Five pieces for discovery (one verified), one for delivery; none for influence."""
    for day in range(1, 6):
        add(invoke, f"Discovery work {day}", "--skill", "discovery", "--date", f"2026-10-0{day}")
    add(invoke, "Shipped the new onboarding", "--skill", "delivery", "--date", "2026-10-09")
    invoke("--model", SMALL, "evidence", "verify", "6", "--by", "Han Mei")


@pytest.mark.parametrize(
    ("lang", "count", "none"),
    [("en", "Evidence: 5 pieces", "Evidence: none yet"), ("zh", "证据：5 条", "证据：暂无")],
)
def test_assess_shows_each_questions_evidence_count_and_latest_three(
    invoke: Invoke, lang: str, count: str, none: str
) -> None:
    some_evidence(invoke)
    done = invoke(
        "--lang",
        lang,
        "--model",
        SMALL,
        "assess",
        "--no-save",
        input="3\n3\n1\n",
        context=Context(lang=lang, stdin_isatty=True, width=100),
    )
    assert done.exit_code == 0, done.output
    shown = done.stderr
    assert count in shown and none in shown
    assert "Discovery work 5" in shown and "Discovery work 3" in shown
    assert "Discovery work 2" not in shown  # the latest three only
    # each question's evidence is under that question, before the next one
    assert shown.index(count) < shown.index("Delivery") < shown.index("Shipped the new onboarding")


def test_assess_with_answers_shows_the_evidence_but_json_is_the_result(
    invoke: Invoke, write: object
) -> None:
    some_evidence(invoke)
    answers = write("answers.yaml", ANSWERS)  # type: ignore[operator]
    done = invoke(
        "--lang", "en", "--model", SMALL, "assess", "--answers", str(answers), "--no-save"
    )
    assert done.exit_code == 0, done.output
    assert "Evidence in the history" in done.stdout and "Evidence: 5 pieces" in done.stdout
    assert "verified by Han Mei" in done.stdout
    as_json = invoke("--model", SMALL, "assess", "--answers", str(answers), "--no-save", "--json")
    assert "evidence" not in json.loads(as_json.stdout)


@pytest.mark.parametrize(("lang", "one"), [("en", "Evidence: 5 pieces"), ("zh", "证据：5 条")])
def test_plan_says_per_gap_skill_how_many_pieces(
    invoke: Invoke, write: object, lang: str, one: str
) -> None:
    answers = write("answers.yaml", "ratings: {discovery: 2, delivery: 3, influence: 1}\n")  # type: ignore[operator]
    assert invoke("--model", SMALL, "assess", "--answers", str(answers)).exit_code == 0
    some_evidence(invoke)
    done = invoke("--lang", lang, "--model", SMALL, "plan")
    assert done.exit_code == 0, done.output
    assert one in done.stdout
    plan = json.loads(invoke("--model", SMALL, "plan", "--json").stdout)
    counts = {item["skill"]: item["evidence"] for item in plan["items"]}
    assert counts == {"discovery": 5, "influence": 0}


@pytest.mark.parametrize(
    ("lang", "verified", "alone"),
    [
        ("en", "verified by Han Mei", "1 of the 2 skills met rest on self-reported"),
        ("zh", "Han Mei 已确认", "已达到的 2 项技能中，有 1 项只有自述证据"),
        ("zh-Hant", "Han Mei 已確認", "已達到的 2 項技能中，有 1 項只有自述佐證"),
    ],
)
def test_case_lists_the_evidence_and_counts_met_skills_on_self_reports_alone(
    invoke: Invoke, write: object, lang: str, verified: str, alone: str
) -> None:
    answers = write("answers.yaml", "ratings: {discovery: 3, delivery: 3, influence: 2}\n")  # type: ignore[operator]
    assert invoke("--model", SMALL, "assess", "--answers", str(answers)).exit_code == 0
    some_evidence(invoke)
    done = invoke("--lang", lang, "--model", SMALL, "case", "--to", "pm3")
    assert done.exit_code == 0, done.output
    assert verified in done.stdout and alone in done.stdout
    assert "Discovery work 1" in done.stdout  # every piece, not the latest three
    case = json.loads(invoke("--model", SMALL, "case", "--to", "pm3", "--json").stdout)
    by_skill = {item["skill"]: item["evidence"] for item in case["items"]}
    assert len(by_skill["discovery"]) == 5 and by_skill["influence"] == []
    assert by_skill["delivery"][0]["verified_by"] == "Han Mei"
    assert case["met_on_self_reported_evidence"] == ["discovery"]
    assert case["met_without_evidence"] == []


def test_list_json_made_by_sqlite_is_what_the_pieces_say(home: Path, small: LevelModel) -> None:
    """--json is made by SQLite for speed: the same values as Piece.to_json, escaped for a
    stdout that cannot carry UTF-8."""
    ws = workspace(home, small)
    evidence.add(
        ws, '主导 "定价" 实验\tand\nmore', ["influence", "discovery"], link="https://a.b/c?d=1"
    )
    evidence.add(ws, "Li's", ["delivery"], subject="Li Lei", date="2026-01-01")
    evidence.verify(ws, 1, "韩梅")
    expected = [piece.to_json() for piece in evidence.listing(ws)]
    assert [p["skills"] for p in expected] == [["delivery"], ["influence", "discovery"]]
    for ascii_only in (False, True):
        text = "".join(evidence.json_list(ws, evidence.choose(small), ascii_only=ascii_only))
        assert json.loads(text) == expected
        assert text.isascii() == ascii_only
    only = evidence.choose(small, subject="li lei", skill="delivery")
    assert json.loads("".join(evidence.json_list(ws, only))) == expected[:1]
    assert (
        json.loads("".join(evidence.json_list(ws, evidence.choose(small, since="2026-12-01"))))
        == []
    )


# -- the README's walk-through, top to bottom ----------------------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"


def walkthrough(lang: str) -> list[list[str]]:
    """The commands of the README's evidence walk-through: the English block or the Chinese."""
    import shlex

    text = README.read_text(encoding="utf-8")
    section = text.split("### Evidence through the year, to the defence", 1)[1]
    section = section.split("\n## ", 1)[0].split("\n### ", 1)[0]
    blocks = [part.split("```", 1)[0] for part in section.split("```bash\n")[1:]]
    english, chinese = blocks[:2]
    block = english if lang == "en" else chinese
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


WALK = {
    "en": {
        "added": "Added evidence #1",
        "verified": "verified by Han",
        "count": "Evidence: 1 piece",
        "alone": "1 of the",
        "defence": "Promotion defence for",
    },
    "zh": {
        "added": "已添加证据 #1",
        "verified": "韩梅 已确认",
        "count": "证据：1 条",
        "alone": "有 1 项只有自述证据",
        "defence": "晋升答辩",
    },
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_readme_walkthrough_from_the_first_piece_to_the_defence(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled: LevelModel, lang: str
) -> None:
    monkeypatch.chdir(tmp_path)
    steps = walkthrough(lang)
    said = [" ".join(step[1:3]) for step in steps]
    assert said[0] == "evidence add" and said[-1] == "case --to"
    for wanted in ("evidence verify", "evidence list", "assess --subject", "plan"):
        assert any(step.startswith(wanted) for step in said), wanted
    assert "--defense" in steps[-1]
    words = WALK[lang]
    clock = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    every_skill = "3\n" * len(bundled.skills)  # she rates herself 3 everywhere
    outputs = []
    for step in steps:
        assert step[0] == "pmlevel"
        context = Context(lang=lang, stdin_isatty=True, width=100, clock=lambda: clock)
        typed = every_skill if step[1] == "assess" else None
        done = invoke("--lang", lang, *step[1:], input=typed, context=context)
        assert done.exit_code == 0, (step, done.output)
        outputs.append(done)
    added, verified, listed_, assessed, planned, case, defence = (
        outputs[0], outputs[3], outputs[4], outputs[5], outputs[6], outputs[7], outputs[8]
    )  # fmt: skip
    assert Path("defense.md").name in defence.stderr  # written, said where
    assert words["added"] in added.stderr
    assert words["verified"].split()[0] in verified.stderr
    assert len(list(csv.reader(io.StringIO(Path("evidence.csv").read_text("utf-8-sig"))))) == 4
    assert listed_.stdout == ""
    # each question shows the evidence for its skill: the verified pricing test under data
    assert words["count"] in assessed.stderr and "#1 2026-09-14" in assessed.stderr
    assert words["count"] in planned.stdout  # cross-functional collaboration, a gap skill
    shown = " ".join(case.stdout.split())  # as read, whatever the wrapping
    assert words["verified"] in shown and words["alone"] in shown
    document = Path("defense.md").read_text(encoding="utf-8")
    assert words["defence"] in document
    question = bundled.text(bundled.skill("product-management-experience").questions[0], lang)
    assert question in document  # a missing skill's interview question at senior
    as_json = invoke("--lang", lang, "case", "--to", "senior", "--json")
    data = json.loads(as_json.stdout)
    assert data["met_on_self_reported_evidence"] == ["documentation"]


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_a_long_link_does_not_break_the_skill_names_beside_it(invoke: Invoke, lang: str) -> None:
    """At 80 columns a piece with a long link made Rich narrow every column alike, and
    "Cross-Functiona|l Collaboration" broke in the middle of a word; the room comes from
    the column that breaks its words anyway."""
    link = "https://wiki.example.com/q3/a/really/long/path/that/might/overflow"
    text = "Ran the Q3 pricing test with design and engineering: +4% conversion"
    # the bundled ladder, whose skill names are long
    invoke(
        "evidence", "add", text, "--skill", "data-analysis", "--date", "2026-09-14", "--link", link
    )
    invoke(
        "evidence",
        "add",
        "Led the redesign",
        "--skill",
        "cross-functional-collaboration",
        "--date",
        "2026-10-20",
    )
    done = invoke("--lang", lang, "evidence", "list")
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    if lang == "en":
        assert "Cross-Functional" in done.output and "Collaboration" in done.output
    else:
        assert "跨部門協作能力" in done.output  # a Chinese name is not spread one character a line
    assert "https://" in done.output  # the link is there, folded where it must be
