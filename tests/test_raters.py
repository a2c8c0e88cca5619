"""``raters``: rater offsets across a team (docs/reference.md#raters), fitted by least squares,
recovered
on a synthetic organisation with known offsets; the raters and groups that cannot be
compared, said so with the cross-ratings that would connect them; bad input listed, not
fatal; and ``team --adjust-raters`` with the levels by manager."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES, ROOT, Invoke
from helpers_org import MANAGERS, OFFSETS, organisation, write_rating
from pmlevel.company.rater_fit import fit_offsets
from pmlevel.company.raters import load_raters
from pmlevel.model.ladder import LevelModel

RATER_KEYS = {"role", "name", "people", "ratings", "offset", "se", "flag", "group"}
TRUE_OFFSET = dict(zip(MANAGERS, OFFSETS, strict=True))


def run_json(invoke: Invoke, *args: str) -> dict[str, object]:
    done = invoke("raters", *args, "--json")
    assert done.exit_code == 0, done.output
    data: dict[str, object] = json.loads(done.stdout)
    return data


def offsets_of(data: dict[str, object]) -> list[dict[str, object]]:
    raters = data["raters"]
    assert isinstance(raters, list)
    return raters


@pytest.fixture
def results(tmp_path: Path) -> Path:
    """A directory of results of its own (tmp_path also holds the test's PMLEVEL_HOME)."""
    path = tmp_path / "results"
    path.mkdir()
    return path


WIDE = {"COLUMNS": "250"}  # long reasons on one line, for tests that read them whole


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six managers at -1, -0.5, 0, 0, +0.5, +1; each of their eight reports rated by the
    manager and, as peers, by the next two managers (who keep their offsets as peers)."""
    from pmlevel.model.loader import load_model

    directory = tmp_path_factory.mktemp("org")
    organisation(load_model(), directory)
    return directory


# -- the fit ----------------------------------------------------------------------------


def textbook(person: list[int], skill: list[int], rater: list[int], y: list[int], raters: int):  # type: ignore[no-untyped-def]
    """Least squares with the full design matrix (one column per cell and per rater) and
    a sum-to-zero constraint per group, solved densely: the definition the fit must meet."""
    fit = fit_offsets(person, skill, rater, y, raters=raters)
    cells: dict[tuple[int, int], int] = {}
    column = np.array([cells.setdefault(c, len(cells)) for c in zip(person, skill, strict=True)])
    n, c = len(y), len(cells)
    x = np.zeros((n, c + raters))
    x[np.arange(n), column] = 1.0
    x[np.arange(n), c + np.array(rater)] = 1.0
    constraints = []
    for g in range(fit.groups):
        row = np.zeros(c + raters)
        row[c + np.flatnonzero(fit.group == g)] = 1.0
        constraints.append(row)
    for k in np.flatnonzero(fit.group < 0):
        row = np.zeros(c + raters)
        row[c + k] = 1.0
        constraints.append(row)
    k = np.array(constraints)
    kkt = np.block([[x.T @ x, k.T], [k, np.zeros((len(k), len(k)))]])
    inverse = np.linalg.inv(kkt)
    solution = inverse @ np.concatenate([x.T @ np.array(y, dtype=float), np.zeros(len(k))])
    residual = np.array(y) - x @ solution[: c + raters]
    df = n - np.linalg.matrix_rank(x)
    se = np.sqrt(residual @ residual / df * np.diag(inverse)[c : c + raters])
    return fit, solution[c : c + raters], se, df


@pytest.mark.parametrize("dense_limit", [3000, 0])  # the dense Cholesky and the sparse LU
@pytest.mark.parametrize("seed", range(12))
def test_the_fit_is_the_textbook_least_squares(
    seed: int, dense_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pmlevel.company.rater_fit.DENSE_LIMIT", dense_limit)
    rng = np.random.default_rng(seed)
    person: list[int] = []
    skill: list[int] = []
    rater: list[int] = []
    y: list[int] = []
    managers, people = 4, 14
    for p in range(people):
        # self (a rater of one person, eliminated in closed form), the manager, a peer
        # manager sometimes, and now and then a peer who rated only this person too.
        who = [managers + p, p % managers]
        if rng.random() < 0.6:
            who.append((p + 1) % managers)
        if rng.random() < 0.2:
            who.append(managers + people + p)
        for k in who:
            for s in range(4):
                if rng.random() < 0.9:
                    person.append(p)
                    skill.append(s)
                    rater.append(k)
                    y.append(int(rng.integers(1, 6)))
    fit, offsets, se, df = textbook(person, skill, rater, y, managers + 2 * people)
    inside = fit.group >= 0
    assert fit.df == df
    assert np.allclose(fit.offset[inside], offsets[inside], atol=1e-9)
    assert np.allclose(fit.se()[inside], se[inside], atol=1e-9)


def test_offsets_sum_to_zero_in_each_group() -> None:
    # Two raters who both rated p0 (group 1), two who both rated p1 (group 2), one alone.
    person = [0, 0, 0, 0, 1, 1, 1, 1, 2]
    skill = [0, 1, 0, 1, 0, 1, 0, 1, 0]
    rater = [0, 0, 1, 1, 2, 2, 3, 3, 4]
    y = [2, 3, 4, 4, 1, 1, 3, 2, 5]
    fit = fit_offsets(person, skill, rater, y, raters=5)
    assert fit.groups == 2
    assert list(fit.group) == [0, 0, 1, 1, -1]
    assert fit.offset[0] == pytest.approx(-1.5 / 2) and fit.offset[1] == pytest.approx(1.5 / 2)
    assert fit.offset[2] + fit.offset[3] == pytest.approx(0.0)
    assert np.isnan(fit.offset[4])


# -- the synthetic organisation -----------------------------------------------------------


def test_every_known_offset_is_recovered_within_two_standard_errors(
    invoke: Invoke, org: Path
) -> None:
    data = run_json(invoke, str(org))
    assert set(data) == {"raters", "groups", "uncomparable"}
    assert data["groups"] == 1 and data["uncomparable"] == []
    raters = offsets_of(data)
    assert len(raters) == 12  # six managers, each as manager and as peer
    for row in raters:
        assert set(row) == RATER_KEYS
        truth = TRUE_OFFSET[str(row["name"])]
        offset, se = float(row["offset"]), float(row["se"])  # type: ignore[arg-type]
        assert abs(offset - truth) <= 2 * se, row
        assert 0.03 < se < 0.15, row  # 152 or 304 ratings each: a tight interval
        assert row["group"] == 1
        assert row["people"] == (8 if row["role"] == "manager" else 16)
    assert sum(float(r["offset"]) for r in raters) == pytest.approx(0.0, abs=0.01)  # type: ignore[arg-type]
    flags = {(r["role"], r["name"]): r["flag"] for r in raters}
    for role in ("manager", "peer"):
        assert flags[(role, "Manager A")] == "severe"
        assert flags[(role, "Manager F")] == "lenient"
        assert flags[(role, "Manager C")] is None and flags[(role, "Manager D")] is None


def test_offsets_on_screen_in_english_and_chinese(invoke: Invoke, org: Path) -> None:
    en = invoke("--lang", "en", "raters", str(org))
    assert en.exit_code == 0, en.output
    assert "Raters: who rates high, who rates low" in en.stdout
    line = next(row for row in en.stdout.splitlines() if "Manager F" in row and "manager" in row)
    assert re.search(r"\+1\.0\d\s+±0\.1\d\s+lenient", line), line
    assert "Offsets compare" not in en.stdout  # one group: nothing to say about groups
    zh = invoke("--lang", "zh", "raters", str(org))
    assert zh.exit_code == 0, zh.output
    assert "评分尺度：谁打分偏松，谁偏严" in zh.stdout
    line = next(row for row in zh.stdout.splitlines() if "Manager A" in row and "上级" in row)
    assert "偏严" in line and "-1.0" in line
    assert "± 2 标准误" in zh.stdout


def test_self_ratings_are_a_rater_like_any_other_and_exclude_self_leaves_them_out(
    invoke: Invoke, bundled: LevelModel, results: Path
) -> None:
    organisation(bundled, results, selves=True)
    data = run_json(invoke, str(results))
    raters = offsets_of(data)
    selves = [r for r in raters if r["role"] == "self"]
    assert len(selves) == 48 and all(r["people"] == 1 and r["ratings"] == 19 for r in selves)
    assert data["groups"] == 1
    for row in raters:
        if row["role"] != "self":
            truth = TRUE_OFFSET[str(row["name"])]
            assert abs(float(row["offset"]) - truth) <= 2 * float(row["se"]), row  # type: ignore[arg-type]

    without = invoke("--lang", "en", "raters", str(results), "--exclude-self", "--json")
    assert without.exit_code == 0, without.output
    assert not [r for r in json.loads(without.stdout)["raters"] if r["role"] == "self"]
    screen = invoke("--lang", "en", "raters", str(results), "--exclude-self")
    assert "48 self-ratings left out (--exclude-self)." in screen.stdout
    zh = invoke("--lang", "zh", "raters", str(results), "--exclude-self")
    assert "已排除 48 份自评（--exclude-self）" in zh.stdout


# -- raters who cannot be compared ------------------------------------------------------------


def test_two_departments_are_two_groups_that_cannot_be_compared(
    invoke: Invoke, bundled: LevelModel, results: Path
) -> None:
    organisation(bundled, results, departments=2)  # A, B, C cross-rate; D, E, F cross-rate
    data = run_json(invoke, str(results))
    assert data["groups"] == 2
    groups = {(r["role"], r["name"]): r["group"] for r in offsets_of(data)}
    first = {name for (_, name), g in groups.items() if g == groups[("manager", "Manager A")]}
    assert first == {"Manager A", "Manager B", "Manager C"}
    assert set(groups.values()) == {1, 2}
    # Each department's offsets sum to zero on their own: A-C's mean of -0.5 is its zero.
    by_name = {(r["role"], r["name"]): float(r["offset"]) for r in offsets_of(data)}  # type: ignore[arg-type]
    assert by_name[("manager", "Manager C")] == pytest.approx(0.5, abs=0.2)
    assert by_name[("manager", "Manager D")] == pytest.approx(-0.5, abs=0.2)

    en = invoke("--lang", "en", "raters", str(results))
    assert "Groups that cannot be compared with each other" in en.stdout
    assert "These 2 groups share no rated person" in en.stdout
    flat = " ".join(en.stdout.split())
    assert re.search(r"Group 1 \(6 raters\): .*Manager A", flat)
    assert "Cross-ratings that would connect them" in flat
    assert "whom Manager" in flat
    zh = invoke("--lang", "zh", "raters", str(results))
    flat = "".join(zh.stdout.split())
    assert "彼此无法比较的组" in flat and "这2组评分人之间没有共同的被评人" in flat
    assert "第1组（6位评分人）" in flat and "可以把他们连起来的交叉评分" in flat


def test_managers_who_rate_only_their_own_reports_are_told_what_would_connect_them(
    invoke: Invoke, bundled: LevelModel, results: Path
) -> None:
    organisation(bundled, results, peers=0, reports=3)
    done = invoke("raters", str(results), "--json")
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data == {
        "raters": [],
        "groups": 0,
        "uncomparable": [{"role": "manager", "name": name, "reason": "alone"} for name in MANAGERS],
    }
    en = " ".join(invoke("--lang", "en", "raters", str(results)).stdout.split())
    assert (
        "each rater rated only their own people (as when each manager rates only their own reports)"
        in en
    )
    assert "rated 3 people whom no one else rated" in en
    # Five cross-ratings, one per manager, join all six to the first.
    assert en.count("whom Manager A (manager) rated") == 5
    assert "Manager B (manager) rates A1, whom Manager A (manager) rated" in en
    zh = "".join(invoke("--lang", "zh", "raters", str(results)).stdout.split())
    assert "每位评分人只评了自己的人（就像每位上级只评自己的下属）" in zh
    assert "请上级ManagerB也评一下上级ManagerA评过的A1" in zh


def test_one_person_rated_by_one_rater_has_no_offset_and_says_so(
    invoke: Invoke, bundled: LevelModel, results: Path
) -> None:
    ratings = {skill.id: 3 for skill in bundled.skills} | {"documentation": 4}
    write_rating(bundled, results, "Li Lei", "manager", "Han", ratings)
    data = run_json(invoke, str(results))
    assert data == {
        "raters": [],
        "groups": 0,
        "uncomparable": [{"role": "manager", "name": "Han", "reason": "only_rater"}],
    }
    en = " ".join(invoke("--lang", "en", "raters", str(results)).stdout.split())
    assert "the only rater of Li Lei" in en and "no offset" in en
    assert "1 person was rated by one rater only" in en
    zh = "".join(invoke("--lang", "zh", "raters", str(results)).stdout.split())
    assert "是LiLei唯一的评分人" in zh and "因此没有偏差" in zh


def test_ratings_that_cannot_be_told_apart_from_the_persons_level_are_not_a_number(
    invoke: Invoke, bundled: LevelModel, results: Path
) -> None:
    skills = [skill.id for skill in bundled.skills]
    # Two interviewers saw the same candidate, each on skills the other did not rate.
    write_rating(bundled, results, "Cand", "interviewer", "Wang", dict.fromkeys(skills[:5], 4))
    write_rating(bundled, results, "Cand", "interviewer", "Zhao", dict.fromkeys(skills[5:10], 2))
    data = run_json(invoke, str(results))
    assert data["raters"] == [] and data["groups"] == 0
    assert data["uncomparable"] == [
        {"role": "interviewer", "name": "Wang", "reason": "different_skills"},
        {"role": "interviewer", "name": "Zhao", "reason": "different_skills"},
    ]
    en = invoke("--lang", "en", "raters", str(results))
    flat = " ".join(en.stdout.split())
    assert "Zhao (interviewer) rated Cand too, but on other skills" in flat
    assert "cannot be told apart from Cand's own level on those skills" in flat
    assert "offset cannot be identified" in flat
    # Not "each rated only their own people": they rated the same person.
    assert "only their own people" not in flat
    assert "Zhao (interviewer) and Wang (interviewer) both rated Cand, on different skills" in flat
    assert not re.search(r"[+-]\d\.\d\d", en.stdout)  # no offset shown as a number
    zh = "".join(invoke("--lang", "zh", "raters", str(results)).stdout.split())
    assert "面试官Zhao也评了Cand，但评的是别的技能" in zh and "偏差无法识别" in zh
    assert "都评过Cand，但评的技能不同：请双方补评对方评过的技能" in zh


def test_a_rater_who_gives_every_skill_the_same_rating_is_flagged_uniform(
    invoke: Invoke, bundled: LevelModel, results: Path
) -> None:
    organisation(bundled, results, reports=4)
    for person in ("A1", "B1", "C1"):
        write_rating(
            bundled, results, person, "peer", "Straight", {s.id: 4 for s in bundled.skills}
        )
    data = run_json(invoke, str(results))
    flags = {(r["role"], r["name"]): r["flag"] for r in offsets_of(data)}
    assert flags[("peer", "Straight")] == "uniform"
    assert flags[("manager", "Manager F")] == "lenient"  # the others keep their flags
    en = " ".join(invoke("--lang", "en", "raters", str(results)).stdout.split())
    assert "Every rating the same: Straight (peer) gave each person they rated one rating" in en
    assert re.search(r"Straight peer 3 57 \+\d\.\d\d ±\d\.\d\d every rating the same", en)
    zh = "".join(invoke("--lang", "zh", "raters", str(results)).stdout.split())
    assert "所有评分都相同：同事Straight给每个被评人的每项技能都打了同一个分" in zh


# -- bad input --------------------------------------------------------------------------------


def test_files_from_other_models_are_skipped_and_listed(
    invoke: Invoke, bundled: LevelModel, small: LevelModel, org: Path, tmp_path: Path
) -> None:
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for path in sorted(org.glob("*.json"))[:30]:
        (mixed / path.name).write_bytes(path.read_bytes())
    for name in ("Ana", "Bo"):
        write_rating(
            small,
            mixed,
            name,
            "manager",
            "Manager A",
            {"discovery": 4, "delivery": 4, "influence": 4},
        )
    counted = load_raters(bundled, [mixed])  # only the current model's ratings count
    assert (counted.files, counted.ratings, len(counted.skipped)) == (32, 30 * 19, 2)
    assert {s.code for s in counted.skipped} == {"foreign_model"}
    done = invoke("--lang", "en", "raters", str(mixed), env=WIDE)
    assert done.exit_code == 0, done.output
    flat = " ".join(done.stdout.split())
    assert "files read: 30 " not in flat and "files read: 32 · skipped: 2" in flat
    assert "Skipped files (2)" in flat and "made with another model (Acme PM ladder" in flat
    # --json keeps to the reference's three keys; what was skipped is said on stderr.
    as_json = invoke("--lang", "en", "raters", str(mixed), "--json")
    assert set(json.loads(as_json.stdout)) == {"raters", "groups", "uncomparable"}
    assert as_json.stderr.count("made with another model") == 2
    assert "skipped " in as_json.stderr and "Ana-manager-Manager_A.json" in as_json.stderr
    zh = invoke("--lang", "zh", "raters", str(mixed), "--json")
    assert "已跳过" in zh.stderr


def test_older_agreed_and_unnamed_results_are_skipped_with_the_reason(
    invoke: Invoke, bundled: LevelModel, results: Path
) -> None:
    low = {s.id: 2 for s in bundled.skills} | {"documentation": 3}
    high = {s.id: 4 for s in bundled.skills} | {"documentation": 3}
    write_rating(bundled, results, "Li", "manager", "Han", low, days=0, file="old.json")
    write_rating(bundled, results, "Li", "manager", "han ", high, days=30, file="new.json")
    write_rating(bundled, results, "Li", "peer", "Jim", low, file="jim.json")
    write_rating(bundled, results, "Li", "agreed", None, low, file="agreed.json")
    write_rating(bundled, results, "Li", "peer", None, low, file="nameless.json")
    data = run_json(invoke, str(results))
    han = next(r for r in offsets_of(data) if r["name"] in ("Han", "han"))
    assert han["ratings"] == 19 and float(han["offset"]) > 0.9  # type: ignore[arg-type]
    en = " ".join(invoke("--lang", "en", "raters", str(results), env=WIDE).stdout.split())
    assert (
        f"an older result by the same rater for the same person ({results / 'new.json'} is newer)"
        in en
    )
    assert "an agreed result (the outcome of a check-in), not one rater's ratings" in en
    assert "names no rater (assess --rater-name NAME" in en
    zh = "".join(invoke("--lang", "zh", "raters", str(results)).stdout.split())
    assert "同一评分人对同一人的较早结果" in zh and "共识结果（沟通对齐的结论）" in zh


def test_nothing_to_fit_is_an_error_naming_the_files(
    invoke: Invoke, small: LevelModel, results: Path
) -> None:
    write_rating(
        small, results, "Ana", "manager", "Han", {"discovery": 1, "delivery": 1, "influence": 1}
    )
    (results / "broken.json").write_text("{", encoding="utf-8")
    out = results.parent / "out.csv"
    done = invoke("--lang", "en", "raters", str(results), "-o", str(out))
    assert done.exit_code == 2
    assert "(files found: 2; skipped: 2)" in done.stderr
    assert "not valid JSON" in done.stderr and "Traceback" not in done.output
    assert not out.exists()
    assert invoke("raters", str(results / "nowhere")).exit_code == 2


def test_an_unknown_output_format_is_refused_before_reading(invoke: Invoke, org: Path) -> None:
    done = invoke("--lang", "en", "raters", str(org), "-o", "offsets.pdf")
    assert done.exit_code == 2
    assert ".md, .html, .csv" in done.stderr


# -- files ------------------------------------------------------------------------------------


def test_markdown_and_html_hold_the_offsets(invoke: Invoke, org: Path, tmp_path: Path) -> None:
    md, html = tmp_path / "raters.md", tmp_path / "raters.html"
    assert invoke("--lang", "en", "raters", str(org), "-o", str(md)).exit_code == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Raters: who rates high, who rates low")
    assert re.search(
        r"\| Manager F \| manager \| 8 \| 152 \| \*\*\+1\.0\d\*\* \| ±0\.1\d \| lenient \|", text
    )
    assert invoke("--lang", "zh", "raters", str(org), "-o", str(html)).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert "<html" in page and "评分偏差" in page and "偏松" in page


def test_the_long_table_csv_and_the_readme_duckdb_query_reproduce_the_offsets(
    invoke: Invoke, org: Path, tmp_path: Path
) -> None:
    import duckdb  # in the test extras: the data tool a warehouse user would use

    out = tmp_path / "ratings.csv"
    done = invoke("raters", str(org), "--json", "-o", str(out))
    assert done.exit_code == 0, done.output
    ours = {(r["role"], r["name"]): r["offset"] for r in json.loads(done.stdout)["raters"]}
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, for Excel
    table = duckdb.sql(f"SELECT * FROM read_csv('{out}')")
    assert table.columns == ["person", "skill", "rater_role", "rater_name", "rating", "model"]
    assert duckdb.sql(f"SELECT count(*) FROM read_csv('{out}')").fetchall() == [(144 * 19,)]

    query = readme_query().replace("'ratings.csv'", f"'{out}'")
    rows = duckdb.sql(query).fetchall()
    found = {tuple(rater.split(" ", 1)): offset for rater, _group, offset in rows}
    assert set(found) == set(ours)
    for rater, offset in ours.items():
        assert found[rater] == pytest.approx(offset, abs=0.0015), rater


def readme_query() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, re.S)
    (query,) = [b for b in blocks if "pmlevel raters" in b]
    return query


def test_csv_cells_that_would_run_as_a_formula_stay_text(
    invoke: Invoke, bundled: LevelModel, results: Path
) -> None:
    ratings = {s.id: 3 for s in bundled.skills}
    write_rating(bundled, results, "=HYPERLINK(1)", "manager", "@evil", ratings, file="a.json")
    write_rating(bundled, results, "=HYPERLINK(1)", "peer", "李雷", ratings, file="b.json")
    out = results.parent / "ratings.csv"
    assert invoke("raters", str(results), "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'@evil" in text and "李雷" in text
    assert "\n=" not in text and ",=" not in text and ",@" not in text


# -- team --adjust-raters -----------------------------------------------------------------


def test_team_adjusted_for_rater_offsets_is_labelled_and_never_the_default(
    invoke: Invoke, org: Path
) -> None:
    plain = json.loads(invoke("team", str(org), "--json").stdout)
    adjusted = invoke("team", str(org), "--json", "--adjust-raters")
    assert adjusted.exit_code == 0, adjusted.output
    fixed = json.loads(adjusted.stdout)
    assert plain["adjusted"] is False and fixed["adjusted"] is True
    rank = {
        level: i for i, level in enumerate([None, "junior", "mid", "senior", "staff", "director"])
    }

    def levels(data: dict[str, object], manager: str) -> list[int]:
        members = data["members"]
        assert isinstance(members, list)
        return [rank[m["level"]] for m in members if m["manager"] == manager]

    # The severe manager's people move up once the offset is out; the lenient's down.
    assert sum(levels(fixed, "Manager A")) > sum(levels(plain, "Manager A"))
    assert sum(levels(fixed, "Manager F")) < sum(levels(plain, "Manager F"))
    f1 = next(m for m in fixed["members"] if m["subject"] == "F1")
    assert f1["offset"] == pytest.approx(1.0, abs=0.15) and f1["based_on"] == "manager"
    assert "offset" not in plain["members"][0]

    en = invoke("--lang", "en", "team", str(org), "--adjust-raters")
    assert "Team overview (adjusted for rater offsets)" in en.stdout
    assert "Team overview (adjusted" not in invoke("--lang", "en", "team", str(org)).stdout
    zh = invoke("--lang", "zh", "team", str(org), "--adjust-raters")
    assert "团队概览（已按评分人偏差校正）" in zh.stdout
    assert "已按评分人偏差校正：用来定级的那份结果中的每个评分" in "".join(zh.stdout.split())


def test_team_shows_how_many_of_each_managers_people_sit_at_each_level(
    invoke: Invoke, org: Path, tmp_path: Path
) -> None:
    data = json.loads(invoke("team", str(org), "--json").stdout)
    rows = {m["manager"]: m for m in data["managers"]}
    assert list(rows) == list(MANAGERS)
    assert all(m["people"] == 8 and sum(m["levels"].values()) == 8 for m in rows.values())
    en = invoke("--lang", "en", "team", str(org))
    assert "Levels by manager" in en.stdout
    header = next(line for line in en.stdout.splitlines() if "Manager " in line and "None" in line)
    assert "Junior" in header and "Director" in header
    a = rows["Manager A"]["levels"]
    line = next(line for line in en.stdout.splitlines() if line.strip().startswith("Manager A"))
    cells = [
        ("·" if n == 0 else str(n))
        for n in (a["none"], a["junior"], a["mid"], a["senior"], a["staff"], a["director"])
    ]
    assert line.split()[2:] == [*cells, "8"]
    zh = invoke("--lang", "zh", "team", str(org))
    assert "各上级名下的职级分布" in zh.stdout and "未达" in zh.stdout

    out = tmp_path / "team.csv"
    assert invoke("team", str(org), "--adjust-raters", "-o", str(out)).exit_code == 0
    header_line = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "points_to_next,rater_offset_removed," in header_line
    plain = tmp_path / "plain.csv"
    assert invoke("team", str(org), "-o", str(plain)).exit_code == 0
    assert "rater_offset_removed" not in plain.read_text(encoding="utf-8-sig")


# -- start-up -------------------------------------------------------------------------------------


def test_numpy_and_scipy_are_not_imported_at_start_up_nor_by_team(
    small: LevelModel, results: Path
) -> None:
    write_rating(small, results, "Ana", "manager", "Han", {"discovery": 1, "delivery": 2})
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from pmlevel.cli.app import app\n"
        "assert 'numpy' not in sys.modules, 'at start-up'\n"
        f"args = ['--model', {str(FIXTURES / 'small.yaml')!r}, 'team', {str(results)!r}]\n"
        "done = CliRunner().invoke(app, args)\n"
        "assert done.exit_code == 0, done.output\n"
        "assert 'numpy' not in sys.modules and 'scipy' not in sys.modules, 'team'\n"
        "assert CliRunner().invoke(app, [*args, '--adjust-raters']).exit_code == 0\n"
        "assert 'scipy' in sys.modules, 'team --adjust-raters fits the offsets'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_load_raters_is_the_library_call(bundled: LevelModel, org: Path) -> None:
    report = load_raters(bundled, [org])
    assert report.groups == 1 and report.people == 48 and report.ratings == 144 * 19
    assert report.offsets()[("manager", "manager f")] == pytest.approx(1.0, abs=0.15)
