"""The individual-level engine (core/individual.py, analysis/individual.py): agreement with the
cohort engine in expectation, bit-identical results across threads and chunks, common random
numbers, individual attributes against a closed form, and invariants (Hypothesis)."""

from __future__ import annotations

import dataclasses
import json
import math
import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clitools import run_cli
from socinvest.analysis.individual import (
    analyse_individual,
    chunk_ranges,
    combine_individual,
    compiled_for_draw,
    nonzero_groups,
    plan_individual,
    run_individual_blocks,
)
from socinvest.analysis.psa import run_psa
from socinvest.analysis.results import analyse
from socinvest.analysis.run import run_scenario
from socinvest.analysis.summary import compare
from socinvest.core.cohort import TransitionEffect, simulate_cohort
from socinvest.core.cohort_kernel import numba_available
from socinvest.core.individual import (
    Modifier,
    counter,
    draw_key,
    individual_matrices,
    mix64,
    person_keys,
    sampling_tables,
    simulate_blocks,
    uniforms,
)
from socinvest.params.errors import InputError
from socinvest.scenario.load import example_names, example_text, parse_scenario

ENGINES = ["numpy", *(["numba"] if numba_available() else [])]
FAST = ENGINES[-1]

TWO_STATES = """\
socinvest: 1
id: two_states
title: Two states, one attribute and a duration effect
model:
  states:
    - id: a
    - id: b
      absorbing: true
  transitions:
    - ages: 10-30
      probabilities:
        a: {a: rest, b: 0.2}
  costs:
    - state: a
      payer: kommun.socialtjanst
      annual: 1000
target_group:
  start_age: 10
  level: selective
  initial_states: {a: 1.0}
  size: 1
alternatives:
  - id: as_today
    comparison: true
  - id: same
individuals:
  attributes:
    - id: risk
      levels: {low: 0.75, high: 0.25}
      source: {title: Assumed for the test}
      effects:
        - {level: high, from: a, to: b, odds_ratio: 3.0}
  duration:
    - {state: a, odds_ratio_per_year: 0.5, max_years: 2}
analysis:
  horizon: {years: 6}
"""


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def test_splitmix64_reference_values() -> None:
    """mix64 is SplitMix64's output function: the generator seeded with 0 gives
    0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4 (the published first outputs; state += GAMMA,
    then mix)."""
    gamma = 0x9E3779B97F4A7C15
    states = np.array([gamma, 2 * gamma % 2**64], dtype=np.uint64)
    assert [int(x) for x in mix64(states)] == [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4]


def test_uniforms_are_a_pure_function_of_their_counter() -> None:
    key = draw_key(7, 3)
    whole = uniforms(person_keys(key, 0, 1000), counter(5, 0))
    part = uniforms(person_keys(key, 400, 600), counter(5, 0))
    assert np.array_equal(whole[400:600], part)
    other = uniforms(person_keys(draw_key(7, 4), 0, 1000), counter(5, 0))
    assert not np.array_equal(whole, other)
    assert whole.min() >= 0.0 and whole.max() < 1.0
    assert abs(whole.mean() - 0.5) < 4 * math.sqrt(1 / 12 / 1000)


MIN_NONZERO_GROUPS = 20
"""Blocks with a non-zero NPV below which a standard error is not trusted (see
``IndividualResults.npv_groups``)."""


