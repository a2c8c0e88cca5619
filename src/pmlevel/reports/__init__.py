"""Each report's layout, one module per command that shows it (``reports/plan.py`` for
``pmlevel plan``): the core's plain value in, a :class:`~pmlevel.render.document.Document`
out. No terminal here; :mod:`pmlevel.render` draws the documents."""
