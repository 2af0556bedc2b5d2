"""The individual-level engine (:mod:`socinvest.analysis.individual`) spread over an
:class:`~socinvest.execution.executors.Executor`.

The plan (:func:`~socinvest.analysis.individual.plan_individual`) is made once, in the
driver, and sent once per worker (:meth:`Executor.map_with`: a Dask broadcast, or shared
memory for threads). Each task is a contiguous range of whole atomic blocks
(:func:`~socinvest.analysis.individual.chunk_ranges`), simulated by
:func:`~socinvest.analysis.individual.run_individual_blocks`; the partials come back in
block order and are summed by :func:`~socinvest.analysis.individual.combine_individual`.
The random numbers of a person depend only on the seed, the draw, the person and the cycle,
and a partial holds integer counts, so the results are bit for bit those of the plain local
run (:func:`~socinvest.analysis.individual.analyse_individual`) whatever the executor, the
number of workers or the number of tasks (tests/test_execution_individual.py checks it on
threads, processes and Dask).

Threads inside a task
---------------------
With one worker in this process, a task may use every core (the numba kernel runs blocks in
parallel threads, as the plain run does). Otherwise the executor's workers are the
parallelism and each task's kernel runs on :data:`TASK_THREADS` thread(s), so that two worker
processes on a two-core machine do not start four threads. Numba's ``workqueue`` threading
layer must not be entered from two threads at once; where it is the layer in use, a
process's tasks enter the kernel one at a time (and then use every core, as the plain run).
The ``omp`` and ``tbb`` layers are entered concurrently.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from socinvest.analysis.individual import (
    IndividualPartial,
    IndividualPlan,
    IndividualResults,
    chunk_ranges,
    combine_individual,
    plan_individual,
    run_individual_blocks,
)
from socinvest.core.individual import DEFAULT_BLOCK_SIZE, choose_individual_engine
from socinvest.execution.executors import Executor
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.model import Scenario

TASKS_PER_WORKER = 4
"""Tasks per worker by default: enough for the workers to even out, few enough that each
task's fixed cost stays small."""

TASK_THREADS = 1
"""Kernel threads per task when the executor's workers run the tasks side by side."""

Progress = Callable[[int, int], None]
"""Called with (blocks done, blocks in all) as tasks finish."""

_KERNEL_LOCK = threading.Lock()
SAFE_LAYERS = frozenset({"omp", "tbb"})
"""Numba threading layers that may be entered from several threads at once (numba's
documentation, "The Threading Layers")."""


@dataclass(frozen=True)
class BlockTask:
    """One task: blocks ``first .. stop - 1`` of a plan, with the kernel on ``threads``
    threads (``None``: numba's default, every core) and the engine ``engine``."""

    first: int
    stop: int
    threads: int | None
    engine: str | None
    trajectories: bool = False


def _layer() -> str | None:
    """Numba's threading layer in this process, ``None`` before its first parallel kernel."""
    try:
        numba: Any = importlib.import_module("numba")
        return str(numba.threading_layer())
    except (ImportError, ValueError):
        return None


@contextlib.contextmanager
def _kernel_turn(engine: str) -> Iterator[bool]:
    """Yield whether this task runs the kernel alone in its process under a layer that is
    not thread-safe (then it may as well use every core).

    The lock is taken for the numba kernel unless the layer is known to be thread-safe (the
    first kernel of a process runs under it, as the layer is chosen on first use)."""
    if engine != "numba" or _layer() in SAFE_LAYERS:
        yield False
        return
    with _KERNEL_LOCK:
        yield _layer() is not None


def run_block_task(plan: IndividualPlan, task: BlockTask) -> IndividualPartial:
    """Simulate one task's blocks (a function for :meth:`Executor.map_with`)."""
    engine = "numpy" if task.trajectories else choose_individual_engine(task.engine)
    with _kernel_turn(engine) as alone:
        return run_individual_blocks(
            plan,
            (task.first, task.stop),
            engine=engine,
            threads=None if alone else task.threads,
            trajectories=task.trajectories,
        )


def default_tasks(blocks: int, workers: int) -> int:
    """About :data:`TASKS_PER_WORKER` tasks per worker (at most one per block)."""
    return max(1, min(blocks, workers * TASKS_PER_WORKER))


def task_threads(executor: Executor) -> int | None:
    """Kernel threads per task on ``executor``: every core with a single worker in this
    process (as the plain run), else :data:`TASK_THREADS`."""
    return None if executor.in_process and executor.workers == 1 else TASK_THREADS


def run_plan_on(
    executor: Executor,
    plan: IndividualPlan,
    *,
    tasks: int | None = None,
    engine: str | None = None,
    threads: int | None = None,
    trajectories: bool = False,
    progress: Progress | None = None,
) -> IndividualResults:
    """Simulate every block of ``plan`` on ``executor`` in ``tasks`` ranges of whole blocks
    (default :func:`default_tasks`) and combine them in block order.

    ``threads``: kernel threads per task (default :func:`task_threads`); none of these
    options changes a number of the results.
    """
    count = tasks if tasks is not None else default_tasks(plan.blocks, executor.workers)
    if count < 1:
        raise ValueError(f"expected at least 1 task, found {count}")
    per_task = threads if threads is not None else task_threads(executor)
    ranges = chunk_ranges(plan.blocks, count)
    work = [BlockTask(lo, hi, per_task, engine, trajectories) for lo, hi in ranges]
    sizes = [hi - lo for lo, hi in ranges]
    done_blocks = 0
    finished = 0

    def report(done: int, _total: int) -> None:
        # Tasks finish in any order; their sizes differ by at most one block.
        nonlocal done_blocks, finished
        while finished < done:
            done_blocks += sizes[finished]
            finished += 1
        if progress is not None:
            progress(done_blocks, plan.blocks)

    partials = executor.map_with(run_block_task, plan, work, progress=report, total=len(work))
    return combine_individual(plan, partials)


def analyse_individual_on(
    executor: Executor,
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    *,
    individuals: int,
    draws: int = 0,
    seed: int | None = None,
    engine: str | None = None,
    tasks: int | None = None,
    threads: int | None = None,
    block_size: int = DEFAULT_BLOCK_SIZE,
    trajectories: bool = False,
    vary_parameters: bool = False,
    progress: Progress | None = None,
) -> IndividualResults:
    """:func:`~socinvest.analysis.individual.analyse_individual` with the blocks spread over
    ``executor``: the same results, bit for bit, for any executor, number of workers and
    number of tasks.

    Raises
    ------
    ValueError
        As :func:`~socinvest.analysis.individual.plan_individual`, or ``tasks < 1``.
    """
    plan = plan_individual(
        scenario,
        library,
        individuals=individuals,
        draws=draws,
        seed=seed,
        block_size=block_size,
        vary_parameters=vary_parameters,
    )
    return run_plan_on(
        executor,
        plan,
        tasks=tasks,
        engine=engine,
        threads=threads,
        trajectories=trajectories,
        progress=progress,
    )
