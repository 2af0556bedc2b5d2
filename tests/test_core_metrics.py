"""Investment metrics: present value, payback, IRR and the benefit-cost ratio."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinvest.core.metrics import benefit_cost_ratio, irr, payback_index, present_value
from socinvest.core.timing import discount_factors

# --------------------------------------------------------------------------------------------
# present_value


def test_present_value_hand_example() -> None:
    flows = np.array([100.0, 110.0, 121.0])
    factors = np.array([1.0, 1 / 1.1, 1 / 1.21])
    assert float(present_value(flows, factors)) == pytest.approx(300.0, rel=1e-14)


def test_present_value_over_draws_and_payers() -> None:
    flows = np.array([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]])  # (2, 2, T=2)
    factors = np.array([1.0, 0.5])
    np.testing.assert_allclose(present_value(flows, factors), [[2.0, 5.0], [8.0, 11.0]])


# --------------------------------------------------------------------------------------------
# payback_index


@pytest.mark.parametrize(
    ("net", "expected"),
    [
        ([-100.0, 60.0, 50.0], 2),  # cumulative -100, -40, 10
        ([-100.0, 100.0, 5.0], 1),  # cumulative reaches exactly 0 in year 1
        ([10.0, 5.0], 0),  # never below zero
        ([0.0, 0.0, 0.0], 0),  # nothing at all
        ([-10.0, 15.0, -10.0, 10.0], 3),  # cumulative -10, 5, -5, 5: the dip in year 2 counts
        ([-10.0, 15.0, -10.0, 4.0], -1),  # cumulative -10, 5, -5, -1: never pays back
        ([-10.0, 5.0, 2.0], -1),  # cumulative -10, -5, -3
        ([5.0, -10.0, 6.0], 2),  # positive first, then below zero, then back
        ([-1e-7, 0.0], 0),  # less than the tolerance below zero counts as paid back
    ],
)
def test_payback_undiscounted(net: list[float], expected: int) -> None:
    assert int(payback_index(np.array(net))) == expected


def test_payback_discounted_differs_from_undiscounted() -> None:
    net = np.array([-100.0, 60.0, 50.0])
    # Undiscounted: -100 + 60 + 50 = 10 >= 0 in year 2.
    assert int(payback_index(net)) == 2
    # At 10 %: -100 + 60/1.1 + 50/1.21 = -100 + 54.545... + 41.322... = -4.13 < 0.
    factors = discount_factors(0.10, 3, "start")
    assert int(payback_index(net, factors)) == -1
    # At 2 %: -100 + 58.82 + 48.06 = 6.88 >= 0 in year 2.
    assert int(payback_index(net, discount_factors(0.02, 3, "start"))) == 2


def test_payback_vectorised_over_rows() -> None:
    net = np.array([[-100.0, 60.0, 50.0], [-10.0, 5.0, 2.0], [1.0, 1.0, 1.0]])
    np.testing.assert_array_equal(payback_index(net), [2, -1, 0])


# --------------------------------------------------------------------------------------------
# irr


@pytest.mark.parametrize(
    "flows",
    [
        [-100.0, 39.0, 59.0, 55.0, 20.0],  # numpy-financial's documented example, 0.28095
        [-100.0, 0.0, 0.0, 74.0],  # a negative IRR, -0.0955
        [-1000.0, 100.0, 100.0, 100.0, 1100.0],  # a bond at par: 10 %
        [-50.0, -50.0, 30.0, 30.0, 30.0, 30.0],
        [0.0, -20.0, 5.0, 5.0, 5.0, 5.0, 5.0],  # leading zero
        [100.0, -110.0],  # a loan: 10 %
    ],
)
def test_irr_matches_numpy_financial(flows: list[float]) -> None:
    assert irr(flows) == pytest.approx(npf.irr(flows), rel=1e-9, abs=1e-12)


def test_irr_hand_values() -> None:
    assert irr([-100.0, 110.0]) == pytest.approx(0.10, rel=1e-12)
    assert irr([-100.0, 0.0, 121.0]) == pytest.approx(0.10, rel=1e-12)
    assert irr([-1000.0, 100.0, 100.0, 100.0, 1100.0]) == pytest.approx(0.10, rel=1e-12)
    assert irr([-100.0, 39.0, 59.0, 55.0, 20.0]) == pytest.approx(0.28095, abs=5e-6)


@pytest.mark.parametrize(
    "flows",
    [[100.0, 50.0], [-100.0, -50.0], [0.0, 0.0, 0.0], [0.0, -5.0, 0.0], [3.0]],
)
def test_irr_is_nan_without_a_sign_change(flows: list[float]) -> None:
    assert math.isnan(irr(flows))


def test_irr_refuses_two_dimensional_input() -> None:
    with pytest.raises(ValueError, match="one series"):
        irr(np.zeros((2, 3)))


@st.composite
def one_sign_change(draw: st.DrawFn) -> list[float]:
    """Some costs (negative), then some benefits (positive); zeros allowed inside each run."""
    amount = st.floats(1.0, 1e6)
    costs = draw(st.lists(amount, min_size=1, max_size=5))
    gains = draw(st.lists(amount, min_size=1, max_size=12))
    flows = [-c for c in costs] + gains
    zeros = draw(st.lists(st.integers(0, len(flows) - 1), max_size=3))
    for z in zeros:
        same_sign = sum(1 for f in flows if f * flows[z] > 0)
        if same_sign > 1:  # keep at least one cost and one benefit
            flows[z] = 0.0
    if draw(st.booleans()):
        flows = [-f for f in flows]  # a loan: benefits first
    return flows


@settings(max_examples=150, deadline=None)
@given(one_sign_change())
def test_irr_property_one_sign_change(flows: list[float]) -> None:
    rate = irr(flows)
    assert not math.isnan(rate)
    assert rate > -1.0
    # The rate solves NPV = 0 (relative to the size of the flows).
    npv = sum(c / (1.0 + rate) ** t for t, c in enumerate(flows))
    scale = sum(abs(c) / (1.0 + rate) ** t for t, c in enumerate(flows))
    assert abs(npv) <= 1e-8 * scale
    reference = npf.irr(flows)
    if not math.isnan(reference):  # numpy-financial drops roots with any imaginary round-off
        assert rate == pytest.approx(reference, rel=1e-7, abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.0, 1e6), min_size=1, max_size=10), st.booleans())
def test_irr_property_no_sign_change(flows: list[float], negate: bool) -> None:
    series = [-f for f in flows] if negate else flows
    assert math.isnan(irr(series))


# --------------------------------------------------------------------------------------------
# benefit_cost_ratio


@pytest.mark.parametrize(
    ("benefits", "costs", "ratio", "flag"),
    [
        (300.0, 100.0, 3.0, None),
        (-50.0, 100.0, -0.5, None),
        (1000.0, 0.0, None, "no_costs"),
        (1000.0, 0.4, None, "no_costs"),  # below 0.5 SEK
        (0.0, 0.0, None, "no_costs"),
        (1000.0, -200.0, None, "no_costs"),  # the alternative saves programme costs
        (10.0, 0.5, 20.0, None),  # exactly 0.5 SEK: a ratio; 0.5 >= 1 % of 10
        (1000.0, 5.0, 200.0, "small_costs"),  # 5 < 1 % of 1000
        (-1000.0, 5.0, -200.0, "small_costs"),  # small against the absolute benefits
        (1000.0, 10.0, 100.0, None),  # exactly 1 %: not flagged
    ],
)
def test_benefit_cost_ratio(
    benefits: float, costs: float, ratio: float | None, flag: str | None
) -> None:
    got_ratio, got_flag = benefit_cost_ratio(benefits, costs)
    assert got_flag == flag
    if ratio is None:
        assert got_ratio is None
    else:
        assert got_ratio == pytest.approx(ratio, rel=1e-14)


def test_irr_with_flows_orders_of_magnitude_apart_is_finite_or_nan() -> None:
    """A last flow of 1e-320 SEK made np.roots fail ("Array must not contain infs or NaNs");
    the rate of the remaining flows is returned (issue 12, found by the fuzz test)."""
    import math

    from socinvest.core.metrics import irr

    assert irr([-100.0, 50.0, 60.0, 1e-320]) == pytest.approx(irr([-100.0, 50.0, 60.0]))
    assert irr([-100.0, 50.0, 60.0]) == pytest.approx(0.0639410298, rel=1e-8)
    value = irr([-1e-320, 1e-300])
    assert math.isnan(value) or math.isfinite(value)
