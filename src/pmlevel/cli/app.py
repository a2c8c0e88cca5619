"""The command line: Typer options in, calls to the core out. No rules live here.

Start-up speed matters (``pmlevel`` is typed many times a day), so this module
imports only Typer and the message catalogue at the top; each command imports
what it needs when it runs. For the same reason there is no
``from __future__ import annotations`` here: with it, Typer would evaluate every
annotation string at start-up (about 10 ms for these commands).
"""

import codecs
import enum
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from pmlevel import __version__
from pmlevel.cli.context import Context
from pmlevel.cli.typer_i18n import LocalisedCommand, LocalisedGroup

if TYPE_CHECKING:
    from pmlevel.assess.assessment import Ask, Assessed, Export, Notice
    from pmlevel.assess.drafts import Draft
    from pmlevel.assess.result import Result
    from pmlevel.growth.checkin import CheckIn
    from pmlevel.render.document import Document
    from pmlevel.reports.words import Words

app = typer.Typer(
    name="pmlevel",
    cls=LocalisedGroup,
    help="app_help",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def _value(flag: str, help_id: str, metavar: str = "NAME", choices: Any = None) -> Any:
    """An option that takes a value; *help_id* is a message id, translated when drawn.

    With *choices* (an enum), any other value is refused in the user's language:
    the option is read as text and checked here, because click words a bad choice
    in English only.
    """
    callback = None if choices is None else _one_of(choices)
    return typer.Option(flag, metavar=metavar, help=help_id, show_default=False, callback=callback)


def _one_of(choices: Any) -> Callable[[typer.Context, str | None], str | None]:
    def check(ctx: typer.Context, value: str | None) -> str | None:
        allowed = [member.value for member in choices]
        if value is None or value in allowed:
            return value
        detail = _context(ctx).t("usage_one_of", choices=", ".join(allowed))
        raise typer.BadParameter(detail)

    return check


def _flag(flag: str, help_id: str) -> Any:
    """An on/off option (no value shown beside it in the help)."""
    return typer.Option(flag, metavar="", help=help_id)


class Lang(enum.StrEnum):
    zh = "zh"
    en = "en"


class Role(enum.StrEnum):
    """The roles a rater can take with ``--rater`` (``agreed`` comes from ``agree`` only)."""

    self_ = "self"
    manager = "manager"
    peer = "peer"
    expert = "expert"
    interviewer = "interviewer"


class SchemaName(enum.StrEnum):
    model = "model"
    answers = "answers"
    result = "result"


JsonOption = Annotated[bool, _flag("--json", "opt_json")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pmlevel {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    model: Annotated[
        Path | None,
        typer.Option(
            "--model",
            envvar="PMLEVEL_MODEL",
            metavar="FILE",
            help="opt_model",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[str | None, _value("--lang", "opt_lang", "zh|en", Lang)] = None,
    debug: Annotated[bool, _flag("--debug", "opt_debug")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", metavar="", callback=_version, is_eager=True, help="opt_version"),
    ] = False,
) -> None:
    # The group made the run's Context from argv and the environment; the options as
    # click parsed (and checked) them have the last word.
    c = _context(ctx)
    if lang is not None:
        c.lang = lang
    if model is not None:
        c.model_path = model
    c.debug = c.debug or debug


def _context(ctx: typer.Context) -> Context:
    """The run's typed :class:`Context` (click carries it untyped as ``obj``)."""
    obj = ctx.find_object(Context)
    if obj is None:  # invoked without LocalisedGroup.main, e.g. by a test's own runner
        obj = ctx.ensure_object(Context)
    return obj


def guarded(command: F) -> F:
    """Turn the core's errors into a message and an exit code (SPEC §6), for every command."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Every command takes the Typer context first; its obj is our Context.
        ctx = _context(kwargs.get("ctx") or args[0])
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, BrokenPipeError):
            raise  # a closed pipe is Click's to end quietly, not an unexpected error
        except KeyboardInterrupt:
            ctx.err.print()
            ctx.err.print(ctx.t("interrupted"))
            raise typer.Exit(130) from None
        except Exception as exc:
            from pmlevel.assess.assessment import Interrupted
            from pmlevel.cli.problems import report_error, report_unexpected
            from pmlevel.errors import PmlevelError

            if isinstance(exc, Interrupted):  # Ctrl-C in the questions: say what was kept
                ctx.err.print()
                _say(ctx, [exc.notice])
                raise typer.Exit(exc.exit_code) from None
            if isinstance(exc, PmlevelError):
                report_error(ctx, exc)
                raise typer.Exit(exc.exit_code) from None
            if ctx.debug:
                raise
            report_unexpected(ctx, exc)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


# -- browsing the model ---------------------------------------------------------------


@app.command(cls=LocalisedCommand, help="cmd_levels")
@guarded
def levels(ctx: typer.Context) -> None:
    from pmlevel.reports.levels import levels_table

    c = _context(ctx)
    c.out.print(levels_table(_words(c)))


@app.command(cls=LocalisedCommand, help="cmd_show")
@guarded
def show(
    ctx: typer.Context,
    level: Annotated[str, typer.Argument(metavar="LEVEL", help="arg_level", show_default=False)],
    vs: Annotated[str | None, _value("--vs", "opt_vs", "LEVEL")] = None,
) -> None:
    from pmlevel.reports.levels import level_comparison, level_detail

    c = _context(ctx)
    model = c.model
    first = model.find_level(level, c.lang)
    if vs is None:
        c.out.print(level_detail(_words(c), first))
    else:
        c.out.print(level_comparison(_words(c), first, model.find_level(vs, c.lang)))


@app.command(cls=LocalisedCommand, help="cmd_skills")
@guarded
def skills(ctx: typer.Context, as_json: JsonOption = False) -> None:
    c = _context(ctx)
    if as_json:
        _echo_json(c, _dumps(c.model.skills_json(c.lang)))
        return
    from pmlevel.reports.levels import skill_matrix

    c.out.print(skill_matrix(_words(c)))


@app.command(cls=LocalisedCommand, help="cmd_validate")
@guarded
def validate(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="arg_model_file", show_default=False)
    ],
) -> None:
    from pmlevel.model.loader import validate_file

    c = _context(ctx)
    model = validate_file(file)
    c.out.print(
        c.t("valid_model", file=str(file), levels=len(model.levels), skills=len(model.skills)),
        markup=False,
        soft_wrap=True,  # a long path is not broken into the middle of the sentence
    )


@app.command(cls=LocalisedCommand, help="cmd_schema")
@guarded
def schema(
    ctx: typer.Context,
    name: Annotated[
        SchemaName, typer.Argument(metavar="model|answers|result", help="arg_schema")
    ] = SchemaName.model,
) -> None:
    import json

    from pmlevel.schemas import json_schema

    _echo_json(_context(ctx), json.dumps(json_schema(name.value), ensure_ascii=False, indent=2))


# -- assessing ---------------------------------------------------------------------------

DocumentOutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        metavar="FILE",
        help="opt_document_output",
        show_default=False,
        dir_okay=False,
    ),
]

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "-o", "--output", metavar="FILE", help="opt_output", show_default=False, dir_okay=False
    ),
]


@app.command(cls=LocalisedCommand, help="cmd_assess")
@guarded
def assess(
    ctx: typer.Context,
    answers: Annotated[
        Path | None,
        _value("--answers", "opt_answers", "FILE"),
    ] = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    rater: Annotated[
        str | None,
        _value("--rater", "opt_rater", "ROLE", Role),
    ] = None,
    rater_name: Annotated[
        str | None,
        _value("--rater-name", "opt_rater_name"),
    ] = None,
    subject: Annotated[
        str | None,
        _value("--subject", "opt_subject"),
    ] = None,
    no_save: Annotated[bool, _flag("--no-save", "opt_no_save")] = False,
    resume: Annotated[bool, _flag("--resume", "opt_resume")] = False,
) -> None:
    from pmlevel.assess import assessment

    c = _context(ctx)
    _check_output(c, "assess", output)
    done = assessment.run(
        c,
        answers_file=answers,
        role=rater,
        rater_name=rater_name,
        subject=subject,
        resume=resume,
        save=not no_save,
        ask=_ask(c),
        export=_exporter(c, "assess", output),
    )
    _finished(c, done, as_json)


@app.command(cls=LocalisedCommand, help="cmd_report")
@guarded
def report(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(metavar="[RESULT.json|ID]", help="arg_result_file", show_default=False),
    ] = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
) -> None:
    from pmlevel.assess import assessment

    c = _context(ctx)
    _check_output(c, "report", output)
    result, notices = assessment.reopen(c, file)
    _say(c, notices)
    export = _exporter(c, "report", output)
    if export is not None:
        export(result)
    _show_result(c, result, as_json)
    from pmlevel.assess.sources import history_id

    if file is None or history_id(file) is not None:
        from pmlevel.store.history import History

        with History.open(c.data_dir) as saved:
            due = _due(c, saved, [result.subject])
        _remind(c, due)


def _ask(c: Context, talk: "CheckIn | None" = None, resume: str = "") -> "Ask":
    """The terminal session for the questions of ``assess`` (or of ``agree`` about *talk*,
    continued later with the command *resume*)."""

    def ask(draft: "Draft", notices: "list[Notice]") -> "Draft":
        from pmlevel.cli.terminal import ask_all

        _say(c, notices)
        w = _words(c)
        if talk is None:
            return ask_all(c.err, w, draft, c.state_dir)
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


def _exporter(c: Context, command: str, output: Path | None) -> "Export | None":
    """Writing the ``-o`` file of a result (its JSON, or its document), for the services."""
    if output is None:
        return None

    def export(result: "Result") -> Path:
        from pmlevel.cli.emit import write_output
        from pmlevel.reports.assess import result_document

        def document() -> "Document":
            return result_document(_words(c), result)

        json_text = {".json": lambda: result.to_json() + "\n"}
        write_output(c.err, c.t, command, output, document, json_text)
        return output

    return export


def _say(c: Context, notices: "list[Notice]") -> None:
    """Print what a service had to say, on stderr, in the reader's language."""
    from pmlevel.render.rich_text import plain

    styles = {"warning": "yellow", "info": "dim", "success": "green"}
    for notice in notices:
        text = (
            c.t.count(notice.key, notice.count, **notice.params)
            if notice.count is not None
            else c.t(notice.key, **notice.params)
        )
        c.err.print(plain(text, style=styles[notice.tone]), soft_wrap=True)


def _finished(c: Context, done: "Assessed", as_json: bool) -> None:
    """After assess or agree: what the service said, where the result was saved, the result."""
    from pmlevel.assess.assessment import Notice

    _say(c, done.notices)
    if done.saved is not None:
        command = done.saved.next_command
        _say(c, [Notice("saved_as", {"id": done.saved.id, "command": command}, tone="info")])
    _show_result(c, done.result, as_json)


def _show_result(c: Context, result: "Result", as_json: bool) -> None:
    if as_json:
        _echo_json(c, result.to_json())
        return
    from pmlevel.reports.assess import result_document

    _print_document(c, result_document(_words(c), result, screen=True))


# -- the growth loop ----------------------------------------------------------------------

SubjectOption = Annotated[
    str | None,
    _value("--subject", "opt_subject_filter"),
]


@app.command(cls=LocalisedCommand, help="cmd_history")
@guarded
def history(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[FILE...|DIR]", help="arg_import_paths", show_default=False),
    ] = None,
    subject: SubjectOption = None,
    since: Annotated[str | None, _value("--since", "opt_since", metavar="DATE")] = None,
    limit: Annotated[int | None, _value("--limit", "opt_limit", metavar="N")] = None,
    reverse: Annotated[bool, _flag("--reverse", "opt_reverse")] = False,
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
    import_: Annotated[bool, _flag("--import", "opt_import")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE.csv", help="opt_csv_output", show_default=False
        ),
    ] = None,
) -> None:
    from pmlevel.growth.listing import csv_chunks, json_chunks, selection
    from pmlevel.reports.history import history_notices, history_table, import_lines
    from pmlevel.store.history import History, export_entries

    c = _context(ctx)
    if files and not import_:
        from pmlevel.errors import UsageError

        raise UsageError("history_files_without_import", files=_names(files))
    if import_:
        from pmlevel.cli.loading_bar import LoadingBar
        from pmlevel.company.gather import import_files

        with History.open(c.data_dir) as saved, LoadingBar(c.err, c.t("import_progress")) as bar:
            imported = import_files(saved, c.model, files or [], progress=bar)
        for line in import_lines(c.t, imported):
            c.err.print(line, soft_wrap=True)
        if as_json:
            _echo_json(c, _dumps(imported.to_json()))
        return
    chosen = selection(subject, since, limit, reverse)
    _check_output(c, "history", output)
    with History.open(c.data_dir) as saved:
        due = _due(c, saved, None if subject is None else [subject])
        if export is not None:
            exported = export_entries(saved, list(saved.iter_entries(chosen)), export)
        else:
            exported = None
        if output is not None:
            chunks = csv_chunks(saved, c.model, chosen)
            _write_output(c, "history", output, None, {".csv": lambda: chunks})
        if as_json:
            for chunk in json_chunks(
                (entry.to_json() for entry in saved.iter_entries(chosen)),
                ascii_only=not c.stdout_unicode,
            ):
                typer.echo(chunk, nl=False)
            typer.echo("")
        elif export is None and output is None:
            c.out.print(history_table(_words(c), list(saved.iter_entries(chosen))))
    for line in history_notices(c.t, saved.damaged, exported):
        c.err.print(line, soft_wrap=True)
    _remind(c, due)


@app.command(cls=LocalisedCommand, help="cmd_progress")
@guarded
def progress(
    ctx: typer.Context,
    entries: Annotated[
        list[int] | None,
        typer.Argument(metavar="A B", help="arg_progress_ids", show_default=False),
    ] = None,
    subject: SubjectOption = None,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
) -> None:
    from pmlevel.growth.progress import compare, pick_pair
    from pmlevel.reports.history import history_notices, progress_document
    from pmlevel.store.history import History

    c = _context(ctx)
    _check_output(c, "progress", output)
    with History.open(c.data_dir) as saved:
        before, after = pick_pair(saved, subject, entries or [], c.model.sha256)
        due = _due(c, saved, [after.subject])
    for line in history_notices(c.t, saved.damaged):
        c.err.print(line, soft_wrap=True)
    moved = compare(before, after)
    document = progress_document(_words(c), moved)
    _write_output(c, "progress", output, document)
    if as_json:
        _echo_json(c, _dumps(moved.to_json()))
    else:
        _print_document(c, document)
    _remind(c, due)


@app.command(cls=LocalisedCommand, help="cmd_plan")
@guarded
def plan(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(metavar="[RESULT.json|ID]", help="arg_plan_result", show_default=False),
    ] = None,
    subject: SubjectOption = None,
    review_in: Annotated[
        int, typer.Option("--review-in", metavar="DAYS", help="opt_review_in")
    ] = 90,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
) -> None:
    from pmlevel.growth.plan import plan_for
    from pmlevel.reports.plan import plan_document

    c = _context(ctx)
    _check_output(c, "plan", output)
    made, self_file = plan_for(c, file, subject, review_in_days=review_in)
    document = plan_document(_words(c), made, self_file)
    _write_output(c, "plan", output, document)
    if as_json:
        _echo_json(c, _dumps(made.to_json(c.model, c.lang)))
    else:
        _print_document(c, document)


@app.command(cls=LocalisedCommand, help="cmd_merge")
@guarded
def merge(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(help="arg_merge_files", metavar="FILE|ID", show_default=False),
    ],
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
) -> None:
    from pmlevel.assess.sources import read_sources
    from pmlevel.errors import UsageError
    from pmlevel.growth.merge import merge_results
    from pmlevel.reports.merge import merge_document

    c = _context(ctx)
    _check_output(c, "merge", output)
    if len(files) < 2:
        raise UsageError("merge_needs_two", count=len(files))
    merged = merge_results(c.model, read_sources(files, c.data_dir, c.model))
    document = merge_document(_words(c), merged)
    _write_output(c, "merge", output, document)
    if as_json:
        _echo_json(c, _dumps(merged.to_json()))
    else:
        _print_document(c, document)


