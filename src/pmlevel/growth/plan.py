"""A development plan for the gap to the next level (``pmlevel plan``).

One item per gap skill: where the person is, the rating the next level expects,
what that rating looks like for that skill (its anchor) and the growth actions for
the step (those the model keys to each rating on the way up, or its plain list).
Skills on the cheapest path come first, in the path's order, since those are the
ones that close the gap soonest. The general steps of the source article
(ask for feedback, learn, re-assess by a date) are added by the renderers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from pmlevel.assess.result import Result
from pmlevel.errors import UsageError
from pmlevel.model.ladder import LevelModel, Skill, Text
from pmlevel.store.workspace import Workspace

DEFAULT_REVIEW_DAYS = 90


@dataclass(frozen=True)
class PlanItem:
    skill: str
    rating: int
    target: int
    on_path: bool
    path_target: int | None  # the rating the cheapest path asks for (may be below target)
    anchor: Text | None
    actions: tuple[Text, ...]
    core: bool = False  # a core skill of the next level
    # Actions whose evidence is already in the person's note on the skill (marked done,
    # with that note), so a plan never asks someone who mentors two people to mentor one.
    done: tuple[Text, ...] = ()
    note: str | None = None
    evidence: int = 0  # pieces of evidence the person has for it (docs/reference.md#evidence)


@dataclass(frozen=True)
class Plan:
    basis: Result  # the assessment the plan is made from
    subject: str | None
    level: str | None
    next_level: str | None
    review_by: dt.date
    items: tuple[PlanItem, ...]
    points_to_next: int

    def to_json(self, model: LevelModel, lang: str) -> dict[str, Any]:
        """``plan --json`` (docs/reference.md#plan-json), texts in *lang* (else the default)."""
        return {
            "subject": self.subject,
            "based_on": {
                "assessed_at": self.basis.assessed_at.isoformat(),
                "rater": self.basis.rater.model_dump(mode="json"),
            },
            "level": self.level,
            "next_level": self.next_level,
            "review_by": self.review_by.isoformat(),
            "points_to_next": self.points_to_next,
            "items": [
                {
                    "skill": item.skill,
                    "rating": item.rating,
                    "target": item.target,
                    "on_path": item.on_path,
                    "path_target": item.path_target,
                    "core": item.core,
                    "target_means": model.text(item.anchor, lang),
                    "actions": [model.text(action, lang) for action in item.actions],
                    "done": [model.text(action, lang) for action in item.done],
                    "note": item.note,
                    "evidence": item.evidence,
                }
                for item in self.items
            ],
        }


def make_plan(
    model: LevelModel,
    result: Result,
    *,
    review_in_days: int = DEFAULT_REVIEW_DAYS,
    today: dt.date | None = None,
) -> Plan:
    if not 1 <= review_in_days <= 3650:
        raise UsageError("review_in_range", days=review_in_days)
    today = today or dt.date.today()
    path = {step.skill: step.to for step in result.path_to_next}
    order = list(path)
    gaps = sorted(
        result.gaps,
        key=lambda g: (g.skill not in path, order.index(g.skill) if g.skill in path else 0),
    )
    items = []
    for gap in gaps:
        try:
            skill = model.skill(gap.skill)
        except KeyError:  # a result made with another model may name other skills
            continue
        actions = _step_actions(skill, gap.rating, gap.required)
        note = result.notes.get(gap.skill)
        items.append(
            PlanItem(
                skill=gap.skill,
                rating=gap.rating,
                target=gap.required,
                on_path=gap.skill in path,
                path_target=path.get(gap.skill),
                anchor=skill.anchor(gap.required),
                actions=actions,
                core=gap.core,
                done=tuple(a for a in actions if note and already_done(a, note)),
                note=note,
            )
        )
    return Plan(
        basis=result,
        subject=result.subject,
        level=result.estimate.level,
        next_level=result.estimate.next_level,
        review_by=today + dt.timedelta(days=review_in_days),
        items=tuple(items),
        points_to_next=result.points_to_next,
    )


def plan_for(
    ws: Workspace,
    source: str | None,
    subject: str | None,
    *,
    review_in_days: int,
    track: str | None = None,
) -> tuple[Plan, str]:
    """The plan (docs/reference.md#pmlevel-plan) for *source* (a file or history id), or for the
    latest self-rating of *subject* (or of the one person the history holds) made with
    the current model, never someone else's rating of them. Its review date is recorded
    for the reminder. Returns the plan and what it was made from (a file or an id).
    With *track* (``--track``), the plan is for that track's next level."""
    from pmlevel.assess.result import rederive
    from pmlevel.assess.sources import history_id, read_source
    from pmlevel.growth.reminders import record_plan
    from pmlevel.growth.whose import latest_self_rating, pick_person
    from pmlevel.store.history import History

    model = ws.model
    track_id = model.find_track(track, ws.lang).id if track is not None else None
    if source is not None:
        _, chosen = read_source(source, ws.data_dir, model)
        entry = history_id(source)
        based_on = source if entry is None else str(entry)
    else:
        with History.open(ws.data_dir, readonly=True) as saved:
            person = pick_person(saved, subject, "plan")
            if person is None:
                raise UsageError("no_result_for_plan")
            entry_id, chosen = latest_self_rating(saved, person, model.sha256)
        based_on = str(entry_id)
        chosen = rederive(model, chosen)
    if track_id is not None:
        chosen = rederive(model, chosen, track=track_id)
    made = make_plan(model, chosen, review_in_days=review_in_days, today=ws.today())
    made = with_evidence(made, ws)
    record_plan(ws.data_dir, made.subject, made.review_by, made_on=ws.today())
    return made, based_on


def with_evidence(made: Plan, ws: Workspace) -> Plan:
    """*made* with, per gap skill, how many pieces of evidence its subject has for it."""
    import dataclasses

    from pmlevel.growth.evidence import for_skills

    found = for_skills(ws.data_dir, made.subject, [item.skill for item in made.items], latest=0)
    items = tuple(
        dataclasses.replace(item, evidence=found[item.skill].count if item.skill in found else 0)
        for item in made.items
    )
    return dataclasses.replace(made, items=items)


# Words too common to say that a note and an action are about the same thing.
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "your",
        "you",
        "their",
        "them",
        "this",
        "that",
        "from",
        "into",
        "once",
        "each",
        "every",
        "month",
        "team",
        "work",
        "more",
        "about",
        "after",
        "before",
        "then",
        "them",
        "what",
        "when",
        "where",
        "which",
        "while",
    ]
)
# Compiled where first used (re keeps them), for a note: the range of Chinese characters
# alone is 12 M instructions to compile (valgrind; bench/run.py plan).
_LATIN = r"[a-z0-9]+"
_CJK = r"[\u3400-\u9fff]+"


