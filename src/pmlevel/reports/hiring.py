"""The hiring documents (``pmlevel jd``, ``pmlevel interview``) as :class:`Document` s:
a job description and an interview kit."""

from __future__ import annotations

from pmlevel.company.interview import Kit, KitSkill
from pmlevel.company.jd import JdSkill, JobDescription
from pmlevel.render.document import (
    BulletList,
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
    """A posting a recruiter can publish: the job title with the company, team, location
    and pay given; about the role; what you will do; what we look for (the experience,
    then the core skills as what they look like in the job); what else matters. In
    sentences: no expected ratings, no scale."""
    t = w.t
    level = w.level_name(jd.level)
    posting = jd.posting
    title = t("jd_title_at", level=level, company=posting.company) if posting.company else level
    facts = [Fact(t("jd_role"), Styled(level))]
    track = w.level_track(jd.level)
    if track is not None:  # (v3) which track the level is on
        facts.append(Fact(t("jd_track"), track))
    for key in ("company", "team", "location", "pay"):
        value = getattr(posting, key)
        if value:
            facts.append(Fact(t(f"jd_{key}"), value))
    blocks: list[Section | Paragraph | Note | Table | BulletList | Facts] = [
        Facts(facts, title=title)
    ]
    if jd.summary:
        about = t("jd_about_team", team=posting.team) if posting.team else t("jd_about")
        blocks.append(Section(about, (Paragraph(w(jd.summary)),)))
    if jd.responsibilities:
        items: list[Inline] = []
        for duty in jd.responsibilities:
            name, text = w(duty.name), w(duty.description)
            items.append((Styled(name, "strong"), w.t.locale.colon, text) if text else name)
        blocks.append(Section(t("jd_you_will"), (BulletList(items),)))
    core = [s for s in jd.skills if s.core]
    rest = [s for s in jd.skills if not s.core]
    wanted: list[Inline] = []
    if jd.experience:
        wanted.append((Styled(t("jd_experience"), "strong"), t.locale.colon, w(jd.experience)))
    wanted += [_skill_line(w, s) for s in (core or rest)]
    blocks.append(Section(t("jd_we_look_for"), (BulletList(wanted),)))
    if core and rest:
        blocks.append(Section(t("jd_also"), (BulletList([_skill_line(w, s) for s in rest]),)))
    return Document(title=title, blocks=tuple(blocks), lang=w.lang)


def _skill_line(w: Words, s: JdSkill) -> Inline:
    """ "Market Insight: judges what a trend means for their product…": the skill, and
    what it looks like at the level (its anchor at the expected point)."""
    looks = w(s.anchor)
    name = Styled(w.skill_name(s.skill), "strong")
    return (name, w.t.locale.colon, looks) if looks else name


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
