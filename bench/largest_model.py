"""Time `assess` on the largest model the validator accepts (docs/reference.md#size-limits).

    python bench/largest_model.py            # 7 cold and 7 warm runs
    python bench/largest_model.py --runs 15

The model and answers come from ``tests/fixtures/largest_model.py`` (every size
limit reached, ten tracks, a file just under 1 MiB, the path search at its hardest).
Each run is ``pmlevel --model largest.yaml assess --answers A --json --no-save`` in a
subprocess with stdout to /dev/null, for two answers: ``bottom.json`` (one path
search, the hardest) and ``shared-top.json`` (every shared level met: ten tracks,
ten next levels, ten path searches). *Cold* runs use a fresh ``PMLEVEL_HOME``
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

from fixtures.largest_model import (  # noqa: E402
    bottom_answers,
    largest_model,
    shared_top_answers,
)


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


def parts(model_path: Path, answers: str) -> dict[str, float]:
    """Seconds of each part, in this process (best of 3)."""
    import json

    from pmlevel.assess.estimate import estimate, path_to_next, sensitivity, stability
    from pmlevel.assess.result import build_result
    from pmlevel.model.loader import load_model

    ratings = json.loads(answers)["ratings"]
    out: dict[str, float] = {}
    for name, work in (("load (parse + validate)", lambda: load_model(model_path)),):
        out[name] = min(_time(work) for _ in range(3))
    model = load_model(model_path)
    found = estimate(model, ratings)
    nexts = {t.next_level for t in found.tracks if t.next_level} | {found.next_level}
    out["estimate"] = min(_time(lambda: estimate(model, ratings)) for _ in range(3))
    out[f"path_to_next ({len(nexts)} next levels)"] = min(
        _time(lambda: [path_to_next(model, ratings, n) for n in nexts]) for _ in range(3)
    )
    out["sensitivity"] = min(_time(lambda: sensitivity(model, ratings)) for _ in range(3))
    out["stability"] = min(_time(lambda: stability(model, ratings)) for _ in range(3))
    out["build_result (all of it)"] = min(
        _time(lambda: build_result(model, ratings)) for _ in range(3)
    )
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
        model.write_text(largest_model(), encoding="utf-8")
        size = model.stat().st_size
        print(f"largest model: {size:,} bytes, 100 skills, 20 levels, 10 tracks, 11-point scale")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        for label, text in (("bottom", bottom_answers()), ("shared-top", shared_top_answers())):
            answers = folder / f"{label}.json"
            answers.write_text(text, encoding="utf-8")
            cold = [
                run_once(model, answers, Path(tempfile.mkdtemp(dir=tmp))) for _ in range(args.runs)
            ]
            warm_home = folder / f"warm-{label}"
            run_once(model, answers, warm_home)  # fills the model cache
            warm = [run_once(model, answers, warm_home) for _ in range(args.runs)]
            for name, runs in (("cold (parse + validate)", cold), ("warm (model cache)", warm)):
                walls = [w for w, _ in runs]
                cpus = [c for _, c in runs]
                wall, worst, cpu = statistics.median(walls), max(walls), statistics.median(cpus)
                print(
                    f"assess {label}.json, {name}: median {wall * 1000:.0f} ms wall,"
                    f" worst {worst * 1000:.0f} ms, median CPU {cpu * 1000:.0f} ms"
                    f" ({len(runs)} runs)"
                )
            for name, seconds in parts(model, text).items():
                print(f"  {label}.json in one process, {name}: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
