"""The command line.

Importing it sets the cycle collector's thresholds to :data:`GC_THRESHOLDS` (this package is
imported before any command's module): a command allocates hundreds of thousands of objects
(modules, pydantic models, YAML values, arrays) that mostly live until it ends, and with
Python's default thresholds (700, 10, 10) the collector walks them over and over, about a
tenth of the CPU time of ``socinvest report``. Cycles are still collected, less often.
"""

from __future__ import annotations

import gc

GC_THRESHOLDS = (50_000, 20, 100)
"""The cycle collector's thresholds while a command runs (generation 0, 1, 2)."""

gc.set_threshold(*GC_THRESHOLDS)
