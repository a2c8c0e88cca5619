"""The merge report (``pmlevel merge``) as a :class:`Document`: one person, several raters.
Made from :class:`~pmlevel.growth.merge.Merge`; the screen and the ``-o`` files are drawn
from it."""

from __future__ import annotations

import math

from pmlevel.assess.people import OTHER_ROLES, ROLES
from pmlevel.assess.result import EstimateOut, result_notes_in
from pmlevel.growth.merge import Merge
from pmlevel.render.document import (
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
)
from pmlevel.reports.assess import estimate_facts, not_assessed, readiness_cell, stability_cell
from pmlevel.reports.others import (
    agreement_cell,
    agreement_notes,
    estimate_unused,
    peer_cell,
    peer_notes,
    peers_label,
    range_note,
    range_text,
    unobserved_block,
)
from pmlevel.reports.verdict import verdict_line, verdict_tone
from pmlevel.reports.words import Words, local_date


def _flag_cell(w: Words, flag: str | None) -> Cell:
    if flag is None:
        return ""
    return Styled(w.t(f"merge_flag_{flag}"), "bad" if flag == "blind_spot" else "good")


def _mean_cell(mean: float | None) -> Cell:
    """ "3.5 → 3": the others' mean and the rating the estimate takes from it."""
    if mean is None:
        return None
    used = math.floor(mean)
    return str(used) if mean == used else f"{mean:.1f} → {used}"


def _notes_cell(w: Words, merge: Merge, skill: str) -> Cell:
    """Every rater's note on *skill*, each after whose it is ("manager · Han: …")."""
    parts: list[str | Styled] = []
    raters = [*merge.raters, *([merge.agreed] if merge.agreed is not None else [])]
    for rater in raters:
        note = rater.result.notes.get(skill)
        if not note:
            continue
        label = w.t(f"merge_role_{rater.role}")
        if rater.name:
            label += f" · {rater.name}"
        if parts:
            parts.append("\n")
        parts += [Styled(label + w.t.locale.colon, "muted"), note]
    return tuple(parts) if parts else ""


def _verdicts_block(w: Words, merge: Merge) -> Facts:
    """The verdict of each interviewer against their kit's level, then the group's."""
    t = w.t
    facts = []
    for rater, found in merge.verdicts:
        label = t(f"merge_role_{rater.role}") + (f" · {rater.name}" if rater.name else "")
        facts.append(Fact(label, Styled(verdict_line(w, found), verdict_tone(found))))
    notes: tuple[str, ...] = ()
    if merge.verdict is not None:
        group = merge.verdict
        facts.append(
            Fact(t("merge_verdict_all"), Styled(verdict_line(w, group), verdict_tone(group)))
        )
        notes = (t("merge_verdict_note", level=w.level_name(group.level)),)
    return Facts(facts, title=t("verdict_title"), notes=notes)


def _model_name(w: Words, merge: Merge) -> str:
    """The model's name in the reader's language when it is the model loaded now."""
    return w(w.model.name) if merge.model_sha256 == w.model.sha256 else merge.model_name


def _estimate_cells(w: Words, est: EstimateOut | None, missing: str) -> list[Inline]:
    """Level, next level and readiness of one estimate, for a column of the estimates table."""
    t = w.t
    if est is None:
        return [Styled(missing, "muted"), "", "", ""]
    level: Inline = (
        Styled(t("no_level"), "warn")
        if est.level is None
        else Styled(w.level_name(est.level), "good")
    )
    stable = stability_cell(w, est)
    if est.next_level is None:
        return [level, Styled(t("at_top_level"), "good"), "", stable]
    return [level, w.level_name(est.next_level), readiness_cell(w, est), stable]