@app.command(cls=LocalisedCommand, help="cmd_agree")
@guarded
def agree(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(help="arg_agree_files", metavar="FILE|ID", show_default=False),
    ],
    answers: Annotated[
        Path | None,
        _value("--answers", "opt_agree_answers", "FILE"),
    ] = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    rater_name: Annotated[
        str | None,
        _value("--rater-name", "opt_agree_rater_name"),
    ] = None,
    no_save: Annotated[bool, _flag("--no-save", "opt_no_save")] = False,
    resume: Annotated[bool, _flag("--resume", "opt_agree_resume")] = False,
) -> None:
    from pmlevel.growth import checkin_session as agree_session

    c = _context(ctx)
    _check_output(c, "agree", output)
    talk = agree_session.check_in(c, files)
    again = agree_session.resume_command(files)
    done = agree_session.run(
        c,
        talk,
        answers_file=answers,
        rater_name=rater_name,
        resume=resume,
        save=not no_save,
        ask=lambda talk: _ask(c, talk, again),
        resume_command=again,
        export=_exporter(c, "agree", output),
    )
    _finished(c, done, as_json)


@app.command(cls=LocalisedCommand, help="cmd_form")
@guarded
def form(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", metavar="FORM.html", help="opt_form_output", show_default=False
        ),
    ],
    subject: Annotated[
        str | None,
        _value("--subject", "opt_form_subject"),
    ] = None,
    rater: Annotated[
        str | None,
        _value("--rater", "opt_form_rater", "ROLE", Role),
    ] = None,
    rater_name: Annotated[
        str | None,
        _value("--rater-name", "opt_form_rater_name"),
    ] = None,
) -> None:
    from pmlevel.reports.form import form_html
    from pmlevel.text.safe import clean_line

    c = _context(ctx)
    _check_output(c, "form", output)
    page = form_html(
        c.model,
        subject=clean_line(subject) if subject else None,
        role=rater,
        rater_name=clean_line(rater_name) if rater_name else None,
        lang=c.lang,
    )
    _write_output(c, "form", output, None, {".html": lambda: page})


