"""Time ``evidence list`` and ``assess`` with 10,000 pieces of evidence in the history,
each against the same command on an empty history (docs/reference.md#evidence).

    python bench/evidence.py                   # 10,000 pieces, 15 pairs each
    python bench/evidence.py --pieces 20000 --pairs 9

Two data directories (``PMLEVEL_HOME``), both with the model cache warm:

- **empty**: a history with no evidence;
- **full**: *pieces* pieces of evidence, all about the person the answers file names
  (the worst case for ``assess``, which reads that person's evidence for every skill),
  each backing one to three skills, dated over the year before, one in five verified;
  written in one transaction.

Each command runs in a subprocess with stdout to /dev/null, empty and full alternately
(who goes first alternates too); the figure is the ratio of the medians, so a busy
machine slows both sides alike. Target: every ratio <= 1.3x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Run, bench_env, machine, machine_line, pmlevel_script, run_once, write_answers

TARGET = 1.3


def fill(home: Path, pieces: int, subject: str) -> None:
    """*pieces* pieces of evidence about *subject*, written in one transaction."""
    from pmlevel.assess.people import person_key
    from pmlevel.model.loader import load_model
    from pmlevel.store.history import History

    skills = [skill.id for skill in load_model().skills]
    today = dt.date.today()
    key = person_key(subject)
    with History.open(home) as history:
        conn = history._conn  # one transaction for all: the bench's set-up, not a command
        conn.execute("BEGIN IMMEDIATE")
        for n in range(pieces):
            day = (today - dt.timedelta(days=n % 365)).isoformat()
            verified = ("Han Mei", today.isoformat()) if n % 5 == 0 else (None, None)
            cursor = conn.execute(
                "INSERT INTO evidence (subject, subject_key, day, text, link, verified_by, "
                "verified_at, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (subject, key, day, f"Piece {n}: shipped a thing that moved a metric", None,
                 *verified, today.isoformat()),
            )  # fmt: skip
            backs = {skills[(n * 7 + i * 5) % len(skills)] for i in range(1 + n % 3)}
            conn.executemany(
                "INSERT INTO evidence_skills (evidence_id, subject_key, skill, day) "
                "VALUES (?, ?, ?, ?)",
                [(cursor.lastrowid, key, skill, day) for skill in backs],
            )
        conn.execute("COMMIT")


def paired(argv: list[str], empty: dict[str, str], full: dict[str, str], pairs: int) -> dict:
    run_once(argv, empty)
    run_once(argv, full)
    a: list[Run] = []
    b: list[Run] = []
    for i in range(pairs):
        if i % 2:
            b.append(run_once(argv, full))
            a.append(run_once(argv, empty))
        else:
            a.append(run_once(argv, empty))
            b.append(run_once(argv, full))
    wall_a = statistics.median(r.wall for r in a)
    wall_b = statistics.median(r.wall for r in b)
    return {
        "empty_ms": round(wall_a * 1000, 1),
        "full_ms": round(wall_b * 1000, 1),
        "ratio": round(wall_b / wall_a, 3),
        "full_rss_mb": round(max(r.maxrss_mb for r in b), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pieces", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=15)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    options = parser.parse_args()
    pmlevel = pmlevel_script()
    with tempfile.TemporaryDirectory(prefix="pmlevel-evidence-") as work:
        root = Path(work)
        answers = root / "answers.json"
        write_answers(answers)
        subject = json.loads(answers.read_text(encoding="utf-8"))["subject"]
        homes = {name: root / name for name in ("empty", "full")}
        for home in homes.values():
            home.mkdir()
            env = bench_env(home)
            run_once([pmlevel, "evidence", "list"], env)  # the history made, the cache warm
        fill(homes["full"], options.pieces, subject)
        empty, full = bench_env(homes["empty"]), bench_env(homes["full"])
        commands = {
            "evidence list --json": [pmlevel, "evidence", "list", "--json"],
            "evidence list --skill data-analysis --json": [
                pmlevel, "evidence", "list", "--skill", "data-analysis", "--json"
            ],
            "assess --answers F --json --no-save": [
                pmlevel, "assess", "--answers", str(answers), "--json", "--no-save"
            ],
            "assess --answers F --no-save (screen, evidence shown)": [
                pmlevel, "assess", "--answers", str(answers), "--no-save"
            ],
        }  # fmt: skip
        figures = {}
        print(machine_line(machine()))
        print(f"{options.pieces} pieces of evidence, {options.pairs} pairs per command")
        print(f"{'command':58} {'empty':>9} {'full':>9} {'ratio':>7}  ok")
        for name, argv in commands.items():
            found = paired(argv, empty, full, options.pairs)
            figures[name] = found
            ok = "yes" if found["ratio"] <= TARGET else "NO"
            print(
                f"{name:58} {found['empty_ms']:>7.1f}ms {found['full_ms']:>7.1f}ms "
                f"{found['ratio']:>6.2f}x  {ok}"
            )
    if options.json is not None:
        options.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if all(f["ratio"] <= TARGET for f in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
