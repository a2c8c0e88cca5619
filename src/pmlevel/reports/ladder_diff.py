"""Two versions of a ladder (``pmlevel diff``) as a :class:`Document`: what changed, and
with ``--results`` or ``--history`` how each person moves. Made from
:class:`~pmlevel.company.ladder_diff.Versions`.

Names come from the version that has the thing: an added level's from the new one, a
removed skill's from the old one; a renamed one shows both.
"""

from __future__ import annotations

from collections.abc import Sequence

from pmlevel.company.ladder_diff import (
    Changes,
    LadderDiff,
    PeopleMoves,
    PersonMove,
    Standing,
    Versions,
    scale_of,
)
from pmlevel.company.team import Skipped
from pmlevel.render.document import (
    Block,
    BulletList,
    Cell,
    Column,
    Document,
    Fact,
    Facts,
    Inline,
    Note,
    Section,
    Styled,
    Table,
    Tone,
)
from pmlevel.reports.team import PEOPLE_SHOWN, SKIPPED_SHOWN, skip_reason
from pmlevel.reports.words import Words
from pmlevel.text.i18n import Translator

# The skills not rated, named in a person's row up to this many, then "+N".
UNCOVERED_NAMED = 3
MOVE_TONES: dict[str, Tone] = {"up": "good", "down": "bad", "changed": "warn", "same": "muted"}


class DiffWords:
    """The reader's words for both versions: ``old`` names what only the old version
    has, ``new`` the rest."""

    def __init__(self, old: Words, new: Words) -> None:
        self.old = old
        self.new = new
        self.t: Translator = new.t
        self.lang = new.lang


def _scale(diff: LadderDiff, which: str) -> str:
    low, high = scale_of(diff.old if which == "old" else diff.new)
    return f"{low}–{high}"


def _weight(value: float) -> str:
    return f"{value:g}"


def _change(t: Translator, kind: str) -> Styled:
    tones: dict[str, Tone] = {"added": "good", "removed": "bad"}
    return Styled(t(f"diff_{kind}"), tones.get(kind, "warn"))


def _renamed_detail(t: Translator, old_name: str, new_name: str, languages: Sequence[str]) -> str:
    """ "was 沟通能力"; when the reader's language shows the same name, the languages whose
    name changed instead."""
    if old_name != new_name:
        return t("diff_was", name=old_name)
    return t("diff_name_languages", languages=", ".join(languages))


def _moved_detail(w: DiffWords, diff: LadderDiff, index: int) -> str:
    t = w.t
    moved = diff.moved[index]

    def below(words: Words, level_id: str | None) -> str:
        return t("diff_bottom") if level_id is None else words.level_name(level_id)

    if diff.old.tracks or diff.new.tracks:
        return t(
            "diff_moved_on_track",
            after=below(w.new, moved.new_after),
            track=w.new.track_name(moved.new_track),
            old_after=below(w.old, moved.old_after),
            old_track=w.old.track_name(moved.old_track),
        )
    return t(
        "diff_moved_after",
        after=below(w.new, moved.new_after),
        old_after=below(w.old, moved.old_after),
    )


def _ids_table(rows: list[list[Cell]], t: Translator) -> Table:
    return Table(
        columns=(
            Column(t("col_change")),
            Column(t("diff_col_id")),
            Column(t("diff_col_name")),
            Column(t("diff_col_detail")),
        ),
        rows=rows,
    )


def _tracks(w: DiffWords, diff: LadderDiff) -> Section | None:
    t = w.t
    changes = diff.tracks
    if not changes:
        return None
    rows: list[list[Cell]] = [
        [_change(t, "added"), i, w.new.track_name(i), None] for i in changes.added
    ]
    rows += [[_change(t, "removed"), i, w.old.track_name(i), None] for i in changes.removed]
    rows += [
        [
            _change(t, "renamed"),
            r.id,
            w.new(r.new),
            _renamed_detail(t, w.old(r.old), w.new(r.new), r.languages),
        ]
        for r in changes.renamed
    ]
    return Section(t("diff_tracks_title"), (_ids_table(rows, t),))


