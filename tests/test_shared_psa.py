"""One probabilistic analysis for the report and its cost sharing
(:func:`socinvest.analysis.sharing.psa_with_cost_copies`): run with the costless copies of
every alternative, the analysis equals ``run_psa`` without them bit for bit in every field
(the copies' inline effect values taking the originals' draws), and the per-draw costs it
gives equal those of the separate variant run, on every example."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any

import numpy as np
import pytest

from socinvest.analysis.case import build_case
from socinvest.analysis.psa import PsaResults, run_psa
from socinvest.analysis.results import analyse
from socinvest.analysis.sharing import (
    copy_aliases,
    cost_draws,
    psa_with_cost_copies,
    with_cost_copies,
)
from socinvest.params.library import default_library
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.model import Scenario

DRAWS = 200


@cache
def _scenario(name: str) -> Scenario:
    return parse_scenario(example_text(name), f"example:{name}")


def _same(a: Any, b: Any, where: str) -> None:
    """Equal bit for bit: arrays by dtype, shape and bytes; containers element by element."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        assert (a.dtype, a.shape) == (b.dtype, b.shape), where
        assert a.tobytes() == b.tobytes(), where
    elif dataclasses.is_dataclass(a) and not isinstance(a, type):
        assert type(a) is type(b), where
        for f in dataclasses.fields(a):
            _same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for k in a:
            _same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert np.float64(a).tobytes() == np.float64(b).tobytes(), where
    else:
        assert a == b, where


@pytest.mark.parametrize("name", example_names())
def test_the_shared_analysis_equals_run_psa_and_the_variant_runs(name: str) -> None:
    scenario = _scenario(name)
    library = default_library()
    found = psa_with_cost_copies(scenario, library, DRAWS)
    plain = run_psa(scenario, library, DRAWS)
    assert found is not None
    shared, copies = found
    assert isinstance(shared, PsaResults)
    _same(shared, plain, "psa")
    results = dataclasses.replace(analyse(scenario, library), psa=plain)
    others = [a.id for a in scenario.alternatives if not a.comparison]
    assert sorted(copies) == sorted(others)
    for alt in others:
        separate = cost_draws(results, alt, library)
        assert separate is not None, "the variant run did not reproduce the analysis"
        from_copies = cost_draws(results, alt, library, copies)
        _same(from_copies, separate, f"cost_draws[{alt}]")
        assert np.any(from_copies != 0.0), "no intervention cost in any draw tests nothing"


def test_the_report_case_uses_the_shared_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    # parenting-programme: its copied interventions have inline effect values (aliased).
    scenario = _scenario("parenting-programme")
    library = default_library()
    from socinvest.analysis import case as case_module

    shared: list[object] = []

    def spy(*args: Any) -> Any:
        found = psa_with_cost_copies(*args)
        shared.append(found)
        return found

    monkeypatch.setattr(case_module, "psa_with_cost_copies", spy)
    case = build_case(scenario, library, draws=DRAWS)
    assert shared and shared[0] is not None, "the report did not share the analysis"
    assert case.results.psa is not None
    _same(case.results.psa, run_psa(scenario, library, DRAWS), "case.psa")
    assert case.sharing is not None
    # Built the old way (the analysis, then a variant run for the cost sharing): the same.
    monkeypatch.setattr(
        case_module,
        "_analyse_with_cost_copies",
        lambda s, lib, d, seed, progress: (analyse(s, lib, draws=d, seed=seed), None),
    )
    old = build_case(scenario, library, draws=DRAWS, created=case.created)
    _same(case.sharing, old.sharing, "sharing")
    _same(case.results.psa, old.results.psa, "psa")


@pytest.mark.parametrize("name", example_names())
def test_the_per_draw_cost_is_the_programme_cost_alone(name: str) -> None:
    # The costless copy shares every path of its draw (its inline effect values take the
    # original's draws): the difference is the intervention's cost, never below zero, and
    # nothing on a payer that pays no part of the programme. (Before, a copied inline
    # effect was held at its value while the original's was drawn, and the "cost" carried
    # the effect's uncertainty: negative in some draws, and on payers that pay nothing.)
    scenario = _scenario(name)
    library = default_library()
    results = analyse(scenario, library, draws=DRAWS)
    assert results.psa is not None
    for comparison in results.comparisons:
        costs = cost_draws(results, comparison.alternative, library)
        assert costs is not None
        scale = float(np.abs(costs).max())
        assert scale > 0.0
        assert costs.min() >= -1e-9 * scale, comparison.alternative
        for q, scope in enumerate(results.psa.scopes):
            if comparison.horizon[scope].pv_costs == 0.0:
                assert np.all(np.abs(costs[:, q]) <= 1e-9 * scale), (comparison.alternative, scope)


def test_the_copies_inline_values_are_aliased_to_the_originals() -> None:
    scenario = _scenario("parenting-programme")
    variant = with_cost_copies(scenario)
    aliases = copy_aliases(scenario, variant.interventions[len(scenario.interventions) :])
    assert aliases, "an example whose copies have no inline value tests nothing here"
    n = len(scenario.interventions)
    for alias, source in aliases.items():
        assert alias.startswith("inline.interventions_")
        assert int(alias.split(".")[1].split("_")[1]) >= n
        assert int(source.split(".")[1].split("_")[1]) < n
        assert alias.split(".", 2)[2] == source.split(".", 2)[2]
