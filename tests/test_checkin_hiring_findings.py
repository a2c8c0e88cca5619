"""What a hiring manager and a check-in pair still tripped on: a nameless
self-rating and a manager's form, forms that never reached the history, a scorecard's
headline, candidates among the people one develops, whose notes a case shows, how far a
level is, merge's notes and means, a plan that ignores what a person does, a job
description a recruiter can post, the scorecard's notes, typos of a level, the rule in the
README, ``-o`` and the help. Each finding's regression test, in both languages where the
text differs."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.cli.context import Context
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]


# -- 11. a typo of a level is answered with the level meant ------------------------------


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "Did you mean 'senior'?"), ("zh", "是不是想写「senior」？")],
)
def test_a_mistyped_level_suggests_the_level_meant(invoke: Invoke, lang: str, words: str) -> None:
    for typo in ("sinior", "Senoir", "Senior Product Manger"):
        shown = invoke("--lang", lang, "show", typo)
        assert shown.exit_code == 2
        assert words in shown.output, shown.output
        assert "Traceback" not in shown.output
    far = invoke("--lang", lang, "show", "xyzzy")
    assert far.exit_code == 2 and "senior (" in far.output
    assert "Did you mean" not in far.output and "是不是想写" not in far.output


def test_the_model_finds_the_closest_level_by_id_alias_or_name(bundled: LevelModel) -> None:
    assert bundled.closest_level("sinior") == "senior"
    assert bundled.closest_level("dirctor") == "director"
    assert bundled.closest_level("Staff Product Manger") == "staff"
    assert bundled.closest_level("xyzzy") is None


# -- Also: the help and usage errors speak the user's language, not Python's ------------


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "command", ["merge", "case", "progress", "plan", "report", "team", "agree", "history"]
)
def test_help_shows_no_python_types_nor_doubled_brackets(
    invoke: Invoke, lang: str, command: str
) -> None:
    shown = invoke("--lang", lang, command, "--help", env={"COLUMNS": "100"})
    assert shown.exit_code == 0, shown.output
    for python in ("<list", "<str>", "<int>", "<path>", "[[", "]]"):
        assert python not in shown.output, (python, shown.output)


def test_progress_takes_a_and_b_as_two_arguments(invoke: Invoke) -> None:
    usage = invoke("--lang", "en", "progress", "--help").output
    assert "[A] [B]" in usage
    assert "[A B]..." not in usage


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "--vs needs a value after it."), ("zh", "--vs 后面要跟一个值。")],
)
def test_an_option_missing_its_value_is_said_in_the_users_language(
    invoke: Invoke, lang: str, words: str
) -> None:
    shown = invoke("--lang", lang, "show", "senior", "--vs")
    assert shown.exit_code == 2
    assert words in shown.output
    assert "requires an argument" not in shown.output
    switch = invoke("--lang", lang, "assess", "--no-save=yes")
    assert switch.exit_code == 2
    assert "--no-save" in switch.output and "does not take a value" not in switch.output


# -- Also: -o shows only what was written --------------------------------------------------


@pytest.mark.parametrize(("lang", "wrote"), [("en", "Wrote"), ("zh", "已写入")])
def test_output_to_a_file_does_not_draw_the_report_on_screen(
    invoke: Invoke, write: Write, bundled: LevelModel, tmp_path: Path, lang: str, wrote: str
) -> None:
    answers = write("a.json", json.dumps({"ratings": {s.id: 3 for s in bundled.skills}}))
    for args in (
        ("assess", "--answers", str(answers), "--no-save", "-o", str(tmp_path / "r.md")),
        ("report", str(tmp_path / "r.json"), "-o", str(tmp_path / "again.html")),
        ("jd", "senior", "-o", str(tmp_path / "jd.md")),
        ("interview", "senior", "-o", str(tmp_path / "kit.md")),
    ):
        if args[0] == "report":
            made = invoke("assess", "--answers", str(answers), "--no-save", "--json")
            (tmp_path / "r.json").write_text(made.stdout, encoding="utf-8")
        done = invoke("--lang", lang, *args)
        assert done.exit_code == 0, done.output
        assert done.stdout == "", args
        assert wrote in done.stderr and args[-1] in done.stderr
        assert Path(args[-1]).stat().st_size > 0
    asked = invoke(
        "assess", "--answers", str(answers), "--no-save", "--json", "-o", str(tmp_path / "y.md")
    )
    assert json.loads(asked.stdout)["ratings"]  # --json beside -o still prints the JSON


# -- 12. the README's rule is the rule the tool prints ------------------------------------


def test_the_readmes_rule_states_the_core_skill_condition() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("**The rule**")
    paragraph = " ".join(readme[start : readme.index("\n\n", start)].split())
    # The three conditions of the line printed under every result (rule_line_core).
    assert "`min_share`" in paragraph and "`max_shortfall`" in paragraph
    assert "every one of its core skills (★" in paragraph
    assert "is rated at or above its expectation" in paragraph


# -- 3 and 10. a scorecard is read against its kit's level; each note beside its rating ---

# The senior kit's six core skills: four met, two below; and two more skills rated.
SENIOR_CARD = {
    "market-insight": 3,
    "communication": 4,
    "cross-functional-collaboration": 4,
    "strategic-thinking": 2,
    "leadership": 2,
    "innovation": 3,
    "data-analysis": 4,
    "documentation": 3,
}


def fill_card(card: Path, ratings: dict[str, int], notes: dict[str, str] | None = None) -> None:
    """Fill in a scorecard as an interviewer does: the rating, and the note under it."""
    text = card.read_text(encoding="utf-8")
    for skill, rating in ratings.items():
        empty = f'  {skill}:\n    rating:\n    note: ""\n'
        assert empty in text, skill
        note = json.dumps((notes or {}).get(skill, ""), ensure_ascii=False)
        text = text.replace(empty, f"  {skill}:\n    rating: {rating}\n    note: {note}\n")
    card.write_text(text, encoding="utf-8")


def scorecard(invoke: Invoke, tmp_path: Path, name: str, ratings: dict[str, int]) -> Path:
    card = tmp_path / f"{name}.yaml"
    made = invoke("interview", "senior", "--scorecard", str(card), "--subject", "Candidate A")
    assert made.exit_code == 0, made.output
    text = card.read_text(encoding="utf-8").replace('name: ""', f'name: "{name}"')
    card.write_text(text, encoding="utf-8")
    fill_card(card, ratings, {"leadership": "Has not led anyone yet"})
    return card


def test_the_scorecard_puts_each_note_field_under_its_rating(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel
) -> None:
    card = tmp_path / "card.yaml"
    assert invoke("interview", "senior", "--scorecard", str(card)).exit_code == 0
    lines = card.read_text(encoding="utf-8").splitlines()
    assert "notes:" not in lines  # no block of notes far below the ratings
    assert "level: senior" in " ".join(lines)
    for skill in bundled.skills:
        at = lines.index(f"  {skill.id}:")
        assert lines[at + 1 : at + 3] == ["    rating:", '    note: ""'], skill.id
    fill_card(card, {"strategic-thinking": 3}, {"strategic-thinking": "Wrote a 3-year plan"})
    data = json.loads(invoke("assess", "--answers", str(card), "--no-save", "--json").stdout)
    assert data["ratings"] == {"strategic-thinking": 3}
    assert data["notes"] == {"strategic-thinking": "Wrote a 3-year plan"}


def test_a_note_in_two_places_or_an_unknown_level_is_refused_with_its_line(
    invoke: Invoke, write: Write, bundled: LevelModel
) -> None:
    ratings = {s.id: 3 for s in bundled.skills}
    ratings_yaml = "\n".join(f"  {k}: {v}" for k, v in ratings.items() if k != "leadership")
    twice = write(
        "twice.yaml",
        "ratings:\n  leadership: {rating: 3, note: a}\n"
        + ratings_yaml
        + "\nnotes: {leadership: b}\n",
    )
    done = invoke("--lang", "en", "assess", "--answers", str(twice), "--no-save")
    assert done.exit_code == 2 and "Traceback" not in done.output
    assert "twice.yaml:" in done.stderr and "note in two places" in done.stderr
    typo = write(
        "typo.yaml", "level: sinior\nratings: {" + ", ".join(f"{k}: 3" for k in ratings) + "}\n"
    )
    done = invoke("--lang", "zh", "assess", "--answers", str(typo), "--no-save")
    assert done.exit_code == 2
    assert "typo.yaml:1:" in done.stderr and "「sinior」" in done.stderr and "senior" in done.stderr


@pytest.mark.parametrize(
    ("lang", "headline", "signal", "wrong"),
    [
        (
            "en",
            "meets 4 of 6 core skills of Senior Product Manager; 2 below (Strategic Thinking, "
            "Leadership); 11 not assessed",
            "strong yes",
            ("not yet at the first level", "from Junior"),
        ),
        (
            "zh",
            "符合高级产品经理 6 项核心技能中的 4 项；2 项低于要求（战略思维、领导能力）；"
            "11 项未评估",
            "强烈推荐",
            ("尚未达到最低级别", "到初级产品经理"),
        ),
    ],
)
def test_an_interviewers_headline_is_the_verdict_against_the_kits_level(
    invoke: Invoke, tmp_path: Path, lang: str, headline: str, signal: str, wrong: tuple[str, ...]
) -> None:
    card = scorecard(invoke, tmp_path, "Wang", SENIOR_CARD)
    done = invoke(
        "--lang", lang, "assess", "--answers", str(card), "--no-save", env={"COLUMNS": "300"}
    )
    assert done.exit_code == 0, done.output
    assert headline in done.stdout
    assert signal in done.stdout  # data-analysis 4 where senior expects 3
    assert "Has not led anyone yet" in done.stdout  # the note beside the signal
    for words in wrong:  # no level worked out from the 11 skills nobody assessed
        assert words not in done.stdout
    data = json.loads(invoke("assess", "--answers", str(card), "--no-save", "--json").stdout)
    assert data["level"] == "senior"
    found = data["verdict"]
    assert (found["of"], len(found["met"]), found["below"]) == (
        6,
        4,
        ["strategic-thinking", "leadership"],
    )
    assert len(found["not_assessed"]) == 11
    signals = {s["skill"]: s["signal"] for s in found["skills"]}
    assert signals["data-analysis"] == "strong_yes" and signals["leadership"] == "no"
    assert signals["learning"] == "not_assessed"


@pytest.mark.parametrize(("lang", "hint"), [("en", "level: senior"), ("zh", "level: senior")])
def test_an_old_scorecard_without_its_level_still_reads_and_says_how_to_get_a_verdict(
    invoke: Invoke, tmp_path: Path, lang: str, hint: str
) -> None:
    card = scorecard(invoke, tmp_path, "Wang", SENIOR_CARD)
    text = "\n".join(
        line
        for line in card.read_text(encoding="utf-8").splitlines()
        if not line.startswith("level:")
    )
    card.write_text(text + "\n", encoding="utf-8")
    done = invoke("--lang", lang, "assess", "--answers", str(card), "--no-save")
    assert done.exit_code == 0, done.output
    assert hint in done.stdout.replace("\n", " ")
    assert "verdict" not in json.loads(
        invoke("assess", "--answers", str(card), "--no-save", "--json").stdout
    )


@pytest.mark.parametrize(
    ("lang", "everyone", "mean"),
    [("en", "All interviewers", "3.5 → 3"), ("zh", "全体面试官", "3.5 → 3")],
)
def test_a_merge_of_interviewers_gives_each_verdict_the_groups_and_the_mean_it_used(
    invoke: Invoke, tmp_path: Path, lang: str, everyone: str, mean: str
) -> None:
    wang = scorecard(invoke, tmp_path, "Wang", SENIOR_CARD)
    zhao = scorecard(
        invoke, tmp_path, "Zhao", {**SENIOR_CARD, "communication": 3, "market-insight": 4}
    )
    done = invoke("--lang", lang, "merge", str(wang), str(zhao), env={"COLUMNS": "300"})
    assert done.exit_code == 0, done.output
    out = done.stdout
    assert everyone in out and mean in out  # market-insight 3 and 4: the mean, and the 3 used
    assert out.count({"en": "core skills of Senior", "zh": "项核心技能中的"}[lang]) == 3
    assert {"en": "not yet at the first level", "zh": "尚未达到最低级别"}[lang] not in out
    data = json.loads(invoke("merge", str(wang), str(zhao), "--json").stdout)
    assert [v["name"] for v in data["verdicts"]] == ["Wang", "Zhao"]
    assert data["verdicts"][0]["verdict"]["below"] == ["strategic-thinking", "leadership"]
    assert data["verdicts"][1]["verdict"]["met"][0] == "market-insight"
    assert data["verdict"]["below"] == ["communication", "strategic-thinking", "leadership"]


# -- 7. merge shows each rater's note, and a result's column says whose ratings they are --


def answers_file(
    write: Write, bundled: LevelModel, name: str, rating: int = 3, **extra: object
) -> Path:
    ratings: dict[str, int] = {s.id: rating for s in bundled.skills}
    ratings.update(extra.pop("ratings", {}))  # type: ignore[call-overload]
    return write(name, json.dumps({"ratings": ratings, **extra}, ensure_ascii=False))


@pytest.mark.parametrize(
    ("lang", "mine", "theirs"),
    [
        ("en", "self: Mentors two new hires", "manager · Han: Ran the funnel analysis"),
        ("zh", "自评：Mentors two new hires", "上级 · Han：Ran the funnel analysis"),
    ],
)
def test_merge_shows_each_raters_note_beside_the_ratings(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, mine: str, theirs: str
) -> None:
    me = answers_file(write, bundled, "me.json", notes={"leadership": "Mentors two new hires"})
    boss = answers_file(
        write,
        bundled,
        "boss.json",
        notes={"data-analysis": "Ran the funnel analysis"},
        rater={"role": "manager", "name": "Han"},
    )
    done = invoke("--lang", lang, "merge", str(me), str(boss), env={"COLUMNS": "300"})
    assert done.exit_code == 0, done.output
    assert mine in done.stdout and theirs in done.stdout


@pytest.mark.parametrize(
    ("lang", "whose", "yours"),
    [("en", "manager's rating · Han", "Yours"), ("zh", "上级评分 · Han", "你的评分")],
)
def test_a_managers_result_does_not_call_its_ratings_yours(
    invoke: Invoke,
    write: Write,
    bundled: LevelModel,
    tmp_path: Path,
    lang: str,
    whose: str,
    yours: str,
) -> None:
    boss = answers_file(write, bundled, "boss.json", 2, rater={"role": "manager", "name": "Han"})
    done = invoke(
        "--lang", lang, "assess", "--answers", str(boss), "--no-save", env={"COLUMNS": "200"}
    )
    assert done.exit_code == 0, done.output
    assert yours not in done.stdout
    page = tmp_path / "boss.md"
    invoke("--lang", lang, "assess", "--answers", str(boss), "--no-save", "-o", str(page))
    text = page.read_text(encoding="utf-8")
    assert f"| {whose} |" in text and yours not in text
    me = answers_file(write, bundled, "me.json", 2)
    mine = invoke("--lang", lang, "assess", "--answers", str(me), "--no-save")
    assert yours in mine.stdout


# -- 4. candidates are kept apart from the people one develops ---------------------------


@pytest.mark.parametrize(
    ("lang", "apart"), [("en", "Candidates (interviewers'"), ("zh", "候选人（面试官和评委的评分")]
)
def test_a_saved_candidate_is_not_one_of_the_people_plan_case_and_progress_choose_from(
    invoke: Invoke, write: Write, bundled: LevelModel, tmp_path: Path, lang: str, apart: str
) -> None:
    me = answers_file(write, bundled, "me.json", subject="王芳")
    for _ in range(2):
        assert invoke("assess", "--answers", str(me)).exit_code == 0
    card = scorecard(invoke, tmp_path, "Wang", SENIOR_CARD)
    saved = invoke("--lang", lang, "assess", "--answers", str(card))  # saved: no --no-save
    assert saved.exit_code == 0, saved.output
    for command in ("plan", "case", "progress"):
        done = invoke("--lang", lang, command)
        assert done.exit_code == 0, (command, done.output)
        assert "Candidate A" not in done.output
    shown = invoke("--lang", lang, "history", env={"COLUMNS": "120"}).stdout
    assert apart in shown
    people, candidates = shown.split(apart)
    assert "王芳" in people and "Candidate A" not in people
    assert "Candidate A" in candidates and "王芳" not in candidates
    # asked by name, the candidate's results are still there
    assert invoke("case", "--subject", "Candidate A", "--json").exit_code == 0


@pytest.mark.parametrize(
    ("lang", "hint"),
    [("en", "See what moved: pmlevel progress"), ("zh", "查看变化：pmlevel progress")],
)
def test_history_suggests_progress_only_once_progress_can_work(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, hint: str
) -> None:
    me = answers_file(write, bundled, "me.json")
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    one = invoke("--lang", lang, "history").stdout
    assert hint not in one
    assert invoke("progress").exit_code == 2  # what the hint would have led to
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    two = invoke("--lang", lang, "history").stdout
    assert hint in two and invoke("progress").exit_code == 0
    other = answers_file(write, bundled, "li.json", subject="Li Lei")
    assert invoke("assess", "--answers", str(other)).exit_code == 0
    several = invoke("--lang", lang, "history", env={"COLUMNS": "120"}).stdout
    assert "pmlevel progress --subject me" in several
    assert invoke("progress", "--subject", "me").exit_code == 0


# -- 1 and 2. a nameless self-rating and the manager's form; forms reach the history -----


def manager_form(
    write: Write, bundled: LevelModel, name: str = "form.json", **extra: object
) -> Path:
    """What the form saves when the manager typed the person's name on it."""
    return answers_file(
        write,
        bundled,
        name,
        ratings={"leadership": 2, "data-analysis": 4},
        notes={"data-analysis": "Ran the funnel analysis"},
        rater={"role": "manager", "name": "Han"},
        **extra,
    )


