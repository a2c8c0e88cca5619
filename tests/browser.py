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


def shared_form_page() -> Any:
    """The test process's one page for form tests that keep nothing in the browser
    between documents: no init script, no listener, no route of their own.

    A fresh context gives a test an empty storage, and its page (a renderer) is what
    costs: about half a CPU-second of Chromium's each. `pytest -n0 -p no:cacheprovider
    tests/test_form.py tests/test_form_could_not_observe.py` took 27.1 CPU-seconds with a
    context per test, 19.4 with this page shared by the 13 tests of the 20 that can (the
    process tree's, Chromium's included: a cpuacct cgroup's usage). Such a test sees
    nothing another left: each goto is a new document, downloads and dialogs end with the
    test that caused them, and the storage (the forms' drafts, the only thing they keep,
    each under its own file's key) is cleared before the page is handed on. A test that
    adds an init script or a listener, or looks at the storage itself, takes a context of
    its own (test_form.py: ``own_context``).
    """
    page = _SHARED.get("form_page")
    if page is None or page.is_closed():
        from conftest import BACKSTOP

        context = shared_browser().new_context(accept_downloads=True)
        context.set_default_timeout(BACKSTOP * 1000)  # waits are for events; a hang guard
        page = context.new_page()
        _SHARED["form_page"] = page
    elif page.url.startswith("file:"):
        page.evaluate("() => localStorage.clear()")
    return page


def stop_shared_browser() -> None:
    _SHARED.pop("form_page", None)
    browser = _SHARED.pop("browser", None)
    if browser is not None:
        browser.close()
        _SHARED.pop("playwright").stop()
