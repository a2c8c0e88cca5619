"""Whose results a command reads when it is not told (docs/reference.md#whose-results).

``plan`` and ``progress`` are about one person. Without ``--subject`` that is the
one person the history holds; with several, the error names every one of them,
the results that name no one included, and says how to pick. Results saved
without a subject are "me": ``--subject me`` (or ``我``, or ``--subject ''``)
picks them, unless someone is really called that.

Who is who is decided by :func:`pmlevel.assess.people.person_key` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pmlevel.assess.people import HIRING_ROLES, person_key
from pmlevel.errors import UsageError
from pmlevel.text.safe import shell_quote

if TYPE_CHECKING:
    from pmlevel.assess.result import Result
    from pmlevel.store.history import Entry, History

# What a person types to mean the results that name no one.
ME_WORDS = frozenset({"me", "我", "myself", "自己"})


@dataclass(frozen=True)
class Person:
    """One subject of the history: *key* is ``None`` for the results that name no one."""

    key: str | None
    name: str | None  # as most recently typed

    @property
    def filter(self) -> str:
        """The value :meth:`History.entries` selects this person's entries with."""
        return self.name or self.key or ""

    @property
    def shown(self) -> str:
        """The name to put in a message; the nameless person is "me"."""
        return self.name or "me"


def people_of(history: History, limit: int | None = None) -> list[Person]:
    """Everyone the history holds (the nameless last) who is someone one develops, without
    reading every entry (:meth:`History.people`, one indexed look per person); with
    *limit*, only the first *limit*.

    Candidates are not among them: a person only interviewers or panel members rated
    (:data:`~pmlevel.assess.people.HIRING_ROLES`) is someone one hires, not someone one
    develops, so they never make ``plan``, ``progress`` or ``case`` ask "which person?".
    """
    found: list[Person] = []
    for key, name in history.people():
        if not history.rated_by_others_than(key, HIRING_ROLES):
            continue
        found.append(Person(key, name or None))
        if limit is not None and len(found) >= limit:
            break
    return found


def people_in(entries: list[Entry]) -> list[Person]:
    """:func:`people_of` for entries already read (the listing has them at hand)."""
    spelling: dict[str | None, str | None] = {}
    for entry in entries:
        if entry.rater_role in HIRING_ROLES:
            continue
        spelling[person_key(entry.subject)] = entry.subject
    named = sorted(k for k in spelling if k is not None)
    people = [Person(k, (spelling[k] or "").strip() or None) for k in named]
    if None in spelling:
        people.append(Person(None, None))
    return people


def pick_person(history: History, given: str | None, command: str) -> Person | None:
    """The person *command* is about: *given* (``--subject``), else the only one.

    ``None`` when the history is empty. Several people and no ``--subject`` is a
    :class:`UsageError` that lists them all and shows how to pick one. Costs a few
    index lookups, whatever the size of the history: only the error lists everyone.
    """
    if given is not None:
        key = person_key(given)
        if key is None:
            return Person(None, None)
        latest = history.latest_entry(key)
        if latest is None:
            if key in ME_WORDS:
                return Person(None, None)
            return Person(key, " ".join(given.split()))
        return Person(key, (latest.subject or "").strip() or None)
    people = people_of(history, 2)
    if not people:
        return None
    if len(people) == 1:
        return people[0]
    people = people_of(history)
    named = ", ".join(p.name or "" for p in people if p.key is not None)
    if any(p.key is None for p in people):
        raise UsageError("subject_which_me", subjects=named, command=command)
    raise UsageError("subject_which", subjects=named, command=command)


def self_ratings(history: History, person: Person) -> list[Entry]:
    """The person's own assessments (rater ``self``), oldest first."""
    return history.entries(person.filter, rater_role="self")


def latest_self_rating(history: History, person: Person, model_sha256: str) -> tuple[int, Result]:
    """The person's latest self-rating made with the current model (*model_sha256*) and its
    id: a plan is never made from someone else's view of you, nor from a rating made with
    another model (docs/reference.md#whose-results)."""
    selves = self_ratings(history, person)
    current = [e for e in selves if e.model_sha256 == model_sha256]
    if current:
        return current[-1].id, history.get(current[-1].id)
    if selves:
        model = model_sha256[:8]
        if person.key is None:
            raise UsageError("plan_no_self_rating_model_me", count=len(selves), model=model)
        raise UsageError(
            "plan_no_self_rating_model", subject=person.shown, count=len(selves), model=model
        )
    others = history.entries(person.filter)
    if not others:
        if person.key is None:
            raise UsageError("no_result_for_plan")
        raise UsageError("plan_no_entries", subject=person.shown)
    if person.key is None:
        raise UsageError("plan_no_self_rating_me", id=others[-1].id, count=len(others))
    raise UsageError(
        "plan_no_self_rating",
        subject=person.shown,
        id=others[-1].id,
        count=len(others),
    )


def progress_command(entries: list[Entry]) -> str | None:
    """The ``progress`` command that works on this history, or ``None`` when none does yet:
    it needs one person rated twice by the same rater (progress compares a rater with
    themselves), and names that person when the history holds several."""
    people = people_in(entries)
    seen: set[tuple[str | None, str, str | None]] = set()
    for entry in entries:
        if entry.rater_role in HIRING_ROLES:
            continue
        key = (person_key(entry.subject), entry.rater_role, person_key(entry.rater_name))
        if key not in seen:
            seen.add(key)
            continue
        if len(people) == 1:
            return "pmlevel progress"
        who = shell_quote(entry.subject) if entry.subject and person_key(entry.subject) else "me"
        return f"pmlevel progress --subject {who}"
    return None


def next_step(history: History, result: Result, saved_id: int) -> str:
    """What to run after saving *result* as entry *saved_id* (the "next:" hint).

    A self-rating leads to a plan; an agreed result to a plan made from it; a
    manager's or peer's result to a merge with the person's latest self-rating.
    """
    person = Person(person_key(result.subject), result.subject)
    who = ""
    if len(people_of(history, 2)) > 1:
        who = f" --subject {shell_quote(result.subject)}" if result.subject else " --subject me"
    role = result.rater.role
    if role == "self":
        return f"pmlevel plan{who}"
    if role == "agreed":
        return f"pmlevel plan {saved_id}"
    selves = self_ratings(history, person)
    if selves:
        return f"pmlevel merge {selves[-1].id} {saved_id}"
    return f"pmlevel report {saved_id}"


def subject_given(subject: str | None) -> tuple[bool, str | None]:
    """Whether ``--subject`` was given, and the subject it names (``None``: "me", the
    results that name no one). Here, not in recording.py, which reads and records
    forms: `plan` and `assess` reach it through growth/evidence.py and need none of that."""
    if subject is None:
        return False, None
    key = person_key(subject)
    if key is None or key in ME_WORDS:
        return True, None
    return True, " ".join(subject.split())
