"""The executor that ``--workers``, ``--cluster`` and ``--local-cluster`` ask for
(:mod:`socinvest.execution`); Dask is imported only when one of the last two is given."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from socinvest.cli.common import fail
from socinvest.i18n import N_, translator
from socinvest.params.errors import InputError, Problem

if TYPE_CHECKING:
    from socinvest.execution.executors import Executor


def wants_executor(workers: int, cluster: str | None, local_cluster: int | None) -> bool:
    """Whether the options ask for anything but the plain run in this process."""
    return workers > 1 or cluster is not None or local_cluster is not None


@contextmanager
def opened_executor(
    workers: int,
    cluster: str | None,
    local_cluster: int | None,
    lang: str,
    as_json: bool = False,
) -> Iterator[Executor]:
    """The executor, closed after the ``with`` block; bad options are bad input (exit 2), a
    missing Dask or a scheduler that does not answer an error (exit 1)."""
    from socinvest.execution.executors import ExecutorError, make_executor

    _ = translator(lang)
    if cluster is not None and local_cluster is not None:
        problem = Problem.of("--cluster", N_("expected --cluster or --local-cluster, not both"))
        fail(InputError("--cluster", [problem]), lang, as_json)
    if cluster is not None and not cluster.startswith(("tcp://", "tls://", "inproc://")):
        problem = Problem.of(
            "--cluster",
            N_("expected a scheduler address such as tcp://host:8786, found {found}"),
            found=repr(cluster),
        )
        fail(InputError("--cluster", [problem]), lang, as_json)
    try:
        executor = make_executor(workers, cluster, local_cluster)
    except ExecutorError as exc:
        typer.secho(
            _("Error: the Dask cluster cannot be used: {error}").format(error=exc),
            err=True,
            fg="red",
        )
        raise typer.Exit(1) from exc
    try:
        yield executor
    finally:
        executor.close()
