"""Reports that read the level model: ``levels``, ``show``, ``show --vs`` and ``skills``.

Each is a :class:`~pmlevel.render.document.Document`, so the screen and ``-o``
(``.md``, ``.html``; the matrix also ``.csv``) are drawn from the same tree.
"""

from __future__ import annotations

from pmlevel.model.ladder import Level, LevelModel
from pmlevel.render.document import (
    Block,
    Cell,
    Column,
    Document,
    Fact,
    Facts,
    Inline,
    Paragraph,
    Styled,
    Table,
)
from pmlevel.reports.words import Words
from pmlevel.text.shape import columns, is_han


def levels_document(w: Words) -> Document:
    """Every level: rank, name and summary, id and aliases, track (v3), skills expected."""
    t = w.t
    title = f"{w(w.model.name)} · {t('levels_title')}"
    tracked = bool(w.model.tracks)
    columns = [Column("#", "number"), Column(t("col_level")), Column(t("col_names"))]
    if tracked:  # (v3) which track each level is on, and what it follows
        columns.append(Column(t("col_track")))
    columns.append(Column(t("col_skills"), "number"))
    rows: list[list[Cell]] = []
    for rank, level in enumerate(w.model.levels, 1):
        about: list[str | Styled] = [Styled(w(level.name))]
        if level.summary:
            about += ["\n", Styled(w(level.summary), "muted")]
        names: list[str | Styled] = [Styled(level.id, "good")]
        names += [f"\n{alias}" for alias in level.aliases]
        row: list[Cell] = [rank, tuple(about), tuple(names)]
        if tracked:
            track: list[str | Styled] = [w.level_track(level.id) or ""]
            if level.after is not None:
                track += ["\n", Styled(t("after_level", level=level.after), "muted")]
            row.append(tuple(track))
        row.append(len(level.expectations))
        rows.append(row)
    grid = Table(columns, rows, title=title, caption=t("levels_caption"), spaced=True)
    return Document(title=title, lang=w.lang, blocks=(grid,))


def _anchor(w: Words, rating: int) -> str:
    return w(w.model.scale.anchors.get(rating))


def anchor_label(text: str) -> str:
    """The short label before the colon of an anchor ("Independent: …" -> "Independent")."""
    for colon in ("：", ":"):
        head, sep, _ = text.partition(colon)
        if sep and 0 < len(head) <= 16:
            return head.strip()
    return ""


def _rating(w: Words, rating: int) -> Inline:
    """``●●●○○ 3 Independent``: the rating, readable at a glance (without colour too)
    and in words, in every format."""
    low, high = w.model.scale.min, w.model.scale.max
    filled = max(0, min(high - low + 1, rating - low + 1))
    dots = Styled("●" * filled + "○" * (high - low + 1 - filled), "accent")
    label = anchor_label(_anchor(w, rating))
    return (dots, " ", Styled(str(rating)), f" {label}" if label else "")


def _chain_rank(model: LevelModel, level: Level) -> tuple[int, int]:
    """Where *level* stands on its chain, and how long the chain is: with tracks, a 产品总监
    after 高级 is level 4 of 4 on the management track, not 5 of 5 in the file (which would
    put it above 资深, its peer on the other track). A shared level counts on the longest chain."""
    chains = [chain for track, chain in model.chains() if level.track in (None, track)]
    chain = max(chains, key=len)
    return [lv.id for lv in chain].index(level.id) + 1, len(chain)


def level_document(w: Words, level: Level) -> Document:
    """One level: summary, responsibilities, and each expected skill with its anchor."""
    t = w.t
    model = w.model
    rank, total = _chain_rank(model, level)
    below = model.below(level.id)  # the level under it on its chain (its track's, v3)
    heading = f"{w(level.name)}  {level.id} · {t('rank_of', rank=rank, total=total)}"
    track = w.level_track(level.id)
    if track is not None:
        heading += f" · {track}"
    notes: list[Inline] = []
    if track is not None:
        notes.append(_track_line(w, level))
    if level.aliases:
        notes.append(t("aliases_line", aliases=", ".join(level.aliases)))
    facts = [Fact("", w(level.summary))] if level.summary else []
    blocks: list[Block] = [Facts(facts, title=heading, notes=notes)]

    if level.responsibilities:
        duties = Table(
            (
                Column("", "number"),
                Column(t("col_responsibility")),
                Column(t("col_description")),
            ),
            [
                (index, Styled(w(duty.name)), w(duty.description))
                for index, duty in enumerate(level.responsibilities, 1)
            ],
            title=t("responsibilities_title"),
        )
        blocks.append(duties)

    caption = t("expected_skills_caption", low=model.scale.min, high=model.scale.max)
    if level.core:
        caption += " " + t("expected_skills_core")
    rows: list[tuple[Cell, ...]] = []
    generic: set[int] = set()  # ratings shown with the scale's anchors, for the legend
    for skill_id, rating in level.expectations.items():
        name: list[str | Styled] = [Styled(w.skill_name(skill_id))]
        if level.is_core(skill_id):
            name.append(Styled(f" ★{t('tag_core')}", "bad"))
        change = _change(below, skill_id, rating)
        if change:
            name.append(Styled(f" {t(change[0], delta=change[1])}", "warn"))
        skill = model.skill(skill_id)
        looks: Cell
        if skill.own_anchors:  # what this skill looks like at the expected point
            looks = w(skill.anchor(rating))
        else:
            looks = Styled(w(skill.description), "muted")
            generic.add(rating)
        rows.append((tuple(name), _rating(w, rating), looks))
    blocks.append(
        Table(
            (Column(t("col_skill")), Column(t("col_expected")), Column(t("col_looks_like"))),
            rows,
            title=t("expected_skills_title", count=len(level.expectations)),
            caption=caption,
        )
    )
    if generic:
        legend = Table(
            (Column("", "number"), Column(t("col_anchor"))),
            [(rating, _anchor(w, rating)) for rating in sorted(generic)],
            title=t("anchors_title"),
        )
        blocks.append(legend)
    return Document(title=w(level.name), lang=w.lang, blocks=blocks)


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


