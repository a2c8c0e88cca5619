"""One rule for who is who, the same in every command (docs/reference.md#the-same-person)."""

from __future__ import annotations

import pytest

from pmlevel.assess.people import (
    ROLES,
    differing_characters,
    look_alike,
    look_alikes,
    person_key,
    same_person,
    skeleton,
)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Li Lei", "Li Lei "),
        ("Li Lei", "  li   lei"),
        ("Li Lei", "ＬＩ　ＬＥＩ"),  # full-width letters and an ideographic space (NFKC)
        ("Li\tLei", "li lei"),
        ("José", "Jose\u0301"),  # precomposed and combining accent
        ("李雷", " 李雷 "),
        ("Li Lei", "Li Lei\ufe0f"),  # a variation selector draws no other name
        ("李雷", "李\U000e0100雷"),  # an ideographic variation selector
        ("Li Lei", "Li\u200b Lei"),  # a zero-width space
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
    assert ROLES == ("self", "manager", "peer", "expert", "interviewer", "panel", "agreed")


# -- look-alikes  --------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Li Lei", "L\u0456 Lei"),  # Cyrillic і
        ("Han Meimei", "H\u0430n Meimei"),  # Cyrillic а
        ("Omar", "\u039fmar"),  # Greek capital omicron
        ("O'Brien", "O\u2019Brien"),  # a typographic apostrophe
        ("Li Lei", "L\u0131 Lei"),  # dotless ı
    ],
)
def test_different_people_who_look_alike_are_found(first: str, second: str) -> None:
    assert not same_person(first, second)
    assert look_alike(first, second) and skeleton(first) == skeleton(second)
    (group,) = look_alikes([first, "Zhang Wei", second])
    assert set(group.names) == {first, second}


def test_the_differing_code_points_are_named() -> None:
    assert differing_characters("Li Lei", "L\u0456 Lei") == (
        "U+0069 LATIN SMALL LETTER I ≠ U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"
    )
    # case is not a difference of person, so it is not listed
    assert differing_characters("LI LEI", "L\u0456 lei") == (
        "U+0069 LATIN SMALL LETTER I ≠ U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [("Li Lei", "Li Lei "), ("Li Lei", "Li Lei\ufe0f"), ("Li Lei", "Han Meimei"), ("李雷", "李蕾")],
)
def test_one_person_or_plainly_different_names_are_no_look_alike(first: str, second: str) -> None:
    assert not look_alike(first, second)
    assert look_alikes([first, second, None]) == []
