"""The system Chromium, driven by Playwright, for tests of pages pmlevel writes.

A test that needs it uses :func:`shared_browser` (or conftest's ``chromium``
fixture); :func:`chromium_path` decides: without Chromium (or without
Playwright) the test is skipped with the reason, except when
``PMLEVEL_REQUIRE_BROWSER=1``, where it fails: CI that has a browser must run it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from typing import Any

import pytest

_SHARED: dict[str, Any] = {}


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


def shared_browser() -> Any:
    """The test process's one Chromium, started on first use.

    Playwright's sync API runs one instance at a time, so every browser test
    shares this one (``stop_shared_browser`` ends it with the session); starting
    a browser is also the slow part of these tests.
    """
    if "browser" not in _SHARED:
        executable = chromium_path()
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(executable_path=executable)
    return _SHARED["browser"]


def stop_shared_browser() -> None:
    browser = _SHARED.pop("browser", None)
    if browser is not None:
        browser.close()
        _SHARED.pop("playwright").stop()
