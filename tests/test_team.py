"""``team``: many people's latest results: levels, who is close to the next level, where the
team falls short, and every file that could not be used listed instead of stopping the run."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import FIXTURES, Assess, Invoke
from helpers_answers import ANSWERS, SENIOR_CARD, answers_file, others, scorecard
from pmlevel.assess.result import Rater, Result, build_result
from pmlevel.company.team import load_team
from pmlevel.errors import UsageError
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]

DAY = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
SMALL = str(FIXTURES / "small.yaml")
TEAM_KEYS = {"people", "levels", "ready", "skills"}


def person(
    model: LevelModel, subject: str | None, days: int = 0, role: str = "self", **ratings: int
) -> Result:
    return build_result(
        model,
        ratings,
        subject=subject,
        rater=Rater.model_validate({"role": role}),
        assessed_at=DAY + dt.timedelta(days=days),
    )


def save(directory: Path, name: str, result: Result) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.to_json(), encoding="utf-8")
    return path


@pytest.fixture
def crew(tmp_path: Path, small: LevelModel) -> Path:
    """Four people on the small 0-4 ladder (pm1 < pm2 < pm3), worked out by hand:

    - Ana: pm1, short of pm2 only on influence: 1 point to go;
    - Bo: pm2, short of pm3 on discovery (1) and influence (2): 3 points;
    - Cy: pm3, the top: nothing above;
    - Di: below pm1, short on discovery (1) and delivery (2): 3 points.
    """
    directory = tmp_path / "team"
    save(directory, "ana.json", person(small, "Ana", discovery=2, delivery=3, influence=0))
    save(directory, "sub/bo.json", person(small, "Bo", discovery=2, delivery=3, influence=1))
    save(directory, "cy.json", person(small, "Cy", discovery=3, delivery=3, influence=3))
    save(directory, "di.json", person(small, "Di", discovery=0, delivery=0, influence=0))
    return directory


# -- the core ----------------------------------------------------------------------------


def test_levels_and_people_are_counted(small: LevelModel, crew: Path) -> None:
    team = load_team(small, [crew])
    assert len(team.people) == 4
    assert team.levels == {"pm1": 1, "pm2": 1, "pm3": 1, "none": 1}
    by_name = {p.subject: p for p in team.people}
    assert by_name["Ana"].next_level == "pm2"
    assert by_name["Ana"].points_to_next == 1
    assert by_name["Bo"].points_to_next == 3
    assert by_name["Cy"].next_level is None and by_name["Cy"].points_to_next is None
    assert by_name["Di"].level is None and by_name["Di"].next_level == "pm1"


def test_a_large_team_is_read_by_worker_processes_with_the_same_outcome(
    small: LevelModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thousands of files are shared among forked workers; what the team shows, which
    file places each person and which files are skipped (and why) stay the same."""
    import pmlevel.company.parallel as parallel

    directory = tmp_path / "many"
    for n in range(40):
        role = "manager" if n % 4 == 0 else "self"
        found = person(small, f"P{n % 9}", n, role, discovery=n % 5, delivery=(n * 3) % 5)
        save(directory, f"p{n:02d}.json", found)
    (directory / "zz-broken.json").write_text("{not json", encoding="utf-8")
    seen = []
    for parallel_from in (10_000, 1):  # one process, then workers
        monkeypatch.setattr(parallel, "PARALLEL_FROM", parallel_from)
        monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)
        team = load_team(small, [directory])
        seen.append(team.to_json())
    alone, shared = seen
    assert alone == shared
    assert alone["people"] == 9 and len(alone["members"]) == 9 and len(alone["skipped"]) == 1


def test_ready_lists_those_within_two_points_and_within_changes_it(
    small: LevelModel, crew: Path
) -> None:
    assert [p.subject for p in load_team(small, [crew]).ready] == ["Ana"]
    wider = load_team(small, [crew], within=3)
    assert [p.subject for p in wider.ready] == ["Ana", "Bo", "Di"]
    assert [p.subject for p in load_team(small, [crew], within=0).ready] == []


