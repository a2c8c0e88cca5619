"""The team report (``pmlevel team``) as a :class:`Document`: levels, who is ready, where
the team is thin. Made from :class:`~pmlevel.company.team.Team`."""

from __future__ import annotations

from collections.abc import Sequence

from pmlevel.company.team import Person, Skipped, Team
from pmlevel.render.document import (
    Bar,
    Block,
    Cell,
    Column,
    Document,
    Fact,
    Facts,
    Note,
    Section,
    Styled,
    Table,
    Tone,
)
from pmlevel.reports.levels import short_level_name
from pmlevel.reports.words import Words, percent

# On screen the people and ready tables list everyone up to this many; beyond,
# --json and -o have the full list (ten thousand lines are a file to search, not
# a screen to read, and Rich takes about a millisecond a row to lay them out).
PEOPLE_SHOWN = 200
SKIPPED_SHOWN = 20

# From a few people short to most of them.
HEAT_TONES: tuple[Tone, ...] = ("warn", "warn", "bad", "bad")


def _people_table(
    w: Words, people: tuple[Person, ...], limit: int | None, adjusted: bool = False
) -> list[Block]:
    """One line per person (the first *limit*), and a note of how many more; adjusted,
    with the offset taken out of each person's ratings."""
    t = w.t
    shown = people if limit is None else people[:limit]
    rows: list[list[Cell]] = []
    for person in shown:
        row: list[Cell] = [
            person.subject or t("no_subject"),
            Styled(w.level_name(person.level), "good" if person.level else "warn"),
            None if person.next_level is None else w.level_name(person.next_level),
            percent(person.readiness),
            person.points_to_next,
            Styled(t(f"merge_role_{person.role}"), "muted"),
        ]
        if adjusted:
            row.append(None if person.offset is None else f"{person.offset:+.2f}")
        rows.append(row)
    columns = [
        Column(t("team_col_person")),
        Column(t("col_level")),
        Column(t("team_col_next")),
        Column(t("col_readiness"), "number"),
        Column(t("team_col_points"), "number"),
        Column(t("team_col_basis")),
    ]
    if adjusted:
        columns.append(Column(t("team_col_offset"), "number"))
    table = Table(columns=columns, rows=rows)
    blocks: list[Block] = [table]
    if len(shown) < len(people):
        blocks.append(Note(t("team_more_people", count=len(people) - len(shown))))
    return blocks


def _histogram(w: Words, team: Team) -> Section:
    t = w.t
    top = max(team.levels.values(), default=0) or 1
    counts = [(w.level_name(level.id), team.levels.get(level.id, 0)) for level in w.model.levels]
    counts.insert(0, (t("no_level"), team.levels.get("none", 0)))
    rows = [(name, count, Bar(count / top, "accent", "")) for name, count in counts]
    table = Table(
        columns=(
            Column(t("col_level")),
            Column(t("team_col_count"), "number"),
            Column("", "bar"),
        ),
        rows=rows,
    )
    return Section(t("team_levels_title"), (table,))


def _ready(w: Words, team: Team, limit: int | None) -> Section:
    t = w.t
    title = t("team_ready_title", within=team.within)
    if not team.ready:
        return Section(title, (Note(t("team_ready_none", within=team.within)),))
    return Section(title, _people_table(w, team.ready, limit, team.adjusted))


def _by_manager(w: Words, team: Team, limit: int | None) -> Section:
    """Per manager, how many of their people sit at each level: distributions side by side."""
    t = w.t
    shown = team.managers if limit is None else team.managers[:limit]
    names = {None: t("team_manager_none"), "": t("team_manager_unnamed")}
    rows = [
        (
            names.get(row.manager, row.manager),
            *(
                Styled(str(n), "strong") if n else Styled("·", "muted")
                for n in (
                    row.levels.get("none", 0),
                    *(row.levels.get(lv.id, 0) for lv in w.model.levels),
                )
            ),
            row.people,
        )
        for row in shown
    ]
    columns = [
        Column(t("team_col_manager")),
        Column(t("team_col_no_level"), "rating"),
        *(Column(short_level_name(w, level), "rating") for level in w.model.levels),
        Column(t("team_col_total"), "number"),
    ]
    blocks: list[Block] = [Table(columns, rows, caption=t("team_managers_caption"))]
    if len(shown) < len(team.managers):
        blocks.append(Note(t("and_more", count=len(team.managers) - len(shown))))
    return Section(t("team_managers_title"), blocks)