def _levels(w: DiffWords, diff: LadderDiff) -> Section | None:
    t = w.t
    changes = diff.levels
    if not changes and not diff.moved:
        return None
    rows: list[list[Cell]] = [
        [_change(t, "added"), i, w.new.level_name(i), _level_track(w.new, i)] for i in changes.added
    ]
    rows += [[_change(t, "removed"), i, w.old.level_name(i), None] for i in changes.removed]
    rows += [
        [
            _change(t, "renamed"),
            r.id,
            w.new(r.new),
            _renamed_detail(t, w.old(r.old), w.new(r.new), r.languages),
        ]
        for r in changes.renamed
    ]
    rows += [
        [_change(t, "moved"), m.level, w.new.level_name(m.level), _moved_detail(w, diff, n)]
        for n, m in enumerate(diff.moved)
    ]
    return Section(t("diff_levels_title"), (_ids_table(rows, t),))


def _level_track(words: Words, level_id: str) -> str | None:
    track = words.level_track(level_id)
    return None if track is None else words.t("diff_on_track", track=track)


def _skills(w: DiffWords, diff: LadderDiff) -> Section | None:
    t = w.t
    changes = diff.skills
    if not changes and not diff.weights:
        return None
    rows: list[list[Cell]] = [
        [_change(t, "added"), i, w.new.skill_name(i), None] for i in changes.added
    ]
    rows += [[_change(t, "removed"), i, w.old.skill_name(i), None] for i in changes.removed]
    rows += [
        [
            _change(t, "renamed"),
            r.id,
            w.new(r.new),
            _renamed_detail(t, w.old(r.old), w.new(r.new), r.languages),
        ]
        for r in changes.renamed
    ]
    rows += [
        [
            _change(t, "weight"),
            c.skill,
            w.new.skill_name(c.skill),
            f"{_weight(c.old)} → {_weight(c.new)}",
        ]
        for c in diff.weights
    ]
    blocks: list[Block] = [_ids_table(rows, t)]
    if changes.removed:
        blocks.append(Note(t("diff_removed_skills_note")))
    return Section(t("diff_skills_title"), blocks)


def _skill_name(w: DiffWords, skill_id: str) -> str:
    """A skill's name in the new version, else in the old (a removed skill)."""
    if any(s.id == skill_id for s in w.new.model.skills):
        return w.new.skill_name(skill_id)
    return w.old.skill_name(skill_id)


def _expectations(w: DiffWords, diff: LadderDiff) -> Section | None:
    t = w.t
    if not diff.comparable:
        note = t("diff_expectations_not_compared", old=_scale(diff, "old"), new=_scale(diff, "new"))
        return Section(t("diff_expectations_title"), (Note(Styled(note, "warn")),))
    if not diff.expectations:
        return None
    # Numbers, not dots: what moved from 3 to 4 is read at a glance.
    rows = [
        (w.new.level_name(e.level), _skill_name(w, e.skill), e.old, e.new)
        for e in diff.expectations
    ]
    table = Table(
        columns=(
            Column(t("col_level")),
            Column(t("col_skill")),
            Column(t("diff_col_old"), "rating"),
            Column(t("diff_col_new"), "rating"),
        ),
        rows=rows,
        caption=t("diff_expectations_caption"),
    )
    return Section(t("diff_expectations_title"), (table,))


def _core(w: DiffWords, diff: LadderDiff) -> Section | None:
    t = w.t
    if not diff.core:
        return None
    rows = [
        (
            w.new.level_name(c.level),
            _skill_name(w, c.skill),
            Styled(t(f"diff_core_{c.change}"), "good" if c.change == "added" else "bad"),
        )
        for c in diff.core
    ]
    table = Table(
        columns=(Column(t("col_level")), Column(t("col_skill")), Column(t("col_change"))),
        rows=rows,
    )
    return Section(t("diff_core_title"), (table,))