def test_skills_below_and_the_heat_table(small: LevelModel, crew: Path) -> None:
    team = load_team(small, [crew])
    assert dict(team.skills) == {"discovery": 2, "delivery": 1, "influence": 2}
    assert team.heat == {
        "discovery": {"pm1": 1, "pm2": 0, "pm3": 1},
        "delivery": {"pm1": 1, "pm2": 0, "pm3": 0},
        "influence": {"pm1": 0, "pm2": 1, "pm3": 1},
    }


def test_each_subject_counts_once_by_their_latest_result(small: LevelModel, tmp_path: Path) -> None:
    save(
        tmp_path, "a-new.json", person(small, "ana", days=40, discovery=3, delivery=3, influence=3)
    )
    save(tmp_path, "a-old.json", person(small, "Ana", days=0, discovery=0, delivery=0, influence=0))
    save(
        tmp_path,
        "b-mgr.json",
        person(small, "Bo", days=9, role="manager", discovery=2, delivery=3, influence=1),
    )
    save(tmp_path, "b-self.json", person(small, "Bo", days=1, discovery=0, delivery=0, influence=0))
    team = load_team(small, [tmp_path])
    assert len(team.people) == 2
    levels = {p.subject.casefold(): p.level for p in team.people}
    assert levels == {"ana": "pm3", "bo": "pm2"}


def test_results_without_a_subject_are_one_person_whatever_the_file_names(
    small: LevelModel, tmp_path: Path
) -> None:
    save(tmp_path, "wei.json", person(small, None, discovery=1, delivery=2, influence=0))
    save(tmp_path, "xu.json", person(small, " ", days=1, discovery=3, delivery=3, influence=3))
    save(tmp_path, "ana.json", person(small, "Ana", discovery=1, delivery=2, influence=0))
    team = load_team(small, [tmp_path])
    assert [(p.subject, p.level) for p in team.people] == [("Ana", "pm1"), (None, "pm3")]


def test_a_stale_estimate_in_a_file_is_recomputed(small: LevelModel, tmp_path: Path) -> None:
    data = person(small, "Ana", discovery=2, delivery=3, influence=0).to_dict()
    data["estimate"]["level"] = "pm3"
    data["estimate"]["next_level"] = None
    data["path_to_next"] = []
    (tmp_path / "ana.json").write_text(json.dumps(data), encoding="utf-8")
    team = load_team(small, [tmp_path])
    (ana,) = team.people
    assert (ana.level, ana.next_level, ana.points_to_next) == ("pm1", "pm2", 1)


def test_files_that_cannot_be_used_are_listed_and_skipped(
    small: LevelModel, bundled: LevelModel, crew: Path
) -> None:
    (crew / "notes.json").write_text("{not json", encoding="utf-8")
    (crew / "config.json").write_text('{"theme": "dark"}', encoding="utf-8")
    (crew / "latin1.json").write_bytes(b'{"subject": "Jos\xe9"}')
    ratings = {skill.id: 3 for skill in bundled.skills}
    save(crew, "other-model.json", build_result(bundled, ratings, subject="Eve"))
    tampered = person(small, "Fay", discovery=2, delivery=2, influence=2).to_dict()
    tampered["ratings"]["influence"] = 9
    (crew / "tampered.json").write_text(json.dumps(tampered), encoding="utf-8")
    (crew / "huge.json").write_bytes(b" " * (1024 * 1024 + 1))
    (crew / "readme.txt").write_text("not a result", encoding="utf-8")
    os.mkfifo(crew / "pipe.json")  # would block a reader forever: not a file, not read

    team = load_team(small, [crew])
    assert len(team.people) == 4
    reasons = {Path(s.path).name: s.code for s in team.skipped}
    assert reasons == {
        "notes.json": "not_json",
        "config.json": "not_a_result",
        "latin1.json": "not_json",
        "other-model.json": "foreign_model",
        "tampered.json": "bad_rating",
        "huge.json": "too_large",
    }
    assert team.files == 10


def test_an_empty_directory_is_an_empty_team(small: LevelModel, tmp_path: Path) -> None:
    team = load_team(small, [tmp_path])
    assert team.people == ()
    assert team.levels == {"pm1": 0, "pm2": 0, "pm3": 0, "none": 0}
    assert team.ready == () and team.skipped == ()


