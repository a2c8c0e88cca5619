"""The console-script entry point: ``pmlevel --help`` from a cache, everything else to the CLI.

The top-level help is the same text every time for a given language, terminal
and installation, yet drawing it (twelve commands, two languages, Rich panels)
costs more than the rest of the start-up. So its rendered output is kept in the
user cache directory and printed from there, before Typer is even imported.

The cache key holds everything the text depends on: the arguments, the
environment variables that choose language, colour and width, whether stdout
is a terminal and its width, and the size and modification time of the files
that make the help (our own and Typer's). Each entry carries a CRC of its text;
an entry that fails it, or any error reading it, falls back to drawing the help.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path
from typing import TextIO

HELP_ARGS = (["--help"], ["-h"])
_ENV_KEYS = (
    "PMLEVEL_LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "NO_COLOR",
    "FORCE_COLOR",
    "TERM",
    "COLORTERM",
    "COLUMNS",
    "TERMINAL_WIDTH",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "PYTHONIOENCODING",
)
_SOURCES = (
    "__init__.py",
    "cli.py",
    "typer_i18n.py",
    "i18n.py",
    "messages/zh.json",
    "messages/en.json",
)


def main() -> None:
    args = sys.argv[1:]
    if _wants_top_help(args):
        try:
            entry = _entry_path(args)
        except (OSError, ValueError, ImportError):
            entry = None
        if entry is not None and _print_cached(entry):
            sys.exit(0)
        if entry is not None:
            _draw_and_keep(entry)
    from pmlevel.cli import main as cli_main

    cli_main()


def _wants_top_help(args: list[str]) -> bool:
    if len(args) == 3 and args[0] == "--lang":
        args = args[2:]
    elif len(args) == 2 and args[0].startswith("--lang="):
        args = args[1:]
    return args in HELP_ARGS


def _entry_path(args: list[str]) -> Path:
    here = Path(__file__).parent
    parts = [*args, f"tty={sys.stdout.isatty()}", f"enc={sys.stdout.encoding}"]
    if sys.stdout.isatty():
        parts.append(f"cols={os.get_terminal_size(sys.stdout.fileno()).columns}")
    parts += [f"{key}={os.environ.get(key, '')}" for key in _ENV_KEYS]
    import importlib.util

    typer_spec = importlib.util.find_spec("typer")
    typer_dir = Path(typer_spec.origin).parent if typer_spec and typer_spec.origin else here
    for path in [here / name for name in _SOURCES] + [typer_dir / "rich_utils.py"]:
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    key = zlib.crc32("\0".join(parts).encode("utf-8", "replace"))
    return _cache_dir() / "help" / f"{key:08x}.txt"


def _cache_dir() -> Path:
    home = os.environ.get("PMLEVEL_HOME")
    if home:
        return Path(home) / "cache"
    import platformdirs

    path = Path(platformdirs.user_cache_dir("pmlevel", appauthor=False))
    user_home = os.environ.get("HOME")
    if user_home and path.is_relative_to(user_home) and not Path(user_home).is_dir():
        raise FileNotFoundError(user_home)  # no cache rather than a home made up for it
    return path


def _print_cached(entry: Path) -> bool:
    try:
        raw = entry.read_bytes()
        check, _, text = raw.partition(b"\n")
        if int(check, 16) != zlib.crc32(text):
            return False
        shown = text.decode("utf-8")
    except (OSError, ValueError, UnicodeError):
        return False
    _write(sys.stdout, shown)
    return True


def _write(stream: TextIO, text: str) -> None:
    """Write to stdout; a reader that went away (``| head -1``) ends it quietly."""
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


class _Capture:
    """Stands in for stdout while the help is drawn, so the text can be kept too."""

    def __init__(self, real: object) -> None:
        self._real = real
        self.parts: list[str] = []

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        self.parts.append(text)
        return len(text)

    @property
    def buffer(self) -> _Capture:  # some writers go to the binary buffer
        return self

    def __getattr__(self, name: str) -> object:  # isatty, encoding, fileno, flush...
        return getattr(self._real, name)


def _draw_and_keep(entry: Path) -> None:
    from pmlevel.cli import main as cli_main

    real = sys.stdout
    capture = _Capture(real)
    sys.stdout = capture  # type: ignore[assignment,unused-ignore]
    code: str | int | None = 0
    try:
        cli_main()
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.stdout = real
    text = "".join(capture.parts)
    if code in (0, None):
        _keep(entry, text)
    _write(real, text)
    sys.exit(code)


def _keep(entry: Path, text: str) -> None:
    data = text.encode("utf-8")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(f"{zlib.crc32(data):08x}\n".encode() + data)
        tmp.replace(entry)
    except OSError:
        return  # no cache: the help is drawn again next time
