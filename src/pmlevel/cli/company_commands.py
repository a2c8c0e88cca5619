"""Commands a company uses the ladder for: ``team``, ``raters``, ``jd``, ``interview``,
``case``, and ``diff`` (two versions of the ladder)."""

from pathlib import Path
from typing import Annotated

import typer

from pmlevel.cli.commands import command, words
from pmlevel.cli.context import context_of
from pmlevel.cli.emit import CSV, DOCUMENT, Report, show
from pmlevel.cli.options import (
    AnonymousPeersOption,
    DocumentOutputOption,
    ForceOption,
    JsonOption,
    LevelArgument,
    MinPeersOption,
    ScorecardRole,
    TrackOption,
    flag,
    value,
)


@command("cmd_team", writes=DOCUMENT + CSV)
def team(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="arg_team_paths", metavar="FILE|DIR", show_default=False),
    ] = None,
    within: Annotated[int, typer.Option("--within", metavar="N", help="opt_within")] = 2,
    adjust_raters: Annotated[bool, flag("--adjust-raters", "opt_adjust_raters")] = False,
    as_json: JsonOption = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="opt_team_output", show_default=False),
    ] = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.cli.loading_bar import LoadingBar
    from pmlevel.company.team import load_team
    from pmlevel.render.csv_file import team_csv
    from pmlevel.reports.team import team_document

    c = context_of(ctx)
    model = c.model
    paths = paths or []
    if not paths:  # the people of the history, as `team DIR` reads files
        from pmlevel.company.team import team_from_history
        from pmlevel.store.history import History

        if adjust_raters:
            from pmlevel.errors import UsageError

            raise UsageError("team_adjust_needs_files")
        with History.open(c.data_dir, readonly=True) as saved:
            found = team_from_history(model, saved, within=within)
    else:
        with LoadingBar(c.err, c.t("team_progress")) as bar:
            found = load_team(
                model, paths, within=within, adjust_raters=adjust_raters, progress=bar
            )
    made = Report(
        document=lambda: team_document(words(c), found),
        screen=lambda: team_document(words(c), found, screen=True),
        json=found.to_json,
        files={".csv": lambda: team_csv(model, found)},
    )
    if not found.people:
        if found.skipped:  # why each file was left out, before saying nothing is left
            show(c, made, on_stderr=True)
        raise found.empty_error(paths)
    return made


@command("cmd_raters", writes=DOCUMENT + CSV)
def raters(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="arg_team_paths", metavar="FILE|DIR", show_default=False),
    ],
    exclude_self: Annotated[bool, flag("--exclude-self", "opt_exclude_self")] = False,
    as_json: JsonOption = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="opt_raters_output", show_default=False
        ),
    ] = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.cli.loading_bar import LoadingBar
    from pmlevel.company.raters import load_raters
    from pmlevel.render.csv_file import ratings_csv
    from pmlevel.reports.raters import raters_document, skipped_lines

    c = context_of(ctx)
    with LoadingBar(c.err, c.t("raters_progress")) as bar:
        found = load_raters(c.model, paths, exclude_self=exclude_self, progress=bar)
    made = Report(
        document=lambda: raters_document(words(c), found),
        screen=lambda: raters_document(words(c), found, screen=True),
        json=found.to_json,
        files={".csv": lambda: ratings_csv(found)},
        # --json has only the keys of docs/reference.md#raters: what was skipped goes to stderr.
        after=skipped_lines(words(c), found) if as_json else (),
    )
    if not found.ratings:
        if found.skipped:
            show(c, made, on_stderr=True)
        raise found.empty_error(paths)
    return made


