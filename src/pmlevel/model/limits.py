"""Size limits of a model file, one constant each, here only (README "Your own ladder").

Generous for any real ladder (the bundled one has 19 skills, 5 levels, 5 points),
small enough that the largest model accepted assesses in well under a second: the
path search costs about skills * skills * (scale points) steps (assess/estimate.py).

A module of its own, without pydantic: answers and results check names against
``MAX_NAME_CHARS`` on every command, and importing the model-file schema for one
number cost ``assess`` and ``report`` about 15 ms (``python bench/imports.py``).
``pmlevel.model.schema`` uses these and still offers them under its own name.
"""

from __future__ import annotations

MAX_SKILLS = 100
MAX_LEVELS = 20
MAX_TRACKS = 10
MAX_SCALE_POINTS = 11  # e.g. 0-10
MAX_RATING = 1000  # the scale's ends lie within -MAX_RATING..MAX_RATING
MAX_NAME_CHARS = 200  # a name or a category, in each language
MAX_TEXT_CHARS = 2000  # a description, summary, anchor, action, question, experience
MAX_ITEMS = 50  # actions (per target), questions, responsibilities, aliases of one owner
MAX_LANGUAGES = 10  # languages in one text
