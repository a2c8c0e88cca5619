"""One rule for who is who, the same in every command (docs/reference.md#the-same-person)."""

from __future__ import annotations

import pytest

from pmlevel.assess.people import ROLES, person_key, same_person


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Li Lei", "Li Lei "),
        ("Li Lei", "  li   lei"),
        ("Li Lei", "ＬＩ　ＬＥＩ"),  # full-width letters and an ideographic space (NFKC)
        ("Li\tLei", "li lei"),
        ("José", "Jose\u0301"),  # precomposed and combining accent
        ("李雷", " 李雷 "),
        (None, None),  # two results with no subject are both "me"
        (None, "   "),
    ],
)
def test_these_are_one_person(first: str | None, second: str | None) -> None:
    assert same_person(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("Li Lei", "Li"), ("Li Lei", "LiLei"), ("李雷", "李蕾"), (None, "Li Lei")],
)
def test_these_are_different_people(first: str | None, second: str | None) -> None:
    assert not same_person(first, second)


def test_a_blank_name_has_no_key() -> None:
    assert person_key("") is None
    assert person_key(" \t ") is None


def test_the_roles_are_the_specs() -> None:
    assert ROLES == ("self", "manager", "peer", "expert", "interviewer", "agreed")
