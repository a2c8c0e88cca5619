"""pmlevel: find your product-manager level and the cheapest path to the next one.

The library API works without a terminal::

    from pmlevel import load_model, estimate
    model = load_model()                    # the bundled model
    estimate(model, {"data-analysis": 3, ...})

Names are imported on first use so that ``import pmlevel`` (and so the CLI's
start-up) stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_model": "pmlevel.loader",
    "parse_model": "pmlevel.loader",
    "LevelModel": "pmlevel.model",
    "InputError": "pmlevel.errors",
    "Problem": "pmlevel.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pmlevel' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
