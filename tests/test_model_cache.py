"""The model cache (PMLEVEL_HOME/cache): a damaged entry is ignored and rebuilt, never trusted;
a changed model file is read again; a cache that cannot be written is simply not used."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, Invoke
from pmlevel.model import cache


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "ladder.yaml"
    shutil.copy(FIXTURES / "small.yaml", path)
    return path


def entry_of(home: Path, model: Path) -> Path:
    return cache.entry_path(home / "cache", hashlib.sha256(model.read_bytes()).hexdigest())


def levels(invoke: Invoke, model: Path) -> str:
    result = invoke("--lang", "en", "--model", str(model), "levels")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


def sound(home: Path, model: Path) -> bool:
    """Whether the model's cache entry is there and passes every check."""
    sha = hashlib.sha256(model.read_bytes()).hexdigest()
    return cache.load(home / "cache", sha) is not None


def test_a_first_run_stores_the_model_and_a_second_uses_it(
    invoke: Invoke, home: Path, model: Path
) -> None:
    assert "Acme PM ladder" in levels(invoke, model)
    assert sound(home, model)
    # Proof that the entry is what the next run reads: a correctly sealed entry
    # with another name is believed (which is why every other test's tampering fails).
    entry = entry_of(home, model)
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["payload"]["name"] = {"en": "Name from the cache"}
    entry.write_text(cache.entry_text(data["sha256"], data["payload"]), encoding="utf-8")
    assert "Name from the cache" in levels(invoke, model)


def truncated(entry: Path) -> None:
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])


def garbage(entry: Path) -> None:
    entry.write_bytes(bytes(range(256)) * 8)


def empty(entry: Path) -> None:
    entry.write_bytes(b"")


def tampered(entry: Path) -> None:
    """The payload edited (a flipped byte, a hand edit) without its checksum."""
    text = entry.read_text(encoding="utf-8")
    assert "Acme PM ladder" in text
    entry.write_text(text.replace("Acme PM ladder", "Tampered ladder"), encoding="utf-8")


def other_format(entry: Path) -> None:
    """An entry a future pmlevel wrote, in a shape this one does not know."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["payload"]["name"] = {"en": "Tampered ladder"}
    text = cache.entry_text(data["sha256"], data["payload"], version=99)
    entry.write_text(text, encoding="utf-8")


def missing_keys(entry: Path) -> None:
    """Correctly sealed, but the payload lacks what a model needs."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    del data["payload"]["levels"]
    entry.write_text(cache.entry_text(data["sha256"], data["payload"]), encoding="utf-8")


def not_an_object(entry: Path) -> None:
    entry.write_text("[1, 2, 3]", encoding="utf-8")


@pytest.mark.parametrize(
    "damage",
    [truncated, garbage, empty, tampered, other_format, missing_keys, not_an_object],
    ids=lambda f: f.__name__,
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    invoke: Invoke, home: Path, model: Path, damage: Callable[[Path], None]
) -> None:
    levels(invoke, model)
    damage(entry_of(home, model))
    assert not sound(home, model) or damage is missing_keys

    shown = levels(invoke, model)

    assert "Acme PM ladder" in shown and "Tampered" not in shown
    assert sound(home, model)  # rewritten whole
    entry = entry_of(home, model)
    assert json.loads(entry.read_text(encoding="utf-8"))["payload"]["levels"]
    leftovers = [p.name for p in entry.parent.iterdir() if p != entry]
    assert leftovers == []  # no temporary files


def test_a_directory_where_the_entry_belongs_is_worked_around(
    invoke: Invoke, home: Path, model: Path
) -> None:
    entry = entry_of(home, model)
    entry.mkdir(parents=True)
    (entry / "something").write_text("keep me", encoding="utf-8")

    assert "Acme PM ladder" in levels(invoke, model)
    assert "Acme PM ladder" in levels(invoke, model)
    assert (entry / "something").read_text(encoding="utf-8") == "keep me"
    assert [p.name for p in entry.parent.iterdir()] == [entry.name]  # no temporary left


def test_a_cache_that_cannot_be_written_is_not_used(
    invoke: Invoke, home: Path, model: Path
) -> None:
    (home / "cache").write_text("a file where the cache directory belongs", encoding="utf-8")
    assert "Acme PM ladder" in levels(invoke, model)
    assert (home / "cache").read_text(encoding="utf-8").startswith("a file")


def test_a_changed_model_file_is_read_again(invoke: Invoke, home: Path, model: Path) -> None:
    assert "Acme PM ladder" in levels(invoke, model)
    old_entry = entry_of(home, model)
    model.write_text(
        model.read_text(encoding="utf-8").replace("name: Acme PM ladder", "name: Renamed ladder"),
        encoding="utf-8",
    )

    shown = levels(invoke, model)

    assert "Renamed ladder" in shown and "Acme PM ladder" not in shown
    assert sound(home, model) and entry_of(home, model) != old_entry


def test_a_changed_model_that_is_now_broken_is_reported_not_served_from_the_cache(
    invoke: Invoke, model: Path
) -> None:
    levels(invoke, model)
    model.write_text(
        model.read_text(encoding="utf-8").replace("max: 4", "max: four"), encoding="utf-8"
    )
    result = invoke("--lang", "en", "--model", str(model), "levels")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{model}:7:")


def test_an_edit_of_the_same_size_within_the_same_timestamp_is_read_again(
    invoke: Invoke, model: Path
) -> None:
    """A model is known again by its bytes, on disk and within one process, never by its
    name, size or time: an editor that keeps all three still has its edit seen."""
    assert "Acme PM ladder" in levels(invoke, model)
    stamp = model.stat()
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("Acme PM ladder", "Acme PM LADDER"), encoding="utf-8")
    os.utime(model, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert model.stat().st_size == stamp.st_size
    assert model.stat().st_mtime_ns == stamp.st_mtime_ns

    shown = levels(invoke, model)

    assert "Acme PM LADDER" in shown and "Acme PM ladder" not in shown
