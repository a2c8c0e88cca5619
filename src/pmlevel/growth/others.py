"""How far the others' ratings of a person can be trusted (docs/reference.md#the-estimate), for
``merge`` and
``case``: who could not observe a skill, how far the others agree on it, a range for
the estimate from their ratings, and the peers as one anonymous group.

- **Could not observe.** Every rater but the person (and the agreed outcome of a
  check-in, which the person is part of) may leave a skill unrated. Such a skill is
  missing from that rater's ratings: never a made-up rating, counted apart.
- **Agreement** on a skill is r_wg = 1 - s² / σ²_EU (James, Demaree & Wolf), where s²
  is the **sample variance** (divided by n - 1) of the others' ratings of it and
  σ²_EU = (A² - 1) / 12 the variance of ratings spread evenly over an A-point scale,
  clamped to [0, 1]; ``None`` with fewer than two others who rated it. Below
  :data:`LOW_AGREEMENT` it is marked.
- **The range** of the others' estimate: the others are drawn with replacement, as
  many as there are, :data:`RANGE_DRAWS` times with the fixed seed :data:`RANGE_SEED`
  (the same files always give the same range); each draw is estimated as the others'
  estimate is (each skill the mean of the drawn raters who rated it, rounded down),
  and the range is the 10th and the 90th percentile level of those estimates, by
  position on the ladder (nearest rank: the 100th and the 900th of 1,000 sorted).
- **Anonymous peers**: the peers' mean per skill and their notes without names, in an
  order drawn afresh each time (a fixed order could be traced back to the files),
  refused below a minimum count of peers.

Pure functions of ratings; no I/O.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from pmlevel.assess.estimate import estimate
from pmlevel.errors import UsageError
from pmlevel.model.ladder import LevelModel

LOW_AGREEMENT: Final = 0.7
RANGE_DRAWS: Final = 1000
RANGE_SEED: Final = 20  # any fixed number: reproducible output is what matters
RANGE_PERCENTILES: Final = (0.1, 0.9)
DEFAULT_MIN_PEERS: Final = 3
# One peer's "mean" is that peer's own rating: anonymity needs at least two.
LEAST_MIN_PEERS: Final = 2


def agreement(values: Sequence[int], low: int, high: int) -> float | None:
    """r_wg of *values* (ratings on the scale *low*..*high*), see the module notes."""
    if len(values) < 2:
        return None
    points = high - low + 1
    expected = (points * points - 1) / 12
    observed = statistics.variance(values)  # the sample variance, n - 1
    return min(1.0, max(0.0, 1.0 - observed / expected))


def floor_means(model: LevelModel, rating_sets: Sequence[Mapping[str, int]]) -> dict[str, int]:
    """Each skill the mean of the ratings given for it, rounded down (so one generous
    rater cannot lift a skill a whole point); a skill no one rated is left out."""
    out: dict[str, int] = {}
    for skill in model.skills:
        given = [ratings[skill.id] for ratings in rating_sets if skill.id in ratings]
        if given:
            out[skill.id] = math.floor(sum(given) / len(given))
    return out


@dataclass(frozen=True, slots=True)
class LevelRange:
    """The 10th and 90th percentile levels of the resampled estimates (``None``: below
    the first level), and how many raters were resampled."""

    low: str | None
    high: str | None
    raters: int
    draws: int = RANGE_DRAWS

    def to_json(self) -> dict[str, str | None]:
        return {"low": self.low, "high": self.high}


def estimate_range(
    model: LevelModel,
    others: Sequence[Mapping[str, int]],
    *,
    draws: int = RANGE_DRAWS,
    seed: int = RANGE_SEED,
) -> LevelRange | None:
    """The range of the others' estimate from resampling *others* (each rater's ratings);
    ``None`` with fewer than two raters, where there is nothing to resample."""
    count = len(others)
    if count < 2:
        return None
    position = {level.id: index for index, level in enumerate(model.levels)}
    skill_ids = [skill.id for skill in model.skills]
    # Each rater as two vectors over the skills, (rating or 0) and (1 if rated), so that
    # a draw's floor means are column sums: what floor_means does, without the lookups.
    values = [[ratings.get(s, 0) for s in skill_ids] for ratings in others]
    rated = [[int(s in ratings) for s in skill_ids] for ratings in others]
    rng = random.Random(seed)
    found: dict[tuple[int, ...], int] = {}  # the same raters drawn estimate the same
    positions = []
    for _ in range(draws):
        key = tuple(sorted(rng.choices(range(count), k=count)))
        at = found.get(key)
        if at is None:
            totals = map(sum, zip(*(values[i] for i in key), strict=True))
            counts = map(sum, zip(*(rated[i] for i in key), strict=True))
            means = {
                skill: total // n  # floor division: the mean rounded down, as floor_means
                for skill, total, n in zip(skill_ids, totals, counts, strict=True)
                if n
            }
            level = estimate(model, means).level
            at = found[key] = -1 if level is None else position[level]
        positions.append(at)
    positions.sort()
    low, high = (positions[max(0, math.ceil(p * draws) - 1)] for p in RANGE_PERCENTILES)
    ids = [level.id for level in model.levels]
    return LevelRange(
        ids[low] if low >= 0 else None, ids[high] if high >= 0 else None, count, draws
    )


@dataclass(frozen=True, slots=True)
class PeerSkill:
    """The peers on one skill: their mean rating (``None``: none could observe it), how
    many rated it, and their notes without names."""

    mean: float | None
    rated: int
    notes: tuple[str, ...]


def check_min_peers(peers: int, min_peers: int) -> None:
    """Refuse anonymous peers when fewer than *min_peers* rated (or the minimum itself
    could not keep anyone anonymous)."""
    if min_peers < LEAST_MIN_PEERS:
        raise UsageError("anonymous_min_peers_low", min=min_peers, least=LEAST_MIN_PEERS)
    if peers < min_peers:
        raise UsageError("anonymous_too_few_peers", count=peers, min=min_peers)


def peers_options(anonymous: bool, min_peers: int | None) -> dict[str, Any]:
    """The ``merge``/``case`` keywords for ``--anonymous-peers`` and ``--min-peers``; a
    minimum without anonymity would change nothing, and is refused so that no one
    believes the peers were hidden."""
    if min_peers is not None and not anonymous:
        raise UsageError("min_peers_without_anonymous")
    if min_peers is None:
        min_peers = DEFAULT_MIN_PEERS
    if anonymous and min_peers < LEAST_MIN_PEERS:  # before any file is read
        raise UsageError("anonymous_min_peers_low", min=min_peers, least=LEAST_MIN_PEERS)
    return {"anonymous_peers": anonymous, "min_peers": min_peers}


def _shuffle_afresh(items: list[str]) -> None:
    random.SystemRandom().shuffle(items)


def peer_skills(
    model: LevelModel,
    peers: Sequence[tuple[Mapping[str, int], Mapping[str, str]]],
    shuffle: Callable[[list[str]], None] = _shuffle_afresh,
) -> dict[str, PeerSkill]:
    """Per skill of *model*, the peers (each their ratings and notes) as one group."""
    out: dict[str, PeerSkill] = {}
    for skill in model.skills:
        given = [ratings[skill.id] for ratings, _ in peers if skill.id in ratings]
        notes = [said[skill.id] for _, said in peers if said.get(skill.id)]
        shuffle(notes)
        mean = sum(given) / len(given) if given else None
        out[skill.id] = PeerSkill(mean, len(given), tuple(notes))
    return out
