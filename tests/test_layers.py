"""The layers the module map promises: the core never reaches up into the CLI, and the
services run on a Workspace a test builds, with no console and no terminal."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest

from pmlevel.assess import assessment
from pmlevel.assess.drafts import Draft
from pmlevel.model.ladder import LevelModel
from pmlevel.store.history import History
from pmlevel.store.workspace import Workspace

SRC = Path(__file__).resolve().parents[1] / "src" / "pmlevel"
# Packages below the command line: plain Python, tested directly.
CORE = ("text", "model", "assess", "growth", "company", "store", "reports", "render")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("package", CORE)
def test_the_core_never_imports_the_command_line(package: str) -> None:
    offenders = [
        f"{path.relative_to(SRC)} imports {module}"
        for path in sorted((SRC / package).rglob("*.py"))
        for module in _imports(path)
        if module == "pmlevel.cli" or module.startswith(("pmlevel.cli.", "typer", "click"))
    ]
    assert offenders == []


# The packages that draw on a terminal; everything else hands them plain data.
DRAWING = ("render", "cli")


def _rich_imports(path: Path) -> list[tuple[int, str]]:
    """Every import of rich in *path*, at the top or inside a function: (line, module)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.extend((node.lineno, n) for n in names if n == "rich" or n.startswith("rich."))
    return found


def test_only_render_and_cli_import_rich() -> None:
    offenders = [
        f"{path.relative_to(SRC.parents[1])}:{line}: imports {module}"
        for path in sorted(SRC.rglob("*.py"))
        if path.relative_to(SRC).parts[0] not in DRAWING
        for line, module in _rich_imports(path)
    ]
    assert offenders == [], "\n".join(offenders)


def test_a_service_runs_on_a_workspace_a_test_builds(tmp_path: Path, bundled: LevelModel) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"ratings": {s.id: 3 for s in bundled.skills}}))
    moment = dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    ws = Workspace(
        model=bundled, data_dir=tmp_path / "data", state_dir=tmp_path / "state", lang="zh",
        clock=lambda: moment,
    )  # fmt: skip

    def no_questions(draft: Draft, notices: list[assessment.Notice]) -> Draft:
        raise AssertionError("answers were given: nothing to ask")

    done = assessment.run(
        ws, answers_file=answers, role=None, rater_name=None, subject="Li Lei", resume=False,
        save=True, ask=no_questions,
    )  # fmt: skip
    assert done.result.assessed_at == moment  # dated by the workspace's clock
    assert done.saved is not None
    with History.open(ws.data_dir) as saved:
        assert saved.get(done.saved.id).subject == "Li Lei"


def test_without_a_terminal_a_service_never_asks(tmp_path: Path, bundled: LevelModel) -> None:
    from pmlevel.errors import UsageError

    ws = Workspace(model=bundled, data_dir=tmp_path / "d", state_dir=tmp_path / "s")
    with pytest.raises(UsageError) as refused:
        assessment.run(
            ws, answers_file=None, role=None, rater_name=None, subject=None, resume=False,
            save=False, ask=lambda draft, notices: draft,
        )  # fmt: skip
    assert refused.value.message == "no_terminal"
