"""Typer's own words in the user's language, global options anywhere, and Chinese help that wraps.

- Help texts in ``cli/`` are message ids (``help="cmd_levels"``); they are
  translated here when help is drawn, in the language of the run's
  :class:`~pmlevel.cli.context.Context`, never at import.
- Typer (and the click inside it) prints a few words of its own: panel titles,
  "Show this message and exit.", usage errors. They are replaced with the
  catalogue's, in the user's language.
- ``--model``, ``--lang`` and ``--debug`` work after the command too
  (``pmlevel assess --lang en``): the group moves them in front of it before
  parsing, and every command's help names them.
- Rich breaks help lines only at spaces, so a Chinese option description was cut
  with "…"; while our help is drawn, Typer's text maker returns
  :class:`~pmlevel.render.rich_text.WrappingText`, which wraps between characters.

Typer's private names are used only through :mod:`pmlevel.cli.typer_private`.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup

from pmlevel.cli.context import Context
from pmlevel.cli.typer_private import (
    click_errors,
    defer_coercion,
    help_words,
    hide_argument_type,
)
from pmlevel.text.i18n import LANGUAGES, Translator

LANGUAGE_CHOICES = "|".join(LANGUAGES)  # what --lang takes, as help shows it

# Options of the whole program that a user may also type after the command.
GLOBAL_OPTIONS_WITH_VALUE = frozenset({"--model", "--lang"})
GLOBAL_FLAGS = frozenset({"--debug"})


def hoist_global_options(args: Sequence[str], commands: Sequence[str]) -> list[str]:
    """Move global options typed after the command name in front of it.

    ``assess --lang en -o x.md`` -> ``--lang en assess -o x.md``. Everything after a
    ``--`` stays where it is.
    """
    args = list(args)
    position = next((i for i, arg in enumerate(args) if arg in commands), None)
    if position is None:
        return args
    before, after = args[: position + 1], args[position + 1 :]
    kept: list[str] = []
    moved: list[str] = []
    index = 0
    while index < len(after):
        arg = after[index]
        if arg == "--":
            kept.extend(after[index:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_FLAGS and "=" not in arg:
            moved.append(arg)
        elif name in GLOBAL_OPTIONS_WITH_VALUE:
            if "=" in arg:
                moved.append(arg)
            elif index + 1 < len(after):
                moved.extend(after[index : index + 2])
                index += 1
            else:
                kept.append(arg)  # a missing value: let the parser say so
        else:
            kept.append(arg)
            if arg.startswith("-") and "=" not in arg and index + 1 < len(after):
                # the next word may be this option's value: keep it with the option
                following = after[index + 1]
                if not following.startswith("-"):
                    kept.append(following)
                    index += 1
        index += 1
    return [*before[:-1], *moved, before[-1], *kept]


def _run_context(ctx: Any) -> Context:
    """The run's Context: made by the group's ``main``, carried as ``obj``."""
    obj = ctx.find_object(Context) if ctx is not None else None
    return obj if isinstance(obj, Context) else Context.from_environment()


def _translate_help(command: Any, t: Translator) -> None:
    """Set the help of *command* and its parameters from their message ids, in *t*'s language."""
    for item in (command, *getattr(command, "params", ())):
        key = item.__dict__.setdefault("_pmlevel_help_id", getattr(item, "help", None))
        if key:
            item.help = t(key, languages=LANGUAGE_CHOICES)
        if isinstance(item, TyperArgument):
            hide_argument_type(item)
    if isinstance(command, TyperCommand):
        command.epilog = t("help_global_options", languages=LANGUAGE_CHOICES)


class _LocalisedUsageError(click_errors.UsageError):
    """A usage error whose message is already in the user's language."""


