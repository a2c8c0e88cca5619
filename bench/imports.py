"""What pmlevel imports beyond the framework floor, and what each import costs, per command.

    python bench/imports.py                  # every command below, 7 runs each: one line each
    python bench/imports.py --runs 15 --detail "show senior" --detail "--help"
    python bench/imports.py --only assess,report --detail assess
    python bench/imports.py --src /tmp/variant/src   # profile a modified copy of src/

Runs ``python -X importtime`` on each warm pmlevel command (the model cache filled, the
bytecode compiled, same environment as ``bench/run.py``) against ``floor table`` (and
``pmlevel --help`` against ``floor --help``), takes the median self time of every module
over the runs, and lists the modules that only pmlevel imports. The summary has one line
per command: how many modules beyond the floor and their self time, whether PyYAML or
the model-file schema (``pmlevel.model.schema``: pydantic classes built at import) were
imported, and the largest few. ``--detail NAME`` prints the full list for that command,
largest first, each with the pmlevel module that pulled it in.

The commands: levels, show senior, skills, assess --answers F --json --no-save,
report FILE, jd senior, interview senior, validate data/levels.yaml, history, plan,
form -o x.html, --help (F: a full answers file; FILE: a result of it; the history holds
one saved result).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import FLOOR, bench_env, pmlevel_script, run_once, write_answers

Profile = dict[str, tuple[int, str]]  # module -> (self µs, the pmlevel module importing it)


def importtime(argv: Sequence[str], env: dict[str, str]) -> Profile:
    """One ``-X importtime`` run: each module's self time and the pmlevel module above it."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    rows: list[tuple[str, int, int]] = []  # (module, self µs, depth), children first
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_text, _, name = line.split(":", 1)[1].split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((name.strip(), int(self_text), depth))
    profile: Profile = {}
    # Walk parents first: a module's parent is the nearest later row with a smaller depth.
    stack: list[tuple[int, str]] = []
    for name, self_us, depth in reversed(rows):
        while stack and stack[-1][0] >= depth:
            stack.pop()
        via = next((m for _, m in reversed(stack) if m.startswith("pmlevel")), "")
        profile[name] = (self_us, via if not name.startswith("pmlevel") else name)
        stack.append((depth, name))
    return profile


def medians(profiles: list[Profile]) -> dict[str, tuple[float, str]]:
    times: dict[str, list[int]] = defaultdict(list)
    via: dict[str, str] = {}
    for profile in profiles:
        for name, (us, parent) in profile.items():
            times[name].append(us)
            via.setdefault(name, parent)
    # A module missing from a run counts as 0 there (it was imported in some runs only).
    return {
        name: (statistics.median(values + [0] * (len(profiles) - len(values))), via[name])
        for name, values in times.items()
    }


def report(
    title: str, ours: list[str], base: list[str], env: dict[str, str], runs: int, top: int
) -> None:
    our_runs: list[Profile] = []
    base_runs: list[Profile] = []
    for _ in range(runs):
        base_runs.append(importtime(base, env))
        our_runs.append(importtime(ours, env))
    mine = medians(our_runs)
    floor = medians(base_runs)
    extra = {name: value for name, value in mine.items() if name not in floor}
    total_ours = sum(us for us, _ in mine.values()) / 1000
    total_floor = sum(us for us, _ in floor.values()) / 1000
    total_extra = sum(us for us, _ in extra.values()) / 1000
    print(f"\n## {title}")
    print(
        f"all imports: {total_ours:.1f} ms (floor {total_floor:.1f} ms); "
        f"modules only pmlevel imports: {len(extra)}, {total_extra:.1f} ms self time"
    )
    by_root: dict[str, float] = defaultdict(float)
    by_via: dict[str, float] = defaultdict(float)
    for name, (us, via) in extra.items():
        by_root[name.split(".")[0]] += us / 1000
        if not name.startswith("pmlevel"):
            by_via[via or "(typer/rich)"] += us / 1000
    print("by package:  " + ", ".join(f"{k} {v:.1f} ms" for k, v in _top(by_root, top)))
    print(
        "non-pmlevel modules pulled in by:  "
        + ", ".join(f"{k} {v:.1f} ms" for k, v in _top(by_via, top))
    )
    print(f"{'self ms':>8}  module (imported via)")
    for name, (us, via) in sorted(extra.items(), key=lambda item: -item[1][0])[:top]:
        suffix = f"  ({via})" if via and via != name else ""
        print(f"{us / 1000:8.2f}  {name}{suffix}")


