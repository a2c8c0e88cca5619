"""How one person moved between two assessments (``pmlevel progress``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmlevel.assess.people import person_key
from pmlevel.errors import UsageError
from pmlevel.growth.whose import pick_person
from pmlevel.store.history import HistoryError

if TYPE_CHECKING:
    from pmlevel.assess.result import Result
    from pmlevel.store.history import History


@dataclass(frozen=True)
class SkillMove:
    skill: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Progress:
    subject: str | None
    before: Result
    after: Result
    skills: tuple[SkillMove, ...]

    @property
    def same_model(self) -> bool:
        return self.before.model.sha256 == self.after.model.sha256

    def to_json(self) -> dict[str, Any]:
        """``progress --json`` (docs/reference.md#progress-json)."""

        def point(result: Result) -> dict[str, Any]:
            return {
                "assessed_at": result.assessed_at.isoformat(),
                "level": result.estimate.level,
                "readiness": result.estimate.readiness,
                "rater": result.rater.model_dump(mode="json"),
                "model": {"name": result.model.name, "sha256": result.model.sha256},
            }

        return {
            "subject": self.subject,
            "from": point(self.before),
            "to": point(self.after),
            "same_model": self.same_model,
            "skills": [
                {"skill": m.skill, "from": m.before, "to": m.after, "delta": m.delta}
                for m in self.skills
            ],
        }


def compare(before: Result, after: Result) -> Progress:
    """Every skill of either result, in the later result's order, with its move."""
    order = list(after.ratings) + [s for s in before.ratings if s not in after.ratings]
    moves = tuple(
        SkillMove(skill, before.ratings.get(skill), after.ratings.get(skill)) for skill in order
    )
    return Progress(after.subject or before.subject, before, after, moves)


def pick_pair(
    history: History,
    subject: str | None,
    chosen: Sequence[int] = (),
    model_sha256: str | None = None,
) -> tuple[Result, Result]:
    """The two results to compare: the two entries *chosen*, else the person's two latest
    by the same rater (their own self-ratings when there are any).

    The person is ``--subject`` or the one person the history holds (see
    :func:`pmlevel.growth.whose.pick_person`); by default a self-rating is never
    compared with a manager's: that would show a difference of opinion as growth.
    With *model_sha256*, only results made with that model (the current one) are
    picked: results of another model are never compared with it.
    """
    if len(chosen) not in (0, 2):
        raise UsageError("progress_needs_pair")
    if chosen:
        first, second = chosen
        # Earlier first; entries saved within the same second keep their numbering.
        ordered = sorted((history.get(n).assessed_at, n) for n in (first, second))
        return history.get(ordered[0][1]), history.get(ordered[1][1])
    person = pick_person(history, subject, "progress")
    entries = history.entries(person.filter) if person is not None else []
    other = 0  # the person's results made with another model: never compared
    if model_sha256 is not None:
        mine = [entry for entry in entries if entry.model_sha256 == model_sha256]
        other, entries = len(entries) - len(mine), mine
    if entries:

        def rater(entry: Any) -> tuple[str, str | None]:
            return entry.rater_role, person_key(entry.rater_name)

        selves = [entry for entry in entries if entry.rater_role == "self"]
        chosen_rater = rater(selves[-1] if selves else entries[-1])
        entries = [entry for entry in entries if rater(entry) == chosen_rater]

    latest: list[Result] = []
    for entry in reversed(entries):
        try:
            latest.append(history.get(entry.id))
        except HistoryError:
            continue  # a damaged row: skipped, and named from history.damaged
        if len(latest) == 2:
            return latest[1], latest[0]
    if other and model_sha256 is not None:  # results, but not enough of this model
        model = model_sha256[:8]
        if person is None or person.key is None:
            raise UsageError("progress_needs_two_model_me", model=model, other=other)
        raise UsageError("progress_needs_two_model", subject=person.shown, model=model, other=other)
    if person is None or person.key is None:  # the results that name no one: "you"
        raise UsageError("progress_needs_two_me")
    raise UsageError("progress_needs_two", subject=person.shown)
