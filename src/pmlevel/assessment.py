"""One assessment from start to finish: ratings in (a file or the questions), result out.

This is the sequence behind ``pmlevel assess``; the CLI only passes its options.
The order matters for "nothing lost": the draft of typed answers is removed
only after the export and the history have been written, so a bad ``-o`` path
or a full disk leaves the answers ready for ``--resume``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pmlevel.errors import UsageError
from pmlevel.result import Rater, Result, build_result


def run(
    c: Any,
    *,
    answers_file: Path | None,
    role: str | None,
    rater_name: str | None,
    subject: str | None,
    resume: bool,
    save: bool,
    output: Path | None,
) -> tuple[Result, int | None]:
    """The result, and its id in the history (``None`` when it was not saved)."""
    from pmlevel.drafts import remove_draft

    model = c.model
    if answers_file is not None:
        if resume:
            raise UsageError("resume_with_answers")
        from pmlevel.answers import read_answers

        answers = read_answers(answers_file, model)
        ratings, notes = answers.ratings, answers.notes
        subject = subject or answers.subject
        role = role or answers.rater_role
        rater_name = rater_name or answers.rater_name
    else:
        draft = _interview(
            c, role=role, rater_name=rater_name, subject=subject, resume=resume, save=save
        )
        ratings, notes = draft.ratings, draft.notes
        subject, role, rater_name = draft.subject, draft.rater_role, draft.rater_name
        save = save and draft.save

    result = build_result(
        model,
        ratings,
        notes=notes,
        subject=subject,
        rater=Rater(role=role or "self", name=rater_name),
    )
    if output is not None:
        export(c, "assess", output, result)
    saved_id = save_result(c, result, output) if save else None
    if answers_file is None:
        remove_draft(c.state_dir, model.sha256)
    return result, saved_id


def save_result(c: Any, result: Result, output: Path | None = None) -> int:
    """Save *result* in the history and say so on stderr, with what to run next."""
    from pmlevel.history import History
    from pmlevel.render.common import plain
    from pmlevel.subjects import next_step

    try:
        with History.open(c.data_dir) as history:
            saved_id = history.save(result)
            command = next_step(history, result, saved_id)
    except UsageError as exc:
        if output is not None:  # so the message can say the file is there
            exc.params["written"] = str(output)
        raise
    c.err.print(plain(c.t("saved_as", id=saved_id, command=command), style="dim"), soft_wrap=True)
    return saved_id


def _interview(
    c: Any,
    *,
    role: str | None,
    rater_name: str | None,
    subject: str | None,
    resume: bool,
    save: bool,
) -> Any:
    from pmlevel.drafts import Draft, load_draft
    from pmlevel.render.common import Words, plain
    from pmlevel.terminal_session import ask_all

    if not c.stdin_isatty:
        raise UsageError("no_terminal")
    model = c.model
    kept = load_draft(c.state_dir, model.sha256)
    if resume and kept is None:
        c.err.print(plain(c.t("nothing_to_resume"), style="yellow"))
    elif not resume and kept is not None and kept.ratings:
        c.err.print(plain(c.t.count("draft_will_be_replaced", len(kept.ratings)), style="yellow"))
    draft = kept if resume and kept is not None else Draft(model.sha256, save=save)
    draft.save = draft.save and save
    if subject is not None:
        draft.subject = subject
    if role is not None:
        draft.rater_role = role
    if rater_name is not None:
        draft.rater_name = rater_name
    try:
        return ask_all(c.err, Words(model, c.t), draft, c.state_dir)
    except KeyboardInterrupt:
        c.err.print()
        if draft.ratings:
            kept_message = c.t.count("answers_kept", len(draft.ratings))
        else:
            kept_message = c.t("nothing_answered")
        c.err.print(plain(kept_message, style="yellow"))
        raise SystemExit(130) from None


def reopen(c: Any, file: str | None, *, output: Path | None) -> Result:
    """A saved result (a file, a history id, or the latest entry), exported again when asked."""
    from pmlevel.render.common import plain

    if file is None:
        from pmlevel.history import History

        with History.open(c.data_dir) as history:
            latest = history.latest()
        if latest is None:
            raise UsageError("report_nothing_saved")
        result = latest
    else:
        from pmlevel.sources import read_source

        _, result = read_source(file, c.data_dir)
    model = c.model
    if result.model.sha256 != model.sha256:
        c.err.print(
            plain(
                c.t("other_model", name=result.model.name, sha=result.model.sha256[:8]),
                style="yellow",
            )
        )
    if output is not None:
        export(c, "report", output, result)
    return result


def export(c: Any, command: str, output: Path, result: Result) -> None:
    """``-o`` for a result: its JSON, or its document drawn as Markdown, HTML or SVG."""
    from pmlevel.render.assessment import result_document
    from pmlevel.render.common import Words
    from pmlevel.render.output import write_output

    def document() -> Any:
        return result_document(Words(c.model, c.t), result)

    write_output(c.err, c.t, command, output, document, {".json": lambda: result.to_json() + "\n"})
