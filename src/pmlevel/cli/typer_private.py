"""Every use of Typer's (and its click's) private names, in one place.

- ``typer._click.exceptions``: Typer >= 0.26 vendors click and re-exports only
  ``BadParameter``; the usage errors we word in the user's language
  (``UsageError``, ``NoSuchOption``, ``MissingParameter``, ``NoArgsIsHelpError``,
  ``ClickException``) are only there.
- ``TyperArgument.display_type_rich``: replaced on our arguments so help shows their
  metavar (``FILE|ID``, ``LEVEL``) and not the Python type beside it (``<list[str]>``).
- ``typer.rich_utils``: the panel titles and the default/env/required strings are
  module globals, set while our help is drawn and restored after; and
  ``_make_rich_text`` is wrapped so Chinese help wraps between characters.

pyproject.toml caps Typer to the releases tested; .ci/run runs the suite at the lowest
and at the highest allowed, and tests/test_private_apis.py names each behaviour used
here, so an upgrade that moves one fails there first, by name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from typer._click import exceptions as click_errors

from pmlevel.text.i18n import Translator

__all__ = ["click_errors", "help_words", "hide_argument_type"]


def hide_argument_type(argument: Any) -> None:
    """Help shows an argument's metavar alone: Typer's rich help adds the Python type
    beside it (``<str>``, ``<list[str]>``), which a user cannot act on."""
    argument.display_type_rich = _no_type


def _no_type(ctx: Any) -> None:
    return None


@contextlib.contextmanager
def help_words(t: Translator, *, no_color: bool) -> Iterator[None]:
    """Typer's own help words in the user's language, and wrapping Chinese, while help is drawn."""
    # Imported here, not at the top: rich_utils pulls in Markdown and Pygments, 30 ms
    # that only help needs (bench/imports.py, "show senior vs floor table").
    from typer import rich_utils

    saved = {
        name: getattr(rich_utils, name)
        for name in (
            "COLOR_SYSTEM",
            "OPTIONS_PANEL_TITLE",
            "COMMANDS_PANEL_TITLE",
            "ARGUMENTS_PANEL_TITLE",
            "DEFAULT_STRING",
            "ENVVAR_STRING",
            "REQUIRED_LONG_STRING",
            "_make_rich_text",  # PRIVATE: see the module docstring
        )
    }
    make = saved["_make_rich_text"]

    def wrapping(*args: Any, **kwargs: Any) -> Any:
        from rich.text import Text

        from pmlevel.render.rich_text import WrappingText

        made = make(*args, **kwargs)
        if type(made) is Text:
            wrapped = WrappingText(made.plain, style=made.style, end=made.end)
            wrapped.spans = list(made.spans)
            return wrapped
        return made

    rich_utils.COLOR_SYSTEM = None if no_color else "auto"
    rich_utils.OPTIONS_PANEL_TITLE = t("panel_options")
    rich_utils.COMMANDS_PANEL_TITLE = t("panel_commands")
    rich_utils.ARGUMENTS_PANEL_TITLE = t("panel_arguments")
    rich_utils.DEFAULT_STRING = t("help_default")
    rich_utils.ENVVAR_STRING = t("help_envvar")
    rich_utils.REQUIRED_LONG_STRING = t("help_required")
    rich_utils._make_rich_text = wrapping
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)
