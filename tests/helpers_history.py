"""A separate process that saves assessments, for the history's concurrency and crash tests.

    python helpers_history.py DATA_DIR SUBJECT COUNT [--wait]

Builds one result, prints ``ready``, and with ``--wait`` waits for a line on stdin
(so that several workers start saving at the same moment). Then it opens the
history and saves the result COUNT times, printing each new id on its own line
only after ``save`` has returned, i.e. after the row is committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pmlevel.assess.result import build_result
from pmlevel.model.loader import load_model
from pmlevel.store.history import History


def main(argv: list[str]) -> int:
    data_dir, subject, count = Path(argv[0]), argv[1], int(argv[2])
    model = load_model()
    ratings = {skill.id: 3 for skill in model.skills}
    result = build_result(model, ratings, subject=subject)
    print("ready", flush=True)
    if "--wait" in argv:
        sys.stdin.readline()
    with History.open(data_dir) as history:
        for _ in range(count):
            print(history.save(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