@pytest.mark.parametrize(
    ("lang", "hint"), [("en", "add --subject me"), ("zh", "加上 --subject me")]
)
def test_a_nameless_self_rating_and_a_named_form_meet_with_subject(
    invoke: Invoke, write: Write, bundled: LevelModel, tmp_path: Path, lang: str, hint: str
) -> None:
    me = answers_file(write, bundled, "me.json", 3)
    assert invoke("assess", "--answers", str(me)).exit_code == 0  # the Quick start: no name
    plan = invoke("--lang", lang, "plan", env={"COLUMNS": "200"}).stdout
    assert "pmlevel form --subject me --rater manager -o me-manager.html" in plan
    form = manager_form(write, bundled, subject="王芳")
    refused = invoke("--lang", lang, "merge", "1", str(form))
    assert refused.exit_code == 2
    assert hint in refused.output and "re-export" not in refused.output
    assert "重新导出" not in refused.output
    merged = invoke("merge", "1", str(form), "--subject", "me", "--json")
    assert merged.exit_code == 0, merged.output
    assert [r["role"] for r in json.loads(merged.stdout)["raters"]] == ["self", "manager"]
    settled = write("agreed.yaml", "ratings: {leadership: 3, data-analysis: 4}\n")
    agreed = invoke("agree", "1", str(form), "--subject", "me", "--answers", str(settled))
    assert agreed.exit_code == 0, agreed.output
    case = json.loads(invoke("case", "--json").stdout)  # one person: no "which person?"
    assert [r["role"] for r in case["raters"]] == ["self", "manager", "agreed"]
    # a file about someone named: --subject NAME says who
    named = invoke("merge", str(me), str(form), "--subject", "王芳", "--no-save", "--json")
    assert named.exit_code == 0 and json.loads(named.stdout)["subject"] == "王芳"