def _anchors(w: DiffWords, diff: LadderDiff) -> Section | None:
    t = w.t
    if not diff.anchors_changed and not diff.scale_anchors_changed:
        return None
    blocks: list[Block] = []
    if diff.anchors_changed:
        names = [w.new.skill_name(s) for s in diff.anchors_changed]
        blocks += [BulletList(names), Note(t("diff_anchors_caption"))]
    if diff.scale_anchors_changed:
        points = ", ".join(str(p) for p in diff.scale_anchors_changed)
        blocks.append(Note(t("diff_scale_anchors", points=points)))
    return Section(t("diff_anchors_title"), blocks)


def _rule(w: DiffWords, diff: LadderDiff) -> Section | None:
    t = w.t
    if not diff.rule:
        return None
    rows = [(t(f"diff_rule_{r.key}"), _weight(r.old), _weight(r.new)) for r in diff.rule]
    table = Table(
        columns=(
            Column(t("diff_col_rule")),
            Column(t("diff_col_old"), "number"),
            Column(t("diff_col_new"), "number"),
        ),
        rows=rows,
    )
    return Section(t("diff_rule_title"), (table,))


def _size(changes: Changes) -> int:
    return len(changes.added) + len(changes.removed) + len(changes.renamed)


def _summary(t: Translator, diff: LadderDiff) -> str:
    return t(
        "diff_summary",
        tracks=_size(diff.tracks),
        levels=_size(diff.levels) + len(diff.moved),
        skills=_size(diff.skills) + len(diff.weights),
        expectations=len(diff.expectations),
        core=len(diff.core),
        anchors=len(diff.anchors_changed),
    )


# -- people ----------------------------------------------------------------------------------


def _standing(words: Words, standing: Standing) -> Inline:
    name = words.level_name(standing.level)
    tone: Tone = "strong" if standing.level else "warn"
    if standing.level is not None and standing.track is not None:
        name = words.t("diff_level_on_track", level=name, track=words.track_name(standing.track))
    return Styled(name, tone)


def _uncovered_cell(w: DiffWords, person: PersonMove) -> Cell:
    if not person.uncovered:
        return None
    names = [w.new.skill_name(s) for s in person.uncovered[:UNCOVERED_NAMED]]
    text = w.t.join(names)
    more = len(person.uncovered) - len(names)
    if more:
        text += " " + w.t("diff_uncovered_more", count=more)
    return Styled(text, "warn")


def _people_table(w: DiffWords, moves: PeopleMoves, limit: int | None) -> list[Block]:
    t = w.t
    shown = moves.people if limit is None else moves.people[:limit]
    rows: list[list[Cell]] = [
        [
            p.subject or t("no_subject"),
            Styled(t(f"merge_role_{p.role}"), "muted"),
            _standing(w.old, p.old),
            _standing(w.new, p.new),
            Styled(t(f"diff_move_{p.move}"), MOVE_TONES[p.move]),
            _uncovered_cell(w, p),
        ]
        for p in shown
    ]
    table = Table(
        columns=(
            Column(t("team_col_person")),
            Column(t("team_col_basis")),
            Column(t("diff_col_old_level")),
            Column(t("diff_col_new_level")),
            Column(t("diff_col_move")),
            Column(t("diff_col_uncovered")),
        ),
        rows=rows,
    )
    blocks: list[Block] = [table]
    if len(shown) < len(moves.people):
        blocks.append(Note(t("diff_more_people", count=len(moves.people) - len(shown))))
    return blocks


def _uncovered(w: DiffWords, diff: LadderDiff, moves: PeopleMoves) -> Section | None:
    t = w.t
    counts = moves.uncovered([s.id for s in diff.new.skills])
    if not counts:
        return None
    table = Table(
        columns=(Column(t("col_skill")), Column(t("team_col_count"), "number")),
        rows=[(w.new.skill_name(skill), n) for skill, n in counts],
        caption=t("diff_uncovered_caption"),
    )
    return Section(t("diff_uncovered_title"), (table,))