def test_a_path_that_does_not_exist_is_an_error(small: LevelModel, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        load_team(small, [tmp_path / "nowhere"])
    assert caught.value.message == "team_no_such_path"


def test_progress_is_reported_up_to_the_total(small: LevelModel, crew: Path) -> None:
    calls: list[tuple[int, int]] = []
    load_team(small, [crew], progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (4, 4)


# -- the command -------------------------------------------------------------------------


def test_json_has_the_spec_keys(invoke: Invoke, crew: Path) -> None:
    result = invoke("--model", SMALL, "team", str(crew), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= TEAM_KEYS
    assert data["people"] == 4
    assert data["levels"] == {"pm1": 1, "pm2": 1, "pm3": 1, "none": 1}
    assert data["ready"] == [
        {
            "subject": "Ana",
            "based_on": "self",
            "level": "pm1",
            "next_level": "pm2",
            "readiness": pytest.approx(2 / 3),
            "points_to_next": 1,
        }
    ]
    assert {s["skill"]: s["below"] for s in data["skills"]} == {
        "discovery": 2,
        "delivery": 1,
        "influence": 2,
    }


def test_within_option(invoke: Invoke, crew: Path) -> None:
    result = invoke("--model", SMALL, "team", str(crew), "--within", "3", "--json")
    assert result.exit_code == 0, result.output
    assert [p["subject"] for p in json.loads(result.stdout)["ready"]] == ["Ana", "Bo", "Di"]


def test_negative_within_is_refused(invoke: Invoke, crew: Path) -> None:
    result = invoke("--model", SMALL, "--lang", "en", "team", str(crew), "--within", "-1")
    assert result.exit_code == 2
    assert "--within cannot be negative" in result.output


def test_files_and_directories_can_be_mixed(invoke: Invoke, crew: Path) -> None:
    result = invoke("--model", SMALL, "team", str(crew / "ana.json"), str(crew / "sub"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["people"] == 2


def test_screen_in_english(invoke: Invoke, crew: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (crew / "notes.json").write_text("{not json", encoding="utf-8")
    monkeypatch.chdir(crew.parent)
    result = invoke("--model", SMALL, "--lang", "en", "team", crew.name)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "people: 4 · files read: 5 · skipped: 1" in out
    assert "People at each level" in out
    assert "Close to the next level: 2 rating points or fewer" in out
    assert "Where the team is thin" in out
    assert "Skipped files (1)" in out
    assert "team/notes.json   not valid JSON" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_screen_in_chinese_fits_80_columns(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel
) -> None:
    directory = tmp_path / "团队"
    for index, rating in enumerate([1, 2, 3, 3, 4, 5]):
        ratings = {skill.id: rating for skill in bundled.skills}
        ratings["leadership"] = max(1, rating - 1)
        save(directory, f"p{index}.json", build_result(bundled, ratings, subject=f"成员{index}"))
    (directory / "坏文件.json").write_text("[]", encoding="utf-8")
    result = invoke("--lang", "zh", "team", str(directory))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "6 人" in out
    assert "各级别人数" in out
    assert "差距热力表" in out
    assert "领导能力" in out
    assert "跳过的文件（1）" in out and "不是 pmlevel 评估结果" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(("lang", "words"), [("en", "No one to show"), ("zh", "没有可以汇总的人")])
def test_an_empty_team_is_an_error_that_says_so(
    invoke: Invoke, tmp_path: Path, lang: str, words: str
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("--lang", lang, "team", str(empty))
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output
    assert invoke("team", str(empty), "--json").stdout == ""
    (empty / "notes.json").write_text("{}", encoding="utf-8")
    skipped = invoke("--lang", lang, "team", str(empty))
    assert skipped.exit_code == 2
    assert "notes.json" in skipped.output  # why the one file was left out


def test_a_missing_path_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("--lang", "en", "team", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "no such file or directory" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("terminal", [True, False])
def test_a_loading_bar_appears_only_on_a_terminal(
    small: LevelModel, crew: Path, terminal: bool
) -> None:
    import io

    from rich.console import Console

    from pmlevel.cli.loading_bar import LoadingBar

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=terminal, width=80)
    with LoadingBar(console, "Reading results", delay=0) as bar:
        load_team(small, [crew], progress=bar)
    assert ("Reading results" in screen.getvalue()) is terminal
    assert ("4/4" in screen.getvalue()) is terminal


# -- one strict reader for ratings  ----------------------------------------


@pytest.mark.parametrize("written", ['"3"', "3.0", "true"], ids=["string", "float", "bool"])
def test_a_rating_that_is_not_a_whole_number_is_refused_as_every_reader_refuses_it(
    invoke: Invoke, crew: Path, small: LevelModel, written: str
) -> None:
    good = person(small, "Eve", discovery=3, delivery=3, influence=2).to_json()
    forged = crew / "eve.json"
    forged.write_text(good.replace('"discovery": 3', f'"discovery": {written}'), encoding="utf-8")
    assert f'"discovery": {written}' in forged.read_text(encoding="utf-8")

    done = invoke("--model", SMALL, "team", str(crew), "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert "Eve" not in [m["subject"] for m in data["members"]]
    assert data["skipped"] == [{"file": str(forged), "reason": "rating_not_integer"}]
    for lang, words in (("en", "the rating of 'discovery' is not a whole number"),
                        ("zh", "「discovery」的评分不是整数")):  # fmt: skip
        screen = invoke("--lang", lang, "--model", SMALL, "team", str(crew), env={"COLUMNS": "200"})
        assert words in " ".join(screen.stdout.split())
    # as report and merge refuse it, located
    for args in (["report", str(forged)], ["merge", str(forged), str(forged)]):
        refused = invoke("--lang", "en", "--model", SMALL, *args)
        assert refused.exit_code == 2
        assert f"{forged}:" in refused.stderr and "ratings.discovery" in refused.stderr


def test_a_symlink_loop_in_a_team_folder_is_skipped_and_named(
    invoke: Invoke, write: Write, tmp_path: Path
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    answers = write("a.yaml", ANSWERS)
    made = invoke(
        "--model", SMALL, "assess", "--answers", str(answers), "-o", str(folder / "li.json")
    )
    assert made.exit_code == 0, made.output
    (folder / "loop.json").symlink_to("loop.json")

    done = invoke("--lang", "en", "--model", SMALL, "team", str(folder), "--json")

    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["people"] == 1
    assert data["skipped"] == [{"file": str(folder / "loop.json"), "reason": "unreadable"}]


def test_team_places_people_by_agreed_then_manager_then_self(
    invoke: Invoke, assess: Assess, tmp_path: Path, bundled: LevelModel
) -> None:
    folder = tmp_path / "team"
    folder.mkdir()

    def save(name: str, rating: int, *extra: str) -> None:
        assess(rating, *extra, "--no-save", "-o", str(folder / f"{name}.json"))

    manager, peer = others()
    save("li-self", 2, "--subject", "Li Lei")
    save("li-manager", 3, *manager)
    save("li-peer", 5, *peer)  # a later peer's view does not place her
    save("han-self", 4, "--subject", "Han Meimei")
    save("han-peer", 2, "--subject", "Han Meimei", "--rater", "peer")
    save("jim-peer", 4, "--subject", "Jim", "--rater", "peer")  # rated by peers only
    data = json.loads(invoke("team", str(folder), "--json").stdout)
    members = {m["subject"]: (m["based_on"], m["level"]) for m in data["members"]}
    assert members == {"Li Lei": ("manager", "mid"), "Han Meimei": ("self", "senior")}
    assert [s["reason"] for s in data["skipped"]] == ["only_others"]
    en = invoke("--lang", "en", "team", str(folder))
    assert "Mid-level Product Manager" in en.output  # level names, not ids
    assert "manager" in en.output and "Jim has only peers'" in en.output
    zh = invoke("--lang", "zh", "team", str(folder))
    assert "中级产品经理" in zh.output and "上级" in zh.output

    ratings = {s.id: 4 for s in bundled.skills}
    agreed = tmp_path / "agreed.json"
    agreed.write_text(
        json.dumps({"ratings": ratings, "subject": "li lei", "rater": {"role": "agreed"}}),
        encoding="utf-8",
    )
    invoke("assess", "--answers", str(agreed), "--no-save", "-o", str(folder / "li-agreed.json"))
    data = json.loads(invoke("team", str(folder), "--json").stdout)
    placed = {m["subject"].casefold(): (m["based_on"], m["level"]) for m in data["members"]}
    assert placed["li lei"] == ("agreed", "senior")


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
