"""Screens that read the level model: ``levels``, ``show``, ``show --vs`` and ``skills``."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pmlevel.model.ladder import Level, LevelModel
from pmlevel.render.rich_text import plain, rating_dots, table
from pmlevel.reports.words import Words
from pmlevel.text.shape import is_han


def levels_table(w: Words) -> RenderableType:
    t = w.t
    grid = table(title=f"{w(w.model.name)} · {t('levels_title')}", caption=t("levels_caption"))
    grid.add_column("#", justify="right", style="bold")
    grid.add_column(t("col_level"), ratio=1, min_width=24)
    grid.add_column(t("col_names"), max_width=22)
    tracked = bool(w.model.tracks)
    if tracked:  # (v3) which track each level is on, and what it follows
        grid.add_column(t("col_track"), max_width=16)
    grid.add_column(t("col_skills"), justify="right")
    for rank, level in enumerate(w.model.levels, 1):
        about = plain(w(level.name), style="bold")
        if level.summary:
            about.append("\n")
            about.append(w(level.summary), style="dim")
        names = Text(level.id, style="green")
        for alias in level.aliases:
            names.append("\n" + alias)
        cells: list[RenderableType] = [str(rank), about, names]
        if tracked:
            track = plain(w.level_track(level.id) or "")
            if level.after is not None:
                track.append("\n" + t("after_level", level=level.after), style="dim")
            cells.append(track)
        grid.add_row(*cells, str(len(level.expectations)))
        grid.add_row()
    return grid


def _anchor(w: Words, rating: int) -> str:
    return w(w.model.scale.anchors.get(rating))


def anchor_label(text: str) -> str:
    """The short label before the colon of an anchor ("Independent: …" -> "Independent")."""
    for colon in ("：", ":"):
        head, sep, _ = text.partition(colon)
        if sep and 0 < len(head) <= 16:
            return head.strip()
    return ""


def anchor_legend(w: Words, ratings: set[int]) -> RenderableType:
    """The full anchor text of each rating that appears on a screen."""
    legend = table(title=w.t("anchors_title"))
    legend.add_column("", justify="right", style="bold")
    legend.add_column(w.t("col_anchor"), ratio=1)
    for rating in sorted(ratings):
        legend.add_row(str(rating), plain(_anchor(w, rating)))
    return legend


def rating_cell(w: Words, rating: int) -> Text:
    """``●●●○○ 3 Independent``: the rating, readable at a glance and in words."""
    cell = rating_dots(rating, w.model.scale.min, w.model.scale.max)
    cell.append(f" {rating}", style="bold")
    label = anchor_label(_anchor(w, rating))
    if label:
        cell.append(f" {label}")
    return cell


def _chain_rank(model: LevelModel, level: Level) -> tuple[int, int]:
    """Where *level* stands on its chain, and how long the chain is: with tracks, a 产品总监
    after 高级 is level 4 of 4 on the management track, not 5 of 5 in the file (which would
    put it above 资深, its peer on the other track). A shared level counts on the longest chain."""
    chains = [chain for track, chain in model.chains() if level.track in (None, track)]
    chain = max(chains, key=len)
    return [lv.id for lv in chain].index(level.id) + 1, len(chain)


def level_detail(w: Words, level: Level) -> RenderableType:
    """One level: summary, responsibilities, and each expected skill with its anchor."""
    t = w.t
    model = w.model
    rank, total = _chain_rank(model, level)
    below = model.below(level.id)  # the level under it on its chain (its track's, v3)
    heading = Text()
    heading.append(w(level.name), style="bold")
    heading.append(f"  {level.id} · {t('rank_of', rank=rank, total=total)}", style="dim")
    track = w.level_track(level.id)
    if track is not None:
        heading.append(f" · {track}", style="dim")
    body: list[RenderableType] = []
    if track is not None:
        body.append(plain(_track_line(w, level), style="dim"))
    if level.summary:
        body.append(plain(w(level.summary)))
    if level.aliases:
        body.append(plain(t("aliases_line", aliases=", ".join(level.aliases)), style="dim"))
    parts: list[RenderableType] = [
        Panel(Group(*body) if body else Text(""), title=heading, title_align="left")
    ]

    if level.responsibilities:
        duties = table(title=t("responsibilities_title"))
        duties.add_column("", justify="right", style="dim")
        duties.add_column(t("col_responsibility"), style="bold", min_width=8)
        duties.add_column(t("col_description"), ratio=1)
        for index, duty in enumerate(level.responsibilities, 1):
            duties.add_row(str(index), plain(w(duty.name)), plain(w(duty.description)))
        parts.append(duties)

    caption = t("expected_skills_caption", low=model.scale.min, high=model.scale.max)
    if level.core:
        caption += " " + t("expected_skills_core")
    skills = table(title=t("expected_skills_title", count=len(level.expectations)), caption=caption)
    skills.add_column(t("col_skill"), style="bold", min_width=8, max_width=24)
    skills.add_column(t("col_expected"), no_wrap=True)
    skills.add_column(t("col_looks_like"), ratio=1, min_width=16)
    generic: set[int] = set()  # ratings shown with the scale's anchors, for the legend
    for skill_id, rating in level.expectations.items():
        name = Text(w.skill_name(skill_id))
        if level.is_core(skill_id):
            name.append(f" ★{t('tag_core')}", style="red")
        change = _change(below, skill_id, rating)
        if change:
            name.append(f" {t(change[0], delta=change[1])}", style="yellow")
        skill = model.skill(skill_id)
        if skill.own_anchors:  # what this skill looks like at the expected point
            looks = plain(w(skill.anchor(rating)))
        else:
            looks = plain(w(skill.description), style="dim")
            generic.add(rating)
        skills.add_row(name, rating_cell(w, rating), looks)
    parts.append(skills)
    if generic:
        parts.append(anchor_legend(w, generic))
    return Group(*parts)


def _track_line(w: Words, level: Level) -> str:
    """ "On the Management track, after PM II." or "Shared: on every track, after PM I." """
    t = w.t
    after = w.level_name(level.after) if level.after is not None else None
    if level.track is None:
        return t("show_shared_after", level=after) if after else t("show_shared_bottom")
    track = w.track_name(level.track)
    return t("show_track_after", track=track, level=after) if after else track


def _change(below: Level | None, skill_id: str, rating: int) -> tuple[str, int] | None:
    if below is None:
        return None
    before = below.expectations.get(skill_id)
    if before is None:
        return ("tag_new", 0)
    if rating > before:
        return ("tag_up", rating - before)
    return None


def level_comparison(w: Words, a: Level, b: Level) -> RenderableType:
    """Two levels side by side: expectations and what changes, then responsibilities."""
    t = w.t
    model = w.model
    title = plain(t("compare_title", a=w(a.name), b=w(b.name)), style="bold")
    grid = table(caption=t("compare_caption"))
    grid.add_column(t("col_skill"), style="bold", min_width=8)
    grid.add_column(short_level_name(w, a), justify="center")
    grid.add_column(short_level_name(w, b), justify="center")
    grid.add_column(t("col_change"), ratio=1)
    for skill in model.skills:
        ra = a.expectations.get(skill.id)
        rb = b.expectations.get(skill.id)
        if ra is None and rb is None:
            continue
        if ra == rb:
            change = plain(t("change_same"), style="dim")
        elif ra is None:
            change = plain(t("change_added", rating=rb), style="green")
        elif rb is None:
            change = plain(t("change_removed", rating=ra), style="yellow")
        else:
            delta = rb - ra
            style = "green" if delta > 0 else "yellow"
            change = Text(f"{delta:+d}", style=style)
            label = anchor_label(_anchor(w, rb))
            if label:
                change.append(f" · {label}")
        grid.add_row(plain(w(skill.name)), _cell(ra), _cell(rb), change)

    duties = table(title=t("responsibilities_title"))
    duties.add_column(w(a.name), ratio=1)
    duties.add_column(w(b.name), ratio=1)
    count = max(len(a.responsibilities), len(b.responsibilities))
    for i in range(count):
        left = w(a.responsibilities[i].name) if i < len(a.responsibilities) else ""
        right = w(b.responsibilities[i].name) if i < len(b.responsibilities) else ""
        duties.add_row(plain(left), plain(right))
    summaries = table()
    summaries.add_column(w(a.name), ratio=1)
    summaries.add_column(w(b.name), ratio=1)
    summaries.add_row(plain(w(a.summary)), plain(w(b.summary)))
    return Group(title, summaries, grid, duties) if count else Group(title, summaries, grid)


def _cell(rating: int | None, core: bool = False) -> Text:
    if rating is None:
        return Text("—", style="dim")
    return Text(f"{rating}★", style="bold red") if core else Text(str(rating), style="bold")


def short_level_name(w: Words, level: Level) -> str:
    """A column header for a level: in Chinese a short Chinese alias; otherwise the first
    word of the name ("Senior") when that tells every level apart, else the id.

    Full names ("初级产品经理", "Senior Product Manager") are too wide for five columns
    at 80 characters, and ids are not names.
    """
    if w.t.locale.names_split_on_spaces:
        firsts = [(w(other.name).split() or [other.id])[0] for other in w.model.levels]
        first = (w(level.name).split() or [level.id])[0]
        distinct = len({name.casefold() for name in firsts}) == len(firsts)
        return first if distinct and cell_len(first) <= 10 else level.id
    candidates = [a for a in level.aliases if any(is_han(ch) for ch in a)]
    candidates.append(w(level.name))
    short = min(candidates, key=cell_len)
    return short if cell_len(short) <= 10 else level.id


def skill_matrix(w: Words) -> RenderableType:
    """The skill × level matrix of expectations, grouped by category."""
    return _Matrix(w)


class _Matrix:
    """The matrix, drawn with short level names as headers, or with level ids where the
    names would not fit the width it is given (seven levels of English names at 80
    columns broke words in the middle: "Associa/te")."""

    def __init__(self, w: Words) -> None:
        self.w = w

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield _matrix_table(self.w, ids=_header_width(self.w, ids=False) > options.max_width)


def _header_width(w: Words, *, ids: bool) -> int:
    """The width the matrix needs for no header word to break: the skill column as it
    is drawn, then each level's longest unbreakable word, each with its padding."""
    widest = max(cell_len(w(skill.name)) for skill in w.model.skills)
    width = min(widest, 22) + 2
    for level in w.model.levels:
        words = [*(level.id if ids else short_level_name(w, level)).split(), level.track or ""]
        width += max(3, *(cell_len(word) for word in words)) + 2
    return width


