"""Read YAML (and JSON, which we read as YAML) safely, keeping where each value was.

We build values from the parser's *events* rather than with a loader, so that
every hazard is rejected before a value exists:

- object tags (``!!python/object``) and any explicit tag: rejected;
- anchors and aliases (the "billion laughs" bomb): rejected;
- duplicate keys, which every YAML loader silently resolves to the last one: rejected;
- more than one document, a top level that is not a mapping, deep nesting,
  files over 1 MiB, bytes that are not UTF-8: rejected.

Plain scalars are resolved by the YAML 1.2 *core* schema, not YAML 1.1: ``no``,
``on``, ``yes`` and ``2024-01-02`` stay strings, ``0x1F`` and ``1_000`` stay
strings, only ``true``/``false`` are booleans. A value is never silently turned
into something else: ``1.10`` is a number, so where text is expected the
validator says so and asks for quotes, rather than showing ``1.1``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmlevel.errors import InputError, Problem
from pmlevel.model.files import read_bytes

MAX_DEPTH = 32

PathKey = tuple[str | int, ...]

# The patterns of this module are kept as text and compiled where first used (re keeps
# them): a command that reads no YAML scalar or no escaped character compiles none of
# them (11 M instructions of start-up, valgrind; bench/run.py report FILE, plan).
_INT = r"[-+]?[0-9]+\Z"
_FLOAT = r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})


@dataclass
class Document:
    """Values read from a file, and the line and column of each value and key.

    A document read from plain JSON (:func:`_plain_json`) has no positions until a
    problem asks where something is: then its text is parsed again as YAML for them.
    """

    source: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    unlocated: str | None = field(default=None, repr=False)  # the text, until located

    def locate(self, path: PathKey, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of *path*, or of its nearest located ancestor."""
        if self.unlocated is not None:
            text, self.unlocated = self.unlocated, None
            located = _parse_yaml(text, self.source, MAX_DEPTH)
            self.positions, self.key_positions = located.positions, located.key_positions
        if key and path in self.key_positions:
            return self.key_positions[path]
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return None, None
            path = path[:-1]

    def problem(
        self,
        path: PathKey,
        message: str,
        *,
        at_key: bool = False,
        located_at: PathKey | None = None,
        **params: Any,
    ) -> Problem:
        """A problem with the value at *path*, located there (its key with *at_key*,
        or *located_at* for a value that has no position, such as a missing one)."""
        line, column = self.locate(path if located_at is None else located_at, key=at_key)
        return Problem(self.source, message, params, format_path(path), line, column)


def format_path(path: PathKey) -> str:
    """``('levels', 2, 'expectations', 'x')`` -> ``levels[2].expectations.x``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def resolve_plain(value: str) -> Any:
    """Type a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if re.match(_INT, value):
        return int(value)
    if re.match(_FLOAT, value):
        return float(value)
    return value


# Byte-order marks of the encodings read besides UTF-8, UTF-32 first: its little-endian
# mark begins with UTF-16's. Windows PowerShell 5's ">" writes UTF-16LE with a mark.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def wide_encoding(data: bytes) -> str | None:
    """``"utf-16"`` or ``"utf-32"`` when *data* starts with that encoding's byte-order mark."""
    return next((codec for bom, codec in _WIDE_BOMS if data.startswith(bom)), None)


def decode_text(data: bytes, source: str) -> str:
    """Decode an input file: UTF-8 (a BOM is allowed), or UTF-16 or UTF-32 when the file
    starts with its byte-order mark; a bad byte is named by its offset and line."""
    codec = wide_encoding(data) or "utf-8-sig"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "utf-8-sig":
            line = data.count(b"\n", 0, exc.start) + 1
            params: dict[str, object] = {"offset": exc.start}
            raise InputError([Problem(source, "not_utf8", params, line=line)]) from None
        line = data[: exc.start].decode(codec, errors="replace").count("\n") + 1
        params = {"offset": exc.start, "encoding": codec.upper()}
        raise InputError([Problem(source, "bad_wide_encoding", params, line=line)]) from None


def read_yaml_file(path: Path, source: str | None = None) -> Document:
    """Read, decode and parse one YAML or JSON file into a :class:`Document`."""
    source = source or str(path)
    return parse_yaml(decode_text(read_bytes(path, source), source), source)


# A character beyond U+FFFF written as JSON writes it (json.dumps, and pmlevel's own
# --json where stdout is ASCII): a UTF-16 surrogate pair, "\ud83d\ude00". YAML allows
# no surrogates, so the pair becomes YAML's own 32-bit escape. Only an escape's
# backslash may precede it: an even run of backslashes before it is text.
_SURROGATE_PAIR = (
    r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
)


def _join_surrogate_pairs(text: str) -> str:
    """JSON's surrogate-pair escapes as YAML's ``\\U0001f600``, when *text* is JSON.

    In JSON every backslash is inside a string and starts an escape, so the rewrite
    is exact; a YAML file is left alone (there a backslash may be plain text).
    """
    if "\\u" not in text or re.search(_SURROGATE_PAIR, text) is None:
        return text
    import json

    try:
        json.loads(text)
    except ValueError:
        return text

    def joined(match: re.Match[str]) -> str:
        high, low = int(match.group(2), 16), int(match.group(3), 16)
        code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        return f"{match.group(1)}\\U{code:08x}"

    return re.sub(_SURROGATE_PAIR, joined, text)


def parse_yaml(text: str, source: str, *, max_depth: int = MAX_DEPTH) -> Document:
    """Parse *text*, which must hold exactly one document whose top level is a mapping."""
    plain = _plain_json(text, source, max_depth)
    return plain if plain is not None else _parse_yaml(text, source, max_depth)


