"""When to re-assess (docs/reference.md#the-reminder): a person's plan's review date, or 90 days
after their latest self-rating, whichever is more recent news.

``plan`` records the review date it gives (``plans.json`` beside the history, one
entry per person); the commands that read the history end with one line when
that date has passed (``PMLEVEL_NO_REMINDER=1`` silences it). A plan made before
the person's latest self-rating has been acted on: the clock then runs from that
self-rating. Core code: dates in, :class:`Due` values out; the CLI prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pmlevel.assess.people import person_key
from pmlevel.store.atomic import write_atomic

if TYPE_CHECKING:
    from pmlevel.store.history import Entry, History

PLANS_FILE = "plans.json"
DEFAULT_INTERVAL = dt.timedelta(days=90)


@dataclass(frozen=True, slots=True)
class Due:
    """A person whose review date has passed."""

    subject: str | None  # None: the results that name no one ("me")
    due: dt.date
    basis: Literal["plan", "self"]


def _key(subject: str | None) -> str:
    return person_key(subject) or ""


def load_plans(data_dir: Path) -> dict[str, Any]:
    """The recorded plans by person key (``""`` for no name); a damaged file counts as none."""
    try:
        data = json.loads((data_dir / PLANS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record_plan(
    data_dir: Path, subject: str | None, review_by: dt.date, made_on: dt.date | None = None
) -> None:
    """Remember the review date of *subject*'s newest plan (best effort: a reminder is a
    courtesy, so a file that cannot be written never stops the plan itself)."""
    plans = load_plans(data_dir)
    plans[_key(subject)] = {
        "subject": subject,
        "made_on": (made_on or dt.date.today()).isoformat(),
        "review_by": review_by.isoformat(),
    }
    with contextlib.suppress(OSError, ValueError):
        data_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps(plans, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        write_atomic(data_dir / PLANS_FILE, text)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def due_reviews(
    entries: Iterable[Entry],
    plans: dict[str, Any],
    today: dt.date,
    only: Iterable[str | None] | None = None,
) -> list[Due]:
    """Everyone (or the people in *only*, by name) whose review date is before *today*."""
    latest_self: dict[str, Entry] = {}
    for entry in entries:
        if entry.rater_role == "self":
            latest_self[_key(entry.subject)] = entry  # entries come oldest first
    wanted = None if only is None else {_key(name) for name in only}
    keys = set(latest_self) | {str(k) for k in plans}
    found: list[Due] = []
    for key in sorted(keys):
        if wanted is not None and key not in wanted:
            continue
        last = latest_self.get(key)
        assessed = last.assessed_at.astimezone().date() if last is not None else None
        plan = plans.get(key) if isinstance(plans.get(key), dict) else None
        made_on = _date(plan.get("made_on")) if plan else None
        review_by = _date(plan.get("review_by")) if plan else None
        subject = last.subject if last is not None else (plan or {}).get("subject")
        basis: Literal["plan", "self"]
        fresh_plan = made_on is not None and (assessed is None or made_on >= assessed)
        if review_by is not None and fresh_plan:
            due, basis = review_by, "plan"
        elif assessed is not None:
            due, basis = assessed + DEFAULT_INTERVAL, "self"
        else:
            continue
        if due < today:
            found.append(Due(subject if isinstance(subject, str) else None, due, basis))
    return found


def reviews_due(
    history: History,
    plans: dict[str, Any],
    today: dt.date,
    only: Iterable[str | None] | None = None,
) -> list[Due]:
    """:func:`due_reviews` read from *history*: one indexed row per person (their latest
    self-rating), never the whole history; every command that reads the history asks."""
    keys = None if only is None else [person_key(name) for name in only]
    latest = history.latest_by_person("self", keys)
    return due_reviews(latest.values(), plans, today, only)
