"""What a line typed at a question means: the rating, the note as typed, the commands."""

from __future__ import annotations

import pytest

from pmlevel.assess.questionnaire import parse_reply


@pytest.mark.parametrize(
    ("typed", "rating", "note"),
    [
        ("3", 3, None),
        ("３", 3, None),  # full-width digit
        ("3 ran the Q3 funnel analysis", 3, "ran the Q3 funnel analysis"),
        ("3做过漏斗分析", 3, "做过漏斗分析"),  # Chinese users rarely type the space
        ("3，做过漏斗分析", 3, "做过漏斗分析"),
        ("３：做过漏斗分析", 3, "做过漏斗分析"),
        ("2 同意，需要多做访谈（下周）", 2, "同意，需要多做访谈（下周）"),  # punctuation kept
    ],
)
def test_a_rating_and_its_note(typed: str, rating: int, note: str | None) -> None:
    reply = parse_reply(typed, 1, 5, has_answer=False)
    assert (reply.kind, reply.rating, reply.note) == ("rating", rating, note)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("3.5", "reply_not_number"), ("3,5", "reply_not_number"), ("abc", "reply_not_number"),
     ("35", "reply_off_scale"), ("0 x", "reply_off_scale"), ("", "reply_empty")],
)  # fmt: skip
def test_what_is_not_a_rating(typed: str, reason: str) -> None:
    reply = parse_reply(typed, 1, 5, has_answer=False)
    assert (reply.kind, reply.reason) == ("invalid", reason)


def test_a_scale_below_zero_takes_signed_ratings() -> None:
    assert parse_reply("-1 rarely", -2, 2, has_answer=False).rating == -1
    assert parse_reply("－２", -2, 2, has_answer=False).rating == -2


@pytest.mark.parametrize(("typed", "kind"), [("b", "back"), ("？", "help"), ("退出", "quit")])
def test_commands(typed: str, kind: str) -> None:
    assert parse_reply(typed, 1, 5, has_answer=True).kind == kind
    assert parse_reply("", 1, 5, has_answer=True).kind == "keep"
