"""The documents a company uses a ladder for: a job description, an interview kit and a
promotion case (SPEC §4 ``jd``, ``interview``, ``case``).

Each is built once as a :class:`~pmlevel.document.Document` from the core's typed
value (``jd.py``, ``interview.py``, ``case.py``), in the reader's language; the
screen, ``-o x.md`` and ``-o x.html`` are all drawn from it. Texts from the model
and from results go in as plain strings, so they are shown as written.
"""

from __future__ import annotations

from pmlevel.case import Case, CaseRater
from pmlevel.document import (
    Bar,
    BulletList,
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
from pmlevel.interview import Kit, KitSkill
from pmlevel.jd import JdSkill, JobDescription
from pmlevel.render.common import Words, local_date

# -- job description -------------------------------------------------------------------


def jd_document(w: Words, jd: JobDescription) -> Document:
    """A posting for the level: summary, experience, responsibilities, skills (core first)."""
    t = w.t
    title = t("jd_title", level=w.level_name(jd.level))
    facts = [Fact(t("jd_level"), Styled(w.level_name(jd.level)))]
    if jd.experience:
        facts.append(Fact(t("jd_experience"), w(jd.experience)))
    blocks: list[Section | Paragraph | Note | Table | BulletList | Facts] = [
        Facts(facts, title=title)
    ]
    if jd.summary:
        blocks.append(Paragraph(w(jd.summary)))
    if jd.responsibilities:
        items: list[Inline] = []
        for duty in jd.responsibilities:
            name, text = w(duty.name), w(duty.description)
            items.append((Styled(name), "：" if w.lang == "zh" else ": ", text) if text else name)
        blocks.append(Section(t("jd_responsibilities"), (BulletList(items),)))
    core = [s for s in jd.skills if s.core]
    rest = [s for s in jd.skills if not s.core]
    if core:
        blocks.append(Section(t("jd_core_skills"), (_jd_table(w, core),)))
        if rest:
            blocks.append(Section(t("jd_other_skills"), (_jd_table(w, rest),)))
    else:
        blocks.append(Section(t("jd_skills"), (_jd_table(w, rest),)))
    scale = w.model.scale
    blocks.append(Note(t("jd_scale_note", min=scale.min, max=scale.max)))
    return Document(title=title, blocks=tuple(blocks), lang=w.lang)


def _jd_table(w: Words, skills: list[JdSkill]) -> Table:
    t = w.t
    return Table(
        columns=(
            Column(t("col_skill")),
            Column(t("jd_col_expected"), "rating"),
            Column(t("jd_col_looks_like")),
        ),
        rows=tuple((w.skill_name(s.skill), s.expected, w(s.anchor) or None) for s in skills),
    )


# -- interview kit -----------------------------------------------------------------------


def kit_document(w: Words, kit: Kit, *, level_query: str | None = None) -> Document:
    """The interviewer's sheet: per skill the questions, a good answer, what falls short."""
    t = w.t
    level = w.level_name(kit.level)
    intro = t("kit_intro_no_core") if kit.no_core else t("kit_intro")
    title = t("kit_title", level=level)
    facts = Facts(
        (
            Fact(t("jd_level"), Styled(level)),
            Fact(t("kit_skills"), str(len(kit.skills))),
        ),
        title=title,
    )
    blocks: list[Section | Paragraph | Note | Facts] = [facts, Paragraph(intro)]
    blocks += [_kit_section(w, s) for s in kit.skills]
    query = level_query or kit.level
    if not kit.everything and not kit.no_core:
        blocks.append(Note(t("kit_more", command=f"pmlevel interview {query} --all")))
    command = f"pmlevel interview {query} --scorecard card.yaml --subject NAME"
    blocks.append(Note(t("kit_scorecard_hint", command=command)))
    return Document(title=title, blocks=tuple(blocks), lang=w.lang)


def _kit_section(w: Words, s: KitSkill) -> Section:
    t = w.t
    heading = t("kit_skill_heading", skill=w.skill_name(s.skill), rating=s.expected)
    if s.core:
        heading += " · " + t("kit_core")
    blocks: list[BulletList | Paragraph | Note] = []
    if s.questions:
        blocks.append(BulletList([w(q) for q in s.questions], "number", t("kit_questions")))
    else:
        blocks.append(Note(t("kit_no_questions")))
    gap = "" if w.lang == "zh" else " "  # the Chinese label ends in a full-width colon
    good = w(s.good)
    blocks.append(Paragraph((Styled(t("kit_good", rating=s.expected), "good"), gap, good)))
    if s.short is not None:
        short = w(s.short)
        label = t("kit_short", rating=s.expected - 1)
        blocks.append(Paragraph((Styled(label, "bad"), gap, short)))
    return Section(heading, tuple(blocks))


# -- promotion case ----------------------------------------------------------------------


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
    missing = len(case.missing)
    verdict: Inline = (
        Styled(t("case_verdict_met", level=target), "good")
        if case.target_met
        else Styled(t("case_verdict_not_met", level=target, count=missing), "bad")
    )
    facts = Facts(
        (
            Fact(t("case_subject"), subject),
            Fact(t("case_level"), Styled(w.level_name(case.level))),
            Fact(t("case_target"), Styled(target, "accent")),
            Fact(t("case_verdict"), verdict),
        ),
        title=t("case_title", subject=subject, level=target),
        notes=(t(f"case_basis_{case.basis}"),),
    )
    blocks: list[Section | Facts | Note | Table | Paragraph] = [facts]
    blocks.append(Section(t("case_skills", level=target), (_skills_table(w, case),)))
    notes = _notes(w, case)
    if notes:
        blocks.append(Section(t("case_evidence"), tuple(notes)))
    blocks.append(Section(t("case_raters"), (_raters_table(w, case),)))
    if case.missing:
        by_id = {item.skill: item for item in case.items}
        lines: list[Inline] = []
        for skill in case.missing:
            item = by_id[skill]
            have = "—" if item.decided is None else str(item.decided)
            line = t("case_missing_line", skill=w.skill_name(skill), have=have, need=item.required)
            lines.append((line, " · ", Styled(t("kit_core"), "warn")) if item.core else line)
        blocks.append(Section(t("case_missing"), (BulletList(lines),)))
    else:
        blocks.append(Section(t("case_missing"), (Paragraph(t("case_nothing_missing")),)))
    return Document(
        title=t("case_title", subject=subject, level=target), blocks=tuple(blocks), lang=w.lang
    )


def _skills_table(w: Words, case: Case) -> Table:
    t = w.t
    columns = [Column(t("col_skill")), Column(t("case_col_required"), "rating")]
    columns += [Column(rater_label(w, r.role, r.name), "rating") for r in case.raters]
    columns.append(Column(t("case_col_met")))
    rows = []
    for item in case.items:
        skill = w.skill_name(item.skill)
        name: Inline = (skill, " ", Styled("★", "accent")) if item.core else skill
        met = Styled(t("case_met"), "good") if item.met else Styled(t("case_not_met"), "bad")
        rows.append((name, item.required, *(x.rating for x in item.ratings), met))
    caption = t("case_skills_caption")
    if any(item.core for item in case.items):
        caption = t("case_core_legend") + " " + caption
    return Table(columns=columns, rows=rows, caption=caption)


def _notes(w: Words, case: Case) -> list[BulletList]:
    lists = []
    for item in case.items:
        lines: list[Inline] = [
            (Styled(rater_label(w, x.role, x.name), "muted"), ": ", x.note)
            for x in item.ratings
            if x.note
        ]
        if lines:
            lists.append(BulletList(lines, title=w.skill_name(item.skill)))
    return lists


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
        rows=tuple(_rater_row(w, r) for r in case.raters),
        caption=t("case_raters_caption"),
    )


def _rater_row(w: Words, r: CaseRater) -> tuple[str, str, str, Bar, str]:
    tone: Tone = "good" if r.target_share >= w.model.min_share else "warn"
    return (
        rater_label(w, r.role, r.name),
        local_date(r.result.assessed_at),
        w.level_name(r.estimate.level),
        Bar(r.target_share, tone),
        r.source,
    )
