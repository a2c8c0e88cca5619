"""The options commands share, declared once: how a value or a flag is declared, the
choices (roles, languages, schemas) and the annotated types several commands take.

Help texts are message ids (``help="opt_json"``), translated when help is drawn
(:mod:`pmlevel.cli.typer_i18n`). There is no ``from __future__ import annotations``
in the command modules: with it, Typer would evaluate every annotation string at
start-up (about 10 ms for these commands).
"""

import enum
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from pmlevel.assess.people import HIRING_ROLES, RATER_ROLES
from pmlevel.cli.context import context_of
from pmlevel.text.i18n import LANGUAGES, known_language


def value(flag: str, help_id: str, metavar: str = "NAME", choices: Any = None) -> Any:
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
        detail = context_of(ctx).t("usage_one_of", choices=", ".join(allowed))
        raise typer.BadParameter(detail)

    return check


def flag(name: str, help_id: str) -> Any:
    """An on/off option (no value shown beside it in the help)."""
    return typer.Option(name, metavar="", help=help_id)


# The roles a rater takes with --rater, as choices: made from their one definition
# (assess/people.py).
Role = enum.StrEnum("Role", {role: role for role in RATER_ROLES})  # type: ignore[misc]
LANG_METAVAR = "|".join(LANGUAGES)
# Who fills in an interview kit's scorecard: an interviewer, or a promotion panel member.
ScorecardRole = enum.StrEnum(  # type: ignore[misc]
    "ScorecardRole", {role: role for role in RATER_ROLES if role in HIRING_ROLES}
)


def language(ctx: typer.Context, value: str | None) -> str | None:
    """``--lang``: one of the languages the tool speaks (text/locales/), in any case."""
    if value is None:
        return None
    code = known_language(value)
    if code is None:
        raise typer.BadParameter(context_of(ctx).t("usage_one_of", choices=", ".join(LANGUAGES)))
    return code


class SchemaName(enum.StrEnum):
    model = "model"
    answers = "answers"
    result = "result"


JsonOption = Annotated[bool, flag("--json", "opt_json")]

# -o for the reports whose formats are documents (.md, .html); and for results, which
# are also written as .json and .svg. cli/emit.py checks the suffix before any work.
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
SubjectOption = Annotated[str | None, value("--subject", "opt_subject_filter")]
ForceOption = Annotated[bool, flag("--force", "opt_force")]
TrackOption = Annotated[str | None, value("--track", "opt_track", "TRACK")]
LevelArgument = Annotated[
    str, typer.Argument(metavar="LEVEL", help="arg_level", show_default=False)
]
# merge and case (docs/reference.md#the-estimate): the peers as one anonymous group, and how many it
# takes.
AnonymousPeersOption = Annotated[bool, flag("--anonymous-peers", "opt_anonymous_peers")]
MinPeersOption = Annotated[
    int | None,
    typer.Option("--min-peers", metavar="N", help="opt_min_peers", show_default=False),
]
