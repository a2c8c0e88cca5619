"""The reminder (docs/reference.md#the-reminder): once the review date of the person's latest plan
(or 90 days after their latest self-rating) has passed, commands that read the history end
with one line saying so; PMLEVEL_NO_REMINDER=1 silences it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from conftest import Invoke
from pmlevel.assess.result import Rater, build_result
from pmlevel.cli.context import Context
from pmlevel.growth.reminders import due_reviews, load_plans, reviews_due
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import History

TODAY = dt.date.today()


def save(home: Path, model: LevelModel, days_ago: int, subject: str | None, **kw: object) -> None:
    moment = dt.datetime.now().astimezone().replace(microsecond=0) - dt.timedelta(days=days_ago)
    rating = int(kw.pop("rating", 3))  # type: ignore[call-overload]
    result = build_result(
        model,
        {s.id: rating for s in model.skills},
        subject=subject,
        rater=Rater(role=str(kw.pop("role", "self"))),  # type: ignore[arg-type]
        assessed_at=moment,
    )
    with History.open(home) as history:
        history.save(result)


def test_an_old_self_rating_reminds(invoke: Invoke, home: Path, bundled: LevelModel) -> None:
    save(home, bundled, 120, "Li Lei", rating=2)
    save(home, bundled, 100, "Li Lei")
    due = (TODAY - dt.timedelta(days=10)).isoformat()
    en = invoke("--lang", "en", "history")
    assert en.exit_code == 0
    assert (
        f"Reminder: the last self-rating by Li Lei is over 90 days old (review due {due}); "
        "time to re-assess: pmlevel assess --subject 'Li Lei'"
    ) in en.stderr
    assert en.stderr.strip().splitlines()[-1].startswith("Reminder:")  # one line, at the end
    zh = invoke("--lang", "zh", "progress")
    assert zh.exit_code == 0
    assert f"提醒：Li Lei上次自评已超过 90 天（{due} 应复评）" in zh.stderr
    assert "Reminder" in invoke("--lang", "en", "report").stderr
    assert "Reminder" in invoke("--lang", "en", "report", "1").stderr
    data = invoke("history", "--json")
    json.loads(data.stdout)  # stdout stays pure JSON; the reminder is on stderr
    quiet = invoke("--lang", "en", "history", env={"PMLEVEL_NO_REMINDER": "1"})
    assert "Reminder" not in quiet.output


def test_a_recent_rating_or_a_fresh_plan_does_not_remind(
    invoke: Invoke, home: Path, bundled: LevelModel
) -> None:
    save(home, bundled, 10, None)
    assert "Reminder" not in invoke("--lang", "en", "history").output
    save(home, bundled, 100, "Han Meimei")
    assert invoke("plan", "--subject", "Han Meimei", "--review-in", "30").exit_code == 0
    assert "Reminder" not in invoke("--lang", "en", "history").output  # the plan is fresh


def test_a_plans_review_date_reminds(invoke: Invoke, home: Path, bundled: LevelModel) -> None:
    save(home, bundled, 50, None)  # "me": within 90 days, but the plan said 30
    assert invoke("plan", "--review-in", "30").exit_code == 0
    plans = json.loads((home / "plans.json").read_text(encoding="utf-8"))
    assert plans[""]["review_by"] == (TODAY + dt.timedelta(days=30)).isoformat()
    # as if the plan had been made 40 days ago, right after the assessment
    plans[""].update(
        made_on=(TODAY - dt.timedelta(days=40)).isoformat(),
        review_by=(TODAY - dt.timedelta(days=10)).isoformat(),
    )
    (home / "plans.json").write_text(json.dumps(plans), encoding="utf-8")
    en = invoke("--lang", "en", "history")
    due = (TODAY - dt.timedelta(days=10)).isoformat()
    assert f"Reminder: the review date of the plan for you, {due}, has passed" in en.stderr
    zh = invoke("--lang", "zh", "report")
    assert "提醒：你的发展计划复评日期" in zh.stderr and "pmlevel assess" in zh.stderr
    # a self-rating after the plan: the plan was acted on, the clock restarts
    save(home, bundled, 0, None)
    assert "Reminder" not in invoke("--lang", "en", "history").output


def test_several_people_due_is_still_one_line(home: Path, bundled: LevelModel) -> None:
    save(home, bundled, 100, "Li Lei")
    save(home, bundled, 200, None)
    save(home, bundled, 5, "Han Meimei")
    with History.open(home) as history:
        entries = history.entries()
    due = due_reviews(entries, load_plans(home), TODAY)
    assert [(d.subject, d.basis) for d in due] == [(None, "self"), ("Li Lei", "self")]
    only = due_reviews(entries, {}, TODAY, ["li lei"])
    assert [d.subject for d in only] == ["Li Lei"]
    from pmlevel.reports.history import reminder_line
    from pmlevel.text.i18n import Translator

    line = reminder_line(Translator("en"), due).text
    assert "\n" not in line and "you (" in line and "Li Lei (" in line


def test_the_reminder_reads_the_runs_clock_not_the_system_calendar(
    invoke: Invoke, home: Path, bundled: LevelModel
) -> None:
    save(home, bundled, 10, "Li Lei")  # ten days ago by the system calendar: not due
    assert "Reminder" not in invoke("--lang", "en", "history").stderr
    later = dt.datetime.now().astimezone() + dt.timedelta(days=120)  # a run 120 days on
    run = invoke("--lang", "en", "history", context=Context(clock=lambda: later))
    due = (TODAY + dt.timedelta(days=80)).isoformat()
    assert f"by Li Lei is over 90 days old (review due {due})" in run.stderr
    # and a plan made on that day is dated by that clock too
    assert (
        invoke("plan", "--subject", "Li Lei", context=Context(clock=lambda: later)).exit_code == 0
    )
    plans = json.loads((home / "plans.json").read_text(encoding="utf-8"))
    assert next(iter(plans.values()))["made_on"] == later.date().isoformat()


def test_many_people_due_are_named_three_then_counted(
    invoke: Invoke, home: Path, bundled: LevelModel
) -> None:
    for name in ("Ann", "Bob", "Cai", "Dan", "Eve"):
        save(home, bundled, 100, name)
    save(home, bundled, 5, "Fay")  # not due

    en = invoke("--lang", "en", "history")
    due = (TODAY - dt.timedelta(days=10)).isoformat()
    (line,) = [line for line in en.stderr.splitlines() if line.startswith("Reminder")]
    assert line.startswith(
        f"Reminder: review dates have passed for Ann ({due}), Bob ({due}), Cai ({due}) "
        "and 2 more; re-assess with pmlevel assess --subject NAME"
    )
    assert "Dan" not in line and "Fay" not in line
    zh = invoke("--lang", "zh", "history")
    assert f"Cai ({due})及另外 2 人的复评日期已过" in zh.stderr
    # three due: all three named, no count
    with History.open(home) as history:
        three = reviews_due(history, load_plans(home), TODAY, ["ann", "bob", "cai", "fay"])
    from pmlevel.reports.history import reminder_line
    from pmlevel.text.i18n import Translator

    text = reminder_line(Translator("en"), three).text
    assert "Ann (" in text and "Cai (" in text and "more" not in text
