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
- ``typer.core._TyperParameter._runtime_param`` and ``typer._coercion.build_runtime_param``
  (Typer >= 0.29): each parameter's converter is put off until a value needs one
  (:func:`defer_coercion`); without them, nothing is put off.

pyproject.toml caps Typer to the releases tested; .ci/run runs the suite at the lowest
and at the highest allowed, and tests/test_private_apis.py names each behaviour used
here, so an upgrade that moves one fails there first, by name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from typer._click import exceptions as click_errors

from pmlevel.text.i18n import Translator

__all__ = ["click_errors", "defer_coercion", "help_words", "hide_argument_type"]


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


def defer_coercion(params: Iterable[Any]) -> None:
    """Build a parameter's converter only when a value needs one.

    Typer >= 0.29 builds a pydantic TypeAdapter for every parameter of the command
    run, the options not given included (their value is None), and the first ones
    cost about 20 ms of CPU: more than everything ``pmlevel show senior`` draws
    (python bench/run.py, "show senior / floor table"; the floor has no parameters).
    That includes ``-h/--help``, which click adds to every command (the caller passes
    ``get_params``): built for it, the converter imports pydantic, about 60 ms more, on
    every run of a plain Typer app (bench/run.py's floor pays it; tests/
    test_import_boundaries.py checks that ``show`` and ``levels`` do not).
    Here an option not given stays None without one, as Typer's own converter
    returns it, and an argument of several values not given is ``()``, as it returns
    that; a plain ``str`` given on the command line is that string, and a plain
    ``int`` option's own default (``plan --review-in``'s 90) that number (what the
    adapter returns for them); anything else goes through Typer's converter, built
    then, unchanged. The last two kept ``history`` and ``plan`` building one, and
    ``history`` importing pydantic for it (python bench/imports.py, history).
    """
    try:
        from typer._coercion import build_runtime_param
        from typer.core import _TyperParameter
    except ImportError:  # a Typer without converters per parameter: nothing to put off
        return
    for param in params:
        if isinstance(param, _TyperParameter) and getattr(param, "_runtime_param", 0) is None:
            deferred: Any = _Deferred(param, build_runtime_param)
            param._runtime_param = deferred  # PRIVATE: see the module docstring


class _Deferred:
    """Typer's converter of one parameter (``RuntimeParam.coerce``), built on first use."""

    def __init__(self, param: Any, build: Callable[[Any], Any]) -> None:
        desc = param.type_descriptor
        self._build: Callable[[], Any] = lambda: build(desc)
        self._real: Any = None
        self._single = param.nargs == 1 and not param.multiple
        self._multi = param.nargs == -1 or param.multiple
        plain = (
            self._single
            and desc.file_annotation is None
            and desc.parameter_info.parser is None
            and not desc.is_choice
        )
        self._plain_str = plain and desc.annotation is str
        # Not a ranged one (--min/--max): the adapter checks the range, a default too.
        self._plain_int = plain and desc.annotation is int and not desc.is_ranged

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None and self._single:
            return None
        if value is None and self._multi:
            return ()
        if self._plain_str and type(value) is str:
            return value
        if self._plain_int and type(value) is int:
            return value
        if self._real is None:
            self._real = self._build()
        return self._real.coerce(value, param=param, ctx=ctx)
