"""A cache of validated models, so that a command does not parse YAML every time.

An entry is the validated, normalised model as JSON, stored under the sha256 of
the model file's bytes: a changed file has a new hash and misses the cache by
itself, so nothing has to be invalidated. Each entry carries a checksum of its
own payload and the cache format; an entry that fails either check (truncated,
edited, written by another version) is ignored and rewritten, never trusted.
Writing is atomic, and a cache that cannot be written (read-only home, full
disk) is simply not used.

In front of the disk, this process keeps the last few models it parsed (:func:`parsed`,
:func:`remember`), under the same sha256: a program that loads the same file again (a
library caller, a test suite running the CLI in-process) does not parse and validate it
again, and an edited file, having new bytes, is parsed anew as it misses the disk cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlevel.errors import UsageError
from pmlevel.store.atomic import write_atomic
from pmlevel.store.private import make_dir

if TYPE_CHECKING:
    from pmlevel.model.ladder import LevelModel

# Bump when LevelModel.to_dict() changes shape, or when validation refuses a model it
# used to accept: every command, `pmlevel validate` too, trusts an entry of this format.
FORMAT = 4

# An entry is one JSON object whose last member is the payload, written so that the
# payload's bytes can be checked as they are: ``{"format":…,"sha256":…,"check":…,"payload":…}``.
# Checking the bytes instead of a canonical re-serialisation of the parsed payload saves
# that dump of the whole model on every command (python bench/run.py, "show senior").
_PAYLOAD = b',"payload":'


def entry_path(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / "models" / f"{sha256}.json"


def entry_text(sha256: str, payload: dict[str, Any], *, version: int = FORMAT) -> str:
    """The text of the entry holding *payload* for the model file hashing to *sha256*."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    head = {"format": version, "sha256": sha256, "check": _check(body.encode("utf-8"))}
    return json.dumps(head, separators=(",", ":"))[:-1] + _PAYLOAD.decode() + body + "}"


def load(cache_dir: Path, sha256: str) -> dict[str, Any] | None:
    """The cached model for a file hash, or None when absent or not trustworthy."""
    try:
        raw = entry_path(cache_dir, sha256).read_bytes()
        head, found, body = raw.partition(_PAYLOAD)
        if not found or not body.endswith(b"}"):
            return None
        entry = json.loads(head + b"}")
        body = body[:-1]
        if entry.get("format") != FORMAT or entry.get("sha256") != sha256:
            return None
        if entry.get("check") != _check(body):
            return None
        payload = json.loads(body)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return payload if isinstance(payload, dict) else None


def store(cache_dir: Path, sha256: str, payload: dict[str, Any]) -> None:
    """Write an entry atomically; silently skip when the cache cannot be written."""
    target = entry_path(cache_dir, sha256)
    try:
        make_dir(target.parent)
        write_atomic(target, entry_text(sha256, payload), private=True)
    except (OSError, UsageError):
        return


def _check(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


# -- in this process -------------------------------------------------------------------

# The models parsed in this process, by the sha256 of the file's bytes, oldest first. A
# model is immutable, so one object serves every load; a few entries bound the memory
# of a long-lived caller that loads many files. The lock keeps threads that load models
# (a library caller's) from evicting under each other.
_PARSED: dict[str, LevelModel] = {}
_PARSED_KEPT = 8
_PARSED_LOCK = threading.Lock()


def parsed(sha256: str, source: str) -> LevelModel | None:
    """The model this process parsed from a file hashing to *sha256*, named *source*."""
    model = _PARSED.get(sha256)
    if model is None:
        return None
    if model.source != source:  # the same bytes under another name
        model = dataclasses.replace(model, source=source)
    return model


def remember(model: LevelModel) -> None:
    """Keep a model just parsed and validated, for :func:`parsed`."""
    with _PARSED_LOCK:
        _PARSED.pop(model.sha256, None)
        _PARSED[model.sha256] = model
        while len(_PARSED) > _PARSED_KEPT:
            del _PARSED[next(iter(_PARSED))]
