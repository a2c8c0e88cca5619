"""How a command is declared: ``@command(help_id, writes=FORMATS)``.

The decorator gives every command the same edge (docs/reference.md#behaviour): ``-o`` is checked
before any work, the :class:`~pmlevel.cli.emit.Report` the command returns goes
out through :func:`~pmlevel.cli.emit.emit`, and the core's errors become a message
and an exit code. :mod:`pmlevel.cli.app` adds the registered commands to the app in
the order their modules declare them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from pmlevel.cli.context import Context, context_of
from pmlevel.cli.emit import Formats, Report, check_output, emit

if TYPE_CHECKING:
    from pmlevel.assess.assessment import Notice
    from pmlevel.reports.words import Words

F = TypeVar("F", bound=Callable[..., Any])

# (name, function, help message id), in the order commands are declared.
REGISTERED: list[tuple[str, Callable[..., Any], str]] = []


def command(
    help_id: str,
    *,
    writes: Formats | None = None,
    name: str | None = None,
    registry: list[tuple[str, Callable[..., Any], str]] | None = None,
) -> Callable[[F], F]:
    """Register a command. With *writes*, its ``-o`` takes those formats, and what it
    returns (a :class:`Report`) is emitted: ``-o``, then ``--json`` or the screen.
    *registry* is a group's own list (``evidence add``…), else the app's."""

    def register(function: F) -> F:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> None:
            c = context_of(kwargs.get("ctx") or args[0])
            output, force = kwargs.get("output"), bool(kwargs.get("force"))
            if writes is not None:
                check_output(writes, output, force=force)
            made = function(*args, **kwargs)
            if isinstance(made, Report):
                assert writes is not None, f"{function.__name__} returns a report it cannot write"
                as_json = kwargs.get("as_json", False)
                emit(c, made, formats=writes, output=output, as_json=as_json, force=force)

        wrapped = guarded(run)
        into = REGISTERED if registry is None else registry
        into.append((name or function.__name__.rstrip("_"), wrapped, help_id))
        return wrapped  # type: ignore[return-value]

    return register


def guarded(command: F) -> F:
    """Turn the core's errors into a message and exit code (docs/reference.md#exit-codes)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Every command takes the Typer context first; its obj is our Context.
        ctx = context_of(kwargs.get("ctx") or args[0])
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, BrokenPipeError):
            raise  # a closed pipe is Click's to end quietly, not an unexpected error
        except KeyboardInterrupt:
            ctx.err.print()
            ctx.err.print(ctx.t("interrupted"))
            raise typer.Exit(130) from None
        except Exception as exc:
            from pmlevel.cli.streams import is_output_failure

            if is_output_failure(exc):
                raise  # stdout closed or full: main() says so in one line
            from pmlevel.assess.assessment import Interrupted
            from pmlevel.cli.problems import report_error, report_unexpected
            from pmlevel.errors import PmlevelError

            if isinstance(exc, Interrupted):  # Ctrl-C in the questions: say what was kept
                ctx.err.print()
                say(ctx, [exc.notice])
                raise typer.Exit(exc.exit_code) from None
            if isinstance(exc, PmlevelError):
                report_error(ctx, exc)
                raise typer.Exit(exc.exit_code) from None
            if ctx.debug:
                raise
            report_unexpected(ctx, exc)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def say(c: Context, notices: Sequence[Notice]) -> None:
    """Print what a service had to say, on stderr, in the reader's language."""
    if not notices:
        return  # nothing to say: the styled-text module is not needed (bench/imports.py)
    from pmlevel.render.rich_text import plain

    styles = {"warning": "yellow", "info": "dim", "success": "green"}
    for notice in notices:
        text = (
            c.t.count(notice.key, notice.count, **notice.params)
            if notice.count is not None
            else c.t(notice.key, **notice.params)
        )
        c.err.print(plain(text, style=styles[notice.tone]), soft_wrap=True)


def words(c: Context) -> Words:
    """The model's texts and the messages in the reader's language, for the reports."""
    from pmlevel.reports.words import Words

    return Words(c.model, c.t)
