"""Typer's own words in the user's language, and help text that wraps Chinese properly.

Typer (and the click inside it) prints a few words of its own: the help panel
titles, "Show this message and exit.", and the usage errors ("No such option").
Our command classes replace them with the catalogue's, right before help is
drawn or an error is shown, so a Chinese user sees Chinese everywhere.

Help texts are drawn by Rich, which breaks lines only at spaces: a Chinese
option description has none, so Typer cut it with "…". The help text objects
are turned into :class:`~pmlevel.render.common.WrappingText` on the way.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from typer.core import TyperCommand, TyperGroup

from pmlevel.i18n import Translator


def _translator(ctx: Any = None, args: Sequence[str] | None = None) -> Translator:
    """The user's language: ``--lang`` as parsed, else as typed, else the environment."""
    import os

    from pmlevel.i18n import detect_language, language_from_argv

    explicit = None
    if ctx is not None:
        value = ctx.find_root().params.get("lang")
        explicit = getattr(value, "value", value)
    if explicit is None:
        explicit = language_from_argv(list(args) if args is not None else sys.argv[1:])
    return Translator(detect_language(explicit, os.environ))


def _colour_system() -> Any:
    """Rich's colour system for Typer's own output: none at all with ``NO_COLOR``."""
    import os

    return None if os.environ.get("NO_COLOR") else "auto"


def _localise_rich_help(t: Translator) -> None:
    from typer import rich_utils

    rich_utils.COLOR_SYSTEM = _colour_system()  # no bold or dim either with NO_COLOR
    rich_utils.OPTIONS_PANEL_TITLE = t("panel_options")
    rich_utils.COMMANDS_PANEL_TITLE = t("panel_commands")
    rich_utils.ARGUMENTS_PANEL_TITLE = t("panel_arguments")
    rich_utils.DEFAULT_STRING = t("help_default")
    rich_utils.ENVVAR_STRING = t("help_envvar")
    rich_utils.REQUIRED_LONG_STRING = t("help_required")
    make = getattr(rich_utils, "_make_rich_text", None)
    if make is not None and not getattr(make, "_pmlevel", False):

        def wrapping(*args: Any, **kwargs: Any) -> Any:
            from rich.text import Text

            from pmlevel.render.common import WrappingText

            made = make(*args, **kwargs)
            if type(made) is Text:
                wrapped = WrappingText(made.plain, style=made.style, end=made.end)
                wrapped.spans = list(made.spans)
                return wrapped
            return made

        wrapping._pmlevel = True  # type: ignore[attr-defined]
        rich_utils._make_rich_text = wrapping


class _Localised:
    """What both our command and our group do differently from Typer's."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _translator(ctx)("opt_help")
            option.metavar = ""  # a flag: no "<bool>" beside it
        return option

    def get_usage(self, ctx: Any) -> str:
        usage: str = super().get_usage(ctx)  # type: ignore[misc]
        return usage.replace("Usage: ", _translator(ctx)("usage_label"), 1)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _localise_rich_help(_translator(ctx))
        super().format_help(ctx, formatter)  # type: ignore[misc]


class LocalisedCommand(_Localised, TyperCommand):
    """A Typer command whose help speaks the user's language."""


class LocalisedGroup(_Localised, TyperGroup):
    """The ``pmlevel`` group: localised help, and usage errors in the user's language."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        extra["windows_expand_args"] = windows_expand_args
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        from typer._click.exceptions import ClickException, NoArgsIsHelpError

        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except NoArgsIsHelpError as exc:  # the help has been printed already
            sys.exit(exc.exit_code)
        except ClickException as exc:
            _report_usage_error(exc, _translator(getattr(exc, "ctx", None), args))
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def _report_usage_error(exc: Any, t: Translator) -> None:
    from rich.console import Console
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption

    from pmlevel.render.common import plain

    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, NoSuchOption):
        message = t("usage_no_such_option", option=exc.option_name)
        if exc.possibilities:
            message += t("did_you_mean", suggestion=", ".join(sorted(exc.possibilities)))
    elif isinstance(exc, MissingParameter):
        message = t("usage_missing", name=_param_name(exc))
    elif isinstance(exc, BadParameter):
        # Typer validates through pydantic, whose messages start "Value error, ".
        detail = str(exc.message).removeprefix("Value error, ")
        message = t("usage_bad_value", name=_param_name(exc), detail=detail)
    else:
        message = _known_click_message(exc.format_message(), t, ctx)
    console = Console(stderr=True, highlight=False, color_system=_colour_system())
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


def _known_click_message(text: str, t: Translator, ctx: Any) -> str:
    """click words a few usage errors only in English; say those in the user's language."""
    import difflib
    import re

    unknown = re.match(r"No such command '(.+?)'", text)
    if unknown:
        name = unknown.group(1)
        message = t("usage_no_such_command", name=name)
        commands = list(getattr(getattr(ctx, "command", None), "commands", {}) or {})
        close = difflib.get_close_matches(name, commands, n=1)
        return message + (t("did_you_mean", suggestion=close[0]) if close else "")
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", text)
    if extra:
        return t("usage_extra_args", args=extra.group(1))
    return t("usage_error", detail=text)