@app.command(cls=LocalisedCommand, help="cmd_team")
@guarded
def team(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="arg_team_paths", metavar="FILE|DIR", show_default=False),
    ],
    within: Annotated[int, typer.Option("--within", metavar="N", help="opt_within")] = 2,
    as_json: JsonOption = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="opt_team_output", show_default=False),
    ] = None,
) -> None:
    from pmlevel.cli.loading_bar import LoadingBar
    from pmlevel.company.team import load_team
    from pmlevel.reports.team import team_document

    c = _context(ctx)
    model = c.model
    _check_output(c, "team", output)
    with LoadingBar(c.err, c.t("team_progress")) as bar:
        found = load_team(model, paths, within=within, progress=bar)
    if not found.people:
        from pmlevel.errors import UsageError

        if found.skipped:  # why each file was left out, before saying nothing is left
            c.err.print(_screen(team_document(_words(c), found, screen=True)))
        raise UsageError(
            "team_empty", files=found.files, skipped=len(found.skipped), paths=_names(paths)
        )
    if output is not None:

        def csv() -> str:
            from pmlevel.render.csv_file import csv_text, row_from_person, sheet

            return csv_text(sheet(model, [row_from_person(p) for p in found.people]))

        def document() -> "Document":
            return team_document(_words(c), found)

        _write_output(c, "team", output, document, {".csv": csv})
    if as_json:
        _echo_json(c, _dumps(found.to_json()))
    else:
        _print_document(c, team_document(_words(c), found, screen=True))


