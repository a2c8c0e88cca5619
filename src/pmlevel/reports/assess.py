"""The report of one assessment (``assess``, ``report``) as a :class:`Document`.

Built once from a :class:`Result`: the screen, the ``.md``, the ``.html`` and the
``.svg`` are all drawn from it. The screen shows the first few borderline
changes and the ratings that have a note; files hold everything (every
borderline change, every rating beside what the current and next level expect,
with its note) and the radar chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pmlevel.assess.people import HIRING_ROLES
from pmlevel.assess.result import EstimateOut, Result, TrackOut
from pmlevel.model.ladder import Level
from pmlevel.render.document import (
    Bar,
    Block,
    BulletList,
    Cell,
    Column,
    Document,
    Fact,
    Facts,
    Inline,
    Note,
    Paragraph,
    Radar,
    RadarSeries,
    Section,
    Styled,
    Table,
)
from pmlevel.reports.words import Words, local_date, percent

if TYPE_CHECKING:
    from pmlevel.assess.verdict import Verdict
    from pmlevel.store.history import SkillEvidence

SCREEN_BORDERLINE = 6


def model_name(w: Words, result: Result) -> str:
    """The model's name in the reader's language when it is the model loaded now."""
    if result.model.sha256 == w.model.sha256:
        return w(w.model.name)
    return result.model.name


def rater_text(w: Words, result: Result) -> str:
    rater = w.t(f"role_{result.rater.role}")
    return f"{rater} · {result.rater.name}" if result.rater.name else rater


def whose_ratings(w: Words, result: Result, yours: str = "col_yours") -> str:
    """The heading of a result's ratings: "Yours" for a self-rating, else whose they are
    ("manager's rating · Han", "agreed rating"), so a manager's view never reads as yours."""
    if result.rater.role == "self":
        return w.t(yours)
    return rater_text(w, result)


def basis_text(w: Words, result: Result) -> str:
    """What the estimate rests on: who rated, when, against which model."""
    t = w.t
    parts = [t("basis_rater", rater=rater_text(w, result))]
    if result.subject:
        parts.append(t("basis_subject", subject=result.subject))
    parts.append(t("basis_date", date=local_date(result.assessed_at)))
    parts.append(t("basis_model", model=model_name(w, result), sha=result.model.sha256[:8]))
    return " · ".join(parts)


def rule_text(w: Words) -> str:
    # A model with core skills says so: the rule is not only a share and a shortfall.
    key = "rule_line_core" if any(level.core for level in w.model.levels) else "rule_line"
    text = w.t(key, share=f"{w.model.min_share:.0%}", shortfall=w.model.max_shortfall)
    if w.model.tracks:  # a Chinese sentence ends in a full stop that needs no space
        text += ("" if w.lang == "zh" else " ") + w.t("rule_tracks")
    return text


def readiness_text(w: Words, est: EstimateOut) -> str:
    """ "readiness 90%", and "· 1 core skill below" when the next level's core skills are
    not all met (docs/reference.md#the-estimate: never a bare 90% while a core skill blocks the
    level)."""
    text = w.t("readiness_is", readiness=percent(est.readiness))
    if est.core_missing:
        text += " · " + w.t.count("core_below", len(est.core_missing))
    return text


def points_line(w: Words, est: EstimateOut, points: int) -> str:
    """ "2 points from Staff Product Manager · readiness 79%": how far, before how ready.

    Readiness alone misleads as a headline (79% can be one point away, 57% five).
    """
    t = w.t
    away = t(
        "points_to_level", points=t.count("n_points", points), level=w.level_name(est.next_level)
    )
    return away + " · " + readiness_text(w, est)


def estimate_facts(w: Words, est: EstimateOut, points: int | None = None) -> list[Fact]:
    """ "Estimated level: …" and, with the *points* to the next level, how far it is
    ("Next level: … · readiness …" when they are not known)."""
    t = w.t
    level: Inline
    if est.level is None:
        level = Styled(t("no_level"), "warn")
    else:
        level = (Styled(w.level_name(est.level), "good"), Styled(f" ({est.level})", "muted"))
    facts = [Fact(t("estimate_level"), level)]
    if est.next_level is None and est.next_track is not None and w.model.tracks:
        top = t("at_top_of_track", track=w.track_name(est.next_track))
        facts.append(Fact(t("next_level_is"), Styled(top, "good")))
    elif est.next_level is None:
        facts.append(Fact(t("next_level_is"), Styled(t("at_top_level"), "good")))
    elif points is not None:
        facts.append(Fact("", Styled(points_line(w, est, points))))
    else:
        facts.append(
            Fact(
                t("next_level_is"),
                (Styled(w.level_name(est.next_level)), " · " + readiness_text(w, est)),
            )
        )
    return facts


