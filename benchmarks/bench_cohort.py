"""Benchmark of the cohort engine against a plain numpy reference, in the same run.

The budget (``/work/shared/DESIGN.md``, "Performance budget"): 10 states x 65 yearly cycles x
10,000 draws x 2 alternatives, end to end, in at most 0.25 s on a 2-core machine.

"End to end" starts from per-draw inputs that are generated before any timer starts (initial
state mix, per-draw transition matrices for a few age bands, costs per year, state, payer and
category, one relative-risk effect) and ends with the per-draw net present value, by payer, of
the intervention against the comparison:

    simulate_cohort -> present_path_flows (year_occupancy's annual and on-entry costs,
    discounted per draw) -> NPV by payer

The fully uncertain configuration also draws every transition row (4 bands x 10 rows x
10,000 Dirichlet draws, one generator keyed by band and row, in two threads with
``socinvest.core.distributions.dirichlet_rows``); "end to end" with that drawing is timed and
checked against the budget too, and compared with the reference plus the rows drawn in one
thread.

The same run also times the path that first builds the whole yearly ledger
(``state_flows`` then ``present_value``), which a deterministic run uses.

The reference does the same computation the straightforward way: a Python loop over draws
and, in each draw, over cycles with ``occ @ P``. It is timed on a subset of the draws and
scaled linearly to all of them; both results are checked against each other on that subset.

Run with ``python benchmarks/bench_cohort.py`` (``--help`` for the options). The script prints
figures only; nothing here asserts on timings.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from socinvest.core.cohort import TransitionEffect, prepare_transitions, simulate_cohort
from socinvest.core.distributions import dirichlet_rows
from socinvest.core.ledger import CATEGORIES, present_path_flows, state_flows
from socinvest.core.metrics import present_value
from socinvest.core.timing import Timing, discount_factors, year_occupancy

FloatArray = npt.NDArray[np.float64]

BUDGET_SECONDS = 0.25
"""Engine budget for the default configuration on the 2-core machine."""

N_BANDS = 4
"""Age bands with their own transition matrices."""

BAND_STARTS = (6, 13, 18)
"""First cycle of the second, third and fourth age band (ages 6, 13 and 18 from birth)."""

N_PAYERS = 9
N_CATEGORIES = len(CATEGORIES)

DISCOUNT_RATE = 0.03

STAY_CONCENTRATION = 20.0
"""Extra Dirichlet weight on staying in the same state, so that rows look like yearly moves."""

ROW_WORKERS = 2
"""Threads that draw the transition rows (one per core)."""

EFFECT_ROWS = (1, 2)
"""From-states of the two transitions the intervention acts on (both to the last state)."""

MIN_STATES = max(EFFECT_ROWS) + 2

EFFECT_RELATIVE_RISK = 0.7
EFFECT_LOG_SD = 0.1
EFFECT_WINDOW = 10
"""Cycles with the full effect; it then decays linearly to zero over EFFECT_DECAY cycles."""

EFFECT_DECAY = 6

STAGES = ("simulate", "ledger", "metrics")

THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_CORETYPE",
)


@dataclass(frozen=True)
class Inputs:
    """Per-draw model inputs, generated before any timing."""

    initial: FloatArray  # (D, S)
    transitions: FloatArray  # (D, B, S, S)
    band_of_cycle: npt.NDArray[np.intp]  # (T,)
    annual: FloatArray  # (T, S, N * C): cost per person-year
    on_entry: FloatArray  # (T, S, N * C): one-off cost of entering a state
    effect: TransitionEffect
    timing: Timing

    @property
    def draws(self) -> int:
        return int(self.transitions.shape[0])

    @property
    def cycles(self) -> int:
        return int(self.band_of_cycle.shape[0])

    @property
    def alternatives(self) -> tuple[tuple[TransitionEffect, ...], ...]:
        """Effects of each alternative: the comparison first, then the intervention."""
        return ((), (self.effect,))


def sample_transition_rows(
    draws: int, states: int, seed: int, workers: int = ROW_WORKERS
) -> FloatArray:
    """Draw every row of every band's matrix as the probabilistic analysis does: one
    Dirichlet per row, each from its own generator keyed by band and row, so the draws do not
    depend on chunking, drawn in ``workers`` threads
    (``socinvest.core.distributions.dirichlet_rows``) in the engine's draw-last layout.
    Shape ``(B, S, S, D)``, for ``prepare_transitions(..., draw_last=True)``."""
    alpha = np.ones(states) / states
    keys, probabilities = [], []
    for band in range(N_BANDS):
        for row in range(states):
            p = alpha.copy()
            p[row] += STAY_CONCENTRATION / (STAY_CONCENTRATION + 1.0)
            p /= p.sum()
            keys.append(f"transitions.{band}.{row}")
            probabilities.append(p)
    concentrations = [STAY_CONCENTRATION + states] * len(keys)
    drawn = dirichlet_rows(
        keys, draws, probabilities, concentrations, seed, workers=workers, draw_last=True
    )
    out = np.empty((N_BANDS, states, states, draws))
    for k, rows in enumerate(drawn):
        out[k // states, k % states] = rows
    return out


def make_inputs(draws: int, states: int, cycles: int, timing: Timing, seed: int) -> Inputs:
    """Seeded per-draw inputs: Dirichlet rows, costs by payer and category, one effect."""
    rng = np.random.default_rng(seed)
    alpha = np.ones((states, states)) + STAY_CONCENTRATION * np.eye(states)
    # Row i of every draw's and band's matrix is one Dirichlet draw: shape (D, B, S, S).
    transitions = np.stack(
        [rng.dirichlet(alpha[i], size=(draws, N_BANDS)) for i in range(states)], axis=2
    )
    initial = rng.dirichlet(np.full(states, 2.0), size=draws)
    band_of_cycle = np.searchsorted(BAND_STARTS, np.arange(cycles), side="right").astype(np.intp)

    cells = (cycles, states, N_PAYERS, N_CATEGORIES)
    annual = rng.uniform(0.0, 20_000.0, size=cells)
    annual[..., CATEGORIES.index("production")] *= -1.0  # taxes and earnings are income
    on_entry = rng.uniform(0.0, 50_000.0, size=cells)
    on_entry[..., CATEGORIES.index("production")] = 0.0

    rows = np.array(EFFECT_ROWS, dtype=np.intp)
    targets = np.zeros((rows.size, states), dtype=bool)
    targets[:, states - 1] = True
    t = np.arange(cycles, dtype=np.float64)
    weights = np.clip(1.0 - (t - (EFFECT_WINDOW - 1)) / EFFECT_DECAY, 0.0, 1.0)
    effect = TransitionEffect(
        rows=rows,
        targets=targets,
        log_effect=rng.normal(np.log(EFFECT_RELATIVE_RISK), EFFECT_LOG_SD, size=draws),
        weights=weights,
    )
    return Inputs(
        initial=initial,
        transitions=transitions,
        band_of_cycle=band_of_cycle,
        annual=annual.reshape(cycles, states, -1),
        on_entry=on_entry.reshape(cycles, states, -1),
        effect=effect,
        timing=timing,
    )


def engine_npv(
    inputs: Inputs,
    stage_seconds: dict[str, float] | None = None,
    full_ledger: bool = False,
    draw_rows: int | None = None,
) -> FloatArray:
    """Per-draw NPV by payer (D, N) of the intervention against the comparison, with the engine.

    The NPV is of the comparison's flows minus the intervention's: positive when the
    intervention saves money. By default each alternative's flows go straight to present
    values per draw (``present_state_flows``, the path of a probabilistic analysis); with
    ``full_ledger`` the yearly ledger ``(draw, year, payer x category)`` is built first and
    discounted afterwards. ``stage_seconds``, if given, accumulates the time per stage.
    With ``draw_rows=SEED`` every transition row is drawn first, in the engine's draw-last
    layout (:func:`sample_transition_rows`), and used instead of ``inputs.transitions``: the
    fully uncertain configuration, end to end.
    """
    clock = time.perf_counter
    spent = dict.fromkeys(STAGES, 0.0)
    factors = discount_factors(DISCOUNT_RATE, inputs.cycles, inputs.timing)
    values = []
    start = clock()
    if draw_rows is None:
        banded = prepare_transitions(inputs.transitions, inputs.band_of_cycle)
    else:
        states = inputs.initial.shape[1]
        drawn = sample_transition_rows(inputs.draws, states, draw_rows)
        banded = prepare_transitions(drawn, inputs.band_of_cycle, draw_last=True)
    spent["simulate"] += clock() - start
    for effects in inputs.alternatives:
        start = clock()
        path = simulate_cohort(inputs.initial, banded, effects=effects)
        simulated = clock()
        if full_ledger:
            occupancy = year_occupancy(path.occupancy, inputs.timing)
            flows = state_flows(occupancy, inputs.annual, path.entries, inputs.on_entry)
            valued = clock()
            values.append(present_value(flows, factors, axis=1))
            spent["metrics"] += clock() - valued
        else:
            values.append(
                present_path_flows(
                    path.occupancy,
                    inputs.timing,
                    inputs.annual,
                    factors,
                    path.entries,
                    inputs.on_entry,
                )
            )
            valued = clock()
        spent["simulate"] += simulated - start
        spent["ledger"] += valued - simulated
    start = clock()
    savings = (values[0] - values[1]).reshape(inputs.draws, N_PAYERS, -1)
    npv = savings.sum(axis=-1)  # (D, N)
    spent["metrics"] += clock() - start
    if stage_seconds is not None:
        for stage, seconds in spent.items():
            stage_seconds[stage] += seconds
    return npv


def reference_npv(inputs: Inputs, draws: int) -> FloatArray:
    """The same NPVs as :func:`engine_npv` for the first ``draws`` draws, one draw at a time."""
    n_cycles, n_states = inputs.cycles, inputs.initial.shape[1]
    effect = inputs.effect
    offset = {"start": 0.0, "end": 1.0, "mid": 0.5}[inputs.timing]
    factors = (1.0 + DISCOUNT_RATE) ** -(np.arange(n_cycles) + offset)
    npv = np.empty((draws, N_PAYERS))
    for d in range(draws):
        flows = []
        for with_effect in (False, True):
            occupancy = np.empty((n_cycles + 1, n_states))
            entries = np.empty((n_cycles, n_states))
            occupancy[0] = inputs.initial[d]
            for t in range(n_cycles):
                p = inputs.transitions[d, inputs.band_of_cycle[t]].copy()
                weight = effect.weights[t]
                if with_effect and weight != 0.0:
                    rr = np.exp(effect.log_effect[d] * weight)
                    for r, target in zip(effect.rows, effect.targets, strict=True):
                        row = p[r]
                        q = np.minimum(row[target] * rr, 1.0)
                        if q.sum() > 1.0:
                            q /= q.sum()
                        # The Dirichlet rows are strictly positive, so the untargeted part
                        # of a row is never empty: rescale it to hold what is left.
                        row[~target] *= (1.0 - q.sum()) / row[~target].sum()
                        row[target] = q
                occupancy[t + 1] = occupancy[t] @ p
                entries[t] = occupancy[t + 1] - occupancy[t] * np.diag(p)
            if inputs.timing == "start":
                years = occupancy[:-1]
            elif inputs.timing == "end":
                years = occupancy[1:]
            else:
                years = 0.5 * (occupancy[:-1] + occupancy[1:])
            annual = (years[:, :, None] * inputs.annual).sum(axis=1)
            one_off = (entries[:, :, None] * inputs.on_entry).sum(axis=1)
            flows.append(annual + one_off)  # (T, N * C)
        savings = (flows[0] - flows[1]).reshape(n_cycles, N_PAYERS, -1).sum(axis=-1)
        npv[d] = factors @ savings
    return npv


def best_time(run: Callable[[], object], repeats: int) -> float:
    """Best wall-clock time of ``repeats`` calls."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def thread_info() -> list[str]:
    """numpy/BLAS build and thread settings, from threadpoolctl when it is installed."""
    lines = [f"numpy {np.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs"]
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        lines.append(f"numpy BLAS: {blas.get('name')} {blas.get('version')}")
    except (TypeError, KeyError):
        pass
    try:
        threadpoolctl = importlib.import_module("threadpoolctl")
    except ImportError:
        lines.append("threadpoolctl: not installed; thread pools not listed")
    else:
        for pool in threadpoolctl.threadpool_info():
            lines.append(
                f"threadpool: {pool.get('internal_api')} {pool.get('version')}, "
                f"{pool.get('num_threads')} threads, {pool.get('threading_layer', '-')} layer, "
                f"architecture {pool.get('architecture', '-')}"
            )
    settings = [f"{name}={os.environ[name]}" for name in THREAD_VARIABLES if name in os.environ]
    lines.append("environment: " + (", ".join(settings) if settings else "no thread variables set"))
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        lines.append(f"load average (1, 5, 15 min) after the runs: {load} (busy CPUs skew timings)")
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--draws", type=int, default=10_000, help="draws (default 10000)")
    parser.add_argument("--states", type=int, default=10, help="states (default 10)")
    parser.add_argument("--cycles", type=int, default=65, help="yearly cycles (default 65)")
    parser.add_argument(
        "--repeats", type=int, default=5, help="engine repeats, best one counts (default 5)"
    )
    parser.add_argument(
        "--reference-draws",
        type=int,
        default=200,
        help="draws the reference is timed on, then scaled to --draws (default 200)",
    )
    parser.add_argument(
        "--reference-repeats", type=int, default=3, help="reference repeats (default 3)"
    )
    parser.add_argument(
        "--timing",
        choices=("start", "end", "mid"),
        default="mid",
        help="timing convention (default mid, the one where year_occupancy computes)",
    )
    parser.add_argument("--seed", type=int, default=20_240_601, help="random seed")
    parser.add_argument(
        "--profile", action="store_true", help="also print the engine's time per stage"
    )
    parser.add_argument(
        "--everything-reference-draws",
        type=int,
        default=50,
        help="draws the everything-drawn reference is timed on (default 50, at most 500)",
    )
    parser.add_argument(
        "--skip-everything-drawn",
        action="store_true",
        help="leave out the everything-drawn run_psa configuration",
    )
    args = parser.parse_args(argv)
    counts = ("draws", "states", "cycles", "repeats", "reference_draws", "reference_repeats")
    for name in (*counts, "everything_reference_draws"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.states < MIN_STATES:
        parser.error(f"--states must be at least {MIN_STATES} (the effect needs them)")
    return args


def psa_timings(draws: int, repeats: int) -> list[str]:
    """Draw sampling and the whole probabilistic analysis of the shipped parenting example
    (``socinvest run --draws N``: resolve, compile, derivatives, draws, every alternative)."""
    from socinvest.analysis.psa import run_psa
    from socinvest.params.sampling import draw_parameters
    from socinvest.scenario.load import example_text, parse_scenario
    from socinvest.scenario.references import library_for, resolve_scenario

    scenario = parse_scenario(example_text("parenting-programme"), "parenting-programme")
    used = list(resolve_scenario(scenario, library_for(scenario)).parameters.values())
    seed = scenario.analysis.seed
    sampling = best_time(lambda: draw_parameters(used, draws, seed), repeats)
    whole = best_time(lambda: run_psa(scenario, None, draws), repeats)
    return [
        f"draw sampling: {sampling:.4f} s for {draws} draws of the {len(used)} parameters of the"
        f" parenting example (best of {repeats})",
        f"probabilistic analysis end to end (parenting example, 3 alternatives): {whole:.4f} s"
        f" for {draws} draws (best of {repeats})",
    ]


# --------------------------------------------------------------------------------------------
# Everything drawn, end to end through run_psa

EVERYTHING_LIVING_STATES = 9
"""Living states of the synthetic scenario; with the absorbing ``dead``, 10 states."""

EVERYTHING_BANDS = (("0-5", 300), ("6-12", 300), ("13-17", 200), ("18-120", 400))
"""Age bands of the synthetic model and the Dirichlet concentration of each band's rows."""

EVERYTHING_PAYERS = (
    "kommun.socialtjanst",
    "kommun.skola",
    "region.halso_sjukvard",
    "region.psykiatri",
    "stat.forsakringskassan",
    "stat.kriminalvarden",
)
EVERYTHING_COSTS = 16
"""State costs with inline uncertainty (gamma), spread over the living states and payers."""


def everything_drawn_text(cohort: int = 1000) -> str:
    """A synthetic scenario in which everything the PSA can draw is drawn: 10 states, 65
    yearly cycles from age 0, one cohort, two alternatives; 4 age bands with
    ``uncertainty: {concentration: N}`` (every row that can be left drawn from a Dirichlet);
    an effect given as a study's standardised mean difference with its interval (drawn
    log-normal on the odds-ratio scale) times an uncertain evidence adjustment (triangular);
    16 state costs for 6 payers and one earnings amount, each ``{value, sd, distribution:
    gamma}``. The numbers are illustrative, chosen only to exercise every drawn part."""
    states = [f"s{i}" for i in range(EVERYTHING_LIVING_STATES)]
    n = len(states)
    out = [
        "socinvest: 1",
        "id: bench_everything_drawn",
        "title: Benchmark, everything drawn",
        "model:",
        "  states:",
        *(f"    - {{id: {state}}}" for state in states),
        "    - {id: dead, absorbing: true}",
        "  transitions:",
    ]
    for b, (ages, concentration) in enumerate(EVERYTHING_BANDS):
        out += [
            f"    - ages: {ages}",
            f"      uncertainty: {{concentration: {concentration}}}",
            "      probabilities:",
        ]
        for i, state in enumerate(states):
            up, down, far = states[(i + 1) % n], states[(i - 1) % n], states[(i + 4) % n]
            out.append(
                f"        {state}: {{{state}: rest, {up}: {0.05 + 0.01 * b:.3f},"
                f" {down}: {0.03 + 0.005 * i:.3f}, {far}: 0.01,"
                f" dead: {0.0005 * (1 + i) * (1 + b):.5f}}}"
            )
    out.append("  costs:")
    for k in range(EVERYTHING_COSTS):
        value = 10_000 * (1 + k)
        out += [
            f"    - state: {states[1 + k % (n - 1)]}",
            f"      payer: {EVERYTHING_PAYERS[k % len(EVERYTHING_PAYERS)]}",
            f"      annual: {{value: {value}, sd: {value // 5}, distribution: gamma}}",
        ]
    out += [
        "  earnings:",
        "    - state: s0",
        "      ages: 18-64",
        "      annual: {value: 450000, sd: 45000, distribution: gamma}",
        "  production_split: {individ: 0.52, kommun: 0.16, region: 0.08, stat: 0.24}",
        "target_group:",
        "  start_age: 0",
        "  level: selective",
        "  initial_states: {s0: 0.6, s3: 0.2, s4: 0.2}",
        f"  size: {cohort}",
        "interventions:",
        "  - id: support",
        "    eligible_states: [s3, s4]",
        "    costs:",
        "      - payer: kommun.socialtjanst",
        "        per_participant: 20000",
        "    effects:",
        "      - from: s3",
        "        to: s2",
        "        study: {measure: smd, value: 0.3, ci95: [0.1, 0.5]}",
        "        adjustments:",
        "          - id: transferability",
        "            factor: {value: 0.8, low: 0.6, high: 1.0, distribution: triangular}",
        "        years: 0-9",
        "        decay: {type: linear, years: 6}",
        "alternatives:",
        "  - {id: as_today, comparison: true}",
        "  - {id: support, interventions: [support]}",
        "analysis:",
        "  start_year: 2026",
        "  price_year: 2024",
        "  horizon: {years: 65}",
        "  discount_rate: 0.03",
        "  timing: mid",
        "  seed: 11",
        "",
    ]
    return "\n".join(out)


def everything_reference(scenario: Any, psa: Any, draws: int) -> FloatArray:
    """The horizon NPVs ``(draws, Q)`` of the first ``draws`` draws of ``psa``, computed the
    straightforward way: for each draw, the scenario with that draw's values written into
    every drawn field (as numbers), compiled, and run deterministically on that draw's
    transition matrices; no derivative columns, no effective discount factors, no blocks.

    The transition rows are drawn again as the analysis draws them (documented in
    ``socinvest.analysis.psa``): row ``i`` of block ``b`` from
    ``child_generator(seed, "transitions.<b>.<state>")``, ``Dirichlet(N p)``, the first
    block of :data:`~socinvest.analysis.psa.BLOCK_DRAWS` draws (so ``draws`` is at most that).
    """
    from socinvest.analysis.psa import BLOCK_DRAWS
    from socinvest.analysis.run import run_scenario
    from socinvest.analysis.summary import compare
    from socinvest.core.distributions import child_generator, dirichlet
    from socinvest.scenario.compile import compile_scenario
    from socinvest.scenario.model import Scenario
    from socinvest.scenario.references import library_for, references, resolve_scenario

    if draws > BLOCK_DRAWS:
        raise ValueError(f"the reference covers the first block only ({BLOCK_DRAWS} draws)")
    resolved = resolve_scenario(scenario, library_for(scenario)).scenario
    compiled = compile_scenario(resolved)
    absorbing = {state.id for state in resolved.model.states if state.absorbing}
    rows: list[tuple[int, int, FloatArray]] = []
    for b, block in enumerate(resolved.model.transitions):
        if block.uncertainty is None:
            continue
        for i, state in enumerate(compiled.states):
            if state in absorbing or compiled.transitions[b, i, i] >= 1.0:
                continue
            rng = child_generator(psa.seed, f"transitions.{b}.{state}")
            drawn = dirichlet(
                rng, BLOCK_DRAWS, compiled.transitions[b, i], block.uncertainty.concentration
            )
            rows.append((b, i, drawn))
    refs = [(path, ref.param, ref.times) for path, ref, _use in references(scenario)]
    base = resolved.model_dump(by_alias=True, exclude_unset=True)
    npv = np.empty((draws, len(psa.scopes)))
    for d in range(draws):
        data = copy.deepcopy(base)
        for path, pid, times in refs:
            if pid in psa.parameter_draws:
                node = data
                for key in path[:-1]:
                    node = node[key]
                node[path[-1]] = float(psa.parameter_draws[pid][d]) * times
        compiled_d = compile_scenario(Scenario.model_validate(data))
        transitions = compiled_d.transitions.copy()
        for b, i, drawn in rows:
            transitions[b, i] = drawn[d]
        run = run_scenario(compiled_d, transitions[None])
        (comparison,) = (compare(run, alt) for alt in run.alternatives if not alt.comparison)
        npv[d] = [comparison.horizon[scope].npv for scope in psa.scopes]
    return npv


def everything_drawn_timings(
    draws: int, repeats: int, reference_draws: int, reference_repeats: int
) -> list[str]:
    """``run_psa`` end to end on :func:`everything_drawn_text`, against the budget and the
    straightforward reference (:func:`everything_reference`), with what was drawn."""
    from socinvest.analysis.psa import BLOCK_DRAWS, block_workers, run_psa
    from socinvest.scenario.load import parse_scenario

    scenario = parse_scenario(everything_drawn_text(), "bench-everything-drawn.yaml")
    whole = best_time(lambda: run_psa(scenario, None, draws), repeats)
    psa = run_psa(scenario, None, draws)
    n_reference = min(reference_draws, draws, BLOCK_DRAWS)
    subset = best_time(lambda: everything_reference(scenario, psa, n_reference), reference_repeats)
    reference_seconds = subset * draws / n_reference
    reference = everything_reference(scenario, psa, n_reference)
    # The PSA's NPV is of the intervention against the comparison, as the reference's.
    engine = psa.alternatives[0].npv[:n_reference]
    difference = float(np.max(np.abs(engine - reference)))
    scale = float(np.max(np.abs(reference)))
    inventory = psa.inventory
    verdict = "met" if whole <= BUDGET_SECONDS else "NOT met"
    lines = [
        "everything drawn, end to end through run_psa (synthetic scenario, 10 states, 65 yearly"
        " cycles, 2 alternatives, one cohort; resolve, compile, derivatives, every draw,"
        " summaries):",
        f"  drawn: {len(psa.drawn_parameters)} parameters; transition blocks"
        f" {list(psa.uncertain_transition_blocks)}",
    ]
    if inventory is not None:
        lines += [
            f"  inventory: effects {list(inventory.effects)};"
            f" {len(inventory.unit_costs)} unit costs; production {list(inventory.production)};"
            f" other {list(inventory.other)}; {inventory.transition_rows} transition rows in"
            f" blocks {list(inventory.transition_blocks)};"
            f" held fixed: {list(inventory.fixed_parameters) or 'no parameter'}, discount rates"
            f" {inventory.discount_rate} / {inventory.outcome_discount_rate}",
        ]
    lines += [
        f"  run_psa: {whole:.4f} s for {draws} draws (best of {repeats};"
        f" {block_workers(draws)} block threads); budget {BUDGET_SECONDS} s -> {verdict}"
        f" ({whole / BUDGET_SECONDS:.0%} of budget)",
        f"  reference (a deterministic run per draw: values written in, compiled, run):"
        f" {reference_seconds:.1f} s (extrapolated from {n_reference} draws: {subset:.3f} s,"
        f" best of {reference_repeats}); ratio reference/run_psa"
        f" {reference_seconds / whole:.0f}x",
        f"  check: horizon NPVs of every scope agree on the first {n_reference} draws"
        f" (np.allclose): {bool(np.allclose(engine, reference))}; max abs difference"
        f" {difference:.3g} SEK on NPVs up to {scale:.3g} SEK",
    ]
    return lines


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    inputs = make_inputs(args.draws, args.states, args.cycles, args.timing, args.seed)
    n_reference = min(args.reference_draws, args.draws)

    engine_seconds = best_time(lambda: engine_npv(inputs), args.repeats)
    row_sampling = best_time(
        lambda: sample_transition_rows(args.draws, args.states, args.seed), args.repeats
    )
    row_sampling_one = best_time(
        lambda: sample_transition_rows(args.draws, args.states, args.seed, workers=1),
        args.repeats,
    )
    threads_agree = bool(
        np.array_equal(
            sample_transition_rows(args.draws, args.states, args.seed),
            sample_transition_rows(args.draws, args.states, args.seed, workers=1),
        )
    )
    end_to_end = best_time(lambda: engine_npv(inputs, draw_rows=args.seed), args.repeats)
    ledger_seconds = best_time(lambda: engine_npv(inputs, full_ledger=True), args.repeats)
    reference_subset = best_time(lambda: reference_npv(inputs, n_reference), args.reference_repeats)
    reference_seconds = reference_subset * args.draws / n_reference

    engine_result = engine_npv(inputs)[:n_reference]
    reference_result = reference_npv(inputs, n_reference)
    agree = bool(np.allclose(engine_result, reference_result))
    ledger_agrees = bool(np.allclose(engine_npv(inputs, full_ledger=True), engine_npv(inputs)))
    max_difference = float(np.max(np.abs(engine_result - reference_result)))
    scale = float(np.max(np.abs(reference_result)))

    default_size = (args.draws, args.states, args.cycles) == (10_000, 10, 65)
    print("Cohort engine benchmark (DESIGN.md, 'Performance budget')")
    print(
        f"configuration: {args.states} states x {args.cycles} yearly cycles x {args.draws} draws"
        f" x 2 alternatives; {N_BANDS} age bands; {N_PAYERS} payers x {N_CATEGORIES} categories;"
        f" timing {args.timing}; seed {args.seed}"
    )
    print(
        "end to end: simulate_cohort, present_path_flows (annual + on-entry, mid-year occupancy),"
        " -> per-draw NPV by payer"
    )
    print(f"engine:    {engine_seconds:.4f} s (best of {args.repeats})")
    print(
        f"drawing every transition row ({N_BANDS} bands x {args.states} rows x {args.draws} draws,"
        f" Dirichlet, one keyed generator per row): {row_sampling:.4f} s in {ROW_WORKERS} threads"
        f" ({row_sampling_one:.4f} s in one; bit-identical: {threads_agree})"
    )
    print(
        f"engine with the full yearly ledger: {ledger_seconds:.4f} s (best of {args.repeats});"
        f" same NPVs: {ledger_agrees}"
    )
    print(
        f"reference: {reference_seconds:.4f} s (extrapolated linearly from {n_reference} draws:"
        f" {reference_subset:.4f} s, best of {args.reference_repeats})"
    )
    print(
        f"ratio reference/engine: {reference_seconds / engine_seconds:.1f}x"
        f" (with the full ledger: {reference_seconds / ledger_seconds:.1f}x)"
    )
    reference_end_to_end = reference_seconds + row_sampling_one
    note = "" if default_size else " (budget is set for 10 states x 65 cycles x 10000 draws)"
    for label, seconds in (("engine", engine_seconds), ("end to end", end_to_end)):
        verdict = "met" if seconds <= BUDGET_SECONDS else "NOT met"
        print(
            f"budget: {BUDGET_SECONDS} s -> {verdict} for the {label}"
            f" ({seconds:.4f} s, {seconds / BUDGET_SECONDS:.0%} of budget){note}"
        )
    print(
        f"end to end (drawing every transition row, then the engine on them, timed as one"
        f" call, best of {args.repeats}): {end_to_end:.4f} s;"
        f" reference with the rows drawn in one thread: {reference_end_to_end:.4f} s;"
        f" ratio {reference_end_to_end / end_to_end:.1f}x"
    )
    print(
        f"check: engine and reference NPVs agree on the first {n_reference} draws"
        f" (np.allclose): {agree}; max abs difference {max_difference:.3g} SEK"
        f" on NPVs up to {scale:.3g} SEK"
    )
    for line in thread_info():
        print(line)
    for line in psa_timings(args.draws, args.repeats):
        print(line)
    if not args.skip_everything_drawn:
        everything = everything_drawn_timings(
            args.draws, args.repeats, args.everything_reference_draws, args.reference_repeats
        )
        for line in everything:
            print(line)

    if args.profile:
        best = dict.fromkeys(STAGES, float("inf"))
        for _ in range(args.repeats):
            spent = dict.fromkeys(STAGES, 0.0)
            engine_npv(inputs, spent)
            best = {stage: min(best[stage], spent[stage]) for stage in STAGES}
        total = sum(best.values())
        print(f"profile (engine, best of {args.repeats} per stage, both alternatives):")
        details = {
            "simulate": "prepare_transitions once + simulate_cohort per alternative",
            "ledger": "present_path_flows",
            "metrics": "difference of alternatives + category sum",
        }
        for stage in STAGES:
            print(
                f"  {stage:<9} {best[stage]:.4f} s  {best[stage] / total:6.1%}  ({details[stage]})"
            )
        print(f"  {'total':<9} {total:.4f} s")


if __name__ == "__main__":
    main()
