"""Disclosure control for published tables: small counts are hidden, and enough other cells
with them that no hidden cell can be worked out by subtraction from a row or column total.

Cells are counts of people. A count from 1 to k-1 is hidden (primary suppression); zero is
shown, since it singles no one out. Then, in every row and column of the table *with its
totals*, a line holding exactly one hidden cell would give it away (total minus the others),
so a second cell is hidden there: the smallest non-zero inner cell, else the total
(complementary suppression). Repeated until every line holds none or at least two.
"""

HIDDEN = None


def _lines(rows: int, cols: int):
    """Every additive line of a (rows+1) x (cols+1) table whose last row and column are
    totals: each row (inner cells then its total) and each column likewise."""
    for i in range(rows + 1):
        yield [(i, j) for j in range(cols + 1)]
    for j in range(cols + 1):
        yield [(i, j) for i in range(rows + 1)]


def with_totals(matrix: list[list[int]]) -> list[list[int]]:
    """The matrix with a total column and a total row added."""
    full = [[*row, sum(row)] for row in matrix]
    full.append([sum(col) for col in zip(*full, strict=True)] if full else [0])
    return full


def suppress(matrix: list[list[int]], k: int) -> list[list[int | None]]:
    """`matrix` with totals added (last row and column), hidden cells set to None."""
    full = with_totals(matrix)
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    hidden = {(i, j) for i in range(rows + 1) for j in range(cols + 1) if 0 < full[i][j] < k}
    changed = True
    while changed:
        changed = False
        for line in _lines(rows, cols):
            if sum(cell in hidden for cell in line) != 1:
                continue
            visible = [c for c in line if c not in hidden]
            inner = [c for c in visible if c[0] < rows and c[1] < cols]
            # Prefer an inner cell, the smallest non-zero one (least information lost).
            pick = min(inner or visible, key=lambda c: (full[c[0]][c[1]] == 0, full[c[0]][c[1]]))
            hidden.add(pick)
            changed = True
    return [
        [HIDDEN if (i, j) in hidden else full[i][j] for j in range(cols + 1)]
        for i in range(rows + 1)
    ]


def suppress_series(values: list[int], k: int) -> tuple[list[int | None], int | None]:
    """One breakdown and its total (a one-row table): (cells, total)."""
    if not values:
        return [], 0
    row = suppress([values], k)[0]
    return row[:-1], row[-1]


def small(count: int | None, k: int) -> bool:
    """A count of people that must not be shown on its own."""
    return count is not None and 0 < count < k
