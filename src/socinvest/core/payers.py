"""Rolling flows up a payer tree without losing anything.

A payer tree is given as a list of parent indices (``-1`` for a top-level payer), with
every parent before its children. Each node holds only its own direct flows; the rolled-up
value of a node is the sum over its subtree.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def subtree_matrix(parents: Sequence[int]) -> FloatArray:
    """Matrix ``M`` with ``M[a, b] = 1`` when node ``b`` lies in the subtree of node ``a``.

    Parameters
    ----------
    parents : sequence of int
        Parent index of each node, ``-1`` for a root; parents come before their children.

    Returns
    -------
    ndarray, shape (N, N)
        Rolled-up flows are ``flows @ M.T`` along the payer axis.
    """
    n = len(parents)
    m = np.eye(n)
    for b in range(n):
        a = parents[b]
        if a >= b:
            raise ValueError("every parent must come before its children")
        while a >= 0:
            m[a, b] = 1.0
            a = parents[a]
    return m


def roll_up(flows: FloatArray, parents: Sequence[int], axis: int = -1) -> FloatArray:
    """Roll direct flows up the tree along ``axis`` (sum over each node's subtree)."""
    m = subtree_matrix(parents)
    moved = np.moveaxis(flows, axis, -1)
    return np.moveaxis(moved @ m.T, -1, axis)
