"""How the commands that read the history scale with its size (docs/reference.md#history-at-scale).

    python bench/history_scale.py                          # 1k, 10k and 100k results, ~10 min
    python bench/history_scale.py --sizes 1000,10000 --pairs 5
    python bench/history_scale.py --src /tmp/before/src    # the same against another src/
    python bench/history_scale.py --json figures.json      # also the figures as JSON

For each size N it makes two data directories (``PMLEVEL_HOME``):

- **alone**: only the person the commands are about, Li Lei (three self-ratings and
  a manager's, the newest entries of the history);
- **crowded**: the same four entries plus N - 4 results of up to 1,000 other people
  (spread over the two years before), written in one transaction through the store
  API (``History.save_many``; an older src without it gets its rows through its own
  insert statement, still one transaction).

Every per-person command is then timed as pairs, alone and crowded alternately (who
goes first alternates too), and the figure is the ratio of the medians: a busy machine
slows both sides alike. Target : every ratio <= 1.3x at 100,000 results /
1,000 people. ``history -o all.csv`` must be linear with flat memory: its figures are
the time per entry and the peak RSS at each size (< 100 MiB). ``history --import`` and
``team`` over N result files are throughputs (>= 5,000 results/s, end to end).

Nothing beyond the venv is needed: the children are timed with ``os.wait4`` (wall
time, CPU time, peak RSS). ``--src`` puts another copy of ``src/`` first on
PYTHONPATH, for before/after tables (generation then uses that copy's store too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from run import (  # noqa: E402
    Run,
    bench_env,
    display,
    machine,
    machine_line,
    median,
    pmlevel_script,
)

SUBJECT = "Li Lei"
PEOPLE = 1000
NOW = dt.datetime.now().astimezone().replace(microsecond=0)


# -- making the histories ------------------------------------------------------------------


def generate(home: Path, size: int, crowded: bool) -> None:
    """Write the history of *home* (run in a child, with the src under test importable)."""
    from pmlevel.assess.result import Rater, build_result
    from pmlevel.model.loader import load_model
    from pmlevel.store import history as store

    model = load_model()
    points = list(model.scale.points)
    skills = [skill.id for skill in model.skills]

    def made(n: int, subject: str, role: str, when: dt.datetime) -> Any:
        ratings = {s: points[(n * 7 + i * 3) % len(points)] for i, s in enumerate(skills)}
        name = None if role == "self" else f"rater {n % 17}"
        return build_result(
            model,
            ratings,
            subject=subject,
            rater=Rater.model_validate({"role": role, "name": name}),
            assessed_at=when,
        )

    # Li Lei: three self-ratings and a manager's, the newest entries of all.
    own = [
        made(1, SUBJECT, "self", NOW - dt.timedelta(days=300)),
        made(2, SUBJECT, "manager", NOW - dt.timedelta(days=250)),
        made(3, SUBJECT, "self", NOW - dt.timedelta(days=200)),
        made(4, SUBJECT, "self", NOW - dt.timedelta(days=100)),
    ]
    others: list[Any] = []
    if crowded:
        # A few hundred distinct results, copied with another subject, date and rater:
        # building every one would take minutes, copying takes seconds.
        roles = ["self"] * 6 + ["manager", "manager", "peer", "agreed"]
        templates = [made(n, "x", roles[n % len(roles)], NOW) for n in range(200)]
        count = size - len(own)
        people = min(PEOPLE, max(1, count))
        span = 2 * 365 * 24 * 3600  # two years before Li Lei's first entry
        start = NOW - dt.timedelta(days=301) - dt.timedelta(seconds=span)
        for n in range(count):
            moment = start + dt.timedelta(seconds=(n * 7919) % span)
            template = templates[n % len(templates)]
            others.append(
                template.model_copy(
                    update={"subject": f"person {n % people:04d}", "assessed_at": moment}
                )
            )
    rows = others + own
    with store.History.open(home) as history:
        save_many = getattr(history, "save_many", None)
        if save_many is not None:
            save_many(rows)
            return
        conn = history._conn  # an older store: its own insert, in one transaction
        conn.execute("BEGIN IMMEDIATE")
        insert = store._INSERT_V2.format(table="results")
        conn.executemany(insert, (store._row(r) for r in rows))
        conn.execute("COMMIT")


def export_files(home: Path, directory: Path, env: dict[str, str], pmlevel: str) -> None:
    """The crowded history as result files (``history --export``), for team and import."""
    subprocess.run(
        [pmlevel, "history", "--export", str(directory)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# -- measuring ------------------------------------------------------------------------------


def run_once(argv: Sequence[str], env: dict[str, str], check: bool = True) -> Run:
    with Path(os.devnull).open("wb") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=null, stderr=null, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if check and code != 0:
        again = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        raise RuntimeError(f"{display(argv)} exited with {code}: {again.stderr.strip()[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class Figure:
    size: int
    name: str
    command: str
    alone_ms: float | None  # median wall time on the history holding only Li Lei
    crowded_ms: float  # median wall time on the crowded history
    ratio: float | None  # crowded / alone
    cpu_ratio: float | None
    maxrss_mb: float  # the largest peak RSS of the crowded runs
    per_entry_us: float | None = None
    rate: float | None = None  # results per second (import, team)
    runs: int = 0


def paired(
    name: str,
    size: int,
    argv: Sequence[str],
    alone: dict[str, str],
    crowded: dict[str, str],
    pairs: int,
) -> Figure:
    """*pairs* runs on each history, alternating; the ratio of the medians."""
    run_once(argv, alone)
    run_once(argv, crowded)
    a: list[Run] = []
    c: list[Run] = []
    for i in range(pairs):
        first, second = (alone, crowded) if i % 2 == 0 else (crowded, alone)
        one, two = run_once(argv, first), run_once(argv, second)
        (a if first is alone else c).append(one)
        (c if first is alone else a).append(two)
    wall_a, wall_c = median([r.wall for r in a]), median([r.wall for r in c])
    cpu_a, cpu_c = median([r.cpu for r in a]), median([r.cpu for r in c])
    return Figure(
        size,
        name,
        display(argv),
        round(wall_a * 1000, 1),
        round(wall_c * 1000, 1),
        round(wall_c / wall_a, 3),
        round(cpu_c / cpu_a, 3) if cpu_a else None,
        round(max(r.maxrss_mb for r in c), 1),
        runs=pairs,
    )


def single(
    name: str, size: int, argv: Sequence[str], env: dict[str, str], repeats: int, count: int
) -> Figure:
    """*repeats* runs on the crowded history: median wall, per entry, peak RSS."""
    runs = [run_once(argv, env) for _ in range(repeats)]
    wall = median([r.wall for r in runs])
    return Figure(
        size,
        name,
        display(argv),
        None,
        round(wall * 1000, 1),
        None,
        None,
        round(max(r.maxrss_mb for r in runs), 1),
        per_entry_us=round(wall / count * 1e6, 2),
        rate=round(count / wall),
        runs=repeats,
    )


def answers_file(path: Path) -> Path:
    from pmlevel.model.loader import load_model

    model = load_model()
    points = list(model.scale.points)
    ratings = {skill.id: points[len(points) // 2] for skill in model.skills}
    path.write_text(json.dumps({"ratings": ratings, "subject": SUBJECT}), encoding="utf-8")
    return path


def measure_size(
    size: int,
    work: Path,
    pmlevel: str,
    src: str | None,
    pairs: int,
    only: set[str],
    files_up_to: int,
) -> list[Figure]:
    def env_for(home: Path) -> dict[str, str]:
        env = bench_env(home)  # no PMLEVEL_* but its home: the reminder is on
        if src:
            env["PYTHONPATH"] = src
        return env

    homes = {}
    for kind in ("alone", "crowded"):
        home = work / f"{kind}-{size}"
        home.mkdir()
        env = env_for(home)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--generate", str(home), str(size), kind],
            env=env,
            check=True,
        )
        print(f"  {kind} history of {size:,}: {time.perf_counter() - started:.1f} s", flush=True)
        run_once([pmlevel, "levels"], env)  # the model cache, warm
        homes[kind] = env
    alone, crowded = homes["alone"], homes["crowded"]
    answers = answers_file(work / f"answers-{size}.json")
    figures: list[Figure] = []
    per_person = {
        "report": [pmlevel, "report"],
        "plan": [pmlevel, "plan", "--subject", SUBJECT],
        "progress": [pmlevel, "progress", "--subject", SUBJECT],
        "assess (one save)": [pmlevel, "assess", "--answers", str(answers)],
        "history --limit 50": [pmlevel, "history", "--limit", "50"],
    }
    for name, argv in per_person.items():
        if only and name.split()[0] not in only:
            continue
        figures.append(paired(name, size, argv, alone, crowded, pairs))
        print(f"  {figures[-1]}", flush=True)
    repeats = max(1, min(pairs, 3))
    streams = {
        "history": ("history", [pmlevel, "history"]),
        "history -o all.csv": ("csv", [pmlevel, "history", "-o", str(work / f"all-{size}.csv")]),
        "history --json": ("json", [pmlevel, "history", "--json"]),
    }
    for name, (word, argv) in streams.items():
        if only and word not in only:
            continue
        found = paired(name, size, argv, alone, crowded, repeats)
        # the time each entry adds: crowded minus alone (start-up, four entries), per entry
        assert found.alone_ms is not None
        found.per_entry_us = round((found.crowded_ms - found.alone_ms) * 1000 / size, 2)
        figures.append(found)
        print(f"  {figures[-1]}", flush=True)
    if size <= files_up_to and (not only or {"team", "import"} & only):
        files = work / f"files-{size}"
        export_files(work / f"crowded-{size}", files, crowded, pmlevel)
        if not only or "team" in only:
            argv = [pmlevel, "team", str(files)]
            figures.append(single("team DIR", size, argv, crowded, repeats, size))
            print(f"  {figures[-1]}", flush=True)
        if not only or "import" in only:
            target = work / f"import-{size}"
            figures.append(import_figure(size, files, target, env_for, pmlevel, repeats))
            print(f"  {figures[-1]}", flush=True)
    return figures


def import_figure(
    size: int, files: Path, target: Path, env_for: Any, pmlevel: str, repeats: int
) -> Figure:
    """``history --import DIR`` of the crowded history's files into an empty history."""
    runs = []
    for n in range(repeats):
        home = target / str(n)
        home.mkdir(parents=True)
        env = env_for(home)
        run_once([pmlevel, "levels"], env)
        runs.append(run_once([pmlevel, "history", "--import", str(files)], env))
    wall = median([r.wall for r in runs])
    argv = [pmlevel, "history", "--import", "DIR"]
    return Figure(
        size,
        "history --import DIR",
        display(argv),
        None,
        round(wall * 1000, 1),
        None,
        None,
        round(max(r.maxrss_mb for r in runs), 1),
        per_entry_us=round(wall / size * 1e6, 2),
        rate=round(size / wall),
        runs=repeats,
    )