def _matrix_table(w: Words, *, ids: bool) -> Table:
    t = w.t
    model = w.model
    caption = t("matrix_caption", low=model.scale.min, high=model.scale.max)
    if any(level.core for level in model.levels):
        caption += " " + t("matrix_core")
    if model.tracks:  # the ids under the levels' headers, and what no id means
        tracks = t("why_list_sep").join(
            t("matrix_track", id=track.id, name=w(track.name)) for track in model.tracks
        )
        caption += " " + t("matrix_tracks", tracks=tracks)
    grid = table(title=t("matrix_title"), caption=caption)
    widest = max(cell_len(w(skill.name)) for skill in model.skills)
    grid.add_column(t("col_skill"), style="bold", min_width=min(widest, 22))
    for rank, level in enumerate(model.levels, 1):
        label = level.id if ids else short_level_name(w, level)
        header = Text(f"{rank}\n{label}", justify="center")
        if model.tracks:  # (v3) under each level, its track's id (none: shared)
            header.append("\n" + (level.track or ""), style="dim")
        grid.add_column(header, justify="center")
    for category, skills in model.categories():
        if category:
            grid.add_section()
            grid.add_row(plain(w(category), style="magenta"))
        for skill in skills:
            cells = [
                _cell(level.expectations.get(skill.id), level.is_core(skill.id))
                for level in model.levels
            ]
            name = plain(w(skill.name))
            name.append("\n" + skill.id, style="dim not bold")  # the id answers files use
            grid.add_row(name, *cells)
    return grid
