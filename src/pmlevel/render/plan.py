"""The development plan on screen and as Markdown."""

from __future__ import annotations

import shlex

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from pmlevel.plan import Plan, PlanItem
from pmlevel.render.assessment import basis_line, bullets
from pmlevel.render.common import Words, plain


def _feedback_commands(plan: Plan, self_file: str | None) -> list[str]:
    """The commands to send a manager and a peer, and the merge of what comes back.

    Your own result is the plan's file when there is one; otherwise the history
    is exported first, so every file the merge names exists.
    """
    subject = f" --subject {shlex.quote(plan.subject)}" if plan.subject else ""
    stem = _slug(plan.subject) if plan.subject else "me"
    commands = [
        f"pmlevel assess --rater manager{subject} -o {stem}-manager.json",
        f"pmlevel assess --rater peer{subject} -o {stem}-peer.json",
    ]
    if self_file is None:
        commands.append(f"pmlevel history{subject} --export {stem}")
        mine = f"{stem}/*.json"
    else:
        mine = shlex.quote(self_file)
    commands.append(f"pmlevel merge {mine} {stem}-manager.json {stem}-peer.json")
    return commands


def _slug(name: str) -> str:
    from pmlevel.textsafe import slug

    return slug(name)


def _item_title(w: Words, item: PlanItem) -> Text:
    title = plain(w.skill_name(item.skill), style="bold")
    title.append(f"  {item.rating} → {item.target}", style="cyan")
    if item.on_path:
        title.append(w.t("plan_on_path"), style="green")
    return title


def plan_screen(w: Words, plan: Plan, self_file: str | None = None) -> RenderableType:
    t = w.t
    parts: list[RenderableType] = []
    if plan.next_level is None:
        head = plain(t("plan_at_top", level=w.level_name(plan.level)))
    else:
        head = plain(
            t(
                "plan_heading",
                level=w.level_name(plan.level),
                next=w.level_name(plan.next_level),
                points=t.count("n_points", plan.points_to_next),
            ),
            style="bold",
        )
        head.append("\n" + t("plan_review_by", date=plan.review_by.isoformat()), style="dim")
    head.append("\n")
    head.append_text(basis_line(w, plan.basis))
    parts.append(Panel(head, title=plain(t("plan_title")), title_align="left"))
    for item in plan.items:
        body: list[RenderableType] = []
        if item.anchor:
            body.append(plain(t("plan_target_means", means=w(item.anchor)), style="dim"))
        if item.actions:
            body.append(bullets("  ☐", [w(action) for action in item.actions]))
        parts.append(Group(_item_title(w, item), *body, Text("")))
    commands = Text("\n".join(_feedback_commands(plan, self_file)), style="cyan", no_wrap=True)
    parts += [
        plain(t("plan_general_title"), style="bold"),
        bullets("  ☐", [t("plan_step_feedback")]),
        Padding(commands, (0, 0, 0, 6)),
        bullets(
            "  ☐", [t("plan_step_learn"), t("plan_step_reassess", date=plan.review_by.isoformat())]
        ),
    ]
    return Group(*parts)


def plan_markdown(w: Words, plan: Plan, self_file: str | None = None) -> str:
    from pmlevel.render.export import md

    t = w.t
    title = t("plan_title") + (f" · {plan.subject}" if plan.subject else "")
    lines = [f"# {md(title)}", ""]
    if plan.next_level is None:
        lines += [md(t("plan_at_top", level=w.level_name(plan.level))), ""]
    else:
        lines.append(
            md(
                t(
                    "plan_heading",
                    level=w.level_name(plan.level),
                    next=w.level_name(plan.next_level),
                    points=t.count("n_points", plan.points_to_next),
                )
            )
        )
        lines += ["", f"**{md(t('plan_review_by', date=plan.review_by.isoformat()))}**", ""]
    lines += [f"> {md(basis_line(w, plan.basis).plain)}", ""]
    for item in plan.items:
        flag = t("plan_on_path") if item.on_path else ""
        heading = t(
            "plan_item_heading",
            skill=w.skill_name(item.skill),
            frm=item.rating,
            to=item.target,
            flag=flag,
        )
        lines.append(f"## {md(heading)}")
        lines.append("")
        if item.anchor:
            lines += [f"> {md(t('plan_target_means', means=w(item.anchor)))}", ""]
        lines += [f"- [ ] {md(w(action))}" for action in item.actions]
        lines.append("")
    lines += [f"## {md(t('plan_general_title'))}", "", f"- [ ] {md(t('plan_step_feedback'))}", ""]
    commands = _feedback_commands(plan, self_file)
    lines += ["  ```bash", *(f"  {command}" for command in commands), "  ```", ""]
    lines.append(f"- [ ] {md(t('plan_step_learn'))}")
    lines.append(f"- [ ] {md(t('plan_step_reassess', date=plan.review_by.isoformat()))}")
    lines.append("")
    return "\n".join(lines)
