"""The formats: a :class:`~pmlevel.render.document.Document` drawn on the screen (Rich), as
Markdown, as HTML and SVG, and tables as CSV. Nothing here decides anything; each report's
layout is in :mod:`pmlevel.reports`."""
