"""``-o FILE`` for every command, in one place (SPEC §4).

:data:`FORMATS` says which suffixes each command writes. :func:`check_output`
refuses any other suffix (a :class:`UsageError`, exit 2, naming the command's
formats) and a missing directory; commands call it before doing any work, so a
typo never costs an interview. :func:`write_output` draws the document in the
chosen format, writes it atomically and says ``Wrote FILE`` on stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from rich.console import Console

from pmlevel.errors import UsageError
from pmlevel.render.document import Document, first_radar
from pmlevel.store.atomic import write_atomic
from pmlevel.text.i18n import Translator

DOCUMENTS = (".md", ".html")
RESULTS = (".json", ".md", ".html", ".svg")

# Command -> the suffixes its -o takes (SPEC §4). ".json" and ".csv" are written
# by the command's own producer (see write_output); the rest are drawn from its
# document.
FORMATS: dict[str, tuple[str, ...]] = {
    "assess": RESULTS,
    "report": RESULTS,
    "agree": RESULTS,
    "plan": DOCUMENTS,
    "progress": DOCUMENTS,
    "merge": DOCUMENTS,
    "team": (*DOCUMENTS, ".csv"),
    "history": (".csv",),
    "case": DOCUMENTS,
    "jd": DOCUMENTS,
    "interview": DOCUMENTS,
    "form": (".html",),
}


def check_output(command: str, path: Path) -> str:
    """The format of ``-o path`` for *command* (its lower-case suffix), or a UsageError."""
    formats = FORMATS[command]
    suffix = path.suffix.lower()
    if suffix not in formats:
        raise UsageError("export_unknown_suffix", path=str(path), formats=", ".join(formats))
    if not path.parent.is_dir():
        raise UsageError("export_no_directory", path=str(path), directory=str(path.parent))
    return suffix


def draw(document: Document, suffix: str) -> str:
    """The document as the text of a ``.md``, ``.html`` or ``.svg`` file."""
    if suffix == ".md":
        from pmlevel.render.markdown import document_markdown

        return document_markdown(document)
    if suffix == ".html":
        from pmlevel.render.html import document_html

        return document_html(document)
    if suffix == ".svg":
        from pmlevel.render.svg import radar_svg

        radar = first_radar(document)
        if radar is None:
            raise ValueError(f"{document.title!r} has no chart to draw as SVG")
        return radar_svg(radar, standalone=True)
    raise ValueError(f"no renderer for {suffix}")


def write_output(
    err: Console,
    t: Translator,
    command: str,
    path: Path,
    document: Document | Callable[[], Document] | None,
    producers: Mapping[str, Callable[[], str | Iterable[str]]] | None = None,
) -> None:
    """Write *command*'s ``-o path`` atomically, then say ``Wrote FILE`` on *err*.

    *producers* make the formats that are not a drawing of the document (a
    result's ``.json``; a stream of pieces, ``history``'s ``.csv``); *document* may
    be a function, so it is only built when needed.
    """
    suffix = check_output(command, path)
    data: str | Iterable[str]
    if producers and suffix in producers:
        data = producers[suffix]()
    elif document is not None:
        data = draw(document() if callable(document) else document, suffix)
    else:
        raise ValueError(f"{command} has nothing to write as {suffix}")
    write_atomic(path, data)
    err.print(t("export_wrote", path=str(path)), markup=False, highlight=False, soft_wrap=True)
