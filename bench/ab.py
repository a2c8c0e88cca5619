"""Before and after: time pmlevel commands from src/ against modified copies of src/.

    mkdir /tmp/base /tmp/lazy && cp -r src data /tmp/base/ && cp -r src data /tmp/lazy/
    $EDITOR /tmp/lazy/src/pmlevel/model/loader.py
    python bench/ab.py --before /tmp/base/src --src /tmp/lazy/src -- show senior
    python bench/ab.py --src /tmp/a/src --src /tmp/b/src --rounds 60 -- --help
    python bench/ab.py --before /tmp/a/src --fresh --rounds 5 -- history --import DIR

(``--fresh``: every run gets an empty ``PMLEVEL_HOME`` of its own, its model cache
warmed first, for a command that changes the history, such as ``history --import``.)

(A copy needs ``data/`` beside its ``src/``: that is where a checkout's bundled model is.)

Every side runs the same console script in the same environment as ``bench/run.py``;
a copy gets ``PYTHONPATH=DIR`` so its package shadows the editable install. For the
fairest comparison give the unchanged side a copy too (``--before``), so every side
pays the same ``PYTHONPATH`` look-ups. The sides run round-robin (the order rotates
each round); each gain is the median of the per-round differences from the first
side, in wall time and in CPU time (user + system, steadier on a busy machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import Run, bench_env, pmlevel_script, quartiles, run_once


def compare(
    command: list[str], trees: list[Path | None], rounds: int, home: Path, fresh: bool = False
) -> list[list[Run]]:
    """*rounds* runs of *command* against each tree (None: the installed src/), round-robin;
    with *fresh*, each run in an empty data directory of its own (its model cache warm)."""

    def env_of(index: int, name: str) -> dict[str, str]:
        env = bench_env(home / name)
        tree = trees[index]
        if tree is not None:
            env["PYTHONPATH"] = str(tree.resolve())
        return env

    envs = []
    for index in range(len(trees)):
        env = env_of(index, str(index))
        run_once(command, env)  # warm this side's model cache and bytecode
        envs.append(env)
    runs: list[list[Run]] = [[] for _ in trees]
    for r in range(rounds):
        for k in range(len(trees)):
            index = (r + k) % len(trees)
            env = envs[index]
            if fresh:
                env = env_of(index, f"{index}-{r}")
                run_once([command[0], "levels"], env)
            runs[index].append(run_once(command, env))
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time src/ against modified copies of it")
    parser.add_argument(
        "--src", type=Path, action="append", required=True, help="a copy (holds pmlevel/)"
    )
    parser.add_argument("--before", type=Path, help="an unchanged copy (default: src/ itself)")
    parser.add_argument("--rounds", type=int, default=40, help="runs per side")
    parser.add_argument(
        "--fresh", action="store_true", help="each run in an empty PMLEVEL_HOME of its own"
    )
    parser.add_argument("args", nargs="+", help="the pmlevel arguments, after --")
    args = parser.parse_args(argv)
    trees: list[Path | None] = [args.before, *args.src]
    for tree in trees:
        if tree is not None and not (tree / "pmlevel" / "__init__.py").is_file():
            parser.error(f"{tree} has no pmlevel/ package")
    command = [pmlevel_script(), *args.args]
    with tempfile.TemporaryDirectory(prefix="pmlevel-ab-") as tmp:
        runs = compare(command, trees, args.rounds, Path(tmp), args.fresh)
    print(f"pmlevel {' '.join(args.args)}  ({args.rounds} rounds)")
    print(f"  {'side':<28} {'wall ms':>8} {'cpu ms':>8} {'gain wall':>20} {'gain cpu':>20}")
    base = runs[0]
    for tree, side in zip(trees, runs, strict=True):
        wall = statistics.median(r.wall for r in side) * 1000
        cpu = statistics.median(r.cpu for r in side) * 1000
        gains = []
        for metric in ("wall", "cpu"):
            diffs = [
                (getattr(b, metric) - getattr(s, metric)) * 1000
                for b, s in zip(base, side, strict=True)
            ]
            lo, hi = quartiles(diffs)
            gains.append(f"{statistics.median(diffs):+5.1f} [{lo:+5.1f},{hi:+5.1f}]")
        name = str(tree) if tree is not None else "src/ (installed)"
        label = "(before)" if side is base else f"{gains[0]:>20} {gains[1]:>20}"
        print(f"  {name[-28:]:<28} {wall:8.1f} {cpu:8.1f} {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
