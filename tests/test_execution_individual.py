"""The individual-level engine spread over the execution layer (issue 16 items 3-4,
:mod:`socinvest.execution.individual`): bit for bit the plain local run on serial, thread,
process and Dask executors and for 1, 4 and 16 tasks; ``socinvest run --engine individual``
with ``--workers``/``--local-cluster`` through the real entry point."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from clitools import run_cli
from socinvest.analysis.individual import (
    IndividualResults,
    analyse_individual,
    plan_individual,
)
from socinvest.core.cohort_kernel import numba_available
from socinvest.execution.executors import DaskExecutor, Executor, LocalExecutor
from socinvest.execution.individual import (
    BlockTask,
    analyse_individual_on,
    default_tasks,
    run_block_task,
    run_plan_on,
    task_threads,
)
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.scenario.model import Scenario

ENGINES = ["numpy", *(["numba"] if numba_available() else [])]
FAST = ENGINES[-1]
EXAMPLE = "parenting-programme"
DOCS_EXAMPLE = Path(__file__).resolve().parent.parent / "docs/examples/individual-attributes.yaml"
INDIVIDUALS = 2000
BLOCK = 100  # 20 blocks: 16 tasks still differ from 4 and from 1


def _has_dask() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


needs_dask = pytest.mark.skipif(not _has_dask(), reason="needs the extra socinvest[dask]")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return parse_scenario(example_text(EXAMPLE), f"example:{EXAMPLE}")


@pytest.fixture(scope="module")
def reference(scenario: Scenario) -> IndividualResults:
    return analyse_individual(
        scenario, individuals=INDIVIDUALS, seed=7, block_size=BLOCK, engine="numpy"
    )


def assert_identical(a: IndividualResults, b: IndividualResults) -> None:
    """Every count and every figure equal, bit for bit."""
    assert np.array_equal(a.occupancy, b.occupancy)
    assert np.array_equal(a.entries, b.entries)
    assert np.array_equal(a.persons, b.persons)
    assert a.npv == b.npv
    assert a.npv_se == b.npv_se
    for x, y in zip(a.results.run.alternatives, b.results.run.alternatives, strict=True):
        assert np.array_equal(x.ledger, y.ledger)
        assert np.array_equal(x.person_years, y.person_years)


def _spread(executor: Executor, scenario: Scenario, tasks: int, engine: str) -> IndividualResults:
    return analyse_individual_on(
        executor,
        scenario,
        individuals=INDIVIDUALS,
        seed=7,
        block_size=BLOCK,
        tasks=tasks,
        engine=engine,
    )


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "executor",
    [LocalExecutor(1), LocalExecutor(3, "threads")],
    ids=repr,
)
def test_local_workers_and_any_number_of_tasks_are_bit_identical(
    executor: Executor, engine: str, scenario: Scenario, reference: IndividualResults
) -> None:
    with executor:
        for tasks in (1, 4, 16):
            assert_identical(_spread(executor, scenario, tasks, engine), reference)


def test_worker_processes_are_bit_identical(
    scenario: Scenario, reference: IndividualResults
) -> None:
    with LocalExecutor(2, "processes") as executor:
        for tasks in (1, 4, 16):
            assert_identical(_spread(executor, scenario, tasks, FAST), reference)


@needs_dask
def test_a_dask_local_cluster_is_bit_identical(
    scenario: Scenario, reference: IndividualResults
) -> None:
    with DaskExecutor(n_workers=2, processes=False) as executor:
        assert task_threads(executor) == 1  # the workers, not the kernel, share the work
        # No dashboard, so no statistical profiler sampling the tasks' stacks.
        profiling = executor.client.run(
            lambda dask_worker: "profile" in dask_worker.periodic_callbacks
        )
        assert len(profiling) == 2 and not any(profiling.values())
        for tasks in (1, 4, 16):
            assert_identical(_spread(executor, scenario, tasks, FAST), reference)


@needs_dask
def test_two_dask_worker_processes_are_bit_identical(
    scenario: Scenario, reference: IndividualResults
) -> None:
    import dask

    default_tick = dask.config.get("distributed.admin.tick.interval")
    with DaskExecutor(n_workers=2, processes=True) as executor:
        # The cluster's housekeeping runs less often (LOCAL_CLUSTER_CONFIG), in the worker
        # processes (handed on by their nannies) as in the scheduler; this process's own
        # configuration is as it was.
        timers = executor.client.run(
            lambda dask_worker: (
                dask_worker.periodic_callbacks["tick"].callback_time,
                dask_worker.periodic_callbacks["monitor"].callback_time,
                dask_worker.memory_manager.memory_monitor_interval,
            )
        )
        assert sorted(timers.values()) == [(500.0, 5000.0, 1.0)] * 2
        scheduler = executor._cluster.scheduler
        assert scheduler.periodic_callbacks["tick"].callback_time == 500.0
        assert dask.config.get("distributed.admin.tick.interval") == default_tick
        assert_identical(_spread(executor, scenario, 16, FAST), reference)


def test_draws_with_varied_parameters_are_bit_identical(scenario: Scenario) -> None:
    """Each draw's own parameter values are compiled on the worker; the draws' counts and
    NPVs are those of the plain run."""
    options = {"individuals": 300, "draws": 3, "seed": 5, "block_size": 100}
    plain = analyse_individual(scenario, vary_parameters=True, engine=FAST, **options)
    assert plain.occupancy.shape[0] == 3 and plain.plan.blocks == 9
    with LocalExecutor(2, "threads") as executor:
        spread = analyse_individual_on(
            executor, scenario, vary_parameters=True, tasks=4, engine=FAST, **options
        )
    assert_identical(spread, plain)


def test_progress_counts_the_blocks_up_to_all(scenario: Scenario) -> None:
    plan = plan_individual(scenario, individuals=INDIVIDUALS, seed=7, block_size=BLOCK)
    seen: list[tuple[int, int]] = []
    with LocalExecutor(2, "threads") as executor:
        run_plan_on(executor, plan, tasks=6, progress=lambda d, t: seen.append((d, t)))
    assert len(seen) == 6
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1] == (plan.blocks, plan.blocks)
    assert all(t == plan.blocks for _, t in seen)


def test_tasks_are_whole_blocks_and_refuse_nonsense(scenario: Scenario) -> None:
    plan = plan_individual(scenario, individuals=INDIVIDUALS, seed=7, block_size=BLOCK)
    assert default_tasks(plan.blocks, 2) == 8
    assert default_tasks(3, 16) == 3  # never more tasks than blocks
    assert task_threads(LocalExecutor(1)) is None  # alone: every core, as the plain run
    assert task_threads(LocalExecutor(2, "threads")) == 1
    task = pickle.loads(pickle.dumps(BlockTask(3, 5, 1, "numpy")))
    part = run_block_task(plan, task)
    assert (part.first_block, part.stop_block) == (3, 5)
    assert int(part.persons.sum()) == 2 * BLOCK
    with LocalExecutor(1) as executor, pytest.raises(ValueError, match="at least 1 task"):
        run_plan_on(executor, plan, tasks=0)


def _modules_after_run(*args: str | Path) -> set[str]:
    """The modules a ``socinvest run ARGS`` in a fresh interpreter has loaded."""
    code = (
        "import json, sys\n"
        f"sys.argv = ['socinvest', 'run', {', '.join(repr(str(a)) for a in args)}]\n"
        "from socinvest.cli.main import app\n"
        "try:\n"
        "    app()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SOCINVEST_LANG": "en"},
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_cli_individual_engine_on_workers_gives_the_same_json() -> None:
    args = (
        "run",
        DOCS_EXAMPLE,
        "--engine",
        "individual",
        "--individuals",
        "9000",
        "--draws",
        "2",
        "-f",
        "json",
    )
    plain = run_cli(*args)
    assert plain.returncode == 0, plain.describe()
    assert plain.json()["individual"]["draws"] == 2
    spread = run_cli(*args, "--workers", "2")
    assert spread.returncode == 0, spread.describe()
    assert spread.stdout == plain.stdout
    # ... and the blocks really went through the executor.
    assert "socinvest.execution.individual" in _modules_after_run(*args[1:], "--workers", "2")
    assert "socinvest.execution.individual" not in _modules_after_run(*args[1:])


@needs_dask
def test_cli_individual_engine_on_a_local_cluster_gives_the_same_json() -> None:
    args = ("run", DOCS_EXAMPLE, "--engine", "individual", "--individuals", "9000", "-f", "json")
    plain = run_cli(*args)
    spread = run_cli(*args, "--local-cluster", "2")
    assert plain.returncode == 0, plain.describe()
    assert spread.returncode == 0, spread.describe()
    assert spread.stdout == plain.stdout
    assert plain.json()["individual"]["individuals"] == 9000


@needs_dask
def test_cli_individual_engine_on_a_cluster_at_an_address_gives_the_same_json() -> None:
    from distributed import LocalCluster

    args = ("run", DOCS_EXAMPLE, "--engine", "individual", "--individuals", "9000", "-f", "json")
    # A scheduler on a free port of this machine, its workers threads of this process.
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
    ) as cluster:
        spread = run_cli(*args, "--cluster", cluster.scheduler_address)
    plain = run_cli(*args)
    assert spread.returncode == 0, spread.describe()
    assert plain.returncode == 0, plain.describe()
    assert spread.stdout == plain.stdout


def test_cli_individual_engine_refuses_both_cluster_options() -> None:
    both = run_cli(
        "run", "--engine", "individual", "--cluster", "tcp://x:1", "--local-cluster", "2"
    )
    assert both.returncode == 2, both.describe()


# --------------------------------------------------------------------------------------------
# socinvest batch --engine individual


BATCH_EXAMPLES = ("parenting-programme", "school-attendance")


@pytest.fixture(scope="module")
def two_municipalities(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("municipalities")
    for name in BATCH_EXAMPLES:
        (folder / f"{name}.yaml").write_text(example_text(name), encoding="utf-8")
    return folder


def test_a_batch_on_the_individual_engine_equals_each_scenario_alone(
    two_municipalities: Path,
) -> None:
    from socinvest.execution.batch import load_batch, run_batch
    from socinvest.params.library import default_library

    library = default_library()
    items = load_batch([two_municipalities], library)
    with LocalExecutor(2) as executor:
        spread = run_batch(executor, items, library, 2, engine="individual", individuals=3000)
    with LocalExecutor(1) as executor:
        here = run_batch(executor, items, library, 2, engine="individual", individuals=3000)
    assert spread == here
    for item, result in zip(items, spread, strict=True):
        alone = analyse_individual(
            item.scenario, library, individuals=3000, draws=2, vary_parameters=True
        )
        assert result.engine == "individual" and result.individuals == 3000
        assert result.draws == 2 and result.seed == alone.plan.seed
        for alt in result.alternatives:
            for s in alt.scopes:
                assert s.npv == alone.npv[alt.alternative][s.scope]
                assert s.npv_se == alone.npv_se[alt.alternative][s.scope]
                assert s.psa is None
    with LocalExecutor(1) as executor, pytest.raises(ValueError, match="engine"):
        run_batch(executor, items, library, engine="agent")


def test_batch_command_on_the_individual_engine(two_municipalities: Path, tmp_path: Path) -> None:
    out = tmp_path / "batch.csv"
    done = run_cli(
        "batch",
        two_municipalities,
        "--engine",
        "individual",
        "--individuals",
        "5000",
        "--workers",
        "2",
        "--out",
        out,
        "-f",
        "json",
    )
    assert done.returncode == 0, done.describe()
    data = done.json()
    first = data["scenarios"][0]
    assert first["engine"] == "individual" and first["individuals"] == 5000
    assert first["draws"] == 0  # one population by default with this engine
    alone = run_cli(
        "run",
        two_municipalities / f"{BATCH_EXAMPLES[0]}.yaml",
        "--engine",
        "individual",
        "--individuals",
        "5000",
        "-f",
        "json",
    )
    assert alone.returncode == 0, alone.describe()
    info = alone.json()["individual"]
    for alt in first["alternatives"]:
        assert alt["psa"] is None
        assert alt["npv"] == info["npv"][alt["id"]]
        assert alt["npv_se"] == info["npv_standard_error"][alt["id"]]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",engine,individuals,npv_se")
    row = lines[1].split(",")
    assert row[-3] == "individual" and row[-2] == "5000" and float(row[-1]) >= 0.0
