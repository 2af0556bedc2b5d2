"""Rolling flows up the payer tree loses nothing and double-counts nothing."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from socinvest.core.payers import roll_up, subtree_matrix
from socinvest.params.payers import default_payer_tree

# Hand tree:            0            4
#                      / \           |
#                     1   2          5
#                     |
#                     3
HAND_PARENTS = [-1, 0, 0, 1, -1, 4]


def test_subtree_matrix_hand_tree() -> None:
    expected = np.array(
        [
            [1, 1, 1, 1, 0, 0],  # 0: itself, 1, 2 and grandchild 3
            [0, 1, 0, 1, 0, 0],  # 1: itself and 3
            [0, 0, 1, 0, 0, 0],
            [0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 1, 1],  # 4: itself and 5
            [0, 0, 0, 0, 0, 1],
        ],
        dtype=float,
    )
    np.testing.assert_array_equal(subtree_matrix(HAND_PARENTS), expected)


def test_roll_up_hand_tree() -> None:
    direct = np.array([1.0, 10.0, 100.0, 1000.0, 5.0, 50.0])
    np.testing.assert_array_equal(
        roll_up(direct, HAND_PARENTS), [1111.0, 1010.0, 100.0, 1000.0, 55.0, 50.0]
    )


def test_roll_up_along_a_middle_axis() -> None:
    # (draw, year, payer, category) with the payer axis at 2, as the ledger has it.
    direct = np.zeros((1, 2, 6, 3))
    direct[0, 0, 3, 1] = 7.0  # grandchild 3, year 0, category 1
    direct[0, 1, 5, 0] = 2.0  # child 5, year 1, category 0
    rolled = roll_up(direct, HAND_PARENTS, axis=2)
    assert rolled.shape == direct.shape
    assert rolled[0, 0, 0, 1] == 7.0
    assert rolled[0, 0, 1, 1] == 7.0
    assert rolled[0, 0, 2, 1] == 0.0
    assert rolled[0, 1, 4, 0] == 2.0
    assert rolled[0, 1, 0, 0] == 0.0
    assert rolled.sum() == 7.0 * 3 + 2.0 * 2


def test_subtree_matrix_refuses_children_before_parents() -> None:
    with pytest.raises(ValueError, match="before its children"):
        subtree_matrix([1, -1])
    with pytest.raises(ValueError, match="before its children"):
        subtree_matrix([0])


def test_default_tree_parents_come_first_and_roll_up() -> None:
    tree = default_payer_tree()
    parents = tree.parents
    assert all(p < i for i, p in enumerate(parents))
    direct = np.zeros(len(parents))
    direct[tree.index("kommun.socialtjanst")] = 3.0
    direct[tree.index("kommun")] = 1.0
    direct[tree.index("stat.sis")] = 5.0
    rolled = roll_up(direct, parents)
    assert rolled[tree.index("kommun")] == 4.0
    assert rolled[tree.index("stat")] == 5.0
    assert rolled[tree.index("region")] == 0.0
    top = [tree.index(p) for p in tree.top_level]
    assert rolled[top].sum() == 9.0


@st.composite
def trees_and_flows(draw: st.DrawFn) -> tuple[list[int], np.ndarray]:
    n = draw(st.integers(1, 15))
    parents = [draw(st.integers(-1, i - 1)) for i in range(n)]
    flows = draw(
        hnp.arrays(
            np.float64,
            (draw(st.integers(1, 3)), draw(st.integers(1, 4)), n),
            elements=st.floats(-1e7, 1e7),
        )
    )
    return parents, flows


@settings(max_examples=150, deadline=None)
@given(trees_and_flows())
def test_roll_up_loses_nothing(tree_flows: tuple[list[int], np.ndarray]) -> None:
    parents, direct = tree_flows
    rolled = roll_up(direct, parents, axis=-1)
    n = len(parents)
    scale = np.abs(direct).sum() + 1.0
    # Sum of the top-level rolled values equals the sum of all direct flows.
    top = [i for i in range(n) if parents[i] == -1]
    np.testing.assert_allclose(
        rolled[..., top].sum(axis=-1), direct.sum(axis=-1), rtol=0, atol=1e-12 * scale
    )
    # Each node's rolled value is its own direct flow plus its children's rolled values.
    for a in range(n):
        children = [b for b in range(n) if parents[b] == a]
        expected = direct[..., a] + rolled[..., children].sum(axis=-1)
        np.testing.assert_allclose(rolled[..., a], expected, rtol=0, atol=1e-12 * scale)
    # A leaf's rolled value is its direct value, exactly.
    for a in range(n):
        if a not in parents:
            np.testing.assert_array_equal(rolled[..., a], direct[..., a])