def _terms(text: str) -> set[str]:
    """What a text is about, roughly: each run of Chinese as its pairs of characters
    ("一对一" -> 一对, 对一), and each other word of three letters or more, lower-cased and
    without a plural or -ing/-ed ending."""
    found: set[str] = set()
    for run in re.findall(_CJK, text):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    for word in re.findall(_LATIN, text.lower()):
        for ending in ("ing", "ed", "es", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        if len(word) >= 3 and word not in _COMMON:
            found.add(word)
    return found


def already_done(action: Text, note: str) -> bool:
    """Whether *note* (a person's evidence for the skill) already shows *action* done: it
    shares three terms or more with the action, in any of its languages, and they are at
    least 30% of what the note says. Deliberately strict: an action wrongly left undone
    costs a glance, one wrongly marked done hides what to do."""
    said = _terms(note)
    if not said:
        return False
    for text in action.values():
        shared = said & _terms(text)
        if len(shared) >= 3 and len(shared) >= 0.3 * len(said):
            return True
    return False


def _step_actions(skill: Skill, rating: int, target: int) -> tuple[Text, ...]:
    """The actions for each rating from *rating* + 1 to *target*, each once."""
    seen: list[Text] = []
    for point in range(rating + 1, target + 1):
        seen += [action for action in skill.actions_for(point) if action not in seen]
    return tuple(seen)
