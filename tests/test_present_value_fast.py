"""present_value does the operations of np.tensordot without its general checks: the same
numbers bit for bit over shapes, year axes and memory layouts (Hypothesis), and the same
refusal of a year axis whose length differs from the factors'."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinvest.core.metrics import present_value


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=4),
    st.data(),
    st.integers(min_value=0, max_value=2**32 - 1),
    st.sampled_from(["contiguous", "fortran", "strided", "transposed"]),
)
def test_equals_tensordot_bit_for_bit(
    shape: list[int], data: st.DataObject, seed: int, layout: str
) -> None:
    rng = np.random.default_rng(seed)
    ndim = len(shape)
    axis = data.draw(st.integers(min_value=-ndim, max_value=ndim - 1))
    flows = rng.normal(scale=1e6, size=[2 * n for n in shape] if layout == "strided" else shape)
    if layout == "strided":
        flows = flows[tuple(slice(None, None, 2) for _ in shape)]
    elif layout == "fortran":
        flows = np.asfortranarray(flows)
    elif layout == "transposed":
        flows = np.ascontiguousarray(flows.T).T
    factors = rng.uniform(0.1, 1.0, size=shape[axis])
    expected = np.tensordot(flows, factors, axes=([axis], [0]))
    got = present_value(flows, factors, axis)
    assert got.shape == expected.shape
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, expected)
    assert got.tobytes() == np.asarray(expected, dtype=np.float64).tobytes()


def test_a_year_axis_of_another_length_is_refused() -> None:
    with pytest.raises(ValueError, match="shape-mismatch"):
        present_value(np.ones((3, 4)), np.ones(3))
    with pytest.raises(ValueError, match="shape-mismatch"):
        np.tensordot(np.ones((3, 4)), np.ones(3), axes=([-1], [0]))
    assert float(present_value(np.array([1.0, 2.0]), np.array([1.0, 0.5]))) == 2.0
