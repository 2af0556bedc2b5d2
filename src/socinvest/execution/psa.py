"""The probabilistic analysis (:func:`socinvest.analysis.psa.run_psa`) spread over an
:class:`~socinvest.execution.executors.Executor`.

The draws are cut into spans of whole blocks at the fixed positions of
:data:`~socinvest.analysis.psa.BLOCK_DRAWS` (:meth:`PsaPlan.spans`). The driver draws the
transition rows of every block in order, as the plain run does, and records the generators'
states at the start of each span (:meth:`PsaPlan.row_states`); each task evaluates one span
from those states (:meth:`PsaPlan.evaluate`), with the same operations on arrays of the same
shapes as the plain run; the spans' per-draw arrays are put together in draw order and
summarised by the same code (:meth:`PsaPlan.results`). So the results are bit for bit those of
:func:`~socinvest.analysis.psa.run_psa`, whatever the executor, the number of workers or the
span size (tests/test_execution.py checks it on threads and on Dask).

Every task runs with one BLAS thread (as the plain run does), and the compiled kernel (numba)
is entered by one task at a time per process (numba's default thread pool must not be entered
from several threads at once); a process's tasks then run one after the other and the kernel
parallelises inside each block.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy.typing as npt

from socinvest.analysis.psa import (
    BLOCK_DRAWS,
    BlockOutputs,
    Progress,
    PsaPlan,
    PsaResults,
    RowStates,
    plan_psa,
)
from socinvest.core.threads import single_threaded_blas
from socinvest.execution.executors import Executor
from socinvest.params.library import ParameterLibrary
from socinvest.scenario.model import Scenario

SPANS_PER_WORKER = 4
"""Spans per worker by default: enough for the workers to even out, few enough that each
task's fixed cost (sending the plan, building the set-up once per process) stays small."""


@dataclass(frozen=True)
class PsaSpan:
    """One task: draws ``start:stop`` of a plan, from the transition rows' generator states
    ``row_states``."""

    start: int
    stop: int
    row_states: RowStates


_BLAS_LOCK = threading.Lock()
_BLAS_USERS = 0
_BLAS_LIMIT: contextlib.ExitStack | None = None
_KERNEL_LOCK = threading.Lock()


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """One BLAS thread while any task of this process runs (the limit is process-wide: the
    first task to start sets it, the last to finish restores it, so tasks in several threads
    do not undo each other's limit)."""
    global _BLAS_USERS, _BLAS_LIMIT
    with _BLAS_LOCK:
        if _BLAS_USERS == 0:
            stack = contextlib.ExitStack()
            stack.enter_context(single_threaded_blas())
            _BLAS_LIMIT = stack
        _BLAS_USERS += 1
    try:
        yield
    finally:
        with _BLAS_LOCK:
            _BLAS_USERS -= 1
            if _BLAS_USERS == 0 and _BLAS_LIMIT is not None:
                _BLAS_LIMIT.close()
                _BLAS_LIMIT = None


def evaluate_span(plan: PsaPlan, span: PsaSpan) -> BlockOutputs:
    """Evaluate one span of ``plan`` (a task for :meth:`Executor.map_with`)."""
    with one_blas_thread():
        if plan.resolved_engine == "numba":
            with _KERNEL_LOCK:
                return plan.evaluate(span.start, span.stop, span.row_states)
        return plan.evaluate(span.start, span.stop, span.row_states)


def default_span_draws(draws: int, workers: int) -> int:
    """About :data:`SPANS_PER_WORKER` spans per worker, each at least one block."""
    spans = max(1, workers * SPANS_PER_WORKER)
    return max(BLOCK_DRAWS, -(-draws // spans))


def run_psa_on(
    executor: Executor,
    scenario: Scenario,
    library: ParameterLibrary | None = None,
    draws: int = 1000,
    seed: int | None = None,
    *,
    span_draws: int | None = None,
    progress: Progress | None = None,
    correlations: Mapping[tuple[str, str], float] | None = None,
    parameter_draws: Mapping[str, npt.ArrayLike] | None = None,
    transition_rows: bool = True,
    engine: str | None = None,
) -> PsaResults:
    """:func:`~socinvest.analysis.psa.run_psa` with its draws spread over ``executor`` in
    spans of about ``span_draws`` draws (default :func:`default_span_draws`); the same
    results, bit for bit, for any executor and span size.

    ``progress(done, draws)`` is called as spans finish (``done`` counts the draws of the
    finished spans, in whatever order they finish).
    """
    plan = plan_psa(
        scenario,
        library,
        draws,
        seed,
        correlations=correlations,
        parameter_draws=parameter_draws,
        transition_rows=transition_rows,
        engine=engine,
    )
    return run_plan(executor, plan, span_draws=span_draws, progress=progress)


def run_plan(
    executor: Executor,
    plan: PsaPlan,
    *,
    span_draws: int | None = None,
    progress: Progress | None = None,
) -> PsaResults:
    """Evaluate a :class:`PsaPlan`'s spans on ``executor`` and assemble the results."""
    span = (
        span_draws if span_draws is not None else default_span_draws(plan.draws, executor.workers)
    )
    spans = plan.spans(span)
    # Each span is sent as soon as its rows' generator states are known: drawing the rows of
    # the next spans (the driver's serial part) overlaps with the workers' evaluation.
    tasks = (
        PsaSpan(start, stop, states)
        for (start, stop), states in zip(spans, plan.iter_row_states(spans), strict=True)
    )
    sizes = [stop - start for start, stop in spans]
    done_draws = 0
    finished = 0

    def report(done: int, _total: int) -> None:
        # Spans finish in any order; count the draws of as many spans as have finished
        # (sizes differ only in the last span, so this is exact but for at most one span).
        nonlocal done_draws, finished
        while finished < done:
            done_draws += sizes[finished]
            finished += 1
        if progress is not None:
            progress(done_draws, plan.draws)

    # Sent once per worker with its set-up where the executor can (a Dask broadcast: cheaper
    # than each worker building it); to a local process pool without it (rebuilt once per
    # process, from a few tens of KB of inputs, rather than tens of MB with every task).
    common = plan.shipped() if executor.sends_common_once and not executor.in_process else plan
    parts = executor.map_with(evaluate_span, common, tasks, progress=report, total=len(spans))
    return plan.results(BlockOutputs.concatenate(parts), chunk_draws=span)


def psa_runner(executor: Executor, span_draws: int | None = None) -> Callable[..., PsaResults]:
    """A drop-in for :func:`~socinvest.analysis.psa.run_psa` that spreads the draws over
    ``executor`` (for ``analyse(..., psa_runner=...)``); ``chunk_draws`` is accepted and
    only sets, as there, nothing but how often progress is reported (here: per span)."""

    def run(
        scenario: Scenario,
        library: ParameterLibrary | None = None,
        draws: int = 1000,
        seed: int | None = None,
        *,
        chunk_draws: int | None = None,
        progress: Progress | None = None,
        **options: Any,
    ) -> PsaResults:
        del chunk_draws  # progress comes per span
        return run_psa_on(
            executor,
            scenario,
            library,
            draws,
            seed,
            span_draws=span_draws,
            progress=progress,
            **options,
        )

    return run