def title(w: Words, result: Result) -> str:
    return w.t("report_title") + (f" · {result.subject}" if result.subject else "")


def levels_table(w: Words, result: Result) -> Table:
    """Each level's met share, shortfall and whether it is met; with tracks, on which."""
    t = w.t
    tracked = bool(w.model.tracks)
    rows = []
    for rank, state in enumerate(result.estimate.levels, 1):
        name: Inline = w.level_name(state.id)
        if state.id == result.estimate.level:
            name = Styled(f"{name} ◀", "good")
        row: list[Cell] = [rank, name]
        if tracked:
            row.append(w.level_track(state.id) or "")
        row += [
            Bar(state.met_share, "good" if state.met else "warn"),
            state.shortfall,
            Styled("✓", "good") if state.met else Styled("✗", "bad"),
        ]
        rows.append(tuple(row))
    columns = [Column("#", "number"), Column(t("col_level"))]
    if tracked:
        columns.append(Column(t("col_track")))
    columns += [
        Column(t("col_met_share"), "bar"),
        Column(t("col_shortfall"), "number"),
        Column(t("col_met"), "rating"),
    ]
    return Table(columns=tuple(columns), rows=rows)


def tracks_section(w: Words, result: Result) -> Section | None:
    """With tracks (docs/reference.md#tracks): each track's level, next level, readiness and
    points."""
    est = result.estimate
    if not est.tracks:
        return None
    t = w.t
    rows = []
    for state in est.tracks:
        name: Inline = w.track_name(state.track)
        if state.track == est.next_track and len(est.tracks) > 1:
            name = Styled(f"{name} ◀", "strong")
        points = sum(step.to - step.from_ for step in state.path_to_next)
        rows.append(
            (
                name,
                w.level_name(state.level),
                w.level_name(state.next_level)
                if state.next_level is not None
                else Styled(t("track_top_cell"), "good"),
                _track_readiness(w, state) if state.readiness is not None else None,
                points if state.next_level is not None else None,
            )
        )
    table = Table(
        columns=(
            Column(t("col_track")),
            Column(t("col_level")),
            Column(t("col_next_level")),
            Column(t("col_readiness"), "number"),
            Column(t("col_points"), "number"),
        ),
        rows=rows,
        caption=t("tracks_caption") if len(est.tracks) > 1 else None,
    )
    return Section(t("tracks_title"), (table,))


def _track_readiness(w: Words, state: TrackOut) -> str:
    """A track's readiness, with its next level's core skills below (never a bare share)."""
    text = percent(state.readiness)
    if state.core_missing:
        text += " · " + w.t.count("core_below", len(state.core_missing))
    return text


def carried_line(w: Words, est: EstimateOut) -> Paragraph | None:
    """ "高级 reached; carried from 中级: 数据分析能力 2 < 3" (docs/reference.md#the-estimate):
    what lower levels still lack, never hidden by the level reached."""
    if not est.blockers or est.level is None:
        return None
    t = w.t
    by_level: dict[str, list[str]] = {}
    for b in est.blockers:
        skill = w.skill_name(b.skill) + ("★" if b.core else "")
        by_level.setdefault(b.level, []).append(
            t("carried_skill", skill=skill, rating=b.rating, required=b.required)
        )
    parts = [
        t("carried_from", level=w.level_name(level), skills=t("why_list_sep").join(skills))
        for level, skills in by_level.items()
    ]
    text = t(
        "carried_line", level=w.level_name(est.level), carried=t("carried_from_sep").join(parts)
    )
    return Paragraph(Styled(text, "warn"))


def readiness_cell(w: Words, est: EstimateOut) -> str:
    """ "90% · 1 core skill below" for a table cell (a bare share when the core is met)."""
    text = percent(est.readiness)
    if est.core_missing:
        text += " · " + w.t.count("core_below", len(est.core_missing))
    return text


