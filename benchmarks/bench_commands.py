"""W5: the wall time of the commands a user waits for (issue 16 item 1's budgets). Prints
figures; asserts nothing.

    python benchmarks/bench_commands.py               # 7 runs of each command
    python benchmarks/bench_commands.py --repeats 15

Each command runs in a fresh process (``python -m socinvest.cli.main ...`` through
:mod:`subprocess`, so the interpreter's start and every import are in the figure, as a user
sees them); the best and the median of ``--repeats`` runs are printed beside the budget, with
the median CPU time (user + system of the child process, from
``resource.getrusage(RUSAGE_CHILDREN)``), which other work on the machine disturbs less. One
run of each command before the timed ones warms the file cache and, as on a user's machine,
writes socinvest's compiled modules (``__pycache__``): the commands run without
``PYTHONDONTWRITEBYTECODE``, which this environment sets and which would otherwise compile
every module from source at every start. The load average is printed before and after: other
work on the machine slows every figure, the best of the runs least.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = "parenting-programme"


def commands(folder: Path) -> list[tuple[str, list[str], float]]:
    """The commands timed: (label, arguments after ``socinvest``, budget in seconds)."""
    scenario = folder / f"{EXAMPLE}.yaml"
    return [
        ("socinvest --help", ["--help"], 0.3),
        (f"socinvest validate {scenario.name}", ["validate", str(scenario)], 0.3),
        ("socinvest run", ["run"], 0.5),
        ("socinvest report --out x.html", ["report", "--out", str(folder / "x.html")], 2.0),
    ]


BASELINES = [
    ("python -c pass (the interpreter's start)", ["-c", "pass"]),
    (
        "python: import typer, pydantic, numpy",
        ["-c", "import numpy, pydantic, typer, typer._adapters"],
    ),
]
"""Floors, not socinvest's work: a fresh interpreter, and the libraries every command needs
(Typer imports pydantic itself)."""


def wall_time(arguments: list[str]) -> tuple[float, float]:
    """The wall time and the CPU time (user + system, seconds) of one ``socinvest`` process;
    fails if the command fails.

    The CPU time is the difference of ``resource.getrusage(RUSAGE_CHILDREN)`` around the run
    (this script starts no other child meanwhile); it counts every thread of the process and
    is less sensitive than the wall time to other work on the machine.
    """
    return process_time([sys.executable, "-m", "socinvest.cli.main", *arguments])


ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The commands' environment: compiled modules written and read, as a user's Python does."""


def process_time(command: list[str]) -> tuple[float, float]:
    """The wall time and the CPU time of one process running ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENVIRONMENT,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="socinvest-bench-"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "socinvest.cli.main",
            "example",
            EXAMPLE,
            "--out",
            str(folder / f"{EXAMPLE}.yaml"),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, {args.repeats} runs each")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(f"{'command':<44}{'best':>8}{'median':>8}{'cpu':>8}{'budget':>8}  met")
    all_met = True
    for label, arguments, budget in commands(folder):
        wall_time(arguments)  # warm the file cache
        runs = [wall_time(arguments) for _ in range(args.repeats)]
        times = [wall for wall, _ in runs]
        best, median = min(times), statistics.median(times)
        cpu = statistics.median(cpu for _, cpu in runs)
        met = median < budget
        all_met &= met
        print(
            f"{label:<44}{best:>7.3f}s{median:>7.3f}s{cpu:>7.3f}s{budget:>7.1f}s  "
            f"{'yes' if met else 'NO'}{'' if met or best >= budget else ' (best yes)'}"
        )
    for label, arguments in BASELINES:
        runs = [process_time([sys.executable, *arguments]) for _ in range(args.repeats)]
        times = [wall for wall, _ in runs]
        print(
            f"{label:<44}{min(times):>7.3f}s{statistics.median(times):>7.3f}s"
            f"{statistics.median(cpu for _, cpu in runs):>7.3f}s"
        )
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print("all budgets met (median)" if all_met else "some budgets not met (median)")


if __name__ == "__main__":
    main()
