"""W4-style benchmark of issue 16: the cohort probabilistic analysis spread over 1 and 2 local
Dask worker processes, against the serial run of the same spans.

    python benchmarks/bench_execution.py                    # tasks of about 1 s, 8 tasks
    python benchmarks/bench_execution.py --task-seconds 2 --tasks 8
    python benchmarks/bench_execution.py --example school-attendance --engine numpy

The scenario is a shipped example (every money parameter, effect and transition row drawn;
``socinvest.analysis.psa``). One span of draws is timed first to size the tasks: the span
(whole blocks of 500 draws) is chosen so that one task takes about ``--task-seconds`` of CPU
(``time.process_time``, so the size does not depend on the machine's load), and the draws
are ``--tasks`` such spans. Then, each from the same inputs:

- ``serial``: :func:`socinvest.execution.psa.run_psa_on` on ``LocalExecutor(1)`` (every span
  in this process, one after the other): the reference;
- ``plain``: :func:`socinvest.analysis.psa.run_psa` as users get it (its own block threads),
  and on one thread (``BLOCK_WORKERS = 1``): the plain serial run, which draws the transition
  rows once where the spread runs (and the serial reference) draw them twice (the driver to
  find each span's generator states, the task to use them);
- ``dask 1`` and ``dask 2``: ``run_psa_on`` on a ``DaskExecutor`` with a LocalCluster of 1
  and 2 worker processes of 1 thread each (the cluster started before the timer; the
  workers are warmed up with a run of another plan, so the imports are not timed, but each
  worker still builds the timed plan's set-up once, as it would in use).

Everything timed includes the driver's serial part: the plan (draws of the parameters, the
derivatives of the money arrays) and the transition rows of every block drawn in order
(:meth:`PsaPlan.row_states`), plus sending the tasks and the results.

Each task is timed on its worker (wall and CPU seconds, ``time.process_time`` of the worker
process, one thread per worker), so the CPU the spread run spends (the driver's plus the
tasks', a worker's set-up build included in its first task) can be set against the serial
run's: that ratio is the work the spreading adds, and it does not depend on what else the
machine is doing, where the wall-clock efficiency does.

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
from dataclasses import dataclass

import numpy as np

import socinvest.analysis.psa as psa_module
from socinvest.analysis.psa import (
    BLOCK_DRAWS,
    BlockOutputs,
    PsaPlan,
    PsaResults,
    plan_psa,
    run_psa,
)
from socinvest.execution.executors import DaskExecutor, Executor, LocalExecutor
from socinvest.execution.psa import PsaSpan, evaluate_span, run_psa_on
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import Scenario


def timed(fn: Callable[[], PsaResults]) -> tuple[float, PsaResults]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


@dataclass(frozen=True)
class Timed:
    """A span's outputs with the wall and CPU seconds its task took on the worker."""

    outputs: BlockOutputs
    wall: float
    cpu: float


def timed_span(plan: PsaPlan, span: PsaSpan) -> Timed:
    wall, cpu = time.perf_counter(), time.process_time()
    outputs = evaluate_span(plan, span)
    return Timed(outputs, time.perf_counter() - wall, time.process_time() - cpu)


@dataclass(frozen=True)
class Run:
    wall: float
    driver_cpu: float
    task_wall: list[float]
    task_cpu: list[float]
    results: PsaResults


def run_timed(executor: Executor, scenario: Scenario, draws: int, span: int, engine: str) -> Run:
    """:func:`socinvest.execution.psa.run_plan`'s steps, each task timed on its worker."""
    wall, cpu = time.perf_counter(), time.process_time()
    plan = plan_psa(scenario, draws=draws, engine=engine)
    spans = plan.spans(span)
    tasks = (
        PsaSpan(a, b, st) for (a, b), st in zip(spans, plan.iter_row_states(spans), strict=True)
    )
    common = plan.shipped() if executor.sends_common_once and not executor.in_process else plan
    parts = executor.map_with(timed_span, common, tasks, total=len(spans))
    results = plan.results(BlockOutputs.concatenate([p.outputs for p in parts]), span)
    return Run(
        time.perf_counter() - wall,
        time.process_time() - cpu,
        [p.wall for p in parts],
        [p.cpu for p in parts],
        results,
    )


def identical(a: PsaResults, b: PsaResults) -> bool:
    return all(
        np.array_equal(x.npv, y.npv)
        and np.array_equal(x.npv_term, y.npv_term)
        and np.array_equal(x.person_years_diff, y.person_years_diff)
        and x.payback == y.payback
        for x, y in zip(a.alternatives, b.alternatives, strict=True)
    )