@pytest.mark.parametrize("name", example_names())
def test_examples_agree_with_the_cohort_engine(name: str) -> None:
    """The mean NPV of every top-level payer and perspective lies within four Monte Carlo
    standard errors of the cohort engine's (which is its expectation), wherever the figure
    rests on enough blocks for its standard error to mean something; the three main scopes
    always do."""
    scenario = parse_scenario(example_text(name), name)
    cohort = analyse(scenario)
    ind = analyse_individual(scenario, individuals=300_000, engine=FAST)
    tree = ind.plan.compiled.payers
    scopes = [p.id for p in tree.payers if p.parent_id is None]
    scopes += ["public_finances", "socio_economic"]
    checked = 0
    for comparison in cohort.comparisons:
        for scope in scopes:
            if nonzero_groups(ind, comparison.alternative, scope) < MIN_NONZERO_GROUPS:
                assert scope not in ("kommun", "public_finances", "socio_economic")
                continue
            checked += 1
            expected = comparison.horizon[scope].npv
            mean = ind.npv[comparison.alternative][scope]
            error = ind.npv_se[comparison.alternative][scope]
            shown = ind.results.comparison_for(comparison.alternative).horizon[scope].npv
            assert shown == pytest.approx(mean, rel=1e-9, abs=1e-6)
            assert abs(mean - expected) <= 4 * error + 1e-6 * max(1.0, abs(expected)), (
                comparison.alternative,
                scope,
                mean,
                expected,
                error,
            )
    assert checked >= 3 * len(cohort.comparisons)
    # Person-years per calendar year, summed over the states, are the persons in the
    # programme that year, in both engines.
    for mine, theirs in zip(ind.results.run.alternatives, cohort.run.alternatives, strict=True):
        np.testing.assert_allclose(
            mine.person_years.sum(axis=2), theirs.person_years.sum(axis=2), rtol=1e-12
        )


def test_bit_identical_across_chunks_threads_and_kernels() -> None:
    scenario = parse_scenario(example_text("parenting-programme"), "p")
    plan = plan_individual(scenario, individuals=5000, block_size=256, seed=11)
    assert plan.blocks == 20
    plan = pickle.loads(pickle.dumps(plan))  # a worker receives it pickled
    reference = combine_individual(plan, [run_individual_blocks(plan, (0, plan.blocks))])
    for engine in ENGINES:
        for threads in (1, 2):
            for chunks in (1, 4, 16):
                partials = [
                    run_individual_blocks(plan, r, engine=engine, threads=threads)
                    for r in chunk_ranges(plan.blocks, chunks)
                ]
                got = combine_individual(plan, partials)
                assert np.array_equal(got.occupancy, reference.occupancy)
                assert np.array_equal(got.entries, reference.entries)
                assert got.npv == reference.npv
                assert got.npv_se == reference.npv_se
    with pytest.raises(ValueError, match="tile the blocks in order"):
        combine_individual(plan, [run_individual_blocks(plan, (4, 20))])
    with pytest.raises(ValueError, match="cover blocks"):
        combine_individual(plan, [run_individual_blocks(plan, (0, 19))])


def test_many_blocks_share_error_groups_independent_of_chunking() -> None:
    scenario = parse_scenario(example_text("school-attendance"), "s")
    plan = plan_individual(scenario, individuals=1100, block_size=2)
    assert plan.blocks == 550 and plan.n_groups == 512
    groups = [plan.group_of(b) for b in range(plan.blocks)]
    assert groups[0] == 0 and groups[-1] == 511 and groups == sorted(groups)
    whole = combine_individual(plan, [run_individual_blocks(plan, (0, 550), engine=FAST)])
    cut = [run_individual_blocks(plan, r, engine=FAST) for r in ((0, 3), (3, 300), (300, 550))]
    parts = combine_individual(plan, cut)
    assert np.array_equal(whole.occupancy, parts.occupancy)
    assert whole.npv_se == parts.npv_se
    assert int(whole.persons.sum()) == 1100


def test_draws_are_replications_independent_of_chunking() -> None:
    scenario = parse_scenario(example_text("school-attendance"), "s")
    plan = plan_individual(scenario, individuals=700, draws=3, block_size=256)
    assert plan.blocks == 9
    one = combine_individual(plan, [run_individual_blocks(plan, (0, 9))])
    cut = [run_individual_blocks(plan, r, engine=FAST) for r in ((0, 2), (2, 7), (7, 9))]
    many = combine_individual(plan, cut)
    assert np.array_equal(one.occupancy, many.occupancy)
    assert one.occupancy.shape[0] == 3
    assert not np.array_equal(one.occupancy[0], one.occupancy[1])  # other random numbers
    assert one.results.run.alternatives[0].ledger.shape[0] == 3


