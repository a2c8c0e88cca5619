"""An interview kit for hiring at one level (``pmlevel interview LEVEL``), and the
scorecard an interviewer fills in.

For each core skill of the level (every expected skill with ``everything``; every
expected skill too when the level names no core skills, as a v1 model does): the
model's questions on it, what a good answer at the expected point shows (the
skill's anchor there) and what falls short (the anchor one point below; nothing
when the expected point is the bottom of the scale).

The scorecard is an answers file (docs/reference.md#answers-files) for one interviewer: rater role
``interviewer``, the candidate as subject, **every** skill id of the model with an
empty rating and the anchors as comments: the kit's skills first, to rate, then the
others, marked optional. An interview shows only some skills, so a skill left empty
is *could not observe*, the rule for every rater but the person (docs/reference.md#the-estimate,
``answers.check_answers``): it is left out of the result's ratings, never made up.
The estimate counts it at the lowest rating and every report says so by name
(``assess``/``report``: "Could not observe"; ``merge``: the skills no one observed;
each skill's others' mean is over the interviewers who rated it). A scorecard with
nothing rated is not filled in yet: ``assess --answers`` refuses it, naming each
skill. A missing skill id is still an error (docs/reference.md#files). The filled-in results of
several interviewers then go through ``merge``, where interviewers are "others" and
there is no self.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmlevel.company.jd import expected_core_first
from pmlevel.errors import UsageError
from pmlevel.model.ladder import LevelModel, Text
from pmlevel.store.atomic import write_atomic
from pmlevel.text.i18n import Translator
from pmlevel.text.safe import clean_line


@dataclass(frozen=True, slots=True)
class KitSkill:
    skill: str
    expected: int
    core: bool
    questions: tuple[Text, ...]
    good: Text | None  # the anchor at the expected point
    short: Text | None  # the anchor one point below; None at the bottom of the scale


@dataclass(frozen=True, slots=True)
class Kit:
    level: str
    skills: tuple[KitSkill, ...]
    everything: bool  # every expected skill, not only the core ones
    no_core: bool  # the level names no core skills, so the kit covers every expected one

    def to_json(self, model: LevelModel, lang: str) -> dict[str, Any]:
        """``interview --json`` (docs/reference.md#interview-json), texts in *lang*."""
        return {
            "level": self.level,
            "track": model.level(self.level).track,  # (v3) None: shared, or no tracks
            "skills": [
                {
                    "skill": s.skill,
                    "name": model.text(model.skill(s.skill).name, lang),
                    "expected": s.expected,
                    "core": s.core,
                    "questions": [model.text(q, lang) for q in s.questions],
                    "good": model.text(s.good, lang) or None,
                    "short": model.text(s.short, lang) or None,
                }
                for s in self.skills
            ],
        }


def interview_kit(model: LevelModel, level_id: str, *, everything: bool = False) -> Kit:
    """The kit for hiring at *level_id*: its core skills, or every expected one."""
    level = model.level(level_id)
    expected = expected_core_first(level)
    no_core = not level.core
    chosen = expected if everything or no_core else tuple(e for e in expected if e.core)
    low = model.scale.min
    skills = []
    for item in chosen:
        skill = model.skill(item.skill)
        skills.append(
            KitSkill(
                skill=item.skill,
                expected=item.expected,
                core=item.core,
                questions=skill.questions,
                good=skill.anchor(item.expected),
                short=skill.anchor(item.expected - 1) if item.expected > low else None,
            )
        )
    return Kit(level.id, tuple(skills), everything, no_core)


def scorecard_labels(model: LevelModel, kit: Kit, t: Translator) -> dict[str, str]:
    """The UI's words for a scorecard's comments, in *t*'s language."""
    level_name = model.text(model.level(kit.level).name, t.lang)
    return {
        "title": t("scorecard_title", level=level_name, model=model.text(model.name, t.lang)),
        "how": t("scorecard_how", min=model.scale.min, max=model.scale.max, level=level_name),
        "expected": t("scorecard_expected"),
        "core": t("kit_core"),
        "not_in_kit": t("scorecard_not_in_kit"),
        "note": t("scorecard_note"),
        "level": t("scorecard_level", level=level_name),
    }


def scorecard_yaml(
    model: LevelModel,
    kit: Kit,
    lang: str,
    labels: dict[str, str],
    *,
    subject: str | None = None,
    interviewer: str | None = None,
    role: str = "interviewer",
) -> str:
    """The scorecard for *kit* as YAML text, comments in *lang*; *role* is the rater's
    (``interviewer``, or ``panel`` for a promotion panel member).

    Each skill is a ``{rating, note}`` pair, the note field right under its rating, and
    ``level`` says which level the kit was made for, so that the result is read against
    it (assess/verdict.py).

    *labels* are the UI's words for the comments (:func:`scorecard_labels`: ``title``,
    ``how``, ``expected``, ``core``, ``not_in_kit``, ``note``, ``level``); model text
    goes into comments only, one comment line per line of text, so nothing in it
    can become YAML. The subject and name are made one clean line (no controls, no
    line breaks) and written as JSON strings, which YAML reads back unchanged.
    """
    lines = [*_comment(labels["title"]), *_comment(labels["how"]), *_comment(labels["note"])]
    lines.append("")
    lines.append(f"subject: {json.dumps(clean_line(subject or ''), ensure_ascii=False)}")
    name = json.dumps(clean_line(interviewer or ""), ensure_ascii=False)
    lines.append(f"rater: {{role: {role}, name: {name}}}")
    lines.append(f"level: {kit.level}  # " + labels["level"])
    lines.append("")
    lines.append("ratings:")
    in_kit = {s.skill: s for s in kit.skills}
    level = model.level(kit.level)
    order = [s.skill for s in kit.skills] + [s.id for s in model.skills if s.id not in in_kit]
    for position, skill_id in enumerate(order):
        skill = model.skill(skill_id)
        if position == len(kit.skills):
            lines += ["", *_comment(labels["not_in_kit"], indent="  ")]
        heading = f"{model.text(skill.name, lang)} ({skill_id})"
        expected = level.expectations.get(skill_id)
        if expected is not None:
            heading += " · " + labels["expected"].format(rating=expected)
            if level.is_core(skill_id):
                heading += " · " + labels["core"]
        lines += ["", *_comment(heading, indent="  ")]
        for point in model.scale.points:
            mark = "→" if point == expected else " "
            text = model.text(skill.anchor(point), lang)
            lines += _comment(f"{mark} {point}: {text}", indent="  ")
        # The note field right under the rating it is the evidence for.
        lines += [f"  {skill_id}:", "    rating:", '    note: ""']
    return "\n".join(lines) + "\n"


SCORECARD_SUFFIXES = (".yaml", ".yml")


def check_scorecard_path(path: Path) -> None:
    """Refuse a scorecard path before any work: a YAML file that does not exist yet (an
    existing one may hold an interviewer's ratings, so it is never written over)."""
    if path.suffix.lower() not in SCORECARD_SUFFIXES:
        raise UsageError(
            "export_unknown_suffix", path=str(path), formats=", ".join(SCORECARD_SUFFIXES)
        )
    if path.exists():
        raise UsageError("scorecard_exists", path=str(path))


def write_scorecard(
    path: Path,
    model: LevelModel,
    kit: Kit,
    t: Translator,
    *,
    subject: str | None = None,
    interviewer: str | None = None,
    role: str = "interviewer",
) -> None:
    """Write the scorecard of *kit* in *t*'s language, atomically, never over a file;
    *role* is ``interviewer`` or ``panel`` (docs/reference.md#the-promotion-defence)."""
    check_scorecard_path(path)
    labels = scorecard_labels(model, kit, t)
    text = scorecard_yaml(
        model, kit, t.lang, labels, subject=subject, interviewer=interviewer, role=role
    )
    write_atomic(path, text)


def _comment(text: str, indent: str = "") -> list[str]:
    # splitlines() also breaks at \x85, \u2028 and \u2029, which YAML counts as line
    # breaks: a model text with one cannot end the comment and start a key.
    return [f"{indent}# {line}".rstrip() for line in (text.splitlines() or [""])]
