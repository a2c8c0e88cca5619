"""Error messages at the edge: located problems, usage errors, the unexpected."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from pmlevel.errors import InputError, PmlevelError, Problem, UsageError
from pmlevel.render.rich_text import plain
from pmlevel.text.i18n import Translator
from pmlevel.text.safe import clean_line, clean_text

if TYPE_CHECKING:
    from pmlevel.cli.context import Context


def format_problem(problem: Problem, t: Translator) -> str:
    """``FILE:LINE:COL: path: message (did you mean …?)`` in the user's language."""
    where = problem.source
    if problem.line is not None:
        where += f":{problem.line}"
        if problem.column is not None:
            where += f":{problem.column}"
    # A name from the model ({"zh": …, "en": …}) is said in the reader's language.
    params = {
        key: (value.get(t.lang) or next(iter(value.values()), ""))
        if isinstance(value, dict)
        else value
        for key, value in problem.params.items()
    }
    message = t(problem.message, **params)
    if problem.message == "yaml_syntax":
        message += _yaml_hint(str(problem.params.get("detail", "")), t)
    if problem.params.get("suggestion"):
        message += t("did_you_mean", suggestion=problem.params["suggestion"])
    prefix = f"{problem.path}: " if problem.path else ""
    # Keys, values and file names in a problem come from the user's file: one inert line.
    return clean_line(f"{where}: {prefix}{message}")


# PyYAML's wording of the mistakes people make by hand, and what to do about each.
_YAML_HINTS = (
    ("mapping values are not allowed", "yaml_hint_colon"),
    ("cannot start any token", "yaml_hint_token"),
    ("could not find expected ':'", "yaml_hint_indent"),
    ("did not find expected key", "yaml_hint_indent"),
    ("did not find expected '-' indicator", "yaml_hint_indent"),
    ("found unexpected end of stream", "yaml_hint_quote"),
)


def _yaml_hint(detail: str, t: Translator) -> str:
    for fragment, key in _YAML_HINTS:
        if fragment in detail:
            return t(key)
    return ""


def report_error(ctx: Context, exc: PmlevelError) -> None:
    t = ctx.t
    err = ctx.err
    if isinstance(exc, InputError):
        for problem in exc.problems:
            err.print(Text(format_problem(problem, t)), soft_wrap=True)
        if len(exc.problems) > 1:
            err.print(plain(t("problems_total", count=len(exc.problems)), style="bold red"))
    elif isinstance(exc, UsageError):
        text = t("error_prefix") + t(exc.message, **exc.params)
        if "written" in exc.params:  # a failure after the -o file was written
            text += " " + t("output_written_anyway", path=exc.params["written"])
        err.print(plain(clean_text(text), style="red"), soft_wrap=True)
    else:
        err.print(plain(clean_text(t("error_prefix") + str(exc)), style="red"), soft_wrap=True)


def report_unexpected(ctx: Context, exc: BaseException) -> None:
    detail = clean_line(f"{type(exc).__name__}: {exc}")
    ctx.err.print(Text(ctx.t("unexpected_error", detail=detail[:200]), style="red"), soft_wrap=True)
