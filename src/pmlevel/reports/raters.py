"""The raters report (``pmlevel raters``) as a :class:`Document`: each rater's offset with
its interval and flag, the groups that cannot be compared with each other, the raters
who cannot be compared at all and why, and the cross-ratings that would connect them.
Made from :class:`~pmlevel.company.raters.RaterReport`."""

from __future__ import annotations

from pmlevel.company.raters import Apart, Offset, Rater, RaterReport
from pmlevel.render.document import (
    Block,
    BulletList,
    Cell,
    Column,
    Document,
    Fact,
    Facts,
    Note,
    Paragraph,
    Section,
    Styled,
    Table,
    Tone,
)
from pmlevel.reports.team import skip_reason, skipped_section
from pmlevel.reports.words import Words

# On screen, lists stop after this many lines; --json and -o hold everything.
RATERS_SHOWN = 200
LINKS_SHOWN = 20
NAMES_SHOWN = 8
SKIPPED_SHOWN = 20


def rater_name(w: Words, rater: Rater) -> str:
    return rater.name or w.t("no_subject")


def rater_label(w: Words, rater: Rater) -> str:
    """``Han (manager)``: a rater named in a sentence."""
    return w.t("raters_who", name=rater_name(w, rater), role=w.t(f"merge_role_{rater.role}"))


def _person(w: Words, name: str | None) -> str:
    return name or w.t("no_subject")


def _offset_row(w: Words, o: Offset, with_group: bool) -> list[Cell]:
    t = w.t
    tone: Tone = "warn" if o.flag in ("lenient", "severe") else "bad"
    cells: list[Cell] = [
        rater_name(w, o.rater),
        Styled(t(f"merge_role_{o.rater.role}"), "muted"),
        o.rater.people,
        o.rater.ratings,
        Styled(f"{o.offset:+.2f}", "strong" if o.flag in ("lenient", "severe") else "accent"),
        None if o.se is None else f"±{2 * o.se:.2f}",
        None if o.flag is None else Styled(t(f"raters_flag_{o.flag}"), tone),
    ]
    if with_group:
        cells.append(o.group)
    return cells


def _offsets(w: Words, report: RaterReport, limit: int | None) -> Section:
    t = w.t
    with_group = report.groups > 1
    columns = [
        Column(t("raters_col_rater")),
        Column(t("raters_col_role")),
        Column(t("raters_col_people"), "number"),
        Column(t("raters_col_ratings"), "number"),
        Column(t("raters_col_offset"), "number"),
        Column(t("raters_col_interval"), "number"),
        Column(t("raters_col_flag")),
    ]
    if with_group:
        columns.append(Column(t("raters_col_group"), "number"))
    shown = report.raters if limit is None else report.raters[:limit]
    blocks: list[Block] = [
        Table(
            columns,
            [_offset_row(w, o, with_group) for o in shown],
            caption=t("raters_offsets_caption"),
        )
    ]
    if len(shown) < len(report.raters):
        blocks.append(Note(t("raters_more", count=len(report.raters) - len(shown))))
    return Section(t("raters_offsets_title"), blocks)


def _groups(w: Words, report: RaterReport) -> Section:
    t = w.t
    members: dict[int, list[Offset]] = {}
    for o in report.raters:
        members.setdefault(o.group, []).append(o)
    items = []
    for group, found in sorted(members.items()):
        names = [rater_label(w, o.rater) for o in found[:NAMES_SHOWN]]
        if len(found) > NAMES_SHOWN:
            names.append(t("and_more", count=len(found) - NAMES_SHOWN))
        items.append(
            t(
                "raters_group_members",
                group=group,
                count=len(found),
                names=t("why_list_sep").join(names),
            )
        )
    return Section(
        t("raters_groups_title"),
        (Paragraph(t("raters_groups_apart", groups=report.groups)), BulletList(items)),
    )


def apart_reason(w: Words, a: Apart) -> str:
    t = w.t
    if a.reason == "different_skills":
        other = rater_label(w, a.other) if a.other is not None else ""
        return t("raters_apart_different_skills", person=_person(w, a.person), other=other)
    if a.reason == "only_rater":
        return t("raters_apart_only_rater", person=_person(w, a.person))
    return t("raters_apart_alone", people=a.rater.people)


