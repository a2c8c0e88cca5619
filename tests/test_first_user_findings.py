"""What a new user found on a first try (nameless results, answers files in team, agree's
help and resume line, hiring merges, results of another model, interview scorecards, team
footnote): each finding's regression test, in both languages where text is involved."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.cli.context import Context
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]
Assess = Callable[..., dict[str, object]]
UNNAMED = {"en": "(unnamed)", "zh": "（未署名）"}


@pytest.fixture
def assess(invoke: Invoke, write: Write, bundled: LevelModel) -> Assess:
    """``assess --answers`` with every skill at *rating*, saved in the history, as JSON."""
    count = iter(range(1000))

    def run(rating: int, *extra: str) -> dict[str, object]:
        ratings = {s.id: rating for s in bundled.skills}
        path = write(f"answers-{next(count)}.json", json.dumps({"ratings": ratings}))
        result = invoke("assess", "--answers", str(path), "--json", *extra)
        assert result.exit_code == 0, result.output
        data: dict[str, object] = json.loads(result.stdout)
        return data

    return run


# -- 1. results with no subject are one person ("me") everywhere -----------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exported_nameless_results_are_one_person_in_team(
    invoke: Invoke, assess: Assess, tmp_path: Path, lang: str
) -> None:
    for rating in (2, 3, 3, 4):
        assess(rating)
    folder = tmp_path / "results"
    exported = invoke("history", "--export", str(folder))
    assert exported.exit_code == 0, exported.output
    assert len(list(folder.glob("*.json"))) == 4
    data = json.loads(invoke("team", str(folder), "--json").stdout)
    assert data["people"] == 1
    assert [m["subject"] for m in data["members"]] == [None]
    shown = invoke("--lang", lang, "team", str(folder))
    assert shown.exit_code == 0, shown.output
    assert UNNAMED[lang] in shown.output
    assert "assess-" not in shown.output and "1-" not in shown.output.split("\n")[0]


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Promotion case: (unnamed)"), ("zh", "晋升材料：（未署名）")]
)
def test_case_reads_a_nameless_history_as_plan_does(
    invoke: Invoke, assess: Assess, lang: str, title: str
) -> None:
    assess(3)
    assess(2, "--rater", "manager")
    for args in ((), ("--subject", "me"), ("--subject", "我")):
        made = invoke("--lang", lang, "case", *args)
        assert made.exit_code == 0, made.output
        assert title in made.output
        assert "「」" not in made.output and "''" not in made.output
    assert invoke("plan", "--subject", "me").exit_code == 0


@pytest.mark.parametrize(("lang", "words"), [("en", "--subject me"), ("zh", "--subject me")])
def test_case_with_several_people_names_them_as_plan_does(
    invoke: Invoke, assess: Assess, lang: str, words: str
) -> None:
    assess(3)
    assess(2, "--subject", "Li Lei")
    refused = invoke("--lang", lang, "case")
    assert refused.exit_code == 2
    assert "Li Lei" in refused.output and words in refused.output
    assert "pmlevel case --subject" in refused.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_missing_name_has_one_label_in_merge_and_progress(
    invoke: Invoke, assess: Assess, lang: str
) -> None:
    assess(2)
    assess(3)
    assess(3, "--rater", "manager")
    progress = invoke("--lang", lang, "progress")
    merge = invoke("--lang", lang, "merge", "2", "3")
    assert progress.exit_code == 0 and merge.exit_code == 0, merge.output
    assert UNNAMED[lang] in progress.output
    assert UNNAMED[lang] in merge.output


# -- 2. team takes the answers JSON the form saves, as merge does --------------------


def form_json(path: Path, ratings: dict[str, int], **extra: object) -> Path:
    """What ``pmlevel form`` saves from the browser."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"ratings": ratings, "notes": {}, **extra}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "reason"), [("en", "an answers file that is incomplete"), ("zh", "答案文件不完整")]
)
def test_team_takes_the_forms_answers_json(
    invoke: Invoke, assess: Assess, bundled: LevelModel, tmp_path: Path, lang: str, reason: str
) -> None:
    folder = tmp_path / "team"
    assess(3, "--subject", "Ana")
    assert invoke("history", "--export", str(folder)).exit_code == 0
    every = {s.id: 2 for s in bundled.skills}
    form_json(folder / "bo-manager.json", every, subject="Bo", rater={"role": "manager"})
    form_json(folder / "cy-self.json", {"data-analysis": 2}, subject="Cy", rater={"role": "self"})
    data = json.loads(invoke("team", str(folder), "--json").stdout)
    assert data["people"] == 2
    bo = next(m for m in data["members"] if m["subject"] == "Bo")
    assert bo["based_on"] == "manager" and bo["level"] is not None
    assert data["skipped"] == [{"file": str(folder / "cy-self.json"), "reason": "bad_answers"}]
    shown = invoke("--lang", lang, "team", str(folder))
    assert shown.exit_code == 0, shown.output
    assert "Bo" in shown.output and reason in shown.output
    assert "不是 pmlevel 评估结果" not in shown.output
    assert "not a pmlevel result" not in shown.output


