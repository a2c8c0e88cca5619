"""A cache of validated models, so that a command does not parse YAML every time.

An entry is the validated, normalised model as JSON, stored under the sha256 of
the model file's bytes: a changed file has a new hash and misses the cache by
itself, so nothing has to be invalidated. Each entry carries a checksum of its
own payload and the cache format; an entry that fails either check (truncated,
edited, written by another version) is ignored and rewritten, never trusted.
Writing is atomic, and a cache that cannot be written (read-only home, full
disk) is simply not used.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pmlevel.errors import UsageError
from pmlevel.store.atomic import write_atomic
from pmlevel.store.private import make_dir

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
