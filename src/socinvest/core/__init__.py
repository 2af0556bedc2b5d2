"""The numeric core: pure numpy/scipy engines, discounting and metrics; no I/O."""
