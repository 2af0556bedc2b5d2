"""Thread settings for the engine's matrix products.

The engine's own parallel work splits the draw axis over threads
(:func:`socinvest.core.cohort.simulate_cohort`), where every draw goes through the same
elementwise operations whatever the split. Its BLAS matrix products run on one BLAS thread,
for two reasons:

* OpenBLAS splits a product over its threads, and a different split can change the last
  bits of the result; with one thread the numbers do not depend on how many cores the machine
  has (rule 5: same inputs and seed, same numbers, whatever the number of workers);
* OpenBLAS keeps its threads spinning for a while after each product, and on a machine with
  few cores they take the cores from the engine's own threads.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

from threadpoolctl import ThreadpoolController


@functools.cache
def _controller() -> ThreadpoolController:
    """The thread pools of the loaded libraries, found once (it reads the loaded libraries)."""
    return ThreadpoolController()


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Keep BLAS (OpenBLAS, MKL, BLIS) to one thread inside the ``with`` block (a few
    microseconds to enter and leave)."""
    with _controller().limit(limits=1, user_api="blas"):
        yield
