"""Revised copies of the bundled ladder and of ``examples/engineering-tracks.yaml``, as a
company would write them after a review cycle (for the ``pmlevel diff`` tests).

Each copy is the original file read as data, changed in a few known ways and written
again; :func:`copy_of` with no changes is the same ladder in another layout, which the
diff must find unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "levels.yaml"
TRACKS_EXAMPLE = ROOT / "examples" / "engineering-tracks.yaml"

Data = dict[str, Any]

# What the 2027 revision of the bundled ladder changes, for the tests to expect.
NEW_SKILL = "ai-product"
REMOVED_SKILL = "innovation"
RENAMED_SKILL = "communication"
RENAMED_LEVEL = "staff"  # its English name only
CHANGED_ANCHORS = "project-management"
HEAVIER = "data-analysis"  # weight 1 -> 2; 4 from senior up (was 3), core at senior


def copy_of(source: Path, target: Path, change: Callable[[Data], None] | None = None) -> Path:
    data: Data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if change is not None:
        change(data)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _skill(data: Data, skill_id: str) -> Data:
    return next(s for s in data["skills"] if s["id"] == skill_id)


def _level(data: Data, level_id: str) -> Data:
    return next(lv for lv in data["levels"] if lv["id"] == level_id)


def revise_bundled(data: Data) -> None:
    """The bundled ladder after a review cycle: innovation gone, AI product work in,
    communication renamed, staff renamed in English, data analysis weighs double and is
    core at senior with a higher bar, project management's 3 reworded."""
    data["skills"] = [s for s in data["skills"] if s["id"] != REMOVED_SKILL]
    for level in data["levels"]:
        level["expectations"].pop(REMOVED_SKILL, None)
        level["core"] = [s for s in level.get("core", []) if s != REMOVED_SKILL]
    anchors = {
        point: {
            "zh": f"AI 产品能力第 {point} 档",
            "zh-Hant": f"AI 產品能力第 {point} 級",
            "en": f"AI product work, point {point}",
        }
        for point in range(1, 6)
    }
    data["skills"].append(
        {
            "id": NEW_SKILL,
            "name": {"zh": "AI 产品能力", "zh-Hant": "AI 產品能力", "en": "AI Product Sense"},
            "category": {"zh": "产品基础", "zh-Hant": "產品基礎", "en": "Product foundations"},
            "anchors": anchors,
        }
    )
    for level_id, expected in (("staff", 3), ("director", 4)):
        _level(data, level_id)["expectations"][NEW_SKILL] = expected
    _skill(data, RENAMED_SKILL)["name"] = {
        "zh": "沟通与影响力",
        "zh-Hant": "溝通與影響力",
        "en": "Communication and Influence",
    }
    _level(data, RENAMED_LEVEL)["name"]["en"] = "Principal Product Manager"
    _skill(data, HEAVIER)["weight"] = 2
    for level_id in ("senior", "staff", "director"):
        _level(data, level_id)["expectations"][HEAVIER] = 4
    senior = _level(data, "senior")
    senior["core"].append(HEAVIER)
    _skill(data, CHANGED_ANCHORS)["anchors"][3] = {
        "zh": "能独立管好自己负责的项目，并在每个里程碑前写出风险清单。",
        "zh-Hant": "能獨立管好自己負責的專案，並在每個里程碑前寫出風險清單。",
        "en": "Runs their own projects and writes a risk list before every milestone.",
    }


def revised_bundled(directory: Path) -> Path:
    return copy_of(BUNDLED, directory / "levels-2027.yaml", revise_bundled)


def revise_tracks(data: Data) -> None:
    """The engineering ladder with a specialist track (one level after P6), the
    management track renamed, and a third IC level above P8."""
    specialist = {"id": "specialist", "name": {"zh": "专家序列", "en": "Specialist track"}}
    data["tracks"].append(specialist)
    next(t for t in data["tracks"] if t["id"] == "management")["name"] = {
        "zh": "管理通道",
        "en": "Managers' track",
    }
    p8 = _level(data, "p8")
    data["levels"].append(
        {
            "id": "p9",
            "name": {"zh": "产品科学家", "en": "Product Scientist"},
            "track": "ic",
            "after": "p8",
            "expectations": dict(p8["expectations"]),
        }
    )
    p7 = _level(data, "p7")
    data["levels"].append(
        {
            "id": "s1",
            "name": {"zh": "领域专家", "en": "Domain Specialist"},
            "track": "specialist",
            "after": "p6",
            "expectations": dict(p7["expectations"]),
        }
    )


def revised_tracks(directory: Path) -> Path:
    return copy_of(TRACKS_EXAMPLE, directory / "tracks-2027.yaml", revise_tracks)
