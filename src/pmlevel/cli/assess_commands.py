"""Commands that assess one person and show the result: ``assess``, ``report``."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pmlevel.cli.commands import command, say, words
from pmlevel.cli.context import Context, context_of
from pmlevel.cli.emit import RESULT, Report, write_file
from pmlevel.cli.options import (
    ForceOption,
    JsonOption,
    OutputOption,
    Role,
    TrackOption,
    flag,
    value,
)

if TYPE_CHECKING:
    from pmlevel.assess.assessment import Ask, Assessed, Export, Notice
    from pmlevel.assess.drafts import Draft
    from pmlevel.assess.result import Result
    from pmlevel.growth.checkin import CheckIn
    from pmlevel.store.history import SkillEvidence


@command("cmd_assess", writes=RESULT)
def assess(
    ctx: typer.Context,
    answers: Annotated[Path | None, value("--answers", "opt_answers", "FILE")] = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    rater: Annotated[str | None, value("--rater", "opt_rater", "ROLE", Role)] = None,
    rater_name: Annotated[str | None, value("--rater-name", "opt_rater_name")] = None,
    subject: Annotated[str | None, value("--subject", "opt_subject")] = None,
    no_save: Annotated[bool, flag("--no-save", "opt_no_save")] = False,
    resume: Annotated[bool, flag("--resume", "opt_resume")] = False,
    track: TrackOption = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.assess import assessment

    c = context_of(ctx)
    done = assessment.run(
        c.workspace(),
        track=track,
        answers_file=answers,
        role=rater,
        rater_name=rater_name,
        subject=subject,
        resume=resume,
        save=not no_save,
        ask=ask_on_terminal(c),
        export=exporter(c, output, force),
    )
    return finished(c, done, output, with_evidence=True)


@command("cmd_report", writes=RESULT)
def report(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(metavar="RESULT.json|ID", help="arg_result_file", show_default=False),
    ] = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    track: TrackOption = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.assess import assessment
    from pmlevel.assess.sources import history_id

    c = context_of(ctx)
    result, notices = assessment.reopen(c.workspace(), file, track=track)
    say(c, notices)
    after = []
    if file is None or history_id(file) is not None:
        from pmlevel.cli.reminder import reminder_lines

        after = reminder_lines(c, [result.subject])
    made = result_report(c, result)
    made.after = after
    return made


def result_report(c: Context, result: "Result", *, with_evidence: bool = False) -> Report:
    """A result as a report: its document, its JSON, and its ``.json`` file. With
    *with_evidence* (``assess``), the document also shows the subject's evidence per
    skill, read from the history only when the document is drawn (never for --json)."""

    def document(screen: bool = False) -> Any:
        # Imported when drawn: --json and a .json file need no document (python
        # bench/imports.py, assess: the report and its renderers are 10 ms).
        from pmlevel.reports.assess import result_document

        return result_document(words(c), result, screen=screen, evidence=evidence())

    def evidence() -> "dict[str, SkillEvidence] | None":
        if not with_evidence:
            return None
        from pmlevel.growth.evidence import for_skills

        return for_skills(c.data_dir, result.subject, list(result.ratings))

    return Report(
        document=document,
        screen=lambda: document(screen=True),
        json=result.to_json,
        files={".json": lambda: result.to_json() + "\n"},
    )


def exporter(c: Context, output: Path | None, force: bool = False) -> "Export | None":
    """Writing the ``-o`` file of a result, for the services (which decide when)."""
    if output is None:
        return None

    def export(result: "Result") -> Path:
        write_file(c, result_report(c, result), RESULT, output, force=force)
        return output

    return export


def finished(
    c: Context, done: "Assessed", output: Path | None, *, with_evidence: bool = False
) -> Report:
    """After assess or agree: what the service said and where the result was saved, then
    the result (its ``-o`` file was written by the service already)."""
    from pmlevel.assess.assessment import Notice

    say(c, done.notices)
    if done.saved is not None:
        command = done.saved.next_command
        say(c, [Notice("saved_as", {"id": done.saved.id, "command": command}, tone="info")])
    shown = result_report(c, done.result, with_evidence=with_evidence)
    shown.written = output
    return shown


def ask_on_terminal(c: Context, talk: "CheckIn | None" = None, resume: str = "") -> "Ask":
    """The terminal session for the questions of ``assess`` (or of ``agree`` about *talk*,
    continued later with the command *resume*)."""

    def ask(draft: "Draft", notices: "list[Notice]") -> "Draft":
        from pmlevel.cli.terminal import ask_all

        say(c, notices)
        w = words(c)
        if talk is None:
            from pmlevel.cli.question_screen import evidence_beside
            from pmlevel.growth.evidence import for_skills

            skills = [skill.id for skill in w.model.skills]
            found = for_skills(c.data_dir, draft.subject, skills)
            return ask_all(
                c.err,
                w,
                draft,
                c.state_dir,
                beside=lambda skill: evidence_beside(w, found.get(skill.id)),
            )
        from pmlevel.cli.checkin_screen import agree_help, beside, opening

        answered = sum(1 for skill in talk.differing if skill in draft.ratings)
        return ask_all(
            c.err,
            w,
            draft,
            c.state_dir,
            only=talk.differing,
            beside=lambda skill: beside(w, talk, skill.id),
            opening=opening(w, talk, answered, resume),
            help_text=agree_help(w, resume),
        )

    return ask