def stability_cell(w: Words, est: EstimateOut) -> str:
    """ "62% · Mid–Staff" for a table cell: how often small changes keep the level."""
    found = est.stability
    if found is None:
        return ""
    share = percent(found.same)
    if found.low == found.high:
        return share
    return f"{share} · {w.level_name(found.low)}–{w.level_name(found.high)}"


def stability_line(w: Words, est: EstimateOut) -> Paragraph | None:
    """ "Stable in 62% of small rating changes; could read as 中级–资深"
    (docs/reference.md#the-estimate)."""
    found = est.stability
    if found is None:  # a result of an older version, shown as its file says
        return None
    share = percent(found.same)
    if found.low == found.high:
        text = w.t("stability_one", share=share)
    else:
        text = w.t(
            "stability_range",
            share=share,
            low=w.level_name(found.low),
            high=w.level_name(found.high),
        )
    return Paragraph(Styled(text, "muted" if found.same >= 0.8 else "warn"))


def warnings_block(w: Words, result: Result) -> Paragraph | None:
    """The one-line warning of a uniform profile (docs/reference.md#the-estimate)."""
    if "uniform_ratings" not in result.warnings:
        return None
    return Paragraph(Styled(w.t("uniform_ratings_line"), "warn"))


def gaps_section(w: Words, result: Result) -> Section | None:
    t = w.t
    nxt = result.estimate.next_level
    if not result.gaps or nxt is None:
        return None
    rows = [
        (
            _core_mark(w, w.skill_name(gap.skill), gap.core),
            gap.rating,
            gap.required,
            Styled(f"-{gap.shortfall}", "bad" if gap.shortfall > 1 else "warn"),
            gap.weight,
        )
        for gap in result.gaps
    ]
    table = Table(
        columns=(
            Column(t("col_skill")),
            Column(whose_ratings(w, result), "rating"),
            Column(t("col_required"), "rating"),
            Column(t("col_gap"), "rating"),
            Column(t("col_weight"), "number"),
        ),
        rows=rows,
        caption=t("gaps_caption"),
    )
    return Section(t("gaps_title", level=w.level_name(nxt)), (table,))


def _core_mark(w: Words, name: str, core: bool) -> Inline:
    """A skill's name, marked when it is a core skill of the level in question."""
    return (name, Styled(" ★" + w.t("tag_core"), "bad")) if core else name


def why_not_next(w: Words, result: Result) -> Paragraph | None:
    """Why the next level is not met yet ("核心技能 战略思维 未达到；…"), from the estimate."""
    t = w.t
    nxt = result.estimate.next_level
    state = next((s for s in result.estimate.levels if s.id == nxt), None)
    if state is None or not state.reasons:
        return None
    parts = []
    for reason in state.reasons:
        skills = t("why_list_sep").join(w.skill_name(s) for s in reason.skills)
        if reason.kind == "core":
            parts.append(t("why_core", skills=skills))
        elif reason.kind == "shortfall":
            parts.append(
                t("why_shortfall", skills=skills, gap=int(reason.value), limit=int(reason.limit))
            )
        else:
            parts.append(t("why_share", share=percent(reason.value), limit=percent(reason.limit)))
    text = t("why_not_level", level=w.level_name(nxt), reasons=t("why_sep").join(parts))
    return Paragraph(Styled(text, "warn"))


def path_section(w: Words, result: Result) -> Block | None:
    t = w.t
    nxt = result.estimate.next_level
    if nxt is None:
        return None
    if not result.path_to_next:
        return Paragraph(t("path_empty"))
    heading = t(
        "path_title",
        level=w.level_name(nxt),
        points=t.count("n_points", result.points_to_next),
        skills=t.count("n_skills", len(result.path_to_next)),
    )
    steps = [
        t("path_step", skill=w.skill_name(s.skill), frm=s.from_, to=s.to)
        for s in result.path_to_next
    ]
    return Section(heading, (BulletList(steps, "step"), Note(t("how_far_rule"))))


def borderline_section(w: Words, result: Result, limit: int | None) -> Section | None:
    """The one-point changes that would move the level (the first *limit* of them)."""
    t = w.t
    if not result.sensitivity:
        return None
    shown = result.sensitivity if limit is None else result.sensitivity[:limit]
    items: list[Inline] = [
        t(
            "borderline_item",
            skill=w.skill_name(f.skill),
            frm=f.from_,
            to=f.to,
            level=w.level_name(f.level),
        )
        for f in shown
    ]
    if len(shown) < len(result.sensitivity):
        items.append(Styled(t("and_more", count=len(result.sensitivity) - len(shown)), "muted"))
    return Section(t("borderline_title"), (BulletList(items),))


