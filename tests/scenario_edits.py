"""A small valid scenario with numbered lines, and edits of single lines, shared by the tests
of bad input (``test_scenario_errors.py``, ``test_error_messages_i18n.py``): the expected line
numbers of their problems refer to the numbered listing of ``VALID`` (1-based)."""

from __future__ import annotations

VALID = """\
socinvest: 1
id: errors
title: Bad-input example
model:
  states:
    - id: well
    - id: ill
    - id: dead
      absorbing: true
  transitions:
    - ages: 10-14
      probabilities:
        well:
          well: 0.9
          ill: 0.08
          dead: 0.02
        ill:
          ill: rest
          well: 0.3
          dead: 0.05
  costs:
    - state: ill
      payer: kommun.socialtjanst
      annual: 10000
target_group:
  start_age: 10
  level: selective
  initial_states:
    well: 0.5
    ill: 0.5
  size: 100
interventions:
  - id: support
    costs:
      - payer: kommun.socialtjanst
        per_participant_year: 5000
        years: 0-1
    effects:
      - from: ill
        to: well
        relative_risk: 1.5
        years: 0-1
alternatives:
  - id: as_today
    comparison: true
  - id: support
    interventions:
      - support
analysis:
  horizon: {years: 5}
"""

SOURCE = "bad.yaml"


def edit(edits: dict[int, tuple[str, str]]) -> str:
    """``VALID`` with line ``n`` (1-based) changed from ``old`` to ``new`` for each edit.

    The old text is checked so that a change to ``VALID`` cannot silently shift the lines.
    """
    lines = VALID.splitlines()
    for n, (old, new) in edits.items():
        assert lines[n - 1].strip() == old, f"line {n} is {lines[n - 1]!r}, not {old!r}"
        indent = lines[n - 1][: len(lines[n - 1]) - len(lines[n - 1].lstrip())]
        lines[n - 1] = indent + new
    return "\n".join(lines) + "\n"
