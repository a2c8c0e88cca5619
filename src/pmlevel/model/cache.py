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
FORMAT = 3


def entry_path(cache_dir: Path, sha256: str) -> Path:
    return cache_dir / "models" / f"{sha256}.json"


def load(cache_dir: Path, sha256: str) -> dict[str, Any] | None:
    """The cached model for a file hash, or None when absent or not trustworthy."""
    try:
        raw = entry_path(cache_dir, sha256).read_bytes()
        entry = json.loads(raw)
        payload = entry["payload"]
        if entry.get("format") != FORMAT or entry.get("sha256") != sha256:
            return None
        if entry.get("check") != _check(payload):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return payload if isinstance(payload, dict) else None


def store(cache_dir: Path, sha256: str, payload: dict[str, Any]) -> None:
    """Write an entry atomically; silently skip when the cache cannot be written."""
    target = entry_path(cache_dir, sha256)
    entry = {"format": FORMAT, "sha256": sha256, "check": _check(payload), "payload": payload}
    try:
        make_dir(target.parent)
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        write_atomic(target, text, private=True)
    except (OSError, UsageError):
        return


def _check(payload: Any) -> str:
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
