"""Screens of the growth loop that compare ratings: ``merge`` (one person, several
raters) and ``team`` (many people). Both are made from the core's plain values
(:class:`~pmlevel.merge.Merge`, :class:`~pmlevel.team.Team`) and fit 80 columns
in Chinese and English.
"""

from __future__ import annotations

import time

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from pmlevel.merge import Merge
from pmlevel.render.assessment import estimate_lines
from pmlevel.render.browse import short_level_name
from pmlevel.render.common import Words, local_date, percent, plain, table
from pmlevel.result import EstimateOut
from pmlevel.team import Person, Team

# The people and ready tables list everyone up to this many; beyond, --json has the
# full list (ten thousand lines are a file to search, not a screen to read, and
# Rich takes about a millisecond a row to lay them out).
PEOPLE_SHOWN = 200
SKIPPED_SHOWN = 20
HISTOGRAM_WIDTH = 30

# From a few people short to most of them: deeper colour is more.
HEAT_STYLES = ("yellow", "bold dark_orange", "bold red", "bold white on red")


# -- merge -------------------------------------------------------------------------------


def _rater_header(w: Words, role: str, name: str | None) -> Text:
    header = plain(w.t(f"merge_role_{role}"), style="bold")
    header.justify = "center"
    if name:
        header.append("\n" + name, style="")
    return header


def _flag_cell(w: Words, flag: str | None) -> Text:
    if flag is None:
        return Text("")
    style = "bold red" if flag == "blind_spot" else "bold green"
    return plain(w.t(f"merge_flag_{flag}"), style=style)


def _estimate_block(w: Words, title: str, est: EstimateOut | None, missing: str) -> Group:
    heading = plain(title, style="bold underline")
    if est is None:
        return Group(heading, plain(missing, style="dim"))
    return Group(heading, *estimate_lines(w, est))


def _model_name(w: Words, merge: Merge) -> str:
    """The model's name in the reader's language when it is the model loaded now."""
    return w(w.model.name) if merge.model_sha256 == w.model.sha256 else merge.model_name


def merge_screen(w: Words, merge: Merge) -> RenderableType:
    """Each skill rated by each rater, the spread and the flags; then the two estimates."""
    t = w.t
    subject = merge.subject or t("merge_no_subject")
    who: list[RenderableType] = []
    for rater in merge.raters:
        role = t(f"role_{rater.role}")
        line = t(
            "merge_rater_line",
            role=f"{role} · {rater.name}" if rater.name else role,
            date=local_date(rater.result.assessed_at),
            file=rater.source,
        )
        who.append(plain(line))
    if merge.agreed is not None:
        agreed = merge.agreed
        who.append(
            plain(
                t(
                    "merge_rater_line",
                    role=t("role_agreed"),
                    date=local_date(agreed.result.assessed_at),
                    file=agreed.source,
                )
            )
        )
    for left in merge.left_out:
        who.append(plain(t(left.reason, file=left.source, kept=left.kept), style="yellow"))
    who.append(
        plain(
            t("basis_model", model=_model_name(w, merge), sha=merge.model_sha256[:8]), style="dim"
        )
    )
    head = Panel(Group(*who), title=plain(t("merge_title", subject=subject)), title_align="left")

    grid = table()
    widest = max((cell_len(w.skill_name(row.skill)) for row in merge.skills), default=8)
    grid.add_column(t("col_skill"), min_width=min(widest, 20), max_width=24)
    for rater in merge.raters:
        grid.add_column(_rater_header(w, rater.role, rater.name), justify="center", max_width=10)
    grid.add_column(t("merge_col_spread"), justify="center")
    grid.add_column(t("merge_col_flag"), max_width=10)
    if merge.agreed is not None:
        grid.add_column(_rater_header(w, "agreed", None), justify="center", max_width=10)
    blind = hidden = 0
    for row in merge.skills:
        blind += row.flag == "blind_spot"
        hidden += row.flag == "hidden_strength"
        cells = [
            Text("—", style="dim") if rating is None else Text(str(rating), style="bold")
            for rating in row.ratings
        ]
        spread = Text(str(row.spread), style="yellow" if row.spread >= 2 else "")
        agreed_cell = []
        if merge.agreed is not None:
            value = "—" if row.agreed is None else str(row.agreed)
            agreed_cell.append(Text(value, style="bold cyan"))
        grid.add_row(
            plain(w.skill_name(row.skill)), *cells, spread, _flag_cell(w, row.flag), *agreed_cell
        )

    others = sum(1 for r in merge.raters if r.role != "self")
    sides = Table.grid(padding=(0, 3), expand=True)
    sides.add_column(ratio=1)
    sides.add_column(ratio=1)
    sides.add_row(
        _estimate_block(
            w, t("merge_estimate_self"), merge.self_estimate, t("merge_estimate_no_self")
        ),
        _estimate_block(
            w,
            t("merge_estimate_others", count=others),
            merge.others_estimate,
            t("merge_estimate_no_others"),
        ),
    )
    below: list[RenderableType] = []
    if merge.agreed is not None:
        below += [
            Text(""),
            _estimate_block(w, t("merge_estimate_agreed"), merge.agreed_estimate, ""),
        ]
    estimates = Panel(
        Group(sides, *below, Text(""), plain(t("merge_estimates_note"), style="dim italic")),
        title=plain(t("merge_estimates_title")),
        title_align="left",
    )
    counts = plain(t("merge_flag_count", blind=blind, hidden=hidden), style="bold")
    caption = plain(t("merge_caption"), style="dim")
    return Group(head, grid, caption, counts, Text(""), estimates)


