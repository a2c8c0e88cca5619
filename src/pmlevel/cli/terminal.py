"""Run the assessment questions on a terminal: show, read, save after every answer.

The decisions live in ``assess/questionnaire.py``; this module is the loop around it.
Questions go to stderr so that ``assess --json > result.json`` keeps stdout pure.
Ctrl-C raises KeyboardInterrupt out of here; every answer is already in the
draft by then, so the caller only has to say how to resume. End of input (a
closed stdin, Ctrl-D) is treated the same way, never as a reason to ask again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console, RenderableType

from pmlevel.assess.checks import MAX_NOTE_CHARS
from pmlevel.assess.drafts import Draft, save_draft
from pmlevel.assess.questionnaire import Questionnaire, parse_reply
from pmlevel.cli.question_screen import help_panel, intro, prompt_text, question_panel
from pmlevel.model.ladder import Skill
from pmlevel.render.rich_text import plain
from pmlevel.reports.words import Words


class InputEnded(KeyboardInterrupt):
    """stdin closed during the questions: handled like an interrupt, answers kept."""


def ask_all(
    console: Console,
    w: Words,
    draft: Draft,
    state_dir: Path,
    read_line: Callable[[], str] = input,
    *,
    only: Sequence[str] | None = None,
    beside: Callable[[Skill], RenderableType] | None = None,
    opening: RenderableType | None = None,
    help_text: RenderableType | None = None,
) -> Draft:
    """Ask every unanswered skill (of *only*, when given); return the completed draft.

    ``agree`` passes *beside* (each rater's rating and note, shown under the
    question), its own *opening* and its own *help_text* (``?``); everything else
    is the same session.
    """
    q = Questionnaire(w.model, dict(draft.ratings), dict(draft.notes), only=only)
    console.print(opening if opening is not None else intro(w, q.total, q.answered, draft))
    low, high = w.model.scale.min, w.model.scale.max
    while not q.done:
        skill = q.current
        current = q.ratings.get(skill.id)
        console.print()
        console.print(question_panel(w, skill, q.position + 1, q.total, current))
        if beside is not None:
            console.print(beside(skill))
        while True:
            console.print(prompt_text(w, current), end="")
            try:
                line = read_line()
            except EOFError:
                raise InputEnded from None
            reply = parse_reply(line, low, high, has_answer=current is not None)
            if reply.kind == "invalid":
                message = w.t(reply.reason, low=low, high=high, limit=MAX_NOTE_CHARS)
                console.print(plain(message, style="red"))
                continue
            if reply.kind == "help":
                console.print(help_text if help_text is not None else help_panel(w))
                continue
            if reply.kind == "quit":
                raise KeyboardInterrupt
            if reply.kind == "back" and not q.back():
                console.print(plain(w.t("at_first_question"), style="yellow"))
                continue
            break
        if reply.kind == "rating" and reply.rating is not None:
            q.answer(reply.rating, reply.note)
        elif reply.kind == "keep":
            q.keep()
        draft.ratings = dict(q.ratings)
        draft.notes = dict(q.notes)
        save_draft(state_dir, draft)
    return draft
