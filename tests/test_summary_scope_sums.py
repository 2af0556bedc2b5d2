"""``scope_flows``'s sums of the ledger equal NumPy's reductions of it, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from socinvest.analysis.summary import _pairwise, _scope_sums


def _ledger(shape: tuple[int, ...], seed: int) -> np.ndarray:
    """Values over many magnitudes (so the order of the additions shows), with zeros of
    both signs."""
    rng = np.random.default_rng(seed)
    ledger = rng.standard_normal(shape) * 10.0 ** rng.integers(-4, 9, shape)
    ledger[rng.random(shape) < 0.3] = 0.0
    ledger[rng.random(shape) < 0.05] = -0.0
    return ledger


def _bits(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a).view(np.int64)


@pytest.mark.parametrize(
    ("shape", "public"),
    [
        ((40, 56, 20, 3), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
        ((7, 12, 20, 3), [0, 1, 2, 4, 5, 6, 9, 10, 11, 12, 13, 17]),
        ((1, 56, 9, 3), [1, 2]),
        ((6, 1, 5, 3), [3]),
        ((3, 4, 1, 3), [0]),
        ((2, 3, 150, 3), list(range(0, 150, 2))),
        ((900, 5, 11, 3), []),
        ((300, 30, 40, 3), list(range(40))),
    ],
)
def test_scope_sums_are_numpys_reductions(shape: tuple[int, ...], public: list[int]) -> None:
    ledger = _ledger(shape, seed=sum(shape))
    mask = np.zeros(shape[2], dtype=bool)
    mask[public] = True
    counted = [0, 2]
    by_category, public_flows, counted_flows = _scope_sums(ledger, mask, counted)
    assert np.array_equal(_bits(by_category), _bits(ledger.sum(axis=3)))
    assert np.array_equal(_bits(public_flows), _bits(ledger[:, :, mask, :].sum(axis=(2, 3))))
    assert np.array_equal(_bits(counted_flows), _bits(ledger[:, :, :, counted].sum(axis=(2, 3))))
    for flows in (by_category, public_flows, counted_flows):
        assert flows.flags.c_contiguous


@pytest.mark.parametrize("n", [1, 3, 7, 8, 9, 16, 20, 63, 128, 129, 300])
def test_pairwise_is_numpys_sum(n: int) -> None:
    values = _ledger((n, 50), seed=n)
    expected = np.ascontiguousarray(values.T).sum(axis=1)
    assert np.array_equal(_bits(_pairwise(list(values))), _bits(expected))
