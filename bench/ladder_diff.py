"""Time ``pmlevel diff OLD NEW --results DIR`` and ``--history`` on 10,000 people
(docs/reference.md#ladder-versions).

    python bench/ladder_diff.py                    # 10,000 results, 5 runs each
    python bench/ladder_diff.py --people 20000 --runs 3
    python bench/ladder_diff.py --keep /tmp/diff   # keep (or reuse) the generated files there

OLD is the bundled ladder, NEW its revision from ``tests/helpers_ladder.py`` (a skill
removed, one added, a rename, a heavier skill with a higher bar, reworded anchors). The
people: *people* result files of random ratings made with OLD, one per person
(``bench/run.py``'s ``write_team``), and the same results saved in a history.

Measured, each in a subprocess with stdout to /dev/null, interleaved run by run with
``pmlevel team DIR`` over the same files (the baseline: reading and estimating once with
one model): ``diff OLD NEW --results DIR --json`` and ``diff OLD NEW --history --json``,
median wall and CPU time and peak RSS. Target: ``--results`` under 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from run import bench_env, machine, machine_line, pmlevel_script, run_once, write_team

TARGET = 5.0


def prepare(directory: Path, people: int) -> tuple[Path, Path, Path]:
    """The revised ladder, the result files and a history holding the same results."""
    from helpers_ladder import revised_bundled
    from pmlevel.assess.result import parse_result_json
    from pmlevel.store.history import History

    directory.mkdir(parents=True, exist_ok=True)
    new = revised_bundled(directory)
    results = directory / "results"
    home = directory / "home"
    if not results.is_dir() or len(list(results.glob("*.json"))) != people:
        shutil.rmtree(results, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)
        write_team(results, people)
    if not (home / "history.sqlite3").exists():
        home.mkdir(parents=True, exist_ok=True)
        day = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
        with History.open(home) as history:
            history.save_many(
                parse_result_json(path.read_bytes()).model_copy(update={"assessed_at": day})
                for path in sorted(results.glob("*.json"))
            )
    return new, results, home


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args(argv)

    from pmlevel.model.loader import bundled_model_path

    work = args.keep or Path(tempfile.mkdtemp(prefix="pmlevel-diff-"))
    new, results, home = prepare(work, args.people)
    pmlevel = pmlevel_script()
    old = str(bundled_model_path())
    env = bench_env(home)
    commands = {
        "team DIR (baseline)": [pmlevel, "team", str(results), "--json"],
        "diff OLD NEW --results DIR": [
            pmlevel,
            "diff",
            old,
            str(new),
            "--results",
            str(results),
            "--json",
        ],
        "diff OLD NEW --history": [pmlevel, "diff", old, str(new), "--history", "--json"],
    }
    for argv_ in commands.values():  # warm the model cache and the bytecode
        run_once(argv_, env)
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):  # interleaved: a busy machine slows every command alike
        for name, argv_ in commands.items():
            run = run_once(argv_, env)
            runs[name].append((run.wall, run.cpu, run.maxrss_mb))

    print(f"pmlevel diff on {args.people:,} people; {args.runs} runs each, interleaved")
    print(machine_line(machine()))
    base = statistics.median(r[0] for r in runs["team DIR (baseline)"])
    ok = True
    for name, measured in runs.items():
        wall = statistics.median(r[0] for r in measured)
        cpu = statistics.median(r[1] for r in measured)
        rss = max(r[2] for r in measured)
        line = (
            f"  {name:<30} {wall:6.2f} s wall  {cpu:6.2f} s CPU  {rss:6.1f} MB"
            f"  {wall / base:4.2f}× team"
        )
        if "--results" in name:
            ok = wall < TARGET
            line += f"  (target < {TARGET:.0f} s: {'yes' if ok else 'NO'})"
        print(line)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
