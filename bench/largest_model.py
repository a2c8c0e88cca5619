"""Time `assess` on the largest model the validator accepts (docs/reference.md#size-limits).

    python bench/largest_model.py            # 7 cold and 7 warm runs
    python bench/largest_model.py --runs 15

The model and answers come from ``tests/fixtures/largest_model.py`` (every size
limit reached, a file just under 1 MiB, the path search at its hardest). Each run
is ``pmlevel --model largest.yaml assess --answers bottom.json --json --no-save``
in a subprocess with stdout to /dev/null. *Cold* runs use a fresh ``PMLEVEL_HOME``
each time, so the model is parsed and validated (what a first use or ``validate``
costs); *warm* runs reuse one whose model cache is filled (every later use).
Printed: median and worst wall time, median CPU time (user + system of the child,
steadier on a loaded machine), and, in one process, the parts: loading, the
estimate, the path search and the sensitivity. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fixtures.largest_model import bottom_answers, largest_model  # noqa: E402


def run_once(model: Path, answers: Path, home: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one assess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pmlevel",
            "--model",
            str(model),
            "assess",
            "--answers",
            str(answers),
            "--json",
            "--no-save",
        ],
        env={
            "PMLEVEL_HOME": str(home),
            "PATH": os.environ.get("PATH", ""),
            "COLUMNS": "80",
            "PMLEVEL_LANG": "en",
        },
        stdout=subprocess.DEVNULL,
        check=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def parts(model_path: Path) -> dict[str, float]:
    """Seconds of each part, in this process (best of 3)."""
    import json

    from pmlevel.assess.estimate import estimate, path_to_next, sensitivity
    from pmlevel.model.loader import load_model

    ratings = json.loads(bottom_answers())["ratings"]
    out: dict[str, float] = {}
    for name, work in (("load (parse + validate)", lambda: load_model(model_path)),):
        out[name] = min(_time(work) for _ in range(3))
    model = load_model(model_path)
    nxt = estimate(model, ratings).next_level
    out["estimate"] = min(_time(lambda: estimate(model, ratings)) for _ in range(3))
    out["path_to_next"] = min(_time(lambda: path_to_next(model, ratings, nxt)) for _ in range(3))
    out["sensitivity"] = min(_time(lambda: sensitivity(model, ratings)) for _ in range(3))
    return out


def _time(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model = folder / "largest.yaml"
        answers = folder / "bottom.json"
        model.write_text(largest_model(), encoding="utf-8")
        answers.write_text(bottom_answers(), encoding="utf-8")
        size = model.stat().st_size
        cold = [run_once(model, answers, Path(tempfile.mkdtemp(dir=tmp))) for _ in range(args.runs)]
        warm_home = folder / "warm"
        run_once(model, answers, warm_home)  # fills the model cache
        warm = [run_once(model, answers, warm_home) for _ in range(args.runs)]
        print(f"largest model: {size:,} bytes, 100 skills, 20 levels, 11-point scale")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for name, runs in (("cold (parse + validate)", cold), ("warm (model cache)", warm)):
            walls = [w for w, _ in runs]
            cpus = [c for _, c in runs]
            wall, worst, cpu = statistics.median(walls), max(walls), statistics.median(cpus)
            print(
                f"assess, {name}: median {wall * 1000:.0f} ms wall, worst {worst * 1000:.0f} ms,"
                f" median CPU {cpu * 1000:.0f} ms ({len(runs)} runs)"
            )
        for name, seconds in parts(model).items():
            print(f"  in one process, {name}: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
