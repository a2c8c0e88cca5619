"""The promotion case (``pmlevel case``) as a :class:`Document`."""

from __future__ import annotations

from pmlevel.assess.result import result_notes_in
from pmlevel.company.case import Case, CasePeers, CaseRater, CaseRating
from pmlevel.render.document import (
    Bar,
    BulletList,
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
from pmlevel.reports.others import (
    estimate_unused,
    peer_cell,
    peers_label,
    range_note,
    range_text,
    unobserved_block,
)
from pmlevel.reports.words import Words, local_date


def rater_label(w: Words, role: str, name: str | None) -> str:
    """``manager · Han``: the role in the reader's language, then the name if any."""
    label = w.t(f"merge_role_{role}")
    return f"{label} · {name}" if name else label


def case_document(w: Words, case: Case) -> Document:
    """What a promotion committee reads: each skill with the evidence, each rater's view,
    and what is still missing."""
    t = w.t
    target = w.level_name(case.target)
    subject = case.subject or t("no_subject")
    points = t.count("n_points", case.points_to_target)
    path_skills = t.count("n_skills", len(case.path))
    verdict: Inline = (
        Styled(t("case_verdict_met", level=target), "good")
        if case.target_met
        else Styled(
            t("case_verdict_not_met", level=target, points=points, skills=path_skills), "bad"
        )
    )
    facts = Facts(
        (
            Fact(t("case_subject"), subject),
            Fact(t("case_level"), Styled(w.level_name(case.level))),
            Fact(t("case_target"), Styled(target, "accent")),
            Fact(t("case_verdict"), verdict),
        ),
        title=t("case_title", subject=subject, level=target),
        notes=(
            t(f"case_basis_{case.basis}"),
            t("how_far_rule"),
            *_raters_lines(w, case),
            *(Styled(t("case_look_alike", look_alike=g.shown), "warn") for g in case.look_alike),
            *(
                Styled(t(key, **params), "warn")
                for r in case.raters
                for key, params in result_notes_in(r.source, r.result)
            ),
        ),
    )
    blocks: list[Section | Facts | Note | Table | Paragraph] = [facts]
    skills: list[Table | Paragraph | Note] = [_skills_table(w, case)]
    unseen = unobserved_block(
        w,
        [
            (rater_label(w, r.role, r.name), r.result.ratings)
            for r in case.raters
            if r.role not in ("self", "agreed")
        ],
    )
    if unseen is not None:
        skills.append(unseen)
    blocks.append(Section(t("case_skills", level=target), tuple(skills)))
    notes = _notes(w, case)
    if notes:
        blocks.append(Section(t("case_evidence"), tuple(notes)))
    blocks.append(pieces_section(w, case))
    blocks.append(Section(t("case_raters"), (_raters_table(w, case), *_others(w, case))))
    if case.missing:
        by_id = {item.skill: item for item in case.items}
        on_path = {skill for skill, _, _ in case.path}
        steps: list[Inline] = []
        for skill, frm, to in case.path:
            line = t("case_path_line", skill=w.skill_name(skill), frm=frm, to=to)
            core = by_id[skill].core if skill in by_id else False
            steps.append((line, " · ", Styled(t("kit_core"), "warn")) if core else line)
        rest: list[Inline] = []
        for skill in case.missing:
            if skill in on_path:
                continue
            item = by_id[skill]
            have = "—" if item.decided is None else str(item.decided)
            rest.append(
                t("case_missing_line", skill=w.skill_name(skill), have=have, need=item.required)
            )
        parts: list[BulletList | Paragraph] = []
        if steps:
            heading = t("case_path_title", points=points, skills=path_skills)
            parts.append(BulletList(steps, title=heading))
        if rest:
            parts.append(BulletList(rest, title=t("case_below_not_needed")))
        blocks.append(Section(t("case_missing"), tuple(parts)))
    else:
        blocks.append(Section(t("case_missing"), (Paragraph(t("case_nothing_missing")),)))
    return Document(
        title=t("case_title", subject=subject, level=target), blocks=tuple(blocks), lang=w.lang
    )


def pieces_section(w: Words, case: Case) -> Section:
    """The evidence of the year per skill, each piece "verified by NAME" or
    "self-reported", and how many met skills rest on self-reported evidence alone."""
    from pmlevel.reports.evidence import piece_line

    t = w.t
    met = sum(1 for item in case.items if item.met)
    parts: list[Paragraph | BulletList] = []
    for item in case.items:
        if item.evidence:
            lines = [piece_line(w, piece) for piece in item.evidence]
            parts.append(BulletList(lines, title=w.skill_name(item.skill)))
    if not parts:
        parts.append(Paragraph(Styled(t("case_pieces_none"), "muted")))
    alone = len(case.met_on_self_reported)
    line = t("case_pieces_self_only", count=alone, met=met)
    parts.append(Paragraph(Styled(line, "warn") if alone else line))
    if case.met_without_evidence:
        names = t("why_list_sep").join(w.skill_name(s) for s in case.met_without_evidence)
        parts.append(Paragraph(Styled(t("case_pieces_unbacked", skills=names), "muted")))
    return Section(t("case_pieces_title"), tuple(parts))


def _raters_lines(w: Words, case: Case) -> list[Inline]:
    """Which raters the case has, and which it lacks (and how to add a manager's)."""
    t = w.t
    sep = t("why_list_sep")
    have = sep.join(dict.fromkeys(rater_label(w, r.role, r.name) for r in case.raters))
    lines: list[Inline] = [t("case_raters_present", raters=have)]
    if case.lacking:
        lacking = sep.join(t(f"case_lacks_{role}") for role in case.lacking)
        lines.append(Styled(t("case_raters_missing", raters=lacking), "warn"))
    if "manager" in case.lacking:
        lines.append(Styled(t("case_lacks_manager_how"), "muted"))
    return lines


def _skills_table(w: Words, case: Case) -> Table:
    t = w.t
    columns = [Column(t("col_skill")), Column(t("case_col_required"), "rating")]
    columns += [Column(rater_label(w, r.role, r.name), "rating") for r in case.raters]
    if case.peers is not None:
        columns.append(Column(peers_label(w, case.peers.count), "rating"))
    show_raters = any(item.unobserved for item in case.items)
    if show_raters:  # once someone could not observe a skill, how many did
        columns.append(Column(t("others_col_raters"), "rating"))
    columns.append(Column(t("case_col_met")))
    rows = []
    for item in case.items:
        skill = w.skill_name(item.skill)
        name: Inline = (skill, " ", Styled("★", "accent")) if item.core else skill
        met = Styled(t("case_met"), "good") if item.met else Styled(t("case_not_met"), "bad")
        cells: list[Cell] = [name, item.required, *(x.rating for x in item.ratings)]
        if case.peers is not None:
            cells.append(peer_cell(item.peers, case.peers.count))
        if show_raters:
            cells.append(item.raters)
        rows.append((*cells, met))
    caption = t("case_skills_caption")
    if any(item.core for item in case.items):
        caption = t("case_core_legend") + " " + caption
    return Table(columns=columns, rows=rows, caption=caption)


def _notes(w: Words, case: Case) -> list[BulletList]:
    """Each skill's notes, each after whose it is. An agreed result keeps the raters' own
    notes on the skills a check-in did not discuss (all rated them alike): such a note is
    shown as its author's, and the agreed line says it was kept, not endorsed."""
    t = w.t
    lists = []
    for item in case.items:
        lines: list[Inline] = []
        for x in item.ratings:
            if not x.note:
                continue
            label = Styled(rater_label(w, x.role, x.name), "muted")
            authors = _authors(item.ratings, x.note) if x.role == "agreed" else []
            if authors:
                who = t("why_list_sep").join(rater_label(w, a.role, a.name) for a in authors)
                lines.append((label, t.locale.colon, Styled(t("case_note_kept", who=who), "muted")))
            else:
                lines.append((label, t.locale.colon, x.note))
        if item.peers is not None:  # unnamed, in the order they were shuffled into
            label = Styled(w.t("anonymous_peers_note_label"), "muted")
            lines += [(label, t.locale.colon, note) for note in item.peers.notes]
        if lines:
            lists.append(BulletList(lines, title=w.skill_name(item.skill)))
    return lists


def _authors(ratings: tuple[CaseRating, ...], note: str) -> list[CaseRating]:
    """The raters whose own notes an agreed *note* is (the whole note, or each part of the
    " / " join a check-in keeps); empty when someone wrote it at the check-in."""
    others = [x for x in ratings if x.role != "agreed" and x.note]
    parts = note.split(" / ")
    found = [x for x in others if x.note == note or x.note in parts]
    covered = {x.note for x in found}
    return found if note in covered or set(parts) <= covered else []


def _raters_table(w: Words, case: Case) -> Table:
    t = w.t
    target = w.level_name(case.target)
    return Table(
        columns=(
            Column(t("case_col_rater")),
            Column(t("case_col_date")),
            Column(t("case_col_estimate")),
            Column(t("case_col_share", level=target), "bar"),
            Column(t("case_col_source")),
        ),
        rows=(
            *(_rater_row(w, r) for r in case.raters),
            *([] if case.peers is None else [_peers_row(w, case.peers)]),
        ),
        caption=t("case_raters_caption"),
    )


def _peers_row(w: Words, peers: CasePeers) -> tuple[str, str, str, Bar, str]:
    """The anonymous peers as one row: no date or file that could tell who they are."""
    tone: Tone = "good" if peers.target_share >= w.model.min_share else "warn"
    return (
        peers_label(w, peers.count),
        "",
        w.level_name(peers.estimate.level),
        Bar(peers.target_share, tone),
        "",
    )


def _others(w: Words, case: Case) -> list[Paragraph | Note]:
    """The others' estimate with its range (or why there is none), and what it could not use."""
    if case.others_estimate is None:
        return []
    level = Styled(w.level_name(case.others_estimate.level), "strong")
    line = w.t("case_others_estimate", count=case.others_count)
    out: list[Paragraph | Note] = [
        Paragraph((line, level, " · ", w.t("others_range_label"), range_text(w, case.others_range)))
    ]
    rated = {item.skill for item in case.items if item.raters}
    rated |= {s for r in case.raters for s in r.result.ratings}
    unused = estimate_unused(w, [s for s in case.others_estimate.not_observed if s in rated])
    if unused is not None:
        out.append(unused)
    out.append(range_note(w, case.others_range))
    return out


def _rater_row(w: Words, r: CaseRater) -> tuple[str, str, str, Bar, str]:
    tone: Tone = "good" if r.target_share >= w.model.min_share else "warn"
    return (
        rater_label(w, r.role, r.name),
        local_date(r.result.assessed_at),
        w.level_name(r.estimate.level),
        Bar(r.target_share, tone),
        r.source,
    )
