"""Pointers in the code lead somewhere a reader can follow.

The contract lives in the repository, in ``docs/reference.md``. A comment or docstring
points at one of its sections (``docs/reference.md#the-estimate``) or states the rule in
a few words; it never cites a section of a document outside the repository or a number
in an issue tracker, which mean nothing to someone reading the code. And every such
pointer, anywhere in the repository, names a heading of that page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference.md"
CODE_DIRS = ("src", "tests", "bench", "fuzz")

# Folders that hold no one's writing: environments, caches, build output, and what the
# fuzzer and the benchmarks generate (all in .gitignore).
SKIP_NAMES = {
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "build",
    "dist",
    "node_modules",
}
SKIP_PREFIXES = (".venv", ".ci-venv")
SKIP_PATHS = {Path("fuzz/crashes"), Path("fuzz/work"), Path("bench/out")}

# What a pointer out of the repository looks like. Each pattern is written so that it
# does not match its own source text (the class [P], the escapes), so this file is
# checked like any other.
FORBIDDEN = (
    (re.compile(r"\bS[P]EC\b"), "the spec outside the repository"),
    (re.compile(r"\u00a7\s*\d"), "a section number (§N) of the spec"),
    (re.compile(r"\bissues?\s*#?\d", re.IGNORECASE), "an issue number"),
)

# A pointer: the page's path, '#' and an anchor, anywhere; from docs/ the page's name and
# the anchor; inside the page the anchor alone.
POINTER = re.compile(r"docs/reference\.md#([\w-]+)")
SIBLING = re.compile(r"\]\(reference\.md#([\w-]+)\)")
INTERNAL = re.compile(r"\]\(#([\w-]+)\)")

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def skipped(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    return any(
        part in SKIP_NAMES or part.endswith(".egg-info") or part.startswith(SKIP_PREFIXES)
        for part in relative.parts
    ) or any(relative.is_relative_to(p) for p in SKIP_PATHS)


def text_files(top: Path) -> Iterator[tuple[Path, str]]:
    """Every text file below *top* (UTF-8, no NUL byte), with its text."""
    for path in sorted(top.rglob("*")):
        if not path.is_file() or skipped(path):
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            yield path, data.decode("utf-8")
        except UnicodeDecodeError:
            continue


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation and symbols
    dropped (letters, digits, marks, ``-`` and ``_`` kept), each space a hyphen."""
    kept = "".join(
        c
        for c in heading.strip().lower()
        if c.isalnum() or c in "-_ " or unicodedata.category(c).startswith("M")
    )
    return kept.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """The anchors of every heading outside code blocks; a repeated one gets ``-1``, ``-2``…"""
    found: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def test_slug_follows_github() -> None:
    assert slug("The model file") == "the-model-file"
    assert slug("pmlevel assess") == "pmlevel-assess"
    assert slug("`--json` & more") == "--json--more"
    assert slug("Who is who?") == "who-is-who"
    assert anchors("# A\n## A\n```\n## A\n```\n### B\n") == {"a", "a-1", "b"}


@pytest.mark.parametrize("top", CODE_DIRS)
def test_code_points_into_the_repository_not_outside_it(top: str) -> None:
    offences = [
        f"{path.relative_to(ROOT)}:{line_of(text, match.start())}: {what}: "
        f"{text.splitlines()[line_of(text, match.start()) - 1].strip()}"
        for path, text in text_files(ROOT / top)
        for pattern, what in FORBIDDEN
        for match in pattern.finditer(text)
    ]
    assert not offences, (
        "point at a section of docs/reference.md (docs/reference.md#the-estimate) or state "
        "the rule in a few words instead of:\n" + "\n".join(offences)
    )


def test_every_pointer_into_the_reference_names_one_of_its_headings() -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    known = anchors(reference)
    missing = []
    for path, text in text_files(ROOT):
        patterns = [POINTER]
        if path.parent == REFERENCE.parent:
            patterns.append(SIBLING)
        if path == REFERENCE:
            patterns.append(INTERNAL)
        for pattern in patterns:
            for match in pattern.finditer(text):
                if match.group(1) not in known:
                    where = f"{path.relative_to(ROOT)}:{line_of(text, match.start())}"
                    missing.append(f"{where}: #{match.group(1)}")
    assert not missing, "no such heading in docs/reference.md:\n" + "\n".join(missing)


def test_the_reference_has_its_top_level_sections() -> None:
    known = anchors(REFERENCE.read_text(encoding="utf-8"))
    for anchor in (
        "the-model-file",
        "the-estimate",
        "commands",
        "files",
        "who-is-who",
        "behaviour",
        "raters",
        "evidence",
        "ladder-versions",
        "the-promotion-defence",
        "history-at-scale",
    ):
        assert anchor in known, anchor


def test_pointers_are_found_at_all() -> None:
    """A guard on the guard: the code does point into the reference, so a pattern that
    silently matched nothing would be seen here."""
    pointers = sum(
        len(POINTER.findall(text)) for top in CODE_DIRS for _, text in text_files(ROOT / top)
    )
    assert pointers >= 50
