"""``python -m pmlevel`` works like ``pmlevel``."""

from pmlevel.launch import main

main()