# -- reporting ------------------------------------------------------------------------------


def table(figures: Sequence[Figure]) -> str:
    sizes = sorted({f.size for f in figures})
    names = list(dict.fromkeys(f.name for f in figures))
    head = "| figure | " + " | ".join(f"{s:,} results" for s in sizes) + " | target |"
    lines = [head, "|---|" + "---:|" * len(sizes) + "---|"]
    targets = {
        "history": "linear (the whole table, drawn)",
        "history -o all.csv": "linear, < 100 MiB",
        "history --json": "linear, flat memory",
        "team DIR": ">= 5,000/s",
        "history --import DIR": ">= 5,000/s",
    }
    for name in names:
        cells = []
        for size in sizes:
            found = next((f for f in figures if f.name == name and f.size == size), None)
            if found is None:
                cells.append("—")
            elif found.per_entry_us is not None and found.ratio is not None:
                cells.append(
                    f"{found.crowded_ms / 1000:.2f} s, +{found.per_entry_us:.0f} µs/entry, "
                    f"{found.maxrss_mb:.0f} MiB"
                )
            elif found.ratio is not None:
                cells.append(
                    f"{found.ratio:.2f}× (CPU {found.cpu_ratio:.2f}×; "
                    f"{found.alone_ms:.0f} → {found.crowded_ms:.0f} ms, {found.maxrss_mb:.0f} MiB)"
                )
            else:
                cells.append(f"{found.rate:,.0f}/s, {found.maxrss_mb:.0f} MiB")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {targets.get(name, '≤ 1.3×')} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--pairs", type=int, default=7, help="pairs per per-person figure")
    parser.add_argument("--src", help="another copy of src/ to benchmark (PYTHONPATH)")
    parser.add_argument(
        "--only", default="", help="report,plan,progress,assess,history,csv,json,team,import"
    )
    parser.add_argument(
        "--files-up-to",
        type=int,
        default=10_000,
        help="team and --import only up to this size (each result is a file to write)",
    )
    parser.add_argument("--json", dest="json_out", help="write the figures as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    parser.add_argument(
        "--generate", nargs=3, metavar=("HOME", "SIZE", "KIND"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.generate:
        home, size, kind = args.generate
        generate(Path(home), int(size), kind == "crowded")
        return 0
    pmlevel = pmlevel_script()
    src = str(Path(args.src).resolve()) if args.src else None
    only = {word.strip() for word in args.only.split(",") if word.strip()}
    work = Path(tempfile.mkdtemp(prefix="pmlevel-history-bench-"))
    started = dt.datetime.now(dt.UTC)
    figures: list[Figure] = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            print(f"{size:,} results:", flush=True)
            figures += measure_size(size, work, pmlevel, src, args.pairs, only, args.files_up_to)
    finally:
        if args.keep:
            print(f"data kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    where = machine()
    print()
    print(f"{started:%Y-%m-%d %H:%M} UTC; {machine_line(where)}")
    print(f"src: {src or 'installed'}; {args.pairs} pairs per ratio")
    print(table(figures))
    if args.json_out:
        data = {"started": started.isoformat(), "machine": where, "src": src}
        data["figures"] = [asdict(f) for f in figures]
        Path(args.json_out).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
