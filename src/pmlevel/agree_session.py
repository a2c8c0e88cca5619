"""One check-in from start to finish (``pmlevel agree``): results in, agreed result out.

The same habits as ``assess`` (``assessment.py``): the questions run in the
terminal session with ``b``, ``?``, Enter and Ctrl-C; a draft of the settled
ratings is kept after every answer (kind ``agree``) so ``--resume`` continues;
``--answers FILE`` settles without questions; without a terminal and without
``--answers`` it stops at once. The draft is removed only after the export and
the history have been written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pmlevel.agree import CheckIn, prepare, settle
from pmlevel.errors import UsageError
from pmlevel.people import same_person
from pmlevel.result import Result

KIND = "agree"


def run(
    c: Any,
    *,
    sources: Sequence[str],
    answers_file: Path | None,
    rater_name: str | None,
    resume: bool,
    save: bool,
    output: Path | None,
) -> tuple[Result, int | None]:
    """The agreed result, and its id in the history (``None`` when not saved)."""
    from pmlevel.assessment import save_result
    from pmlevel.drafts import remove_draft
    from pmlevel.sources import read_sources

    if len(sources) < 2:
        raise UsageError("agree_needs_two", count=len(sources))
    model = c.model
    check_in = prepare(model, read_sources(sources, c.data_dir))
    if answers_file is not None:
        if resume:
            raise UsageError("resume_with_answers")
        from pmlevel.answers import read_answers

        answers = read_answers(answers_file, model, required=check_in.differing)
        ratings, notes = answers.ratings, answers.notes
        rater_name = rater_name or answers.rater_name
    else:
        draft = _talk(c, check_in, rater_name=rater_name, resume=resume, save=save)
        ratings, notes = draft.ratings, draft.notes
        rater_name = draft.rater_name
        save = save and draft.save
    result = settle(model, check_in, ratings, notes, rater_name=rater_name)
    if output is not None:
        from pmlevel.assessment import export

        export(c, "agree", output, result)
    saved_id = save_result(c, result, output) if save else None
    if answers_file is None:
        remove_draft(c.state_dir, model.sha256, KIND)
    return result, saved_id


def _talk(c: Any, check_in: CheckIn, *, rater_name: str | None, resume: bool, save: bool) -> Any:
    """Ask for the agreed rating of each skill the raters differ on, in the terminal."""
    from pmlevel.drafts import Draft, load_draft
    from pmlevel.render.agree import beside, opening
    from pmlevel.render.common import Words, plain
    from pmlevel.terminal_session import ask_all

    if not c.stdin_isatty:
        raise UsageError("agree_no_terminal")
    model = c.model
    w = Words(model, c.t)
    kept = load_draft(c.state_dir, model.sha256, KIND)
    if kept is not None and not same_person(kept.subject, check_in.subject):
        kept = None  # a draft of someone else's check-in is not this one
    if resume and kept is None:
        c.err.print(plain(c.t("nothing_to_resume_agree"), style="yellow"))
    elif not resume and kept is not None and kept.ratings:
        c.err.print(plain(c.t.count("agree_draft_replaced", len(kept.ratings)), style="yellow"))
    draft = kept if resume and kept is not None else Draft(model.sha256, save=save, kind=KIND)
    draft.subject = check_in.subject
    draft.rater_role = "agreed"
    draft.save = draft.save and save
    if rater_name is not None:
        draft.rater_name = rater_name
    answered = sum(1 for skill in check_in.differing if skill in draft.ratings)
    if not check_in.differing:
        c.err.print(plain(c.t("agree_nothing_differs"), style="green"))
        return draft
    try:
        return ask_all(
            c.err,
            w,
            draft,
            c.state_dir,
            only=check_in.differing,
            beside=lambda skill: beside(w, check_in, skill.id),
            opening=opening(w, check_in, answered),
        )
    except KeyboardInterrupt:
        c.err.print()
        if draft.ratings:
            message = c.t.count("agree_answers_kept", len(draft.ratings))
        else:
            message = c.t("nothing_answered")
        c.err.print(plain(message, style="yellow"))
        raise SystemExit(130) from None
