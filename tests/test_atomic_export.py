"""Exports under faults: a full disk, a read-only target, a failed rename, a process killed
mid-write. The file at ``-o`` is always the old one or the complete new one, never half,
and a failure leaves no temporary file behind.

The tests run as root, whom file permissions do not stop, so faults are made as the
kernel would make them where possible: a file-size limit (``RLIMIT_FSIZE``) makes
every write past it fail with EFBIG exactly like a full disk, and SIGKILL is real. A
read-only file system and a failing rename are simulated by making the system call
fail with the errno the kernel gives.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import BACKSTOP, Invoke
from pmlevel.model.ladder import LevelModel

Write = Callable[[str, str], Path]
OLD = "old report, kept safe\n"
EXPORT = [sys.executable, "-m", "pmlevel", "assess", "--answers"]


@pytest.fixture
def answers(write: Write, bundled: LevelModel) -> Path:
    ratings = "".join(f"  {skill.id}: 3\n" for skill in bundled.skills)
    return write("answers.yaml", f"ratings:\n{ratings}subject: Li Lei\n")


def others(directory: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name not in keep)


def pmlevel_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMLEVEL", "LC_"))}
    env.update({"PMLEVEL_HOME": str(home), "PMLEVEL_LANG": "en", "LANG": "C.UTF-8"})
    # A child under a file-size limit must not write bytecode: Python would leave a
    # truncated .pyc in place (it does not check short writes), and on a fresh clone
    # every later import of that module would fail.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def limit_file_size(size: int) -> Callable[[], None]:
    """Child set-up: writes past *size* bytes fail with EFBIG, as on a full disk."""

    def setup() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, do not kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return setup


@pytest.mark.parametrize("suffix", [".json", ".md", ".html", ".svg"])
def test_a_disk_that_fills_up_keeps_the_old_export(
    answers: Path, home: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"report{suffix}"
    target.write_text(OLD, encoding="utf-8")

    done = subprocess.run(
        [*EXPORT, str(answers), "--no-save", "-o", str(target)],
        env=pmlevel_env(home),
        capture_output=True,
        text=True,
        timeout=BACKSTOP,
        preexec_fn=limit_file_size(1024),
    )

    assert done.returncode == 2, done.stderr
    assert "File too large" in done.stderr and "any existing file is unchanged" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == OLD
    assert others(out) == [target.name]  # no temporary left behind


def test_a_read_only_target_directory_keeps_the_old_export(
    invoke: Invoke, answers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.md"
    target.write_text(OLD, encoding="utf-8")
    real_open = os.open

    def read_only_fs(path: str | os.PathLike[str], flags: int, *args: int, **kw: int) -> int:
        if Path(path).parent == out and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", read_only_fs)
    result = invoke("--lang", "en", "assess", "--answers", str(answers), "-o", str(target))

    assert result.exit_code == 2
    assert "Read-only file system" in result.stderr
    assert target.read_text(encoding="utf-8") == OLD
    assert others(out) == [target.name]


def test_a_rename_that_fails_keeps_the_old_export_and_removes_the_temporary(
    invoke: Invoke, answers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.html"
    target.write_text(OLD, encoding="utf-8")

    def busy(src: object, dst: object) -> None:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY))

    monkeypatch.setattr(os, "replace", busy)
    result = invoke("--lang", "en", "assess", "--answers", str(answers), "-o", str(target))

    assert result.exit_code == 2
    assert "busy" in result.stderr
    assert target.read_text(encoding="utf-8") == OLD
    assert others(out) == [target.name]


def test_a_plan_document_that_cannot_be_written_keeps_the_old_one(
    invoke: Invoke, answers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = invoke("assess", "--answers", str(answers), "-o", str(tmp_path / "r.json"))
    assert saved.exit_code == 0, saved.output
    out = tmp_path / "out"
    out.mkdir()
    target = out / "plan.md"
    target.write_text(OLD, encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    result = invoke("--lang", "en", "plan", "-o", str(target))

    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == OLD
    assert others(out) == [target.name]


# -- killed mid-write -----------------------------------------------------------------------

# Runs the real command, but the export's first write stops half-way through the
# bytes and waits there to be killed: the worst moment for a crash.
HALF_WRITE = textwrap.dedent(
    """
    import os, sys, time
    real_fdopen = os.fdopen

    class HalfThenHang:
        def __init__(self, handle):
            self.handle = handle
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)
        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            os.write(int(os.environ["HALF_WRITE_FD"]), b"half written\\n")
            time.sleep(600)
        def __getattr__(self, name):
            return getattr(self.handle, name)

    def fdopen(fd, mode="r", *args, **kwargs):
        handle = real_fdopen(fd, mode, *args, **kwargs)
        return HalfThenHang(handle) if "w" in mode else handle

    os.fdopen = fdopen
    from pmlevel.cli.app import main
    sys.argv = ["pmlevel", *sys.argv[1:]]
    main()
    """
)


@pytest.mark.parametrize("suffix", [".json", ".html"])
def test_a_process_killed_half_way_through_an_export_leaves_the_old_file(
    answers: Path, home: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"report{suffix}"
    target.write_text(OLD, encoding="utf-8")
    signal_read, signal_write = os.pipe()
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HALF_WRITE,
            *EXPORT[3:],
            str(answers),
            "--no-save",
            "-o",
            str(target),
        ],
        env={**pmlevel_env(home), "HALF_WRITE_FD": str(signal_write)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        pass_fds=(signal_write,),
    )
    os.close(signal_write)
    try:
        with os.fdopen(signal_read, "rb") as signals:
            assert signals.readline() == b"half written\n"  # it is mid-write now
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.communicate(timeout=BACKSTOP)
    assert child.returncode == -signal.SIGKILL

    assert target.read_text(encoding="utf-8") == OLD
    # What a crash leaves is a hidden temporary beside it, never the file itself.
    assert all(name.startswith(f".{target.name}.") for name in others(out, target.name))

    done = subprocess.run(
        [*EXPORT, str(answers), "--no-save", "-o", str(target)],
        env=pmlevel_env(home),
        capture_output=True,
        timeout=BACKSTOP,
    )
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    if suffix == ".json":
        assert json.loads(text)["subject"] == "Li Lei"
    else:
        assert text.rstrip().endswith("</html>")


# Exports the same file over and over, alternating two complete versions.
REWRITE_LOOP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from pmlevel.store.atomic import write_atomic
    target = Path(sys.argv[1])
    versions = [("A" * 2_000_000) + "\\n", ("B" * 3_000_000) + "\\n"]
    print("started", flush=True)
    n = 0
    while True:
        write_atomic(target, versions[n % 2])
        n += 1
    """
)


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5])
def test_a_process_killed_at_any_moment_leaves_a_whole_file(tmp_path: Path, delay: float) -> None:
    target = tmp_path / "export.txt"
    target.write_text(OLD, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", REWRITE_LOOP, str(target)], stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"started\n"
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=delay)  # not a timing assertion: only when to strike
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.communicate(timeout=BACKSTOP)

    text = target.read_text(encoding="utf-8")
    assert text in (OLD, "A" * 2_000_000 + "\n", "B" * 3_000_000 + "\n")


