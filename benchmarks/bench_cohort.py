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
import importlib
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass

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
    args = parser.parse_args(argv)
    for name in ("draws", "states", "cycles", "repeats", "reference_draws", "reference_repeats"):
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
