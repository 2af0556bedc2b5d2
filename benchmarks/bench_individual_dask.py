"""W4 of issue 16: W3 (the individual-level engine) on a local Dask cluster, with its parallel
efficiency on 1 and 2 worker processes.

    python benchmarks/bench_individual_dask.py                 # tasks of about 1 s CPU, 8 tasks
    python benchmarks/bench_individual_dask.py --task-seconds 2 --tasks 8
    python benchmarks/bench_individual_dask.py --vary          # parameters drawn per draw
    python benchmarks/bench_individual_dask.py --draws 1000    # W3 in full (minutes)

The work is W3-shaped: 100 000 persons per draw x 2 alternatives of the shipped example
``school-attendance`` (11 states, 52 yearly cycles), draws as replications
(:func:`socinvest.analysis.individual.plan_individual`), but by default **scaled down in
draws**: W3 has 1 000 draws (about 45-55 s of CPU on one kernel thread on this machine); here
the draws are just enough for ``--tasks`` tasks of about ``--task-seconds`` of CPU each (the
number is printed), or ``--draws`` (``--draws 1000``: W3 in full).
Every draw is the same work, so the efficiency does not depend on how many are run.

One block of persons is timed first on one kernel thread (CPU time, ``time.process_time``,
so the task size does not depend on the machine's load); a task is that many whole blocks
(:class:`socinvest.execution.individual.BlockTask`). Then, from the same plan:

- ``serial``: :func:`socinvest.execution.individual.run_plan_on` on ``LocalExecutor(1)``
  with one kernel thread per task (every task in this process, one after the other): the
  reference;
- ``plain``: the chunk API as :func:`socinvest.analysis.individual.analyse_individual` runs
  it, one call over every block on one kernel thread (no tasks at all);
- ``dask 1`` and ``dask 2``: ``run_plan_on`` on a ``DaskExecutor`` with a LocalCluster of 1
  and 2 worker processes of 1 thread each, each task's kernel on one thread (started, and
  the kernel compiled or loaded from numba's cache on every worker, before the timer; the
  plan is broadcast to the workers inside the timed run, as in use). Before the timed run the
  CPU an idle cluster costs is measured over ``--idle-seconds`` (the workers' and, in this
  process, the scheduler's and the nannies' housekeeping: heartbeats, event-loop ticks, the
  system and memory monitors, run less often in a cluster ``DaskExecutor`` starts:
  :data:`socinvest.execution.executors.LOCAL_CLUSTER_CONFIG`), a cost per second of wall
  time that a loaded machine, where everything takes longer, inflates.

Each task is timed on its worker (wall and CPU seconds of the worker process). Printed: the
configuration; each run's wall and CPU time, and those of combining the partials in the
driver after the last task (the same serial step in every run: it bounds the wall-time
efficiency); the parallel efficiency **from wall time**,
``serial wall / (workers x wall)``, and **from CPU time**, two ways: the work the spreading
adds (``serial CPU / (driver CPU + tasks' CPU)``) and the critical path
(``serial CPU / (workers x the busiest worker's CPU)``: what the wall-time efficiency would be
if every worker had a core to itself); individual-years per second (one person through one
cycle under one alternative, ``N x T x A`` per draw) per wall second and per CPU second;
whether every result is bit-identical to the serial one; and the load average before and
after each run (the machine has 2 cores shared with other sessions: a load above 2 means the
workers competed with other work, and the wall-time efficiency then says more about the
machine than about the code).
"""

from __future__ import annotations

import argparse
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from socinvest.analysis.individual import (
    IndividualPartial,
    IndividualPlan,
    IndividualResults,
    chunk_ranges,
    combine_individual,
    plan_individual,
    run_individual_blocks,
)
from socinvest.core.cohort_kernel import numba_available
from socinvest.execution.executors import DaskExecutor, Executor, LocalExecutor
from socinvest.execution.individual import BlockTask, run_block_task
from socinvest.scenario.load import example_text, parse_scenario

EXAMPLE = "school-attendance"
W3_INDIVIDUALS = 100_000
W3_DRAWS = 1_000
EFFICIENCY_BUDGET = 0.9


@dataclass(frozen=True)
class Timed:
    """A task's partial with the wall and CPU seconds it took on its worker."""

    partial: IndividualPartial
    wall: float
    cpu: float
    """CPU seconds of the worker process during the task (all its threads)."""
    thread_cpu: float
    """CPU seconds of the task's own thread (the kernel runs on it alone)."""
    pid: int


def timed_task(plan: IndividualPlan, task: BlockTask) -> Timed:
    wall, cpu, own = time.perf_counter(), time.process_time(), time.thread_time()
    partial = run_block_task(plan, task)
    return Timed(
        partial,
        time.perf_counter() - wall,
        time.process_time() - cpu,
        time.thread_time() - own,
        os.getpid(),
    )


def worker_cpu(executor: Executor) -> dict[str, float]:
    """Each Dask worker process's CPU seconds so far (every thread: the task, the worker's
    communication, receiving the plan, sending the results); empty in this process."""
    client = getattr(executor, "client", None)
    return {} if client is None else dict(client.run(time.process_time))


