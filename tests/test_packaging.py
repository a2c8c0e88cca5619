"""A non-editable install carries the bundled model and works from any directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import BACKSTOP

ROOT = Path(__file__).resolve().parents[1]


def _python_with_pip() -> str:
    """This interpreter when it has pip; else the system python3.

    The Quick start makes its virtual environment with ``--without-pip`` and installs
    into it from outside, so inside CI ``sys.executable -m pip`` does not exist.
    """
    has_pip = subprocess.run(
        [sys.executable, "-m", "pip", "--version"], capture_output=True, timeout=BACKSTOP
    )
    if has_pip.returncode == 0:
        return sys.executable
    outside = shutil.which("python3")
    assert outside is not None, "no pip to build the wheel with"
    return outside


def test_wheel_carries_the_model_and_runs_from_elsewhere(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [_python_with_pip(), "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=BACKSTOP,
    )
    (wheel,) = wheels.glob("pmlevel-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert "pmlevel/data/levels.yaml" in names
    assert "pmlevel/text/messages/zh.json" in names
    packaged = (site / "pmlevel" / "data" / "levels.yaml").read_bytes()
    assert packaged == (ROOT / "data" / "levels.yaml").read_bytes()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "PMLEVEL_HOME": str(tmp_path / "home")}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pmlevel.model.loader import bundled_model_path as p; print(p())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(probe.stdout.strip()).is_relative_to(site)
    shown = subprocess.run(
        [sys.executable, "-m", "pmlevel", "--lang", "en", "show", "senior"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=BACKSTOP,
    )
    assert shown.returncode == 0, shown.stderr
    assert "Senior Product Manager" in shown.stdout
