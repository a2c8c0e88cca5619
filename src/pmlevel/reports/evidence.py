"""Evidence (``evidence list``, and the evidence lines ``assess``, ``plan`` and ``case``
show) as documents: docs/reference.md#evidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmlevel.render.document import (
    Block,
    Column,
    Document,
    Inline,
    Note,
    Paragraph,
    Styled,
    Table,
    pieces,
)
from pmlevel.reports.words import Words

if TYPE_CHECKING:
    from pmlevel.store.history import Piece, SkillEvidence

# The screen shows the newest pieces only; -o and --json have them all.
SCREEN_PIECES = 200


def who_confirms(w: Words, piece: Piece) -> Inline:
    """``verified by Han Mei, 2026-11-30`` or ``self-reported``."""
    if piece.verified_by is None:
        return Styled(w.t("evidence_self_reported"), "muted")
    at = "" if piece.verified_at is None else piece.verified_at.isoformat()
    return Styled(w.t("evidence_verified_by", name=piece.verified_by, date=at), "good")


def piece_line(w: Words, piece: Piece) -> Inline:
    """One piece on one line: ``#3 2026-11-02 · Ran the pricing test · verified by …``."""
    parts: list[Styled | str] = [Styled(f"#{piece.id}", "muted"), f" {piece.date.isoformat()} · "]
    parts.append(piece.text)
    if piece.link:
        parts.append(f" · {piece.link}")
    parts.append(" · ")
    parts.extend(pieces(who_confirms(w, piece)))
    return tuple(parts)


def skill_evidence_line(w: Words, found: SkillEvidence | None) -> str:
    """``Evidence: 4 pieces`` or ``Evidence: none yet``."""
    if found is None or found.count == 0:
        return w.t("evidence_none_yet")
    return w.t.count("evidence_count", found.count)


def evidence_document(w: Words, found: Sequence[Piece], *, screen: bool = False) -> Document:
    """The pieces, oldest first, as one table; on *screen* only the newest
    :data:`SCREEN_PIECES`, with how many more the files hold."""
    t = w.t
    title = t("evidence_list_title")
    if not found:
        return Document(title=title, lang=w.lang, blocks=(Paragraph(t("evidence_list_empty")),))
    shown = found[-SCREEN_PIECES:] if screen else found
    rows = []
    for piece in shown:
        skills = t("why_list_sep").join(w.skill_name(skill) for skill in piece.skills)
        text: Inline = piece.text if not piece.link else (piece.text, " · ", piece.link)
        rows.append(
            (
                piece.id,
                piece.date.isoformat(),
                piece.subject or t("no_subject"),
                skills,
                text,
                who_confirms(w, piece),
            )
        )
    verified = sum(1 for piece in found if piece.verified)
    caption = t.count("evidence_list_caption", len(found), verified=verified)
    table = Table(
        columns=(
            Column("#", "number"),
            Column(t("col_date")),
            Column(t("col_subject")),
            Column(t("evidence_col_skills")),
            Column(t("evidence_col_text")),
            Column(t("evidence_col_verified")),
        ),
        rows=rows,
        caption=caption,
    )
    blocks: list[Block] = [table]
    if len(shown) < len(found):
        blocks.append(Note(t("evidence_list_more", shown=len(shown), total=len(found))))
    return Document(title=title, lang=w.lang, blocks=tuple(blocks))
