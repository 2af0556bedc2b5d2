"""Scenarios: the validated file format and its compilation to arrays for the core."""