def size_tasks(scenario: Scenario, engine: str, task_seconds: float) -> tuple[int, float]:
    """Draws per task (whole blocks) for tasks of about ``task_seconds`` of CPU, and the CPU
    time of a block."""
    probe = 4 * BLOCK_DRAWS
    plan = plan_psa(scenario, draws=probe, engine=engine)
    spans = plan.spans(BLOCK_DRAWS)
    states = plan.row_states(spans)
    evaluate_span(plan, PsaSpan(*spans[0], states[0]))  # warm
    # CPU time (one thread: BLAS held to one, blocks of 500 draws drawn in one thread), so
    # the size does not depend on what else the machine is doing.
    start = time.process_time()
    for (a, b), st in zip(spans, states, strict=True):
        evaluate_span(plan, PsaSpan(a, b, st))
    per_block = (time.process_time() - start) / len(spans)
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
        f"one block of {BLOCK_DRAWS} draws: {per_block:.3f} s CPU; tasks of {span} "
        f"draws (about {span / BLOCK_DRAWS * per_block:.2f} s CPU each), {args.tasks} tasks, "
        f"{draws} draws"
    )

    def serial_part() -> float:
        start = time.perf_counter()
        plan = plan_psa(scenario, draws=draws, engine=args.engine)
        plan.row_states(plan.spans(span))
        return time.perf_counter() - start

    t_serial_part = serial_part()
    with LocalExecutor(1) as one:
        serial = run_timed(one, scenario, draws, span, args.engine)
    t_plain, plain = timed(lambda: run_psa(scenario, draws=draws, engine=args.engine))
    # The plain run on one thread (its block threads off): no second pass over the rows.
    workers_before = psa_module.BLOCK_WORKERS
    psa_module.BLOCK_WORKERS = 1
    try:
        cpu = time.process_time()
        t_plain_1, _ = timed(lambda: run_psa(scenario, draws=draws, engine=args.engine))
        cpu_plain_1 = time.process_time() - cpu
    finally:
        psa_module.BLOCK_WORKERS = workers_before

    runs: dict[int, Run] = {}
    for workers in (1, 2):
        with DaskExecutor(n_workers=workers, threads_per_worker=1) as executor:
            # Warm the workers up (imports, numpy's first calls) with a small run.
            run_psa_on(executor, scenario, draws=workers * BLOCK_DRAWS, span_draws=BLOCK_DRAWS)
            runs[workers] = run_timed(executor, scenario, draws, span, args.engine)

    print(f"serial part (plan + transition rows of every block): {t_serial_part:.2f} s")
    print(
        f"serial reference (LocalExecutor(1)):  {serial.wall:7.2f} s wall, "
        f"{serial.driver_cpu:6.2f} s CPU; tasks {min(serial.task_wall):.2f}-"
        f"{max(serial.task_wall):.2f} s"
    )
    print(f"plain run_psa (its block threads):    {t_plain:7.2f} s wall")
    print(
        f"plain run_psa on one thread:          {t_plain_1:7.2f} s wall, "
        f"{cpu_plain_1:6.2f} s CPU (the serial reference draws the rows twice: "
        f"{serial.driver_cpu / cpu_plain_1:.2f} x this CPU)"
    )
    for workers, run in runs.items():
        speed_up = serial.wall / run.wall
        efficiency = speed_up / workers
        verdict = "meets" if efficiency >= 0.9 else "misses"
        total_cpu = run.driver_cpu + sum(run.task_cpu)
        print(
            f"dask, {workers} worker process(es):        {run.wall:7.2f} s wall  speed-up "
            f"{speed_up:4.2f}  efficiency {efficiency:6.1%} ({verdict} the 90 % budget)"
        )
        print(
            f"    against plain run_psa on one thread: speed-up {t_plain_1 / run.wall:4.2f}, "
            f"efficiency {t_plain_1 / run.wall / workers:6.1%}"
        )
        print(
            f"    CPU: driver {run.driver_cpu:.2f} s + tasks {sum(run.task_cpu):.2f} s = "
            f"{total_cpu:.2f} s ({total_cpu / serial.driver_cpu:.2f} x the serial run's); "
            f"tasks {min(run.task_wall):.2f}-{max(run.task_wall):.2f} s wall on the workers"
        )
    amdahl = serial.wall / (t_serial_part + (serial.wall - t_serial_part) / 2)
    print(f"best speed-up on 2 workers if the serial part did not overlap (Amdahl): {amdahl:.2f}")
    same = {"plain": identical(serial.results, plain)}
    same.update({f"dask {w}": identical(serial.results, r.results) for w, r in runs.items()})
    print("bit-identical to the serial run: " + ", ".join(f"{k} {v}" for k, v in same.items()))
    if hasattr(os, "getloadavg"):
        print("load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
