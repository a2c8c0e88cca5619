"""Working through many files at once, shared among worker processes (``team``,
``raters``, ``diff --results`` and ``history --import`` read thousands of files).

Reading a file and working out its result needs nothing but the model and the file, so
past :data:`PARALLEL_FROM` files the work goes to worker processes, forked so that they
start with the model already loaded, and comes back in file order. Only where fork is the
platform's way (Linux), and with two CPUs or more: elsewhere, in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PARALLEL_FROM = 1000  # files; below this, starting workers costs more than it saves
MAX_WORKERS = 4
CHUNK = 64  # files a worker takes at a time

# What a forked worker does with each file: a module global, which the workers inherit
# when forked, so one in_order() runs at a time (each caller reads all it asked for).
_WORK: Callable[[Path], Any] | None = None


def in_order(
    paths: Sequence[Path],
    work: Callable[[Path], T],
    here: Callable[[Path], T] | None = None,
) -> Iterator[T]:
    """``work(path)`` for each of *paths*, in order, in worker processes when there are
    many; in this process (with *here*, when given: it may use what cannot cross a fork,
    such as an open history) when there are few or workers cannot be forked."""
    count = min(os.cpu_count() or 1, MAX_WORKERS)
    usable = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
    if len(paths) < PARALLEL_FROM or count < 2 or not usable:
        local = here or work
        yield from (local(path) for path in paths)
        return
    global _WORK
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            yield from pool.imap(_run, [str(path) for path in paths], chunksize=CHUNK)
            pool.close()
            pool.join()
    finally:
        _WORK = None


def _run(path: str) -> Any:
    assert _WORK is not None
    return _WORK(Path(path))
