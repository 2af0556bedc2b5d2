"""One seam for running many independent tasks: :class:`Executor`.

An executor maps a picklable function over picklable tasks and returns the results **in the
tasks' order**, whatever order the tasks finish in; every reduction (putting draws together,
summing, writing rows) is then done by the caller in that fixed order, so results are bit
for bit the same whatever the executor or the number of workers.

Implementations:

- :class:`LocalExecutor` (the default): in this process, one task after the other
  (``workers=1``), or in a pool of threads or of processes (``kind="threads"`` or
  ``"processes"``);
- :class:`DaskExecutor`: on a Dask cluster (``dask.distributed``, the optional extra
  ``socinvest[dask]``): a running scheduler at an address ``tcp://host:port``, or a
  :class:`distributed.LocalCluster` started for the run. Dask is imported only here, when
  such an executor is made.
"""

from __future__ import annotations

import functools
import multiprocessing
import multiprocessing.context
import os
from collections.abc import Callable, Iterable, Sequence, Sized
from concurrent.futures import Executor as FuturesExecutor
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from types import TracebackType
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")
R = TypeVar("R")
C = TypeVar("C")

Progress = Callable[[int, int], None]
"""Called with (tasks done, tasks in all) as tasks finish."""

DASK_EXTRA = "dask"
"""The optional extra that installs Dask (``pip install 'socinvest[dask]'``)."""


class ExecutorError(RuntimeError):
    """An executor that cannot be made (e.g. Dask not installed, no scheduler at the
    address); the message says what to do."""


