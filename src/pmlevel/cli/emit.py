"""The one way out for a report: screen, ``--json`` or ``-o`` (docs/reference.md#output-options).

A command builds a :class:`Report` (its document, its JSON, any file that is not a
drawing of the document) and :func:`emit` decides where it goes. The suffixes a
command writes are declared beside the command, as a :class:`Formats` value
(``@command("cmd_plan", writes=DOCUMENT)``), and checked by :func:`check_output`
before the command does any work, so a typo in ``-o`` never costs an interview.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlevel.errors import UsageError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from pmlevel.cli.context import Context
    from pmlevel.render.document import Document


@dataclass(frozen=True)
class Formats:
    """The suffixes a command's ``-o`` takes, in the order the help lists them."""

    suffixes: tuple[str, ...]

    def __add__(self, other: Formats) -> Formats:
        return Formats(self.suffixes + tuple(s for s in other.suffixes if s not in self.suffixes))

    def check(self, path: Path) -> str:
        """The format of *path* (its lower-case suffix), or a UsageError naming the formats."""
        suffix = path.suffix.lower()
        if suffix not in self.suffixes:
            raise UsageError(
                "export_unknown_suffix", path=str(path), formats=", ".join(self.suffixes)
            )
        if not path.parent.is_dir():
            raise UsageError("export_no_directory", path=str(path), directory=str(path.parent))
        return suffix


# Drawn from a report's document by render/: Markdown and HTML for every report, the
# radar as SVG for a result.
DOCUMENT = Formats((".md", ".html"))
RESULT = Formats((".json", ".md", ".html", ".svg"))
CSV = Formats((".csv",))
# A listing (history, the skill matrix): a spreadsheet, or a document to read.
TABULAR = CSV + DOCUMENT
DRAWN = frozenset({".md", ".html", ".svg"})


@dataclass
class Report:
    """What one command shows, built lazily: nothing is drawn that is not asked for.

    - *document*: the report as a :class:`Document`, for ``-o .md/.html/.svg``;
    - *screen*: its screen version when it differs (shorter lists), else *document*;
    - *json*: the ``--json`` data (a value :func:`json.dumps` takes, or its text), or
      *json_stream*: its text in pieces, for a listing too long to hold (``history``);
    - *files*: the text of each ``-o`` format that is not a drawing of the document
      (a result's ``.json``, a ``.csv``, the form's page), whole or as a stream of
      pieces (``history -o all.csv`` writes 100,000 rows a page at a time);
    - *after*: lines for stderr once the report is out (the review reminder);
    - *written*: the ``-o`` file a service wrote already, at the moment its order
      required (``assess`` writes it before saving, so a bad path loses nothing).
    """

    document: Callable[[], Document] | None = None
    screen: Callable[[], Document] | None = None
    json: Callable[[], Any] | None = None
    json_stream: Callable[[], Iterable[str]] | None = None
    files: Mapping[str, Callable[[], str | Iterable[str]]] = field(default_factory=dict)
    after: Sequence[RenderableType] = ()
    written: Path | None = None


def check_output(formats: Formats, path: Path | None, *, force: bool = False) -> None:
    """Refuse a bad ``-o`` before any work: a suffix the command does not write, a folder
    that does not exist, a read-only file without ``--force`` (store/atomic.py)."""
    if path is not None:
        from pmlevel.store.atomic import replaceable

        formats.check(path)
        replaceable(path, force=force)


def emit(
    c: Context,
    report: Report,
    *,
    formats: Formats,
    output: Path | None = None,
    as_json: bool = False,
    force: bool = False,
) -> None:
    """Write ``-o`` (atomically, then ``Wrote FILE`` on stderr), then ``--json`` or the screen.

    With ``-o`` the screen shows only what was written: the report is in the file, and
    drawing it too would scroll ``Wrote FILE`` out of sight. ``--json`` still prints
    the JSON when it is asked for beside ``-o``.
    """
    if output is not None and report.written != output:
        write_file(c, report, formats, output, force=force)
    if as_json and report.json_stream is not None:
        import typer

        for piece in report.json_stream():
            typer.echo(piece, nl=False)
        typer.echo("")
    elif as_json and report.json is not None:
        echo_json(c, report.json())
    elif output is None:
        show(c, report)
    for line in report.after:
        c.err.print(line, soft_wrap=True)


def write_file(
    c: Context, report: Report, formats: Formats, path: Path, *, force: bool = False
) -> None:
    """Write one ``-o`` file atomically; a file replaced keeps its permissions, a
    read-only one only with *force* (``--force``)."""
    from pmlevel.store.atomic import write_atomic

    suffix = formats.check(path)
    produce = report.files.get(suffix)
    data: str | Iterable[str]
    if produce is not None:
        data = produce()
    elif suffix in DRAWN and report.document is not None:
        from pmlevel.render.draw import draw

        data = draw(report.document(), suffix)
    else:  # a Formats value that promises what its report cannot give: a bug, not input
        raise ValueError(f"the report has nothing to write as {suffix}")
    write_atomic(path, data, force=force)
    c.err.print(c.t("export_wrote", path=str(path)), markup=False, highlight=False, soft_wrap=True)


def show(c: Context, report: Report, *, on_stderr: bool = False) -> None:
    """The report on the screen: stdout, or stderr where it explains an error."""
    console = c.err if on_stderr else c.out
    made = report.screen or report.document
    if made is not None:
        from pmlevel.render.screen import document_screen

        console.print(document_screen(made()))


def echo_json(c: Context, data: Any) -> None:
    """Print JSON; where stdout cannot carry UTF-8 it is escaped (``\\u4e2d``), still valid."""
    import typer

    if isinstance(data, str):  # already JSON text (a result keeps its own layout)
        text = data if c.stdout_unicode else json.dumps(json.loads(data), indent=2)
    else:
        text = json.dumps(data, ensure_ascii=not c.stdout_unicode, indent=2)
    typer.echo(text)
