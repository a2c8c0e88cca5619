"""Who is who: the identity rule for subjects and raters, and the rater roles (SPEC §5).

One definition, used by the history, ``progress``, ``plan``, ``merge``, ``team``,
``agree`` and ``case`` alike: two names are the same person when they are equal
after Unicode NFKC, trimming, collapsing runs of white space to one space, and
case folding. ``"Li Lei "``, ``"li  lei"`` and ``"ＬＩ ＬＥＩ"`` are one person;
``"Li"`` is not. A missing or blank name has no key (``None``).
"""

from __future__ import annotations

from typing import Final, Literal

from pmlevel.text.shape import fold

Role = Literal["self", "manager", "peer", "expert", "interviewer", "agreed"]
ROLES: Final[tuple[Role, ...]] = ("self", "manager", "peer", "expert", "interviewer", "agreed")
# The roles a rater takes with ``--rater`` (``agreed`` is the outcome of ``agree`` only).
RATER_ROLES: Final[tuple[Role, ...]] = tuple(role for role in ROLES if role != "agreed")
# The roles that count as "others" in merge and case: everyone but the person and
# the agreed outcome of a check-in, which is shown on its own row.
OTHER_ROLES: Final[frozenset[str]] = frozenset({"manager", "peer", "expert", "interviewer"})
# The roles that rate a candidate on what one conversation showed (an interviewer; a
# promotion panel member, SPEC §7.6, where the model of roles has one): their results are
# read against the level the kit was made for (assess/verdict.py) and kept apart from the
# people one develops (growth/whose.py, history).
HIRING_ROLES: Final[frozenset[str]] = frozenset({"interviewer", "panel"})


def person_key(name: str | None) -> str | None:
    """The form in which two names are compared; ``None`` for no name at all."""
    if name is None:
        return None
    return " ".join(fold(name).split()) or None


def same_person(first: str | None, second: str | None) -> bool:
    """Whether two names denote one person (two missing names do: both are "me")."""
    return person_key(first) == person_key(second)
