"""The estimate of SPEC §3, as pure functions of a model and a set of ratings.

For ratings ``r`` and a level ``L`` expecting ``e_L(s)`` of skill ``s``:

- ``met_share(L)``: the weight of the skills with ``r(s) >= e_L(s)`` over the
  weight of all skills ``L`` expects;
- ``shortfall(L)``: the largest ``e_L(s) - r(s)`` (0 when nothing falls short);
- ``L`` is *met* when ``met_share >= min_share`` and ``shortfall <= max_shortfall``.

The current level is the highest level that is met with every level below it
met too; the next level is the one above it (the lowest when there is none).
A skill the ratings leave out counts as the lowest point of the scale.

Shares are compared with a tolerance of 1e-9 so that, say, 4 of 5 equally
weighted skills meets a ``min_share`` of 0.8 whatever the float rounding.

No I/O here: this module is called 100,000 times a second by the benchmarks and
by ``team``, so the model is compiled once into tuples of indexes (``Estimator``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from pmlevel.model import LevelModel

EPSILON = 1e-9


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which
# made estimating a third slower (bench/run.py); nothing mutates these.
@dataclass(slots=True)
class LevelStatus:
    id: str
    met: bool
    met_share: float
    shortfall: int


@dataclass(slots=True)
class Estimate:
    level: str | None
    next_level: str | None
    readiness: float | None
    levels: tuple[LevelStatus, ...]


@dataclass(frozen=True, slots=True)
class Gap:
    skill: str
    rating: int
    required: int
    shortfall: int
    weight: float


@dataclass(frozen=True, slots=True)
class Step:
    skill: str
    from_: int
    to: int


@dataclass(frozen=True, slots=True)
class Flip:
    """A one-point change of one rating that would change the current level."""

    skill: str
    from_: int
    to: int
    level: str | None


class Estimator:
    """A model compiled for estimating: skills by index, each level as (index, expected, weight)."""

    def __init__(self, model: LevelModel) -> None:
        self.model = model
        self.skill_ids = tuple(skill.id for skill in model.skills)
        self.index = {skill_id: i for i, skill_id in enumerate(self.skill_ids)}
        weights = {skill.id: skill.weight for skill in model.skills}
        self.level_ids = tuple(level.id for level in model.levels)
        self.levels: tuple[tuple[tuple[int, int, float], ...], ...] = tuple(
            tuple((self.index[s], e, weights[s]) for s, e in level.expectations.items())
            for level in model.levels
        )
        self.totals = tuple(sum(w for _, _, w in items) for items in self.levels)
        self.needs = tuple(model.min_share * total - EPSILON for total in self.totals)
        self.max_shortfall = model.max_shortfall
        self.low = model.scale.min
        self.high = model.scale.max

    def vector(self, ratings: Mapping[str, int]) -> list[int]:
        low = self.low
        return [ratings.get(skill_id, low) for skill_id in self.skill_ids]

    def current(self, r: Sequence[int]) -> int:
        """Index of the current level, -1 when the lowest level is not met."""
        max_shortfall = self.max_shortfall
        for index, items in enumerate(self.levels):
            met_weight = 0.0
            for i, e, w in items:
                d = e - r[i]
                if d <= 0:
                    met_weight += w
                elif d > max_shortfall:
                    return index - 1
            if met_weight < self.needs[index]:
                return index - 1
        return len(self.levels) - 1

    def statuses(self, r: Sequence[int]) -> tuple[LevelStatus, ...]:
        out = []
        max_shortfall = self.max_shortfall
        for index, items in enumerate(self.levels):
            met_weight = 0.0
            worst = 0
            for i, e, w in items:
                d = e - r[i]
                if d <= 0:
                    met_weight += w
                elif d > worst:
                    worst = d
            share = met_weight / self.totals[index]
            met = met_weight >= self.needs[index] and worst <= max_shortfall
            out.append(LevelStatus(self.level_ids[index], met, share, worst))
        return tuple(out)

    def estimate(self, r: Sequence[int]) -> Estimate:
        statuses = self.statuses(r)
        current = -1
        for status in statuses:
            if not status.met:
                break
            current += 1
        level = self.level_ids[current] if current >= 0 else None
        if current + 1 < len(statuses):
            nxt = statuses[current + 1]
            return Estimate(level, nxt.id, nxt.met_share, statuses)
        return Estimate(level, None, None, statuses)


_COMPILED: WeakKeyDictionary[LevelModel, Estimator] = WeakKeyDictionary()


def compile_model(model: LevelModel) -> Estimator:
    """The :class:`Estimator` of *model*, built once per model object."""
    estimator = _COMPILED.get(model)
    if estimator is None:
        estimator = _COMPILED[model] = Estimator(model)
    return estimator


def estimate(model: LevelModel, ratings: Mapping[str, int]) -> Estimate:
    """Current level, next level, readiness and every level's status for *ratings*."""
    est = compile_model(model)
    return est.estimate(est.vector(ratings))


