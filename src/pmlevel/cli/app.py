"""The ``pmlevel`` app: the group, its global options, and the commands in the order the
help lists them. Each command lives in the module of its area (model_commands.py,
assess_commands.py, growth_commands.py, company_commands.py) and is declared with
:func:`pmlevel.cli.commands.command`.

Start-up speed matters (``pmlevel`` is typed many times a day): the command modules
import only Typer and the option declarations at the top; each command imports what
it needs when it runs. For the same reason there is no
``from __future__ import annotations`` here: with it, Typer would evaluate every
annotation string at start-up (about 10 ms for these commands).
"""

import codecs
import copy
import functools
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from pmlevel import __version__
from pmlevel.cli import (
    assess_commands,
    company_commands,
    evidence_commands,
    growth_commands,
    model_commands,
)
from pmlevel.cli.commands import REGISTERED
from pmlevel.cli.context import context_of
from pmlevel.cli.options import LANG_METAVAR, flag, language
from pmlevel.cli.typer_i18n import GLOBAL_OPTIONS_WITH_VALUE, LocalisedCommand, LocalisedGroup

app = typer.Typer(
    name="pmlevel",
    cls=LocalisedGroup,
    help="app_help",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# The areas, in the order their commands appear in the help.
AREAS = (model_commands, assess_commands, growth_commands, company_commands)


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
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", metavar=LANG_METAVAR, help="opt_lang", show_default=False, callback=language
        ),
    ] = None,
    debug: Annotated[bool, flag("--debug", "opt_debug")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", metavar="", callback=_version, is_eager=True, help="opt_version"),
    ] = False,
) -> None:
    # The group made the run's Context from argv and the environment; the options as
    # click parsed (and checked) them have the last word.
    c = context_of(ctx)
    if lang is not None:
        c.lang = lang
    if model is not None:
        c.model_path = model
    c.debug = c.debug or debug


for _name, _function, _help_id in REGISTERED:
    app.command(name=_name, cls=LocalisedCommand, help=_help_id)(_function)

# ``pmlevel evidence add|list|verify|remove``: a group of its own, listed after the commands.
evidence_app = typer.Typer(
    name="evidence",
    cls=LocalisedGroup,
    help="cmd_evidence",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
for _name, _function, _help_id in evidence_commands.EVIDENCE:
    evidence_app.command(name=_name, cls=LocalisedCommand, help=_help_id)(_function)
app.add_typer(evidence_app, name="evidence", help="cmd_evidence")


@functools.cache
def command(name: str | None = None) -> Any:
    """The click group that runs ``app``, or only its command (or group) *name*
    (:func:`app_for`), built once per process.

    Typer builds the group anew on every call of ``app(...)``: each command's
    signature read and each option made, about 8 ms for the whole app. A process that
    runs pmlevel more than once (the test suite runs it in-process thousands of times:
    ``main()`` and tests/cli_runner.py) builds each once. Nothing in it depends on the
    run: help texts are message ids, translated into the run's language each time help
    is drawn (``cli/typer_i18n.py``), and each run gets its own click context and
    :class:`~pmlevel.cli.context.Context`.
    """
    return typer.main.get_command(app if name is None else app_for([name]))


def _replace_by_cells(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    from rich.cells import cell_len

    return "?" * cell_len(error.object[error.start : error.end]), error.end


def command_run(argv: Sequence[str]) -> str | None:
    """The name of the command (or group) *argv* runs: the first word after the global
    options, when it names one; None when there is none, when it names none (a typo,
    which the whole app words with a suggestion), after a ``--``, or when help comes
    first (``pmlevel -h report`` lists every command)."""
    names = {info.name for info in app.registered_commands}
    names |= {info.name for info in app.registered_groups}
    words = iter(argv)
    for arg in words:
        if arg == "--":  # what follows is moved around (typer_i18n.hoist_global_options)
            return None
        if arg in GLOBAL_OPTIONS_WITH_VALUE:
            next(words, None)  # its value, which may be any word
        elif arg in ("-h", "--help") or not arg.startswith("-"):
            return arg if arg in names else None
    return None


def app_for(argv: Sequence[str]) -> typer.Typer:
    """The app with only the command *argv* runs, when it names one (:func:`command_run`):
    Typer turns every command it holds into click's on every run, 55 M instructions of
    about 1,250 M for `report FILE` (valgrind --tool=callgrind; the floor app has one
    command). Otherwise, or for the whole help, the app itself."""
    name = command_run(argv)
    if name is None:
        return app
    one = copy.copy(app)
    one.registered_commands = [info for info in app.registered_commands if info.name == name]
    one.registered_groups = [info for info in app.registered_groups if info.name == name]
    return one


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
    argv = sys.argv[1:]  # read once, here; the group makes the run's Context from it
    try:
        # As ``app(...)`` runs it, less Typer's excepthook, which with pretty exceptions
        # off hands every exception to Python's own.
        command(command_run(argv))(args=argv, prog_name="pmlevel")
    except BrokenPipeError:
        # The reader went away (``pmlevel skills | head -1``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:  # only output escapes the commands' guard: >&-, >/dev/full
        from pmlevel.cli.streams import output_failed

        output_failed(exc, argv)
