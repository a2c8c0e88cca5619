"""Time the range of the others' estimate (docs/reference.md#the-estimate): 1,000 bootstrap draws
over a
person's other raters, each estimated as ``others_estimate`` is.

    python bench/others_range.py             # ten raters, 15 repetitions
    python bench/others_range.py --raters 30 --runs 7

In one process, on the bundled model, for a person with N other raters (random ratings,
a fixed seed; some skills left "could not observe"): ``estimate_range`` alone, and as
a baseline measured in the same run, 1,000 plain ``estimate()`` calls on one set of
floor means (what the draws cost without their own work of drawing and averaging).
Also the whole ``merge_results`` of self + N others, which includes the range.
Printed: the median and the worst of the repetitions, and the ratio of the range to
the baseline. Target: the range under 0.2 s with ten raters. Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable

from pmlevel.assess.estimate import estimate
from pmlevel.assess.result import Rater, build_result
from pmlevel.growth.merge import merge_results
from pmlevel.growth.others import RANGE_DRAWS, estimate_range, floor_means
from pmlevel.model.loader import load_model

TARGET_SECONDS = 0.2


def timed(work: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raters", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    model = load_model()
    rng = random.Random(7)
    low, high = model.scale.min, model.scale.max
    others = []
    for _ in range(args.raters):
        others.append({s.id: rng.randint(low, high) for s in model.skills if rng.random() > 0.1})
    day = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    results = [
        (
            f"{i}.json",
            build_result(
                model,
                ratings,
                subject="bench",
                rater=Rater(role="peer", name=f"peer {i}"),
                assessed_at=day,
            ),
        )
        for i, ratings in enumerate(others)
    ]
    mine = {s.id: 3 for s in model.skills}
    results.append(("self.json", build_result(model, mine, subject="bench", assessed_at=day)))
    means = floor_means(model, others)

    estimate_range(model, others)  # warm: the compiled model, imports
    ranged = timed(lambda: estimate_range(model, others), args.runs)
    plain = timed(lambda: [estimate(model, means) for _ in range(RANGE_DRAWS)], args.runs)
    merged = timed(lambda: merge_results(model, results), args.runs)

    def show(name: str, values: list[float]) -> None:
        print(f"{name:<44} median {statistics.median(values) * 1000:7.1f} ms"
              f"   worst {max(values) * 1000:7.1f} ms")  # fmt: skip

    print(f"bundled model, {len(model.skills)} skills; {args.raters} other raters; "
          f"{RANGE_DRAWS:,} draws; {args.runs} runs")  # fmt: skip
    show("estimate_range (the range)", ranged)
    show(f"baseline: {RANGE_DRAWS:,} x estimate() on one set of means", plain)
    show("merge_results (self + others, with the range)", merged)
    ratio = statistics.median(ranged) / statistics.median(plain)
    print(f"range / baseline: {ratio:.2f}x")
    ok = statistics.median(ranged) < TARGET_SECONDS
    print(f"target: range under {TARGET_SECONDS * 1000:.0f} ms: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