def _expected(w: Words, level_id: str | None) -> dict[str, int] | None:
    if level_id is None:
        return None
    try:
        return dict(w.model.level(level_id).expectations)
    except KeyError:  # a result made with another model
        return None


def _skill_ids(w: Words, result: Result) -> list[str]:
    """The rated skills in the model's order, then any the model does not know."""
    known = [s.id for s in w.model.skills if s.id in result.ratings]
    return known + [s for s in result.ratings if s not in set(known)]


def evidence_section(w: Words, result: Result) -> Section | None:
    """On screen: the notes of evidence given with the ratings."""
    if not result.notes:
        return None
    t = w.t
    rows = [
        (w.skill_name(skill_id), result.ratings.get(skill_id), note)
        for skill_id, note in result.notes.items()
    ]
    table = Table(
        columns=(Column(t("col_skill")), Column(t("col_rating"), "rating"), Column(t("col_note"))),
        rows=rows,
    )
    return Section(t("evidence_title"), (table,))


def _level(w: Words, level_id: str | None) -> Level | None:
    if level_id is None:
        return None
    try:
        return w.model.level(level_id)
    except KeyError:  # a result made with another model
        return None


def ratings_section(w: Words, result: Result) -> Section:
    """In files: every rating beside the current and next level's expectations, with its note.

    A rating below the next level's expectation stands out; a core skill's
    expectation carries the ★ the rule speaks of.
    """
    t = w.t
    est = result.estimate
    levels = [lv for lv in (_level(w, est.level), _level(w, est.next_level)) if lv is not None]
    columns = [Column(t("col_skill")), Column(whose_ratings(w, result), "rating")]
    columns += [Column(t("radar_level", level=w(lv.name)), "rating") for lv in levels]
    columns.append(Column(t("col_note")))
    target = _level(w, est.next_level)
    rows = []
    for skill_id in _skill_ids(w, result):
        rating = result.ratings[skill_id]
        required = target.expectations.get(skill_id) if target is not None else None
        short = required is not None and rating < required
        cells: list[Cell] = [
            w.skill_name(skill_id),
            Styled(str(rating), "bad") if short else rating,
        ]
        for level in levels:
            expected = level.expectations.get(skill_id)
            if expected is not None and level.is_core(skill_id):
                cells.append(Styled(f"{expected}★", "strong"))
            else:
                cells.append(expected)
        cells.append(result.notes.get(skill_id, ""))
        rows.append(tuple(cells))
    caption = t("ratings_caption") if target is not None else None
    return Section(t("all_ratings_title"), (Table(columns, rows, caption=caption),))


def radar(w: Words, result: Result) -> Radar | None:
    """Ratings against the current and next level; a skill a level does not expect is a gap."""
    known = [s.id for s in w.model.skills]
    # A result of another model may rate skills the current one lacks: drawn by id.
    skill_ids = [s for s in known if s in result.ratings]
    skill_ids += [s for s in result.ratings if s not in known]
    if not skill_ids:
        return None
    values = [result.ratings[s] for s in skill_ids]
    series = [
        RadarSeries(
            whose_ratings(w, result, "radar_yours"),
            [float(result.ratings[s]) for s in skill_ids],
            "subject",
        )
    ]
    for level_id in (result.estimate.level, result.estimate.next_level):
        expected = _expected(w, level_id)
        if expected is None:
            continue
        series.append(
            RadarSeries(
                w.t("radar_level", level=w.level_name(level_id)),
                [float(expected[s]) if s in expected else None for s in skill_ids],
            )
        )
    return Radar(
        axes=[w.skill_name(s) for s in skill_ids],
        series=series,
        low=min(w.model.scale.min, *values),
        high=max(w.model.scale.max, *values),
        title=title(w, result),
        caption=w.t("radar_caption"),
    )


def not_assessed(
    w: Words, ratings: dict[str, int], key: str = "result_not_assessed"
) -> Block | None:
    """The skills of the model no one rated ("could not observe": a manager's, peer's or
    interviewer's answers may leave out what they did not see): the estimate could not
    use them and counts them at the lowest rating, and says so."""
    missing = [w.skill_name(s.id) for s in w.model.skills if s.id not in ratings]
    if not missing:
        return None
    skills = w.t("why_list_sep").join(missing)
    return Paragraph(Styled(w.t(key, low=w.model.scale.min, skills=skills), "warn"))


