"""What pmlevel imports beyond the framework floor, and what each import costs.

    python bench/imports.py                  # show senior and --help, 15 runs each
    python bench/imports.py --runs 31 --top 25
    python bench/imports.py --src /tmp/variant/src   # profile a modified copy of src/

Runs ``python -X importtime`` on ``pmlevel show senior`` against ``floor table`` and on
``pmlevel --help`` against ``floor --help`` (same environment as ``bench/run.py``),
takes the median self time of every module over the runs, and lists the modules that
only pmlevel imports, largest first, each with the pmlevel module that pulled it in.
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

from run import FLOOR, bench_env, pmlevel_script, run_once

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="pmlevel's imports beyond the floor app")
    parser.add_argument("--runs", type=int, default=15, help="runs per command (median)")
    parser.add_argument("--top", type=int, default=15, help="how many modules to list")
    parser.add_argument("--src", type=Path, help="profile this copy of src/ instead")
    args = parser.parse_args(argv)
    pmlevel = pmlevel_script()
    with tempfile.TemporaryDirectory(prefix="pmlevel-imports-") as tmp:
        env = bench_env(Path(tmp))
        if args.src:
            env["PYTHONPATH"] = str(args.src.resolve())
        run_once([pmlevel, "show", "senior"], env)  # warm the model cache and bytecode
        run_once([*FLOOR, "table"], env)
        floor_args = FLOOR[1:]  # drop the interpreter: importtime() adds its own
        report(
            "pmlevel show senior vs floor table",
            [pmlevel, "show", "senior"],
            [*floor_args, "table"],
            env,
            args.runs,
            args.top,
        )
        report(
            "pmlevel --help vs floor --help",
            [pmlevel, "--help"],
            [*floor_args, "--help"],
            env,
            args.runs,
            args.top,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
