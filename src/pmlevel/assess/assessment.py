"""One assessment from start to finish: ratings in (a file or the questions), result out.

A service: it returns values and raises errors, and never prints. What has to
be said along the way comes back as :class:`Notice` values; asking the questions
and writing an export are functions the caller passes in (``ask``, ``export``),
so this module holds the sequence and no terminal. ``pmlevel assess`` and
``pmlevel agree`` (``growth/checkin_session.py``) both finish through :func:`finish`.

The order matters for "nothing lost": the draft of typed answers is removed
only after the export and the history have been written, so a bad ``-o`` path
or a full disk leaves the answers ready for ``--resume``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from pmlevel.assess.people import same_person
from pmlevel.assess.result import Rater, Result, build_result, rederive, result_notes
from pmlevel.assess.sources import read_source_document
from pmlevel.errors import InputError, PmlevelError, UsageError
from pmlevel.store.workspace import Workspace

if TYPE_CHECKING:
    # The drafts and what to run next are imported where they are used: `report`
    # (reopen) needs neither (python bench/imports.py --detail report).
    from pmlevel.assess.drafts import Draft


@dataclass(frozen=True)
class Notice:
    """A line a service has to say (a message id and its values); the CLI prints it."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    tone: Literal["warning", "info", "success"] = "warning"
    count: int | None = None  # for messages with a singular form (``Translator.count``)


@dataclass(frozen=True)
class Saved:
    """Where a result went in the history, and the command the user may run next."""

    id: int
    next_command: str


@dataclass(frozen=True)
class Assessed:
    result: Result
    saved: Saved | None
    notices: list[Notice] = field(default_factory=list)  # to say before the result


class Interrupted(PmlevelError):
    """Ctrl-C (or the end of input) during the questions; every answer is in the draft."""

    exit_code = 130

    def __init__(self, notice: Notice) -> None:
        super().__init__(notice.key)
        self.notice = notice


# ask(draft, notices) shows the notices, asks what the draft still lacks and returns it.
Ask: TypeAlias = "Callable[[Draft, list[Notice]], Draft]"
# export(result) writes the -o file and returns its path.
Export = Callable[[Result], Path]


def run(
    ws: Workspace,
    *,
    answers_file: Path | None,
    role: str | None,
    rater_name: str | None,
    subject: str | None,
    resume: bool,
    save: bool,
    ask: Ask,
    export: Export | None = None,
    track: str | None = None,
) -> Assessed:
    """Read the ratings from *answers_file*, or ask for them with *ask*; build, export, save.

    *track* (``--track``: an id or name) is checked before any question is asked."""
    model = ws.model
    track_id = model.find_track(track, ws.lang).id if track is not None else None
    if answers_file is not None:
        if resume:
            raise UsageError("resume_with_answers")

        # Imported here: the answers file's pydantic classes cost `report` and `plan`
        # 12 ms of start-up they never use (python bench/imports.py --detail report).
        from pmlevel.assess.answers import read_answers

        answers = read_answers(answers_file, model, role=role)  # --rater decides who rated
        ratings, notes = answers.ratings, answers.notes
        kit_level = answers.level
        subject = subject or answers.subject
        role = role or answers.rater_role
        rater_name = rater_name or answers.rater_name
    else:
        kit_level = None
        if not ws.can_ask:
            raise UsageError("no_terminal")
        draft, notices = start_draft(ws, resume=resume, save=save)
        if subject is not None:
            draft.subject = subject
        if role is not None:
            draft.rater_role = role
        if rater_name is not None:
            draft.rater_name = rater_name
        draft = ask_keeping_answers(ask, draft, notices, kept_key="answers_kept")
        ratings, notes = draft.ratings, draft.notes
        subject, role, rater_name = draft.subject, draft.rater_role, draft.rater_name
        save = save and draft.save

    result = build_result(
        model,
        ratings,
        notes=notes,
        subject=subject,
        rater=Rater(role=role or "self", name=rater_name),
        assessed_at=ws.now(),
        track=track_id,
        level=kit_level,
    )
    return finish(
        ws, result, save=save, export=export, draft_kind=None if answers_file else "assess"
    )