def test_common_random_numbers() -> None:
    """Alternatives share each person's numbers: the comparison alternative's paths do not
    depend on which other alternatives run, and an alternative without interventions follows
    exactly the comparison's paths (its NPV is exactly 0)."""
    text = example_text("parenting-programme")
    full = parse_scenario(text, "p")
    extra = full.alternatives[0].model_copy(update={"id": "copy", "comparison": False})
    with_copy = full.model_copy(update={"alternatives": [*full.alternatives, extra]})
    only_two = full.model_copy(update={"alternatives": full.alternatives[:2]})
    runs = [
        analyse_individual(s, individuals=3000, seed=5, trajectories=True)
        for s in (with_copy, only_two)
    ]
    paths_all, paths_two = (r.trajectories for r in runs)
    assert paths_all is not None and paths_two is not None
    comparison = [a.comparison for a in full.alternatives].index(True)
    assert np.array_equal(paths_all[comparison], paths_two[comparison])
    assert np.array_equal(paths_all[-1], paths_all[comparison])
    assert all(v == 0.0 for v in runs[0].npv["copy"].values())
    # The trajectories agree with the counts.
    occ = runs[0].occupancy.sum(axis=0)
    for t in (0, 7, occ.shape[1] - 1):
        counted = np.bincount(paths_all[1, :, t], minlength=occ.shape[2])
        assert np.array_equal(counted, occ[1, t])


def test_attribute_and_duration_against_closed_form() -> None:
    """Two states, a -> b with p = 0.2; a quarter of persons have odds ratio 3 on leaving,
    and each year already in a multiplies the odds by 0.5 (up to 2 years). The share still in
    a after t years is ``0.75 prod_d (1 - q_low(d)) + 0.25 prod_d (1 - q_high(d))`` with
    ``logit q(d) = logit 0.2 + log OR + min(d, 2) log 0.5``."""
    scenario = parse_scenario(TWO_STATES, "two.yaml")
    n = 60_000
    ind = analyse_individual(scenario, individuals=n, seed=3, engine=FAST)
    logit_p = math.log(0.2 / 0.8)
    occ = ind.occupancy.sum(axis=0)  # (A, T + 1, S)
    for t in range(7):
        expected = 0.0
        for share, log_or in ((0.75, 0.0), (0.25, math.log(3.0))):
            stay = 1.0
            for d in range(t):
                stay *= 1.0 - _logistic(logit_p + log_or + min(d, 2) * math.log(0.5))
            expected += share * stay
        # The tables hold exactly these probabilities (group 3 x 0 duration years ...).
        error = math.sqrt(expected * (1 - expected) / n)
        got = occ[0, t, 0] / n
        assert abs(got - expected) <= 4 * error + 1e-12, (t, got, expected)
    q_high_2 = _logistic(logit_p + math.log(3.0) + 2 * math.log(0.5))
    table = ind.plan.tables
    group = 1 * table.n_durations + 2  # level "high", two or more years in a
    row = np.zeros(2)
    row[table.order[0, 0, group, 0]] = np.diff(table.cumulative[0, 0, group, 0], prepend=0.0)
    assert row[1] == pytest.approx(q_high_2, rel=1e-12)
    assert all(v == 0.0 for v in ind.npv["same"].values())  # common random numbers


def test_without_attributes_the_tables_are_the_cohort_engine() -> None:
    scenario = parse_scenario(example_text("school-attendance"), "s")
    plan = plan_individual(scenario, individuals=10)
    compiled = plan.compiled
    tables = plan.tables
    for a, alt in enumerate(compiled.alternatives):
        path = simulate_cohort(
            compiled.initial, compiled.transitions, compiled.band_of_cycle, alt.effects
        )
        occ = compiled.initial.copy()
        for t in range(tables.shape[1]):
            p = np.zeros((tables.shape[3],) * 2)
            cum = tables.cumulative[a, t, 0]
            probs = np.diff(cum, axis=1, prepend=0.0)
            np.put_along_axis(p, tables.order[a, t, 0].astype(np.intp), probs, axis=1)
            occ = occ @ p
            np.testing.assert_allclose(occ, path.occupancy[0, t + 1], atol=1e-12)