@pytest.mark.parametrize(
    ("lang", "recorded", "again"),
    [
        (
            "en",
            "Recorded the returned ratings in the history: ",
            "Already in the history, not recorded twice: ",
        ),
        ("zh", "收回的评分已记入历史：", "这些评分已在历史中，没有重复记入："),
    ],
)
def test_merge_and_agree_record_a_returned_form_once(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, recorded: str, again: str
) -> None:
    me = answers_file(write, bundled, "me.json", 3, subject="王芳")
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    form = manager_form(write, bundled, subject="王芳")
    first = invoke("--lang", lang, "merge", "1", str(form))
    assert first.exit_code == 0, first.output
    assert f"{recorded}{form} → #2" in first.stderr
    assert len([line for line in first.stderr.splitlines() if line.strip()]) == 1
    second = invoke("--lang", lang, "merge", "1", str(form))
    assert f"{again}{form} → #2" in second.stderr
    settled = write("agreed.yaml", "ratings: {leadership: 3, data-analysis: 4}\n")
    agreed = invoke("--lang", lang, "agree", "1", str(form), "--answers", str(settled))
    assert agreed.exit_code == 0 and f"{again}{form} → #2" in agreed.stderr
    history = json.loads(invoke("history", "--json").stdout)
    assert [e["rater"]["role"] for e in history] == ["self", "manager", "agreed"]
    skipped = invoke(
        "merge", "1", str(manager_form(write, bundled, "f2.json", subject="王芳")), "--no-save"
    )
    assert skipped.exit_code == 0 and skipped.stderr == ""
    assert len(json.loads(invoke("history", "--json").stdout)) == 3
    # the case now has the manager's column, from the history alone
    case = json.loads(invoke("case", "--json").stdout)
    assert case["raters_missing"] == []
    assert {r["role"] for r in case["raters"]} == {"self", "manager", "agreed"}


