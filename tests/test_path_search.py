"""The cheapest path (docs/reference.md#the-estimate: fewest total points, ties by fewest skills) is
exact: both
dynamic programmes against brute force over every subset, and the bound on the table
the search builds , checked by its size, not by a clock."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from pmlevel.assess.estimate import (
    EPSILON,
    Candidate,
    _cheapest_cover,
    _cover_by_points,
    _cover_by_weight,
    cover_plan,
)


def brute(candidates: list[Candidate], need: float) -> tuple[int, int]:
    """The least (points, new skills) of any subset whose weight reaches *need*."""
    best = None
    for size in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            if sum(c[2] for c in subset) >= need:
                cost = (sum(c[0] for c in subset), sum(1 for c in subset if c[1]))
                best = cost if best is None else min(best, cost)
    assert best is not None
    return best


def cost_of(candidates: list[Candidate], chosen: list[int]) -> tuple[int, int]:
    picked = [c for c in candidates if c[3] in chosen]
    assert len(picked) == len(chosen) == len(set(chosen))
    return sum(c[0] for c in picked), sum(1 for c in picked if c[1])


GRID_WEIGHTS = st.sampled_from([0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 7.75, 10.0, 0.01, 99.99])
ANY_WEIGHTS = st.floats(0.001, 1000, allow_nan=False, allow_infinity=False)


@st.composite
def covers(draw: st.DrawFn, weights: st.SearchStrategy[float]) -> tuple[list[Candidate], float]:
    count = draw(st.integers(1, 9))
    candidates = [
        (draw(st.integers(1, 6)), draw(st.booleans()), draw(weights), index * 3 + 1)
        for index in range(count)
    ]
    total = sum(c[2] for c in candidates)
    # a share of the total, or exactly the weight of some subset (the boundary the
    # estimate's tolerance is for: need = share * total - EPSILON)
    if draw(st.booleans()):
        need = draw(st.floats(0.01, 1.0)) * total - EPSILON
    else:
        subset = draw(st.lists(st.sampled_from(candidates), min_size=1, unique=True))
        need = sum(c[2] for c in subset) - EPSILON
    return candidates, need


@settings(max_examples=400, deadline=None)
@given(covers(GRID_WEIGHTS))
def test_the_cover_is_the_cheapest_with_weights_on_a_grid(
    case: tuple[list[Candidate], float],
) -> None:
    candidates, need = case
    chosen = _cheapest_cover(candidates, need)
    assert sum(c[2] for c in candidates if c[3] in chosen) >= need
    assert cost_of(candidates, chosen) == brute(candidates, need)


@settings(max_examples=400, deadline=None)
@given(covers(ANY_WEIGHTS))
def test_the_cover_is_the_cheapest_with_any_weights(case: tuple[list[Candidate], float]) -> None:
    candidates, need = case
    chosen = _cheapest_cover(candidates, need)
    assert sum(c[2] for c in candidates if c[3] in chosen) >= need
    assert cost_of(candidates, chosen) == brute(candidates, need)


@settings(max_examples=300, deadline=None)
@given(covers(GRID_WEIGHTS))
def test_both_programmes_find_the_same_cost(case: tuple[list[Candidate], float]) -> None:
    candidates, need = case
    plan = cover_plan(candidates, need)
    by_points = _cover_by_points(list(candidates), need)
    expected = brute(candidates, need)
    assert cost_of(candidates, by_points) == expected
    for complement in (False, True):
        if plan.method != "weight":
            break
        total = sum(plan.whole)
        bar = plan.capacity if not plan.complement else total - plan.capacity
        forced = type(plan)(
            "weight",
            plan.cells,
            plan.grid,
            plan.whole,
            total - bar if complement else bar,
            complement,
        )
        chosen = _cover_by_weight(candidates, need, forced)
        assert cost_of(candidates, chosen) == expected


def largest_shape(skills: int) -> tuple[list[Candidate], float]:
    """The path search of tests/fixtures/largest_model.py at any number of skills: rated
    at the bottom against expectations 1..10, the model's weights, min_share 0.99."""
    candidates = [(1 + i % 10, True, 1 + (i * 37) % 97 + 0.25 * (i % 4), i) for i in range(skills)]
    need = 0.99 * sum(c[2] for c in candidates) - EPSILON
    return candidates, need


def test_the_search_stays_small_far_beyond_the_skill_limit() -> None:
    for skills in (100, 900):
        candidates, need = largest_shape(skills)
        plan = cover_plan(candidates, need)
        # quarter points: a grid of 4; what may be left out is 1% of the weight
        assert (plan.method, plan.grid, plan.complement) == ("weight", 4, True)
        slack = 4 * sum(c[2] for c in candidates) * 0.01
        assert plan.cells <= skills * (slack + 2)
        assert plan.cells < 2_000_000  # the old search's table: skills^2 x points
    candidates, need = largest_shape(100)
    chosen = _cheapest_cover(candidates, need)
    assert cost_of(candidates, chosen) == cost_of(candidates, _cover_by_points(candidates, need))