def _skipped(w: DiffWords, moves: PeopleMoves, limit: int | None) -> Section:
    t = w.t
    skipped: Sequence[Skipped] = moves.skipped
    shown = skipped if limit is None else skipped[:limit]
    history = moves.source == "history"
    rows = [(s.path, skip_reason(w.old, s)) for s in shown]
    first = t("diff_col_entry") if history else t("team_col_file")
    blocks: list[Block] = [Table((Column(first), Column(t("team_col_reason"))), rows)]
    if len(shown) < len(skipped):
        blocks.append(Note(t("and_more", count=len(skipped) - len(shown))))
    title = "diff_skipped_entries_title" if history else "team_skipped_title"
    return Section(t(title, count=len(skipped)), blocks)


def _people(w: DiffWords, diff: LadderDiff, moves: PeopleMoves, screen: bool) -> Section:
    t = w.t
    counts = moves.counts()
    read = (
        t("diff_read_history", people=moves.looked_at, skipped=len(moves.skipped))
        if moves.source == "history"
        else t("diff_read_files", files=moves.looked_at, skipped=len(moves.skipped))
    )
    notes: list[Inline] = [read, t("diff_people_rule")]
    notes += [
        Styled(t("look_alike_note", look_alike=group.shown), "warn") for group in moves.look_alike
    ]
    facts = Facts(
        [Fact("", t("diff_people_counts", people=len(moves.people), **counts))],
        notes=tuple(notes),
    )
    blocks: list[Block] = [facts]
    limit = PEOPLE_SHOWN if screen else None
    if moves.people:
        blocks += _people_table(w, moves, limit)
    uncovered = _uncovered(w, diff, moves)
    if uncovered is not None:
        blocks.append(uncovered)
    if moves.skipped:
        blocks.append(_skipped(w, moves, SKIPPED_SHOWN if screen else None))
    return Section(t("diff_people_title"), blocks)


def diff_document(w: DiffWords, versions: Versions, *, screen: bool = False) -> Document:
    """What changed from the old version to the new, then how people move (when asked).

    On a *screen* the people stop after :data:`~pmlevel.reports.team.PEOPLE_SHOWN`;
    files hold everyone.
    """
    t = w.t
    diff = versions.diff
    old_name, new_name = w.old(diff.old.name), w.new(diff.new.name)
    title = t("diff_title", old=old_name, new=new_name)
    notes: list[Inline] = []
    if not diff.comparable:
        notes.append(
            Styled(
                t("diff_scales_differ", old=_scale(diff, "old"), new=_scale(diff, "new")), "warn"
            )
        )
    facts = Facts(
        (
            Fact(t("diff_old"), t("diff_version", name=old_name, file=diff.old.source)),
            Fact(t("diff_new"), t("diff_version", name=new_name, file=diff.new.source)),
            Fact(
                t("col_change"),
                Styled(t("diff_no_changes"), "muted") if diff.unchanged else _summary(t, diff),
            ),
        ),
        title=title,
        notes=tuple(notes),
    )
    blocks: list[Block] = [facts]
    for part in (
        _tracks(w, diff),
        _levels(w, diff),
        _skills(w, diff),
        _expectations(w, diff),
        _core(w, diff),
        _anchors(w, diff),
        _rule(w, diff),
    ):
        if part is not None:
            blocks.append(part)
    if versions.people is not None:
        blocks.append(_people(w, diff, versions.people, screen))
    return Document(title=title, lang=w.lang, blocks=blocks)


def skipped_document(w: DiffWords, moves: PeopleMoves) -> Document:
    """What was left out and why, alone: said before the error when no one is left."""
    title = w.t("diff_people_title")
    return Document(title=title, lang=w.lang, blocks=(_skipped(w, moves, SKIPPED_SHOWN),))
