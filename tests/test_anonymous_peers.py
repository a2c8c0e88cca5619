"""``merge --anonymous-peers`` and ``case --anonymous-peers`` (docs/reference.md#the-estimate): the
peers as one
column "peers (n)" with their mean per skill and their notes without names, in shuffled
order; refused (exit 2) with fewer than ``--min-peers`` (default 3) peers."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest

from conftest import Invoke
from pmlevel.assess.result import Rater, Result, build_result
from pmlevel.company.case import build_case
from pmlevel.errors import UsageError
from pmlevel.growth.merge import merge_results
from pmlevel.growth.others import peer_skills
from pmlevel.model.ladder import LevelModel

DAY = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
PEERS = ("Jimbo Quixley", "Annika Voldt", "Bozhou Tsering")  # names found nowhere else
NOTES = ("ran the cross-team retro", "rarely steps in to coordinate", "带新人做过两次复盘")


def rated(
    model: LevelModel,
    role: str,
    name: str | None,
    base: int,
    *,
    days: int = 0,
    notes: dict[str, str] | None = None,
    unseen: tuple[str, ...] = (),
    **overrides: int,
) -> Result:
    ratings = {s.id: base for s in model.skills if s.id not in unseen}
    ratings.update({key.replace("_", "-"): value for key, value in overrides.items()})
    return build_result(
        model,
        ratings,
        notes=notes,
        subject="Li Lei",
        rater=Rater.model_validate({"role": role, "name": name}),
        assessed_at=DAY + dt.timedelta(days=days),
    )


def team(model: LevelModel, peers: int = 3) -> list[Result]:
    """Li Lei, her manager, and *peers* peers with a note each on leadership; the third
    peer could not observe documentation."""
    out = [
        rated(model, "self", "Li Lei", 4),
        rated(model, "manager", "Han", 3, notes={"leadership": "leads the weekly review"}),
    ]
    for index in range(peers):
        out.append(
            rated(
                model,
                "peer",
                PEERS[index % 3] + ("" if index < 3 else f" {index}"),
                2 + index % 3,
                notes={"leadership": NOTES[index % 3]},
                unseen=("documentation",) if index == 2 else (),
                leadership=5 - index % 3,
            )
        )
    return out


def save(folder: Path, results: list[Result]) -> list[str]:
    paths = []
    for index, result in enumerate(results):
        who = (result.rater.name or result.rater.role).split()[0].lower()
        path = folder / f"{who}-{index}.json"  # file names that would give a peer away
        path.write_text(result.to_json(), encoding="utf-8")
        paths.append(str(path))
    return paths


def leaks(text: str, files: list[str]) -> list[str]:
    """Whatever in *text* names a peer: their names or their files."""
    found = [name for name in PEERS if name in text or name.split()[0] in text]
    return found + [Path(f).name for f in files[2:] if Path(f).name in text]


# -- merge -----------------------------------------------------------------------------


def test_the_peers_become_one_group_of_means(bundled: LevelModel) -> None:
    results = team(bundled)
    merged = merge_results(
        bundled, [(f"{i}.json", r) for i, r in enumerate(results)], anonymous_peers=True
    )
    assert [r.role for r in merged.raters] == ["self", "manager"]
    assert merged.peers == 3 and merged.others_count == 4
    rows = {row.skill: row for row in merged.skills}
    leadership = rows["leadership"].peers
    assert leadership is not None
    assert leadership.mean == pytest.approx((5 + 4 + 3) / 3) and leadership.rated == 3
    assert sorted(leadership.notes) == sorted(NOTES)
    documentation = rows["documentation"].peers
    assert documentation is not None and (documentation.mean, documentation.rated) == (2.5, 2)
    assert len(rows["leadership"].ratings) == 2  # self and manager only
    # Anonymity changes what is shown, not what is estimated.
    named = merge_results(bundled, [(f"{i}.json", r) for i, r in enumerate(results)])
    assert merged.others_estimate == named.others_estimate
    assert merged.others_range == named.others_range
    assert [row.agreement for row in merged.skills] == [row.agreement for row in named.skills]


def test_the_notes_are_shuffled(bundled: LevelModel) -> None:
    peers = [({"leadership": 3}, {"leadership": f"note {i}"}) for i in range(6)]
    reverse = peer_skills(bundled, peers, shuffle=list.reverse)
    assert reverse["leadership"].notes == tuple(f"note {i}" for i in reversed(range(6)))
    orders = {peer_skills(bundled, peers)["leadership"].notes for _ in range(20)}
    assert len(orders) > 1  # drawn afresh: the same order 20 times is 1 in 720^19
    assert {frozenset(order) for order in orders} == {frozenset(f"note {i}" for i in range(6))}


def test_merge_json_names_no_peer(invoke: Invoke, tmp_path: Path, bundled: LevelModel) -> None:
    files = save(tmp_path, team(bundled))
    done = invoke("merge", *files, "--anonymous-peers", "--json")
    assert done.exit_code == 0, done.output
    assert leaks(done.stdout, files) == []
    data = json.loads(done.stdout)
    assert data["anonymous_peers"] is True
    assert data["raters"][-1] == {"role": "peer", "name": None, "anonymous": True, "count": 3}
    leadership = next(s for s in data["skills"] if s["skill"] == "leadership")
    peers = leadership["ratings"][-1]
    assert {k: peers[k] for k in ("role", "name", "rating", "count")} == {
        "role": "peer",
        "name": None,
        "rating": 4.0,
        "count": 3,
    }
    assert sorted(peers["notes"]) == sorted(NOTES)
    assert leadership["raters"] == 5  # the count still counts every peer
    named = json.loads(invoke("merge", *files, "--json").stdout)
    assert named["anonymous_peers"] is False and "Jimbo Quixley" in json.dumps(named)


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        (
            "en",
            [
                "peers (3)",
                "3 peers, anonymous: only their mean ratings and unnamed notes",
                "Peers' notes (anonymous, in random order)",
                "2.5 (2/3)",
                *NOTES,
            ],
        ),
        (
            "zh",
            [
                "同事（3 人）",
                "同事 3 人，匿名：只显示平均分和不署名的依据",
                "同事的依据（匿名，顺序随机）",
                "2.5 (2/3)",
                *NOTES,
            ],
        ),
    ],
)
def test_merge_screen_and_files_show_peers_as_one_column(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel, lang: str, shown: list[str]
) -> None:
    files = save(tmp_path, team(bundled))
    screen = invoke("--lang", lang, "merge", *files, "--anonymous-peers", env={"COLUMNS": "200"})
    assert screen.exit_code == 0, screen.output
    texts = [screen.stdout]
    for suffix in ("md", "html"):
        page = tmp_path / f"merge.{suffix}"
        done = invoke("--lang", lang, "merge", *files, "--anonymous-peers", "-o", str(page))
        assert done.exit_code == 0, done.output
        texts.append(html.unescape(page.read_text(encoding="utf-8")))
    for text in texts:
        for words in shown:
            assert words in text
        assert leaks(text, files) == []
        assert "Han" in text  # the manager by name; the peers by none (leaks above)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "Only 2 peer(s) rated, fewer than the 3 that --min-peers asks for"),
        ("zh", "只有 2 位同事评了分，少于 --min-peers 要求的 3 位"),
    ],
)
def test_too_few_peers_are_refused(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel, lang: str, words: str
) -> None:
    files = save(tmp_path, team(bundled, peers=2))
    for command in ("merge", "case"):
        page = tmp_path / f"{command}.html"
        done = invoke("--lang", lang, command, *files, "--anonymous-peers", "-o", str(page))
        assert done.exit_code == 2, done.output
        assert words in done.stderr and "Traceback" not in done.output
        assert not page.exists()  # nothing half-written, nothing written
        assert done.stdout == ""
    fewer = invoke("merge", *files, "--anonymous-peers", "--min-peers", "2", "--json")
    assert fewer.exit_code == 0, fewer.output
    assert json.loads(fewer.stdout)["raters"][-1]["count"] == 2
    with pytest.raises(UsageError) as refused:
        merge_results(bundled, [("x", r) for r in team(bundled, peers=0)], anonymous_peers=True)
    assert refused.value.message == "anonymous_too_few_peers"


@pytest.mark.parametrize(
    ("lang", "low", "alone"),
    [
        (
            "en",
            "--min-peers 1 is too low: at least 2 peers are needed",
            "--min-peers works with --anonymous-peers only",
        ),
        (
            "zh",
            "--min-peers 1 太小：至少要 2 位同事",
            "--min-peers 只和 --anonymous-peers 一起使用",
        ),
    ],
)
def test_bad_min_peers_are_refused_before_any_file_is_read(
    invoke: Invoke, lang: str, low: str, alone: str
) -> None:
    for command in ("merge", "case"):
        done = invoke("--lang", lang, command, "a.json", "b.json", "--anonymous-peers",
                      "--min-peers", "1")  # fmt: skip
        assert done.exit_code == 2 and low in done.stderr, done.output
        done = invoke("--lang", lang, command, "a.json", "b.json", "--min-peers", "3")
        assert done.exit_code == 2 and alone in done.stderr, done.output


def test_older_results_of_a_peer_are_left_out_without_naming_a_file(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel
) -> None:
    results = team(bundled)
    results.append(rated(bundled, "peer", PEERS[0], 1, days=-3))  # Jim's older rating
    files = save(tmp_path, results)
    done = invoke("--lang", "en", "merge", *files, "--anonymous-peers", env={"COLUMNS": "200"})
    assert done.exit_code == 0, done.output
    assert "1 older result(s) of the same peers left out" in done.stdout
    assert leaks(done.stdout, files) == []
    data = json.loads(invoke("merge", *files, "--anonymous-peers", "--json").stdout)
    assert data["left_out"] == [] and data["peers_left_out"] == 1
    assert leaks(json.dumps(data, ensure_ascii=False), files) == []


# -- case ------------------------------------------------------------------------------


def test_case_shows_the_peers_as_one_group(bundled: LevelModel) -> None:
    results = [(f"{i}.json", r) for i, r in enumerate(team(bundled))]
    case = build_case(bundled, results, target="senior", anonymous_peers=True)
    assert [r.role for r in case.raters] == ["self", "manager"]
    assert case.peers is not None and case.peers.count == 3
    named = build_case(bundled, results, target="senior")
    assert [i.decided for i in case.items] == [i.decided for i in named.items]  # same verdict
    data = case.to_json()
    assert data["raters"][-1]["anonymous"] is True and data["raters"][-1]["count"] == 3
    assert "source" not in data["raters"][-1] and "assessed_at" not in data["raters"][-1]
    leadership = next(i for i in data["items"] if i["skill"] == "leadership")
    assert leadership["ratings"][-1]["rating"] == 4.0
    assert sorted(leadership["ratings"][-1]["notes"]) == sorted(NOTES)
    assert leaks(json.dumps(data, ensure_ascii=False), [r[0] for r in results]) == []
    # Rated by peers alone, the case is still the person's, and the merge too.
    peers_only = results[2:]
    alone = build_case(bundled, peers_only, target="senior", anonymous_peers=True)
    assert alone.subject == "Li Lei" and alone.raters == () and alone.basis == "others"
    merged = merge_results(bundled, peers_only, anonymous_peers=True)
    assert merged.subject == "Li Lei" and merged.raters == () and merged.peers == 3


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", ["peers (3)", "a peer (anonymous): ", "manager · Han: ", *NOTES]),
        ("zh", ["同事（3 人）", "同事（匿名）：", "上级 · Han：", *NOTES]),
    ],
)
def test_case_screen_and_files_name_no_peer(
    invoke: Invoke, tmp_path: Path, bundled: LevelModel, lang: str, shown: list[str]
) -> None:
    files = save(tmp_path, team(bundled))
    args = ("--lang", lang, "case", *files, "--to", "senior", "--anonymous-peers")
    screen = invoke(*args, env={"COLUMNS": "200"})
    assert screen.exit_code == 0, screen.output
    texts = [screen.stdout]
    for suffix in ("md", "html"):
        page = tmp_path / f"case.{suffix}"
        assert invoke(*args, "-o", str(page)).exit_code == 0
        texts.append(html.unescape(re.sub("<[^>]+>", "", page.read_text(encoding="utf-8"))))
    for text in texts:
        for words in shown:
            assert words in text
        assert leaks(text, files) == []
    data = json.loads(invoke(*args, "--json").stdout)
    assert data["anonymous_peers"] is True
