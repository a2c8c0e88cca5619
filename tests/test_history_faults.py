"""The history under faults (docs/reference.md#the-history): a full disk under an existing
history, exports that collide, and one damaged row among good ones.

A full disk is made as ``test_atomic_export.py`` makes it: a file-size limit in a child
process, so every write past it fails with EFBIG exactly as on a full disk.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BACKSTOP, FIXTURES, Invoke
from pmlevel.store.history import FILE_NAME
from test_atomic_export import limit_file_size, pmlevel_env

Write = Callable[[str, str], Path]
SMALL = str(FIXTURES / "small.yaml")
PMLEVEL = [sys.executable, "-m", "pmlevel"]
RATINGS = "ratings: {discovery: 2, delivery: 2, influence: 1}\n"


@pytest.fixture
def answers(write: Write) -> Path:
    return write("answers.yaml", RATINGS + "subject: Li Lei\n")


def saved(invoke: Invoke, answers: Path, *extra: str) -> None:
    done = invoke("--model", SMALL, "assess", "--answers", str(answers), *extra)
    assert done.exit_code == 0, done.output


def run_on_full_disk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PMLEVEL, "--model", SMALL, *args],
        env=pmlevel_env(home),
        capture_output=True,
        text=True,
        timeout=BACKSTOP,
        preexec_fn=limit_file_size(1024),
    )


# -- a full disk under an existing history --------------------------------------------------


def test_saving_on_a_full_disk_says_the_disk_error_not_a_transaction_error(
    invoke: Invoke, home: Path, answers: Path
) -> None:
    saved(invoke, answers)
    before = (home / FILE_NAME).read_bytes()

    done = run_on_full_disk(home, "assess", "--answers", str(answers))

    assert done.returncode == 2, done.stderr
    assert "cannot commit" not in done.stderr and "Unexpected error" not in done.stderr
    assert f"cannot write the history '{home / FILE_NAME}' (disk I/O error)" in done.stderr
    assert "Traceback" not in done.stderr
    assert (home / FILE_NAME).read_bytes() == before


def test_the_history_is_still_listed_when_the_disk_is_full(
    invoke: Invoke, home: Path, answers: Path, write: Write
) -> None:
    saved(invoke, answers)
    saved(invoke, write("han.yaml", RATINGS + "subject: Han Mei\n"))

    listed = run_on_full_disk(home, "history", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [e["subject"] for e in json.loads(listed.stdout)] == ["Li Lei", "Han Mei"]

    table = run_on_full_disk(home, "--lang", "zh", "history")
    assert table.returncode == 0, table.stderr
    assert "Li Lei" in table.stdout and "Han Mei" in table.stdout


def test_a_save_that_fails_after_the_output_file_was_written_says_the_file_is_there(
    invoke: Invoke, home: Path, answers: Path, tmp_path: Path
) -> None:
    saved(invoke, answers)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "r.json"
    target.write_text("{}")  # the file exists already, so writing it needs no new room...

    done = subprocess.run(
        [*PMLEVEL, "--model", SMALL, "assess", "--answers", str(answers), "-o", str(target)],
        env=pmlevel_env(home),
        capture_output=True,
        text=True,
        timeout=BACKSTOP,
        preexec_fn=limit_file_size(4096),  # ...the result fits, the history's log does not
    )

    assert done.returncode == 2, done.stderr
    assert json.loads(target.read_text())["subject"] == "Li Lei"
    assert "disk I/O error" in done.stderr
    assert f"{target} was written; only saving to the history failed." in done.stderr


# -- exports never overwrite -----------------------------------------------------------------


def test_two_peoples_exports_into_one_folder_keep_both(
    invoke: Invoke, home: Path, answers: Path, write: Write, tmp_path: Path
) -> None:
    out = tmp_path / "all"
    saved(invoke, answers)
    first = invoke("--lang", "en", "history", "--export", str(out))
    assert first.exit_code == 0, first.output

    # Another person's history, on another machine: ids start at 1 again.
    (home / FILE_NAME).unlink()
    han = write("han.yaml", RATINGS + "subject: Han Mei\nrater: {role: manager, name: Wang}\n")
    saved(invoke, han)
    second = invoke("--lang", "en", "history", "--export", str(out))
    assert second.exit_code == 0, second.output

    names = sorted(p.name for p in out.iterdir())
    date = names[0][-15:-5]
    assert names == [
        f"000001-han-mei-manager-wang-{date}.json",
        f"000001-li-lei-self-{date}.json",
    ]
    team = invoke("--lang", "en", "--model", SMALL, "team", str(out), "--json")
    assert json.loads(team.stdout)["people"] == 2


def test_an_export_never_overwrites_a_different_file(
    invoke: Invoke, answers: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    saved(invoke, answers)
    assert invoke("history", "--export", str(out)).exit_code == 0
    (name,) = [p.name for p in out.iterdir()]
    mine = out / name
    mine.write_text("my own edits\n")

    again = invoke("--lang", "en", "history", "--export", str(out))

    assert again.exit_code == 0
    assert mine.read_text() == "my own edits\n"
    assert f"skipped {mine}: a different file of that name is already there" in again.stderr
    assert "Wrote 0 assessments" in again.stderr
    zh = invoke("--lang", "zh", "history", "--export", str(out))
    assert "已有同名的另一个文件" in zh.stderr


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("en", "Wrote 1 assessment to", "Wrote 2 assessments to"),
        ("zh", "已导出 1 条评估到", "已导出 2 条评估到"),
    ],
)
def test_the_export_count_reads_right_for_one(
    invoke: Invoke, answers: Path, tmp_path: Path, lang: str, one: str, two: str
) -> None:
    """ "Wrote 1 assessments" ."""
    saved(invoke, answers)
    first = invoke("--lang", lang, "history", "--export", str(tmp_path / "a"))
    assert f"{one} {tmp_path / 'a'}" in first.stderr
    saved(invoke, answers)
    second = invoke("--lang", lang, "history", "--export", str(tmp_path / "b"))
    assert f"{two} {tmp_path / 'b'}" in second.stderr


def test_an_export_run_again_is_quiet_about_identical_files(
    invoke: Invoke, answers: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    saved(invoke, answers)
    assert invoke("history", "--export", str(out)).exit_code == 0
    again = invoke("--lang", "en", "history", "--export", str(out))
    assert again.exit_code == 0
    assert "skipped" not in again.stderr
    assert len(list(out.iterdir())) == 1


def limit_memory(size: int) -> Callable[[], None]:
    """Child set-up: no more than *size* bytes of address space."""

    def setup() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return setup


def test_an_export_compares_sizes_before_reading_a_file_of_the_same_name(
    invoke: Invoke, answers: Path, home: Path, tmp_path: Path
) -> None:
    """A 3 GiB file where an export would go  was read whole to compare:
    3.1 GB of memory. Under a 1 GiB limit that cannot succeed; comparing sizes first can."""
    out = tmp_path / "out"
    saved(invoke, answers)
    assert invoke("history", "--export", str(out)).exit_code == 0
    (big,) = out.iterdir()
    with big.open("r+b") as handle:
        handle.truncate(3 * 1024**3)  # sparse: no disk used
    done = subprocess.run(
        [*PMLEVEL, "--model", SMALL, "--lang", "en", "history", "--export", str(out)],
        env=pmlevel_env(home),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_memory(1024**3),
    )
    assert done.returncode == 0, done.stderr
    assert f"skipped {big}: a different file of that name is already there" in done.stderr
    assert big.stat().st_size == 3 * 1024**3


def test_an_export_over_a_file_of_the_same_size_still_compares_its_bytes(
    invoke: Invoke, answers: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    saved(invoke, answers)
    assert invoke("history", "--export", str(out)).exit_code == 0
    (mine,) = out.iterdir()
    text = mine.read_bytes()
    mine.write_bytes(text.replace(b"Li Lei", b"Li Pei"))  # same size, other content
    again = invoke("--lang", "en", "history", "--export", str(out))
    assert f"skipped {mine}" in again.stderr
    mine.write_bytes(text)
    assert "skipped" not in invoke("--lang", "en", "history", "--export", str(out)).stderr


def test_export_names_are_safe_file_names(invoke: Invoke, write: Write, tmp_path: Path) -> None:
    subject = "../../etc/x \u202eevil\x1b[2J 李雷"
    hostile = write(
        "h.json",
        json.dumps(
            {"ratings": {"discovery": 1, "delivery": 1, "influence": 1}, "subject": subject}
        ),
    )
    saved(invoke, hostile)
    out = tmp_path / "out"
    assert invoke("history", "--export", str(out)).exit_code == 0
    (name,) = [p.name for p in out.iterdir()]
    assert name.startswith("000001-etc-x-evil-2j-李雷-self-")


# -- one damaged row -------------------------------------------------------------------------


def damage(home: Path, entry_id: int, column: str, value: str) -> None:
    conn = sqlite3.connect(home / FILE_NAME)
    conn.execute(f"UPDATE results SET {column} = ? WHERE id = ?", (value, entry_id))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("column,value", [("assessed_at", "not a date"), ("json", "{broken")])
def test_one_damaged_row_leaves_the_others_listed_and_names_it(
    invoke: Invoke, home: Path, answers: Path, tmp_path: Path, column: str, value: str
) -> None:
    for _ in range(3):
        saved(invoke, answers)
    damage(home, 2, column, value)

    history = invoke("--lang", "en", "history", "--json")
    assert history.exit_code == 0, history.output
    listed = [e["id"] for e in json.loads(history.stdout)]
    assert listed == ([1, 3] if column == "assessed_at" else [1, 2, 3])

    out = tmp_path / "out"
    export = invoke("--lang", "en", "history", "--export", str(out))
    assert export.exit_code == 0, export.output
    assert sorted(p.name[:6] for p in out.iterdir()) == ["000001", "000003"]
    assert "damaged history entries that cannot be read: 2" in export.stderr

    progress = invoke("--lang", "en", "--model", SMALL, "progress", "--json")
    assert progress.exit_code == 0, progress.output
    assert "damaged history entries that cannot be read: 2" in progress.stderr
    zh = invoke("--lang", "zh", "--model", SMALL, "progress")
    assert zh.exit_code == 0 and "已损坏" in zh.stderr


# -- a read-only history  --------------------------------------------------


def _can_unshare() -> bool:
    try:
        return subprocess.run(["unshare", "-r", "-m", "true"], timeout=30).returncode == 0
    except OSError:
        return False


def run_on_read_only_mount(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``pmlevel ARGS`` with *home* on a read-only mount (a backup, a snapshot): a bind
    mount remounted read-only in a mount namespace of its own, so every write there
    fails with EROFS as on the real thing. Without namespaces, an ordinary user's
    chmod makes the same (EACCES)."""
    command = [*PMLEVEL, "--model", SMALL, "--lang", "en", *args]
    env = pmlevel_env(home)
    if _can_unshare():
        script = (
            'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" "$1" && shift && exec "$@"'
        )
        return subprocess.run(
            ["unshare", "-r", "-m", "sh", "-c", script, "sh", str(home), *command],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    if os.geteuid() == 0:
        pytest.fail("a read-only mount needs unshare (util-linux) when the tests run as root")
    modes = {path: path.stat().st_mode for path in [home, *home.rglob("*")]}
    for path in modes:
        path.chmod(modes[path] & ~0o222)
    try:
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    finally:
        for path, mode in modes.items():
            path.chmod(mode)


def test_a_history_on_a_read_only_mount_is_read(
    invoke: Invoke, answers: Path, home: Path, tmp_path: Path, write: Write
) -> None:
    saved(invoke, answers)
    saved(invoke, write("manager.yaml", RATINGS + "subject: Li Lei\nrater: {role: manager}\n"))
    before = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}

    listed = run_on_read_only_mount(home, "history", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [e["rater"]["role"] for e in json.loads(listed.stdout)] == ["self", "manager"]
    table = run_on_read_only_mount(home, "history")
    assert table.returncode == 0, table.stderr
    assert "Li Lei" in table.stdout
    report = run_on_read_only_mount(home, "report", "--json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["rater"]["role"] == "manager"
    case = run_on_read_only_mount(home, "case", "--json")
    assert case.returncode == 0, case.stderr
    merged = run_on_read_only_mount(home, "merge", "1", "2", "--json")
    assert merged.returncode == 0, merged.stderr

    csv = tmp_path / "history.csv"
    exported = run_on_read_only_mount(home, "history", "-o", str(csv))
    assert exported.returncode == 0, exported.stderr
    assert "Li Lei" in csv.read_text(encoding="utf-8-sig")
    folder = tmp_path / "results"
    export = run_on_read_only_mount(home, "history", "--export", str(folder))
    assert export.returncode == 0, export.stderr
    assert len(list(folder.glob("*.json"))) == 2

    # saving there is still refused, clearly, and nothing changed
    refused = run_on_read_only_mount(home, "assess", "--answers", str(answers))
    assert refused.returncode == 2
    assert "cannot write the history" in refused.stderr
    assert {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()} == before


def test_a_read_command_creates_no_history(tmp_path: Path) -> None:
    from pmlevel.store.history import History, HistoryError

    where = tmp_path / "not" / "there"
    with History.open(where, readonly=True) as history:
        assert history.entries() == [] and history.latest() is None
        with pytest.raises(HistoryError) as caught:
            history.save(None)  # type: ignore[arg-type]
    assert caught.value.message == "history_unwritable"
    assert not where.exists()