@command("cmd_jd", writes=DOCUMENT)
def jd(
    ctx: typer.Context,
    level: LevelArgument,
    company: Annotated[str | None, value("--company", "opt_jd_company", "TEXT")] = None,
    team: Annotated[str | None, value("--team", "opt_jd_team", "TEXT")] = None,
    location: Annotated[str | None, value("--location", "opt_jd_location", "TEXT")] = None,
    pay: Annotated[str | None, value("--pay", "opt_jd_pay", "TEXT")] = None,
    output: DocumentOutputOption = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.company.jd import Posting, job_description
    from pmlevel.reports.hiring import jd_document

    c = context_of(ctx)
    posting = Posting.of(company=company, team=team, location=location, pay=pay)
    found = job_description(c.model, c.model.find_level(level, c.lang).id, posting)
    return Report(document=lambda: jd_document(words(c), found))


@command("cmd_interview", writes=DOCUMENT)
def interview(
    ctx: typer.Context,
    level: LevelArgument,
    everything: Annotated[bool, flag("--all", "opt_all_skills")] = False,
    scorecard: Annotated[
        Path | None,
        typer.Option(
            "--scorecard",
            metavar="FILE",
            help="opt_scorecard",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    subject: Annotated[str | None, value("--subject", "opt_candidate")] = None,
    rater_name: Annotated[str | None, value("--rater-name", "opt_interviewer")] = None,
    rater: Annotated[
        str | None, value("--rater", "opt_scorecard_rater", "interviewer|panel", ScorecardRole)
    ] = None,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.company.interview import check_scorecard_path, interview_kit, write_scorecard
    from pmlevel.reports.hiring import kit_document

    c = context_of(ctx)
    model = c.model
    if scorecard is not None:
        check_scorecard_path(scorecard)  # before any work, like -o
    kit = interview_kit(model, model.find_level(level, c.lang).id, everything=everything)
    if scorecard is not None:
        write_scorecard(
            scorecard,
            model,
            kit,
            c.t,
            subject=subject,
            interviewer=rater_name,
            role=rater or "interviewer",
        )
        c.err.print(c.t("scorecard_wrote", path=str(scorecard)), markup=False, soft_wrap=True)
    return Report(
        document=lambda: kit_document(words(c), kit, level_query=level),
        json=lambda: kit.to_json(model, c.lang),
    )


@command("cmd_case", writes=DOCUMENT)
def case(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(help="arg_case_files", metavar="FILE|ID", show_default=False),
    ] = None,
    subject: Annotated[str | None, value("--subject", "opt_case_subject")] = None,
    to: Annotated[str | None, value("--to", "opt_case_to", "LEVEL")] = None,
    anonymous_peers: AnonymousPeersOption = False,
    min_peers: MinPeersOption = None,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
    track: TrackOption = None,
    defense: Annotated[bool, flag("--defense", "opt_case_defense")] = False,
    force: ForceOption = False,
) -> Report:
    from pmlevel.company.case import case_for
    from pmlevel.growth.others import peers_options
    from pmlevel.reports.case import case_document

    c = context_of(ctx)
    anonymous = peers_options(anonymous_peers, min_peers)
    if defense:
        from pmlevel.company.defense import defense_for
        from pmlevel.reports.defense import defense_document

        found = defense_for(
            c.model, c.data_dir, files or [], subject, to=to, track=track, lang=c.lang, **anonymous
        )
        return Report(
            document=lambda: defense_document(words(c), found),
            json=lambda: found.to_json(c.model, c.lang),
        )
    made = case_for(
        c.model, c.data_dir, files or [], subject, to=to, track=track, lang=c.lang, **anonymous
    )
    return Report(document=lambda: case_document(words(c), made), json=made.to_json)


@command("cmd_diff", writes=DOCUMENT)
def diff(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="arg_diff_paths", metavar="OLD.yaml NEW.yaml [FILE...|DIR]", show_default=False
        ),
    ],
    results: Annotated[bool, flag("--results", "opt_diff_results")] = False,
    history: Annotated[bool, flag("--history", "opt_diff_history")] = False,
    as_json: JsonOption = False,
    output: DocumentOutputOption = None,
    force: ForceOption = False,
) -> Report:
    from pmlevel.cli.loading_bar import LoadingBar
    from pmlevel.company.ladder_diff import (
        Versions,
        check_people_source,
        diff_models,
        load_version,
        moves_from_files,
        moves_from_history,
    )
    from pmlevel.reports.ladder_diff import DiffWords, diff_document, skipped_document
    from pmlevel.reports.words import Words

    c = context_of(ctx)
    if len(paths) < 2:
        from pmlevel.errors import UsageError

        raise UsageError("diff_needs_two")
    old_path, new_path, rest = paths[0], paths[1], paths[2:]
    check_people_source(rest, results, history)
    old = load_version(old_path, c.load_model)
    new = load_version(new_path, c.load_model)
    changes = diff_models(old, new)
    people = None
    if results:
        with LoadingBar(c.err, c.t("team_progress")) as bar:
            people = moves_from_files(changes, rest, progress=bar)
    elif history:
        from pmlevel.store.history import History

        with History.open(c.data_dir, readonly=True) as saved:
            people = moves_from_history(saved, changes)
    versions = Versions(changes, people)
    diff_words = DiffWords(Words(old, c.t), Words(new, c.t))
    made = Report(
        document=lambda: diff_document(diff_words, versions),
        screen=lambda: diff_document(diff_words, versions, screen=True),
        json=lambda: versions.to_json(c.lang),
    )
    empty = versions.empty_error()
    if empty is not None:
        if people is not None and people.skipped:  # why each was left out, before the error
            reasons = Report(document=lambda: skipped_document(diff_words, people))
            show(c, reasons, on_stderr=True)
        raise empty
    return made