# What, in a JSON text's UTF-8, YAML reads otherwise than JSON does, or refuses: tab
# (YAML allows it in fewer places), controls, NEL and the line and paragraph separators
# (YAML line breaks), a BOM or non-character (refused in a stream), and the escapes
# YAML has no twin for (``\/``) or reads otherwise (surrogates, joined or lone).
# Bytes, not characters: a class of wide character ranges takes 40 ms to compile.
_NOT_PLAIN = (
    rb"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]"
    rb"|\xef\xbb\xbf|\xef\xbf[\xbe\xbf]|\xed[\xa0-\xbf]|\\u[dD][89a-fA-F]|\\/"
)


class _NotPlain(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    made = dict(pairs)
    if len(made) != len(pairs) or any(len(key) > 1000 for key in made):
        raise _NotPlain  # a duplicate key (YAML refuses it), or a key longer than YAML reads
    return made


def _refuse_constant(name: str) -> Any:
    raise _NotPlain  # NaN, Infinity: not JSON, and not YAML's


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _plain_json(text: str, source: str, max_depth: int) -> Document | None:
    """*text* read with the standard JSON parser, when it is JSON that YAML reads to the
    same values; else None, and the YAML reader decides (with every refusal located).

    The answers files and results most commands read are JSON that pmlevel wrote:
    this keeps PyYAML (about 15 ms to import) off their start-up (python
    bench/imports.py: assess --answers, report FILE).
    """
    if not text.lstrip(" \n\r").startswith("{"):
        return None
    if re.search(_NOT_PLAIN, text.encode("utf-8", "surrogatepass")) is not None:
        return None
    import json

    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):  # not JSON, or not plain: YAML says why
        return None
    if not isinstance(data, dict) or _depth(data) > max_depth:
        return None
    return Document(source, data, unlocated=text)


def _parse_yaml(text: str, source: str, max_depth: int) -> Document:
    import yaml  # deferred: only a cache miss or a YAML file needs the parser

    text = _join_surrogate_pairs(text)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    builder = _Builder(source, max_depth)
    try:
        for event in yaml.parse(text, Loader=loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        detail = " ".join(str(exc.problem or exc.context or "").split())
        raise InputError(
            [Problem(source, "yaml_syntax", {"detail": detail}, line=line, column=column)]
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a stream
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        detail = (
            f"{exc.reason} (#x{exc.character:04x})"
            if isinstance(exc.character, int)
            else exc.reason
        )
        raise InputError(
            [Problem(source, "yaml_syntax", {"detail": detail}, line=line, column=column)]
        ) from None
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        raise InputError([Problem(source, "yaml_syntax", {"detail": detail})]) from None
    doc = builder.document
    if not isinstance(doc.data, dict):
        raise InputError([Problem(source, "top_not_mapping", line=1, column=1)])
    return doc


class _Builder:
    """Turns a stream of parser events into plain values, refusing hazards as they come."""

    def __init__(self, source: str, max_depth: int) -> None:
        self.document = Document(source, None)
        self.max_depth = max_depth
        self.documents = 0
        # Each open collection: [container, path, pending key or _NO_KEY]
        self.stack: list[list[Any]] = []

    def _fail(self, event: Any, message: str, **params: Any) -> InputError:
        mark = event.start_mark
        return InputError(
            [
                Problem(
                    self.document.source,
                    message,
                    params,
                    format_path(self._child_path()),
                    mark.line + 1,
                    mark.column + 1,
                )
            ]
        )

    def _child_path(self) -> PathKey:
        if not self.stack:
            return ()
        container, path, key = self.stack[-1]
        if isinstance(container, list):
            return (*path, len(container))
        return (*path, key) if key is not _NO_KEY else path

    def feed(self, event: Any) -> None:
        import yaml

        kind = type(event)
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self._fail(event, "several_documents")
            return
        if kind is yaml.AliasEvent:
            raise self._fail(event, "yaml_alias")
        if kind in (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
            if event.anchor is not None:
                raise self._fail(event, "yaml_anchor")
            if event.tag is not None and not (kind is yaml.ScalarEvent and event.tag == "!"):
                raise self._fail(event, "yaml_tag", tag=event.tag)
        if kind is yaml.ScalarEvent:
            # Plain style is None in the pure parser and "" in the C one.
            if event.tag == "!" or event.style:
                value: Any = event.value  # quoted or block scalar: always a string
            else:
                try:
                    value = resolve_plain(event.value)
                except ValueError:  # an integer longer than Python converts (4300 digits)
                    raise self._fail(
                        event, "number_too_long", limit=sys.get_int_max_str_digits()
                    ) from None
            self._add(value, event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if len(self.stack) >= self.max_depth:
                raise self._fail(event, "too_deep", limit=self.max_depth)
            container: Any = {} if kind is yaml.MappingStartEvent else []
            path = self._add(container, event)
            self.stack.append([container, path, _NO_KEY])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.stack.pop()

    def _add(self, value: Any, event: Any) -> PathKey:
        """Place *value* in the open collection (or as the document); return its path."""
        mark = event.start_mark
        position = (mark.line + 1, mark.column + 1)
        if not self.stack:
            self.document.data = value
            self.document.positions[()] = position
            return ()
        frame = self.stack[-1]
        container, key = frame[0], frame[2]
        path: PathKey = frame[1]
        if isinstance(container, list):
            child: PathKey = (*path, len(container))
            container.append(value)
        elif key is _NO_KEY:
            # This value is a key.
            if isinstance(value, dict | list):
                raise self._fail(event, "complex_key")
            if value in container:
                raise self._fail(event, "duplicate_key", key=str(value))
            frame[2] = value
            self.document.key_positions[(*path, value)] = position
            return path
        else:
            child = (*path, key)
            container[key] = value
            frame[2] = _NO_KEY
        self.document.positions[child] = position
        return child


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()
