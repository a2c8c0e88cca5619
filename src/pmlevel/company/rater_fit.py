"""The least-squares fit behind ``pmlevel raters`` (docs/reference.md#raters): numpy and scipy,
imported
only here, and this module only when a command needs the fit (never at start-up).

The model is ``rating = θ(person, skill) + b(rater) + error``. Within one (person, skill)
cell θ is the mean of ``rating − b`` over the cell's ratings, so θ is eliminated
analytically and what is left is a small rater × rater system::

    M b = v,   M = D − Aᵀ diag(1/n) A,   v_k = Σ over k's ratings of (rating − cell mean)

(A: cells × raters, one per rating; n: ratings per cell; D: each rater's ratings in
cells that someone else rated too). M is a weighted graph Laplacian: its null space is
one constant per connected group of raters, which is why offsets are only defined up
to a constant in each group, and fixed here by making them sum to zero.

Standard errors need the diagonal of M's pseudo-inverse, not just a solve. Two things
keep that cheap for an organisation of thousands:

* **Local raters are eliminated in closed form.** A rater who rated one person, the only
  such rater of that person (a self-rating, typically), shares cells only with raters
  of more people; those "local" raters do not touch each other, so their block of M is
  diagonal and a Schur complement leaves a system over the other raters only (for
  5,000 people with self-, manager and peer-manager ratings: 1,250 raters instead of
  6,250).
* **The inverse is met one block of columns at a time**, from a dense Cholesky factor
  when the reduced system is small and from a sparse LU (SuperLU) when it is not, so
  memory stays bounded by the block, not by the square of the raters.

Each group is grounded at its rater with the most ratings (offset 0), solved, then
shifted to sum to zero; the covariance follows the same shift
(``P C Pᵀ``, P the centring matrix), computed from the diagonal of C and its row sums.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# One BLAS thread, unless the user chose otherwise: the systems here are at most a few
# thousand raters, which one thread factors in a fraction of a second, while OpenBLAS's
# spinning threads on a busy two-core machine made one 1,250 × 1,250 Cholesky take
# 3 s instead of 0.03 s (bench/raters.py). Only effective before numpy is first
# imported, which in the CLI is here.
if "numpy" not in sys.modules:
    for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, "1")

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.linalg.lapack
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import splu

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

# Up to this many raters (after eliminating the local ones) the reduced system is
# factored dense (6,000² doubles: 288 MB, about 20 s on one core); beyond, sparse LU,
# which is faster only where the raters form sparse, local groups (bench/raters.py).
DENSE_LIMIT = 6000
# The most memory one block of the inverse may take, in doubles (64 MB).
BLOCK_DOUBLES = 8_000_000


@dataclass(frozen=True)
class Fit:
    """Per rater (indexed as given): offset and its variance over σ² (NaN for a rater in
    no group), the group (0 = the largest; -1 for a rater who shares no cell with anyone);
    and the error variance σ² (``None`` when no degree of freedom is left)."""

    offset: Floats
    variance: Floats
    group: Ints
    groups: int
    sigma2: float | None
    df: int

    def se(self) -> Floats:
        """Standard errors (NaN where there is no offset or no σ²)."""
        if self.sigma2 is None:
            return np.full_like(self.offset, np.nan)
        return np.sqrt(self.sigma2 * np.maximum(self.variance, 0.0))


def fit_offsets(
    person: npt.ArrayLike, skill: npt.ArrayLike, rater: npt.ArrayLike, rating: npt.ArrayLike, *,
    raters: int,
) -> Fit:  # fmt: skip
    """Fit rating = θ(person, skill) + b(rater) by least squares; see the module notes.

    *person*, *skill* and *rater* are small non-negative integers, one per rating;
    *raters* is the number of raters (their indexes run from 0).
    """
    p = np.asarray(person, dtype=np.int64)
    s = np.asarray(skill, dtype=np.int64)
    r = np.asarray(rater, dtype=np.int64)
    y = np.asarray(rating, dtype=np.float64)
    width = int(s.max()) + 1 if s.size else 1
    _, cell = np.unique(p * width + s, return_inverse=True)
    cell = cell.ravel()
    # A cell rated once says nothing about any rater (θ takes the rating whole): drop it.
    shared = np.bincount(cell)[cell] >= 2
    p, r, y = p[shared], r[shared], y[shared]
    _, cell = np.unique(cell[shared], return_inverse=True)
    cell = cell.ravel()
    cells = int(cell.max()) + 1 if cell.size else 0
    per_cell = np.bincount(cell, minlength=cells).astype(np.float64)
    mean = np.bincount(cell, weights=y, minlength=cells) / np.maximum(per_cell, 1.0)
    centred = y - mean[cell]

    a = sparse.csr_matrix((np.ones(len(cell)), (cell, r)), shape=(cells, raters))
    m = (
        sparse.diags(np.asarray(a.sum(axis=0)).ravel())
        - a.T @ sparse.diags(1.0 / np.maximum(per_cell, 1.0)) @ a
    ).tocsr()
    v = np.bincount(r, weights=centred, minlength=raters).astype(np.float64)

    count, label = connected_components(abs(a.T @ a), directed=False)
    size = np.bincount(label, minlength=count)
    # Groups of two raters or more, the largest first (ties by their first rater).
    first = np.full(count, raters, dtype=np.int64)
    np.minimum.at(first, label, np.arange(raters))
    multi = np.flatnonzero(size >= 2)
    multi = multi[np.lexsort((first[multi], -size[multi]))]
    renumber = np.full(count, -1, dtype=np.int64)
    renumber[multi] = np.arange(len(multi))
    group = renumber[label]

    offset = np.full(raters, np.nan)
    variance = np.full(raters, np.nan)
    inside = group >= 0
    if len(multi):
        grounded, row_sums, diagonal = _grounded(m, v, p, r, group)
        g = group[inside]
        n = np.bincount(g, minlength=len(multi)).astype(np.float64)
        offset[inside] = grounded[inside] - (np.bincount(g, weights=grounded[inside]) / n)[g]
        total = np.bincount(g, weights=row_sums[inside], minlength=len(multi))
        variance[inside] = diagonal[inside] - 2.0 * row_sums[inside] / n[g] + (total / n**2)[g]
    rss = 0.0
    if len(cell):
        b = np.where(inside, offset, 0.0)
        cell_b = np.bincount(cell, weights=b[r], minlength=cells) / per_cell
        rss = float(np.sum((centred - b[r] + cell_b[cell]) ** 2))
    df = int(len(cell) - cells - int(np.sum(size[multi] - 1)))
    sigma2 = rss / df if df > 0 else None
    return Fit(offset, variance, group, len(multi), sigma2, df)


def _grounded(
    m: sparse.csr_matrix, v: Floats, person: Ints, rater: Ints, group: Ints
) -> tuple[Floats, Floats, Floats]:
    """With each group's reference rater held at 0: the solution of M b = v, the row
    sums of the inverse C (C·1) and its diagonal, for every rater in a group (0 elsewhere)."""
    raters = m.shape[0]
    inside = group >= 0
    counts = np.bincount(rater, minlength=raters)
    # Local raters: one person, and the only such rater of that person (module notes).
    pair = np.unique(rater * (int(person.max()) + 1) + person)
    pair_rater, pair_person = pair // (int(person.max()) + 1), pair % (int(person.max()) + 1)
    people = np.bincount(pair_rater, minlength=raters)
    single = people[pair_rater] == 1
    only = np.bincount(pair_person[single], minlength=int(person.max()) + 1)
    local = np.zeros(raters, dtype=bool)
    local[pair_rater[single][only[pair_person[single]] == 1]] = True
    local &= inside
    # Every group keeps one rater who is not local (a local rater's cells are shared
    # with raters of more people); its most prolific one is the reference.
    kept = np.flatnonzero(inside & ~local)
    order = kept[np.lexsort((kept, -counts[kept], group[kept]))]
    _, firsts = np.unique(group[order], return_index=True)
    reference = np.zeros(raters, dtype=bool)
    reference[order[firsts]] = True
    k = np.flatnonzero(inside & ~local & ~reference)
    loc = np.flatnonzero(local)

    d = m.diagonal()[loc]
    m_k = m[k]
    x = m_k[:, loc].tocsr()  # M_KL
    schur = (m_k[:, k] - x @ sparse.diags(1.0 / d) @ x.T).tocsc()
    factor = _Factor(schur)
    solve = factor.solve

    def grounded_solve(f: Floats) -> Floats:
        out = np.zeros(raters)
        f_loc = f[loc]
        out_k = solve(f[k] - x @ (f_loc / d)) if len(k) else np.zeros(0)
        out[k] = out_k
        out[loc] = (f_loc - x.T @ out_k) / d
        return out

    solution = grounded_solve(v)
    row_sums = grounded_solve(inside.astype(np.float64))
    diagonal = np.zeros(raters)
    # x_lᵀ S⁻¹ x_l for each local rater l needs S⁻¹ only where two of l's neighbours
    # meet (a self-rater's manager and peer): a few entries per local rater.
    column, row_i, row_j, weight = _pairs(x.tocsc())
    values = np.zeros(len(column))
    for start, block in factor.columns():
        stop = start + block.shape[1]
        diagonal[k[start:stop]] = block[np.arange(start, stop), np.arange(stop - start)]
        here = (row_j >= start) & (row_j < stop)
        values[here] = block[row_i[here], row_j[here] - start]
    quad = np.bincount(column, weights=weight * values, minlength=len(loc))
    diagonal[loc] = 1.0 / d + quad / d**2
    return solution, row_sums, diagonal


class _Factor:
    """The reduced system, factored once: dense Cholesky (LAPACK) up to
    :data:`DENSE_LIMIT` raters, sparse LU (SuperLU) beyond. :meth:`solve` first; then
    :meth:`columns` gives the inverse a block of columns at a time (the dense factor is
    turned into the inverse in place, so solve no more after it)."""

    def __init__(self, matrix: sparse.csc_matrix) -> None:
        self.size = matrix.shape[0]
        self.dense: Floats | None = None
        self.lu: Any = None
        if self.size == 0:
            return
        if self.size <= DENSE_LIMIT:
            factor, info = scipy.linalg.lapack.dpotrf(matrix.toarray(), lower=0, overwrite_a=1)
            if info != 0:  # not positive definite: a bug in the elimination, not input
                raise ArithmeticError(f"reduced rater system not positive definite ({info})")
            self.dense = factor
        else:
            self.lu = splu(matrix)

    def solve(self, f: Floats) -> Floats:
        if self.size == 0:
            return np.zeros(f.shape)
        if self.dense is not None:
            x, _ = scipy.linalg.lapack.dpotrs(self.dense, f, lower=0)
            return np.asarray(x)
        return np.asarray(self.lu.solve(f))

    def columns(self) -> Iterator[tuple[int, Floats]]:
        """The inverse's columns: (first column, size × block)."""
        size = self.size
        if size == 0:
            return
        if self.dense is not None:
            inverse, _ = scipy.linalg.lapack.dpotri(self.dense, lower=0, overwrite_c=1)
            # dpotri fills the upper triangle: mirror it a band at a time (no n² copy).
            for start in range(0, size, 512):
                stop = min(size, start + 512)
                inverse[start:stop, :start] = inverse[:start, start:stop].T
                band = inverse[start:stop, start:stop]
                band[np.tril_indices(stop - start, -1)] = band.T[np.tril_indices(stop - start, -1)]
            self.dense = None
            yield 0, np.asarray(inverse)
            return
        width = max(1, min(size, BLOCK_DOUBLES // size))
        for start in range(0, size, width):
            stop = min(size, start + width)
            unit = np.zeros((size, stop - start))
            unit[np.arange(start, stop), np.arange(stop - start)] = 1.0
            yield start, self.solve(unit)


def _pairs(x: sparse.csc_matrix) -> tuple[Ints, Ints, Ints, Floats]:
    """Every pair of non-zeros within each column of *x*: (column, row, row, product)."""
    count = np.diff(x.indptr)
    column_of = np.repeat(np.arange(x.shape[1]), count)  # the column of each non-zero
    size = count[column_of]  # each non-zero pairs with every one of its column
    first = np.repeat(np.arange(len(column_of)), size)
    within = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
    second = x.indptr[column_of[first]] + within
    return (
        column_of[first],
        x.indices[first].astype(np.int64),
        x.indices[second].astype(np.int64),
        x.data[first] * x.data[second],
    )
