"""Commands that read the ladder itself: ``levels``, ``show``, ``skills``, ``validate``,
``schema``."""

import json
from pathlib import Path
from typing import Annotated

import typer

from pmlevel.cli.commands import command, words
from pmlevel.cli.context import context_of
from pmlevel.cli.emit import Report, echo_json
from pmlevel.cli.options import JsonOption, SchemaName, value


@command("cmd_levels")
def levels(ctx: typer.Context) -> None:
    from pmlevel.cli.emit import show
    from pmlevel.reports.levels import levels_table

    c = context_of(ctx)
    show(c, Report(renderable=lambda: levels_table(words(c))))


@command("cmd_show")
def show(
    ctx: typer.Context,
    level: Annotated[str, typer.Argument(metavar="LEVEL", help="arg_level", show_default=False)],
    vs: Annotated[str | None, value("--vs", "opt_vs", "LEVEL")] = None,
) -> None:
    from pmlevel.cli import emit
    from pmlevel.reports.levels import level_comparison, level_detail

    c = context_of(ctx)
    model = c.model
    first = model.find_level(level, c.lang)
    if vs is None:
        emit.show(c, Report(renderable=lambda: level_detail(words(c), first)))
    else:
        other = model.find_level(vs, c.lang)
        emit.show(c, Report(renderable=lambda: level_comparison(words(c), first, other)))


@command("cmd_skills")
def skills(ctx: typer.Context, as_json: JsonOption = False) -> None:
    c = context_of(ctx)
    if as_json:
        echo_json(c, c.model.skills_json(c.lang))
        return
    from pmlevel.cli.emit import show
    from pmlevel.reports.levels import skill_matrix

    show(c, Report(renderable=lambda: skill_matrix(words(c))))


@command("cmd_validate")
def validate(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="arg_model_file", show_default=False)
    ],
) -> None:
    c = context_of(ctx)
    # Through the model cache: a file whose bytes were validated before is valid, and
    # its warm run imports neither PyYAML nor the schema (python bench/imports.py: validate).
    model = c.load_model(file)
    c.out.print(
        c.t("valid_model", file=str(file), levels=len(model.levels), skills=len(model.skills)),
        markup=False,
        soft_wrap=True,  # a long path is not broken into the middle of the sentence
    )


@command("cmd_schema")
def schema(
    ctx: typer.Context,
    name: Annotated[
        SchemaName, typer.Argument(metavar="model|answers|result", help="arg_schema")
    ] = SchemaName.model,
) -> None:
    from pmlevel.schemas import json_schema

    echo_json(context_of(ctx), json.dumps(json_schema(name.value), ensure_ascii=False, indent=2))