@dataclass(frozen=True)
class Run:
    wall: float
    driver_cpu: float
    tasks: list[Timed]
    results: IndividualResults
    load: tuple[float, float]
    in_process: bool
    workers_cpu: dict[str, float]
    """Each worker process's CPU seconds over the whole run (Dask only)."""
    combine: tuple[float, float]
    """Wall and CPU seconds of ``combine_individual`` in the driver (within ``wall`` and
    ``driver_cpu``): after the last task in every run, so it does not spread."""

    @property
    def task_cpu(self) -> float:
        return sum(t.cpu for t in self.tasks)

    @property
    def total_cpu(self) -> float:
        """The driver's CPU plus the workers' whole processes' (in this process the driver's
        holds both)."""
        return self.driver_cpu if self.in_process else self.driver_cpu + self.worker_total

    @property
    def worker_total(self) -> float:
        return sum(self.workers_cpu.values())

    def busiest_worker_cpu(self) -> float:
        return max(self.workers_cpu.values())


def load1() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else math.nan


def run_timed(executor: Executor, plan: IndividualPlan, tasks: int, engine: str) -> Run:
    """:func:`socinvest.execution.individual.run_plan_on`'s steps, each task timed on its
    worker (one kernel thread per task)."""
    before = load1()
    cpu_before = worker_cpu(executor)
    wall, cpu = time.perf_counter(), time.process_time()
    work = [BlockTask(lo, hi, 1, engine) for lo, hi in chunk_ranges(plan.blocks, tasks)]
    parts = executor.map_with(timed_task, plan, work, total=len(work))
    combine_wall, combine_cpu = time.perf_counter(), time.process_time()
    results = combine_individual(plan, [p.partial for p in parts])
    combine = (time.perf_counter() - combine_wall, time.process_time() - combine_cpu)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    cpu_after = worker_cpu(executor)
    return Run(
        wall,
        cpu,
        parts,
        results,
        (before, load1()),
        executor.in_process,
        {w: cpu_after[w] - cpu_before[w] for w in cpu_after},
        combine,
    )


def idle_cost(executor: Executor, seconds: float) -> tuple[float, float]:
    """CPU seconds per wall second that an idle cluster costs: (every worker process
    together, this driver process with the scheduler and the client)."""
    if seconds <= 0:
        return math.nan, math.nan
    before, cpu = worker_cpu(executor), time.process_time()
    wall = time.perf_counter()
    time.sleep(seconds)
    after, cpu = worker_cpu(executor), time.process_time() - cpu
    wall = time.perf_counter() - wall
    return sum(after[w] - before[w] for w in after) / wall, cpu / wall


