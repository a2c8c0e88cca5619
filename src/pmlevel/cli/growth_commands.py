"""Commands of the growth loop: ``history``, ``progress``, ``plan``, ``merge``, ``agree``,
``form``."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmlevel.cli.commands import command, say, words
from pmlevel.cli.context import context_of
from pmlevel.cli.emit import DOCUMENT, RESULT, TABULAR, Formats, Report, echo_json
from pmlevel.cli.options import (
    AnonymousPeersOption,
    DocumentOutputOption,
    ForceOption,
    JsonOption,
    MinPeersOption,
    OutputOption,
    Role,
    SubjectOption,
    TrackOption,
    flag,
    value,
)

if TYPE_CHECKING:
    from pmlevel.render.document import Document


@command("cmd_history", writes=TABULAR)
def history(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="FILE...|DIR", help="arg_import_paths", show_default=False),
    ] = None,
    subject: SubjectOption = None,
    since: Annotated[str | None, value("--since", "opt_since", "DATE")] = None,
    limit: Annotated[int | None, value("--limit", "opt_limit", "N")] = None,
    reverse: Annotated[bool, flag("--reverse", "opt_reverse")] = False,
    as_json: JsonOption = False,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            metavar="DIR",
            help="opt_export_dir",
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    import_: Annotated[bool, flag("--import", "opt_import")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="opt_history_output", show_default=False
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    from pmlevel.cli.emit import emit
    from pmlevel.cli.reminder import reminder_lines
    from pmlevel.growth.listing import (
        check_import,
        csv_chunks,
        json_chunks,
        on_screen,
        selection,
    )
    from pmlevel.render.screen import inline
    from pmlevel.reports.history import (
        history_document,
        history_notices,
        import_lines,
    )
    from pmlevel.store.history import History, export_entries

    c = context_of(ctx)
    check_import(files or [], import_)
    if import_:
        from pmlevel.cli.loading_bar import LoadingBar
        from pmlevel.company.gather import import_files

        with History.open(c.data_dir) as saved, LoadingBar(c.err, c.t("import_progress")) as bar:
            imported = import_files(saved, c.model, files or [], progress=bar)
        for line in import_lines(c.t, imported):
            c.err.print(inline(line), soft_wrap=True)
        if as_json:
            echo_json(c, imported.to_json())
        return
    chosen = selection(subject, since, limit, reverse)
    # The listing streams from the open history: it is emitted before the file closes.
    with History.open(c.data_dir, readonly=True) as saved:

        def screen() -> "Document":  # counted only when the listing is drawn
            shown, hidden = on_screen(saved, chosen)
            return history_document(words(c), list(saved.iter_entries(shown)), hidden=hidden)

        after = reminder_lines(c, None if subject is None else [subject], saved)
        exported = None
        if export is not None:
            exported = export_entries(saved, list(saved.iter_entries(chosen)), export)
        listing = Report(
            document=lambda: history_document(words(c), list(saved.iter_entries(chosen))),
            screen=screen,
            json_stream=lambda: json_chunks(
                (entry.to_json() for entry in saved.iter_entries(chosen)),
                ascii_only=not c.stdout_unicode,
            ),
            # Streamed a page at a time, never drawn: 100,000 rows in flat memory.
            files={".csv": lambda: csv_chunks(saved, c.model, chosen)},
        )
        # Exported, the listing is not drawn as well (100,000 rows).
        if export is None or output is not None or as_json:
            emit(c, listing, formats=TABULAR, output=output, as_json=as_json, force=force)
        names = saved.subjects()  # everyone, one spelling each: look-alike names are said
    for notice in history_notices(c.t, saved.damaged, exported, names):
        c.err.print(inline(notice), soft_wrap=True)
    for reminder in after:
        c.err.print(reminder, soft_wrap=True)


@command("cmd_progress", writes=DOCUMENT)
def progress(
    ctx: typer.Context,
    first: Annotated[
        int | None, typer.Argument(metavar="A", help="arg_progress_ids", show_default=False)
    ] = None,
    second: Annotated[
        int | None, typer.Argument(metavar="B", help="arg_progress_id_b", show_default=False)
    ] = None,
    subject: SubjectOption = None,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.cli.reminder import reminder_lines
    from pmlevel.growth.progress import compare, pick_pair
    from pmlevel.render.screen import inline
    from pmlevel.reports.history import history_notices, progress_document
    from pmlevel.store.history import History

    c = context_of(ctx)
    with History.open(c.data_dir, readonly=True) as saved:
        chosen = [n for n in (first, second) if n is not None]
        before, later = pick_pair(saved, subject, chosen, c.model.sha256)
        after = reminder_lines(c, [later.subject], saved)
    for line in history_notices(c.t, saved.damaged):
        c.err.print(inline(line), soft_wrap=True)
    moved = compare(before, later)
    return Report(
        document=lambda: progress_document(words(c), moved), json=moved.to_json, after=after
    )


@command("cmd_plan", writes=DOCUMENT)
def plan(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(metavar="RESULT.json|ID", help="arg_plan_result", show_default=False),
    ] = None,
    subject: SubjectOption = None,
    review_in: Annotated[
        int, typer.Option("--review-in", metavar="DAYS", help="opt_review_in")
    ] = 90,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
    track: TrackOption = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.growth.plan import plan_for
    from pmlevel.reports.plan import plan_document

    c = context_of(ctx)
    made, self_file = plan_for(c.workspace(), file, subject, review_in_days=review_in, track=track)
    return Report(
        document=lambda: plan_document(words(c), made, self_file),
        json=lambda: made.to_json(c.model, c.lang),
    )


@command("cmd_merge", writes=DOCUMENT)
def merge(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(help="arg_merge_files", metavar="FILE|ID", show_default=False),
    ],
    anonymous_peers: AnonymousPeersOption = False,
    min_peers: MinPeersOption = None,
    subject: Annotated[str | None, value("--subject", "opt_merge_subject")] = None,
    no_save: Annotated[bool, flag("--no-save", "opt_merge_no_save")] = False,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.growth.merge import merge_read
    from pmlevel.growth.others import peers_options
    from pmlevel.growth.recording import record_forms, recorded_notice
    from pmlevel.reports.merge import merge_document

    c = context_of(ctx)
    anonymous = peers_options(anonymous_peers, min_peers)
    merged, results = merge_read(c.model, files, c.data_dir, subject=subject, **anonymous)
    if not no_save:
        notice = recorded_notice(record_forms(c.data_dir, files, results))
        say(c, [notice] if notice is not None else [])
    return Report(document=lambda: merge_document(words(c), merged), json=merged.to_json)


@command("cmd_agree", writes=RESULT)
def agree(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(help="arg_agree_files", metavar="FILE|ID", show_default=False),
    ],
    answers: Annotated[Path | None, value("--answers", "opt_agree_answers", "FILE")] = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    rater_name: Annotated[str | None, value("--rater-name", "opt_agree_rater_name")] = None,
    subject: Annotated[str | None, value("--subject", "opt_merge_subject")] = None,
    no_save: Annotated[bool, flag("--no-save", "opt_no_save")] = False,
    resume: Annotated[bool, flag("--resume", "opt_agree_resume")] = False,
    force: ForceOption = False,
) -> Report:
    from pmlevel.cli.assess_commands import ask_on_terminal, exporter, finished
    from pmlevel.growth import checkin_session
    from pmlevel.growth.recording import record_forms, recorded_notice

    c = context_of(ctx)
    workspace = c.workspace()
    talk, results = checkin_session.check_in_read(workspace, files, subject)
    if not no_save:  # the returned forms, before the agreed result that rests on them
        notice = recorded_notice(record_forms(c.data_dir, files, results))
        say(c, [notice] if notice is not None else [])
    again = checkin_session.resume_command(
        files, subject=subject, rater_name=rater_name, no_save=no_save
    )
    done = checkin_session.run(
        workspace,
        talk,
        answers_file=answers,
        rater_name=rater_name,
        resume=resume,
        save=not no_save,
        ask=lambda talk: ask_on_terminal(c, talk, again),
        resume_command=again,
        export=exporter(c, output, force),
    )
    return finished(c, done, output)


@command("cmd_form", writes=Formats((".html",)))
def form(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", metavar="FORM.html", help="opt_form_output", show_default=False
        ),
    ],
    subject: Annotated[str | None, value("--subject", "opt_form_subject")] = None,
    rater: Annotated[str | None, value("--rater", "opt_form_rater", "ROLE", Role)] = None,
    rater_name: Annotated[str | None, value("--rater-name", "opt_form_rater_name")] = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.reports.form import form_html

    c = context_of(ctx)
    page = form_html(c.model, subject=subject, role=rater, rater_name=rater_name, lang=c.lang)
    return Report(files={".html": lambda: page})
