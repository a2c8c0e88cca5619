"""Reports of the growth loop that compare ratings, as :class:`Document` s: ``merge`` (one
person, several raters) and ``team`` (many people). Both are made from the core's
plain values (:class:`~pmlevel.merge.Merge`, :class:`~pmlevel.team.Team`); the
screen (80 columns, Chinese and English) and the ``-o`` files are drawn from them.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from pmlevel.document import (
    Bar,
    Block,
    Cell,
    Column,
    Document,
    Fact,
    Facts,
    Inline,
    Note,
    Paragraph,
    Section,
    Styled,
    Table,
    Tone,
)
from pmlevel.merge import Merge
from pmlevel.people import OTHER_ROLES, ROLES
from pmlevel.render.assessment import estimate_facts, not_assessed
from pmlevel.render.browse import short_level_name
from pmlevel.render.common import Words, local_date, percent
from pmlevel.result import EstimateOut
from pmlevel.team import Person, Skipped, Team

# On screen the people and ready tables list everyone up to this many; beyond,
# --json and -o have the full list (ten thousand lines are a file to search, not
# a screen to read, and Rich takes about a millisecond a row to lay them out).
PEOPLE_SHOWN = 200
SKIPPED_SHOWN = 20

# From a few people short to most of them.
HEAT_TONES: tuple[Tone, ...] = ("warn", "warn", "bad", "bad")


# -- merge -------------------------------------------------------------------------------


def _flag_cell(w: Words, flag: str | None) -> Cell:
    if flag is None:
        return ""
    return Styled(w.t(f"merge_flag_{flag}"), "bad" if flag == "blind_spot" else "good")


def _model_name(w: Words, merge: Merge) -> str:
    """The model's name in the reader's language when it is the model loaded now."""
    return w(w.model.name) if merge.model_sha256 == w.model.sha256 else merge.model_name


def _estimate_cells(w: Words, est: EstimateOut | None, missing: str) -> list[Inline]:
    """Level, next level and readiness of one estimate, for a column of the estimates table."""
    t = w.t
    if est is None:
        return [Styled(missing, "muted"), "", ""]
    level: Inline = (
        Styled(t("no_level"), "warn")
        if est.level is None
        else Styled(w.level_name(est.level), "good")
    )
    if est.next_level is None:
        return [level, Styled(t("at_top_level"), "good"), ""]
    return [level, w.level_name(est.next_level), percent(est.readiness)]


def merge_document(w: Words, merge: Merge) -> Document:
    """Each skill rated by each rater, the spread and the flags; then the two estimates."""
    t = w.t
    subject = merge.subject or t("no_subject")
    who: list[Inline] = []
    for rater in merge.raters:
        role = t(f"role_{rater.role}")
        who.append(
            t(
                "merge_rater_line",
                role=f"{role} · {rater.name}" if rater.name else role,
                date=local_date(rater.result.assessed_at),
                file=rater.source,
            )
        )
    if merge.agreed is not None:
        agreed = merge.agreed
        who.append(
            t(
                "merge_rater_line",
                role=t("role_agreed"),
                date=local_date(agreed.result.assessed_at),
                file=agreed.source,
            )
        )
    for left in merge.left_out:
        who.append(Styled(t(left.reason, file=left.source, kept=left.kept), "warn"))
    model = t("basis_model", model=_model_name(w, merge), sha=merge.model_sha256[:8])
    head = Facts(
        [Fact("", line) for line in who],
        title=t("merge_title", subject=subject),
        notes=(model,),
    )

    columns = [Column(t("col_skill"))]
    for rater in merge.raters:
        role = t(f"merge_role_{rater.role}")
        columns.append(Column(f"{role}\n{rater.name}" if rater.name else role, "rating"))
    # A hiring merge (interviewers' scorecards, SPEC §5) has no self-rating: then there
    # are no blind spots or hidden strengths, and no self column to set beside the others.
    has_self = any(r.role == "self" for r in merge.raters)
    columns.append(Column(t("merge_col_spread"), "rating"))
    if has_self:
        columns.append(Column(t("merge_col_flag")))
    if merge.agreed is not None:  # the outcome of a check-in: shown, never estimated
        columns.append(Column(t("merge_role_agreed"), "rating"))
    blind = hidden = 0
    rows: list[list[Cell]] = []
    for row in merge.skills:
        blind += row.flag == "blind_spot"
        hidden += row.flag == "hidden_strength"
        spread: Cell = Styled(str(row.spread), "warn") if row.spread >= 2 else row.spread
        cells: list[Cell] = [w.skill_name(row.skill), *row.ratings, spread]
        if has_self:
            cells.append(_flag_cell(w, row.flag))
        if merge.agreed is not None:
            cells.append(None if row.agreed is None else Styled(str(row.agreed), "accent"))
        rows.append(cells)
    ratings = Table(
        columns, rows, caption=t("merge_caption" if has_self else "merge_caption_no_self")
    )
    counts = Paragraph(Styled(t("merge_flag_count", blind=blind, hidden=hidden)))

    others = sum(1 for r in merge.raters if r.role in OTHER_ROLES)
    # The others described by their roles (interviewers, a manager and peers…); with no
    # others at all, by every role that would count as one.
    present = [r.role for r in merge.raters if r.role in OTHER_ROLES]
    named = present or [role for role in ROLES if role in OTHER_ROLES]
    roles = t("why_list_sep").join(dict.fromkeys(t(f"merge_role_{role}") for role in named))
    theirs = _estimate_cells(w, merge.others_estimate, t("merge_estimate_no_others"))
    labels = [t("estimate_level"), t("next_level_is"), t("col_readiness")]
    columns = [Column("")]
    sides = []
    if has_self:
        columns.append(Column(t("merge_estimate_self")))
        sides.append(_estimate_cells(w, merge.self_estimate, t("merge_estimate_no_self")))
        columns.append(Column(t("merge_estimate_others", count=others)))
        title, note = t("merge_estimates_title"), t("merge_estimates_note", roles=roles)
    else:
        columns.append(Column(t("merge_estimate_by", roles=roles, count=others)))
        title = t("merge_estimates_title_no_self")
        note = t("merge_estimates_note_no_self", roles=roles)
    sides.append(theirs)
    estimates = Table(
        columns=columns,
        rows=[
            (label.rstrip(":：").strip(), *(side[index] for side in sides))
            for index, label in enumerate(labels)
        ],
    )
    blocks: list[Block] = [head, ratings]
    rated_by_anyone = {s for r in merge.raters for s in r.result.ratings}
    unrated = not_assessed(w, dict.fromkeys(rated_by_anyone, 0), "merge_not_assessed")
    if unrated is not None:
        blocks.append(unrated)
    if has_self:
        blocks.append(counts)
    blocks.append(Section(title, (estimates, Note(note))))
    if merge.agreed_estimate is not None:  # apart from both estimates, never mixed in
        facts = estimate_facts(w, merge.agreed_estimate)
        blocks.append(Facts(facts, title=t("merge_estimate_agreed")))
    return Document(title=t("merge_title", subject=subject), lang=w.lang, blocks=blocks)


# -- team --------------------------------------------------------------------------------


def _people_table(w: Words, people: tuple[Person, ...], limit: int | None) -> list[Block]:
    """One line per person (the first *limit*), and a note of how many more."""
    t = w.t
    shown = people if limit is None else people[:limit]
    rows = [
        (
            person.subject or t("no_subject"),
            Styled(w.level_name(person.level), "good" if person.level else "warn"),
            None if person.next_level is None else w.level_name(person.next_level),
            percent(person.readiness),
            person.points_to_next,
            Styled(t(f"merge_role_{person.role}"), "muted"),
        )
        for person in shown
    ]
    table = Table(
        columns=(
            Column(t("team_col_person")),
            Column(t("col_level")),
            Column(t("team_col_next")),
            Column(t("col_readiness"), "number"),
            Column(t("team_col_points"), "number"),
            Column(t("team_col_basis")),
        ),
        rows=rows,
    )
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
    return Section(title, _people_table(w, team.ready, limit))


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


def _skip_reason(w: Words, skipped: Skipped) -> str:
    """Why a file was skipped; a subject that is no one named shows as the unnamed label."""
    params = dict(skipped.params)
    if "subject" in params and not params["subject"]:
        params["subject"] = w.t("no_subject")
    return w.t(skipped.reason, **params)


def _skipped(w: Words, team: Team, limit: int | None) -> Section:
    t = w.t
    shown = team.skipped if limit is None else team.skipped[:limit]
    rows = [(skipped.path, _skip_reason(w, skipped)) for skipped in shown]
    blocks: list[Block] = [Table((Column(t("team_col_file")), Column(t("team_col_reason"))), rows)]
    if len(shown) < len(team.skipped):
        blocks.append(Note(t("and_more", count=len(team.skipped) - len(shown))))
    return Section(t("team_skipped_title", count=len(team.skipped)), blocks)


def team_document(w: Words, team: Team, *, screen: bool = False) -> Document:
    """People, levels, who is close to the next level, where the team is thin, what was skipped.

    On a *screen* long lists stop after :data:`PEOPLE_SHOWN`; files hold everyone.
    """
    t = w.t
    counts = t("team_counts", people=len(team.people), files=team.files, skipped=len(team.skipped))
    blocks: list[Block] = [Facts([Fact("", counts)], title=t("team_title"))]
    limit = PEOPLE_SHOWN if screen else None
    if team.people:  # with no one, the command says so (an error) after this document
        blocks += [
            Section(t("team_people_title"), _people_table(w, team.people, limit)),
            _histogram(w, team),
            _ready(w, team, limit),
            _heat(w, team),
        ]
    if team.skipped:
        blocks.append(_skipped(w, team, SKIPPED_SHOWN if screen else None))
    return Document(title=t("team_title"), lang=w.lang, blocks=blocks)


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
