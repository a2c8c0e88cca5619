"""The command line: Typer options in, calls to the core out. No rules live here.

Start-up speed matters (``pmlevel`` is typed many times a day), so this module
imports only Typer and the message catalogue at the top; each command imports
what it needs when it runs.
"""

from __future__ import annotations

import enum
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from pmlevel import __version__
from pmlevel.i18n import Translator, detect_language, language_from_argv

# Help texts are built when this module is imported, before options are parsed,
# so their language comes from a look at argv and the environment.
_ = Translator(detect_language(language_from_argv(sys.argv[1:]), os.environ))

app = typer.Typer(
    name="pmlevel",
    help=_("app_help"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


class Lang(enum.StrEnum):
    zh = "zh"
    en = "en"


class Role(enum.StrEnum):
    self_ = "self"
    manager = "manager"
    peer = "peer"


class SchemaName(enum.StrEnum):
    model = "model"
    answers = "answers"
    result = "result"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pmlevel {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    model: Annotated[
        Path | None,
        typer.Option("--model", envvar="PMLEVEL_MODEL", help=_("opt_model"), show_default=False),
    ] = None,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help=_("opt_lang"), show_default=False)
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("opt_debug"))] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("opt_version")),
    ] = False,
) -> None:
    from pmlevel.context import Context

    ctx.obj = Context.from_environment(lang=lang.value if lang else None, model=model, debug=debug)


def guarded(command: F) -> F:
    """Turn the core's errors into a message and an exit code (SPEC §6), for every command."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Every command takes the Typer context first; its obj is our Context.
        ctx = (kwargs.get("ctx") or args[0]).obj
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            ctx.err.print()
            ctx.err.print(ctx.t("interrupted"))
            raise typer.Exit(130) from None
        except Exception as exc:
            from pmlevel.errors import PmlevelError
            from pmlevel.render.problems import report_error, report_unexpected

            if isinstance(exc, PmlevelError):
                report_error(ctx, exc)
                raise typer.Exit(exc.exit_code) from None
            if ctx.debug:
                raise
            report_unexpected(ctx, exc)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


# -- browsing the model ---------------------------------------------------------------


@app.command(help=_("cmd_levels"))
@guarded
def levels(ctx: typer.Context) -> None:
    from pmlevel.render.browse import levels_table

    c = ctx.obj
    c.out.print(levels_table(_words(c)))


@app.command(help=_("cmd_show"))
@guarded
def show(
    ctx: typer.Context,
    level: Annotated[str, typer.Argument(help=_("arg_level"), show_default=False)],
    vs: Annotated[str | None, typer.Option("--vs", help=_("opt_vs"), show_default=False)] = None,
) -> None:
    from pmlevel.render.browse import level_comparison, level_detail

    c = ctx.obj
    model = c.model
    first = model.find_level(level, c.lang)
    if vs is None:
        c.out.print(level_detail(_words(c), first))
    else:
        c.out.print(level_comparison(_words(c), first, model.find_level(vs, c.lang)))


@app.command(help=_("cmd_skills"))
@guarded
def skills(ctx: typer.Context) -> None:
    from pmlevel.render.browse import skill_matrix

    c = ctx.obj
    c.out.print(skill_matrix(_words(c)))


@app.command(help=_("cmd_validate"))
@guarded
def validate(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=_("arg_model_file"), show_default=False)],
) -> None:
    from pmlevel.loader import validate_file

    c = ctx.obj
    model = validate_file(file)
    c.out.print(
        c.t("valid_model", file=str(file), levels=len(model.levels), skills=len(model.skills)),
        markup=False,
    )


@app.command(help=_("cmd_schema"))
@guarded
def schema(
    ctx: typer.Context,
    name: Annotated[SchemaName, typer.Argument(help=_("arg_schema"))] = SchemaName.model,
) -> None:
    import json

    from pmlevel.schemas import json_schema

    typer.echo(json.dumps(json_schema(name.value), ensure_ascii=False, indent=2))


# -- assessing ---------------------------------------------------------------------------

OutputOption = Annotated[
    Path | None,
    typer.Option("-o", "--output", help=_("opt_output"), show_default=False, dir_okay=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help=_("opt_json"))]


@app.command(help=_("cmd_assess"))
@guarded
def assess(
    ctx: typer.Context,
    answers: Annotated[
        Path | None, typer.Option("--answers", help=_("opt_answers"), show_default=False)
    ] = None,
    as_json: JsonOption = False,
    output: OutputOption = None,
    rater: Annotated[
        Role | None, typer.Option("--rater", help=_("opt_rater"), show_default=False)
    ] = None,
    rater_name: Annotated[
        str | None, typer.Option("--rater-name", help=_("opt_rater_name"), show_default=False)
    ] = None,
    subject: Annotated[
        str | None, typer.Option("--subject", help=_("opt_subject"), show_default=False)
    ] = None,
    no_save: Annotated[bool, typer.Option("--no-save", help=_("opt_no_save"))] = False,
    resume: Annotated[bool, typer.Option("--resume", help=_("opt_resume"))] = False,
) -> None:
    from pmlevel import assessment

    c = ctx.obj
    result = assessment.run(
        c,
        answers_file=answers,
        role=rater.value if rater else None,
        rater_name=rater_name,
        subject=subject,
        resume=resume,
        save=not no_save,
        output=output,
    )
    _show_result(c, result, as_json)


@app.command(help=_("cmd_report"))
@guarded
def report(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=_("arg_result_file"), show_default=False)],
    as_json: JsonOption = False,
    output: OutputOption = None,
) -> None:
    from pmlevel import assessment

    c = ctx.obj
    result = assessment.reopen(c, file, output=output)
    _show_result(c, result, as_json)


def _show_result(c: Any, result: Any, as_json: bool) -> None:
    if as_json:
        typer.echo(result.to_json())
        return
    from pmlevel.render.assessment import result_screen

    c.out.print(result_screen(_words(c), result))


# -- helpers ----------------------------------------------------------------------------


def _words(c: Any) -> Any:
    from pmlevel.render.common import Words

    return Words(c.model, c.t)


def main() -> None:
    """Console-script entry point."""
    try:
        app(prog_name="pmlevel")
    except BrokenPipeError:
        # The reader went away (``pmlevel skills | head -1``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