def start_draft(
    ws: Workspace,
    *,
    resume: bool,
    save: bool,
    kind: str = "assess",
    subject: str | None = None,
    keys: tuple[str, str] = ("nothing_to_resume", "draft_will_be_replaced"),
) -> tuple[Draft, list[Notice]]:
    """The draft to continue (``--resume``) or a new one, and what to tell the user about it.

    With *subject*, a kept draft about someone else is not continued. *keys* are the
    messages for "nothing to resume" and "the kept draft will be replaced".
    """
    from pmlevel.assess.drafts import Draft, fit_draft, load_draft

    kept = load_draft(ws.state_dir, ws.model.sha256, kind)
    if kept is not None:  # ratings off the scale or of unknown skills are asked again
        kept = fit_draft(kept, ws.model)
    if kept is not None and subject is not None and not same_person(kept.subject, subject):
        kept = None
    notices: list[Notice] = []
    if resume and kept is None:
        notices.append(Notice(keys[0]))
    elif not resume and kept is not None and kept.ratings:
        notices.append(Notice(keys[1], count=len(kept.ratings)))
    draft = kept if resume and kept is not None else Draft(ws.model.sha256, save=save, kind=kind)
    draft.save = draft.save and save
    return draft, notices


def ask_keeping_answers(
    ask: Ask,
    draft: Draft,
    notices: list[Notice],
    *,
    kept_key: str,
    params: dict[str, Any] | None = None,
) -> Draft:
    """*ask*, turning Ctrl-C into :class:`Interrupted` that says how many answers were kept
    (*params* fill the rest of *kept_key*'s message, such as the command to resume)."""
    try:
        return ask(draft, notices)
    except KeyboardInterrupt:
        if draft.ratings:
            notice = Notice(kept_key, dict(params or {}), count=len(draft.ratings))
            raise Interrupted(notice) from None
        raise Interrupted(Notice("nothing_answered")) from None


def finish(
    ws: Workspace,
    result: Result,
    *,
    save: bool,
    export: Export | None,
    draft_kind: str | None,
    notices: list[Notice] | None = None,
) -> Assessed:
    """Export, save, then forget the draft (*draft_kind* ``None``: there was none)."""
    written = export(result) if export is not None else None
    saved = save_result(ws, result, written=written) if save else None
    if draft_kind is not None:
        from pmlevel.assess.drafts import remove_draft

        remove_draft(ws.state_dir, ws.model.sha256, draft_kind)
    return Assessed(result, saved, list(notices or []))


def save_result(ws: Workspace, result: Result, *, written: Path | None = None) -> Saved:
    """Save *result* in the history; the id and what to run next come back."""
    from pmlevel.growth.whose import next_step
    from pmlevel.store.history import History

    try:
        with History.open(ws.data_dir) as history:
            saved_id = history.save(result)
            return Saved(saved_id, next_step(history, result, saved_id))
    except UsageError as exc:
        if written is not None:  # so the message can say the exported file is there
            exc.params["written"] = str(written)
        raise


def reopen(
    ws: Workspace, file: str | None, *, track: str | None = None
) -> tuple[Result, list[Notice]]:
    """A saved result (a file, a history id, or the latest entry), and what to say about it;
    with *track* (``--track``), its next level and the rest are those of that track."""
    model = ws.model
    track_id = model.find_track(track, ws.lang).id if track is not None else None
    doc = None  # the document a file was read from, which locates a problem in it
    if file is None:
        # Imported here: `report FILE` reads no history (python bench/imports.py, report:
        # the store and sqlite3, 10 ms).
        from pmlevel.store.history import History

        with History.open(ws.data_dir, readonly=True) as history:
            latest = history.latest()
        if latest is None:
            raise UsageError("report_nothing_saved")
        saved = latest
    else:
        saved, doc = read_source_document(file, ws.data_dir)
    notices = [Notice(key, params) for key, params in result_notes(saved)]
    foreign = saved.model.sha256 != model.sha256
    if foreign:
        notices.append(
            Notice("other_model", {"name": saved.model.name, "sha": saved.model.sha256[:8]})
        )
    try:
        result = rederive(model, saved, doc)
    except InputError:
        if not foreign:
            raise
        # Made with another model whose skills the current one lacks: it cannot be
        # checked or estimated again here, so it is shown as its file says, marked as
        # such; names come from the current model where the ids exist, ids otherwise.
        notices.append(Notice("other_model_unchecked"))
        return saved, notices
    if track_id is not None:
        result = rederive(model, result, track=track_id)
    return result, notices
