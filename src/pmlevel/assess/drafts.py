"""Answers kept between sessions: Ctrl-C during ``assess`` loses nothing.

The draft is rewritten (atomically) after every answer, so even a killed
process keeps what was typed; ``assess --resume`` reads it back, and it is
removed once the assessment is complete. One draft per model (by sha256) and
kind (``assess``, or ``agree`` for a check-in), in the user's state directory.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlevel.errors import UsageError
from pmlevel.store.atomic import write_atomic
from pmlevel.store.private import make_dir

if TYPE_CHECKING:
    from pmlevel.model.ladder import LevelModel


@dataclass
class Draft:
    model_sha256: str
    ratings: dict[str, int] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    subject: str | None = None
    rater_role: str = "self"
    rater_name: str | None = None
    save: bool = True  # --no-save, remembered so that --resume does not forget it
    kind: str = "assess"  # whose draft: an assessment's or a check-in's (agree)


def draft_path(state_dir: Path, model_sha256: str, kind: str = "assess") -> Path:
    prefix = "" if kind == "assess" else f"{kind}-"
    return state_dir / "drafts" / f"{prefix}{model_sha256[:16]}.json"


def save_draft(state_dir: Path, draft: Draft) -> Path:
    path = draft_path(state_dir, draft.model_sha256, draft.kind)
    try:
        make_dir(path.parent)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError("write_failed", path=str(path), reason=reason) from None
    write_atomic(path, json.dumps(asdict(draft), ensure_ascii=False, indent=2), private=True)
    return path


def load_draft(state_dir: Path, model_sha256: str, kind: str = "assess") -> Draft | None:
    """The kept answers for this model, or None (a damaged draft counts as none)."""
    try:
        raw = draft_path(state_dir, model_sha256, kind).read_bytes()
    except OSError:
        return None
    draft = parse_draft(raw, kind)
    return draft if draft is not None and draft.model_sha256 == model_sha256 else None


def parse_draft(raw: bytes, kind: str = "assess") -> Draft | None:
    """A draft from its file's bytes, or None when they are not one (damaged, edited).

    Only the shape is checked here; what a model accepts, :func:`fit_draft` keeps.
    """
    try:
        data: Any = json.loads(raw)
        return Draft(
            model_sha256=str(data["model_sha256"]),
            ratings={str(k): _integer(v) for k, v in data.get("ratings", {}).items()},
            notes={str(k): str(v) for k, v in data.get("notes", {}).items()},
            subject=data.get("subject"),
            rater_role=str(data.get("rater_role") or "self"),
            rater_name=data.get("rater_name"),
            save=bool(data.get("save", True)),
            kind=kind,
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def fit_draft(draft: Draft, model: LevelModel) -> Draft:
    """*draft* with only what *model* accepts: a rating off the scale or for a skill the
    model does not have is dropped (and so asked again), an overlong note cut, an
    unknown role read as self. A draft is our own file, but a file all the same."""
    from pmlevel.assess.checks import MAX_NOTE_CHARS
    from pmlevel.assess.people import ROLES
    from pmlevel.model.limits import MAX_NAME_CHARS
    from pmlevel.text.safe import clean_line, clean_text

    known = {skill.id for skill in model.skills}
    low, high = model.scale.min, model.scale.max
    draft.ratings = {
        skill: rating
        for skill, rating in draft.ratings.items()
        if skill in known and low <= rating <= high
    }
    draft.notes = {
        skill: clean_text(note)[:MAX_NOTE_CHARS]
        for skill, note in draft.notes.items()
        if skill in draft.ratings and note
    }
    if draft.rater_role not in ROLES:
        draft.rater_role = "self"
    for name in ("subject", "rater_name"):
        value = getattr(draft, name)
        fitted = clean_line(value)[:MAX_NAME_CHARS] if isinstance(value, str) else None
        setattr(draft, name, fitted or None)
    return draft


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(value)  # a damaged draft, counted as none
    return value


def remove_draft(state_dir: Path, model_sha256: str, kind: str = "assess") -> None:
    with contextlib.suppress(OSError):
        draft_path(state_dir, model_sha256, kind).unlink()