@pytest.mark.parametrize(
    ("lang", "has", "lacks"),
    [
        ("en", "Ratings in this case: self", "Not yet: a manager's rating, an agreed result"),
        ("zh", "已有评分：自评", "还没有：上级评分、共识结果"),
    ],
)
def test_case_says_which_raters_it_has_and_which_it_lacks(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, has: str, lacks: str
) -> None:
    me = answers_file(write, bundled, "me.json", 3)
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    shown = invoke("--lang", lang, "case", env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert has in shown.stdout and lacks in shown.stdout
    data = json.loads(invoke("case", "--json").stdout)
    assert data["raters_present"] == ["self"]
    assert data["raters_missing"] == ["manager", "agreed"]


@pytest.mark.parametrize(("lang", "words"), [("en", "from the history"), ("zh", "来自历史记录")])
def test_team_with_no_argument_reads_the_history(
    invoke: Invoke, write: Write, bundled: LevelModel, tmp_path: Path, lang: str, words: str
) -> None:
    for name, rating in (("Li Lei", 3), ("王芳", 2)):
        path = answers_file(write, bundled, f"{rating}.json", rating, subject=name)
        assert invoke("assess", "--answers", str(path)).exit_code == 0
    boss = answers_file(write, bundled, "b.json", 4, subject="Li Lei", rater={"role": "manager"})
    assert invoke("assess", "--answers", str(boss)).exit_code == 0
    card = scorecard(invoke, tmp_path, "Wang", SENIOR_CARD)
    assert invoke("assess", "--answers", str(card)).exit_code == 0  # a candidate: not team
    shown = invoke("--lang", lang, "team")
    assert shown.exit_code == 0, shown.output
    assert words in shown.stdout and "Candidate A" not in shown.stdout
    data = json.loads(invoke("team", "--json").stdout)
    assert data["people"] == 2 and data["source"] == "history"
    by = {m["subject"]: m for m in data["members"]}
    assert by["Li Lei"]["based_on"] == "manager" and by["Li Lei"]["file"] == "#3"
    exported = tmp_path / "out"
    assert invoke("history", "--export", str(exported)).exit_code == 0
    from_files = json.loads(invoke("team", str(exported), "--json").stdout)
    assert from_files["levels"] == data["levels"]  # as `team DIR` reads the same results
    empty = invoke("--lang", lang, "team", env={"PMLEVEL_HOME": str(tmp_path / "new")})
    assert empty.exit_code == 2 and "Traceback" not in empty.output


# -- 9. a job description a recruiter can post --------------------------------------------


@pytest.mark.parametrize(
    ("lang", "headings", "rubric"),
    [
        (
            "en",
            ("About the role (Payments)", "What you will do", "What we are looking for"),
            ("Expected", "scale of", "Ratings on", "Core skills"),
        ),
        (
            "zh",
            ("关于这个职位（Payments）", "你将负责", "我们希望你"),
            ("评分刻度", "要求", "核心技能"),
        ),
    ],
)
def test_a_job_description_takes_the_posting_and_speaks_in_sentences(
    invoke: Invoke, tmp_path: Path, lang: str, headings: tuple[str, ...], rubric: tuple[str, ...]
) -> None:
    posting = ("--company", "Acme", "--team", "Payments", "--location", "上海 / remote")
    args = ("--lang", lang, "jd", "senior", *posting, "--pay", "¥40–55k × 15")
    page = tmp_path / "jd.md"
    assert invoke(*args, "-o", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith(
        "# " + {"en": "Senior Product Manager", "zh": "高级产品经理"}[lang] + " · Acme"
    )
    for words in ("Payments", "上海 / remote", "¥40–55k × 15", *headings):
        assert words in text, words
    for words in rubric:  # the ladder's rubric is not the posting's language
        assert words not in text, words
    assert "| " not in text  # no table of ratings: sentences and lists
    shown = invoke(*args, env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "Acme" in shown.stdout
    plain = invoke("--lang", lang, "jd", "senior")  # without the options: no empty fields
    assert plain.exit_code == 0 and "Acme" not in plain.stdout
    assert {"en": "Pay", "zh": "薪资范围"}[lang] not in plain.stdout


# -- 6. one definition of how far a level is, stated --------------------------------------


@pytest.mark.parametrize(
    ("lang", "assess_says", "case_says", "rule"),
    [
        (
            "en",
            "4 points from Senior Product Manager",
            "not yet: 4 points from Senior Product Manager (on the cheapest path, over 4 skills)",
            "How far = the rating points the cheapest path raises",
        ),
        (
            "zh",
            "差 4 分到高级产品经理",
            "尚未达到：距高级产品经理还差 4 分（最省力路径上的 4 项技能）",
            "差几分 = 最省力路径上需要提升的评分分数合计",
        ),
    ],
)
def test_assess_agree_and_case_count_how_far_the_same_way_and_say_how(
    invoke: Invoke,
    write: Write,
    bundled: LevelModel,
    lang: str,
    assess_says: str,
    case_says: str,
    rule: str,
) -> None:
    # Four core skills one short (on the path) and a non-core one short (not needed).
    short = {
        "communication": 3,
        "cross-functional-collaboration": 3,
        "strategic-thinking": 2,
        "leadership": 2,
        "product-management-experience": 3,
    }
    me = answers_file(write, bundled, "me.json", 3, ratings=short)
    wide = {"COLUMNS": "300"}
    assessed = invoke("--lang", lang, "assess", "--answers", str(me), env=wide)
    assert assess_says in assessed.stdout and rule in assessed.stdout
    case = invoke("--lang", lang, "case", env=wide)
    assert case_says in case.stdout and rule in case.stdout
    data = json.loads(invoke("case", "--json").stdout)
    result = json.loads(invoke("report", "1", "--json").stdout)
    assert data["points_to_target"] == 4 == sum(s["to"] - s["from"] for s in result["path_to_next"])
    assert "product-management-experience" in data["missing"]  # below, shown, not counted
    assert "product-management-experience" not in [s["skill"] for s in data["path_to_target"]]
    boss = answers_file(write, bundled, "b.json", 3, ratings=short, rater={"role": "manager"})
    settled = write("s.yaml", "ratings: {}\n")
    agreed = invoke("--lang", lang, "agree", "1", str(boss), "--answers", str(settled), env=wide)
    assert agreed.exit_code == 0, agreed.output
    assert assess_says in agreed.stdout


# -- 5. a case says whose note it shows --------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "mine", "kept", "endorsed"),
    [
        (
            "en",
            "self: Mentors two new hires",
            "agreed: kept self's note (this skill was not discussed",
            "agreed: Mentors two new hires",
        ),
        (
            "zh",
            "自评：Mentors two new hires",
            "共识：沿用 自评 的备注（这项在沟通中没有讨论",
            "共识：Mentors two new hires",
        ),
    ],
)
def test_a_case_does_not_show_a_persons_own_note_as_the_agreed_evidence(
    invoke: Invoke,
    write: Write,
    bundled: LevelModel,
    lang: str,
    mine: str,
    kept: str,
    endorsed: str,
) -> None:
    me = answers_file(
        write, bundled, "me.json", 3, subject="Li", notes={"leadership": "Mentors two new hires"}
    )
    boss = answers_file(
        write, bundled, "b.json", 3, subject="Li", ratings={"data-analysis": 2},
        rater={"role": "manager", "name": "Han"},
    )  # fmt: skip
    settled = write(
        "s.yaml", "ratings: {data-analysis: 3}\nnotes: {data-analysis: talked it over}\n"
    )
    for path in (me, boss):
        assert invoke("assess", "--answers", str(path)).exit_code == 0
    assert invoke("agree", "1", "2", "--answers", str(settled)).exit_code == 0
    shown = invoke("--lang", lang, "case", env={"COLUMNS": "300"}).stdout
    assert mine in shown and kept in shown
    assert endorsed not in shown
    # a note written at the check-in is the agreed result's own
    assert {"en": "agreed: talked it over", "zh": "共识：talked it over"}[lang] in shown


# -- 8. the plan does not propose what the person's notes say they do ----------------------


@pytest.mark.parametrize(
    ("lang", "note", "done", "open_action"),
    [
        (
            "en",
            "Mentors two new hires, weekly one-to-ones",
            "☑ Mentor a new or junior PM with a three-month development plan and a one-to-one "
            'every two weeks. (already done: your note says "Mentors two new hires, weekly '
            'one-to-ones")',
            "☐ Propose a direction on something the team keeps arguing about",
        ),
        (
            "zh",
            "带两个新人，每周一对一",
            "☑ 做一位新人或初级产品经理的导师，定一份三个月的成长计划，每两周一对一辅导一次。"
            "（已在做：你的备注写着「带两个新人，每周一对一」）",
            "☐ 为团队里反复争论的一件事提出方向",
        ),
    ],
)
def test_plan_marks_done_the_actions_the_persons_notes_already_show(
    invoke: Invoke,
    write: Write,
    bundled: LevelModel,
    lang: str,
    note: str,
    done: str,
    open_action: str,
) -> None:
    me = answers_file(
        write, bundled, "me.json", 3, ratings={"leadership": 2}, notes={"leadership": note}
    )
    assert invoke("assess", "--answers", str(me)).exit_code == 0
    shown = invoke("--lang", lang, "plan", env={"COLUMNS": "400"}).stdout
    assert done in shown
    assert open_action in shown
    data = json.loads(invoke("--lang", lang, "plan", "--json").stdout)
    item = next(i for i in data["items"] if i["skill"] == "leadership")
    assert len(item["done"]) == 1 and item["done"][0] in item["actions"]
    assert item["note"] == note
    # without such a note nothing is marked done
    other = answers_file(write, bundled, "o.json", 3, subject="Li", ratings={"leadership": 2})
    assert invoke("assess", "--answers", str(other)).exit_code == 0
    plain = json.loads(invoke("plan", "--subject", "Li", "--json").stdout)
    assert all(i["done"] == [] for i in plain["items"])


# -- Also: agree's resume command stays whole and keeps --no-save --------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_agree_resume_command_is_never_broken_inside_a_quoted_name(
    invoke: Invoke, bundled: LevelModel, tmp_path: Path, lang: str
) -> None:
    folder = tmp_path / "check in files"
    folder.mkdir()
    me = folder / "my self rating.json"
    me.write_text(json.dumps({"ratings": {s.id: 3 for s in bundled.skills}}), encoding="utf-8")
    boss = folder / "manager form.json"
    theirs = {**{s.id: 3 for s in bundled.skills}, "leadership": 2, "documentation": 2}
    boss.write_text(json.dumps({"ratings": theirs, "rater": {"role": "manager"}}), encoding="utf-8")
    done = invoke(
        "--lang", lang, "agree", str(me), str(boss), "--no-save", input="?\n3\n",
        context=Context(stdin_isatty=True, width=80),  # as if typed at a terminal
    )  # fmt: skip
    assert done.exit_code == 130, done.output
    expected = shlex.join(["pmlevel", "agree", str(me), str(boss), "--no-save", "--resume"])
    lines = done.output.splitlines()
    drawn = [i for i, line in enumerate(lines) if line.lstrip("│ ").startswith("pmlevel agree")]
    assert len(drawn) == 2  # under the opening and in the help
    blocks = []
    for start in drawn:
        block = []
        for line in lines[start:]:
            line = line.strip("│").rstrip()
            block.append(line)
            if not line.endswith("\\"):
                break
        for line in block:  # no line ends inside quotes
            assert line.count("'") % 2 == 0, line
        assert all(len(line) <= 80 for line in block)
        blocks.append(block)
    block = blocks[0]  # the opening's lines, as the shell reads them when pasted
    pasted = "\n".join(block).replace("\\\n", "")
    assert shlex.split(pasted) == shlex.split(expected)
    assert "\\n" not in done.output  # the help's lines are lines
    assert expected in done.output  # the line saying what was kept: one line, all of it
    assert "--no-save" in expected
