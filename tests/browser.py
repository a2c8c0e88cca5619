"""The system Chromium, driven by Playwright, for tests of pages pmlevel writes.

A test that needs it calls :func:`chromium_path`: without Chromium (or without
Playwright) the test is skipped with the reason, except when
``PMLEVEL_REQUIRE_BROWSER=1``, where it fails: CI that has a browser must run it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    missing = None
    if importlib.util.find_spec("playwright") is None:
        missing = "Playwright is not installed (pip install -e '.[test]')"
    elif path is None:
        missing = "no Chromium on PATH (install the chromium package)"
    if missing is not None:
        if os.environ.get("PMLEVEL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PMLEVEL_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    assert path is not None
    return path
