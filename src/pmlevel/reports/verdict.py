"""An interviewer's verdict (:mod:`pmlevel.assess.verdict`) in words: the headline, the
hire signal of each skill and the table of them, for ``assess``/``report`` and ``merge``."""

from __future__ import annotations

from collections.abc import Mapping

from pmlevel.assess.verdict import Signal, Verdict
from pmlevel.render.document import Cell, Column, Inline, Styled, Table, Tone
from pmlevel.reports.words import Words

_TONES: dict[str, Tone] = {
    "strong_yes": "good",
    "yes": "good",
    "no": "warn",
    "strong_no": "bad",
    "not_assessed": "muted",
}


def verdict_line(w: Words, found: Verdict) -> str:
    """ "meets 4 of 6 core skills of Senior Product Manager; 2 below (…); 11 not assessed"."""
    t = w.t
    names = t("why_list_sep")
    level = w.level_name(found.level)
    key = "verdict_meets_core" if found.by_core else "verdict_meets_expected"
    parts = [t(key, met=len(found.met), of=len(found.deciding), level=level)]
    if found.below:
        skills = names.join(w.skill_name(s) for s in found.below)
        parts.append(t("verdict_below", count=len(found.below), skills=skills))
    if found.unassessed:
        skills = names.join(w.skill_name(s) for s in found.unassessed)
        key = "verdict_core_unassessed" if found.by_core else "verdict_expected_unassessed"
        parts.append(t(key, count=len(found.unassessed), skills=skills))
    if found.not_assessed:
        parts.append(t("verdict_not_assessed", count=len(found.not_assessed)))
    return t("verdict_sep").join(parts)


def verdict_tone(found: Verdict) -> Tone:
    """Good when every skill the headline counts is met, a warning otherwise."""
    return "good" if len(found.met) == len(found.deciding) else "warn"


def signal_cell(w: Words, signal: Signal | None) -> Cell:
    if signal is None:
        return Styled(w.t("signal_none"), "muted")
    return Styled(w.t(f"signal_{signal}"), _TONES[signal])


def verdict_table(
    w: Words,
    found: Verdict,
    notes: Mapping[str, str] | None = None,
) -> Table:
    """Each skill the level expects (core first, ★) and assessed, then the others rated:
    the rating expected, the rating given, the hire signal and the note."""
    t = w.t
    columns = [
        Column(t("col_skill")),
        Column(t("col_required"), "rating"),
        Column(t("col_rating"), "rating"),
    ]
    columns.append(Column(t("verdict_col_signal")))
    if notes is not None:
        columns.append(Column(t("col_note")))
    rows = []
    for item in found.skills:
        if found.by_core and not item.core and item.signal == "not_assessed":
            continue  # listed with the others not assessed, under the table
        name: Inline = w.skill_name(item.skill)
        if item.core:
            name = (w.skill_name(item.skill), Styled(" ★", "accent"))
        cells: list[Cell] = [name, item.expected, item.rating]
        cells.append(signal_cell(w, item.signal))
        if notes is not None:
            cells.append(notes.get(item.skill, ""))
        rows.append(tuple(cells))
    legend = t("verdict_legend")
    if found.by_core:
        legend = t("case_core_legend") + " " + legend
    return Table(columns=columns, rows=rows, caption=legend)