@runtime_checkable
class Executor(Protocol):
    """Maps a function over tasks; results in the tasks' order."""

    @property
    def workers(self) -> int:
        """How many tasks can run at once (at least 1)."""
        ...

    @property
    def in_process(self) -> bool:
        """Whether tasks run in this process (threads or one after the other), sharing its
        memory (then a task's arguments are not copied)."""
        ...

    def map(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> list[R]:
        """``[fn(t) for t in tasks]``, computed by the executor's workers; ``progress(done,
        total)`` after each finished task (``total``: default ``len(tasks)``, else the tasks
        submitted so far). Each task is submitted as soon as ``tasks`` yields it, so a
        generator that prepares the next task overlaps with the work of those before it.
        The first task that raises stops the map (the exception is raised here; tasks not
        yet started are cancelled)."""
        ...

    def map_with(
        self,
        fn: Callable[[C, T], R],
        common: C,
        tasks: Iterable[T],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> list[R]:
        """``[fn(common, t) for t in tasks]``, as :meth:`map`; ``common`` (inputs every task
        needs) is sent to each worker once where the executor can (Dask: a broadcast), not
        with every task."""
        ...

    @property
    def sends_common_once(self) -> bool:
        """Whether :meth:`map_with` sends ``common`` once per worker (in this process, or a
        Dask broadcast) rather than with every task (a local process pool)."""
        ...

    def close(self) -> None:
        """Release the workers (and a cluster the executor started)."""
        ...

    def __enter__(self) -> Executor: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


class _Closing:
    """``with executor:`` closes it."""

    def close(self) -> None:  # pragma: no cover - overridden
        pass

    def __enter__(self: Any) -> Any:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _total(tasks: Iterable[Any], total: int | None) -> int | None:
    if total is not None:
        return total
    return len(tasks) if isinstance(tasks, Sized) else None


def _submit_all(
    tasks: Iterable[T],
    submit: Callable[[T], Any],
    futures: list[Any],
    cancel: Callable[[], None],
) -> None:
    """Submit each task as it comes; if preparing a task fails, cancel those submitted."""
    try:
        for task in tasks:
            futures.append(submit(task))
    except BaseException:
        cancel()
        raise


def _collect(
    futures: Sequence[Any],
    completed: Callable[[Sequence[Any]], Any],
    progress: Progress | None,
    cancel: Callable[[], None],
    total: int | None,
) -> None:
    """Wait for every future, reporting progress as they finish; on the first error cancel
    the rest and raise it."""
    count = total if total is not None else len(futures)
    done = 0
    try:
        for future in completed(futures):
            future.result()  # raises the task's exception
            done += 1
            if progress is not None:
                progress(done, count)
    except BaseException:
        cancel()
        raise


class LocalExecutor(_Closing):
    """Tasks on this machine: one after the other in this process (``workers=1``, the
    default), or in a pool of ``workers`` threads (``kind="threads"``) or processes
    (``kind="processes"``, :class:`concurrent.futures.ProcessPoolExecutor` whose workers are
    started by a fork server where the platform has one, else spawned: never forked from
    this process, which may already run OpenMP or other threads (a fork of a process using
    GNU OpenMP aborts the child))."""

    def __init__(self, workers: int = 1, kind: Literal["threads", "processes"] = "threads") -> None:
        if workers < 1:
            raise ValueError(f"expected at least 1 worker, found {workers}")
        if kind not in ("threads", "processes"):
            raise ValueError(f"expected kind 'threads' or 'processes', found {kind!r}")
        self._workers = workers
        self.kind = kind
        self._pool: FuturesExecutor | None = None

    @property
    def workers(self) -> int:
        return self._workers

    @property
    def in_process(self) -> bool:
        return self._workers == 1 or self.kind == "threads"

    def _get_pool(self) -> FuturesExecutor:
        if self._pool is None:
            if self.kind == "threads":
                self._pool = ThreadPoolExecutor(max_workers=self._workers)
            else:
                self._pool = ProcessPoolExecutor(
                    max_workers=self._workers, mp_context=_process_context()
                )
        return self._pool

    def map(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> list[R]:
        total = _total(tasks, total)
        if self._workers == 1:
            results = []
            for done, task in enumerate(tasks, start=1):
                results.append(fn(task))
                if progress is not None:
                    progress(done, total if total is not None else done)
            return results
        pool = self._get_pool()
        futures: list[Future[R]] = []

        def cancel() -> None:
            for future in futures:
                future.cancel()

        _submit_all(tasks, lambda task: pool.submit(fn, task), futures, cancel)
        _collect(futures, as_completed, progress, cancel, total)
        return [future.result() for future in futures]

    def map_with(
        self,
        fn: Callable[[C, T], R],
        common: C,
        tasks: Iterable[T],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> list[R]:
        # In a process pool, common goes with every task (pickled each time).
        return self.map(functools.partial(fn, common), tasks, progress, _total(tasks, total))

    @property
    def sends_common_once(self) -> bool:
        return self.in_process

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __repr__(self) -> str:
        return f"LocalExecutor(workers={self._workers}, kind={self.kind!r})"


LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    # Each server (the scheduler, every nanny and worker) checks its event loop's latency
    # every 20 ms by default, for diagnostics nobody reads here; warnings of a blocked loop
    # (after ``distributed.admin.tick.limit``, 3 s) still come.
    "distributed.admin.tick.interval": "500ms",
    # The system monitor (psutil: memory, CPU, network, disk) samples every 500 ms for the
    # dashboard's plots; there is no dashboard. The workers' heartbeats still carry it.
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.system-monitor.disk": False,
    # Polling the GIL every millisecond (with gilknocker installed) is for the dashboard too.
    "distributed.admin.system-monitor.gil.enabled": False,
    # How often a worker (and its nanny) read its memory use against the spill, pause and
    # terminate thresholds (default 100 ms): a task here holds a few MB.
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask settings for a :class:`distributed.LocalCluster` that :class:`DaskExecutor` starts
(never for a cluster at an address, which is configured by whoever runs it). Together they
cut what an idle cluster of 2 worker processes costs from about 0.07 to 0.015 CPU-seconds
per second (this process: scheduler, nannies, client; and the workers), CPU the workers
would otherwise share with them (benchmarks/README.md, W4)."""


def _process_context() -> multiprocessing.context.BaseContext:
    """A fork server where the platform offers one (POSIX), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class DaskExecutor(_Closing):
    """Tasks on a Dask cluster: the scheduler at ``address`` (``tcp://host:port``), or, with
    no address, a :class:`distributed.LocalCluster` of ``n_workers`` workers with
    ``threads_per_worker`` threads each (``processes=False``: workers are threads of this
    process), started now and closed with the executor; its workers' statistical profiler
    is off unless ``worker_profile`` (it has no dashboard to show it), and its housekeeping
    runs less often (:data:`LOCAL_CLUSTER_CONFIG`).

    Raises
    ------
    ExecutorError
        When Dask is not installed (naming the extra to install) or no scheduler answers at
        ``address`` within ``timeout`` seconds.
    """

    def __init__(
        self,
        address: str | None = None,
        *,
        n_workers: int = 2,
        threads_per_worker: int = 1,
        processes: bool = True,
        timeout: float = 10.0,
        worker_profile: bool = False,
    ) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ExecutorError(
                "running on a Dask cluster needs Dask: "
                f"pip install 'socinvest[{DASK_EXTRA}]' (or: pip install 'dask[distributed]')"
            ) from exc
        self.address = address
        self._cluster: Any = None
        if address is None:
            if n_workers < 1 or threads_per_worker < 1:
                raise ValueError(
                    f"expected at least 1 worker and 1 thread per worker, found {n_workers} "
                    f"and {threads_per_worker}"
                )
            import dask

            # Without a dashboard nobody reads the workers' statistical profiler, which
            # samples every running task's stack every 10 ms: off, it cuts the workers' CPU
            # outside the tasks by about a third (benchmarks/bench_individual_dask.py). The
            # servers read these settings when they start (a Nanny hands its configuration
            # on to its worker), so they hold for this cluster only.
            settings = {
                **LOCAL_CLUSTER_CONFIG,
                "distributed.worker.profile.enabled": worker_profile,
            }
            with dask.config.set(settings):
                self._cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=n_workers,
                    threads_per_worker=threads_per_worker,
                    processes=processes,
                    dashboard_address=None,
                    # Worker processes talk to the scheduler on this machine only; threads
                    # in this process use the in-process transport.
                    **({"host": "127.0.0.1"} if processes else {}),
                )
            target: Any = self._cluster
        else:
            target = address
        try:
            self.client: Any = Client(  # type: ignore[no-untyped-call]
                target, timeout=timeout, set_as_default=False
            )
        except (OSError, TimeoutError) as exc:
            if self._cluster is not None:
                self._cluster.close()
            raise ExecutorError(
                f"no Dask scheduler answered at {address} within {timeout:g} s: {exc}"
            ) from exc

    @property
    def workers(self) -> int:
        info = self.client.scheduler_info()
        threads = sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())
        return max(1, threads)

    @property
    def in_process(self) -> bool:
        return False

    def map(
        self,
        fn: Callable[[T], R],
        tasks: Iterable[T],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> list[R]:
        return self._run(fn, tasks, progress, total, ())

    def _run(
        self,
        fn: Callable[..., R],
        tasks: Iterable[Any],
        progress: Progress | None,
        total: int | None,
        prefix: tuple[Any, ...],
    ) -> list[R]:
        from distributed import as_completed as dask_completed

        total = _total(tasks, total)
        futures: list[Any] = []

        def cancel() -> None:
            if futures:
                self.client.cancel(futures)

        # pure=False: every task runs (no result reused by a hash of the arguments).
        _submit_all(
            tasks, lambda task: self.client.submit(fn, *prefix, task, pure=False), futures, cancel
        )
        if not futures:
            return []

        def completed(fs: Sequence[Any]) -> Any:
            # The client's loop: the executor's client is not the process's default one.
            return dask_completed(fs, loop=self.client.loop)  # type: ignore[no-untyped-call]

        _collect(futures, completed, progress, cancel, total)
        return list(self.client.gather(futures))

    def map_with(
        self,
        fn: Callable[[C, T], R],
        common: C,
        tasks: Iterable[T],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> list[R]:
        # Sent once to every worker; each task refers to it.
        # (A future among a task's arguments is replaced by its value on the worker.)
        shared = self.client.scatter(common, broadcast=True, hash=False)
        try:
            return self._run(fn, tasks, progress, total, (shared,))
        finally:
            self.client.cancel([shared])

    @property
    def sends_common_once(self) -> bool:
        return True

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __repr__(self) -> str:
        where = self.address if self.address is not None else "LocalCluster"
        return f"DaskExecutor({where})"


def make_executor(
    workers: int = 1,
    cluster: str | None = None,
    local_cluster: int | None = None,
    threads_per_worker: int = 1,
) -> Executor:
    """The executor the command line's options ask for: ``cluster`` (an address) a
    :class:`DaskExecutor` there, ``local_cluster`` a Dask :class:`~distributed.LocalCluster`
    of that many worker processes, else a :class:`LocalExecutor` of ``workers`` threads.

    Raises
    ------
    ValueError
        When more than one is asked for, or a number below 1.
    ExecutorError
        As :class:`DaskExecutor`.
    """
    if cluster is not None and local_cluster is not None:
        raise ValueError("expected --cluster or --local-cluster, not both")
    if cluster is not None:
        if not cluster.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise ValueError(
                f"expected a scheduler address such as tcp://host:8786, found {cluster!r}"
            )
        return DaskExecutor(cluster)
    if local_cluster is not None:
        if local_cluster < 1:
            raise ValueError(f"expected at least 1 local worker, found {local_cluster}")
        return DaskExecutor(n_workers=local_cluster, threads_per_worker=threads_per_worker)
    return LocalExecutor(workers, "threads")


def default_workers() -> int:
    """One worker per CPU of this machine."""
    return os.cpu_count() or 1