class _Localised:
    """What both our command and our group do differently from Typer's."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _run_context(ctx).t("opt_help")
            option.metavar = ""  # a flag: no "<bool>" beside it
        return option

    def get_usage(self, ctx: Any) -> str:
        usage: str = super().get_usage(ctx)  # type: ignore[misc]
        return usage.replace("Usage: ", _run_context(ctx).t("usage_label"), 1)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        defer_coercion(self.get_params(ctx))  # type: ignore[attr-defined]  # -h/--help too
        rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        return rest

    def format_help(self, ctx: Any, formatter: Any) -> None:
        context = _run_context(ctx)
        _translate_help(self, context.t)
        for command in getattr(self, "commands", {}).values():
            _translate_help(command, context.t)
        with help_words(context.t, no_color=context.no_color):
            super().format_help(ctx, formatter)  # type: ignore[misc]


class LocalisedCommand(_Localised, TyperCommand):
    """A Typer command whose help speaks the user's language."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Extra arguments are reported here, in the user's language, rather than in
        # click's English sentence.
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        rest: list[str] = super().parse_args(ctx, args)
        ctx.allow_extra_args = allowed
        if ctx.args and not allowed and not ctx.resilient_parsing:
            extra = " ".join(ctx.args)
            raise _LocalisedUsageError(_run_context(ctx).t("usage_extra_args", args=extra), ctx)
        return rest


class LocalisedGroup(_Localised, TyperGroup):
    """The ``pmlevel`` group: a Context per run, global options anywhere, errors in the
    user's language."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if args and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            t = _run_context(ctx).t
            message = t("usage_no_such_command", name=name)
            close = difflib.get_close_matches(name, list(self.commands), n=1)
            if close:
                message += t("did_you_mean", suggestion=close[0])
            raise _LocalisedUsageError(message, ctx)
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        # pmlevel's main() reads sys.argv once and passes it; a caller who passes nothing
        # (python -c "from pmlevel.cli.app import app; app()") runs with no arguments.
        argv = hoist_global_options(list(args or ()), list(self.commands))
        context = Context.from_environment(argv=argv)
        extra.setdefault("obj", context)
        extra["windows_expand_args"] = windows_expand_args
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, **extra)
        try:
            code = super().main(argv, prog_name, complete_var, False, **extra)
        except click_errors.NoArgsIsHelpError as exc:  # the help has been printed already
            sys.exit(exc.exit_code)
        except click_errors.ClickException as exc:
            _report_usage_error(exc, context)
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def _report_usage_error(exc: Any, context: Context) -> None:
    from pmlevel.render.rich_text import plain

    t = context.t
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click_errors.NoSuchOption):
        message = t("usage_no_such_option", option=exc.option_name)
        if exc.possibilities:
            message += t("did_you_mean", suggestion=", ".join(sorted(exc.possibilities)))
    elif isinstance(exc, click_errors.BadOptionUsage) and exc.option_name:
        # click says "Option '--vs' requires an argument." (or "does not take a value.")
        # in English only; the two cases are told apart by its own words.
        wants = "requires" in str(exc.message)
        key = "usage_needs_value" if wants else "usage_takes_no_value"
        message = t(key, option=exc.option_name)
    elif isinstance(exc, click_errors.MissingParameter):
        message = t("usage_missing", name=_param_name(exc))
    elif isinstance(exc, click_errors.BadParameter):
        # Typer validates through pydantic, whose messages start "Value error, ".
        detail = str(exc.message).removeprefix("Value error, ")
        message = t("usage_bad_value", name=_param_name(exc), detail=detail)
    elif isinstance(exc, _LocalisedUsageError):
        message = exc.format_message()  # raised above, already in the user's language
    else:
        message = t("usage_error", detail=exc.format_message())
    console = context.err
    if ctx is not None:
        console.print(plain(ctx.get_usage()), style="dim", soft_wrap=True)
    console.print(plain(t("error_prefix") + message, style="red"), soft_wrap=True)
    if ctx is not None:
        console.print(plain(t("usage_try_help", command=ctx.command_path)), style="dim")


def _param_name(exc: Any) -> str:
    if exc.param_hint:
        hint = exc.param_hint
        return " / ".join(hint) if isinstance(hint, list | tuple) else str(hint)
    param = exc.param
    if param is None:
        return "?"
    opts = getattr(param, "opts", None)
    if getattr(param, "param_type_name", "") == "option" and opts:
        return str(opts[0])
    return str(param.name or "?").upper()