def comparison_document(w: Words, a: Level, b: Level) -> Document:
    """Two levels side by side: summaries, expectations and what changes, responsibilities."""
    t = w.t
    model = w.model
    title = t("compare_title", a=w(a.name), b=w(b.name))
    rows: list[tuple[Cell, ...]] = []
    for skill in model.skills:
        ra = a.expectations.get(skill.id)
        rb = b.expectations.get(skill.id)
        if ra is None and rb is None:
            continue
        change: Cell
        if ra == rb:
            change = Styled(t("change_same"), "muted")
        elif ra is None:
            change = Styled(t("change_added", rating=rb), "good")
        elif rb is None:
            change = Styled(t("change_removed", rating=ra), "warn")
        else:
            delta = rb - ra
            change = Styled(f"{delta:+d}", "good" if delta > 0 else "warn")
            label = anchor_label(_anchor(w, rb))
            if label:
                change = (change, f" · {label}")
        rows.append((w(skill.name), ra, rb, change))
    grid = Table(
        (
            Column(t("col_skill")),
            Column(short_level_name(w, a), "rating"),
            Column(short_level_name(w, b), "rating"),
            Column(t("col_change")),
        ),
        rows,
        caption=t("compare_caption"),
    )
    summaries = Table((Column(w(a.name)), Column(w(b.name))), [(w(a.summary), w(b.summary))])
    blocks: list[Block] = [Paragraph(Styled(title)), summaries, grid]
    count = max(len(a.responsibilities), len(b.responsibilities))
    if count:
        duties = [
            tuple(
                w(duties[i].name) if i < len(duties) else ""
                for duties in (a.responsibilities, b.responsibilities)
            )
            for i in range(count)
        ]
        blocks.append(
            Table(
                (Column(w(a.name)), Column(w(b.name))),
                duties,
                title=t("responsibilities_title"),
            )
        )
    return Document(title=title, lang=w.lang, blocks=blocks)


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
        return first if distinct and columns(first) <= 10 else level.id
    candidates = [a for a in level.aliases if any(is_han(ch) for ch in a)]
    candidates.append(w(level.name))
    short = min(candidates, key=columns)
    return short if columns(short) <= 10 else level.id


def _expected(level: Level, skill_id: str) -> Cell:
    """A matrix cell: the expected rating, ``3★`` where the skill is core."""
    rating = level.expectations.get(skill_id)
    if rating is None:
        return None
    return Styled(f"{rating}★", "bad") if level.is_core(skill_id) else Styled(str(rating))


def matrix_document(w: Words) -> Document:
    """The skill × level matrix of expectations, grouped by category, with the skill ids
    answers files use. Each level's header is its rank, short name and track (v3); where
    the names would not fit the screen, the level ids."""
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
    columns = [Column(t("col_skill"))]
    for rank, level in enumerate(model.levels, 1):
        track = f"\n{level.track or ''}" if model.tracks else ""  # none: shared
        columns.append(
            Column(
                f"{rank}\n{short_level_name(w, level)}{track}",
                "rating",
                narrow=f"{rank}\n{level.id}{track}",
            )
        )
    rows: list[tuple[Cell, ...]] = []
    groups: set[int] = set()
    for category, skills in model.categories():
        if category:
            groups.add(len(rows))
            rows.append((Styled(w(category), "accent"), *("" for _ in model.levels)))
        for skill in skills:
            name = (Styled(w(skill.name)), "\n", Styled(skill.id, "muted"))
            rows.append((name, *(_expected(level, skill.id) for level in model.levels)))
    title = t("matrix_title")
    grid = Table(columns, rows, title=title, caption=caption, groups=frozenset(groups))
    return Document(title=title, lang=w.lang, blocks=(grid,))


def matrix_csv(w: Words) -> str:
    """``skills -o matrix.csv``: one row per skill (id, name, category), one column per
    level id holding the expected rating (empty: not expected) and one per level saying
    whether it is core there (``core:<level id>``, 1 or empty)."""
    from pmlevel.render.csv_file import Sheet, csv_text, safe_cell

    model = w.model
    header = (
        "skill",
        "name",
        "category",
        *(level.id for level in model.levels),
        *(f"core:{level.id}" for level in model.levels),
    )
    rows = tuple(
        tuple(
            safe_cell(value)
            for value in (
                skill.id,
                w(skill.name),
                w(skill.category) if skill.category else None,
                *(level.expectations.get(skill.id) for level in model.levels),
                *(1 if level.is_core(skill.id) else None for level in model.levels),
            )
        )
        for skill in model.skills
    )
    return csv_text(Sheet(header, rows))