def timed(fn: Callable[[], IndividualResults]) -> tuple[float, float, IndividualResults]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def identical(a: IndividualResults, b: IndividualResults) -> bool:
    return (
        np.array_equal(a.occupancy, b.occupancy)
        and np.array_equal(a.entries, b.entries)
        and a.npv == b.npv
        and a.npv_se == b.npv_se
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task-seconds", type=float, default=1.0)
    parser.add_argument("--tasks", type=int, default=8)
    parser.add_argument("--individuals", type=int, default=W3_INDIVIDUALS)
    parser.add_argument(
        "--draws",
        type=int,
        default=None,
        help=f"draws in all (W3: {W3_DRAWS}), cut into --tasks tasks (instead of --task-seconds)",
    )
    parser.add_argument("--vary", action="store_true", help="parameters drawn per draw")
    parser.add_argument(
        "--idle-seconds",
        type=float,
        default=5.0,
        help="how long to measure the CPU an idle cluster costs (0: not at all)",
    )
    args = parser.parse_args()

    engine = "numba" if numba_available() else "numpy"
    scenario = parse_scenario(example_text(EXAMPLE), f"example:{EXAMPLE}")
    n = args.individuals

    # Size the tasks: the CPU time of one draw's blocks on one kernel thread (warm kernel).
    probe = plan_individual(scenario, individuals=n, draws=2, vary_parameters=args.vary)
    run_individual_blocks(probe, (0, 1), engine=engine, threads=1)
    start = time.process_time()
    run_individual_blocks(probe, (0, probe.blocks_per_draw), engine=engine, threads=1)
    per_draw = time.process_time() - start
    if args.draws is not None:
        draws_per_task = max(1, math.ceil(args.draws / args.tasks))
        draws = args.draws
    else:
        draws_per_task = max(1, math.ceil(args.task_seconds / per_draw))
        draws = draws_per_task * args.tasks
    plan = plan_individual(scenario, individuals=n, draws=draws, vary_parameters=args.vary)
    n_alt, n_cycles, _, _ = plan.tables.shape
    work = n * draws * n_cycles * n_alt
    print(
        f"W4: W3-shaped work{'' if draws >= W3_DRAWS else ' scaled down'}: {n:,} persons x "
        f"{draws} draws (W3: {W3_DRAWS}) x "
        f"{n_alt} alternatives x {n_cycles} cycles ({EXAMPLE}), engine {engine}, "
        + ("parameters drawn per draw" if args.vary else "parameters at their values")
    )
    print(
        f"one draw ({plan.blocks_per_draw} blocks of {plan.block_size}) on one kernel thread: "
        f"{per_draw:.3f} s CPU; {args.tasks} tasks of {draws_per_task} draws (about "
        f"{draws_per_task * per_draw:.2f} s CPU each); {work / 1e9:.2f} G individual-years; "
        f"{os.cpu_count()} CPUs"
    )

    with LocalExecutor(1) as one:
        serial = run_timed(one, plan, args.tasks, engine)
    plain_wall, plain_cpu, plain = timed(
        lambda: combine_individual(
            plan, [run_individual_blocks(plan, (0, plan.blocks), engine=engine, threads=1)]
        )
    )

    runs: dict[int, Run] = {}
    idle: dict[int, tuple[float, float]] = {}
    for workers in (1, 2):
        with DaskExecutor(n_workers=workers, threads_per_worker=1) as executor:
            # Warm every worker up (imports, the kernel from numba's cache) on a small plan.
            warm = plan_individual(scenario, individuals=200, draws=workers * 2, block_size=100)
            run_timed(executor, warm, workers * 2, engine)
            idle[workers] = idle_cost(executor, args.idle_seconds)
            runs[workers] = run_timed(executor, plan, args.tasks, engine)

    def rate(seconds: float) -> str:
        return f"{work / seconds / 1e6:6.0f} M"

    print(
        f"serial reference (LocalExecutor(1)): {serial.wall:7.2f} s wall {serial.total_cpu:6.2f}"
        f" s CPU  {rate(serial.wall)} ind-years/s wall, {rate(serial.total_cpu)} per CPU-s; "
        f"tasks {min(t.wall for t in serial.tasks):.2f}-{max(t.wall for t in serial.tasks):.2f}"
        f" s, their own thread {sum(t.thread_cpu for t in serial.tasks):.2f} s CPU; "
        f"combining the partials {serial.combine[0]:.2f} s wall {serial.combine[1]:.2f} s CPU; "
        f"load {serial.load[0]:.1f}->{serial.load[1]:.1f}"
    )
    print(
        f"plain chunk API, one call, 1 thread: {plain_wall:7.2f} s wall {plain_cpu:6.2f} s CPU  "
        f"{rate(plain_wall)} ind-years/s wall, {rate(plain_cpu)} per CPU-s"
    )
    for workers, run in runs.items():
        wall_eff = serial.wall / (workers * run.wall)
        work_eff = serial.total_cpu / run.total_cpu
        path_eff = serial.total_cpu / (workers * run.busiest_worker_cpu())
        task_walls = [t.wall for t in run.tasks]
        print(
            f"dask, {workers} worker process(es):      {run.wall:7.2f} s wall "
            f"{run.total_cpu:6.2f} s CPU  {rate(run.wall)} ind-years/s wall; combining the "
            f"partials {run.combine[0]:.2f} s wall {run.combine[1]:.2f} s CPU; "
            f"load {run.load[0]:.1f}->{run.load[1]:.1f}"
        )
        print(
            f"    efficiency from wall time: {wall_eff:6.1%} (speed-up "
            f"{serial.wall / run.wall:.2f}; "
            f"{'meets' if wall_eff >= EFFICIENCY_BUDGET else 'misses'} the 90 % budget)"
        )
        print(
            f"    efficiency from CPU time: work {work_eff:6.1%} (driver {run.driver_cpu:.2f} s + "
            f"worker processes {run.worker_total:.2f} s, of which tasks {run.task_cpu:.2f} s "
            f"and the kernel's own threads {sum(t.thread_cpu for t in run.tasks):.2f} s, "
            f"against the serial {serial.total_cpu:.2f} s), "
            f"critical path {path_eff:6.1%} (busiest worker {run.busiest_worker_cpu():.2f} s "
            f"CPU; {'meets' if path_eff >= EFFICIENCY_BUDGET else 'misses'} the 90 % budget)"
        )
        print(
            f"    idle cluster: {idle[workers][0]:.3f} CPU-s per wall second in the worker "
            f"processes, {idle[workers][1]:.3f} in the driver (scheduler, nannies, client)"
        )
        print(
            f"    tasks {min(task_walls):.2f}-{max(task_walls):.2f} s wall, "
            f"{min(t.cpu for t in run.tasks):.2f}-{max(t.cpu for t in run.tasks):.2f} s CPU "
            f"on the workers"
        )
    same = {"plain": identical(serial.results, plain)}
    same.update({f"dask {w}": identical(serial.results, r.results) for w, r in runs.items()})
    print("bit-identical to the serial run: " + ", ".join(f"{k} {v}" for k, v in same.items()))
    full = per_draw * W3_DRAWS
    print(
        f"full W3 ({W3_DRAWS} draws) would be about {full:.0f} s of CPU on one kernel thread "
        f"(from the probe)"
    )
    if hasattr(os, "getloadavg"):
        print("load average at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
