"""How far to trust the others, as pieces of the ``merge`` and ``case`` documents
(docs/reference.md#merge-json): the agreement cell and its note, the range of the others'
estimate, who could not observe what, and the anonymous peers' column and notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pmlevel.growth.others import LOW_AGREEMENT, LevelRange, PeerSkill
from pmlevel.render.document import BulletList, Cell, Inline, Note, Paragraph, Section, Styled
from pmlevel.reports.words import Words


def agreement_cell(w: Words, value: float | None) -> Cell:
    """r_wg with two decimals, marked "low" below :data:`LOW_AGREEMENT`; ``None``: fewer
    than two others rated the skill."""
    if value is None:
        return None
    text = f"{value:.2f}"
    if value < LOW_AGREEMENT:
        return Styled(w.t("others_agreement_low", value=text), "warn")
    return text


def agreement_notes(w: Words, *, raters: bool, agreement: bool) -> list[Note]:
    """What the raters and agreement columns mean (those shown), with the variance named."""
    notes = [Note(w.t("others_raters_note"))] if raters else []
    if agreement:
        points = w.model.scale.max - w.model.scale.min + 1
        notes.append(Note(w.t("others_agreement_note", points=points, low=f"{LOW_AGREEMENT:.1f}")))
    return notes


def range_text(w: Words, found: LevelRange | None) -> str | Styled:
    """The range of the others' estimate ("Mid … to Senior …"), or that one rater gives none."""
    if found is None:
        return Styled(w.t("others_range_one"), "muted")
    low, high = w.level_name(found.low), w.level_name(found.high)
    return low if found.low == found.high else w.t("others_range_span", low=low, high=high)


def range_note(w: Words, found: LevelRange | None) -> Note:
    if found is None:
        return Note(w.t("others_range_none_note"))
    return Note(w.t("others_range_note", count=found.raters, draws=f"{found.draws:,}"))


def unobserved_lines(w: Words, raters: Sequence[tuple[str, Mapping[str, int]]]) -> list[Inline]:
    """For each rater (their label and ratings) who could not observe some skills, which."""
    sep = w.t("why_list_sep")
    lines: list[Inline] = []
    for label, ratings in raters:
        missing = [w.skill_name(s.id) for s in w.model.skills if s.id not in ratings]
        if missing:
            lines.append(w.t("others_unobserved_by", rater=label, skills=sep.join(missing)))
    return lines


def unobserved_block(w: Words, raters: Sequence[tuple[str, Mapping[str, int]]]) -> Paragraph | None:
    """The legend of "—" and who could not observe what, when anyone could not."""
    lines = unobserved_lines(w, raters)
    if not lines:
        return None
    parts: list[str | Styled] = [Styled(w.t("others_unobserved_legend"), "muted")]
    for line in lines:
        parts += [" ", Styled(str(line), "warn")]
    return Paragraph(tuple(parts))


def estimate_unused(w: Words, skills: Sequence[str]) -> Paragraph | None:
    """The skills the others' estimate could not use because no other rater observed them."""
    if not skills:
        return None
    names = w.t("why_list_sep").join(w.skill_name(s) for s in skills)
    text = w.t("others_estimate_unused", low=w.model.scale.min, skills=names)
    return Paragraph(Styled(text, "warn"))


def peers_label(w: Words, count: int) -> str:
    return w.t("anonymous_peers_column", count=count)


def peer_cell(peer: PeerSkill | None, count: int) -> Cell:
    """The peers' mean on a skill, with how many of them could observe it when not all."""
    if peer is None or peer.mean is None:
        return None
    mean = f"{peer.mean:.1f}"
    return mean if peer.rated == count else f"{mean} ({peer.rated}/{count})"


def peer_notes(w: Words, notes: Mapping[str, PeerSkill]) -> Section | None:
    """The peers' notes per skill, unnamed, in the order they were shuffled into."""
    lists = [
        BulletList(list(peer.notes), title=w.skill_name(skill))
        for skill, peer in notes.items()
        if peer.notes
    ]
    if not lists:
        return None
    return Section(w.t("anonymous_peers_notes"), tuple(lists))
