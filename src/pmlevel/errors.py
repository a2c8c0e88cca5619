"""Exceptions the core raises; the CLI edge turns them into messages and exit codes.

Core code never prints or exits. A problem with user input is a value carrying
what the user needs to fix it: the file, the line and column, the path of the
offending value, and a message id with its parameters (looked up in the message
catalogue in the user's language at the edge).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    source: str
    message: str  # message id in the catalogue
    params: dict[str, Any] = field(default_factory=dict)
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