def result_verdict(w: Words, result: Result) -> Verdict | None:
    """The verdict of an interviewer's (or panel member's) result against the level its
    kit was made for, with the current model; ``None`` for any other result."""
    if result.rater.role not in HIRING_ROLES or result.level is None:
        return None
    if result.level not in {level.id for level in w.model.levels}:
        return None
    if any(skill not in {s.id for s in w.model.skills} for skill in result.ratings):
        return None
    # Imported here, as in assess/result.py: only an interviewer's result has a verdict.
    from pmlevel.assess.verdict import verdict

    return verdict(w.model, result.level, result.ratings)


def verdict_document(w: Words, result: Result, found: Verdict) -> Document:
    """An interviewer's result: the verdict against the kit's level first, then each
    skill with its hire signal and note; no level worked out from the skills not assessed."""
    from pmlevel.reports.verdict import verdict_line, verdict_table, verdict_tone

    t = w.t
    level = w.level_name(found.level)
    head = Facts(
        [Fact("", Styled(verdict_line(w, found), verdict_tone(found)))],
        title=t("verdict_title"),
        notes=(Styled(basis_text(w, result), "muted"), t("verdict_rule", level=level)),
    )
    blocks: list[Block] = [
        head,
        Section(
            t("verdict_skills_title", level=level),
            (verdict_table(w, found, result.notes),),
        ),
    ]
    if found.not_assessed:
        skills = t("why_list_sep").join(w.skill_name(s) for s in found.not_assessed)
        blocks.append(Paragraph(Styled(t("verdict_not_assessed_list", skills=skills), "muted")))
    return Document(title=title(w, result), lang=w.lang, blocks=blocks)


def history_evidence_section(
    w: Words, result: Result, found: Mapping[str, SkillEvidence] | None
) -> Section | None:
    """The subject's evidence in the history (docs/reference.md#evidence), per rated skill:
    how many pieces, and the latest three."""
    if not found:
        return None
    from pmlevel.reports.evidence import piece_line, skill_evidence_line

    lists = []
    for skill_id in _skill_ids(w, result):
        if skill_id not in found:
            continue
        lines = [piece_line(w, piece) for piece in found[skill_id].latest]
        title = (w.skill_name(skill_id), " · ", skill_evidence_line(w, found[skill_id]))
        lists.append(BulletList(lines, title=title))
    return Section(w.t("evidence_history_title"), tuple(lists))


def result_document(
    w: Words,
    result: Result,
    *,
    screen: bool = False,
    evidence: Mapping[str, SkillEvidence] | None = None,
) -> Document:
    """Everything ``assess`` shows, in reading order; *screen* keeps it short for a terminal.

    An interviewer's result made from a scorecard that names its level is its verdict
    against that level (:func:`verdict_document`) instead.
    """
    found = result_verdict(w, result)
    if found is not None:
        return verdict_document(w, result, found)
    t = w.t
    head = Facts(
        estimate_facts(w, result.estimate, result.points_to_next),
        title=t("result_title"),
        notes=(Styled(basis_text(w, result), "muted"), rule_text(w)),
    )
    # "Could not observe" only means something for ratings read against the current model.
    known = {skill.id for skill in w.model.skills}
    checked = all(s in known for s in result.ratings)
    no_level = result.rater.role in HIRING_ROLES and result.level is None and checked
    blocks: list[Block | None] = [
        head,
        warnings_block(w, result),
        carried_line(w, result.estimate),
        stability_line(w, result.estimate),
        not_assessed(w, result.ratings) if checked else None,
        Paragraph(Styled(t("verdict_no_level"), "muted")) if no_level else None,
        why_not_next(w, result),
        tracks_section(w, result),
        Section(t("levels_status_title"), (levels_table(w, result),)),
        gaps_section(w, result),
        path_section(w, result),
        borderline_section(w, result, SCREEN_BORDERLINE if screen else None),
    ]
    if screen:
        blocks.append(evidence_section(w, result))
    else:
        chart = radar(w, result)
        if chart is not None:
            blocks.append(Section(t("radar_title"), (chart,)))
        blocks.append(ratings_section(w, result))
    blocks.append(history_evidence_section(w, result, evidence))
    return Document(
        title=title(w, result),
        lang=w.lang,
        blocks=[block for block in blocks if block is not None],
    )