def _top(values: dict[str, float], top: int) -> list[tuple[str, float]]:
    return sorted(values.items(), key=lambda item: -item[1])[:top]


# Modules a warm command should not need unless it says why (tests/test_import_boundaries.py).
WATCHED = ("yaml", "pmlevel.model.schema")


def commands(work: Path, pmlevel: str, env: dict[str, str]) -> dict[str, tuple[list[str], str]]:
    """Each command's argv and the floor command it is measured against."""
    answers = work / "answers.json"
    write_answers(answers)
    result = work / "result.json"
    made = subprocess.run(
        [pmlevel, "assess", "--answers", str(answers), "--json", "--no-save"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result.write_text(made.stdout, encoding="utf-8")
    # One saved result, so that history and plan have something to show.
    run_once([pmlevel, "assess", "--answers", str(answers)], env)
    model = Path(__file__).resolve().parents[1] / "data" / "levels.yaml"
    form = work / "x.html"
    return {
        "levels": (["levels"], "table"),
        "show senior": (["show", "senior"], "table"),
        "skills": (["skills"], "table"),
        "assess": (["assess", "--answers", str(answers), "--json", "--no-save"], "table"),
        "report": (["report", str(result)], "table"),
        "jd": (["jd", "senior"], "table"),
        "interview": (["interview", "senior"], "table"),
        "validate": (["validate", str(model)], "table"),
        "history": (["history"], "table"),
        "plan": (["plan"], "table"),
        "form": (["form", "-o", str(form), "--force"], "table"),
        "--help": (["--help"], "--help"),
    }


def summary(
    name: str, ours: list[str], base: list[str], env: dict[str, str], runs: int
) -> dict[str, tuple[float, str]]:
    our_runs = []
    base_runs = []
    for _ in range(runs):
        base_runs.append(importtime(base, env))
        our_runs.append(importtime(ours, env))
    mine = medians(our_runs)
    floor = medians(base_runs)
    extra = {k: v for k, v in mine.items() if k not in floor}
    total = sum(us for us, _ in extra.values()) / 1000
    watched = [w for w in WATCHED if w in mine]
    biggest = sorted(extra.items(), key=lambda item: -item[1][0])[:4]
    top = ", ".join(f"{k} {us / 1000:.1f}" for k, (us, _) in biggest)
    print(
        f"{name:<12} {len(extra):>4} {total:>8.1f}  {' '.join(watched) or '-':<44} {top}",
        flush=True,
    )
    return extra


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pmlevel's imports beyond the floor app")
    parser.add_argument("--runs", type=int, default=7, help="runs per command (median)")
    parser.add_argument("--top", type=int, default=15, help="how many modules --detail lists")
    parser.add_argument("--src", type=Path, help="profile this copy of src/ instead")
    parser.add_argument("--only", default="", help="comma-separated command names")
    parser.add_argument(
        "--detail", action="append", default=[], help="the full list for this command"
    )
    args = parser.parse_args(argv)
    pmlevel = pmlevel_script()
    with tempfile.TemporaryDirectory(prefix="pmlevel-imports-") as tmp:
        env = bench_env(Path(tmp))
        if args.src:
            env["PYTHONPATH"] = str(args.src.resolve())
        run_once([pmlevel, "show", "senior"], env)  # warm the model cache and bytecode
        run_once([*FLOOR, "table"], env)
        floor_args = FLOOR[1:]  # drop the interpreter: importtime() adds its own
        only = {word.strip() for word in args.only.split(",") if word.strip()}
        table = commands(Path(tmp), pmlevel, env)
        print(f"median of {args.runs} runs; self time of the modules the floor does not import")
        print(f"{'command':<12} {'mods':>4} {'ms':>8}  {'watched modules imported':<44} largest")
        for name, (words, base) in table.items():
            if only and name not in only:
                continue
            run_once([pmlevel, *words], env)
            summary(name, [pmlevel, *words], [*floor_args, base], env, args.runs)
        for name in args.detail:
            words, base = table[name]
            report(
                f"pmlevel {name} vs floor {base}",
                [pmlevel, *words],
                [*floor_args, base],
                env,
                args.runs,
                args.top,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
