"""W1 of issue 16: the cohort engine's budget configuration, numpy engine against the kernel.

    python benchmarks/bench_kernel.py            # 10 states x 65 cycles x 10 000 draws x 2 alts
    python benchmarks/bench_kernel.py --draws 100000 --states 40

The inputs are those of ``bench_cohort.py`` (``make_inputs``: seeded Dirichlet rows per draw
and band, costs by payer and category, one alternative with a per-draw relative risk). Timed,
best of ``--repeats``, each from the same inputs to the per-draw NPV by payer ``(D, N)`` of the
intervention against the comparison:

- the numpy engine: ``prepare_transitions``, ``simulate_cohort`` and ``present_path_flows``
  per alternative, then the category sum (``bench_cohort.engine_npv``);
- the compiled kernel (:func:`socinvest.core.cohort_kernel.present_values`) with 1 and 2
  threads: the transitions copied once into the kernel's draw-last layout (as the numpy
  engine's ``prepare_transitions`` does, inside the timer), categories folded into payers
  and discounting folded into the weights, one pass per alternative.

Printed: the times and ratios, the peak memory per draw of each (``tracemalloc``: numpy's
arrays are traced, the kernel's work arrays are a few KB per thread and not), the agreement
(largest difference relative to the largest NPV of each payer) and whether the kernel's
results are bit-identical across the thread counts, and the load average. numba's compilation
(or loading from its disk cache) is done before any timer starts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).parent))

from bench_cohort import (
    DISCOUNT_RATE,
    N_CATEGORIES,
    N_PAYERS,
    Inputs,
    best_time,
    engine_npv,
    everything_drawn_text,
    make_inputs,
    reference_npv,
)
from socinvest.core.cohort_kernel import (
    Pairs,
    fold_weights,
    numba_available,
    present_values,
)
from socinvest.core.timing import discount_factors

FloatArray = npt.NDArray[np.float64]


def folded_pairs(inputs: Inputs) -> Pairs:
    """The W1 money as the kernel reads it: each state's occupancy and entries (dense pairs),
    categories summed into payers, discounting and the timing convention folded in."""
    cycles, states = inputs.cycles, inputs.initial.shape[1]
    factors = discount_factors(DISCOUNT_RATE, cycles, inputs.timing)
    annual = inputs.annual.reshape(cycles, states, N_PAYERS, N_CATEGORIES).sum(axis=-1)
    on_entry = inputs.on_entry.reshape(cycles, states, N_PAYERS, N_CATEGORIES).sum(axis=-1)
    return Pairs.dense(
        fold_weights(annual, factors, inputs.timing), on_entry * factors[:, None, None]
    )


def kernel_npv(inputs: Inputs, threads: int, block_draws: int = 64) -> FloatArray:
    """Per-draw NPV by payer ``(D, N)`` with the compiled kernel: payer totals (categories
    folded in) discounted in the pass, comparison minus intervention."""
    pairs = folded_pairs(inputs)
    # (D, B, S, S) copied once to the kernel's (B, S, S, D), shared by both alternatives.
    p = np.ascontiguousarray(inputs.transitions.transpose(1, 2, 3, 0))
    values = [
        present_values(
            inputs.initial,
            p,
            inputs.band_of_cycle,
            pairs,
            effects,
            engine="numba",
            threads=threads,
            block_draws=block_draws,
            draw_last=True,
        )[0]
        for effects in inputs.alternatives
    ]
    return values[0] - values[1]


def reference_compiled_npv(inputs: Inputs, threads: int) -> FloatArray:
    """The same NPVs from the compiled reference (``_reference_kernel.py``), in ``threads``
    numba threads."""
    import numba

    from _reference_kernel import reference_kernel

    pairs = folded_pairs(inputs)
    weights = np.ascontiguousarray(pairs.weights)
    effect = inputs.effect
    values = []
    before = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        for effects in inputs.alternatives:
            out = np.empty((inputs.draws, weights.shape[2]))
            on = bool(effects)
            reference_kernel(
                np.ascontiguousarray(inputs.initial),
                inputs.transitions,
                inputs.band_of_cycle,
                effect.rows.astype(np.intp),
                effect.targets,
                np.broadcast_to(effect.log_effect, (inputs.draws,)) * on,
                effect.weights[: inputs.cycles],
                weights,
                out,
            )
            values.append(out)
    finally:
        numba.set_num_threads(before)
    return values[0] - values[1]


def best_cpu(run: Callable[[], object], repeats: int) -> float:
    """Best process CPU time (all threads, user and system) of ``repeats`` runs: less
    sensitive than wall time to other work on the machine, though not immune (shared caches)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def peak_bytes(run: Callable[[], object]) -> int:
    """Peak traced allocation of ``run`` beyond what was allocated before it."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def psa_engines(draws: int, repeats: int) -> list[str]:
    """``run_psa`` with each engine, best of ``repeats``, on the everything-drawn synthetic
    scenario of ``bench_cohort.py`` and on the shipped parenting example, with the largest
    difference of the per-draw horizon NPVs relative to the largest NPV of each scope."""
    from socinvest.analysis.psa import run_psa
    from socinvest.scenario.load import example_text, parse_scenario

    lines = []
    for label, scenario in (
        ("everything drawn (synthetic)", parse_scenario(everything_drawn_text(), "bench.yaml")),
        (
            "parenting example",
            parse_scenario(example_text("parenting-programme"), "parenting-programme"),
        ),
    ):
        seconds = {
            engine: best_time(
                lambda e=engine, s=scenario: run_psa(s, None, draws, engine=e),  # type: ignore[misc]
                repeats,
            )
            for engine in ("numpy", "numba")
        }
        runs = {engine: run_psa(scenario, None, draws, engine=engine) for engine in seconds}
        worst = max(
            float(np.max(np.abs(k.npv - n.npv) / np.maximum(np.max(np.abs(n.npv), axis=0), 1e-300)))
            for n, k in zip(runs["numpy"].alternatives, runs["numba"].alternatives, strict=True)
        )
        lines.append(
            f"run_psa, {label}, {draws} draws: numpy engine {seconds['numpy']:.4f} s,"
            f" kernel {seconds['numba']:.4f} s (numpy/kernel"
            f" {seconds['numpy'] / seconds['numba']:.2f}x); NPVs agree to {worst:.1e} relative"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--states", type=int, default=10)
    parser.add_argument("--cycles", type=int, default=65)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--reference-draws", type=int, default=200)
    parser.add_argument("--timing", choices=("start", "end", "mid"), default="mid")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--skip-psa", action="store_true", help="leave out run_psa")
    args = parser.parse_args(argv)
    if not numba_available():
        raise SystemExit("numba is not installed: pip install 'socinvest[fast]'")
    load_before = os.getloadavg()

    inputs = make_inputs(args.draws, args.states, args.cycles, args.timing, args.seed)
    compile_start = time.perf_counter()
    small = make_inputs(4, args.states, args.cycles, args.timing, args.seed)
    kernel_npv(small, 1)
    compile_seconds = time.perf_counter() - compile_start
    reference_compiled_npv(small, 1)

    numpy_seconds = best_time(lambda: engine_npv(inputs), args.repeats)
    kernel_seconds = {
        threads: best_time(lambda t=threads: kernel_npv(inputs, t), args.repeats)  # type: ignore[misc]
        for threads in (1, 2)
    }
    compiled_seconds = {
        threads: best_time(lambda t=threads: reference_compiled_npv(inputs, t), args.repeats)  # type: ignore[misc]
        for threads in (1, 2)
    }
    cpu_seconds = {
        "numpy engine": best_cpu(lambda: engine_npv(inputs), args.repeats),
        "kernel, 1 thread": best_cpu(lambda: kernel_npv(inputs, 1), args.repeats),
        "compiled reference, 1 thread": best_cpu(
            lambda: reference_compiled_npv(inputs, 1), args.repeats
        ),
    }
    n_ref = min(args.reference_draws, args.draws)
    plain_seconds = best_time(lambda: reference_npv(inputs, n_ref), 1) * args.draws / n_ref

    reference = engine_npv(inputs)
    results = {threads: kernel_npv(inputs, threads) for threads in (1, 2)}
    other_blocks = [kernel_npv(inputs, t, block_draws=b) for t, b in ((2, 1000), (3, 7), (1, 1))]
    compiled = reference_compiled_npv(inputs, 2)
    plain = reference_npv(inputs, n_ref)
    scale = np.max(np.abs(reference), axis=0)

    def worst(a: FloatArray, b: FloatArray) -> float:
        return float(np.max(np.abs(a - b) / scale))

    identical = all(np.array_equal(results[1], r) for r in (results[2], *other_blocks))
    numpy_memory = peak_bytes(lambda: engine_npv(inputs))
    kernel_memory = peak_bytes(lambda: kernel_npv(inputs, 2))
    best_kernel = min(kernel_seconds.values())
    best_compiled = min(compiled_seconds.values())

    print("W1 (issue 16): cohort PSA pass, numpy engine against the compiled kernel")
    print(
        f"configuration: {args.states} states x {args.cycles} yearly cycles x {args.draws} draws"
        f" x 2 alternatives; {N_PAYERS} payers x {N_CATEGORIES} categories; timing {args.timing};"
        f" per-draw NPV by payer (comparison minus intervention); best of {args.repeats}"
    )
    print(f"kernel compilation or cache load (not timed below): {compile_seconds:.2f} s")
    print(f"numpy engine:                   {numpy_seconds:.4f} s")
    for threads, seconds in kernel_seconds.items():
        print(
            f"kernel, {threads} thread{'s' if threads > 1 else ' '}:               {seconds:.4f} s;"
            f" numpy engine / kernel {numpy_seconds / seconds:.2f}x"
        )
    for threads, seconds in compiled_seconds.items():
        print(
            f"compiled reference, {threads} thread{'s' if threads > 1 else ' '}:   {seconds:.4f} s;"
            f" numpy engine / reference {numpy_seconds / seconds:.2f}x"
        )
    cpu_kernel = cpu_seconds["kernel, 1 thread"]
    print(
        f"process CPU time, best of {args.repeats}: "
        + "; ".join(f"{k} {v:.4f} s" for k, v in cpu_seconds.items())
        + f"; numpy engine / kernel {cpu_seconds['numpy engine'] / cpu_kernel:.2f}x,"
        f" kernel / compiled reference"
        f" {cpu_kernel / cpu_seconds['compiled reference, 1 thread']:.2f}x"
    )
    print(
        f"plain numpy reference:          {plain_seconds:.2f} s (extrapolated from"
        f" {n_ref} draws); plain / kernel {plain_seconds / best_kernel:.0f}x"
    )
    print(
        f"budget W1, kernel within 1.5x of the compiled reference (best thread count of each):"
        f" kernel / reference {best_kernel / best_compiled:.2f}x,"
        f" {'met' if best_kernel <= 1.5 * best_compiled else 'NOT met'}"
    )
    print(f"kernel 1 thread / 2 threads: {kernel_seconds[1] / kernel_seconds[2]:.2f}x")
    print(
        f"peak memory per draw (tracemalloc): numpy engine {numpy_memory / args.draws / 1024:.1f}"
        f" KB, kernel {kernel_memory / args.draws / 1024:.2f} KB (of which the draw-last copy of"
        f" the transitions {inputs.transitions[0].nbytes / 1024:.2f} KB; the kernel's work"
        f" arrays, a few KB per thread, are not traced)"
    )
    print(
        f"agreement with the numpy engine, largest |difference| / max |NPV| per payer:"
        f" kernel {worst(results[1], reference):.2e}"
        f" ({'met' if worst(results[1], reference) <= 1e-9 else 'NOT met'} at 1e-9),"
        f" compiled reference {worst(compiled, reference):.2e},"
        f" plain reference {worst(plain, reference[:n_ref]):.2e}"
    )
    print(
        "kernel bit-identical across 1, 2 and 3 threads and blocks of 1, 7, 128 and 1000"
        f" draws: {identical}"
    )
    if not args.skip_psa:
        for line in psa_engines(args.draws, args.repeats):
            print(line)
    load_after = os.getloadavg()
    print(
        f"load average before {' '.join(f'{x:.2f}' for x in load_before)},"
        f" after {' '.join(f'{x:.2f}' for x in load_after)}; CPUs {os.cpu_count()}"
    )


if __name__ == "__main__":
    main()
