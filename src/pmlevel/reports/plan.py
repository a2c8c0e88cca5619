"""The development plan (``plan``) as a :class:`Document`: the screen and ``-o`` files."""

from __future__ import annotations

from pmlevel.growth.plan import Plan, PlanItem
from pmlevel.render.document import (
    Block,
    Check,
    Checklist,
    Code,
    Document,
    Fact,
    Facts,
    Note,
    Section,
    Styled,
)
from pmlevel.reports.assess import basis_text
from pmlevel.reports.words import Words
from pmlevel.text.safe import shell_quote, slug


def _feedback_commands(plan: Plan, self_file: str | None) -> list[str]:
    """The forms to send a manager and a peer, the merge of what comes back, the check-in.

    A form saves ``<subject>-<role>.json``, which ``merge`` and ``agree`` read as it
    is. Your own result is the plan's file or history id (*self_file*); without
    one, your latest self-rating is exported first, so every name the merge uses exists.
    """
    subject = f" --subject {shell_quote(plan.subject)}" if plan.subject else ""
    stem = _slug(plan.subject) if plan.subject else "me"
    # A person whose results name no one sends a form about "me": the page says it rates
    # the sender and saves no name, so what comes back merges with those results.
    about = subject or " --subject me"
    commands = [
        f"pmlevel form{about} --rater manager -o {stem}-manager.html",
        f"pmlevel form{about} --rater peer -o {stem}-peer.html",
    ]
    if self_file is None:
        commands.append(f"pmlevel history{subject} --export {stem}")
        mine = f"{stem}/*.json"
    else:
        mine = shell_quote(self_file)
    commands.append(f"pmlevel merge {mine} {stem}-manager.json {stem}-peer.json")
    commands.append(f"pmlevel agree {mine} {stem}-manager.json")
    return commands


def _slug(name: str) -> str:
    return slug(name)


def _item_heading(w: Words, item: PlanItem) -> str:
    flag = w.t("plan_on_path") if item.on_path else ""
    name = w.skill_name(item.skill)
    return w.t(
        "plan_item_heading",
        skill=f"{name} ★{w.t('tag_core')}" if item.core else name,
        frm=item.rating,
        to=item.target,
        flag=flag,
    )


def plan_document(w: Words, plan: Plan, self_file: str | None = None) -> Document:
    """The gap skills with their target and growth actions, then the article's general steps."""
    t = w.t
    if plan.next_level is None:
        lead = Fact("", Styled(t("plan_at_top", level=w.level_name(plan.level))))
        facts = [lead]
    else:
        lead = Fact(
            "",
            Styled(
                t(
                    "plan_heading",
                    level=w.level_name(plan.level),
                    next=w.level_name(plan.next_level),
                    points=t.count("n_points", plan.points_to_next),
                )
            ),
        )
        facts = [lead, Fact("", t("plan_review_by", date=plan.review_by.isoformat()))]
    blocks: list[Block] = [
        Facts(facts, title=t("plan_title"), notes=(basis_text(w, plan.basis),)),
    ]
    for item in plan.items:
        body: list[Block] = []
        count = (
            t.count("evidence_count", item.evidence) if item.evidence else t("evidence_none_yet")
        )
        body.append(Note(count))
        if item.anchor:
            body.append(Note(t("plan_target_means", means=w(item.anchor))))
        if item.actions:
            checks = []
            for action in item.actions:
                if action in item.done:  # the person's own note says it is done
                    seen = Styled(t("plan_action_done", note=item.note or ""), "muted")
                    checks.append(Check((w(action), seen), done=True))
                else:
                    checks.append(Check(w(action)))
            body.append(Checklist(checks))
        blocks.append(Section(_item_heading(w, item), body))
    commands = Code("\n".join(_feedback_commands(plan, self_file)))
    general = Checklist(
        [
            Check(t("plan_step_feedback"), detail=commands),
            Check(t("plan_step_learn")),
            Check(t("plan_step_reassess", date=plan.review_by.isoformat())),
        ]
    )
    blocks.append(Section(t("plan_general_title"), (general,)))
    title = t("plan_title") + (f" · {plan.subject}" if plan.subject else "")
    return Document(title=title, lang=w.lang, blocks=blocks)