# -- team --------------------------------------------------------------------------------


def section(title: str, body: RenderableType, note: str | None = None) -> Group:
    """A heading, a table and an optional note below it.

    Kept outside the table so that they use the whole width: a table's own title
    and caption wrap to the table's width, which is narrow for a table of counts.
    """
    parts: list[RenderableType] = [plain(title, style="bold"), body]
    if note:
        parts.append(plain(note, style="dim"))
    return Group(*parts)


def _short(w: Words, level_id: str | None) -> str:
    if level_id is None:
        return "—"
    try:
        return short_level_name(w, w.model.level(level_id))
    except KeyError:
        return level_id


def _person_grid(w: Words, people: tuple[Person, ...]) -> tuple[Table, str | None]:
    """One line per person (the first PEOPLE_SHOWN), and a note of how many more."""
    t = w.t
    grid = table()
    grid.add_column(t("team_col_person"), min_width=8, max_width=24)
    grid.add_column(t("col_level"), max_width=16)
    grid.add_column(t("team_col_next"), max_width=16)
    grid.add_column(t("col_readiness"), justify="right")
    grid.add_column(t("team_col_points"), justify="right")
    grid.add_column(t("team_col_basis"), max_width=12)
    for person in people[:PEOPLE_SHOWN]:
        grid.add_row(*_person_cells(w, person))
    more = None
    if len(people) > PEOPLE_SHOWN:
        more = t("team_more_people", count=len(people) - PEOPLE_SHOWN)
    return grid, more


def _people_table(w: Words, people: tuple[Person, ...]) -> RenderableType:
    grid, more = _person_grid(w, people)
    return section(w.t("team_people_title"), grid, more)


def _person_cells(w: Words, person: Person) -> list[Text]:
    points = "—" if person.points_to_next is None else str(person.points_to_next)
    next_level = "—" if person.next_level is None else w.level_name(person.next_level)
    return [
        plain(person.subject),
        plain(w.level_name(person.level), style="green" if person.level else "yellow"),
        plain(next_level),
        Text(percent(person.readiness)),
        Text(points),
        plain(w.t(f"merge_role_{person.role}"), style="dim"),
    ]