def _rater_label(w: Words, role: str, name: str | None) -> str:
    label = w.t(f"merge_role_{role}")
    return f"{label} · {name}" if name else label


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
    if merge.peers is not None:  # one anonymous group: no names, dates or files
        who.append(t("anonymous_peers_line", count=merge.peers))
    for left in merge.left_out:
        who.append(Styled(t(left.reason, file=left.source, kept=left.kept), "warn"))
    if merge.peers_left_out:
        who.append(Styled(t("anonymous_peers_left_out", count=merge.peers_left_out), "warn"))
    shown = [*merge.raters, *([merge.agreed] if merge.agreed else [])]
    for rater in shown:
        for key, params in result_notes_in(rater.source, rater.result):
            who.append(Styled(t(key, **params), "warn"))
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
    if merge.peers is not None:
        columns.append(Column(peers_label(w, merge.peers), "rating"))
    # A hiring merge (interviewers' scorecards, docs/reference.md#files) has no self-rating: then
    # there
    # are no blind spots or hidden strengths, and no self column to set beside the others.
    has_self = any(r.role == "self" for r in merge.raters)
    # The others' mean each skill's estimate uses (rounded down), where there are several.
    several = sum(1 for r in merge.raters if r.role in OTHER_ROLES) >= 2
    if several:
        columns.append(Column(t("merge_col_others_mean"), "number"))
    columns.append(Column(t("merge_col_spread"), "rating"))
    # How many rated a skill matters once someone could not observe one; agreement once
    # two others rated a skill. Otherwise the columns would say nothing, row after row.
    show_raters = any(row.unobserved for row in merge.skills)
    show_agreement = any(row.agreement is not None for row in merge.skills)
    if show_raters:
        columns.append(Column(t("others_col_raters"), "rating"))
    if show_agreement:
        columns.append(Column(t("others_col_agreement"), "rating"))
    if has_self:
        columns.append(Column(t("merge_col_flag")))
    if merge.agreed is not None:  # the outcome of a check-in: shown, never estimated
        columns.append(Column(t("merge_role_agreed"), "rating"))
    # Each rater's note beside the ratings, as agree shows them, saying whose it is.
    everyone = [*merge.raters, *([merge.agreed] if merge.agreed is not None else [])]
    has_notes = any(r.result.notes for r in everyone)
    if has_notes:
        columns.append(Column(t("merge_col_notes")))
    blind = hidden = 0
    rows: list[list[Cell]] = []
    for row in merge.skills:
        blind += row.flag == "blind_spot"
        hidden += row.flag == "hidden_strength"
        spread: Cell = Styled(str(row.spread), "warn") if row.spread >= 2 else row.spread
        cells: list[Cell] = [w.skill_name(row.skill), *row.ratings]
        if merge.peers is not None:
            cells.append(peer_cell(row.peers, merge.peers))
        if several:
            cells.append(_mean_cell(row.others_mean))
        cells.append(spread)
        if show_raters:
            cells.append(row.raters)
        if show_agreement:
            cells.append(agreement_cell(w, row.agreement))
        if has_self:
            cells.append(_flag_cell(w, row.flag))
        if merge.agreed is not None:
            cells.append(None if row.agreed is None else Styled(str(row.agreed), "accent"))
        if has_notes:
            cells.append(_notes_cell(w, merge, row.skill))
        rows.append(cells)
    ratings = Table(
        columns, rows, caption=t("merge_caption" if has_self else "merge_caption_no_self")
    )
    counts = Paragraph(Styled(t("merge_flag_count", blind=blind, hidden=hidden)))
    unseen = unobserved_block(
        w,
        [
            (_rater_label(w, r.role, r.name), r.result.ratings)
            for r in merge.raters
            if r.role != "self"
        ],
    )

    others = merge.others_count
    # The others described by their roles (interviewers, a manager and peers…); with no
    # others at all, by every role that would count as one.
    present = [r.role for r in merge.raters if r.role in OTHER_ROLES]
    if merge.peers is not None:
        present.append("peer")
        rank: dict[str, int] = {role: index for index, role in enumerate(ROLES)}
        present.sort(key=rank.__getitem__)
    named = present or [role for role in ROLES if role in OTHER_ROLES]
    roles = t("why_list_sep").join(dict.fromkeys(t(f"merge_role_{role}") for role in named))
    theirs = _estimate_cells(w, merge.others_estimate, t("merge_estimate_no_others"))
    labels = [t("estimate_level"), t("next_level_is"), t("col_readiness"), t("col_stability")]
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
    rows_out: list[list[Inline]] = [
        [label.rstrip(":：").strip(), *(side[index] for side in sides)]
        for index, label in enumerate(labels)
    ]
    if merge.others_estimate is not None:  # the others' range, beside their level
        rows_out.append(
            [t("others_range"), *([""] if has_self else []), range_text(w, merge.others_range)]
        )
    estimates = Table(columns=columns, rows=rows_out)
    blocks: list[Block] = [head]
    if merge.verdicts:
        blocks.append(_verdicts_block(w, merge))
    blocks.append(ratings)
    blocks += agreement_notes(w, raters=show_raters, agreement=show_agreement)
    if unseen is not None:
        blocks.append(unseen)
    # Rated by anyone: the raters shown, the anonymous peers, the agreed outcome.
    rated_by_anyone = {s for r in merge.raters for s in r.result.ratings}
    rated_by_anyone |= {row.skill for row in merge.skills}
    # With the group's verdict against the kit's level, no level is worked out from the
    # skills no one assessed: they are left out of it, and the estimate is not shown.
    key = "merge_not_assessed" if merge.verdict is None else "merge_verdict_not_assessed"
    unrated = not_assessed(w, dict.fromkeys(rated_by_anyone, 0), key)
    if unrated is not None:
        blocks.append(unrated)
    if has_self:
        blocks.append(counts)
    if merge.verdict is None:
        inside: list[Block] = [estimates]
        if merge.others_estimate is not None:
            unused = [s for s in merge.others_estimate.not_observed if s in rated_by_anyone]
            found = estimate_unused(w, unused)
            if found is not None:
                inside.append(found)
            inside.append(range_note(w, merge.others_range))
        inside.append(Note(note))
        blocks.append(Section(title, tuple(inside)))
    if merge.peers is not None:
        notes = peer_notes(w, {row.skill: row.peers for row in merge.skills if row.peers})
        if notes is not None:
            blocks.append(notes)
    if merge.agreed_estimate is not None:  # apart from both estimates, never mixed in
        facts = estimate_facts(w, merge.agreed_estimate)
        blocks.append(Facts(facts, title=t("merge_estimate_agreed")))
    return Document(title=t("merge_title", subject=subject), lang=w.lang, blocks=blocks)
