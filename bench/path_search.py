"""The cheapest-path search at and far beyond the skill limit .

    python bench/path_search.py              # 100, 300 and 900 skills, both programmes
    python bench/path_search.py --skip-points-above 300

The candidates are those of the largest model the validator accepts
(tests/fixtures/largest_model.py): every skill rated at the bottom against an
expectation from 1 to 10, the model's unequal weights (quarter points), ``min_share``
0.99, at any number of skills. Each size runs ``_cheapest_cover`` (which picks the
table, here the weight table) and the points programme it replaced as the general
method, in the same process, one after the other: the CPU time of one run, then the
peak memory (tracemalloc) of another.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence

from pmlevel.assess.estimate import EPSILON, Candidate, _cheapest_cover, _cover_by_points


def largest_shape(skills: int) -> tuple[list[Candidate], float]:
    candidates = [(1 + i % 10, True, 1 + (i * 37) % 97 + 0.25 * (i % 4), i) for i in range(skills)]
    return candidates, 0.99 * sum(c[2] for c in candidates) - EPSILON


def measure(search: Callable[[list[Candidate], float], list[int]], skills: int) -> str:
    candidates, need = largest_shape(skills)
    start = time.process_time()
    chosen = search(candidates, need)
    cpu = time.process_time() - start
    tracemalloc.start()  # a second run for the memory: tracing slows every allocation
    search(candidates, need)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    points = sum(c[0] for c in candidates if c[3] in set(chosen))
    found = f"({points} points, {len(chosen)} skills)"
    return f"{cpu * 1000:10.1f} ms CPU {peak / 2**20:8.1f} MiB peak  {found}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,300,900")
    parser.add_argument("--skip-points-above", type=int, default=10_000)
    args = parser.parse_args(argv)
    for skills in (int(s) for s in args.sizes.split(",")):
        print(
            f"{skills:4d} skills  _cheapest_cover  {measure(_cheapest_cover, skills)}", flush=True
        )
        if skills <= args.skip_points_above:
            print(
                f"{skills:4d} skills  points programme {measure(_cover_by_points, skills)}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
