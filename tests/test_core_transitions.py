"""Transition matrices: from counts, from rates, and the effects of interventions on rows."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from socinvest.core.transitions import (
    apply_effect_to_rows,
    check_stochastic,
    probabilities_from_counts,
    probabilities_from_rates,
)

# --------------------------------------------------------------------------------------------
# probabilities_from_counts


def test_counts_hand_example() -> None:
    p = probabilities_from_counts([[8, 2, 0], [1, 3, 0], [0, 5, 15]])
    expected = [[0.8, 0.2, 0.0], [0.25, 0.75, 0.0], [0.0, 0.25, 0.75]]
    np.testing.assert_allclose(p, expected, rtol=0, atol=1e-15)


def test_counts_refuse_a_negative_count() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        probabilities_from_counts([[8, -1], [1, 3]])


def test_counts_refuse_an_empty_row() -> None:
    with pytest.raises(ValueError, match="at least one observation"):
        probabilities_from_counts([[8, 2], [0, 0]])


# --------------------------------------------------------------------------------------------
# probabilities_from_rates


@pytest.mark.parametrize(("r01", "r10", "t"), [(0.3, 0.2, 1.0), (0.05, 1.5, 2.5), (2.0, 0.0, 0.5)])
def test_rates_two_state_closed_form(r01: float, r10: float, t: float) -> None:
    # Two-state continuous-time chain: p_01(t) = r01 / (r01 + r10) * (1 - exp(-(r01 + r10) t)).
    total = r01 + r10
    p01 = r01 / total * (1.0 - math.exp(-total * t))
    p10 = r10 / total * (1.0 - math.exp(-total * t))
    # A non-zero diagonal is ignored.
    p = probabilities_from_rates([[7.0, r01], [r10, -3.0]], years=t)
    expected = [[1.0 - p01, p01], [p10, 1.0 - p10]]
    np.testing.assert_allclose(p, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-12)


def test_rates_three_state_chain_closed_form() -> None:
    # 0 -> 1 at rate a, 1 -> 2 at rate b, 2 absorbing (a sequential chain):
    # p00 = exp(-a t), p01 = a / (b - a) (exp(-a t) - exp(-b t)), p11 = exp(-b t).
    a, b, t = 0.4, 0.9, 1.0
    p = probabilities_from_rates([[0, a, 0], [0, 0, b], [0, 0, 0]], years=t)
    p00 = math.exp(-a * t)
    p01 = a / (b - a) * (math.exp(-a * t) - math.exp(-b * t))
    p11 = math.exp(-b * t)
    expected = [[p00, p01, 1 - p00 - p01], [0, p11, 1 - p11], [0, 0, 1]]
    np.testing.assert_allclose(p, expected, rtol=0, atol=1e-12)


def test_rates_zero_give_identity() -> None:
    np.testing.assert_array_equal(probabilities_from_rates(np.zeros((3, 3))), np.eye(3))


def test_rates_refuse_negative_and_non_square() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        probabilities_from_rates([[0, -0.1], [0.2, 0]])
    with pytest.raises(ValueError, match="square"):
        probabilities_from_rates([[0, 0.1, 0.2], [0.2, 0, 0.1]])


@settings(max_examples=60, deadline=None)
@given(
    hnp.arrays(
        np.float64,
        st.integers(2, 6).map(lambda n: (n, n)),
        elements=st.floats(0.0, 5.0),
    ),
    st.floats(0.1, 3.0),
)
def test_rates_give_stochastic_matrices(rates: np.ndarray, years: float) -> None:
    p = probabilities_from_rates(rates, years=years)
    assert check_stochastic(p, tolerance=1e-12) == []


def test_check_stochastic_reports_problems() -> None:
    assert check_stochastic([[0.5, 0.5], [0.0, 1.0]]) == []
    assert check_stochastic([[1.2, -0.2], [0.0, 1.0]]) == ["probabilities outside [0, 1]"]
    problems = check_stochastic([[0.5, 0.4], [0.0, 1.0]])
    assert problems == ["a row sums to 0.9, not 1"]


# --------------------------------------------------------------------------------------------
# apply_effect_to_rows: hand examples


def one_row(
    row: list[float],
    target_cols: list[int],
    effect: float,
    kind: str,
    complement: str,
    stay: int = 0,
) -> np.ndarray:
    rows = np.array([[row]], dtype=np.float64)
    targets = np.zeros((1, len(row)), dtype=bool)
    targets[0, target_cols] = True
    out = apply_effect_to_rows(
        rows,
        targets,
        np.array([math.log(effect)]),
        kind,  # type: ignore[arg-type]
        stay_index=np.array([stay]),
        complement=complement,  # type: ignore[arg-type]
    )
    assert out.shape == (1, 1, len(row))
    return out[0, 0]


# Row [stay 0.5, other 0.3, target 0.2].
HAND_CASES = [
    # RR 0.5: target 0.2 -> 0.1; 0.1 freed.
    #   proportional: untargeted 0.5, 0.3 scaled by 0.9 / 0.8.
    ("relative_risk", 0.5, "proportional", [0.5 * 0.9 / 0.8, 0.3 * 0.9 / 0.8, 0.1]),
    #   stay: all of it to staying.
    ("relative_risk", 0.5, "stay", [0.6, 0.3, 0.1]),
    # RR 1.5: target 0.2 -> 0.3; 0.1 taken.
    ("relative_risk", 1.5, "proportional", [0.5 * 0.7 / 0.8, 0.3 * 0.7 / 0.8, 0.3]),
    ("relative_risk", 1.5, "stay", [0.4, 0.3, 0.3]),
    # OR 2: odds 0.2 / 0.8 = 0.25 -> 0.5, so q = 0.5 / 1.5 = 1/3.
    ("odds_ratio", 2.0, "proportional", [0.5 * (2 / 3) / 0.8, 0.3 * (2 / 3) / 0.8, 1 / 3]),
    ("odds_ratio", 2.0, "stay", [2 / 3 - 0.3, 0.3, 1 / 3]),
    # OR 0.25: odds 0.25 -> 0.0625, so q = 0.0625 / 1.0625 = 1/17.
    ("odds_ratio", 0.25, "proportional", [0.5 * (16 / 17) / 0.8, 0.3 * (16 / 17) / 0.8, 1 / 17]),
    ("odds_ratio", 0.25, "stay", [16 / 17 - 0.3, 0.3, 1 / 17]),
]


@pytest.mark.parametrize(("kind", "effect", "complement", "expected"), HAND_CASES)
def test_effect_hand_examples(
    kind: str, effect: float, complement: str, expected: list[float]
) -> None:
    out = one_row([0.5, 0.3, 0.2], [2], effect, kind, complement, stay=0)
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-15)


def test_effect_stay_with_stay_in_the_middle_of_the_row() -> None:
    # Row of state 1: [0.1, 0.7, 0.2]; RR 0.5 on 1 -> 2 frees 0.1 for staying.
    out = one_row([0.1, 0.7, 0.2], [2], 0.5, "relative_risk", "stay", stay=1)
    np.testing.assert_allclose(out, [0.1, 0.8, 0.1], rtol=0, atol=1e-15)


def test_effect_stay_falls_back_to_proportional_when_staying_is_too_small() -> None:
    # Row [stay 0.1, 0.5, target 0.4]; RR 2 -> 0.8 needs 0.4 more but staying holds 0.1.
    # Proportional: untargeted 0.1 and 0.5 share the residual 0.2: scale 0.2 / 0.6.
    out = one_row([0.1, 0.5, 0.4], [2], 2.0, "relative_risk", "stay", stay=0)
    np.testing.assert_allclose(out, [0.1 / 3, 0.5 / 3, 0.8], rtol=0, atol=1e-15)


def test_effect_stay_falls_back_to_proportional_when_staying_is_targeted() -> None:
    # Targets stay (0.5) and column 2 (0.2); RR 0.5 -> 0.25 and 0.1; residual 0.65 to column 1.
    out = one_row([0.5, 0.3, 0.2], [0, 2], 0.5, "relative_risk", "stay", stay=0)
    np.testing.assert_allclose(out, [0.25, 0.65, 0.1], rtol=0, atol=1e-15)


def test_effect_on_several_targets_proportional() -> None:
    # Row [0.4, 0.1, 0.2, 0.3], RR 2 on columns 1 and 2 -> 0.2 and 0.4; residual 0.4 shared by
    # 0.4 and 0.3 in proportion: 0.4 * 0.4 / 0.7 and 0.3 * 0.4 / 0.7.
    out = one_row([0.4, 0.1, 0.2, 0.3], [1, 2], 2.0, "relative_risk", "proportional")
    np.testing.assert_allclose(
        out, [0.4 * 0.4 / 0.7, 0.2, 0.4, 0.3 * 0.4 / 0.7], rtol=0, atol=1e-15
    )


def test_effect_targets_exceeding_one_are_scaled_to_one() -> None:
    # Row [0.2, 0.4, 0.4]; RR 2 on columns 1 and 2 gives 0.8 + 0.8 = 1.6 > 1: both are scaled
    # to 0.5 and nothing is left for the untargeted column.
    for complement in ("proportional", "stay"):
        out = one_row([0.2, 0.4, 0.4], [1, 2], 2.0, "relative_risk", complement)
        np.testing.assert_allclose(out, [0.0, 0.5, 0.5], rtol=0, atol=1e-15)


def test_effect_single_target_capped_at_one() -> None:
    # Row [0.3, 0.7]; RR 2 on column 1 gives 1.4, capped at 1.
    out = one_row([0.3, 0.7], [1], 2.0, "relative_risk", "proportional")
    np.testing.assert_allclose(out, [0.0, 1.0], rtol=0, atol=1e-15)


def test_effect_odds_ratio_on_certain_transition_stays_certain() -> None:
    out = one_row([0.0, 1.0, 0.0], [1], 0.3, "odds_ratio", "proportional")
    np.testing.assert_allclose(out, [0.0, 1.0, 0.0], rtol=0, atol=1e-15)


def test_effect_whole_row_targeted_proportional_leaves_row() -> None:
    # Nothing untargeted holds any probability, so the freed mass has nowhere to go.
    out = one_row([0.0, 0.6, 0.4], [1, 2], 0.5, "relative_risk", "proportional")
    np.testing.assert_allclose(out, [0.0, 0.6, 0.4], rtol=0, atol=1e-15)


def test_effect_whole_row_but_stay_targeted_stay_gets_freed_mass() -> None:
    # Staying had probability 0 but is not targeted: with 'stay' it receives the freed 0.5.
    out = one_row([0.0, 0.6, 0.4], [1, 2], 0.5, "relative_risk", "stay")
    np.testing.assert_allclose(out, [0.5, 0.3, 0.2], rtol=0, atol=1e-15)


def test_effect_per_draw_and_several_rows() -> None:
    # Two rows (states 0 and 1 of a 3-state model), two draws with RR 0.5 and RR 2 on -> 2.
    rows = np.array([[[0.5, 0.3, 0.2], [0.1, 0.7, 0.2]]])
    targets = np.array([[False, False, True], [False, False, True]])
    out = apply_effect_to_rows(
        rows,
        targets,
        np.log([0.5, 2.0]),
        "relative_risk",
        stay_index=np.array([0, 1]),
        complement="stay",
    )
    expected = np.array(
        [
            [[0.6, 0.3, 0.1], [0.1, 0.8, 0.1]],
            [[0.3, 0.3, 0.4], [0.1, 0.5, 0.4]],
        ]
    )
    np.testing.assert_allclose(out, expected, rtol=0, atol=1e-15)


def test_effect_does_not_modify_its_input() -> None:
    rows = np.array([[[0.5, 0.3, 0.2]]])
    copy = rows.copy()
    apply_effect_to_rows(rows, np.array([[False, False, True]]), np.log([0.5]), "relative_risk")
    np.testing.assert_array_equal(rows, copy)


@pytest.mark.parametrize("kind", ["relative_risk", "odds_ratio"])
@pytest.mark.parametrize("complement", ["proportional", "stay"])
def test_effect_of_one_leaves_row_bit_for_bit(kind: str, complement: str) -> None:
    row = [0.2, 0.0, 0.1, 0.02]
    row[1] = 1.0 - sum(row)  # 'rest', as the scenario compiler computes it
    out = one_row(row, [2], 1.0, kind, complement, stay=1)
    np.testing.assert_array_equal(out, row)


@pytest.mark.parametrize("tiny", [1e-320, 2.2e-313, 1e-310])
def test_effect_with_subnormal_untargeted_mass(tiny: float) -> None:
    # Row [tiny, 1 - tiny] (1 - tiny == 1.0 in float); RR 0.5 on column 1 frees 0.5, which
    # the only untargeted entry receives: [0.5, 0.5].
    with np.errstate(all="ignore"):
        out = one_row([tiny, 1.0], [1], 0.5, "relative_risk", "proportional", stay=1)
    np.testing.assert_allclose(out, [0.5, 0.5], rtol=0, atol=1e-15)


# --------------------------------------------------------------------------------------------
# apply_effect_to_rows: properties


@st.composite
def stochastic_rows(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """A row-stochastic ``(1, S, S)`` matrix (with exact zeros and ones) and targets ``(S, S)``."""
    n = draw(st.integers(2, 6))
    raw = draw(
        hnp.arrays(
            np.float64,
            (n, n),
            # Subnormal probabilities: see test_effect_with_subnormal_untargeted_mass.
            elements=st.one_of(st.just(0.0), st.just(1.0), st.floats(1e-300, 1.0)),
        )
    )
    sums = raw.sum(axis=1)
    raw[sums == 0.0, :] = np.eye(n)[sums == 0.0]
    p = raw / raw.sum(axis=1, keepdims=True)
    targets = draw(hnp.arrays(np.bool_, (n, n)))
    return p[None], targets


EFFECTS = st.floats(0.0, 10.0, exclude_min=True, allow_subnormal=False)


@settings(max_examples=200, deadline=None)
@given(
    stochastic_rows(),
    EFFECTS,
    st.sampled_from(["relative_risk", "odds_ratio"]),
    st.sampled_from(["proportional", "stay"]),
)
def test_effect_keeps_rows_stochastic(
    rows_targets: tuple[np.ndarray, np.ndarray], effect: float, kind: str, complement: str
) -> None:
    rows, targets = rows_targets
    n = rows.shape[1]
    out = apply_effect_to_rows(
        rows,
        targets,
        np.array([math.log(effect)]),
        kind,  # type: ignore[arg-type]
        stay_index=np.arange(n),
        complement=complement,  # type: ignore[arg-type]
    )
    assert out.shape == rows.shape
    assert np.all(out >= 0.0)
    assert np.all(out <= 1.0)
    np.testing.assert_allclose(out.sum(axis=-1), 1.0, rtol=0, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(
    stochastic_rows(),
    st.sampled_from(["relative_risk", "odds_ratio"]),
    st.sampled_from(["proportional", "stay"]),
)
def test_effect_of_one_leaves_rows_unchanged(
    rows_targets: tuple[np.ndarray, np.ndarray], kind: str, complement: str
) -> None:
    rows, targets = rows_targets
    n = rows.shape[1]
    out = apply_effect_to_rows(
        rows,
        targets,
        np.array([0.0]),
        kind,  # type: ignore[arg-type]
        stay_index=np.arange(n),
        complement=complement,  # type: ignore[arg-type]
    )
    np.testing.assert_allclose(out, rows, rtol=0, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(stochastic_rows(), EFFECTS, st.sampled_from(["proportional", "stay"]))
def test_relative_risk_moves_targets_the_right_way(
    rows_targets: tuple[np.ndarray, np.ndarray], effect: float, complement: str
) -> None:
    """A relative risk below one never raises a targeted probability (and above one never
    lowers it) unless the row had to be re-scaled because targets exceeded one."""
    rows, targets = rows_targets
    n = rows.shape[1]
    out = apply_effect_to_rows(
        rows,
        targets,
        np.array([math.log(effect)]),
        "relative_risk",
        stay_index=np.arange(n),
        complement=complement,  # type: ignore[arg-type]
    )
    p, q = rows[0], out[0]
    for i in range(n):
        cols = targets[i]
        if not cols.any() or (~cols).sum() == 0:
            continue
        untargeted_mass = p[i, ~cols].sum()
        if untargeted_mass == 0.0:
            continue
        if effect < 1.0:
            assert np.all(q[i, cols] <= p[i, cols] + 1e-12)
            assert np.all(q[i, cols] >= p[i, cols] * effect - 1e-12)
        elif p[i, cols].sum() * effect <= 1.0:
            np.testing.assert_allclose(q[i, cols], p[i, cols] * effect, rtol=1e-9, atol=1e-15)
