"""``pmlevel evidence add|list|verify|remove``: evidence gathered through the year
(docs/reference.md#evidence). A group of its own; :mod:`pmlevel.cli.app` adds it."""

from pathlib import Path
from typing import Annotated, Any

import typer

from pmlevel.cli.commands import command, words
from pmlevel.cli.context import context_of
from pmlevel.cli.emit import CSV, DOCUMENT, Report, echo_json
from pmlevel.cli.options import ForceOption, JsonOption, value

# (name, function, help message id) of the group's commands, in the order of the help.
EVIDENCE: list[tuple[str, Any, str]] = []

SkillsOption = Annotated[
    list[str] | None,
    typer.Option("--skill", metavar="ID", help="opt_evidence_skill", show_default=False),
]
PieceArgument = Annotated[
    int, typer.Argument(metavar="ID", help="arg_evidence_id", show_default=False)
]


@command("cmd_evidence_add", registry=EVIDENCE, name="add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="arg_evidence_text")],
    skill: SkillsOption = None,
    subject: Annotated[str | None, value("--subject", "opt_evidence_subject")] = None,
    date: Annotated[str | None, value("--date", "opt_evidence_date", "YYYY-MM-DD")] = None,
    link: Annotated[str | None, value("--link", "opt_evidence_link", "URL")] = None,
    as_json: JsonOption = False,
) -> None:
    from pmlevel.growth import evidence

    c = context_of(ctx)
    piece = evidence.add(c.workspace(), text, skill or [], subject=subject, date=date, link=link)
    w = words(c)
    skills = c.t("why_list_sep").join(w.skill_name(s) for s in piece.skills)
    c.err.print(
        c.t("evidence_added", id=piece.id, skills=skills, date=piece.date.isoformat()),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if as_json:
        echo_json(c, piece.to_json())


@command("cmd_evidence_list", writes=DOCUMENT + CSV, registry=EVIDENCE, name="list")
def list_(
    ctx: typer.Context,
    subject: Annotated[str | None, value("--subject", "opt_evidence_list_subject")] = None,
    skill: Annotated[str | None, value("--skill", "opt_evidence_list_skill", "ID")] = None,
    since: Annotated[str | None, value("--since", "opt_evidence_since", "DATE")] = None,
    as_json: JsonOption = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="opt_evidence_output",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.growth import evidence
    from pmlevel.render.csv_file import evidence_csv
    from pmlevel.reports.evidence import evidence_document

    c = context_of(ctx)
    ws = c.workspace()
    chosen = evidence.choose(ws.model, subject=subject, skill=skill, since=since)
    # Read only for what is asked: --json streams its text from the history.
    return Report(
        document=lambda: evidence_document(words(c), evidence.pieces_of(ws, chosen)),
        screen=lambda: evidence_document(words(c), evidence.pieces_of(ws, chosen), screen=True),
        json_stream=lambda: evidence.json_list(ws, chosen, ascii_only=not c.stdout_unicode),
        files={".csv": lambda: evidence_csv(evidence.pieces_of(ws, chosen))},
    )


@command("cmd_evidence_verify", registry=EVIDENCE, name="verify")
def verify(
    ctx: typer.Context,
    piece_id: PieceArgument,
    by: Annotated[str | None, value("--by", "opt_evidence_by")] = None,
    as_json: JsonOption = False,
) -> None:
    from pmlevel.growth import evidence

    c = context_of(ctx)
    piece = evidence.verify(c.workspace(), piece_id, by or "")
    c.err.print(
        c.t("evidence_verified", id=piece.id, name=piece.verified_by or "", date=_day(piece)),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if as_json:
        echo_json(c, piece.to_json())


@command("cmd_evidence_remove", registry=EVIDENCE, name="remove")
def remove(ctx: typer.Context, piece_id: PieceArgument, as_json: JsonOption = False) -> None:
    from pmlevel.growth import evidence

    c = context_of(ctx)
    piece = evidence.remove(c.workspace(), piece_id)
    c.err.print(
        c.t("evidence_removed", id=piece.id, text=piece.text[:80]),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if as_json:
        echo_json(c, piece.to_json())


def _day(piece: Any) -> str:
    return "" if piece.verified_at is None else str(piece.verified_at.isoformat())
