"""The estimate (docs/reference.md#the-estimate), as pure functions of a model and a set of ratings.

For ratings ``r`` and a level ``L`` expecting ``e_L(s)`` of skill ``s``:

- ``met_share(L)``: the weight of the skills with ``r(s) >= e_L(s)`` over the
  weight of all skills ``L`` expects;
- ``shortfall(L)``: the largest ``e_L(s) - r(s)`` (0 when nothing falls short);
- ``L`` is *met* when ``met_share >= min_share``, ``shortfall <= max_shortfall``
  and every *core* skill of ``L`` is rated at or above its expectation.

That rule is written once, in :meth:`Estimator.why_not`: a level is met when
it finds no reason it is not. Everything else (the current level, statuses,
the path, sensitivity) asks it.

The current level (docs/reference.md#the-estimate, every model) is the highest level met on its own
requirements, on its track's chain: docs/reference.md#the-estimate's cascade (a level counts only
when every
level below it is met too) is gone, because one point short on a lower level's core
skill sank a person two or three levels. A lower level that is not met is reported
instead, as ``blockers``. With tracks (docs/reference.md#tracks) each track's chain (the shared
levels, then its own) has its own current level, and the estimate's level is the
highest of them by position in its chain, a tie going to the track listed last.
The next level is the one above the current level on the chosen track (the lowest
when there is none). A skill the ratings leave out counts as the lowest point of the
scale.

Shares are compared with a tolerance of 1e-9 so that, say, 4 of 5 equally
weighted skills meets a ``min_share`` of 0.8 whatever the float rounding.

No I/O here: this module is called 100,000 times a second by the benchmarks and
by ``team``, so the model is compiled once into tuples of indexes (``Estimator``).
"""

from __future__ import annotations

import math
import operator
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple
from weakref import WeakKeyDictionary

from pmlevel.model.ladder import LevelModel

EPSILON = 1e-9

# Stability (docs/reference.md#the-estimate): each rating down one point with this probability and
# up one
# with the same, this many draws, from this seed (so the figure is reproducible).
STABILITY_STEP = 0.075
STABILITY_DRAWS = 1000
STABILITY_SEED = 20

# Why a level is not met, in the order a reader should hear it.
CORE: Literal["core"] = "core"
SHORTFALL: Literal["shortfall"] = "shortfall"
SHARE: Literal["share"] = "share"
ReasonKind = Literal["core", "shortfall", "share"]
# Flags (4: a core skill short, 2: a skill too far short, 1: share too low) -> the kinds.
_WHY: tuple[tuple[ReasonKind, ...], ...] = tuple(
    tuple(kind for kind, bit in ((CORE, 4), (SHORTFALL, 2), (SHARE, 1)) if flags & bit)
    for flags in range(8)
)


