"""Run pmlevel's benchmark suite; print each figure against its baseline (docs/reference.md#speed).

    python bench/run.py            # everything, about a minute
    python bench/run.py --quick    # fewer repetitions, for a smoke check
    python bench/run.py --json out.json   # also write the figures as JSON ("-" for stdout)

Start-up figures are ratios of medians over the framework floor (``bench/floor_app.py``),
measured pair by pair in the same run: floor, ours, floor, ours... so that a busy
machine slows both sides alike. Throughput figures are absolute and shown against
their target. Commands that do not exist yet (``assess --answers``, ``team``) are
detected and skipped with a note.

Every subprocess runs with a fixed, pre-warmed ``PMLEVEL_HOME`` (so the model cache
is warm), ``COLUMNS=80``, ``PMLEVEL_LANG=en`` and stdout to ``/dev/null``. The
harness is plain Python (``--hyperfine`` uses hyperfine instead, when it is on PATH).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
FLOOR_APP = BENCH / "floor_app.py"
TEAM_SIZE = 10_000

# The floor is started the way a console script starts pmlevel: a tiny launcher that
# imports an already compiled module (so neither side pays for compiling its main file).
FLOOR = [
    sys.executable,
    "-c",
    f"import sys; sys.path.insert(0, {str(BENCH)!r}); import floor_app; floor_app.app()",
]


# -- measuring ------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    maxrss_mb: float  # peak resident set of the child


@dataclass
class Figure:
    name: str
    command: str
    value: float
    unit: str
    baseline: float | None
    baseline_name: str
    ratio: float
    target: str
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)


def run_once(argv: Sequence[str], env: dict[str, str]) -> Run:
    """One run of *argv*, stdout and stderr to /dev/null; its wall time, CPU time and peak RSS."""
    with Path(os.devnull).open("wb") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=null, stderr=null, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        again = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        raise RuntimeError(
            f"{shlex.join(argv)} exited with {proc.returncode}: {again.stderr.strip()[-2000:]}"
        )
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def interleaved(
    base: Sequence[str], ours: Sequence[str], env: dict[str, str], pairs: int, warmup: int = 2
) -> tuple[list[Run], list[Run]]:
    """*pairs* runs of each, alternating base and ours (which one goes first alternates too)."""
    for _ in range(warmup):
        run_once(base, env)
        run_once(ours, env)
    base_runs: list[Run] = []
    our_runs: list[Run] = []
    for i in range(pairs):
        if i % 2:
            our_runs.append(run_once(ours, env))
            base_runs.append(run_once(base, env))
        else:
            base_runs.append(run_once(base, env))
            our_runs.append(run_once(ours, env))
    return base_runs, our_runs


def interleaved_hyperfine(
    base: Sequence[str], ours: Sequence[str], env: dict[str, str], pairs: int, workdir: Path
) -> tuple[list[Run], list[Run]]:
    """The same pairs through hyperfine, in rounds of a few runs each (wall times only)."""
    export = workdir / "hyperfine.json"
    rounds = max(1, pairs // 5)
    base_runs: list[Run] = []
    our_runs: list[Run] = []
    for _ in range(rounds):
        subprocess.run(
            [
                "hyperfine",
                "--style=none",
                "--warmup=1",
                f"--runs={max(1, pairs // rounds)}",
                "--shell=none",
                "--output=null",
                f"--export-json={export}",
                shlex.join(base),
                shlex.join(ours),
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        results = json.loads(export.read_text())["results"]
        for runs, result in ((base_runs, results[0]), (our_runs, results[1])):
            runs += [Run(t, float("nan"), float("nan")) for t in result["times"]]
    return base_runs, our_runs


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def quartiles(values: Sequence[float]) -> tuple[float, float]:
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return q[0], q[2]


# -- the set-up -----------------------------------------------------------------------------


def pmlevel_script() -> str:
    beside = Path(sys.executable).with_name("pmlevel")
    found = str(beside) if beside.is_file() else shutil.which("pmlevel")
    if found is None:
        sys.exit("pmlevel is not installed in this environment: activate the venv first")
    return found


def bench_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "PMLEVEL_")) and k not in {"NO_COLOR", "FORCE_COLOR"}
    }
    env.update(PMLEVEL_HOME=str(home), COLUMNS="80", LINES="40", PMLEVEL_LANG="en")
    return env


def has_command(pmlevel: str, name: str, env: dict[str, str], *options: str) -> str | None:
    """None when ``pmlevel NAME`` exists with *options*, else why it is skipped."""
    proc = subprocess.run(
        [pmlevel, name, "--help"], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        return f"`pmlevel {name}` does not exist yet"
    missing = [opt for opt in options if opt not in proc.stdout]
    if missing:
        return f"`pmlevel {name}` has no {', '.join(missing)} yet"
    return None


def write_answers(path: Path) -> None:
    """A full answers file for the bundled model: a mid-career mix of ratings."""
    from pmlevel.model.loader import load_model

    model = load_model()
    rng = random.Random(6)
    points = list(model.scale.points)
    ratings = {skill.id: rng.choice(points[1:-1] or points) for skill in model.skills}
    path.write_text(json.dumps({"ratings": ratings, "subject": "bench"}), encoding="utf-8")


def write_team(directory: Path, count: int) -> None:
    """*count* result files of random people against the bundled model."""
    from pmlevel.assess.result import build_result
    from pmlevel.model.loader import load_model

    model = load_model()
    rng = random.Random(10_000)
    points = list(model.scale.points)
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        ratings = {skill.id: rng.choice(points) for skill in model.skills}
        result = build_result(model, ratings, subject=f"person-{i}")
        (directory / f"person-{i:05d}.json").write_text(result.to_json(), encoding="utf-8")


# -- the figures ----------------------------------------------------------------------------


def startup_figure(
    name: str,
    ours: list[str],
    base: list[str],
    base_name: str,
    limit: float,
    env: dict[str, str],
    pairs: int,
    use_hyperfine: bool,
    workdir: Path,
) -> Figure:
    if use_hyperfine:
        base_runs, our_runs = interleaved_hyperfine(base, ours, env, pairs, workdir)
    else:
        base_runs, our_runs = interleaved(base, ours, env, pairs)
    ours_ms = median([r.wall for r in our_runs]) * 1000
    base_ms = median([r.wall for r in base_runs]) * 1000
    ratio = ours_ms / base_ms
    detail: dict[str, Any] = {
        "pairs": len(our_runs),
        "ours_min_ms": round(min(r.wall for r in our_runs) * 1000, 1),
        "baseline_min_ms": round(min(r.wall for r in base_runs) * 1000, 1),
    }
    if not use_hyperfine:  # hyperfine runs each side in a block: no adjacent pairs
        pair_ratios = [o.wall / b.wall for o, b in zip(our_runs, base_runs, strict=True)]
        lo, hi = quartiles(pair_ratios)
        detail["pair_ratio_iqr"] = [round(lo, 3), round(hi, 3)]
        detail["cpu_ratio"] = round(
            median([r.cpu for r in our_runs]) / median([r.cpu for r in base_runs]), 3
        )
        detail["ours_maxrss_mb"] = round(median([r.maxrss_mb for r in our_runs]), 1)
        detail["baseline_maxrss_mb"] = round(median([r.maxrss_mb for r in base_runs]), 1)
    return Figure(
        name=name,
        command=display(ours),
        value=round(ours_ms, 1),
        unit="ms",
        baseline=round(base_ms, 1),
        baseline_name=base_name,
        ratio=round(ratio, 3),
        target=f"<= {limit:.2f}x",
        ok=ratio <= limit,
        detail=detail,
    )


def throughput(call: Callable[[Any], object], inputs: Sequence[Any], repeats: int) -> list[float]:
    """Calls per second over *inputs*, once per repeat (after one untimed pass)."""
    for item in inputs:
        call(item)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for item in inputs:
            call(item)
        rates.append(len(inputs) / (time.perf_counter() - start))
    return rates


def estimate_figures(repeats: int) -> list[Figure]:
    from pmlevel.assess.estimate import compile_model, estimate
    from pmlevel.model.loader import load_model

    model = load_model()
    est = compile_model(model)
    rng = random.Random(100_000)
    points = list(model.scale.points)
    people = [{skill.id: rng.choice(points) for skill in model.skills} for _ in range(20_000)]
    vectors = [est.vector(ratings) for ratings in people]
    target = 100_000
    figures = []
    for name, call, inputs in (
        ("estimate: Estimator.estimate(vector)", est.estimate, vectors),
        ("estimate: estimate(model, ratings)", lambda r: estimate(model, r), people),
    ):
        rates = throughput(call, inputs, repeats)
        rate = median(rates)
        figures.append(
            Figure(
                name=name,
                command="in process, bundled model, 20,000 random people",
                value=round(rate),
                unit="/s",
                baseline=target,
                baseline_name="target",
                ratio=round(rate / target, 3),
                target=f">= {target:,}/s",
                ok=rate >= target,
                detail={"repeats": repeats, "rates": [round(r) for r in rates]},
            )
        )
    return figures


def stability_figure() -> Figure | None:
    """The stability figure of one result (docs/reference.md#the-estimate: 1,000 draws), in process
    on the
    bundled model: the median and the slowest over 200 random people. None when the
    pmlevel benchmarked has no stability yet (an older src/ given with --src)."""
    from pmlevel.assess import estimate as module
    from pmlevel.model.loader import load_model

    stability = getattr(module, "stability", None)
    if stability is None:
        return None
    model = load_model()
    rng = random.Random(200)
    points = list(model.scale.points)
    people = [{skill.id: rng.choice(points) for skill in model.skills} for _ in range(200)]
    stability(model, people[0])  # compile the model once, as any command does
    times = []
    for ratings in people:
        start = time.perf_counter()
        stability(model, ratings)
        times.append((time.perf_counter() - start) * 1000)
    value = median(times)
    limit = 200.0
    return Figure(
        name="stability: one result",
        command="in process, bundled model, stability(model, ratings), 200 random people",
        value=round(value, 1),
        unit="ms",
        baseline=limit,
        baseline_name="limit",
        ratio=round(value / limit, 3),
        target=f"< {limit:.0f} ms",
        ok=max(times) < limit,
        detail={"median_ms": round(value, 2), "slowest_ms": round(max(times), 2)},
    )


def team_figure(
    pmlevel: str, team_dir: Path, env: dict[str, str], repeats: int
) -> tuple[Figure, Figure]:
    base = [*FLOOR, "table"]
    ours = [pmlevel, "team", str(team_dir)]
    base_runs, our_runs = interleaved(base, ours, env, repeats, warmup=1)
    wall = median([r.wall for r in our_runs])
    rate = TEAM_SIZE / wall
    floor_ms = median([r.wall for r in base_runs]) * 1000
    rss = max(r.maxrss_mb for r in our_runs)
    command = display([pmlevel, "team", "DIR"]) + f" ({TEAM_SIZE:,} results)"
    common = {"runs": len(our_runs), "wall_ms": round(wall * 1000, 1)}
    return (
        Figure(
            name="team: results per second",
            command=command,
            value=round(rate),
            unit="/s",
            baseline=5000,
            baseline_name="target",
            ratio=round(rate / 5000, 3),
            target=">= 5,000/s",
            ok=rate >= 5000,
            detail={**common, "floor_table_ms": round(floor_ms, 1)},
        ),
        Figure(
            name="team: peak RSS",
            command=command,
            value=round(rss, 1),
            unit="MB",
            baseline=200,
            baseline_name="limit",
            ratio=round(rss / 200, 3),
            target="< 200 MB",
            ok=rss < 200,
            detail={**common, "floor_table_maxrss_mb": round(base_runs[0].maxrss_mb, 1)},
        ),
    )


def command_figures(
    pmlevel: str, answers: Path, work: Path, env: dict[str, str]
) -> list[tuple[str, list[str], list[str], float]]:
    """The other commands timed against ``floor table``: (name, argv, argv as shown, limit).

    A result file of *answers* and one saved result (for ``history`` and ``plan``)
    are made first, in the warm home."""
    result = work / "result.json"
    made = subprocess.run(
        [pmlevel, "assess", "--answers", str(answers), "--json", "--no-save"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result.write_text(made.stdout, encoding="utf-8")
    run_once([pmlevel, "assess", "--answers", str(answers)], env)
    model = BENCH.parent / "data" / "levels.yaml"
    form = work / "x.html"
    quick = [
        ("levels", ["levels"], ["levels"], 1.15),
        ("skills", ["skills"], ["skills"], 1.15),
    ]
    others = [
        (
            "assess --answers --json",
            ["assess", "--answers", str(answers), "--json", "--no-save"],
            ["assess", "--answers", "F", "--json", "--no-save"],
        ),
        ("report FILE", ["report", str(result)], ["report", "FILE"]),
        ("jd senior", ["jd", "senior"], ["jd", "senior"]),
        ("interview senior", ["interview", "senior"], ["interview", "senior"]),
        ("validate", ["validate", str(model)], ["validate", "data/levels.yaml"]),
        ("history", ["history"], ["history"]),
        ("plan", ["plan"], ["plan"]),
        (
            "form -o x.html",
            ["form", "-o", str(form), "--force"],
            ["form", "-o", "x.html", "--force"],
        ),
    ]
    return quick + [(name, words, shown, 1.3) for name, words, shown in others]


# -- reporting ------------------------------------------------------------------------------


def display(argv: Sequence[str]) -> str:
    words = list(argv)
    if words[:2] == FLOOR[:2]:
        words = ["floor", *words[len(FLOOR) :]]
    elif words and Path(words[0]).name == "pmlevel":
        words[0] = "pmlevel"
    return shlex.join(words)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, str]:
    import yaml

    versions = {}
    for dist in ("pmlevel", "typer", "rich", "pydantic", "PyYAML"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "absent"
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": str(cpus),
        "cpu": cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        **versions,
        "libyaml": "yes" if getattr(yaml, "__with_libyaml__", False) else "no",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def machine_line(m: dict[str, str]) -> str:
    return (
        f"{m['nproc']} CPUs ({m['cpu']}), {m['os']}, Python {m['python']}; "
        f"pmlevel {m['pmlevel']}, typer {m['typer']}, rich {m['rich']}, "
        f"pydantic {m['pydantic']}, PyYAML {m['PyYAML']} (libyaml {m['libyaml']}); "
        f"load average {m['load']}"
    )


def format_value(value: float, unit: str) -> str:
    return f"{value:,.1f} {unit}" if unit in {"ms", "MB"} else f"{value:,.0f}{unit}"


def print_report(
    figures: list[Figure], skipped: list[str], m: dict[str, str], when: str, harness: str
) -> None:
    out = sys.stdout
    print(f"pmlevel benchmarks, {when}", file=out)
    print(f"machine: {machine_line(m)}", file=out)
    print(f"harness: {harness}", file=out)
    print(file=out)
    header = f"{'figure':<38} {'measured':>13} {'baseline':>18} {'ratio':>7}  {'target':<12} ok"
    print(header, file=out)
    print("-" * len(header), file=out)
    for f in figures:
        base = "" if f.baseline is None else format_value(f.baseline, f.unit)
        base = f"{base} {f.baseline_name}" if f.baseline_name in {"target", "limit"} else base
        print(
            f"{f.name:<38} {format_value(f.value, f.unit):>13} {base:>18} "
            f"{f.ratio:>6.2f}x  {f.target:<12} {'yes' if f.ok else 'NO'}",
            file=out,
        )
    print(file=out)
    for f in figures:
        if f.unit == "ms":
            iqr = f.detail.get("pair_ratio_iqr")
            cpu = f.detail.get("cpu_ratio")
            extra = f"; pair ratios IQR {iqr[0]:.2f}-{iqr[1]:.2f}" if iqr else ""
            extra += f"; cpu ratio {cpu:.2f}x" if cpu is not None else ""
            print(f"  {f.name}: `{f.command}` vs `{f.baseline_name}`{extra}", file=out)
        elif f.name.startswith("team: results"):
            print(
                f"  team: `{f.command}`, median of {f.detail['runs']} runs "
                f"{f.detail['wall_ms']:,.0f} ms end to end (floor table "
                f"{f.detail['floor_table_ms']:.0f} ms of it is start-up)",
                file=out,
            )
    for note in skipped:
        print(f"  skipped: {note}", file=out)


# -- main -----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--json", metavar="FILE", help="also write the figures as JSON to FILE ('-' for stdout)"
    )
    parser.add_argument(
        "--hyperfine", action="store_true", help="time the start-up pairs with hyperfine"
    )
    parser.add_argument("--pairs", type=int, help="interleaved pairs per start-up figure")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated start-up figures to time besides show and --help "
        "(levels, skills, report FILE, ...); 'none' for just those two",
    )
    parser.add_argument(
        "--no-throughput", action="store_true", help="skip the estimate, stability and team figures"
    )
    parser.add_argument(
        "--src",
        type=Path,
        help="benchmark this modified copy of src/ (PYTHONPATH) instead of the installed one",
    )
    args = parser.parse_args(argv)
    if args.src is not None:
        if not (args.src / "pmlevel" / "__init__.py").is_file():
            parser.error(f"{args.src} has no pmlevel/ package")
        sys.path.insert(0, str(args.src.resolve()))

    pairs = args.pairs or (8 if args.quick else 40)
    repeats = 3 if args.quick else 7
    team_runs = 2 if args.quick else 5
    use_hyperfine = bool(args.hyperfine and shutil.which("hyperfine"))
    if args.hyperfine and not use_hyperfine:
        print("hyperfine is not on PATH: using the Python harness", file=sys.stderr)
    harness = ("" if args.src is None else f"src: {args.src}; ") + (
        f"hyperfine, {pairs} runs per side in rounds"
        if use_hyperfine
        else f"python subprocess harness, {pairs} interleaved pairs per figure, medians"
    )
    json_out = sys.stdout
    if args.json == "-":
        sys.stdout = sys.stderr  # the report goes to stderr, the JSON alone to stdout

    pmlevel = pmlevel_script()
    only = {word.strip() for word in args.only.split(",") if word.strip()}
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    figures: list[Figure] = []
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pmlevel-bench-") as tmp:
        work = Path(tmp)
        home = work / "home"
        home.mkdir()
        env = bench_env(home)
        if args.src is not None:
            env["PYTHONPATH"] = str(args.src.resolve())
        # Warm the model cache and the bytecode of both apps.
        run_once([pmlevel, "show", "senior"], env)
        run_once([*FLOOR, "table"], env)

        def step(message: str) -> None:
            print(f"... {message}", file=sys.stderr, flush=True)

        step("show senior vs floor table")
        figures.append(
            startup_figure(
                "show senior / floor table",
                [pmlevel, "show", "senior"],
                [*FLOOR, "table"],
                "floor table",
                1.15,
                env,
                pairs,
                use_hyperfine,
                work,
            )
        )
        step("--help vs floor --help")
        figures.append(
            startup_figure(
                "--help / floor --help",
                [pmlevel, "--help"],
                [*FLOOR, "--help"],
                "floor --help",
                1.25,  # drawn by Typer every time: no cache of drawn output
                env,
                pairs,
                use_hyperfine,
                work,
            )
        )
        why = has_command(pmlevel, "assess", env, "--answers", "--json", "--no-save")
        if why is None:
            answers = work / "answers.json"
            write_answers(answers)
            for name, words, shown, limit in command_figures(pmlevel, answers, work, env):
                if only and name not in only:
                    continue
                step(f"{name} vs floor table")
                ours = [pmlevel, *words]
                run_once(ours, env)
                figures.append(
                    startup_figure(
                        f"{name} / floor table",
                        ours,
                        [*FLOOR, "table"],
                        "floor table",
                        limit,
                        env,
                        pairs,
                        use_hyperfine,
                        work,
                    )
                )
                figures[-1].command = display([pmlevel, *shown])
        else:
            skipped.append(f"assess --answers FILE --json --no-save: {why}")

        if not args.no_throughput:
            step("estimate throughput")
            figures += estimate_figures(repeats)
            step("stability of one result")
            found = stability_figure()
            if found is None:
                skipped.append("stability: this pmlevel has no stability() yet")
            else:
                figures.append(found)

            why = has_command(pmlevel, "team", env)
            if why is None:
                step(f"team over {TEAM_SIZE:,} results (writing the files first)")
                team_dir = work / "team"
                write_team(team_dir, TEAM_SIZE)
                figures += team_figure(pmlevel, team_dir, env, team_runs)
            else:
                skipped.append(f"team over {TEAM_SIZE:,} results: {why}")

    m = machine()
    print_report(figures, skipped, m, when, harness)
    if args.json:
        doc = {
            "date": when,
            "command": shlex.join(["python", "bench/run.py", *(argv or sys.argv[1:])]),
            "machine": m,
            "harness": harness,
            "figures": [asdict(f) for f in figures],
            "skipped": skipped,
        }
        text = json.dumps(doc, indent=2, ensure_ascii=False)
        if args.json == "-":
            json_out.write(text + "\n")
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