def _apart(w: Words, report: RaterReport, limit: int | None) -> Section:
    t = w.t
    shown = report.apart if limit is None else report.apart[:limit]
    rows = [
        (
            rater_name(w, a.rater),
            Styled(t(f"merge_role_{a.rater.role}"), "muted"),
            a.rater.people,
            apart_reason(w, a),
        )
        for a in shown
    ]
    columns = (
        Column(t("raters_col_rater")),
        Column(t("raters_col_role")),
        Column(t("raters_col_people"), "number"),
        Column(t("raters_col_reason")),
    )
    blocks: list[Block] = [Table(columns, rows)]
    if len(shown) < len(report.apart):
        blocks.append(Note(t("and_more", count=len(report.apart) - len(shown))))
    return Section(t("raters_apart_title", count=len(report.apart)), blocks)


def _links(w: Words, report: RaterReport, limit: int | None) -> Section:
    t = w.t
    shown = report.links if limit is None else report.links[:limit]
    items = [
        t(
            "raters_link_skills" if link.same_person else "raters_link",
            a=rater_label(w, link.a),
            a_rates=_person(w, link.a_rates),
            b=rater_label(w, link.b),
            b_rates=_person(w, link.b_rates),
        )
        for link in shown
    ]
    blocks: list[Block] = [BulletList(items), Note(t("raters_links_caption"))]
    if len(shown) < len(report.links):
        blocks.insert(1, Note(t("and_more", count=len(report.links) - len(shown))))
    return Section(t("raters_links_title"), blocks)


def _notes(w: Words, report: RaterReport) -> list[Block]:
    t = w.t
    notes: list[Block] = []
    uniform = report.uniform
    if uniform:
        names = [rater_label(w, r) for r in uniform[:NAMES_SHOWN]]
        if len(uniform) > NAMES_SHOWN:
            names.append(t("and_more", count=len(uniform) - NAMES_SHOWN))
        notes.append(
            Paragraph(Styled(t("raters_uniform_note", names=t("why_list_sep").join(names)), "warn"))
        )
    if report.raters:
        if report.sigma is None:
            notes.append(Note(t("raters_no_df")))
        else:
            notes.append(Note(t("raters_sigma", sigma=f"{report.sigma:.2f}", df=report.df)))
    if report.lone_people:
        notes.append(Note(t.count("raters_lone_people", report.lone_people)))
    if report.self_left_out:
        notes.append(Note(t.count("raters_self_left_out", report.self_left_out)))
    return notes


def raters_document(w: Words, report: RaterReport, *, screen: bool = False) -> Document:
    """Offsets, groups, raters apart, cross-ratings to ask for, notes, skipped files.

    On a *screen* long lists stop after a few hundred lines; files hold everything.
    """
    t = w.t
    counts = t(
        "raters_counts",
        raters=len(report.raters) + len(report.apart),
        people=report.people,
        ratings=report.ratings,
        files=report.files,
        skipped=len(report.skipped),
    )
    headline = Facts(
        [Fact("", counts), Fact(t("raters_groups_label"), str(report.groups))],
        title=t("raters_title"),
        notes=[t("raters_rule")],
    )
    blocks: list[Block] = [headline]
    if report.ratings and not report.raters:
        # "Each rated only their own people" only when that is what the reasons say.
        own = all(a.reason != "different_skills" for a in report.apart)
        key = "raters_none_comparable" if own else "raters_none_comparable_skills"
        blocks.append(Paragraph(Styled(t(key), "warn")))
    if report.raters:
        blocks.append(_offsets(w, report, RATERS_SHOWN if screen else None))
    if report.groups > 1:
        blocks.append(_groups(w, report))
    if report.apart:
        blocks.append(_apart(w, report, RATERS_SHOWN if screen else None))
    if report.links:
        blocks.append(_links(w, report, LINKS_SHOWN if screen else None))
    blocks += _notes(w, report)
    if report.skipped:
        blocks.append(skipped_section(w, report.skipped, SKIPPED_SHOWN if screen else None))
    return Document(title=t("raters_title"), lang=w.lang, blocks=blocks)


def skipped_lines(w: Words, report: RaterReport) -> list[str]:
    """One line per file left out, for stderr beside ``--json``."""
    return [
        w.t("raters_skipped_line", path=s.path, reason=skip_reason(w, s)) for s in report.skipped
    ]
