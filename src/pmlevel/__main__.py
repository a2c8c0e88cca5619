"""``python -m pmlevel`` works like ``pmlevel``."""

from pmlevel.cli import main

main()
