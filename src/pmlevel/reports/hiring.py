"""The hiring documents (``pmlevel jd``, ``pmlevel interview``) as :class:`Document` s:
a job description and an interview kit."""

from __future__ import annotations

from pmlevel.company.interview import Kit, KitSkill
from pmlevel.company.jd import JdSkill, JobDescription
from pmlevel.render.document import (
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
)
from pmlevel.reports.words import Words

# -- job description -------------------------------------------------------------------


def jd_document(w: Words, jd: JobDescription) -> Document:
    """A posting for the level: summary, experience, responsibilities, skills (core first)."""
    t = w.t
    title = t("jd_title", level=w.level_name(jd.level))
    facts = [Fact(t("jd_level"), Styled(w.level_name(jd.level)))]
    track = w.level_track(jd.level)
    if track is not None:  # (v3) which track the level is on
        facts.append(Fact(t("jd_track"), track))
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
            items.append((Styled(name), w.t.locale.colon, text) if text else name)
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
    track = w.level_track(kit.level)
    facts = Facts(
        (
            Fact(t("jd_level"), Styled(level)),
            *(() if track is None else (Fact(t("jd_track"), track),)),
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
    gap = " " if w.t.locale.colon.endswith(" ") else ""  # a full-width colon needs no space
    good = w(s.good)
    blocks.append(Paragraph((Styled(t("kit_good", rating=s.expected), "good"), gap, good)))
    if s.short is not None:
        short = w(s.short)
        label = t("kit_short", rating=s.expected - 1)
        blocks.append(Paragraph((Styled(label, "bad"), gap, short)))
    return Section(heading, tuple(blocks))
