"""pmlevel: find your product-manager level and the cheapest path to the next one.

The library works without a terminal (the README's "Library" section, tested)::

    from pmlevel import build_result, estimate, load_model
    model = load_model()                          # the bundled model, or load_model(path)
    ratings = {skill.id: 3 for skill in model.skills}
    estimate(model, ratings).level                # 'mid', 'senior', ... or None
    result = build_result(model, ratings, subject="Li Lei")
    write_result(Path("li-lei.json"), result)     # read_result(path) reads it back

Answers files: ``read_answers(path, model)`` and ``write_answers(path, answers)``.

Names are imported on first use so that ``import pmlevel`` (and so the CLI's
start-up) stays cheap. ``estimate`` is the exception: it shares its name with
the module ``pmlevel.assess.estimate``, and only an import here makes the package's
``estimate`` the function whatever was imported before (it costs about 3 ms).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_model": "pmlevel.model.loader",
    "parse_model": "pmlevel.model.loader",
    "LevelModel": "pmlevel.model.ladder",
    "estimate": "pmlevel.assess.estimate",
    "Estimate": "pmlevel.assess.estimate",
    "build_result": "pmlevel.assess.result",
    "read_result": "pmlevel.assess.result",
    "write_result": "pmlevel.assess.result",
    "Result": "pmlevel.assess.result",
    "Answers": "pmlevel.assess.answers",
    "read_answers": "pmlevel.assess.answers",
    "write_answers": "pmlevel.assess.answers",
    "PmlevelError": "pmlevel.errors",
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
