"""``report``: the latest result, a history id or a file (docs/reference.md#pmlevel-report),
and a result that says whose ratings it shows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Assess, Invoke

Write = Callable[[str, str], Path]


def test_report_shows_the_latest_an_id_or_a_file(
    invoke: Invoke, assess: Assess, tmp_path: Path
) -> None:
    empty = invoke("--lang", "en", "report")
    assert empty.exit_code == 2 and "run pmlevel assess first" in empty.output
    assess(2, "--subject", "Li Lei")
    assess(4, "--subject", "Li Lei", "-o", str(tmp_path / "last.json"))
    latest = invoke("--lang", "en", "report")
    assert latest.exit_code == 0, latest.output
    assert "Estimated level: Senior Product Manager" in latest.output
    first = invoke("--lang", "zh", "report", "1")
    assert "当前级别估计：初级产品经理" in first.output
    assert json.loads(invoke("report", "1", "--json").stdout)["estimate"]["level"] == "junior"
    by_file = json.loads(invoke("report", str(tmp_path / "last.json"), "--json").stdout)
    assert by_file["estimate"]["level"] == "senior"
    missing = invoke("--lang", "en", "report", "99")
    assert missing.exit_code == 2 and "99" in missing.output
    gone = invoke("--lang", "en", "report", str(tmp_path / "nope.json"))
    assert gone.exit_code == 2 and "nope.json" in gone.output