# -- the existing file's mode, and a read-only target  ---------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("kept", [0o600, 0o640, 0o664])
def test_an_export_over_an_existing_file_keeps_its_mode(
    invoke: Invoke, tmp_path: Path, umask_022: None, kept: int
) -> None:
    review = tmp_path / "review.md"
    review.write_text(OLD, encoding="utf-8")
    review.chmod(kept)
    done = invoke("--lang", "en", "jd", "senior", "-o", str(review))
    assert done.exit_code == 0, done.output
    assert review.read_text(encoding="utf-8") != OLD
    assert mode(review) == kept
    fresh = tmp_path / "fresh.md"
    assert invoke("jd", "senior", "-o", str(fresh)).exit_code == 0
    assert mode(fresh) == 0o644  # a new file: the usual mode


def test_a_private_file_replaced_never_gets_wider_than_0600(tmp_path: Path) -> None:
    from pmlevel.store.atomic import write_atomic

    target = tmp_path / "result.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o644)
    write_atomic(target, "{}\n", private=True)
    assert mode(target) == 0o600


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        ("en", "is read-only, so pmlevel leaves it as it is; add --force"),
        ("zh", "是只读文件，pmlevel 不会替换它；确实要替换请加 --force"),
    ],
)
def test_a_read_only_target_is_refused_unless_forced(
    invoke: Invoke, tmp_path: Path, answers: Path, lang: str, refusal: str
) -> None:
    target = tmp_path / "result.json"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o444)
    args = ("--lang", lang, "assess", "--answers", str(answers), "-o", str(target))
    done = invoke(*args, env={"COLUMNS": "300"})
    assert done.exit_code == 2
    assert refusal in done.stderr and str(target) in done.stderr
    assert target.read_text(encoding="utf-8") == OLD and mode(target) == 0o444
    # refused before any work: nothing was saved either
    assert json.loads(invoke("history", "--json").stdout) == []

    forced = invoke(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert json.loads(target.read_text(encoding="utf-8"))["subject"] == "Li Lei"
    assert mode(target) == 0o444  # it stays read-only


@pytest.mark.parametrize(
    "args",
    [
        ["jd", "senior"],
        ["interview", "senior"],
        ["form"],
        ["history"],
        ["levels"],
        ["show", "senior"],
        ["skills"],
    ],
    ids=" ".join,
)
def test_every_command_with_o_refuses_a_read_only_file_and_takes_force(
    invoke: Invoke, tmp_path: Path, args: list[str]
) -> None:
    suffix = {"form": ".html", "history": ".csv", "skills": ".csv"}.get(args[0], ".md")
    target = tmp_path / f"out{suffix}"
    target.write_text(OLD, encoding="utf-8")
    target.chmod(0o400)
    refused = invoke("--lang", "en", *args, "-o", str(target))
    assert refused.exit_code == 2 and "read-only" in refused.stderr
    assert target.read_text(encoding="utf-8") == OLD
    forced = invoke("--lang", "en", *args, "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8") != OLD and mode(target) == 0o400
