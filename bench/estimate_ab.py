"""Before and after for the estimate alone: another copy's ``assess/estimate.py`` against
this checkout's, interleaved in one process over the same random people.

    python bench/estimate_ab.py --before /tmp/base/src

Both estimators are built from the same loaded model, so only the estimate differs;
each round times 2,000 estimates on each side (the order alternates) and the ratio
after/before is reported as the median and interquartile range of 40 rounds.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a copy's src/")
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    from pmlevel.assess import estimate as after
    from pmlevel.model.loader import load_model

    path = args.before / "pmlevel" / "assess" / "estimate.py"
    spec = importlib.util.spec_from_file_location("before_estimate", path)
    assert spec is not None and spec.loader is not None
    before = importlib.util.module_from_spec(spec)
    sys.modules["before_estimate"] = before  # dataclasses look their module up
    spec.loader.exec_module(before)
    model = load_model()
    rng = random.Random(100_000)
    points = list(model.scale.points)
    people = [{s.id: rng.choice(points) for s in model.skills} for _ in range(2000)]
    sides = [before.Estimator(model), after.Estimator(model)]
    vectors = [[side.vector(p) for p in people] for side in sides]
    ratios = []
    for n in range(args.rounds):
        took = [0.0, 0.0]
        for k in (0, 1) if n % 2 == 0 else (1, 0):
            start = time.perf_counter()
            for v in vectors[k]:
                sides[k].estimate(v)
            took[k] = time.perf_counter() - start
        ratios.append(took[1] / took[0])
    q = statistics.quantiles(ratios, n=4)
    middle = statistics.median(ratios)
    print(f"estimate time after/before: median {middle:.3f}, IQR {q[0]:.3f}-{q[2]:.3f}")


if __name__ == "__main__":
    main()
