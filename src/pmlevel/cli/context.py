"""The execution context: everything a command needs from the outside world, in one object.

Built once per run from the command line and the environment
(:meth:`Context.from_environment`); no other module reads ``os.environ``,
``sys.argv`` or asks whether a stream is a terminal. Tests build their own
``Context`` to fake a pipe, a dumb terminal, 40 columns, another language or
another data directory::

    Context(lang="zh", width=40, no_color=True, stdout=io.StringIO(), home=tmp_path,
            clock=lambda: dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC))
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pmlevel.text.i18n import Translator, detect_language, known_language

if TYPE_CHECKING:
    from rich.console import Console

    from pmlevel.model.ladder import LevelModel
    from pmlevel.store.workspace import Workspace


FALLBACK_WIDTH = 80  # columns when COLUMNS says 0


@dataclass
class Context:
    lang: str = "en"
    model_path: Path | None = None
    home: Path | None = None  # PMLEVEL_HOME: data, cache and drafts all below it
    debug: bool = False
    stdin_isatty: bool = False
    no_color: bool = False  # NO_COLOR or TERM=dumb: no escape sequences at all
    width: int | None = None  # COLUMNS; None lets Rich ask the terminal
    no_reminder: bool = False  # PMLEVEL_NO_REMINDER
    user_home: Path | None = None  # HOME: never created when it does not exist
    stdout: TextIO | None = None  # None: the process's own streams
    stderr: TextIO | None = None
    # The clock: "now" as an aware datetime in the local time zone. The one place that
    # reads the calendar, so a test can stand on any day.
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now().astimezone())

    @classmethod
    def from_environment(
        cls,
        *,
        argv: Sequence[str] = (),
        environ: Mapping[str, str] | None = None,
    ) -> Context:
        """The context of this run: global options in *argv* (before the command) and the
        environment. The Typer callback later applies the options as click parsed them."""
        env = os.environ if environ is None else environ
        model = _option_value(argv, "--model") or env.get("PMLEVEL_MODEL")
        home = env.get("PMLEVEL_HOME")
        columns = env.get("COLUMNS", "")
        return cls(
            # A --lang the parser will refuse (fr) must not decide the language the
            # refusal is written in: the environment does.
            lang=detect_language(known_language(_option_value(argv, "--lang")), env),
            model_path=Path(model) if model else None,
            home=Path(home) if home else None,
            debug="--debug" in argv,
            stdin_isatty=_isatty(sys.stdin),
            no_color=bool(env.get("NO_COLOR")) or env.get("TERM") == "dumb",
            width=_columns(columns),
            no_reminder=bool(env.get("PMLEVEL_NO_REMINDER")),
            user_home=Path(env["HOME"]) if env.get("HOME") else None,
        )

    # -- time ------------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        """This moment, local time zone, to the second (results are dated with it)."""
        return self.clock().replace(microsecond=0)

    def today(self) -> dt.date:
        return self.clock().date()

    # -- language ----------------------------------------------------------------------

    @property
    def t(self) -> Translator:
        return Translator(self.lang)

    # -- where files live ------------------------------------------------------------------

    def _dir(self, kind: str) -> Path:
        if self.home is not None:
            return self.home if kind == "data" else self.home / kind
        import platformdirs

        finder = getattr(platformdirs, f"user_{kind}_dir")
        return Path(finder("pmlevel", appauthor=False))

    def _kept_dir(self, kind: str) -> Path:
        """Where files of *kind* are kept; a :class:`UsageError` when that is below a home
        directory that does not exist (``HOME=/nonexistent/x``): pmlevel does not make one.
        """
        path = self._dir(kind)
        if self._home_missing(path):
            from pmlevel.errors import UsageError

            raise UsageError("home_missing", home=str(self.user_home))
        return path

    def _home_missing(self, path: Path) -> bool:
        if self.home is not None:
            return False
        user_home = self.user_home
        if user_home is None:
            return False
        return path.is_relative_to(user_home) and not user_home.is_dir()

    @property
    def data_dir(self) -> Path:
        return self._kept_dir("data")

    @property
    def cache_dir(self) -> Path:
        return self._kept_dir("cache")

    @property
    def state_dir(self) -> Path:
        return self._kept_dir("state")

    # -- output -------------------------------------------------------------------------

    @cached_property
    def out(self) -> Console:
        return self._console(self.stdout)

    @cached_property
    def err(self) -> Console:
        return self._console(self.stderr, stderr=True)

    def _console(self, file: TextIO | None, *, stderr: bool = False) -> Console:
        from rich.console import Console

        options: dict[str, Any] = {"highlight": False, "stderr": stderr and file is None}
        if file is not None:
            options["file"] = file
        if self.no_color:
            # No colour, and no bold or dim either: NO_COLOR users get plain text.
            options["color_system"] = None
        if self.width is not None:
            options["width"] = self.width
        return Console(**options)

    @property
    def stdout_unicode(self) -> bool:
        """Whether stdout can carry any character (``PYTHONIOENCODING=ascii`` cannot)."""
        encoding = getattr(self.stdout or sys.stdout, "encoding", None) or "utf-8"
        return encoding.lower().startswith("utf")

    # -- what the services get ---------------------------------------------------------

    def workspace(self) -> Workspace:
        """The parts of this run a service needs: no console in it."""
        from pmlevel.store.workspace import Workspace

        return Workspace(
            model=self.model,
            data_dir=self.data_dir,
            state_dir=self.state_dir,
            lang=self.lang,
            clock=self.clock,
            can_ask=self.stdin_isatty,
        )

    # -- the model ----------------------------------------------------------------------

    @cached_property
    def model(self) -> LevelModel:
        return self.load_model(self.model_path)

    def load_model(self, path: Path | None) -> LevelModel:
        """The model in *path* (the bundled one for None), through the cache: the run's
        own model, or the two versions ``diff`` compares."""
        from pmlevel.model.loader import load_model

        cache_dir = self._dir("cache")
        # Below a home that does not exist, models are simply not cached.
        return load_model(path, cache_dir=None if self._home_missing(cache_dir) else cache_dir)


def context_of(ctx: Any) -> Context:
    """The run's :class:`Context`, from a Typer/click context (carried untyped as ``obj``)."""
    obj = ctx.find_object(Context)
    if obj is None:  # invoked without LocalisedGroup.main, e.g. by a test's own runner
        obj = ctx.ensure_object(Context)
    assert isinstance(obj, Context)
    return obj


def _option_value(argv: Sequence[str], name: str) -> str | None:
    """The value of option *name* in *argv* (``--lang zh`` or ``--lang=zh``), if given."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _columns(value: str) -> int | None:
    """The width COLUMNS gives; None when unset or not a number (Rich asks the terminal).

    ``COLUMNS=0`` is 80: Rich would take it at its word and draw every line, errors
    included, in no columns at all, printing nothing.
    """
    if not value.isascii() or not value.isdigit():
        return None
    return int(value) or FALLBACK_WIDTH


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (ValueError, OSError):
        return False
