"""W4-style benchmark of issue 16: the cohort probabilistic analysis spread over 1 and 2 local
Dask worker processes, against the serial run of the same spans.

    python benchmarks/bench_execution.py                    # tasks of about 1 s, 8 tasks
    python benchmarks/bench_execution.py --task-seconds 2 --tasks 8
    python benchmarks/bench_execution.py --example school-attendance --engine numpy

The scenario is a shipped example (every money parameter, effect and transition row drawn;
``socinvest.analysis.psa``). One span of draws is timed first to size the tasks: the span
(whole blocks of 500 draws) is chosen so that one task takes about ``--task-seconds`` on one
core, and the draws are ``--tasks`` such spans. Then, each from the same inputs:

- ``serial``: :func:`socinvest.execution.psa.run_psa_on` on ``LocalExecutor(1)`` (every span
  in this process, one after the other): the reference;
- ``plain``: :func:`socinvest.analysis.psa.run_psa` as users get it (its own block threads);
- ``dask 1`` and ``dask 2``: ``run_psa_on`` on a ``DaskExecutor`` with a LocalCluster of 1
  and 2 worker processes of 1 thread each (the cluster started before the timer; the
  workers are warmed up with a run of another plan, so the imports are not timed, but each
  worker still builds the timed plan's set-up once, as it would in use).

Everything timed includes the driver's serial part: the plan (draws of the parameters, the
derivatives of the money arrays) and the transition rows of every block drawn in order
(:meth:`PsaPlan.row_states`), plus sending the tasks and the results.

Printed: the configuration, each time, the speed-up and the parallel efficiency
``serial / (workers x dask)`` for 1 and 2 workers (budget: at least 90 % for tasks of 1 s or
more), the serial part measured alone, whether every result is bit-identical to the serial
one, the CPU count and the load average (the machine has 2 cores, shared: a load above 2
means the workers compete with other work, and the efficiency says more about the machine
than about the code).
"""

from __future__ import annotations

import argparse
import math
import os
import time
from collections.abc import Callable

import numpy as np

from socinvest.analysis.psa import BLOCK_DRAWS, PsaResults, plan_psa, run_psa
from socinvest.execution.executors import DaskExecutor, LocalExecutor
from socinvest.execution.psa import evaluate_span, run_psa_on
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import Scenario


def timed(fn: Callable[[], PsaResults]) -> tuple[float, PsaResults]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def identical(a: PsaResults, b: PsaResults) -> bool:
    return all(
        np.array_equal(x.npv, y.npv)
        and np.array_equal(x.npv_term, y.npv_term)
        and np.array_equal(x.person_years_diff, y.person_years_diff)
        and x.payback == y.payback
        for x, y in zip(a.alternatives, b.alternatives, strict=True)
    )


def size_tasks(scenario: Scenario, engine: str, task_seconds: float) -> tuple[int, float]:
    """Draws per task (whole blocks) for tasks of about ``task_seconds``, and the time of a
    block measured on one core."""
    from socinvest.execution.psa import PsaSpan

    probe = 4 * BLOCK_DRAWS
    plan = plan_psa(scenario, draws=probe, engine=engine)
    spans = plan.spans(BLOCK_DRAWS)
    states = plan.row_states(spans)
    evaluate_span(PsaSpan(plan, *spans[0], states[0]))  # warm
    start = time.perf_counter()
    for (a, b), st in zip(spans, states, strict=True):
        evaluate_span(PsaSpan(plan, a, b, st))
    per_block = (time.perf_counter() - start) / len(spans)
    blocks = max(1, math.ceil(task_seconds / per_block))
    return blocks * BLOCK_DRAWS, per_block


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", default="parenting-programme")
    parser.add_argument("--task-seconds", type=float, default=1.0)
    parser.add_argument("--tasks", type=int, default=8)
    parser.add_argument("--engine", default="numpy", choices=["numpy", "numba", "auto"])
    args = parser.parse_args()

    scenario = parse_scenario(example_text(args.example), f"example:{args.example}")
    span, per_block = size_tasks(scenario, args.engine, args.task_seconds)
    draws = span * args.tasks
    print(f"example {args.example}, engine {args.engine}, {os.cpu_count()} CPUs")
    print(
        f"one block of {BLOCK_DRAWS} draws: {per_block:.3f} s on one core; tasks of {span} "
        f"draws (about {span / BLOCK_DRAWS * per_block:.2f} s each), {args.tasks} tasks, "
        f"{draws} draws"
    )

    def serial_part() -> float:
        start = time.perf_counter()
        plan = plan_psa(scenario, draws=draws, engine=args.engine)
        plan.row_states(plan.spans(span))
        return time.perf_counter() - start

    t_serial_part = serial_part()
    with LocalExecutor(1) as one:
        t_serial, reference = timed(
            lambda: run_psa_on(one, scenario, draws=draws, span_draws=span, engine=args.engine)
        )
    t_plain, plain = timed(lambda: run_psa(scenario, draws=draws, engine=args.engine))

    times: dict[int, float] = {}
    same = {"plain": identical(reference, plain)}
    for workers in (1, 2):
        with DaskExecutor(n_workers=workers, threads_per_worker=1) as executor:
            # Warm the workers up (imports, numpy's first calls) with a small run.
            run_psa_on(executor, scenario, draws=workers * BLOCK_DRAWS, span_draws=BLOCK_DRAWS)
            t, result = timed(
                lambda ex=executor: run_psa_on(  # type: ignore[misc]
                    ex, scenario, draws=draws, span_draws=span, engine=args.engine
                )
            )
        times[workers] = t
        same[f"dask {workers}"] = identical(reference, result)

    print(f"serial part (plan + transition rows of every block): {t_serial_part:.2f} s")
    print(f"serial reference (LocalExecutor(1)):  {t_serial:7.2f} s")
    print(f"plain run_psa (its block threads):    {t_plain:7.2f} s")
    for workers, t in times.items():
        speed_up = t_serial / t
        efficiency = speed_up / workers
        verdict = "meets" if efficiency >= 0.9 else "misses"
        print(
            f"dask, {workers} worker process(es):        {t:7.2f} s  speed-up {speed_up:4.2f}  "
            f"efficiency {efficiency:6.1%} ({verdict} the 90 % budget)"
        )
    amdahl = t_serial / (t_serial_part + (t_serial - t_serial_part) / 2)
    print(f"best speed-up on 2 workers with this serial part (Amdahl): {amdahl:.2f}")
    print("bit-identical to the serial run: " + ", ".join(f"{k} {v}" for k, v in same.items()))
    if hasattr(os, "getloadavg"):
        print("load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
