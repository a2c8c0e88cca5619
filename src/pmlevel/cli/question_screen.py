"""What the interactive assessment shows: one skill with the whole scale, and the help."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pmlevel.assess.drafts import Draft
from pmlevel.model.ladder import Skill
from pmlevel.render.rich_text import plain
from pmlevel.reports.words import Words
from pmlevel.store.history import SkillEvidence


def question_panel(
    w: Words, skill: Skill, number: int, total: int, current: int | None
) -> RenderableType:
    """Skill *number* of *total*: its name, description and every anchor of the scale."""
    title = Text(f"{number}/{total}", style="bold cyan")
    if skill.category:
        title.append(f" · {w(skill.category)}", style="cyan")
    body: list[RenderableType] = [plain(w(skill.name), style="bold")]
    if skill.description:
        body.append(plain(w(skill.description), style="dim"))
    body.append(Text(""))
    scale = Table.grid(padding=(0, 1))
    scale.add_column(justify="right", no_wrap=True)
    scale.add_column(overflow="fold")
    for point, anchor in skill.anchors.items():  # the skill's own, else the scale's
        marker = Text(f"▶{point}" if point == current else f" {point}", style="bold")
        text = plain(w(anchor))
        if point == current:
            marker.stylize("green")
            text.stylize("green")
        scale.add_row(marker, text)
    body.append(scale)
    return Panel(Group(*body), title=title, title_align="left", border_style="cyan")


def prompt_text(w: Words, current: int | None) -> Text:
    t = w.t
    low, high = w.model.scale.min, w.model.scale.max
    key = "prompt_keep" if current is not None else "prompt"
    # A plain Text: the prompt is printed with end="", which only Text honours.
    return Text(t(key, low=low, high=high, current=current) + " ", style="bold")


def help_panel(w: Words) -> RenderableType:
    t = w.t
    low, high = w.model.scale.min, w.model.scale.max
    return Panel(
        plain(t("assess_help", low=low, high=high)),
        title=plain(t("assess_help_title")),
        title_align="left",
    )


def intro(w: Words, total: int, answered: int, draft: Draft) -> RenderableType:
    """What is about to happen: rating yourself, or rating someone else."""
    t = w.t
    model = w(w.model.name)
    if draft.rater_role == "self":
        text = plain(t("assess_intro", total=total, model=model))
    else:
        subject = draft.subject or t("this_person")
        text = plain(t("assess_intro_other", total=total, model=model, subject=subject))
    if answered:
        text.append("\n" + t("assess_resuming", answered=answered, total=total), style="green")
    text.append("\n" + t("assess_intro_keys"), style="dim")
    return text


def evidence_beside(w: Words, found: SkillEvidence | None) -> RenderableType:
    """Under a skill's question: how many pieces of evidence the person has for it, and
    the latest three (docs/reference.md#evidence), each verified or self-reported."""
    from pmlevel.render.document import plain_text
    from pmlevel.reports.evidence import piece_line, skill_evidence_line

    text = plain(skill_evidence_line(w, found), style="cyan")
    for piece in () if found is None else found.latest:
        text.append("\n  · ")
        text.append(plain(plain_text(piece_line(w, piece))))
    return text
