"""The execution layer: where the work runs (docs/execution.md).

One seam, :class:`~socinvest.execution.executors.Executor` (map a picklable function over
picklable tasks, results in the tasks' order), with a local executor by default and a Dask
one as an optional extra; the probabilistic analysis spread over it in spans of draws
(:mod:`socinvest.execution.psa`), and many scenarios run as one batch
(:mod:`socinvest.execution.batch`). Results are bit for bit the same whatever the executor
or the number of workers: every reduction is done in the tasks' fixed order.

This layer sits beside ``reports`` and ``store`` (above ``analysis``, below ``cli`` and
``web``); it imports Dask only when a Dask executor is made.
"""