def gaps(model: LevelModel, ratings: Mapping[str, int], next_level: str | None) -> list[Gap]:
    """Skills rated below the next level's expectation, largest weighted shortfall first."""
    if next_level is None:
        return []
    low = model.scale.min
    found = []
    for order, skill in enumerate(model.skills):
        required = model.level(next_level).expectations.get(skill.id)
        rating = ratings.get(skill.id, low)
        if required is not None and rating < required:
            found.append((order, Gap(skill.id, rating, required, required - rating, skill.weight)))
    found.sort(key=lambda item: (-item[1].shortfall * item[1].weight, item[0]))
    return [gap for _, gap in found]


def path_to_next(
    model: LevelModel, ratings: Mapping[str, int], next_level: str | None
) -> list[Step]:
    """The cheapest set of rating increases that makes *next_level* met.

    Cheapest means the fewest rating points in total, then the fewest skills.
    Every skill short by more than ``max_shortfall`` must come up to within it;
    then enough skills must reach the expectation to make up ``min_share`` of
    the weight. With equal weights the cheapest skills are the answer; with
    unequal weights a small exact knapsack over (points, skills) finds it.
    """
    if next_level is None:
        return []
    est = compile_model(model)
    r = est.vector(ratings)
    index = est.level_ids.index(next_level)
    items = est.levels[index]
    target = list(r)
    forced: set[int] = set()
    for i, e, _ in items:
        if e - r[i] > est.max_shortfall:
            target[i] = e - est.max_shortfall
            forced.add(i)
    met_weight = sum(w for i, e, w in items if target[i] >= e)
    need = est.needs[index] - met_weight
    # Candidates: (points to reach the expectation, adds a skill?, weight, index)
    candidates = [(e - target[i], i not in forced, w, i) for i, e, w in items if target[i] < e]
    expected = {i: e for i, e, _ in items}
    for i in _cheapest_cover(candidates, need) if need > 0 else []:
        target[i] = expected[i]
    return [Step(est.skill_ids[i], r[i], target[i]) for i in range(len(r)) if target[i] != r[i]]


def _cheapest_cover(candidates: list[tuple[int, bool, float, int]], need: float) -> list[int]:
    """Indexes of the candidates whose weight reaches *need* at the least (points, new skills)."""
    weights = {w for _, _, w, _ in candidates}
    if len(weights) == 1:
        (weight,) = weights
        count = 0
        total = 0.0
        while total < need:
            total += weight
            count += 1
        ordered = sorted(candidates, key=lambda c: (c[0], c[1], c[3]))
        return [c[3] for c in ordered[:count]]
    # Exact search: best weight for each (points, new skills), keeping one choice each.
    states: dict[tuple[int, int], tuple[float, tuple[int, ...]]] = {(0, 0): (0.0, ())}
    for cost, adds, weight, index in candidates:
        for (points, skills), (have, picked) in list(states.items()):
            if have >= need:
                continue
            key = (points + cost, skills + int(adds))
            value = (have + weight, (*picked, index))
            if key not in states or states[key][0] < value[0]:
                states[key] = value
    best = min(key for key, (have, _) in states.items() if have >= need)
    return list(states[best][1])


def sensitivity(model: LevelModel, ratings: Mapping[str, int]) -> list[Flip]:
    """Every one-point change of one rating that would change the current level."""
    est = compile_model(model)
    r = est.vector(ratings)
    current = est.current(r)
    expected = {i for items in est.levels for i, _, _ in items}
    flips = []
    for i in sorted(expected):
        for delta in (-1, 1):
            value = r[i] + delta
            if not est.low <= value <= est.high:
                continue
            changed = list(r)
            changed[i] = value
            level = est.current(changed)
            if level != current:
                flips.append(
                    Flip(
                        est.skill_ids[i], r[i], value, est.level_ids[level] if level >= 0 else None
                    )
                )
    return flips
