"""Commands that read the ladder itself: ``levels``, ``show``, ``skills``, ``validate``,
``schema``."""

import json
from pathlib import Path
from typing import Annotated

import typer

from pmlevel.cli.commands import command, words
from pmlevel.cli.context import context_of
from pmlevel.cli.emit import DOCUMENT, TABULAR, Report, echo_json
from pmlevel.cli.options import (
    DocumentOutputOption,
    ForceOption,
    JsonOption,
    SchemaName,
    value,
)


@command("cmd_levels", writes=DOCUMENT)
def levels(
    ctx: typer.Context, output: DocumentOutputOption = None, force: ForceOption = False
) -> Report:
    from pmlevel.reports.levels import levels_document

    c = context_of(ctx)
    return Report(document=lambda: levels_document(words(c)))


@command("cmd_show", writes=DOCUMENT)
def show(
    ctx: typer.Context,
    level: Annotated[str, typer.Argument(metavar="LEVEL", help="arg_level", show_default=False)],
    vs: Annotated[str | None, value("--vs", "opt_vs", "LEVEL")] = None,
    output: DocumentOutputOption = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.reports.levels import comparison_document, level_document

    c = context_of(ctx)
    model = c.model
    first = model.find_level(level, c.lang)
    if vs is None:
        return Report(document=lambda: level_document(words(c), first))
    other = model.find_level(vs, c.lang)
    return Report(document=lambda: comparison_document(words(c), first, other))


@command("cmd_skills", writes=TABULAR)
def skills(
    ctx: typer.Context,
    as_json: JsonOption = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="opt_skills_output",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.reports.levels import matrix_csv, matrix_document

    c = context_of(ctx)
    return Report(
        document=lambda: matrix_document(words(c)),
        json=lambda: c.model.skills_json(c.lang),
        files={".csv": lambda: matrix_csv(words(c))},
    )


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