def _histogram(w: Words, team: Team) -> RenderableType:
    t = w.t
    grid = table()
    grid.add_column(t("col_level"))
    grid.add_column(t("team_col_count"), justify="right")
    grid.add_column("", no_wrap=True)
    top = max(team.levels.values(), default=0) or 1
    rows = [(w.level_name(level.id), team.levels.get(level.id, 0)) for level in w.model.levels]
    rows.insert(0, (t("no_level"), team.levels.get("none", 0)))
    for name, count in rows:
        filled = round(count / top * HISTOGRAM_WIDTH)
        if count and not filled:
            filled = 1
        grid.add_row(plain(name), str(count), Text("█" * filled, style="cyan"))
    return section(t("team_levels_title"), grid)


def _ready_table(w: Words, team: Team) -> RenderableType:
    t = w.t
    title = t("team_ready_title", within=team.within)
    if not team.ready:
        return Group(
            plain(title, style="bold"), plain(t("team_ready_none", within=team.within), style="dim")
        )
    grid, more = _person_grid(w, team.ready)
    return section(title, grid, more)


def heat_style(count: int, top: int) -> str:
    """The colour of a heat cell: deeper as *count* nears the largest count *top*."""
    if count <= 0 or top <= 0:
        return "dim"
    step = min(len(HEAT_STYLES) - 1, (count * len(HEAT_STYLES) - 1) // top)
    return HEAT_STYLES[step]


def _heat_table(w: Words, team: Team) -> RenderableType:
    t = w.t
    model = w.model
    grid = table()
    grid.add_column(t("col_skill"), min_width=8, max_width=24)
    for level in model.levels:
        grid.add_column(Text(short_level_name(w, level), justify="center"), justify="center")
    grid.add_column(t("team_col_total"), justify="right")
    top = max((n for row in team.heat.values() for n in row.values()), default=0)
    below = dict(team.skills)
    for skill in model.skills:
        row = team.heat.get(skill.id, {})
        cells = []
        for level in model.levels:
            count = row.get(level.id, 0)
            cells.append(Text(str(count) if count else "·", style=heat_style(count, top)))
        total = below.get(skill.id, 0)
        grid.add_row(
            plain(w(skill.name)), *cells, Text(str(total), style="bold" if total else "dim")
        )
    return section(t("team_heat_title"), grid, t("team_heat_caption"))


def _skipped_table(w: Words, team: Team) -> RenderableType:
    t = w.t
    grid = table()
    grid.add_column(t("team_col_file"), ratio=1)
    grid.add_column(t("team_col_reason"), ratio=1)
    for skipped in team.skipped[:SKIPPED_SHOWN]:
        grid.add_row(plain(skipped.path), plain(t(skipped.reason, **skipped.params)))
    more = None
    if len(team.skipped) > SKIPPED_SHOWN:
        more = t("and_more", count=len(team.skipped) - SKIPPED_SHOWN)
    return section(t("team_skipped_title", count=len(team.skipped)), grid, more)


def team_screen(w: Words, team: Team) -> RenderableType:
    """People, levels, who is close to the next level, where the team is thin, what was skipped."""
    t = w.t
    counts = t("team_counts", people=len(team.people), files=team.files, skipped=len(team.skipped))
    head = Panel(plain(counts), title=plain(t("team_title")), title_align="left")
    parts: list[RenderableType] = [head]
    if not team.people:
        parts.append(plain(t("team_empty"), style="yellow"))
    else:
        parts += [
            _people_table(w, team.people),
            _histogram(w, team),
            _ready_table(w, team),
            Text(""),
            _heat_table(w, team),
        ]
    if team.skipped:
        parts += [Text(""), _skipped_table(w, team)]
    return Group(*parts)


class LoadingBar:
    """A progress callback for :func:`pmlevel.team.load_team` that shows a bar only
    on a terminal, and only once loading has taken more than a moment (a bar that
    flashes for a tenth of a second is noise). Use it as a context manager so the
    bar is removed when loading ends.
    """

    def __init__(self, console: Console, description: str, *, delay: float = 0.3) -> None:
        self.console = console
        self.description = description
        self.delay = delay
        self._started = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if not self.console.is_terminal or time.monotonic() - self._started < self.delay:
                return
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=total)
        if self._task is not None:
            self._bar.update(self._task, completed=done, total=total)

    def __enter__(self) -> LoadingBar:
        self._started = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
