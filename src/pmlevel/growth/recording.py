"""What ``merge`` and ``agree`` read, said to be about one person, and the returned forms
they keep in the history.

- **Whose.** ``--subject NAME`` says who the files given are about: every result is
  read as NAME's, whatever name it carries (a manager who typed "王芳" on the form of a
  self-rating saved without a name is the usual case). ``--subject me`` (or ``我``, or
  ``--subject ''``) reads them as yours: the results that name no one.
- **Recorded.** A returned form (an answers file: the form's saved JSON, a filled-in
  answers YAML) read by ``merge`` or ``agree`` is saved in the history like any result,
  so that ``case``, ``plan``, ``team`` and a later ``merge`` find it without a manual
  step. The same answers twice are one entry: a file whose subject, rater, date (the
  file's, as it is read) and ratings are already in the history is not saved again.
  Interviewers' and panel members' scorecards are not recorded by a merge: a candidate
  is not someone one develops (``assess --answers CARD`` saves one when asked).
  Result files and history ids are not recorded either: they are saved already, or
  were exported from a history.

A service: it returns values and never prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pmlevel.assess.assessment import Notice
from pmlevel.assess.people import HIRING_ROLES, person_key
from pmlevel.assess.result import Result
from pmlevel.assess.sources import history_id, looks_like_answers, read_sources
from pmlevel.errors import PmlevelError
from pmlevel.growth.whose import subject_given
from pmlevel.model.ladder import LevelModel
from pmlevel.model.yaml_reader import read_yaml_file
from pmlevel.store.history import History


@dataclass(frozen=True, slots=True)
class Recorded:
    """A returned form kept in the history: its file, its entry, and whether it is new."""

    source: str
    id: int
    new: bool


def read_about(
    model: LevelModel, names: Sequence[str], data_dir: Path, subject: str | None = None
) -> list[tuple[str, Result]]:
    """The results *names* stand for (files or history ids, answers files estimated with
    *model*); with *subject* (``--subject``), each read as that person's."""
    results = read_sources(names, data_dir, model)
    given, who = subject_given(subject)
    if not given:
        return results
    return [(shown, result.model_copy(update={"subject": who})) for shown, result in results]


def answers_files(names: Sequence[str]) -> set[str]:
    """The names that are answers files (a returned form), not results or history ids."""
    found: set[str] = set()
    for name in names:
        if history_id(name) is not None:
            continue
        path = Path(name)
        if path.suffix.lower() not in (".json", ".yaml", ".yml"):
            continue
        try:
            data = read_yaml_file(path).data
        except (PmlevelError, OSError):  # read by read_sources already; odd: not a form
            continue
        if looks_like_answers(data):
            found.add(name)
    return found


def record_forms(
    data_dir: Path, names: Sequence[str], results: Sequence[tuple[str, Result]]
) -> list[Recorded]:
    """Save each answers file among *results* (read from *names*) in the history, once."""
    forms = answers_files(names)
    chosen = [
        (shown, result)
        for shown, result in results
        if shown in forms and result.rater.role not in HIRING_ROLES
    ]
    if not chosen:
        return []
    recorded = []
    with History.open(data_dir) as history:
        for shown, result in chosen:
            known = same_entry(history, result)
            if known is not None:
                recorded.append(Recorded(shown, known, False))
            else:
                recorded.append(Recorded(shown, history.save(result), True))
    return recorded


def same_entry(history: History, result: Result) -> int | None:
    """The id of an entry with *result*'s subject, rater, date and ratings, if there is one."""
    moment = result.assessed_at.timestamp()
    for entry in history.entries(result.subject or ""):
        if (
            entry.rater_role == result.rater.role
            and person_key(entry.rater_name) == person_key(result.rater.name)
            and entry.assessed_at.timestamp() == moment
            and history.get(entry.id).ratings == result.ratings
        ):
            return entry.id
    return None


def recorded_notice(recorded: Sequence[Recorded]) -> Notice | None:
    """One line: which returned forms went into the history, and which were there already."""
    new = ", ".join(f"{r.source} → #{r.id}" for r in recorded if r.new)
    known = ", ".join(f"{r.source} → #{r.id}" for r in recorded if not r.new)
    if new and known:
        return Notice("recorded_both", {"new": new, "known": known}, tone="info")
    if new:
        return Notice("recorded_new", {"new": new}, tone="info")
    if known:
        return Notice("recorded_known", {"known": known}, tone="info")
    return None