# -- 3. agree's own help, and the real command to resume ------------------------------


def disagreeing_pair(folder: Path, bundled: LevelModel) -> tuple[Path, Path]:
    """A self-rating (all 3) and a manager's that differs on two skills, in files whose
    names need shell quoting."""
    mine = {s.id: 3 for s in bundled.skills}
    theirs = {**mine, "documentation": 2, "leadership": 2}
    me = folder / "my self.json"
    me.write_text(json.dumps({"ratings": mine, "subject": "Li Lei"}), encoding="utf-8")
    boss = folder / "manager.json"
    boss.write_text(
        json.dumps({"ratings": theirs, "subject": "Li Lei", "rater": {"role": "manager"}}),
        encoding="utf-8",
    )
    return me, boss


@pytest.mark.parametrize(
    ("lang", "help_words", "kept"),
    [
        ("en", "Type the rating you agreed on", "1 agreed rating kept. Continue with: "),
        ("zh", "输入双方商定的评分", "已保存 1 项商定的评分。继续请运行："),
    ],
)
def test_agree_help_and_resume_line_name_agree(
    invoke: Invoke,
    bundled: LevelModel,
    tmp_path: Path,
    lang: str,
    help_words: str,
    kept: str,
) -> None:
    def terminal() -> Context:  # as if typed at a terminal
        return Context(stdin_isatty=True, width=80)

    me, boss = disagreeing_pair(tmp_path, bundled)
    command = f"pmlevel agree '{me}' {boss} --resume"
    done = invoke("--lang", lang, "agree", str(me), str(boss), input="?\n3\n", context=terminal())
    assert done.exit_code == 130, done.output
    out = done.output
    assert help_words in out
    assert "pmlevel assess --resume" not in out and "…" not in out
    assert kept + command in out
    # With history ids, the ids.
    for path in (me, boss):
        assert invoke("assess", "--answers", str(path)).exit_code == 0
    again = invoke("--lang", lang, "agree", "1", "2", input="2\n", context=terminal())
    assert again.exit_code == 130
    assert kept + "pmlevel agree 1 2 --resume" in again.output


# -- 4. a hiring merge has no self: no self wording --------------------------------


@pytest.mark.parametrize(
    ("lang", "shown", "gone"),
    [
        (
            "en",
            ["Estimate from interviewer (2)", "ratings by interviewer"],
            ["No self-rating given", "blind spot", "hidden strength", "Self", "talk about"],
        ),
        (
            "zh",
            ["面试官的估计（2 人）", "取面试官评分的平均分"],
            ["没有自评结果", "盲点", "隐藏优势", "自评估计", "值得坐下来聊", "上级和同事"],
        ),
    ],
)
def test_a_hiring_merge_speaks_of_interviewers_not_self(
    invoke: Invoke,
    bundled: LevelModel,
    tmp_path: Path,
    lang: str,
    shown: list[str],
    gone: list[str],
) -> None:
    cards = []
    for name, rating in (("Wang", 3), ("Zhao", 4)):
        card = tmp_path / f"{name}.json"
        rater = {"role": "interviewer", "name": name}
        ratings = {s.id: rating for s in bundled.skills}
        card.write_text(
            json.dumps({"ratings": ratings, "subject": "Candidate", "rater": rater}),
            encoding="utf-8",
        )
        cards.append(str(card))
    page = tmp_path / "merge.md"
    wrote = invoke("--lang", lang, "merge", *cards, "-o", str(page), env={"COLUMNS": "200"})
    assert wrote.exit_code == 0, wrote.output
    done = invoke("--lang", lang, "merge", *cards, env={"COLUMNS": "200"})
    for text in (done.stdout, page.read_text(encoding="utf-8")):
        for words in shown:
            assert words in text
        for words in gone:
            assert words not in text
    data = json.loads(invoke("merge", *cards, "--json").stdout)
    assert data["self_estimate"] is None and data["others_estimate"] is not None


