"""The HTML reports in a real browser: the system Chromium, driven by Playwright.

For a result, a plan, a merge and a team report in Chinese and English: a
screenshot at 1280 px and at 390 px (a phone) and a print to A4 PDF, and checks
made from the page itself: nothing wider than the page or any table wider than
its box, every radar label inside the chart, no request leaving the file, and
Chinese not pulled apart into spaced glyphs.

Playwright's own browser download is not reachable from everywhere, so it is
pointed at the system ``chromium`` (Debian's package; tests/browser.py). Without
one the tests are skipped, saying why; with ``PMLEVEL_REQUIRE_BROWSER=1`` (as
``.ci/run`` sets) a missing browser is a failure instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cli_runner import CliRunner
from conftest import BACKSTOP
from pmlevel.cli.app import app

LANGS = ("zh", "en")
REPORTS = ("result", "plan", "merge", "team")


@pytest.fixture(scope="session")
def browser(chromium: Any) -> Any:
    """The session's Chromium (conftest.py; skipped, saying why, when none is installed)."""
    return chromium


def _write_answers(folder: Path, name: str, role: str, base: int, skills: list[str]) -> Path:
    ratings = ", ".join(f"{s}: {max(1, min(5, base + (i % 3) - 1))}" for i, s in enumerate(skills))
    path = folder / f"{name}-{role}.yaml"
    path.write_text(
        f"ratings: {{{ratings}}}\n"
        f"subject: {name}\n"
        f"rater: {{role: {role}, name: {name if role == 'self' else 'Han Meimei 韩梅梅'}}}\n"
        "notes: {data-analysis: 'Ran the Q3 funnel analysis (Li Lei) | <b>数据分析</b> "
        "that changed onboarding'}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The four reports in both languages, written by the commands themselves."""
    from pmlevel.model.loader import load_model

    root = tmp_path_factory.mktemp("browser")
    skills = [s.id for s in load_model().skills]
    env = {"PMLEVEL_HOME": str(root / "home"), "COLUMNS": "100", "PMLEVEL_NO_REMINDER": "1"}
    (root / "home").mkdir()

    def run(*args: str) -> None:
        done = CliRunner().invoke(app, list(args), env=env)
        assert done.exit_code == 0, done.output

    team = root / "team"
    team.mkdir()
    people = [("李雷", 3), ("Han Meimei", 2), ("Zhang Wei", 4), ("王芳", 3)]
    for name, base in people:
        answers = _write_answers(root, name, "self", base, skills)
        run(
            "assess", "--answers", str(answers), "--no-save", "-o", str(team / f"{base}{name}.json")
        )
    mine = _write_answers(root, "李雷", "self", 3, skills)
    boss = _write_answers(root, "李雷", "manager", 2, skills)
    run("assess", "--answers", str(mine), "--no-save", "-o", str(root / "self.json"))
    run("assess", "--answers", str(boss), "--no-save", "-o", str(root / "manager.json"))
    out: dict[tuple[str, str], Path] = {}
    for lang in LANGS:
        files = {name: root / f"{name}-{lang}.html" for name in REPORTS}
        run("--lang", lang, "report", str(root / "self.json"), "-o", str(files["result"]))
        run("--lang", lang, "plan", str(root / "self.json"), "-o", str(files["plan"]))
        merge = ("merge", str(root / "self.json"), str(root / "manager.json"))
        run("--lang", lang, *merge, "-o", str(files["merge"]))
        run("--lang", lang, "team", str(team), "-o", str(files["team"]))
        # The hiring and promotion documents, drawn by the same renderer.
        for name, args in {
            "jd": ("jd", "senior"),
            "interview": ("interview", "senior"),
            "case": ("case", str(root / "self.json"), str(root / "manager.json")),
        }.items():
            files[name] = root / f"{name}-{lang}.html"
            run("--lang", lang, *args, "-o", str(files[name]))
        out.update({(name, lang): path for name, path in files.items()})
    return out


class Viewer:
    """The worker's one page for looking at reports, and the requests the current one made.

    A new page (a renderer) for each test cost Chromium more than all the checks on it:
    ``pytest -n0 tests/test_browser.py`` took 33.9 CPU-seconds with one per test, 15.4 with
    this one (the whole process tree's, Chromium's included: a cpuacct cgroup's usage). The
    reports carry no script (each test asserts it), store nothing and are opened with
    ``goto`` as a new document, so one page shows each as a fresh one would; what a test
    changes on it (width, print media) is set back by :meth:`open`, and the request watch
    is re-armed for every report.
    """

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.page.set_default_timeout(BACKSTOP * 1000)  # waits are for events; a hang guard
        self.requests: list[str] = []
        self.page.route("**/*", self._watch)

    def _watch(self, route: Any) -> None:
        self.requests.append(route.request.url)
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    def open(self, path: Path, width: int) -> tuple[Any, list[str]]:
        """The page showing *path* at *width* on a screen, and the list every request it
        makes lands in."""
        page = self.page
        page.emulate_media(media="null")  # no emulation: a screen, as a new page has
        page.set_viewport_size({"width": width, "height": 900})
        self.requests = []
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return page, self.requests


@pytest.fixture(scope="module")
def viewer(browser: Any) -> Iterator[Viewer]:
    shown = Viewer(browser)
    yield shown
    shown.context.close()


OVERFLOW = """() => {
  const wide = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) wide.push(`page ${doc.scrollWidth} > ${doc.clientWidth}`);
  for (const el of document.querySelectorAll('table, .table, pre, figure, dl, section')) {
    if (el.scrollWidth > el.clientWidth + 1)
      wide.push(`${el.tagName} ${el.scrollWidth}>${el.clientWidth} ${el.textContent.slice(0, 30)}`);
    const box = el.getBoundingClientRect();
    if (box.right > doc.clientWidth + 1) wide.push(`${el.tagName} right edge ${box.right}`);
  }
  return wide;
}"""

LABELS_OUTSIDE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('svg.radar')) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 ||
          r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        out.push(`${text.textContent} [${r.left},${r.right}] outside [${box.left},${box.right}]`);
    }
  }
  return out;
}"""

# Chinese is "split into spaced glyphs" when letters are spread out (letter-spacing,
# justified text) or each character sits in a box of its own: then a run of
# Chinese is much wider than the same characters set as one word.
SPACED_CJK = """() => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const probe = document.createElement('span');
  probe.style.cssText = 'position:absolute;white-space:nowrap;visibility:hidden';
  document.body.appendChild(probe);
  let checked = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!el || el.closest('svg') || !/[\\u4e00-\\u9fff]{4}/.test(node.textContent)) continue;
    const style = getComputedStyle(el);
    if (style.letterSpacing !== 'normal' && parseFloat(style.letterSpacing) > 0.5)
      bad.push(`letter-spacing ${style.letterSpacing}: ${node.textContent.slice(0, 20)}`);
    if (style.textAlign === 'justify') bad.push(`justified: ${node.textContent.slice(0, 20)}`);
    const run = node.textContent.match(/[\\u4e00-\\u9fff]{4,}/)[0];
    const range = document.createRange();
    const start = node.textContent.indexOf(run);
    range.setStart(node, start);
    range.setEnd(node, start + run.length);
    const rects = Array.from(range.getClientRects());
    const drawn = rects.reduce((sum, r) => sum + r.width, 0);
    probe.style.font = style.font;
    probe.textContent = run;
    const natural = probe.getBoundingClientRect().width;
    if (drawn > natural * 1.15 + 2) bad.push(`spread ${drawn} vs ${natural}: ${run}`);
    checked += 1;
  }
  probe.remove();
  return {bad, checked};
}"""

SHOTS = (
    Path(os.environ.get("PMLEVEL_BROWSER_SHOTS", ""))
    if os.environ.get("PMLEVEL_BROWSER_SHOTS")
    else None
)
# Kept for people (PMLEVEL_BROWSER_SHOTS) as PNG; otherwise only to prove a page was drawn,
# and JPEG is the cheaper encoding (`pytest -n0 -p no:cacheprovider tests/test_browser.py
# -k fits_the_screen`: 7.3-7.6 CPU-seconds with PNG, 6.8 with JPEG, Chromium's included, in a
# cpuacct cgroup). The size floor means the same for both: a blank page is
# 5.3 kB of PNG and 7.6 kB of JPEG at 1280 px, 2.9 kB of either at 390 px; a report is
# 150-470 kB of either.
SHOT_TYPE = "png" if SHOTS else "jpeg"


# A desktop and a phone. One page is looked at in each: the reports carry no script, so a
# page resized to the phone's width is laid out as one opened at it.
WIDTHS = (1280, 390)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("report", REPORTS)
def test_report_fits_the_screen_and_fetches_nothing(
    viewer: Viewer,
    reports: dict[tuple[str, str], Path],
    report: str,
    lang: str,
    tmp_path: Path,
) -> None:
    page, requests = viewer.open(reports[report, lang], WIDTHS[0])
    assert page.locator("script").count() == 0  # nothing to run again at another width
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shot = (SHOTS or tmp_path) / f"{report}-{lang}-{width}.{SHOT_TYPE}"
        page.screenshot(path=str(shot), type=SHOT_TYPE, full_page=True)
        assert shot.stat().st_size > 5000, width  # a page was drawn
        assert page.evaluate(OVERFLOW) == [], width
        assert page.evaluate(LABELS_OUTSIDE) == [], width
        spaced = page.evaluate(SPACED_CJK)
        assert spaced["bad"] == [], width
        if lang == "zh":
            assert spaced["checked"] > 3, width  # the check saw Chinese text
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    if report == "plan":
        assert page.locator("ul.checks li").count() >= 3  # growth actions, general steps
    else:
        assert page.locator("table thead").count() >= 1
    if report == "result":
        labels = "".join(page.locator("svg.radar text").all_text_contents())
        assert "数据分析能力" in labels or "DataAnalysis" in labels.replace(" ", "")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("report", REPORTS)
def test_report_prints_to_a4_with_nothing_cut_off(
    viewer: Viewer,
    reports: dict[tuple[str, str], Path],
    report: str,
    lang: str,
    tmp_path: Path,
) -> None:
    page, requests = viewer.open(reports[report, lang], 800)
    page.emulate_media(media="print")
    # The A4 text width at 96 px/in, less the 14 mm margins: what print lays out in.
    page.set_viewport_size({"width": 680, "height": 1000})
    assert page.evaluate(OVERFLOW) == []
    assert page.evaluate(LABELS_OUTSIDE) == []
    repeat = page.evaluate(
        "() => Array.from(document.querySelectorAll('thead')).map(t => getComputedStyle(t).display)"
    )
    if report != "plan":  # the plan is headings and checklists
        assert repeat and set(repeat) == {"table-header-group"}  # repeated on every page
    pdf = (SHOTS or tmp_path) / f"{report}-{lang}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("report", ["jd", "interview", "case"])
def test_hiring_and_promotion_documents_fit_too(
    viewer: Viewer, reports: dict[tuple[str, str], Path], report: str, lang: str
) -> None:
    page, requests = viewer.open(reports[report, lang], WIDTHS[0])
    assert page.locator("script").count() == 0  # nothing to run again at another width
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(OVERFLOW) == [], width
        assert page.evaluate(SPACED_CJK)["bad"] == [], width
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []


@pytest.mark.parametrize(("required", "outcome"), [("1", "1 error"), ("", "1 skipped")])
def test_without_chromium_the_tests_skip_unless_required(
    required: str, outcome: str, tmp_path: Path
) -> None:
    """What .ci/run relies on: PMLEVEL_REQUIRE_BROWSER=1 turns a missing browser into a failure
    (and the test session's isolation of PMLEVEL_* settings does not drop it)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    env = {
        "PATH": str(Path(sys.executable).parent),  # the venv's tools, and no chromium
        "HOME": os.environ.get("HOME", "/tmp"),
        "PMLEVEL_REQUIRE_BROWSER": required,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    test = "tests/test_browser.py::test_report_fits_the_screen_and_fetches_nothing"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",  # one process: the outcome is the same, without starting xdist workers
            "0",
            # Its temporary folders inside this test's: pytest's own folder of numbered
            # sessions is not pruned in the middle of the suite (deleting a 200 MB session
            # that has reached the disk took 26 s here, a worker waiting on it).
            "--basetemp",
            str(tmp_path / "inner"),
            "-k",
            "result-zh",
            test,
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert outcome in done.stdout, done.stdout[-2000:]
    assert "no Chromium on PATH" in done.stdout
