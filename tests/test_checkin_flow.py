"""The README's "Growing" steps, top to bottom, by one person with a manager and a peer
(docs/reference.md#whose-results): the subject's own plan, a form for the manager, a merge, the
check-in's agreed result, progress, and a team view placed by the agreed result."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import Invoke
from pmlevel.model.loader import load_model

MODEL = load_model()
SKILLS = [s.id for s in MODEL.skills]
README = Path(__file__).resolve().parents[1] / "README.md"

# Li Lei rates herself 3 everywhere; her manager sees documentation and data lower and
# leadership higher; a peer is generous; at the check-in they settle in between.
SELF = dict.fromkeys(SKILLS, 3)
MANAGER = {**SELF, "documentation": 2, "data-analysis": 2, "leadership": 4}
PEER = dict.fromkeys(SKILLS, 4)
AGREED = {"documentation": 3, "data-analysis": 3, "leadership": 4}
LATER = {**SELF, "project-management": 4, "communication": 4, "cross-functional-collaboration": 4}


def growing_steps() -> list[str]:
    """The commands of the README's Growing section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Growing", 1)[1].split("\n## ", 1)[0]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def manager_by_form(invoke: Invoke, tmp_path: Path, lang: str) -> Path:
    """The manager fills the form in Chromium when there is one; else writes the same file."""
    form = tmp_path / "li-lei-form.html"
    made = invoke(
        "--lang", lang, "form", "--subject", "Li Lei", "--rater", "manager", "-o", str(form)
    )
    assert made.exit_code == 0, made.output
    saved = tmp_path / "li-lei-manager.json"
    try:
        from browser import shared_form_page

        page: Any = shared_form_page()  # the form keeps nothing past the document
    except pytest.skip.Exception:
        answers = {"ratings": MANAGER, "subject": "Li Lei", "rater": {"role": "manager"}}
        saved.write_text(json.dumps(answers), encoding="utf-8")
        return saved
    page.goto(form.as_uri())
    for skill, rating in MANAGER.items():
        page.locator(f"#r-{skill}-{rating}").check()
    page.locator("#note-documentation").fill("the checkout PRD needed two rewrites")
    page.locator("#rater-name").fill("Han")
    with page.expect_download() as download:
        page.locator("#save").click()
    download.value.save_as(saved)
    return saved


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_growing_steps_with_a_manager_and_a_peer(
    invoke: Invoke, tmp_path: Path, lang: str
) -> None:
    steps = growing_steps()
    for command in ("assess", "plan", "form", "merge", "agree", "progress", "team"):
        assert any(step.startswith(f"pmlevel {command}") for step in steps), command

    def run(*args: str, code: int = 0) -> Any:
        result = invoke("--lang", lang, *args)
        assert result.exit_code == code, result.output
        return result

    def answers(name: str, ratings: dict[str, int], **extra: Any) -> str:
        path = tmp_path / name
        path.write_text(json.dumps({"ratings": ratings, **extra}), encoding="utf-8")
        return str(path)

    # 1. know where you stand
    first = run("assess", "--subject", "Li Lei", "--answers", answers("self.json", SELF))
    saved = {"en": "Saved as #1 · next: pmlevel plan", "zh": "已保存为 #1 · 下一步：pmlevel plan"}
    assert saved[lang] in first.stderr
    headline = {"en": r"\d+ points? from Senior Product Manager", "zh": r"差 \d+ 分到高级产品经理"}
    assert re.search(headline[lang], first.stdout)

    # 2. a plan from your own rating
    plan = run("plan", "-o", str(tmp_path / "plan.md"))
    assert plan.stdout == ""  # with -o the screen shows only what was written
    plan = run("plan")
    assert (tmp_path / "plan.md").exists()

    # 3. feedback: the manager in a browser, a peer with the CLI
    manager_file = manager_by_form(invoke, tmp_path, lang)
    assert manager_file.name in plan.stdout  # the plan names the file the form saves
    # merge reads the form's file as it is (--no-save: not recorded, so that assess saves it)
    direct = json.loads(run("merge", "1", str(manager_file), "--no-save", "--json").stdout)
    assert [r["role"] for r in direct["raters"]] == ["self", "manager"]
    by_manager = run("assess", "--answers", str(manager_file))
    assert "pmlevel merge 1 2" in by_manager.stderr
    peer = ("--rater", "peer", "--rater-name", "Jim", "--subject", "Li Lei")
    run("assess", *peer, "--answers", answers("peer.json", PEER))
    # the plan is still made from her own rating, not from the peer's
    plan = run("plan", "--json")
    assert json.loads(plan.stdout)["based_on"]["rater"]["role"] == "self"

    # 4. where you see it differently
    merged = json.loads(run("merge", "1", "2", "3", "--json").stdout)
    assert [r["role"] for r in merged["raters"]] == ["self", "manager", "peer"]
    rows = {row["skill"]: row for row in merged["skills"]}
    assert [r["rating"] for r in rows["documentation"]["ratings"]] == [3, 2, 4]
    screen = run("merge", "1", "2", "3").stdout
    assert {"en": "Others' estimate", "zh": "他人"}[lang] in screen

    # 5. the check-in: only where self and manager differ
    settled = answers("agreed.yaml", AGREED)
    agreed = run("agree", "1", "2", "--answers", settled, "--json")
    result = json.loads(agreed.stdout)
    assert result["rater"]["role"] == "agreed"
    assert {s: result["ratings"][s] for s in AGREED} == AGREED
    assert re.search(r"#4 · (next|下一步)", agreed.stderr)
    shown = json.loads(run("merge", "1", "2", "4", "--json").stdout)
    assert {row["skill"]: row["agreed"] for row in shown["skills"]}["documentation"] == 3

    # 6. three months later: re-assess, and what moved
    run("assess", "--subject", "Li Lei", "--answers", answers("later.json", LATER))
    moved = json.loads(run("progress", "--json").stdout)
    assert moved["from"]["rater"]["role"] == moved["to"]["rater"]["role"] == "self"
    assert (moved["from"]["level"], moved["to"]["level"]) == ("mid", "senior")
    progress = run("progress").stdout
    assert {"en": "Mid-level Product Manager → Senior", "zh": "中级产品经理 → 高级"}[lang] in (
        progress.replace("\n", " ")
    )

    # 7. a lead: the team, each person placed by the agreed result
    folder = tmp_path / "results"
    run("history", "--export", str(folder))
    team = json.loads(run("team", str(folder), "--within", "2", "--json").stdout)
    (member,) = team["members"]
    assert member["subject"] == "Li Lei" and member["based_on"] == "agreed"
    assert member["level"] == "mid"
    screen = run("team", str(folder)).stdout
    assert {"en": "Mid-level Product Manager", "zh": "中级产品经理"}[lang] in screen
    assert {"en": "agreed", "zh": "共识"}[lang] in screen
