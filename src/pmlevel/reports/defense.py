"""The promotion defence (``case --defense``) as a :class:`Document`: the case, then the
timed outline and the questions to prepare (docs/reference.md#the-promotion-defence)."""

from __future__ import annotations

from pmlevel.company.defense import Defense, OutlinePart, Prepared, shown_evidence
from pmlevel.render.document import (
    Block,
    BulletList,
    Document,
    Inline,
    Note,
    Paragraph,
    Section,
    Styled,
)
from pmlevel.reports.case import case_document
from pmlevel.reports.evidence import piece_line
from pmlevel.reports.words import Words


def defense_document(w: Words, defense: Defense) -> Document:
    """The case as ``case`` shows it, then the defence: outline, then questions."""
    case = case_document(w, defense.case)
    t = w.t
    target = w.level_name(defense.case.target)
    parts: list[Block] = [
        Paragraph(t("defense_intro", minutes=defense.minutes, level=target)),
    ]
    path = defense.case.path
    parts += [_part(w, n, part, path) for n, part in enumerate(defense.outline, 1)]
    blocks: list[Block] = [*case.blocks, Section(t("defense_title", level=target), parts)]
    if defense.prepare:
        prepared = [_prepared(w, p) for p in defense.prepare]
        blocks.append(Section(t("defense_prepare_title"), prepared))
    else:
        blocks.append(Section(t("defense_prepare_title"), (Paragraph(t("defense_prepare_none")),)))
    return Document(title=case.title, blocks=tuple(blocks), lang=w.lang)


def _part(
    w: Words, number: int, part: OutlinePart, path: tuple[tuple[str, int, int], ...]
) -> Section:
    t = w.t
    heading = t(
        "defense_part_heading",
        number=number,
        part=t(f"defense_part_{part.part}"),
        minutes=t.count("n_minutes", part.minutes),
    )
    body: list[Block] = [Paragraph(Styled(t(f"defense_part_{part.part}_what"), "muted"))]
    if part.part == "results":
        for item in part.items:
            have = "—" if item.decided is None else str(item.decided)
            mark = t("case_met") if item.met else t("case_not_met")
            verified = sum(1 for piece in item.evidence if piece.verified)
            title: Inline = (
                Styled(w.skill_name(item.skill)),
                " · ",
                t("defense_result_line", have=have, need=item.required, met=mark),
                " · ",
                t.count("defense_evidence_count", len(item.evidence), verified=verified),
            )
            lines: list[Inline] = [piece_line(w, piece) for piece in shown_evidence(item)]
            if not lines:
                lines = [Styled(t("defense_no_evidence"), "warn")]
            body.append(BulletList(lines, title=title))
    elif part.part == "gaps":
        if part.items:
            gaps: list[Inline] = []
            for item in part.items:
                have = "—" if item.decided is None else str(item.decided)
                name = w.skill_name(item.skill)
                gaps.append(t("case_missing_line", skill=name, have=have, need=item.required))
            body.append(BulletList(gaps))
            steps: list[Inline] = [
                t("case_path_line", skill=w.skill_name(skill), frm=frm, to=to)
                for skill, frm, to in path
            ]
            if steps:
                body.append(BulletList(steps, "step", t("defense_gaps_plan")))
        else:
            body.append(Paragraph(t("case_nothing_missing")))
    return Section(heading, tuple(body))


def _prepared(w: Words, p: Prepared) -> Section:
    t = w.t
    have = "—" if p.item.decided is None else str(p.item.decided)
    status = t(f"defense_status_{p.status}", have=have, need=p.item.required)
    heading = f"{w.skill_name(p.item.skill)} · {status}"
    blocks: list[Block] = []
    if p.kit.questions:
        questions = [w(q) for q in p.kit.questions]
        blocks.append(BulletList(questions, "number", t("kit_questions")))
    else:
        blocks.append(Note(t("kit_no_questions")))
    gap = " " if t.locale.colon.endswith(" ") else ""
    blocks.append(
        Paragraph((Styled(t("kit_good", rating=p.kit.expected), "good"), gap, w(p.kit.good)))
    )
    if p.kit.short is not None:
        label = t("kit_short", rating=p.kit.expected - 1)
        blocks.append(Paragraph((Styled(label, "bad"), gap, w(p.kit.short))))
    return Section(heading, tuple(blocks))
