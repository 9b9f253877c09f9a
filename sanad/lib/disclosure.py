"""Disclosure control for published counts of people: audited cell suppression.

Everything one reader can open about a population is one *release*. Each of its figures
(cells) counts the people of a union of *atoms*, the finest groups the figures tell apart. A
count from 1 to k-1 is hidden and marked "< k" (SMALL). Then every small count a reader could
aim at (a hidden cell, or what is left of a figure once a figure inside it is taken away) is
audited: the least and greatest values it can take given everything shown (a linear programme
solved by HiGHS) must stay at least k-2 apart, so that a reader can never narrow it to fewer
possible values than "< k" itself leaves. Until they do, one more figure that bounds it is
hidden and marked "•" (PROTECTING), which says nothing of its size: a "< k" (a small total
split into small parts pins them) or else the smallest shown figure. Hiding only widens
ranges, so one pass over the targets settles them all. docs/disclosure.md explains the choice
and its cost.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array, vstack

SHOWN, SMALL, PROTECTING = "shown", "small", "protecting"


@dataclass(frozen=True)
class Release:
    """Atoms (people in each) and cells (the atoms each figure adds up)."""

    atoms: tuple
    cells: tuple

    def value(self, cell: int) -> int:
        return sum(self.atoms[a] for a in self.cells[cell])


def small(count, k: int) -> bool:
    """A count of people that must not be shown on its own."""
    return count is not None and 0 < count < k


def ranges(release: Release, status: list, k: int, target) -> tuple[float, float]:
    """The least and greatest number of people `target` (a set of atoms) can hold given the
    figures shown and the "< k" marks: what a reader can work out about it."""
    least, most, _binding = _solve(release, status, k, target)
    return least, most


def _solve(release, status, k, target):
    """`ranges`, and the shown figures that bound them (those worth hiding to widen them)."""
    n = len(release.atoms)
    rows, cols, lower, upper, used = [], [], [], [], []
    for index, cell in enumerate(release.cells):
        if status[index] == PROTECTING:
            continue
        rows += [len(used)] * len(cell)
        cols += list(cell)
        used.append(index)
        value = release.value(index)
        lower.append(value if status[index] == SHOWN else 1)
        upper.append(value if status[index] == SHOWN else k - 1)
    objective = np.zeros(n)
    objective[list(target)] = 1
    constraints = {}
    if used:
        matrix = csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(used), n))
        constraints = {
            "A_ub": vstack([matrix, -matrix]).tocsr(),
            "b_ub": np.concatenate([upper, -np.array(lower)]),
        }
    least = linprog(objective, bounds=(0, None), method="highs", **constraints)
    most = linprog(-objective, bounds=(0, None), method="highs", **constraints)
    binding = set()
    for result in (least, most):
        if used and result.status == 0:
            marginals = np.abs(result.ineqlin.marginals)
            binding |= {used[i % len(used)] for i in np.flatnonzero(marginals > 1e-9)}
    high = np.inf if most.status == 3 else -most.fun
    return least.fun, high, binding


def targets(release: Release, k: int) -> list[frozenset]:
    """Every small count a reader could aim at: each small cell, and each small remainder of
    a cell once a cell inside it is taken away."""
    found = {release.cells[i] for i in range(len(release.cells)) if small(release.value(i), k)}
    by_size = sorted(set(release.cells), key=len)
    for i, inner in enumerate(by_size):
        for outer in by_size[i + 1 :]:
            if inner < outer:
                rest = outer - inner
                if small(sum(release.atoms[a] for a in rest), k):
                    found.add(rest)
    return sorted(found, key=lambda atoms: (len(atoms), sorted(atoms)))


def protect(release: Release, k: int) -> list[str]:
    """The status of each cell: shown, hidden as small, or hidden to protect another."""
    status = [SMALL if small(release.value(i), k) else SHOWN for i in range(len(release.cells))]
    for target in targets(release, k):
        while True:
            safe, binding = _audit(release, status, k, target)
            if safe:
                break
            candidates = sorted(binding - {i for i, s in enumerate(status) if s == PROTECTING},
                                key=lambda i: _cost(release, status, i))  # fmt: skip
            if not candidates:
                break  # nothing published bounds it any more
            status[_first_enough(release, status, k, target, candidates)] = PROTECTING
    return status


def _first_enough(release, status, k, target, candidates) -> int:
    """The first of a few candidates whose hiding alone protects `target`, else the first."""
    for cell in candidates[:TRIES]:
        before, status[cell] = status[cell], PROTECTING
        enough, _binding = _audit(release, status, k, target)
        status[cell] = before
        if enough:
            return cell
    return candidates[0]


TRIES = 4


def _cost(release, status, cell) -> tuple:
    """What hiding a figure costs the reader: a "< k" turned into "•" loses least (the
    largest first, as a small total split into small parts pins them), then the smallest
    shown figure."""
    if status[cell] == SMALL:
        return (0, -len(release.cells[cell]))
    return (1, release.value(cell), len(release.cells[cell]))


def _audit(release, status, k, target) -> tuple[bool, set]:
    """Whether `target` is protected, and the shown figures that bound it."""
    exact = [i for i, cell in enumerate(release.cells) if cell == target and status[i] == SHOWN]
    least, most, binding = _solve(release, status, k, target)
    return not exact and most - least >= protection_interval(k) - 1e-6, binding | set(exact)


def protection_interval(k: int) -> int:
    """How far apart the least and greatest values of a small count must stay: as far as
    for a count marked "< k" (1 to k-1)."""
    return k - 2


def table_release(matrix: list[list[int]]) -> tuple[Release, list[list[int]]]:
    """A table and its totals as a release: atoms are the inner cells; returns the release
    and, for each cell of the table with a total row and column added, its index."""
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    atoms = tuple(matrix[i][j] for i in range(rows) for j in range(cols))
    cells, index = [], {}

    def cell(atom_set):
        atom_set = frozenset(atom_set)
        if atom_set not in index:
            index[atom_set] = len(cells)
            cells.append(atom_set)
        return index[atom_set]

    grid = []
    for i in range(rows + 1):
        line = []
        for j in range(cols + 1):
            rs = range(rows) if i == rows else [i]
            cs = range(cols) if j == cols else [j]
            line.append(cell(r * cols + c for r in rs for c in cs))
        grid.append(line)
    return Release(atoms, tuple(cells)), grid
