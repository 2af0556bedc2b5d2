"""Long work (draws, reports) off the request threads: a thread pool and an in-memory table
of jobs, each owned by the user who started it, with its progress for the page to poll.

A job's result lives in memory only (a restart loses the job, not saved work: a run that a
job saves is in the store when the job says it is done). The table keeps the newest
:data:`KEEP` jobs.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

KEEP = 200
"""Jobs kept in the table; older finished ones are forgotten."""

MAX_RUNNING_PER_USER = 2
"""Jobs one user asked for (a run, a report, a comparison...) that may be waiting or running
at once."""

MAX_PAGE_JOBS_PER_USER = 4
"""Jobs that opening pages started by themselves (a version's results and its charts: two
pages' worth) that one user may have waiting or running at once. They are counted apart from
the jobs the user asked for, so that opening a version's page, which starts two, leaves the
user free to run or report it at once; and they are shared: opening the page again while its
jobs are unfinished starts none."""

Progress = Callable[[int, int], None]

LOG = logging.getLogger(__name__)


@dataclass
class Job:
    """One piece of long work: who started it, what it is, how far it is, its outcome."""

    id: str
    owner: int
    kind: str
    title: str
    key: str | None = None
    """A job a page started by itself: what it computes (see :meth:`JobTable.start`)."""
    done: int = 0
    total: int = 0
    state: str = "waiting"  # waiting | running | done | failed
    result: Any = None
    error: str | None = None
    link: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def progress(self, done: int, total: int) -> None:
        """The work's progress callback."""
        with self.lock:
            self.done, self.total = done, total

    @property
    def percent(self) -> int:
        """How far, 0 to 100."""
        return 0 if self.total <= 0 else min(100, round(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        """Whether the job is done or failed."""
        return self.state in ("done", "failed")


class BusyError(Exception):
    """The user has :data:`MAX_RUNNING_PER_USER` jobs (or, for a page's own job,
    :data:`MAX_PAGE_JOBS_PER_USER`) waiting or running already."""


class JobTable:
    """The jobs of one application, run by ``workers`` threads."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="socinvest-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def start(
        self,
        owner: int,
        kind: str,
        title: str,
        work: Callable[[Job], Any],
        describe_error: Callable[[Exception], str | None],
        key: str | None = None,
    ) -> Job:
        """Queue ``work(job)``; its return value becomes ``job.result``. An exception that
        ``describe_error`` describes (a message for the user) fails the job with it; any
        other fails it with a generic message and is logged with its traceback.

        ``key`` marks a job that a page starts by itself when it is opened (what it computes,
        e.g. a version's content hash): while ``owner`` has an unfinished job of the same
        ``kind`` and ``key``, that job is returned and nothing new starts; such jobs count
        against :data:`MAX_PAGE_JOBS_PER_USER`, the others against
        :data:`MAX_RUNNING_PER_USER`.

        Raises
        ------
        BusyError
            If ``owner`` has too many unfinished jobs of the kind counted.
        """
        with self._lock:
            unfinished = [j for j in self._jobs.values() if j.owner == owner and not j.finished]
            if key is not None:
                for existing in unfinished:
                    if existing.key == key and existing.kind == kind:
                        return existing
            busy = sum(1 for j in unfinished if (j.key is None) == (key is None))
            if busy >= (MAX_RUNNING_PER_USER if key is None else MAX_PAGE_JOBS_PER_USER):
                raise BusyError
            job = Job(id=secrets.token_urlsafe(12), owner=owner, kind=kind, title=title, key=key)
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP:
                oldest = next(iter(self._jobs))
                if not self._jobs[oldest].finished:
                    break
                del self._jobs[oldest]

        def run() -> None:
            job.state = "running"
            try:
                job.result = work(job)
            except Exception as exc:
                message = describe_error(exc)
                job.error = message or "internal error"
                job.state = "failed"
                if message is None:
                    LOG.exception("job %s (%s) failed", job.id, job.kind)
                return
            job.state = "done"

        self._pool.submit(run)
        return job

    def get(self, owner: int, job_id: str) -> Job | None:
        """The job ``job_id`` if ``owner`` started it."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def shutdown(self) -> None:
        """Stop taking work; wait for the running jobs."""
        self._pool.shutdown(wait=True, cancel_futures=True)
