"""One check-in from start to finish (``pmlevel agree``): results in, agreed result out.

The same habits and the same sequence as ``assess`` (``assess/assessment.py``, whose
steps it uses): the questions run in the terminal session with ``b``, ``?``,
Enter and Ctrl-C; a draft of the settled ratings is kept after every answer
(kind ``agree``) so ``--resume`` continues; ``--answers FILE`` settles without
questions; without a terminal and without ``--answers`` it stops at once. The
draft is removed only after the export and the history have been written.
A service: it returns values and never prints.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from pathlib import Path

from pmlevel.assess.answers import read_answers
from pmlevel.assess.assessment import (
    Ask,
    Assessed,
    Export,
    Notice,
    ask_keeping_answers,
    finish,
    start_draft,
)
from pmlevel.assess.result import Result
from pmlevel.errors import UsageError
from pmlevel.growth.checkin import CheckIn, prepare, settle
from pmlevel.growth.recording import read_about
from pmlevel.store.workspace import Workspace

KIND = "agree"


def check_in(ws: Workspace, sources: Sequence[str], subject: str | None = None) -> CheckIn:
    """The raters' results for one person, and the skills where they differ."""
    return check_in_read(ws, sources, subject)[0]


def check_in_read(
    ws: Workspace, sources: Sequence[str], subject: str | None = None
) -> tuple[CheckIn, list[tuple[str, Result]]]:
    """:func:`check_in`, and every result it read (to record the returned forms); with
    *subject* (``--subject``) each is read as that person's."""
    if len(sources) < 2:
        raise UsageError("agree_needs_two", count=len(sources))
    results = read_about(ws.model, sources, ws.data_dir, subject)
    return prepare(ws.model, results), results


def resume_command(
    sources: Sequence[str],
    *,
    subject: str | None = None,
    rater_name: str | None = None,
    no_save: bool = False,
) -> str:
    """The command that continues this check-in: the same files or ids and the same
    options that change what is saved, shell-quoted."""
    words = ["pmlevel", "agree", *sources]
    if subject is not None:
        words += ["--subject", subject]
    if rater_name is not None:
        words += ["--rater-name", rater_name]
    if no_save:
        words.append("--no-save")
    return shlex.join([*words, "--resume"])


def run(
    ws: Workspace,
    talk: CheckIn,
    *,
    answers_file: Path | None,
    rater_name: str | None,
    resume: bool,
    save: bool,
    ask: Callable[[CheckIn], Ask],
    export: Export | None = None,
    resume_command: str = "pmlevel agree --resume",
) -> Assessed:
    """The agreed result of *talk*, from *answers_file* or asked with ``ask(talk)``;
    after Ctrl-C the notice names *resume_command* (:func:`resume_command`)."""
    model = ws.model
    said: list[Notice] = []
    if answers_file is not None:
        if resume:
            raise UsageError("resume_with_answers")

        # What both agreed on: like a self-rating, every skill discussed gets a rating.
        answers = read_answers(answers_file, model, required=talk.differing, role="agreed")
        ratings, notes = answers.ratings, answers.notes
        rater_name = rater_name or answers.rater_name
    else:
        if talk.differing and not ws.can_ask:  # nothing to ask needs no terminal
            raise UsageError("agree_no_terminal")
        draft, notices = start_draft(
            ws,
            resume=resume,
            save=save,
            kind=KIND,
            subject=talk.subject,
            keys=("nothing_to_resume_agree", "agree_draft_replaced"),
        )
        draft.subject = talk.subject
        draft.rater_role = "agreed"
        if rater_name is not None:
            draft.rater_name = rater_name
        if talk.differing:
            draft = ask_keeping_answers(
                ask(talk),
                draft,
                notices,
                kept_key="agree_answers_kept",
                params={"command": resume_command},
            )
        else:
            said = [*notices, Notice("agree_nothing_differs", tone="success")]
        ratings, notes = draft.ratings, draft.notes
        rater_name = draft.rater_name
        save = save and draft.save
    result = settle(model, talk, ratings, notes, rater_name=rater_name, assessed_at=ws.now())
    kind = None if answers_file else KIND
    return finish(ws, result, save=save, export=export, draft_kind=kind, notices=said)
