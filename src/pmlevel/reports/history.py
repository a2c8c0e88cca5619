"""The saved assessments (``history``) and the moves between two of them (``progress``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pmlevel.assess.people import HIRING_ROLES, look_alikes
from pmlevel.growth.progress import Progress
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
from pmlevel.reports.words import Words, local_date, local_time, percent
from pmlevel.text.i18n import Translator
from pmlevel.text.safe import clean_line, shell_quote

REMINDER_NAMES = 3  # people the reminder names before "and N more"


def history_document(w: Words, entries: Sequence[Any], *, hidden: int = 0) -> Document:
    """The people one develops, then, apart, the candidates (results only interviewers or
    panel members gave); under them the ``progress`` command that works, if any does.
    *hidden*: how many older entries the selection has beyond *entries*
    (:func:`pmlevel.growth.listing.on_screen`)."""
    t = w.t
    title = t("history_title")
    if not entries:
        return Document(title=title, lang=w.lang, blocks=(Paragraph(t("history_empty")),))
    from pmlevel.growth.whose import progress_command

    people = [e for e in entries if e.rater_role not in HIRING_ROLES]
    candidates = [e for e in entries if e.rater_role in HIRING_ROLES]
    command = progress_command(list(entries))
    if command is not None:
        caption = t("history_hint_progress", command=command)
    elif len(people) >= 2:
        caption = t("history_hint_pair")
    else:
        caption = None
    blocks: list[Block] = []
    other = False
    if people:
        grid, other = _entries_table(w, people, title, caption)
        blocks.append(grid)
    if candidates:
        heading = t("history_candidates_title")
        grid, foreign = _entries_table(w, candidates, heading, t("history_candidates_caption"))
        blocks.append(grid)
        other = other or foreign
    if hidden:
        blocks.append(Note(t("history_more", count=hidden, total=hidden + len(entries))))
    if other:
        blocks.append(Note(t("history_other_model")))
    return Document(title=title, lang=w.lang, blocks=blocks)


def _entries_table(
    w: Words, entries: Sequence[Any], title: str, caption: str | None
) -> tuple[Table, bool]:
    """One table of entries, and whether any was made with another model."""
    t = w.t
    columns = (
        Column("#", "number"),
        Column(t("col_date")),
        Column(t("col_subject")),
        Column(t("col_rater")),
        Column(t("col_level")),
        Column(t("col_readiness"), "number"),
    )
    other = False
    rows: list[tuple[Cell, ...]] = []
    for entry in entries:
        level: Cell = w.level_name(entry.level)
        readiness: Cell = percent(entry.readiness)
        if entry.rater_role in HIRING_ROLES:  # no level from the skills an interview left out
            level, readiness = None, None
        elif entry.model_sha256 != w.model.sha256:
            level = Styled(f"{entry.level or '—'} *", "muted")
            other = True
        rater = t(f"role_{entry.rater_role}")
        if entry.rater_name:
            rater += f" · {entry.rater_name}"
        rows.append(
            (
                entry.id,
                local_date(entry.assessed_at),
                entry.subject or None,
                rater,
                level,
                readiness,
            )
        )
    return Table(columns, rows, title=title, caption=caption), other


def _rater(w: Words, result: Any) -> str:
    name = w.t(f"role_{result.rater.role}")
    return f"{name} · {result.rater.name}" if result.rater.name else name


def _readiness(w: Words, result: Any) -> str:
    """ "50% (Senior …)": a readiness means nothing without the level it is for."""
    nxt = result.estimate.next_level
    if nxt is None:
        return w.t("at_top_level")
    return w.t(
        "readiness_for", readiness=percent(result.estimate.readiness), level=w.level_name(nxt)
    )


def progress_document(w: Words, progress: Progress) -> Document:
    """How level, readiness and each skill moved between two assessments."""
    t = w.t
    before, after = progress.before, progress.after
    scale = (w.model.scale.min, w.model.scale.max)
    same_day = local_date(before.assessed_at) == local_date(after.assessed_at)
    stamp = local_time if same_day else local_date
    heading = t(
        "progress_heading",
        subject=progress.subject or t("no_subject"),
        frm=stamp(before.assessed_at),
        to=stamp(after.assessed_at),
    )
    level = t(
        "progress_level",
        frm=w.level_name(before.estimate.level),
        to=w.level_name(after.estimate.level),
    )
    readiness = t("progress_readiness", frm=_readiness(w, before), to=_readiness(w, after))
    raters = t("progress_raters", before=_rater(w, before), after=_rater(w, after))
    rows = []
    for move in progress.skills:
        delta = move.delta
        change: Cell
        if delta is None:
            change = None
        elif delta > 0:
            change = Styled(f"▲ +{delta}", "good")
        elif delta < 0:
            change = Styled(f"▼ {delta}", "bad")
        else:
            change = Styled("·", "muted")
        rows.append((w.skill_name(move.skill), move.before, move.after, change))
    table = Table(
        columns=(
            Column(t("col_skill")),
            Column(stamp(before.assessed_at), "rating", scale),
            Column(stamp(after.assessed_at), "rating", scale),
            Column(t("col_change"), "number"),
        ),
        rows=rows,
    )
    blocks: list[Block] = [
        Facts([Fact("", level), Fact("", readiness)], title=heading, notes=(raters,))
    ]
    if not progress.same_model:
        blocks.append(Paragraph(Styled(t("progress_other_model"), "warn")))
    blocks.append(Section(t("progress_skills_title"), (table,)))
    return Document(title=heading, lang=w.lang, blocks=blocks)


def history_notices(
    t: Translator, damaged: Iterable[int], exported: Any = None, names: Iterable[str] = ()
) -> list[Inline]:
    """What ``history``/``progress`` say on stderr besides their screen: what an export
    did, files it would not overwrite, damaged rows left out, and different people
    among *names* (the history's subjects) whose names look the same."""
    lines: list[Inline] = []
    for group in look_alikes(names):
        lines.append(Styled(clean_line(t("look_alike_note", look_alike=group.shown)), "warn"))
    if exported is not None:
        lines.append(
            clean_line(t.count("history_exported", exported.written, directory=exported.directory))
        )
        for path in exported.kept:
            lines.append(Styled(clean_line(t("history_export_kept", path=path)), "warn"))
    if damaged:
        ids = ", ".join(str(n) for n in sorted(damaged))
        lines.append(Styled(clean_line(t("history_damaged_rows", ids=ids)), "warn"))
    return lines


def reminder_line(t: Translator, due: Sequence[Any]) -> Styled:
    """One line: whose review date has passed, and the command that re-assesses them."""

    def who(item: Any) -> str:
        return str(item.subject) if item.subject else t("reminder_you")

    if len(due) == 1:
        (item,) = due
        option = f" --subject {shell_quote(item.subject)}" if item.subject else ""
        text = t(
            f"reminder_due_{item.basis}",
            subject=who(item),
            date=item.due.isoformat(),
            command=f"pmlevel assess{option}",
        )
    else:
        # At most three names: with a thousand people the line must stay one line.
        shown = due[:REMINDER_NAMES]
        people = ", ".join(f"{who(item)} ({item.due.isoformat()})" for item in shown)
        if len(due) > len(shown):
            text = t("reminder_due_more", people=people, more=len(due) - len(shown))
        else:
            text = t("reminder_due_many", people=people)
    return Styled(text, "warn")


def import_lines(t: Translator, imported: Any) -> list[Inline]:
    """What ``history --import`` says on stderr: each file it skipped and why, then how
    many assessments it added (an :class:`~pmlevel.company.gather.Imported`)."""
    lines: list[Inline] = [
        Styled(
            clean_line(t("history_import_skipped", path=s.path, reason=t(s.reason, **s.params))),
            "warn",
        )
        for s in imported.skipped
    ]
    summary = t.count(
        "history_imported",
        len(imported.added),
        count=len(imported.added),
        known=imported.known,
        skipped=len(imported.skipped),
    )
    lines.append(Styled(clean_line(summary), "good"))
    return lines
