"""A synthetic organisation with known rater offsets, written as result files (for the
``raters`` and ``team --adjust-raters`` tests): managers who rate their own reports and,
as peers, some of the other managers' reports."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from pmlevel.assess.result import Rater, build_result
from pmlevel.model.ladder import LevelModel

DAY = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
MANAGERS = ("Manager A", "Manager B", "Manager C", "Manager D", "Manager E", "Manager F")
# The offsets the six managers rate with, known: what `raters` must recover.
OFFSETS = (-1.0, -0.5, 0.0, 0.0, 0.5, 1.0)


def write_rating(
    model: LevelModel,
    directory: Path,
    subject: str | None,
    role: str,
    name: str | None,
    ratings: dict[str, int],
    *,
    days: int = 0,
    file: str | None = None,
) -> Path:
    """One result file: *name* (a *role*) rated *subject*."""
    result = build_result(
        model,
        ratings,
        subject=subject,
        rater=Rater.model_validate({"role": role, "name": name}),
        assessed_at=DAY + dt.timedelta(days=days),
    )
    path = directory / (file or f"{subject}-{role}-{name}.json".replace(" ", "_"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.to_json(), encoding="utf-8")
    return path


def organisation(
    model: LevelModel,
    directory: Path,
    *,
    seed: int = 22,
    reports: int = 8,
    peers: int = 2,
    noise: float = 0.5,
    selves: bool = False,
    departments: int = 1,
) -> dict[str, dict[str, float]]:
    """Six managers (offsets :data:`OFFSETS`), *reports* reports each. Every report is
    rated by their manager and, as a peer, by the *peers* next managers round the table
    of their department (*departments* split the six managers in equal parts); with
    *selves*, by themselves too (offset 0). A rating is the person's true level on
    the skill (between 2.5 and 3.5) plus the rater's offset plus noise, rounded and kept
    on the scale. Returns each person's true levels."""
    rng = random.Random(seed)
    low, high = model.scale.min, model.scale.max
    truth: dict[str, dict[str, float]] = {}
    for m, manager in enumerate(MANAGERS):
        for i in range(reports):
            person = f"{manager[-1]}{i + 1}"
            level = {skill.id: rng.uniform(2.5, 3.5) for skill in model.skills}
            truth[person] = level
            raters = [("manager", manager, OFFSETS[m])]
            size = len(MANAGERS) // departments
            for step in range(1, peers + 1):
                other = m // size * size + (m + step) % size
                raters.append(("peer", MANAGERS[other], OFFSETS[other]))
            if selves:
                raters.append(("self", None, 0.0))
            for role, name, offset in raters:
                ratings = {
                    skill: min(high, max(low, round(theta + offset + rng.gauss(0.0, noise))))
                    for skill, theta in level.items()
                }
                write_rating(model, directory, person, role, name, ratings)
    return truth
