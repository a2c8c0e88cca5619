"""A :class:`~pmlevel.render.document.Document` as the text of a file, by its suffix."""

from __future__ import annotations

from pmlevel.render.document import Document, first_radar


def draw(document: Document, suffix: str) -> str:
    """The document as the text of a ``.md``, ``.html`` or ``.svg`` file (the radar alone)."""
    # Each format's renderer is imported only when that format is written.
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
