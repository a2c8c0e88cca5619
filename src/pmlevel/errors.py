"""Exceptions the core raises; the CLI edge turns them into messages and exit codes.

Core code never prints or exits. A problem with user input is a value carrying
what the user needs to fix it: the file, the line and column, the path of the
offending value, and a message id with its parameters (looked up in the message
catalogue in the user's language at the edge).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple


class Problem(NamedTuple):
    """One thing wrong with an input file, located as precisely as we can.

    A named tuple rather than a dataclass: this module is imported by every
    command, and a dataclass costs about a millisecond to define.
    """

    source: str
    message: str  # message id in the catalogue
    params: Mapping[str, Any] = MappingProxyType({})  # read-only: the default is shared
    path: str = ""  # e.g. "levels[2].expectations.strategy"
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based


class PmlevelError(Exception):
    """Base class of every error the CLI reports as bad usage or bad input (exit 2)."""

    exit_code = 2


class InputError(PmlevelError):
    """One or more problems with an input file, all reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in {problems[0].source if problems else '?'}")
        self.problems = problems


class UsageError(PmlevelError):
    """A bad argument or option value, such as an unknown level."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params