# -- 5. results of another model are never mixed with the current one ----------------


@pytest.fixture
def other_model(tmp_path: Path) -> Path:
    """The bundled model with its first level renamed: same skills, another sha256."""
    from pmlevel.model.loader import bundled_model_path

    text = bundled_model_path().read_text(encoding="utf-8")
    path = tmp_path / "other.yaml"
    path.write_text(text.replace("  - id: junior\n", "  - id: level-one\n", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "plan_words", "progress_words"),
    [
        ("en", "None of your 2 self-rating(s)", "You have fewer than two assessments made"),
        ("zh", "你的 2 份自评", "你用当前模型"),
    ],
)
def test_plan_and_progress_pick_only_results_of_the_current_model(
    invoke: Invoke,
    assess: Assess,
    other_model: Path,
    lang: str,
    plan_words: str,
    progress_words: str,
) -> None:
    assess(2)
    first = assess(3)
    other = ("--lang", lang, "--model", str(other_model))
    plan = invoke(*other, "plan")
    assert plan.exit_code == 2, plan.output
    assert plan_words in plan.stderr and "pmlevel assess" in plan.stderr
    progress = invoke(*other, "progress")
    assert progress.exit_code == 2, progress.output
    assert progress_words in progress.stderr
    # A self-rating with this model is then the one a plan is made from.
    path = other_model.parent / "mine.json"
    done = invoke(*other, "assess", "--answers", str(write_all(path, 4)), "--json")
    assert done.exit_code == 0, done.output
    made = json.loads(invoke(*other, "plan", "--json").stdout)
    assert (
        made["level"] == json.loads(done.stdout)["estimate"]["level"] != first["estimate"]["level"]
    )  # type: ignore[index]
    assert invoke("--lang", lang, "plan").exit_code == 0  # the first model still has its own


def write_all(path: Path, rating: int) -> Path:
    from pmlevel.model.loader import load_model

    path.write_text(
        json.dumps({"ratings": {s.id: rating for s in load_model().skills}}), encoding="utf-8"
    )
    return path


@pytest.mark.parametrize(
    ("lang", "warning", "skill"),
    [("en", "made with another model", "Communication"), ("zh", "基于另一个模型", "沟通能力")],
)
def test_report_of_another_models_result_warns_and_shows_names(
    invoke: Invoke, assess: Assess, other_model: Path, lang: str, warning: str, skill: str
) -> None:
    assess(3)
    shown = invoke("--lang", lang, "--model", str(other_model), "report")
    assert shown.exit_code == 0, shown.output
    assert warning in shown.output and skill in shown.output
    assert "communication" not in shown.output


@pytest.mark.parametrize(
    ("lang", "warning", "unchecked"),
    [
        ("en", "made with another model", "cannot be checked against the current model"),
        ("zh", "基于另一个模型", "无法按当前模型复核"),
    ],
)
def test_report_of_a_result_whose_skills_the_current_model_lacks_shows_ids(
    invoke: Invoke, write: Write, tmp_path: Path, lang: str, warning: str, unchecked: str
) -> None:
    from conftest import FIXTURES

    small = str(FIXTURES / "small.yaml")
    answers = write("s.yaml", "ratings: {discovery: 2, delivery: 3, influence: 1}\n")
    assert invoke("--model", small, "assess", "--answers", str(answers)).exit_code == 0
    shown = invoke("--lang", lang, "report")
    assert shown.exit_code == 0, shown.output
    out = shown.output
    assert warning in out and unchecked in out
    assert "influence" in out and "pm3" in out  # the current model has neither: ids
    assert "Could not observe" not in out and "无法观察" not in out
    for suffix in ("svg", "html", "md"):
        done = invoke("--lang", lang, "report", "1", "-o", str(tmp_path / f"r.{suffix}"))
        assert done.exit_code == 0, done.output


