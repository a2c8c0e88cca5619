"""Evidence gathered through the year (docs/reference.md#evidence): add, list, verify, remove.

A piece of evidence is what someone did, on which day, and which skills it backs (one
piece may back several); someone who saw it may confirm it (``verify``), and until then
it is self-reported. Pieces are kept in the history database beside the results
(:mod:`pmlevel.store.history`), private like it.

Whose: the subject is matched by the one identity rule
(:func:`~pmlevel.assess.people.person_key`); no subject, or ``me`` (``我``…), is the
person whose results name no one, as ``--subject me`` means for ``merge`` and ``agree``.

A service: values in, values out, problems as :class:`~pmlevel.errors.UsageError`.
Nothing is written unless every check has passed.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pmlevel.errors import UsageError
from pmlevel.growth.whose import subject_given
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import History, Piece, SkillEvidence
from pmlevel.store.workspace import Workspace
from pmlevel.text.safe import clean_line, clean_text

MAX_TEXT_CHARS = 2000  # as a rating's note (assess/answers.py)
MAX_LINK_CHARS = 2000
LATEST = 3  # the pieces shown with a skill's question (assess)


def whose(subject: str | None) -> str | None:
    """The subject a piece is about: the name as typed, one line; ``None`` for "me"."""
    return subject_given(subject)[1]


def check_skills(model: LevelModel, skills: Sequence[str]) -> list[str]:
    """The skill ids given, each once; an unknown one is refused with the closest id, as
    the model and answers files are checked (model/validation.py)."""
    from pmlevel.model.validation import closest

    known = [skill.id for skill in model.skills]
    given = [skill.strip() for skill in skills]
    if not given:
        raise UsageError("evidence_no_skill")
    for skill in given:
        if skill not in known:
            suggestion = closest(skill, known)
            if suggestion:
                raise UsageError(
                    "evidence_unknown_skill_did_you_mean", skill=skill, suggestion=suggestion
                )
            raise UsageError("evidence_unknown_skill", skill=skill)
    return list(dict.fromkeys(given))


def parse_day(text: str, option: str = "--date") -> dt.date:
    """A day written ``YYYY-MM-DD`` (only that: ``2026-3-1`` or a time is refused)."""
    value = text.strip()
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError("evidence_bad_date", option=option, value=clean_line(text)) from None


def check_link(link: str) -> str:
    """A web address (``http://`` or ``https://`` with a host), one line, as given."""
    value = link.strip()
    try:
        parts = urllib.parse.urlsplit(value)
        host_ok = bool(parts.hostname)
    except ValueError:
        host_ok = False
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not host_ok
        or len(value) > MAX_LINK_CHARS
        or clean_line(value) != value
        or any(ch.isspace() for ch in value)
    ):
        raise UsageError("evidence_bad_link", link=clean_line(link)[:200])
    return value


def add(
    ws: Workspace,
    text: str,
    skills: Sequence[str],
    *,
    subject: str | None = None,
    date: str | None = None,
    link: str | None = None,
) -> Piece:
    """Record one piece of evidence (``evidence add``) and return it with its id.

    Refused, before anything is written: an empty text, no skill or an unknown one, a
    date that is not ``YYYY-MM-DD`` or is after today (the workspace's clock), a link
    that is not a web address."""
    said = clean_text(text).strip()
    if not said:
        raise UsageError("evidence_empty_text")
    if len(said) > MAX_TEXT_CHARS:
        raise UsageError("evidence_text_too_long", limit=MAX_TEXT_CHARS, length=len(said))
    chosen = check_skills(ws.model, skills)
    today = ws.today()
    day = today if date is None else parse_day(date)
    if day > today:
        raise UsageError("evidence_future_date", date=day.isoformat(), today=today.isoformat())
    address = None if link is None else check_link(link)
    with History.open(ws.data_dir) as saved:
        return saved.add_evidence(
            subject=whose(subject),
            date=day,
            text=said,
            skills=chosen,
            link=address,
            added_at=ws.now(),
        )


@dataclass(frozen=True)
class Chosen:
    """Which pieces ``evidence list`` lists: everyone's (*subject* None) or one person's,
    for one skill, on or after a day."""

    subject: str | None = None
    skill: str | None = None
    since: dt.date | None = None


def choose(
    model: LevelModel,
    *,
    subject: str | None = None,
    skill: str | None = None,
    since: str | None = None,
) -> Chosen:
    """``evidence list``'s options, checked before anything is read: *skill* an id of the
    model, *since* a day written ``YYYY-MM-DD``."""
    chosen = None if skill is None else check_skills(model, [skill])[0]
    day = None if since is None else parse_day(since, "--since")
    return Chosen(subject, chosen, day)


def listing(
    ws: Workspace,
    *,
    subject: str | None = None,
    skill: str | None = None,
    since: str | None = None,
) -> list[Piece]:
    """The pieces ``evidence list`` shows, oldest first: everyone's, or *subject*'s; for
    *skill* (an id of the model) and on or after *since* (``YYYY-MM-DD``) when given."""
    return pieces_of(ws, choose(ws.model, subject=subject, skill=skill, since=since))


def pieces_of(ws: Workspace, chosen: Chosen) -> list[Piece]:
    """The pieces *chosen* picks, oldest first."""
    with History.open(ws.data_dir, readonly=True) as saved:
        return list(
            saved.iter_evidence(
                whose(chosen.subject),
                anyone=chosen.subject is None,
                skill=chosen.skill,
                since=chosen.since,
            )
        )


def verify(ws: Workspace, piece_id: int, by: str) -> Piece:
    """Record that *by* saw and confirms the piece *piece_id*, dated today."""
    name = " ".join(clean_line(by).split())
    if not name:
        raise UsageError("evidence_verify_no_name")
    with History.open(ws.data_dir) as saved:
        found = saved.verify_evidence(piece_id, name, ws.today())
    if found is None:
        raise UsageError("evidence_no_piece", id=piece_id)
    return found


def remove(ws: Workspace, piece_id: int) -> Piece:
    """Delete the piece *piece_id*; returns what it was."""
    with History.open(ws.data_dir) as saved:
        found = saved.remove_evidence(piece_id)
    if found is None:
        raise UsageError("evidence_no_piece", id=piece_id)
    return found


def for_skills(
    data_dir: Path, subject: str | None, skills: Iterable[str], latest: int | None = LATEST
) -> dict[str, SkillEvidence]:
    """*subject*'s evidence for each of *skills* (count and the latest *latest* pieces,
    ``None``: all), for ``assess``,
    ``plan`` and ``case``; skills without any are left out. *subject* is a result's
    subject (``None``: the results that name no one)."""
    with History.open(data_dir, readonly=True) as saved:
        return saved.evidence_by_skill(whose(subject), skills, latest)


def json_list(ws: Workspace, chosen: Chosen, *, ascii_only: bool = False) -> Iterator[str]:
    """``evidence list --json``: a JSON list, one piece per line, streamed from the history
    a page at a time (made by SQLite: docs/reference.md#evidence-json)."""
    with History.open(ws.data_dir, readonly=True) as saved:
        found = saved.iter_evidence_json(
            whose(chosen.subject),
            anyone=chosen.subject is None,
            skill=chosen.skill,
            since=chosen.since,
        )
        page: list[str] = []
        first = True
        for text in found:
            if ascii_only:  # a stdout that cannot carry UTF-8: the same JSON, escaped
                text = json.dumps(json.loads(text))
            page.append(("[\n" if first else ",\n") + text)
            first = False
            if len(page) >= 500:
                yield "".join(page)
                page = []
        page.append("[]" if first else "\n]")
        yield "".join(page)