def heat_tone(count: int, top: int) -> Tone:
    """The tone of a heat cell: stronger as *count* nears the largest count *top*."""
    if count <= 0 or top <= 0:
        return "muted"
    step = min(len(HEAT_TONES) - 1, (count * len(HEAT_TONES) - 1) // top)
    return HEAT_TONES[step]


def _heat(w: Words, team: Team) -> Section:
    t = w.t
    model = w.model
    top = max((n for row in team.heat.values() for n in row.values()), default=0)
    below = dict(team.skills)
    rows = []
    for skill in model.skills:
        row = team.heat.get(skill.id, {})
        cells: list[Cell] = [w(skill.name)]
        for level in model.levels:
            count = row.get(level.id, 0)
            cells.append(Styled(str(count) if count else "·", heat_tone(count, top)))
        total = below.get(skill.id, 0)
        cells.append(Styled(str(total), "strong" if total else "muted"))
        rows.append(cells)
    columns = [
        Column(t("col_skill")),
        *(Column(short_level_name(w, level), "rating") for level in model.levels),
        Column(t("team_col_total"), "number"),
    ]
    return Section(t("team_heat_title"), (Table(columns, rows, caption=t("team_heat_caption")),))


def skip_reason(w: Words, skipped: Skipped) -> str:
    """Why a file was skipped; a subject that is no one named shows as the unnamed label."""
    params = dict(skipped.params)
    if "subject" in params and not params["subject"]:
        params["subject"] = w.t("no_subject")
    return w.t(skipped.reason, **params)


def skipped_section(w: Words, skipped: Sequence[Skipped], limit: int | None) -> Section:
    """The files left out and why (the first *limit*), for ``team`` and ``raters``."""
    t = w.t
    shown = skipped if limit is None else skipped[:limit]
    rows = [(s.path, skip_reason(w, s)) for s in shown]
    blocks: list[Block] = [Table((Column(t("team_col_file")), Column(t("team_col_reason"))), rows)]
    if len(shown) < len(skipped):
        blocks.append(Note(t("and_more", count=len(skipped) - len(shown))))
    return Section(t("team_skipped_title", count=len(skipped)), blocks)


def team_document(w: Words, team: Team, *, screen: bool = False) -> Document:
    """People, levels, who is close to the next level, where the team is thin, what was skipped.

    On a *screen* long lists stop after :data:`PEOPLE_SHOWN`; files hold everyone.
    """
    t = w.t
    title = t("team_title_adjusted" if team.adjusted else "team_title")
    key = "team_counts_history" if team.from_history else "team_counts"
    counts = t(key, people=len(team.people), files=team.files, skipped=len(team.skipped))
    notes: list[Styled] = [Styled(t("team_adjusted_note"), "warn")] if team.adjusted else []
    notes += [
        Styled(t("look_alike_note", look_alike=group.shown), "warn") for group in team.look_alike
    ]
    blocks: list[Block] = [Facts([Fact("", counts)], title=title, notes=tuple(notes))]
    limit = PEOPLE_SHOWN if screen else None
    if team.people:  # with no one, the command says so (an error) after this document
        blocks += [
            Section(t("team_people_title"), _people_table(w, team.people, limit, team.adjusted)),
            _histogram(w, team),
        ]
        if any(row.manager is not None for row in team.managers):
            blocks.append(_by_manager(w, team, limit))
        blocks += [_ready(w, team, limit), _heat(w, team)]
    if team.skipped:
        blocks.append(skipped_section(w, team.skipped, SKIPPED_SHOWN if screen else None))
    return Document(title=title, lang=w.lang, blocks=blocks)