class Reason(NamedTuple):
    """One reason a level is not met, as data a screen can word (a named tuple: cheap to
    build, and the estimate builds one for every level not met).

    ``core``: the core skills rated below their expectation (``skills``);
    ``shortfall``: the skills short by more than ``limit`` points (``value`` is the largest);
    ``share``: the met share ``value`` is below ``limit`` (min_share).
    """

    kind: ReasonKind
    skills: tuple[str, ...] = ()
    value: float = 0.0
    limit: float = 0.0


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which
# made estimating a third slower (bench/run.py); nothing mutates these.
@dataclass(slots=True)
class LevelStatus:
    id: str
    met: bool
    met_share: float
    shortfall: int
    why: tuple[ReasonKind, ...] = ()  # the kinds of reason it is not met; empty exactly when met
    # What the reasons are worked out from, on demand: naming the skills costs more than
    # the estimate itself, and `team` and the benchmarks estimate 100,000 times a second.
    source: tuple[Estimator, int, Sequence[int]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Why this level is not met, in full (which skills, which figures); empty when met."""
        if not self.why or self.source is None:
            return ()
        estimator, index, r = self.source
        return estimator.explain(index, r, self.why, self.met_share, self.shortfall)

    @property
    def core_short(self) -> tuple[str, ...]:
        """The core skills of this level rated below their expectation."""
        for reason in self.reasons:
            if reason.kind == CORE:
                return reason.skills
        return ()


class Blocker(NamedTuple):
    """A skill of a level below the current one, where that level is not met on it:
    what the cascade of docs/reference.md#the-estimate would have sunk the estimate on
    (docs/reference.md#the-estimate). A named tuple:
    random profiles have many, and a frozen dataclass costs a third of an estimate."""

    level: str
    skill: str
    rating: int
    required: int
    core: bool


class TrackState(NamedTuple):
    """One track's own estimate along its chain (docs/reference.md#tracks)."""

    track: str
    level: str | None
    next_level: str | None
    readiness: float | None
    core_missing: tuple[str, ...] = ()  # core skills of next_level rated below it


@dataclass(slots=True)
class Estimate:
    level: str | None
    next_level: str | None
    readiness: float | None
    levels: tuple[LevelStatus, ...]
    track: str | None = None  # the track of `level`; None for a shared level or no tracks
    tracks: tuple[TrackState, ...] = ()  # one per track, in the model's order; () without
    next_track: str | None = None  # the track next_level, readiness, gaps and path are of
    # What blockers and core_missing are worked out from, on demand (as LevelStatus's
    # reasons): `team` and the benchmarks estimate 100,000 times a second and need neither.
    source: tuple[Estimator, Sequence[int], int, int] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def blockers(self) -> tuple[Blocker, ...]:
        """Each skill short of a level below the current one on its chain that is not met."""
        if self.source is None:
            return ()
        estimator, r, current, _ = self.source
        return estimator.blockers(r, self.levels, current)

    @property
    def core_missing(self) -> tuple[str, ...]:
        """The core skills of the next level rated below their expectation."""
        if self.source is None or self.next_level is None:
            return ()
        estimator, r, _, upper = self.source
        return estimator.core_short(r, upper)


@dataclass(frozen=True, slots=True)
class Stability:
    """How the estimate holds up under small rating changes (docs/reference.md#the-estimate): the
    share of
    draws that keep the current level, and the 10th and 90th percentile levels."""

    same: float
    low: str | None
    high: str | None


@dataclass(frozen=True, slots=True)
class Gap:
    skill: str
    rating: int
    required: int
    shortfall: int
    weight: float
    core: bool = False  # a core skill of the next level: the level is not met without it


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
    """A model compiled for estimating: skills by index, each level as (index, expected,
    weight), and each level's core skills as (index, expected)."""

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
        self.cores: tuple[tuple[tuple[int, int], ...], ...] = tuple(
            tuple((self.index[s], level.expectations[s]) for s in level.core)
            for level in model.levels
        )
        self.totals = tuple(sum(w for _, _, w in items) for items in self.levels)
        self.needs = tuple(model.min_share * total - EPSILON for total in self.totals)
        self.min_share = model.min_share
        self.max_shortfall = model.max_shortfall
        self.low = model.scale.min
        self.high = model.scale.max
        index_of = {level_id: i for i, level_id in enumerate(self.level_ids)}
        # Each track's chain as level indexes, top first (the order the current level is
        # looked for in); one chain of every level, track None, without tracks.
        self.track_ids: tuple[str | None, ...] = tuple(track for track, _ in model.chains())
        self.chains: tuple[tuple[int, ...], ...] = tuple(
            tuple(index_of[level.id] for level in reversed(chain)) for _, chain in model.chains()
        )
        self.single = len(self.chains) == 1 and len(self.chains[0]) == len(self.level_ids)
        self.plain = self.single and not model.tracks
        # Each level's (position in its chain, its track's order; -1 shared): how levels
        # on different tracks compare, a tie going to the track listed last.
        order = {track.id: t for t, track in enumerate(model.tracks)}
        self.rank: tuple[tuple[int, int], ...] = tuple(
            (len(chain) - 1 - chain.index(i), order.get(model.levels[i].track or "", -1))
            for i in range(len(self.level_ids))
            for chain in (next(c for c in self.chains if i in c),)
        )
        self.track_of = tuple(level.track for level in model.levels)
        self._core_sets = tuple(frozenset(i for i, _ in cores) for cores in self.cores)
        # Level indexes, highest rank first: the order a draw's level is looked for in.
        self._by_rank = sorted(range(len(self.level_ids)), key=self.rank.__getitem__, reverse=True)
        self._moves: tuple[tuple[int, int, int], tuple[int, ...]] | None = None

    def vector(self, ratings: Mapping[str, int]) -> list[int]:
        low = self.low
        return [ratings.get(skill_id, low) for skill_id in self.skill_ids]

    def why_not(self, r: Sequence[int]) -> list[tuple[float, int, tuple[ReasonKind, ...]]]:
        """For each level: met weight, shortfall and the kinds of reason it is not met.

        The one definition of "met" (docs/reference.md#met): met when this finds no reason.
        All levels in one loop: a method call per level cost a fifth of the speed.
        """
        out = []
        max_shortfall = self.max_shortfall
        for items, cores, need in zip(self.levels, self.cores, self.needs, strict=True):
            met_weight = 0.0
            worst = 0
            for i, e, w in items:
                d = e - r[i]
                if d <= 0:
                    met_weight += w
                elif d > worst:
                    worst = d
            flags = 0
            for i, e in cores:
                if r[i] < e:
                    flags = 4
                    break
            if worst > max_shortfall:
                flags += 2
            if met_weight < need:
                flags += 1
            out.append((met_weight, worst, _WHY[flags]))
        return out

    def explain(
        self,
        index: int,
        r: Sequence[int],
        why: tuple[ReasonKind, ...],
        share: float,
        worst: int,
    ) -> tuple[Reason, ...]:
        """The reasons *why* (from :meth:`why_not`) in full: the skills and the figures.
        *share* and *worst* are the level's met share and largest shortfall, which
        :meth:`statuses` has already worked out (the same sums, in the same order)."""
        out = []
        for kind in why:
            if kind == CORE:
                out.append(Reason(CORE, self.core_short(r, index)))
            elif kind == SHORTFALL:
                limit = self.max_shortfall
                ids = self.skill_ids
                far = tuple([ids[i] for i, e, _ in self.levels[index] if e - r[i] > limit])
                out.append(Reason(SHORTFALL, far, worst, limit))
            else:
                out.append(Reason(SHARE, (), share, self.min_share))
        return tuple(out)

    def pick(self, met: Sequence[bool]) -> int:
        """Index of the current level given which levels are met, -1 when none is: the
        highest level met on its own, on any track's chain (by position, ties to the
        track listed last)."""
        if self.single:
            for i in range(len(met) - 1, -1, -1):
                if met[i]:
                    return i
            return -1
        best, key = -1, (-1, -1)
        rank = self.rank
        for chain in self.chains:
            for i in chain:
                if met[i]:
                    if rank[i] >= key:
                        best, key = i, rank[i]
                    break
        return best

    def current(self, r: Sequence[int]) -> int:
        """Index of the current level, -1 when no level is met."""
        return self.pick([not why for _, _, why in self.why_not(r)])

    def statuses(self, r: Sequence[int]) -> tuple[LevelStatus, ...]:
        out = []
        ids = self.level_ids
        totals = self.totals
        for index, (met_weight, worst, why) in enumerate(self.why_not(r)):
            share = met_weight / totals[index]
            out.append(LevelStatus(ids[index], not why, share, worst, why, (self, index, r)))
        return tuple(out)

    def estimate(self, r: Sequence[int], track: str | None = None) -> Estimate:
        """The estimate of vector *r*; next level, readiness and the rest are those of
        *track* when given (a track id of the model), else as docs/reference.md#tracks chooses."""
        statuses = self.statuses(r)
        ids = self.level_ids
        if self.plain:  # one chain, no tracks: every v1 and v2 model, and the fast path
            current = len(statuses) - 1
            while current >= 0 and not statuses[current].met:
                current -= 1
            level = ids[current] if current >= 0 else None
            source = (self, r, current, current + 1)
            if current + 1 == len(statuses):
                return Estimate(level, None, None, statuses, None, (), None, source)
            upper = statuses[current + 1]
            return Estimate(level, upper.id, upper.met_share, statuses, None, (), None, source)
        met = [status.met for status in statuses]
        current = self.pick(met)
        level = ids[current] if current >= 0 else None
        # Each chain's current level and next level (top first: the first met from the top).
        states: list[tuple[int, int]] = []
        for chain in self.chains:
            up = -1  # the level above the first met, from the top; -1 when the top is met
            for i in chain:
                if met[i]:
                    states.append((i, up))
                    break
                up = i
            else:
                states.append((-1, chain[-1]))  # none met: the chain's lowest level is next
        if self.single:
            chosen = 0
        elif track is not None:
            chosen = self.track_ids.index(track)
        elif current >= 0 and self.track_of[current] is not None:
            chosen = self.track_ids.index(self.track_of[current])
        else:  # the highest readiness (ties: the first listed); at the top counts least
            shares = [statuses[n].met_share if n >= 0 else -1.0 for _, n in states]
            chosen = shares.index(max(shares))
        nxt = states[chosen][1]
        tracks: tuple[TrackState, ...] = ()
        if not self.single or self.model.tracks:
            tracks = tuple(
                [
                    TrackState(
                        str(track_id),
                        ids[here] if here >= 0 else None,
                        ids[n] if n >= 0 else None,
                        statuses[n].met_share if n >= 0 else None,
                        self.core_short(r, n) if n >= 0 else (),
                    )
                    for track_id, (here, n) in zip(self.track_ids, states, strict=True)
                ]
            )
        return Estimate(
            level,
            ids[nxt] if nxt >= 0 else None,
            statuses[nxt].met_share if nxt >= 0 else None,
            statuses,
            self.track_of[current] if current >= 0 else None,
            tracks,
            self.track_ids[chosen],
            (self, r, current, nxt),
        )

    def core_short(self, r: Sequence[int], index: int) -> tuple[str, ...]:
        """The core skills of level *index* rated below their expectation."""
        ids = self.skill_ids
        return tuple([ids[i] for i, e in self.cores[index] if r[i] < e])

    def blockers(
        self, r: Sequence[int], statuses: Sequence[LevelStatus], current: int
    ) -> tuple[Blocker, ...]:
        """Each skill short of a level below *current* on its chain that is not met."""
        if current <= 0:
            return ()
        chain = self.chains[0] if self.plain else next(c for c in self.chains if current in c)
        below = chain[chain.index(current) + 1 :]
        out: list[Blocker] = []
        ids, skill_ids = self.level_ids, self.skill_ids
        for index in reversed(below):  # lowest first
            if statuses[index].met:
                continue
            cores = {i for i, _ in self.cores[index]}
            level_id = ids[index]
            for i, e, _ in self.levels[index]:
                if r[i] < e:
                    out.append(Blocker(level_id, skill_ids[i], r[i], e, i in cores))
        return tuple(out)

    # -- stability (docs/reference.md#the-estimate)
    # ---------------------------------------------------------

    def stability(
        self,
        r: Sequence[int],
        draws: int = STABILITY_DRAWS,
        seed: int = STABILITY_SEED,
        known: tuple[int, Sequence[int]] | None = None,
    ) -> Stability:
        """Move each rating down one point with probability STABILITY_STEP and up one with
        the same (within the scale), *draws* times with a fixed *seed*: the share of draws
        keeping the current level, and the 10th and 90th percentile levels by position.

        Which ratings a draw moves, and which way, depends only on the seed and the number
        of skills, never on the ratings, so it is drawn once per model (:meth:`_draws`): for
        each move, the set of draws that make it, as the bits of one integer (bit d: draw
        d). Instead of estimating every draw, this works out, level by level, the set of
        draws in which the level is met (:meth:`_met_in`), then which level each draw
        reads as, by the same rule as :meth:`pick`, with a few operations on those sets
        per level. ``python bench/run.py``'s stability figure and ``history --import`` (a
        figure per file) are what this is fast for; tests/test_honest_estimate.py holds it
        to estimating every draw from scratch, on the bundled model and on any model.
        *known*, when an estimate has worked them out: the index of r's current level
        and each level's largest shortfall (a level two points past the limit is met in
        no draw, and is passed over).
        """
        if known is None:
            why = self.why_not(r)
            known = self.pick([not w for _, _, w in why]), [far for _, far, _ in why]
        current, worst = known
        with_move = self._draws(len(r), draws, seed)
        every = (1 << draws) - 1
        beyond = self.max_shortfall + 1
        met = [
            0 if worst[n] > beyond else self._met_in(n, r, with_move, every)
            for n in range(len(self.levels))
        ]
        # Each chain's first level met, top first, is the level that chain reads as; the
        # draw reads as the highest of those by rank (:meth:`pick`).
        tops: dict[int, int] = {}
        for chain in self.chains:
            above = 0
            for n in chain:
                tops[n] = tops.get(n, 0) | (met[n] & ~above)
                above |= met[n]
        found: dict[int, int] = {}  # level index -> draws that read as it
        taken = 0
        for n in self._by_rank:
            if n in tops:
                count = (tops[n] & ~taken).bit_count()
                if count:
                    found[n] = count
                taken |= tops[n]
        if draws - taken.bit_count():
            found[-1] = draws - taken.bit_count()
        same = found.get(current, 0) / draws
        rank = self.rank
        ordered = sorted(found, key=lambda n: rank[n] if n >= 0 else (-1, -1))
        ids = self.level_ids

        def percentile(share: float) -> str | None:
            position = max(0, math.ceil(share * draws) - 1)  # in the draws ordered by level
            for n in ordered:
                position -= found[n]
                if position < 0:
                    return ids[n] if n >= 0 else None
            raise AssertionError("the counts add up to the draws")

        return Stability(same, percentile(0.1), percentile(0.9))

    def sensitivity(
        self, r: Sequence[int], met: Sequence[bool], worst: Sequence[int]
    ) -> list[Flip]:
        """:func:`sensitivity` for vector *r*, given each level's being met and largest
        shortfall (from :meth:`why_not`, or an estimate's statuses)."""
        low, high, limit = self.low, self.high, self.max_shortfall
        current = self.pick(met)
        # (skill, +1 or -1) -> the levels whose being met that move changes
        changes: dict[tuple[int, int], list[int]] = {}
        for n, (items, cores, need) in enumerate(
            zip(self.levels, self.cores, self.needs, strict=True)
        ):
            if worst[n] > limit + 1:
                continue  # a skill two points too far short: no single move fixes it
            core_set = self._core_sets[n]
            weight = 0.0
            short: list[tuple[int, int, float]] = []  # (skill, points short, weight)
            for i, e, w in items:
                d = e - r[i]
                if d <= 0:
                    weight += w
                else:
                    short.append((i, d, w))
            if met[n]:
                for i, e, w in items:
                    d = e - r[i]
                    if r[i] > low and (
                        d == limit or (d == 0 and (i in core_set or weight - w < need))
                    ):
                        changes.setdefault((i, -1), []).append(n)
                continue
            core_short = [i for i, e in cores if r[i] < e]
            far = [(i, d) for i, d, _ in short if d > limit]
            if len(core_short) > 1 or len(far) > 1:
                continue  # no single move fixes it
            for i, d, w in short:
                if r[i] >= high or (core_short and (core_short[0] != i or d != 1)):
                    continue
                if far and far[0][0] != i:
                    continue
                if (weight + w if d == 1 else weight) >= need:
                    changes.setdefault((i, 1), []).append(n)
        flips = []
        for (i, step), levels in sorted(changes.items()):
            after = list(met)
            for n in levels:
                after[n] = not after[n]
            level = self.pick(after)
            if level != current:
                flips.append(
                    Flip(
                        self.skill_ids[i],
                        r[i],
                        r[i] + step,
                        self.level_ids[level] if level >= 0 else None,
                    )
                )
        return flips

    def _met_in(self, n: int, r: Sequence[int], with_move: Sequence[int], every: int) -> int:
        """The set of draws (bit d: draw d) in which level *n* is met, given which draws
        make each move (*with_move*, bit 2i: skill i down one point, 2i + 1: up one).

        The three conditions of "met" (docs/reference.md#met) are taken one by one. No
        core skill short: each core skill short now must be one point short and go up,
        and no core skill at its expectation may go down. No skill too far short: the
        same, one point past the limit. The met share: the draws left are split by the
        weight their moves add or take away, move by move, and a group is settled as
        soon as the moves still to come cannot change its answer."""
        low, high, limit = self.low, self.high, self.max_shortfall
        cores = self._core_sets[n]
        left = every
        weight = 0.0
        moves: list[tuple[int, float]] = []
        for i, e, w in self.levels[n]:
            v = r[i]
            down = with_move[2 * i] if v > low else 0
            up = with_move[2 * i + 1] if v < high else 0
            short = e - v
            if short > 0:  # the skill is short: a point up may make it count
                if i in cores:
                    if short > 1 or not up:
                        return 0
                    left &= up
                if short == 1 and up:
                    moves.append((up, w))
            else:
                weight += w
                if short == 0 and down:  # a point down makes it short
                    if i in cores:
                        left &= ~down
                    moves.append((down, -w))
            if short > limit:  # too far short: it must come within the limit
                if short > limit + 1 or not up:
                    return 0
                left &= up
            elif short + 1 > limit and down:
                left &= ~down
            if not left:
                return 0
        margin = weight - self.needs[n]  # met while the moves' weight keeps this >= 0
        gain = sum(d for _, d in moves if d > 0)
        loss = sum(d for _, d in moves if d < 0)
        if margin + loss >= 0:
            return left
        if margin + gain < 0:
            return 0
        met = 0
        groups = {0.0: left}  # weight added so far -> the draws that added it
        for made, d in moves:
            if d > 0:
                gain -= d
            else:
                loss -= d
            after: dict[float, int] = {}
            for added, group in groups.items():
                moved = group & made
                for total, part in ((added, group ^ moved), (added + d, moved)):
                    if not part:
                        continue
                    if margin + total + loss >= 0:
                        met |= part
                    elif margin + total + gain >= 0:
                        after[total] = after.get(total, 0) | part
            groups = after
            if not groups:
                break
        return met

    def _draws(self, skills: int, draws: int, seed: int) -> tuple[int, ...]:
        """For each move (bit 2i: skill i down one point, 2i + 1: up one), the set of
        draws that make it (bit d: draw d): the seed's numbers draw by draw and skill by
        skill within a draw, the order the definition reads in. Drawn once per model,
        seed and size (the numbers cost as much as the rest of a stability figure)."""
        key = (skills, draws, seed)
        if self._moves is None or self._moves[0] != key:
            rand = random.Random(seed).random
            down, up = STABILITY_STEP, 2 * STABILITY_STEP
            made: list[list[int]] = [[] for _ in range(2 * skills)]
            for d in range(draws):
                for i in range(skills):
                    u = rand()
                    if u < up:
                        made[2 * i + (u >= down)].append(d)
            self._moves = (key, tuple(sum(1 << d for d in each) for each in made))
        return self._moves[1]


_COMPILED: WeakKeyDictionary[LevelModel, Estimator] = WeakKeyDictionary()


def compile_model(model: LevelModel) -> Estimator:
    """The :class:`Estimator` of *model*, built once per model object."""
    estimator = _COMPILED.get(model)
    if estimator is None:
        estimator = _COMPILED[model] = Estimator(model)
    return estimator


def estimate(model: LevelModel, ratings: Mapping[str, int], track: str | None = None) -> Estimate:
    """Current level, next level, readiness and every level's status for *ratings*
    (next level and readiness on *track*, a track id or name, when given; an unknown
    one is a :class:`~pmlevel.errors.UsageError` that lists the tracks)."""
    est = compile_model(model)
    if track is not None and track not in est.track_ids:
        track = model.find_track(track).id
    return est.estimate(est.vector(ratings), track)


def stability(model: LevelModel, ratings: Mapping[str, int]) -> Stability:
    """How often small rating changes keep the current level (docs/reference.md#the-estimate)."""
    est = compile_model(model)
    return est.stability(est.vector(ratings))


def gaps(model: LevelModel, ratings: Mapping[str, int], next_level: str | None) -> list[Gap]:
    """Skills rated below the next level's expectation, largest weighted shortfall first."""
    if next_level is None:
        return []
    est = compile_model(model)
    r = est.vector(ratings)
    index = est.level_ids.index(next_level)
    cores, ids = est._core_sets[index], est.skill_ids
    found = [
        (i, Gap(ids[i], r[i], e, e - r[i], w, i in cores))
        for i, e, w in est.levels[index]
        if r[i] < e
    ]
    found.sort(key=lambda item: (-item[1].shortfall * item[1].weight, item[0]))
    return [gap for _, gap in found]


def path_to_next(
    model: LevelModel, ratings: Mapping[str, int], next_level: str | None
) -> list[Step]:
    """The cheapest set of rating increases that makes *next_level* met.

    Cheapest means the fewest rating points in total, then the fewest skills.
    A core skill below its expectation must come all the way up; every other
    skill short by more than ``max_shortfall`` must come up to within it; then
    enough skills must reach the expectation to make up ``min_share`` of the
    weight, which :func:`_cheapest_cover` chooses exactly.
    """
    if next_level is None:
        return []
    est = compile_model(model)
    r = est.vector(ratings)
    index = est.level_ids.index(next_level)
    items = est.levels[index]
    core = {i for i, _ in est.cores[index]}
    target = list(r)
    forced: set[int] = set()
    for i, e, _ in items:
        if i in core and r[i] < e:
            target[i] = e
        elif e - r[i] > est.max_shortfall:
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


Candidate = tuple[int, bool, float, int]


def _cheapest_cover(candidates: list[Candidate], need: float) -> list[int]:
    """Indexes of the candidates whose weight reaches *need* at the least (points, new skills).

    Exact, and polynomial in the size of the model, by one of two dynamic programmes
    (whichever :func:`cover_plan` says has the smaller table; the result is the same):

    - **over weight** (:func:`_cover_by_weight`), when every weight is a multiple of
      1/D for a small D (weights written with up to two decimals: 1, 1.5, 0.25): a
      knapsack whose table has one cell per unit of weight up to *need* (or up to the
      weight that may be left out, when that is less), and whose value is the pair
      (points, new skills) in one number. n candidates cost n * D * min(need, slack)
      steps and bytes: about 10^5 for the largest model the validator accepts, and
      10^6 at nine times as many skills (bench/path_search.py), so the skill limit
      (``schema.MAX_SKILLS``) is a choice of what a ladder should hold, not a guard.
    - **over points** (:func:`_cover_by_points`), for any other weights: the fewest
      points by a knapsack over points, then the fewest skills at those points.
    """
    if sum(c[2] for c in candidates) < need:
        return [c[3] for c in candidates]  # nothing reaches it: raise them all
    weights = {w for _, _, w, _ in candidates}
    if len(weights) == 1:
        # Equal weights: a fixed number of candidates is needed, the cheapest ones.
        (weight,) = weights
        count = 0
        total = 0.0
        while total < need:
            total += weight
            count += 1
        ordered = sorted(candidates, key=lambda c: (c[0], c[1], c[3]))
        return [c[3] for c in ordered[:count]]
    plan = cover_plan(candidates, need)
    if plan.method == "weight":
        chosen = _cover_by_weight(candidates, need, plan)
        # The weight table rounds nothing, but the estimate adds floats: in the rare
        # case where the two disagree at the last decimal, the other programme decides.
        by_index = {c[3]: c[2] for c in candidates}
        if sum(by_index[i] for i in chosen) >= need:
            return chosen
    return _cover_by_points(candidates, need)


# Denominators a weight may have for the weight table: a weight written with up to two
# decimals (1.25, 0.5, 2.35) is a whole number of hundredths.
_GRIDS = (1, 2, 4, 5, 10, 20, 25, 50, 100)
# The largest weight table worth building (cells = bytes of choices kept for the way back).
MAX_WEIGHT_CELLS = 50_000_000


@dataclass(frozen=True, slots=True)
class CoverPlan:
    """How :func:`_cheapest_cover` searches: ``method`` ("weight" or "points"), the size
    of its table in cells, and for the weight table its unit (1/``grid``), the whole
    weights, and whether it fills what is raised or what is left out (``complement``)."""

    method: Literal["weight", "points"]
    cells: int
    grid: int = 0
    whole: tuple[int, ...] = ()
    capacity: int = 0
    complement: bool = False


def cover_plan(candidates: Sequence[Candidate], need: float) -> CoverPlan:
    """Which programme :func:`_cheapest_cover` runs for *candidates*, and its table size:
    the weight table when the weights allow it and it is the smaller, else points."""
    n = len(candidates)
    points_total = sum(c[0] for c in candidates)
    adds = sum(1 for c in candidates if c[1])
    points_cells = n * max(1, min(adds, points_total)) * (points_total + 1)
    grid = _grid([c[2] for c in candidates])
    if grid is None:
        return CoverPlan("points", points_cells)
    whole = tuple(round(c[2] * grid) for c in candidates)
    total = sum(whole)
    # Whole weights reaching need * grid; the floats the estimate adds may be off in the
    # last bits, so the bar is lowered by more than that (a choice that then falls short
    # in floats is caught by the caller, never a cheaper one missed).
    slack = 1e-9 + 8 * 2.0**-52 * n * total
    bar = max(0, math.ceil(need * grid - slack))
    complement = total - bar < bar
    capacity = total - bar if complement else bar
    cells = n * (capacity + 1)
    if cells > MAX_WEIGHT_CELLS or cells > points_cells:
        return CoverPlan("points", points_cells)
    return CoverPlan("weight", cells, grid, whole, capacity, complement)


def _grid(weights: Sequence[float]) -> int | None:
    """The smallest D in :data:`_GRIDS` with every weight a whole number of 1/D, or None."""
    for grid in _GRIDS:
        if all(abs(w * grid - round(w * grid)) <= 1e-9 * max(1.0, w * grid) for w in weights):
            return grid
    return None


def _cover_by_weight(candidates: Sequence[Candidate], need: float, plan: CoverPlan) -> list[int]:
    """The cheapest cover by a 0/1 knapsack over whole weights (see :func:`_cheapest_cover`).

    Each candidate's value is ``points * (n + 1) + adds``: since adds never exceed n,
    the least value is the fewest points, then the fewest new skills. Directly, cell
    x holds the least value of a choice weighing at least x (x up to the bar); as a
    complement, the most value of a choice of candidates *left out* weighing at most
    x (x up to the total less the bar), which is the smaller table when the bar is
    high (``min_share`` near 1). The choices made at each cell are kept, one byte
    each, to walk back. Heavier candidates come first, so among choices of equal
    value the heavier ones win.
    """
    scale = len(candidates) + 1
    order = sorted(range(len(candidates)), key=lambda j: (-candidates[j][2], candidates[j][3]))
    if plan.complement:
        order.reverse()  # the lightest are left out first
    capacity = plan.capacity
    taken: list[bytes] = []
    if not plan.complement:
        inf = 1 << 62
        best = [0] + [inf] * capacity  # least value weighing at least x
        for j in order:
            cost, adds, _, _ = candidates[j]
            w, v = plan.whole[j], cost * scale + int(adds)
            head = [b if b <= v else v for b in best[1 : w + 1]]
            tail = [
                a if a <= b + v else b + v for a, b in zip(best[w + 1 :], best[1:], strict=False)
            ]
            new = [0, *head, *tail][: capacity + 1]
            taken.append(bytes(map(operator.ne, new, best)))
            best = new
        chosen, x = [], capacity
        for j, row in zip(reversed(order), reversed(taken), strict=True):
            if row[x]:
                chosen.append(j)
                x = max(0, x - plan.whole[j])
        return sorted(candidates[j][3] for j in chosen)
    most = [0] * (capacity + 1)  # most value left out weighing at most x
    for j in order:
        cost, adds, _, _ = candidates[j]
        w, v = plan.whole[j], cost * scale + int(adds)
        if w > capacity:
            taken.append(bytes(capacity + 1))
            continue
        new = most[:w] + [a if a >= b + v else b + v for a, b in zip(most[w:], most, strict=False)]
        taken.append(bytes(map(operator.ne, new, most)))
        most = new
    left_out, x = set(), capacity
    for j, row in zip(reversed(order), reversed(taken), strict=True):
        if row[x]:
            left_out.add(j)
            x -= plan.whole[j]
    return sorted(candidates[j][3] for j in range(len(candidates)) if j not in left_out)


def _cover_by_points(candidates: list[Candidate], need: float) -> list[int]:
    """The cheapest cover by points: a knapsack over points finds the fewest points P
    that can reach *need*; then, for the fewest skills at P, candidates with the same
    cost and the same "adds a skill" are interchangeable but for their weight, so
    within such a group the heaviest are taken first, and a dynamic programme over
    (new skills k, points p) keeps the heaviest choice for each. With n candidates it
    costs at most n * n * P steps, P at most n times the scale's width: for weights
    the weight table cannot take (:func:`cover_plan`)."""
    points = _fewest_points(candidates, need)
    groups: dict[tuple[int, bool], list[Candidate]] = {}
    for candidate in sorted(candidates, key=lambda c: (-c[2], c[3])):
        if candidate[0] <= points:
            groups.setdefault((candidate[0], candidate[1]), []).append(candidate)
    skills_cap = min(points, sum(len(g) for (_, adds), g in groups.items() if adds))
    none = float("-inf")
    # best[k][p]: the most weight with exactly k new skills and exactly p points;
    # row k is finite only within span[k] = (lo, hi), which bounds the work.
    best = [[none] * (points + 1) for _ in range(skills_cap + 1)]
    best[0][0] = 0.0
    span: list[tuple[int, int] | None] = [None] * (skills_cap + 1)
    span[0] = (0, 0)
    tables: list[tuple[int, int, list[float], list[list[float]]]] = []
    for (cost, adds), members in groups.items():
        prefix = [0.0]
        for member in members:
            prefix.append(prefix[-1] + member[2])
        step = int(adds)
        after = [row[:] for row in best]
        after_span = list(span)
        for k, window in enumerate(span):
            if window is None:
                continue
            lo, hi = window
            source = best[k][lo : hi + 1]
            for t in range(1, len(members) + 1):
                shift = t * cost
                k2 = k + step * t
                if lo + shift > points or k2 > skills_cap:
                    break
                gain = prefix[t]
                start, stop = lo + shift, min(hi + shift, points)
                row = after[k2]
                row[start : stop + 1] = [
                    a if a >= b + gain else b + gain
                    for a, b in zip(row[start : stop + 1], source, strict=False)
                ]
                old = after_span[k2]
                after_span[k2] = (
                    (start, stop) if old is None else (min(old[0], start), max(old[1], stop))
                )
        tables.append((cost, step, prefix, best))
        best, span = after, after_span
    skills = min(k for k in range(skills_cap + 1) if best[k][points] >= need)
    # Walk back through the groups: how many of each group that choice took.
    chosen: list[int] = []
    value = best[skills][points]
    for (cost, step, prefix, before), members in zip(
        reversed(tables), reversed(list(groups.values())), strict=True
    ):
        for t in range(len(members) + 1):
            k, p = skills - step * t, points - cost * t
            if k >= 0 and p >= 0 and before[k][p] + prefix[t] == value:
                break
        else:  # pragma: no cover - the forward pass wrote value from one of these
            raise AssertionError("cover not found")
        chosen += [member[3] for member in members[:t]]
        skills, points, value = k, p, before[k][p]
    return chosen


def _fewest_points(candidates: list[Candidate], need: float) -> int:
    """The fewest points whose candidates can reach *need* (a 0/1 knapsack over points)."""
    total = sum(c[0] for c in candidates)
    most = [0.0] * (total + 1)  # most[p]: the most weight for at most p points
    for cost, _, weight, _ in candidates:
        most[cost:] = [
            a if a >= b + weight else b + weight for a, b in zip(most[cost:], most, strict=False)
        ]
    return next(p for p, have in enumerate(most) if have >= need)


def sensitivity(model: LevelModel, ratings: Mapping[str, int]) -> list[Flip]:
    """Every one-point change of one rating that would change the current level.

    A one-point change moves at most whether each level is met, and only in few ways,
    so each level is looked at once, for the moves that could change it: a level met
    is lost only by a skill going down (from its expectation, or from the largest
    shortfall allowed); a level not met is gained only when one skill going up fixes
    every reason at once (it is the one core skill short, the one skill too far short,
    and it brings the met share up), so most levels not met are passed over at once.
    The current level after each move that changes some level is :meth:`Estimator.pick`'s,
    and "met" is :meth:`Estimator.why_not`'s (tests/test_estimate.py holds the list to
    estimating every move from scratch). ``history --import`` and ``team`` work this out
    for every file (``python bench/history_scale.py --only import``).
    """
    est = compile_model(model)
    r = est.vector(ratings)
    why = est.why_not(r)
    return est.sensitivity(r, [not w for _, _, w in why], [far for _, far, _ in why])


def stability_of(estimate: Estimate) -> Stability:
    """:func:`stability` of the ratings *estimate* was made from (one estimate fewer)."""
    assert estimate.source is not None, "an estimate made by Estimator.estimate"
    estimator, r, current, _ = estimate.source
    return estimator.stability(r, known=(current, [s.shortfall for s in estimate.levels]))


def sensitivity_of(estimate: Estimate) -> list[Flip]:
    """:func:`sensitivity` of the ratings *estimate* was made from (one estimate fewer)."""
    assert estimate.source is not None, "an estimate made by Estimator.estimate"
    estimator, r, _, _ = estimate.source
    statuses = estimate.levels
    return estimator.sensitivity(r, [s.met for s in statuses], [s.shortfall for s in statuses])