# -- 6. an interviewer rates what the interview showed --------------------------------


def fill_kit(invoke: Invoke, card: Path, rating: int) -> list[str]:
    """Rate the interview kit's skills on *card*, leave the others empty; the kit's ids."""
    kit = [s["skill"] for s in json.loads(invoke("interview", "senior", "--json").stdout)["skills"]]
    text = card.read_text(encoding="utf-8")
    for skill in kit:
        text = text.replace(f"  {skill}:\n    rating:\n", f"  {skill}:\n    rating: {rating}\n", 1)
    card.write_text(text, encoding="utf-8")
    return kit


@pytest.mark.parametrize(
    ("lang", "unrated", "nobody", "skill"),
    [
        (
            "en",
            "Not assessed (left out of the verdict): ",
            "Assessed by no one (left out of the verdict): ",
            "Documentation",
        ),
        (
            "zh",
            "未评估（不计入结论）：",
            "没有人评估的技能（不计入结论）：",
            "文档撰写能力",
        ),
    ],
)
def test_a_scorecard_with_the_kit_rated_is_read_and_says_what_was_not_assessed(
    invoke: Invoke,
    tmp_path: Path,
    bundled: LevelModel,
    lang: str,
    unrated: str,
    nobody: str,
    skill: str,
) -> None:
    cards = []
    for name, rating in (("wang", 3), ("zhao", 4)):
        card = tmp_path / f"{name}.yaml"
        made = invoke("interview", "senior", "--scorecard", str(card), "--rater-name", name)
        assert made.exit_code == 0, made.output
        kit = fill_kit(invoke, card, rating)
        cards.append(str(card))
    assert 0 < len(kit) < len(bundled.skills)
    done = invoke(
        "--lang", lang, "assess", "--answers", cards[0], "--no-save", env={"COLUMNS": "200"}
    )
    assert done.exit_code == 0, done.output
    assert unrated in done.output and skill in done.output
    data = json.loads(invoke("assess", "--answers", cards[0], "--no-save", "--json").stdout)
    assert sorted(data["ratings"]) == sorted(kit)  # nothing made up for the others
    merged = invoke("--lang", lang, "merge", *cards, env={"COLUMNS": "200"})
    assert merged.exit_code == 0, merged.output
    assert nobody in merged.output
    rows = json.loads(invoke("merge", *cards, "--json").stdout)["others_ratings"]
    assert sorted(rows) == sorted(kit)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "no rating yet for Documentation ('documentation')"),
        ("zh", "「文档撰写能力」（documentation）还没有评分"),
    ],
)
def test_a_self_rating_left_empty_names_the_skill(
    invoke: Invoke, write: Write, bundled: LevelModel, lang: str, words: str
) -> None:
    ratings: dict[str, int | None] = {s.id: 3 for s in bundled.skills}
    ratings["documentation"] = None
    path = write("mine.json", json.dumps({"ratings": ratings}))
    done = invoke("--lang", lang, "assess", "--answers", str(path))
    assert done.exit_code == 2
    assert words in done.stderr


# -- 7. the team report speaks to a manager, not a developer ---------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_team_heat_caption_has_no_json_wording(
    invoke: Invoke, assess: Assess, tmp_path: Path, lang: str
) -> None:
    assess(2, "--subject", "Ana")
    assess(3, "--subject", "Bo")
    folder = tmp_path / "results"
    assert invoke("history", "--export", str(folder)).exit_code == 0
    page = tmp_path / "team.html"
    for args in ((), ("-o", str(page))):
        shown = invoke("--lang", lang, "team", str(folder), *args)
        assert shown.exit_code == 0, shown.output
    for text in (shown.output, page.read_text(encoding="utf-8")):
        assert "skills[].below" not in text and "--json" not in text
    assert "below" in json.loads(invoke("team", str(folder), "--json").stdout)["skills"][0]
