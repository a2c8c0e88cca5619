"""Typer's ``CliRunner``, run on pmlevel's click group as the process builds it once.

``typer.testing.CliRunner.invoke(app, ...)`` builds the whole command tree from the
Typer app on every call (each command's signature read, each option made: about 8 ms,
some thousands of times a suite). This runner invokes :func:`pmlevel.cli.app.command`,
the group ``main()`` runs, built once per process; everything else is Typer's runner:
the same isolation of streams and environment, the same exit codes and exceptions in
the same :class:`~typer.testing.Result`. Help still comes out in each run's language:
it is translated when drawn, from message ids (``cli/typer_i18n.py``).
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import typer
import typer.testing
from typer.testing import Result

from pmlevel.cli.app import app as pmlevel_app
from pmlevel.cli.app import command

__all__ = ["CliRunner", "Result"]


class CliRunner(typer.testing.CliRunner):
    def invoke(
        self,
        app: typer.Typer,
        args: str | Sequence[str] | None = None,
        input: bytes | str | None = None,
        env: Mapping[str, str | None] | None = None,
        catch_exceptions: bool = True,
        color: bool = False,
        **extra: Any,
    ) -> Result:
        """As :meth:`typer.testing.CliRunner.invoke`, for pmlevel's app (any other app is
        built as Typer builds it)."""
        cli = command() if app is pmlevel_app else typer.main.get_command(app)
        exc_info: Any = None
        with self.isolation(input=input, env=env, color=color) as outstreams:
            return_value = None
            exception: BaseException | None = None
            exit_code = 0
            if isinstance(args, str):
                args = shlex.split(args)
            if "prog_name" in extra:
                prog_name = extra.pop("prog_name")
            else:
                prog_name = self.get_default_prog_name(cli)
            try:
                return_value = cli.main(args=args or (), prog_name=prog_name, **extra)
            except SystemExit as e:
                exc_info = sys.exc_info()
                code: Any = e.code
                if code is None:
                    code = 0
                if code != 0:
                    exception = e
                if not isinstance(code, int):
                    sys.stdout.write(str(code))
                    sys.stdout.write("\n")
                    code = 1
                exit_code = code
            except Exception as e:
                if not catch_exceptions:
                    raise
                exception = e
                exit_code = 1
                exc_info = sys.exc_info()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                stdout = outstreams[0].getvalue()
                stderr = outstreams[1].getvalue()
                output = outstreams[2].getvalue()
        return Result(
            runner=self,
            stdout_bytes=stdout,
            stderr_bytes=stderr,
            output_bytes=output,
            return_value=return_value,
            exit_code=exit_code,
            exception=exception,
            exc_info=exc_info,
        )
