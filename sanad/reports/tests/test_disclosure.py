from hypothesis import given, settings
from hypothesis import strategies as st

from sanad.lib.disclosure import suppress, suppress_series, with_totals

K = 5
matrices = st.integers(1, 6).flatmap(
    lambda cols: st.lists(
        st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=1, max_size=6
    )
)


def _lines(full):
    rows, cols = len(full), len(full[0])
    return [full[i] for i in range(rows)] + [[full[i][j] for i in range(rows)] for j in range(cols)]


@settings(max_examples=400, deadline=None)
@given(matrices)
def test_no_small_count_is_shown_and_none_can_be_recomputed(matrix):
    shown = suppress(matrix, K)
    truth = with_totals(matrix)
    for shown_row, true_row in zip(shown, truth, strict=True):
        for cell, value in zip(shown_row, true_row, strict=True):
            assert cell is None or cell == value, "a visible cell shows its true value"
            assert cell is None or not 0 < cell < K, "no visible count from 1 to k-1"
    for line in _lines(shown):
        hidden = sum(cell is None for cell in line)
        # With the total of the line known, one hidden cell alone would be total minus the rest.
        assert hidden != 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=10))
def test_a_breakdown_and_its_total(values):
    cells, total = suppress_series(values, K)
    visible = [c for c in cells if c is not None]
    assert all(not 0 < c < K for c in visible)
    hidden = [v for c, v in zip(cells, values, strict=True) if c is None]
    if total is not None:
        assert total == sum(values)
        assert len(hidden) != 1


def test_nothing_hidden_when_every_count_is_large_or_zero():
    assert suppress([[0, 12], [7, 30]], K) == [[0, 12, 12], [7, 30, 37], [7, 42, 49]]


def test_a_single_small_cell_takes_a_second_one_with_it():
    shown = suppress([[3, 10, 20]], K)
    assert shown[0][0] is None and shown[0][1] is None and shown[0][2] == 20
