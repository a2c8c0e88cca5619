"""What ``pmlevel history`` lists, and how it streams (docs/reference.md#history-at-scale).

``--subject``, ``--since``, ``--limit`` and ``--reverse`` become one
:class:`~pmlevel.store.history.Selection`; without them every entry is listed,
oldest first, as before. ``--limit N`` keeps the *N* newest (shown oldest first,
newest first with ``--reverse``): the newest are what a long history is opened
for, and paging from the newest end reads *N* rows of an index, not the history.

``-o FILE.csv`` and ``--json`` are streams: rows go from the database cursor to
the file (or stdout) a page at a time, so a history of 100,000 entries is written
in time proportional to it and in the memory of one page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pmlevel.errors import UsageError
from pmlevel.model.ladder import LevelModel
from pmlevel.render.csv_file import csv_header, csv_line, row_from_result
from pmlevel.store.history import History, HistoryError, Selection


def parse_since(text: str) -> dt.datetime:
    """``--since 2026-03-01``: the start of that day in the local time zone (the one
    dates are shown in), as an aware moment; a date with a time is taken as given."""
    value = text.strip()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is not None and len(value) <= 10:
        return dt.datetime.combine(day, dt.time()).astimezone()
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError("history_bad_since", value=text) from None
    return moment if moment.tzinfo is not None else moment.astimezone()


def selection(
    subject: str | None = None,
    since: str | None = None,
    limit: int | None = None,
    reverse: bool = False,
) -> Selection:
    """The entries ``history`` lists for its options (see the module notes)."""
    if limit is not None and limit < 1:
        raise UsageError("history_bad_limit", value=limit)
    return Selection(
        subject=subject,
        since=None if since is None else parse_since(since),
        limit=limit,
        newest_first=reverse,
    )


# On a screen, `history` without --limit lists the newest this many and says how many it
# leaves out: a history of 100,000 entries is a file to search (-o FILE.csv, --json), not
# a screen to read, and Rich lays out about a row a millisecond, holding them all.
ENTRIES_SHOWN = 200


def on_screen(history: History, chosen: Selection) -> tuple[Selection, int]:
    """What a screen lists of *chosen*: without a limit, the newest :data:`ENTRIES_SHOWN`;
    and how many older entries that leaves out."""
    if chosen.limit is not None:
        return chosen, 0
    hidden = max(0, history.count(chosen) - ENTRIES_SHOWN)
    return (replace(chosen, limit=ENTRIES_SHOWN) if hidden else chosen), hidden


def csv_chunks(history: History, model: LevelModel, chosen: Selection) -> Iterator[str]:
    """``history -o FILE.csv``, a page of lines at a time (render/csv_file.py: the format).

    The columns are the model's skills, then every other skill a result made with
    another model rates (found first, reading those rows only). A row made with the
    current model that rates a skill the model does not have was not written by
    pmlevel: it is left out like a damaged row (and named), never cut short.
    """
    skill_ids = [skill.id for skill in model.skills]
    known = set(skill_ids)
    extra: set[str] = set()
    others = [e.id for e in history.iter_entries(chosen) if e.model_sha256 != model.sha256]
    for entry_id in others:
        with contextlib.suppress(HistoryError):  # a damaged row: named by the main pass
            extra.update(skill for skill in history.get(entry_id).ratings if skill not in known)
    columns = skill_ids + sorted(extra)
    allowed = known | extra
    page = [csv_header(columns, with_id=True)]
    for entry, result in history.iter_results(chosen):
        if result.model.sha256 == model.sha256 and not result.ratings.keys() <= known:
            history.damaged.add(entry.id)
            continue
        assert result.ratings.keys() <= allowed
        page.append(csv_line(row_from_result(result, entry.id), columns, with_id=True))
        if len(page) >= 500:
            yield "".join(page)
            page = []
    yield "".join(page)


def json_chunks(items: Iterable[dict[str, Any]], *, ascii_only: bool = False) -> Iterator[str]:
    """``json.dumps(list(items), indent=2)`` as pieces, one item at a time, the same text
    (``ensure_ascii`` with *ascii_only*, for a stdout that cannot carry UTF-8)."""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=ascii_only, indent=2).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    yield "[]" if first else "\n]"


def check_import(files: Sequence[Path], importing: bool) -> None:
    """``history`` lists; it reads files only to bring them in (``--import``): files
    without it are a usage error rather than silently ignored."""
    if files and not importing:
        names = ", ".join(str(path) for path in files)
        raise UsageError("history_files_without_import", files=names)
