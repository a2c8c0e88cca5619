"""End to end, as users run them: the hiring flow (jd -> interview kit -> two interviewers'
scorecards filled in -> merge) and the promotion flow (self + manager + agreed ->
case -o case.html), on the bundled model and on a small custom ladder, in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.model.ladder import LevelModel
from pmlevel.model.loader import load_model

COMPANY = FIXTURES / "company.yaml"
CASE_KEYS = {"subject", "level", "target", "raters", "items", "missing"}


def fill(card: Path, ratings: dict[str, int], notes: dict[str, str] | None = None) -> None:
    """Fill in a scorecard as an interviewer would: a number after each skill's rating, and
    the evidence in the note field under it."""
    text = card.read_text(encoding="utf-8")
    for skill, rating in ratings.items():
        note = json.dumps((notes or {}).get(skill, ""))
        text, count = re.subn(
            rf"^  {re.escape(skill)}:\n    rating:\n    note: \"\"\n",
            f"  {skill}:\n    rating: {rating}\n    note: {note}\n",
            text,
            count=1,
            flags=re.M,
        )
        assert count == 1, skill
    card.write_text(text, encoding="utf-8")


def answers(path: Path, ratings: dict[str, int], extra: str) -> Path:
    pairs = ", ".join(f"{k}: {v}" for k, v in ratings.items())
    path.write_text(f"ratings: {{{pairs}}}\n{extra}", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("model_file", "level", "lang"),
    [(None, "高级", "zh"), (None, "senior", "en"), (COMPANY, "pm2", "en"), (COMPANY, "2", "zh")],
)
def test_hiring_flow(
    invoke: Invoke, tmp_path: Path, model_file: Path | None, level: str, lang: str
) -> None:
    model: LevelModel = load_model(model_file)
    found = model.find_level(level)
    head = ["--lang", lang] + (["--model", str(model_file)] if model_file else [])
    name = model.text(found.name, lang)

    done = invoke(*head, "jd", level, "-o", str(tmp_path / "jd.html"))
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""  # with -o the screen shows only what was written
    assert name in invoke(*head, "jd", level).stdout
    page = (tmp_path / "jd.html").read_text(encoding="utf-8")
    first_core = found.core[0] if found.core else next(iter(found.expectations))
    assert model.text(model.skill(first_core).name, lang) in page

    done = invoke(*head, "interview", level, "-o", str(tmp_path / "kit.md"))
    assert done.exit_code == 0, done.stderr
    kit = (tmp_path / "kit.md").read_text(encoding="utf-8")
    assert ("好的回答" if lang == "zh" else "Good answer") in kit

    done = invoke(*head, "interview", level, "--json")
    data = json.loads(done.stdout)
    assert data["level"] == found.id
    assert [s["skill"] for s in data["skills"]] == list(found.core or found.expectations)

    cards = {}
    for who in ("Wang", "Zhao"):
        card = tmp_path / f"{who}.yaml"
        done = invoke(
            *head,
            "interview",
            level,
            "--scorecard",
            str(card),
            "--subject",
            "Candidate A",
            "--rater-name",
            who,
        )
        assert done.exit_code == 0, done.stderr
        assert str(card) in done.stderr
        cards[who] = card

    # Not filled in yet: refused, each skill named with its line.
    done = invoke(*head, "assess", "--answers", str(cards["Wang"]), "--no-save")
    assert done.exit_code == 2
    assert re.search(rf"{re.escape(str(cards['Wang']))}:\d+", done.stderr)
    assert ("还没有评分" if lang == "zh" else "no rating yet") in done.stderr

    wang = dict(found.expectations)
    zhao = {s: max(model.scale.min, e - 1) for s, e in found.expectations.items()}
    for skill in (s.id for s in model.skills):
        wang.setdefault(skill, model.scale.min)
        zhao.setdefault(skill, model.scale.min)
    fill(cards["Wang"], wang, {first_core: "Led the 2025 pricing bet <b>|*x*"})
    fill(cards["Zhao"], zhao)
    results = []
    for who, card in cards.items():
        out = tmp_path / f"{who}.json"
        done = invoke(*head, "assess", "--answers", str(card), "--no-save", "-o", str(out))
        assert done.exit_code == 0, done.stderr
        results.append(str(out))
    done = invoke(*head, "merge", *results, "--json")
    assert done.exit_code == 0, done.stderr
    merged = json.loads(done.stdout)
    assert [(r["role"], r["name"]) for r in merged["raters"]] == [
        ("interviewer", "Wang"),
        ("interviewer", "Zhao"),
    ]
    assert merged["self_estimate"] is None and merged["others_estimate"] is not None
    done = invoke(*head, "merge", *results)
    assert done.exit_code == 0, done.stderr
    # The filled-in scorecards go through merge as they are, too.
    direct = json.loads(invoke(*head, "merge", *map(str, cards.values()), "--json").stdout)
    assert direct["skills"] == merged["skills"]
    assert direct["others_estimate"] == merged["others_estimate"]


@pytest.mark.parametrize(("model_file", "lang"), [(None, "en"), (COMPANY, "zh"), (None, "zh")])
def test_promotion_flow(invoke: Invoke, tmp_path: Path, model_file: Path | None, lang: str) -> None:
    model: LevelModel = load_model(model_file)
    head = ["--lang", lang] + (["--model", str(model_file)] if model_file else [])
    lowest = model.levels[0]
    # Li Lei meets the lowest level; he sees himself at the next, his manager does not,
    # and after talking they agree in between.
    second = model.levels[1]
    mine = {s.id: second.expectations.get(s.id, model.scale.min) for s in model.skills}
    theirs = {s.id: lowest.expectations.get(s.id, model.scale.min) for s in model.skills}
    agreed = dict(theirs)
    core = second.core[0] if second.core else next(iter(second.expectations))
    agreed[core] = mine[core]
    files = []
    for role, ratings, extra in (
        ("self", mine, f"subject: Li Lei\nnotes: {{{core}: 'Shipped <search> | *fast*'}}\n"),
        ("manager", theirs, "subject: li lei\nrater: {role: manager, name: Han}\n"),
    ):
        out = tmp_path / f"{role}.json"
        path = answers(tmp_path / f"{role}.yaml", ratings, extra)
        done = invoke(*head, "assess", "--answers", str(path), "-o", str(out))
        assert done.exit_code == 0, done.stderr
        files.append(str(out))
    # The check-in: the ratings they agree on after talking, saved as an agreed result.
    out = tmp_path / "agreed.json"
    path = answers(tmp_path / "agreed.yaml", agreed, "")
    done = invoke(*head, "agree", *files, "--answers", str(path), "-o", str(out))
    assert done.exit_code == 0, done.stderr
    files.append(str(out))

    page = tmp_path / "case.html"
    done = invoke(*head, "case", "--subject", "Li Lei", "-o", str(page))
    assert done.exit_code == 0, done.stderr
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Li Lei" in html
    assert model.text(second.name, lang) in html
    assert "Shipped &lt;search&gt; | *fast*" in html  # a note is text, not markup
    assert "Han" in html and done.stdout == ""

    from_history = json.loads(invoke(*head, "case", "--subject", "LI LEI", "--json").stdout)
    from_files = json.loads(invoke(*head, "case", *files, "--json").stdout)
    assert set(from_files) >= CASE_KEYS
    assert from_history["items"] == from_files["items"]
    by_ids = json.loads(invoke(*head, "case", "1", "2", "3", "--json").stdout)  # history ids
    assert by_ids["items"] == from_files["items"]
    assert from_files["target"] == second.id
    assert [r["role"] for r in from_files["raters"]] == ["self", "manager", "agreed"]
    item = next(i for i in from_files["items"] if i["skill"] == core)
    assert item["core"] == bool(second.core) and item["met"] is True
    assert {"role", "name", "rating", "note"} <= set(item["ratings"][0])
    assert item["ratings"][0]["note"] == "Shipped <search> | *fast*"

    done = invoke(*head, "case", *files, "--to", model.levels[-1].id, "-o", str(tmp_path / "c.md"))
    assert done.exit_code == 0, done.stderr
    assert "|" in (tmp_path / "c.md").read_text(encoding="utf-8")  # a real table


def test_bad_input_is_refused_with_a_message(invoke: Invoke, tmp_path: Path) -> None:
    for args, words in (
        (["jd", "nope"], "nope"),
        (["jd", "senior", "-o", str(tmp_path / "jd.pdf")], ".md"),
        (["interview", "senior", "-o", str(tmp_path / "kit.txt")], ".html"),
        (["case"], "assess"),
        (["case", str(tmp_path / "missing.json")], "missing.json"),
        (["case", "--subject", "Nobody"], "Nobody"),
    ):
        done = invoke("--lang", "en", *args)
        assert done.exit_code == 2, args
        assert words in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