def test_bad_individuals_section_names_the_field() -> None:
    bad = TWO_STATES.replace("{low: 0.75, high: 0.25}", "{low: 0.75, high: 0.5}").replace(
        "{level: high, from: a, to: b", "{level: middle, from: a, to: c"
    )
    with pytest.raises(InputError) as caught:
        parse_scenario(bad, "bad.yaml")
    fields = {p.field: p.line for p in caught.value.problems}
    assert fields["individuals.attributes[0].levels"] == 29
    assert "individuals.attributes[0].effects[0].level" in fields
    assert "individuals.attributes[0].effects[0].to" in fields


def test_plan_refuses_bad_sizes() -> None:
    scenario = parse_scenario(TWO_STATES, "two.yaml")
    with pytest.raises(ValueError, match="individuals"):
        plan_individual(scenario, individuals=0)
    plan = plan_individual(scenario, individuals=10)
    with pytest.raises(ValueError, match="outside"):
        run_individual_blocks(plan, (0, 2))


@settings(max_examples=30, deadline=None)
@given(
    n_states=st.integers(2, 5),
    n_cycles=st.integers(1, 8),
    n=st.integers(1, 700),
    block=st.integers(1, 300),
    seed=st.integers(0, 2**63),
    log_or=st.floats(-3, 3),
    model_seed=st.integers(0, 1000),
    n_durations=st.integers(1, 3),
    active=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_person_years_sum_to_the_persons(
    n_states: int,
    n_cycles: int,
    n: int,
    block: int,
    seed: int,
    log_or: float,
    model_seed: int,
    n_durations: int,
    active: list[bool],
) -> None:
    """Every cycle, the persons in all states add up to the persons simulated; entries never
    exceed the persons; both kernels give the same counts, with an attribute, durations and
    alternatives whose rows differ from the first's in some cycles only (the numba kernel
    then simulates only the persons whose paths have parted)."""
    rng = np.random.default_rng(model_seed)
    p = rng.dirichlet(np.ones(n_states), size=(2, n_states))
    bands = rng.integers(0, 2, n_cycles)
    targets = np.zeros((1, n_states), dtype=bool)
    targets[0, -1] = True
    targets[0, 0] = False
    groups = np.arange(2 * n_durations)
    modifiers = [
        Modifier(np.array([0]), targets, np.where(groups // n_durations == 1, log_or, 0.0)),
        Modifier(np.array([0]), targets, (groups % n_durations) * math.log(0.5)),
    ]
    effect = TransitionEffect(
        rows=np.array([0]),
        targets=targets,
        log_effect=np.array([math.log(0.6)]),
        weights=np.array(active[:n_cycles], dtype=np.float64),
        kind="odds_ratio",
    )
    alternatives = [[], [effect], [dataclasses.replace(effect, log_effect=np.array([1.0]))]]
    matrices = individual_matrices(p, bands, alternatives, modifiers, n_groups=groups.size)
    tables = sampling_tables(
        matrices, rng.dirichlet(np.ones(n_states)), [np.array([0.4, 0.6])], n_durations
    )
    blocks = -(-n // block)
    counts = {e: simulate_blocks(tables, seed, 0, n, 0, blocks, block, engine=e) for e in ENGINES}
    first = counts[ENGINES[0]]
    alive = first.occupancy.sum(axis=0).sum(axis=-1)
    assert np.all(alive == n)
    assert np.all(first.entries.sum(axis=0).sum(axis=-1) <= n)
    for other in counts.values():
        assert np.array_equal(other.occupancy, first.occupancy)
        assert np.array_equal(other.entries, first.entries)
    # Into arrays given (holding anything: they are zeroed first), the same counts.
    for e in ENGINES:
        out = (np.full_like(first.occupancy, 7), np.full_like(first.entries, -3))
        into = simulate_blocks(tables, seed, 0, n, 0, blocks, block, engine=e, out=out)
        assert into.occupancy is out[0] and into.entries is out[1]
        assert np.array_equal(into.occupancy, first.occupancy)
        assert np.array_equal(into.entries, first.entries)


def test_blocks_of_many_draws_in_one_call_are_each_draws_own() -> None:
    """run_individual_blocks reuses one draw's block counts for the next draw: one call
    over every block of several draws (cutting a draw in two at either end) gives the counts
    of calls draw by draw; simulate_blocks refuses arrays of the wrong shape or type."""
    scenario = parse_scenario(example_text("school-attendance"), "example:school-attendance")
    plan = plan_individual(scenario, individuals=250, draws=4, seed=3, block_size=100)
    assert plan.blocks_per_draw == 3
    for engine in ENGINES:
        whole = run_individual_blocks(plan, (1, 11), engine=engine)
        parts = [
            run_individual_blocks(plan, r, engine=engine) for r in ((1, 3), (3, 6), (6, 9), (9, 11))
        ]
        assert np.array_equal(whole.occupancy, np.concatenate([p.occupancy for p in parts]))
        assert np.array_equal(whole.entries, np.concatenate([p.entries for p in parts]))
        assert np.array_equal(whole.persons, [150, 250, 250, 200])
    n_alt, n_cycles, _, n_states = plan.tables.shape
    occupancy = np.zeros((2, n_alt, n_cycles + 1, n_states), dtype=np.int64)
    entries = np.zeros((2, n_alt, n_cycles, n_states), dtype=np.int64)
    with pytest.raises(ValueError, match="out needs"):
        simulate_blocks(plan.tables, 3, 0, 250, 0, 3, 100, out=(occupancy, entries))
    with pytest.raises(ValueError, match="out needs"):
        simulate_blocks(
            plan.tables, 3, 0, 250, 0, 2, 100, out=(occupancy.astype(np.int32), entries)
        )


@pytest.mark.skipif(not numba_available(), reason="numba is not installed")
def test_guide_table_gives_exactly_inversion() -> None:
    """The numba kernel's guide table (buckets of the top hash bits) with the search in the
    buckets that straddle a running sum gives exactly inversion's target, also for running
    sums that fall on a bucket's edge and for the smallest and largest uniform of every
    bucket."""
    from socinvest.core._individual_numba import LOOKUP, lookup_table, move

    rows = np.array(
        [
            [0.5, 0.25, 0.25, 0.0],
            [1.0, 0.0, 0.0, 0.0],
            [0.75, 0.25, 0.0, 0.0],
            [0.3, 0.3, 0.2, 0.2],
            [0.999, 0.0005, 0.0003, 0.0002],
        ]
    )
    rng = np.random.default_rng(4)
    rows = np.concatenate([rows, rng.dirichlet(np.full(4, 0.3), size=19)])  # 6 matrices
    tables = sampling_tables(rows.reshape(1, 6, 1, 4, 4), np.array([1.0, 0.0, 0.0, 0.0]))
    cumulative = tables.cumulative.reshape(-1, 4)
    order = tables.order.reshape(-1, 4)
    lookup = lookup_table(cumulative, order)
    edges = np.arange(LOOKUP, dtype=np.uint64) << np.uint64(56)
    bits = np.concatenate(
        [edges, edges | np.uint64(2**56 - 1), rng.integers(0, 2**63, 2000, dtype=np.uint64) * 2]
    )
    u = (bits >> np.uint64(11)).astype(np.float64) * 2.0**-53
    for r in range(cumulative.shape[0]):
        expected = order[r, np.count_nonzero(u[:, None] >= cumulative[r], axis=1)]
        got = [move(lookup, cumulative, order, r, b) for b in bits]
        assert np.array_equal(got, expected), r


DOCS_EXAMPLE = Path(__file__).resolve().parent.parent / "docs/examples/individual-attributes.yaml"


def test_cli_individual_engine_json() -> None:
    """The documentation's example, with attributes and a duration effect, through the CLI."""
    result = run_cli(
        "run", DOCS_EXAMPLE, "--engine", "individual", "--individuals", "20000", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    info = data["individual"]
    assert info["individuals"] == 20000 and info["engine"] == "individual"
    for alternative, errors in info["npv_standard_error"].items():
        assert errors["socio_economic"] > 0.0, alternative
    refused = run_cli("run", "--engine", "individual", "--report", "x.html")
    assert refused.returncode == 2
    assert "--report" in refused.stderr


def test_varied_parameters_match_the_cohort_psa_draw_by_draw() -> None:
    """With ``vary_parameters`` every draw is a population under the parameter values and
    transition rows the cohort engine's probabilistic analysis draws from the same seed (the
    same numbers), and each draw's NPV is that draw's cohort NPV plus Monte Carlo error: the
    mean of the differences lies within four standard errors of zero."""
    scenario = parse_scenario(example_text("school-attendance"), "s")
    ind = analyse_individual(
        scenario, individuals=20_000, draws=30, vary_parameters=True, engine=FAST
    )
    psa = run_psa(scenario, None, 30)
    assert ind.plan.drawn and set(ind.plan.drawn) == set(psa.parameter_draws)
    for pid, values in ind.plan.drawn.items():
        assert np.array_equal(values, psa.parameter_draws[pid])
    assert psa.uncertain_transition_blocks
    assert {b for b, _, _ in ind.plan.rows} == set(psa.uncertain_transition_blocks)
    for alternative in psa.alternatives:
        for scope in ("kommun", "socio_economic"):
            cohort = alternative.npv[:, psa.scopes.index(scope)]
            diff = ind.npv_groups[alternative.alternative][scope] - cohort
            error = diff.std(ddof=1) / math.sqrt(diff.size)
            assert abs(diff.mean()) <= 4 * error, (scope, diff.mean(), error)
            assert cohort.std() > 4 * error  # the parameters' spread is far above the noise
    fixed = analyse_individual(scenario, individuals=20_000, draws=30, engine=FAST)
    assert not fixed.plan.drawn and not fixed.plan.rows
    # The effects differ between draws, so the paths do too; the persons' numbers do not.
    assert not np.array_equal(fixed.occupancy, ind.occupancy)


def test_drawn_rows_are_the_cohort_psa_rows() -> None:
    """Each draw's compiled scenario (parameters and transition rows) is the one the cohort
    engine's probabilistic analysis evaluates in that draw: its deterministic NPV equals the
    analysis's NPV of the draw to rounding, with the rows drawn and with them held (which
    differ, so the rows matter)."""
    scenario = parse_scenario(example_text("parenting-programme"), "p")
    draws = 4
    for rows in (True, False):
        plan = plan_individual(
            scenario, individuals=10, draws=draws, vary_parameters=True, transition_rows=rows
        )
        assert bool(plan.rows) == rows
        psa = run_psa(scenario, None, draws, transition_rows=rows)
        for d in range(draws):
            run = run_scenario(compiled_for_draw(plan, d))
            for alternative in psa.alternatives:
                alt = next(a for a in run.alternatives if a.id == alternative.alternative)
                deterministic = compare(run, alt)
                for scope in ("kommun", "socio_economic"):
                    got = deterministic.horizon[scope].npv
                    expected = alternative.npv[d, psa.scopes.index(scope)]
                    assert got == pytest.approx(expected, rel=1e-9, abs=1e-3), (rows, d, scope)
        if rows:
            drawn = plan
        else:
            held = plan
    first = compiled_for_draw(drawn, 1).transitions
    for b, i, rows_d in drawn.rows:  # the draw's rows are in its compiled scenario
        assert np.array_equal(first[b, i], rows_d[1])
    assert not np.array_equal(first, compiled_for_draw(held, 1).transitions)