# -- hiring and promotion ------------------------------------------------------------------

LevelArgument = Annotated[
    str, typer.Argument(metavar="LEVEL", help="arg_level", show_default=False)
]


@app.command(cls=LocalisedCommand, help="cmd_jd")
@guarded
def jd(ctx: typer.Context, level: LevelArgument, output: DocumentOutputOption = None) -> None:
    from pmlevel.company.jd import job_description
    from pmlevel.reports.hiring import jd_document

    c = _context(ctx)
    _check_output(c, "jd", output)
    found = job_description(c.model, c.model.find_level(level, c.lang).id)
    document = jd_document(_words(c), found)
    _write_output(c, "jd", output, document)
    _print_document(c, document)


@app.command(cls=LocalisedCommand, help="cmd_interview")
@guarded
def interview(
    ctx: typer.Context,
    level: LevelArgument,
    everything: Annotated[bool, _flag("--all", "opt_all_skills")] = False,
    scorecard: Annotated[
        Path | None,
        typer.Option(
            "--scorecard",
            metavar="FILE",
            help="opt_scorecard",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    subject: Annotated[
        str | None,
        _value("--subject", "opt_candidate"),
    ] = None,
    rater_name: Annotated[
        str | None,
        _value("--rater-name", "opt_interviewer"),
    ] = None,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
) -> None:
    from pmlevel.company.interview import (
        check_scorecard_path,
        interview_kit,
        scorecard_yaml,
        write_scorecard,
    )
    from pmlevel.reports.hiring import kit_document

    c = _context(ctx)
    model = c.model
    _check_output(c, "interview", output)
    kit = interview_kit(model, model.find_level(level, c.lang).id, everything=everything)
    if scorecard is not None:
        check_scorecard_path(scorecard)  # before any work, like -o
        scale, level_name = model.scale, _words(c).level_name(kit.level)
        labels = {
            "title": c.t("scorecard_title", level=level_name, model=model.text(model.name, c.lang)),
            "how": c.t("scorecard_how", min=scale.min, max=scale.max, level=level_name),
            "expected": c.t("scorecard_expected"),
            "core": c.t("kit_core"),
            "not_in_kit": c.t("scorecard_not_in_kit"),
            "note": c.t("scorecard_note"),
        }
        text = scorecard_yaml(model, kit, c.lang, labels, subject=subject, interviewer=rater_name)
        write_scorecard(scorecard, text)
        c.err.print(c.t("scorecard_wrote", path=str(scorecard)), markup=False, soft_wrap=True)
    document = kit_document(_words(c), kit, level_query=level)
    _write_output(c, "interview", output, document)
    if as_json:
        _echo_json(c, _dumps(kit.to_json(model, c.lang)))
        return
    _print_document(c, document)


@app.command(cls=LocalisedCommand, help="cmd_case")
@guarded
def case(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(help="arg_case_files", metavar="[FILE|ID...]", show_default=False),
    ] = None,
    subject: Annotated[
        str | None,
        _value("--subject", "opt_case_subject"),
    ] = None,
    to: Annotated[str | None, _value("--to", "opt_case_to", "LEVEL")] = None,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
) -> None:
    from pmlevel.company.case import build_case, from_history
    from pmlevel.errors import UsageError
    from pmlevel.reports.case import case_document

    c = _context(ctx)
    model = c.model
    _check_output(c, "case", output)
    if files and subject is not None:
        raise UsageError("case_files_and_subject")
    target = model.find_level(to, c.lang).id if to is not None else None
    if files:
        from pmlevel.assess.sources import read_sources

        results = read_sources(files, c.data_dir, model)
    else:
        from pmlevel.store.history import History

        with History.open(c.data_dir) as saved:
            results = from_history(saved, subject)
    made = build_case(model, results, target=target)
    document = case_document(_words(c), made)
    _write_output(c, "case", output, document)
    if as_json:
        _echo_json(c, _dumps(made.to_json()))
        return
    _print_document(c, document)


# -- helpers ----------------------------------------------------------------------------


def _check_output(c: Context, command: str, output: Path | None) -> None:
    """Refuse a bad ``-o`` before any work (cli/emit.py holds the rules)."""
    if output is not None:
        from pmlevel.cli.emit import check_output

        check_output(command, output)


def _write_output(
    c: Context,
    command: str,
    output: Path | None,
    document: Any,
    producers: Any = None,
) -> None:
    """Write ``-o`` atomically and say ``Wrote FILE`` (nothing without ``-o``)."""
    if output is not None:
        from pmlevel.cli.emit import write_output

        write_output(c.err, c.t, command, output, document, producers)


def _due(c: Context, saved: Any, only: list[str | None] | None) -> list[Any]:
    """Whose review date has passed (of *only*, or everyone), unless reminders are off."""
    if c.no_reminder:
        return []
    import datetime as dt

    from pmlevel.growth.reminders import load_plans, reviews_due

    return reviews_due(saved, load_plans(c.data_dir), dt.date.today(), only)


def _remind(c: Context, due: list[Any]) -> None:
    """End with one line when a review date has passed (SPEC §4), on stderr."""
    if due:
        from pmlevel.reports.history import reminder_line

        c.err.print(reminder_line(c.t, due), soft_wrap=True)


def _screen(document: "Document") -> Any:
    from pmlevel.render.screen import document_screen

    return document_screen(document)


def _print_document(c: Context, document: "Document") -> None:
    c.out.print(_screen(document))


def _names(paths: Any) -> str:
    return ", ".join(str(path) for path in paths)


def _dumps(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


def _echo_json(c: Context, text: str) -> None:
    """Print JSON; where stdout cannot carry UTF-8 it is escaped (``\\u4e2d``), still valid."""
    if not c.stdout_unicode:
        import json

        text = json.dumps(json.loads(text), ensure_ascii=True, indent=2)
    typer.echo(text)


def _words(c: Context) -> "Words":
    from pmlevel.reports.words import Words

    return Words(c.model, c.t)


def _replace_by_cells(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    from rich.cells import cell_len

    return "?" * cell_len(error.object[error.start : error.end]), error.end


def main() -> None:
    """Console-script entry point."""
    from pmlevel.cli.streams import reserve_standard_streams

    reserve_standard_streams()
    # A terminal that cannot show a character (PYTHONIOENCODING=ascii) gets a "?"
    # per cell it would take, rather than a UnicodeEncodeError; tables stay aligned.
    codecs.register_error("pmlevel-cells", _replace_by_cells)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="pmlevel-cells")
    try:
        app(prog_name="pmlevel")
    except BrokenPipeError:
        # The reader went away (``pmlevel skills | head -1``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:  # only output escapes the commands' guard: >/dev/full
        from pmlevel.cli.streams import output_failed

        output_failed(exc)
