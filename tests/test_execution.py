"""The execution layer (issue 16 item 4): one executor seam, the probabilistic analysis
spread over it bit for bit as the plain run, many scenarios as one batch, and the command
line's --workers/--cluster/--local-cluster and ``batch``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from clitools import finite_json, run_cli
from socinvest.analysis.psa import BLOCK_DRAWS, BlockOutputs, PsaResults, plan_psa, run_psa
from socinvest.analysis.results import analyse
from socinvest.execution.batch import (
    BatchInputError,
    BatchItem,
    ScenarioRunError,
    batch_csv,
    load_batch,
    run_batch,
)
from socinvest.execution.executors import DaskExecutor, Executor, LocalExecutor, make_executor
from socinvest.execution.psa import PsaSpan, evaluate_span, psa_runner, run_psa_on
from socinvest.params.library import default_library
from socinvest.scenario.load import example_names, example_text, parse_scenario
from socinvest.scenario.model import Scenario

EXAMPLE = "family-home-school-support"
DRAWS = 1234  # two whole blocks and a short one


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
def reference(scenario: Scenario) -> PsaResults:
    return run_psa(scenario, draws=DRAWS)


def assert_identical(a: PsaResults, b: PsaResults) -> None:
    """Every per-draw array and every summary equal, bit for bit."""
    assert a.draws == b.draws and a.seed == b.seed and a.scopes == b.scopes
    assert a.drawn_parameters == b.drawn_parameters
    for pid, values in a.parameter_draws.items():
        assert np.array_equal(values, b.parameter_draws[pid]), pid
    for alt_id, py in a.person_years.items():
        assert np.array_equal(py, b.person_years[alt_id]), alt_id
    for x, y in zip(a.alternatives, b.alternatives, strict=True):
        assert x.alternative == y.alternative
        assert np.array_equal(x.npv, y.npv)
        assert np.array_equal(x.npv_term, y.npv_term)
        assert np.array_equal(x.person_years_diff, y.person_years_diff)
        assert x.horizon == y.horizon
        assert x.term_of_office == y.term_of_office
        assert x.payback == y.payback


# --------------------------------------------------------------------------------------------
# The seam


def _slow_square(x: int) -> int:
    # Earlier tasks sleep longer, so that they finish last on several workers.
    time.sleep(0.02 * (5 - x))
    return x * x


def _fails_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("task 3 is bad")
    return x


@pytest.mark.parametrize(
    "executor",
    [LocalExecutor(1), LocalExecutor(3, "threads"), LocalExecutor(2, "processes")],
    ids=repr,
)
def test_results_come_back_in_the_tasks_order_with_progress(executor: Executor) -> None:
    seen: list[tuple[int, int]] = []
    with executor:
        assert isinstance(executor, Executor)
        out = executor.map(_slow_square, list(range(5)), progress=lambda d, t: seen.append((d, t)))
    assert out == [0, 1, 4, 9, 16]
    assert seen == [(d, 5) for d in range(1, 6)]


def _scaled(common: dict[str, int], x: int) -> int:
    return common["factor"] * x


@pytest.mark.parametrize("executor", [LocalExecutor(1), LocalExecutor(2, "processes")], ids=repr)
def test_map_with_passes_the_common_inputs_and_takes_a_generator(executor: Executor) -> None:
    with executor:
        out = executor.map_with(_scaled, {"factor": 3}, (x for x in range(4)), total=4)
    assert out == [0, 3, 6, 9]


def test_a_failing_task_stops_the_map_with_its_error() -> None:
    with LocalExecutor(2) as executor, pytest.raises(ValueError, match="task 3 is bad"):
        executor.map(_fails_on_three, list(range(6)))


def test_options_that_cannot_be_met_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1 worker"):
        LocalExecutor(0)
    with pytest.raises(ValueError, match="not both"):
        make_executor(cluster="tcp://127.0.0.1:1", local_cluster=2)
    with pytest.raises(ValueError, match="scheduler address"):
        make_executor(cluster="127.0.0.1:8786")
    assert isinstance(make_executor(3), LocalExecutor)


# --------------------------------------------------------------------------------------------
# The probabilistic analysis, spread


@pytest.mark.parametrize(
    ("workers", "span"),
    [(1, 500), (1, DRAWS), (2, 500), (3, 1000), (2, None)],
)
def test_psa_on_local_workers_is_bit_identical_to_run_psa(
    scenario: Scenario, reference: PsaResults, workers: int, span: int | None
) -> None:
    with LocalExecutor(workers) as executor:
        spread = run_psa_on(executor, scenario, draws=DRAWS, span_draws=span)
    assert_identical(reference, spread)


def test_psa_in_worker_processes_is_bit_identical(
    scenario: Scenario, reference: PsaResults
) -> None:
    # Each process rebuilds the plan's set-up from the pickled inputs (its own hash seed).
    with LocalExecutor(2, "processes") as executor:
        assert_identical(reference, run_psa_on(executor, scenario, draws=DRAWS, span_draws=500))


def test_a_shipped_plan_carries_its_set_up_and_evaluates_the_same(scenario: Scenario) -> None:
    import pickle

    plan = plan_psa(scenario, draws=600)
    spans = plan.spans(500)
    states = plan.row_states(spans)
    plain = pickle.loads(pickle.dumps(plan))
    shipped = pickle.loads(pickle.dumps(plan.shipped()))
    assert plain._setup is None and shipped._setup is not None
    for copy in (plain, shipped):
        parts = [
            evaluate_span(copy, PsaSpan(a, b, st)) for (a, b), st in zip(spans, states, strict=True)
        ]
        assert_identical(
            run_psa(scenario, draws=600), copy.results(BlockOutputs.concatenate(parts))
        )


@needs_dask
def test_psa_on_a_dask_local_cluster_is_bit_identical(
    scenario: Scenario, reference: PsaResults
) -> None:
    with DaskExecutor(n_workers=2, processes=False) as executor:
        assert executor.workers == 2
        spread = run_psa_on(executor, scenario, draws=DRAWS, span_draws=500)
    assert_identical(reference, spread)


@needs_dask
def test_psa_on_two_dask_worker_processes_is_bit_identical(
    scenario: Scenario, reference: PsaResults
) -> None:
    with DaskExecutor(n_workers=2, processes=True) as executor:
        spread = run_psa_on(executor, scenario, draws=DRAWS, span_draws=500)
    assert_identical(reference, spread)


def test_progress_counts_the_draws_up_to_all(scenario: Scenario) -> None:
    seen: list[int] = []
    lock = threading.Lock()

    def progress(done: int, total: int) -> None:
        assert total == 1100
        with lock:
            seen.append(done)

    with LocalExecutor(2) as executor:
        run_psa_on(executor, scenario, draws=1100, span_draws=500, progress=progress)
    assert sorted(seen) == seen and seen[-1] == 1100 and len(seen) == 3


def test_a_plan_refuses_spans_that_are_not_whole_blocks_or_out_of_order(
    scenario: Scenario,
) -> None:
    plan = plan_psa(scenario, draws=1100)
    spans = plan.spans(600)  # rounded up to whole blocks
    assert spans == [(0, 1000), (1000, 1100)]
    states = plan.row_states(spans)
    assert states == plan.row_states(spans)  # the plan's own generators are untouched
    with pytest.raises(ValueError, match="whole blocks"):
        plan.evaluate(BLOCK_DRAWS // 2, 1100, states[0])
    parts = [plan.evaluate(a, b, s) for (a, b), s in zip(spans, states, strict=True)]
    with pytest.raises(ValueError, match="out of order"):
        BlockOutputs.concatenate(parts[::-1])
    with pytest.raises(ValueError, match="draws 0:1100"):
        plan.results(parts[0])
    # Evaluated from the wrong generator states, the drawn transition rows differ.
    wrong = [plan.evaluate(0, 1000, states[0]), plan.evaluate(1000, 1100, states[0])]
    right = plan.results(BlockOutputs.concatenate(parts))
    assert not np.array_equal(
        plan.results(BlockOutputs.concatenate(wrong)).alternatives[0].npv, right.alternatives[0].npv
    )


def test_analyse_with_the_runner_equals_the_plain_analysis(scenario: Scenario) -> None:
    plain = analyse(scenario, draws=600)
    with LocalExecutor(2) as executor:
        spread = analyse(scenario, draws=600, psa_runner=psa_runner(executor, span_draws=500))
    assert plain.psa is not None and spread.psa is not None
    assert_identical(plain.psa, spread.psa)


# --------------------------------------------------------------------------------------------
# Batches


@pytest.fixture(scope="module")
def examples_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("municipalities")
    for name in example_names():
        (folder / f"{name}.yaml").write_text(example_text(name), encoding="utf-8")
    return folder


def test_a_batch_equals_running_each_scenario_alone(examples_folder: Path) -> None:
    library = default_library()
    items = load_batch([examples_folder], library)
    assert [Path(i.source).stem for i in items] == example_names()
    with LocalExecutor(2) as executor:
        results = run_batch(executor, items, library, draws=300)
    for item, result in zip(items, results, strict=True):
        alone = analyse(item.scenario, library, draws=300)
        assert alone.psa is not None
        assert result.source == item.source
        assert result.scenario_hash == alone.scenario_hash
        assert result.parameter_hash == alone.parameter_hash
        assert result.seed == alone.psa.seed == item.scenario.analysis.seed
        assert [a.alternative for a in result.alternatives] == [
            c.alternative for c in alone.comparisons
        ]
        for alt, comparison in zip(result.alternatives, alone.comparisons, strict=True):
            summaries = alone.psa.for_alternative(alt.alternative).horizon
            for scope in alt.scopes:
                assert scope.npv == comparison.horizon[scope.scope].npv
                assert scope.psa == summaries[scope.scope]
    # The CSV holds every digit: read back, the numbers are the same floats.
    rows = batch_csv(results).splitlines()
    first = results[0].alternatives[0].scopes[0]
    assert rows[1].split(",")[4] == repr(first.npv)


def test_a_batch_does_not_depend_on_the_executor(examples_folder: Path) -> None:
    items = load_batch([examples_folder])[:2]
    with LocalExecutor(1) as one:
        serial = run_batch(one, items, draws=200, seed=7)
    with LocalExecutor(2, "processes") as two:
        spread = run_batch(two, items, draws=200, seed=7)
    assert serial == spread
    assert all(r.seed == 7 for r in serial)


def test_every_bad_file_of_a_batch_is_named_before_anything_runs(
    examples_folder: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "kommun-bad.yaml"
    text = example_text(EXAMPLE).replace("start_age:", "start_age: -3 #", 1)
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(BatchInputError) as caught:
        load_batch([examples_folder, bad, tmp_path / "missing.yaml"])
    sources = [e.source for e in caught.value.errors]
    assert sources == [str(bad), str(tmp_path / "missing.yaml")]
    assert "start_age" in str(caught.value)


def test_a_scenario_that_fails_while_running_names_its_file(scenario: Scenario) -> None:
    item = BatchItem("kommun/ett.yaml", scenario)
    with LocalExecutor(1) as executor, pytest.raises(ScenarioRunError) as caught:
        run_batch(executor, [item], draws=2_000_000)  # above the most draws allowed
    assert caught.value.source == "kommun/ett.yaml"
    assert caught.value.problem.field == "--draws"
    assert str(caught.value).startswith("kommun/ett.yaml")


# --------------------------------------------------------------------------------------------
# The command line, through the real entry point


def test_batch_command_writes_one_result_per_scenario(
    examples_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "batch.json"
    done = run_cli("batch", examples_folder, "--draws", "300", "--workers", "2", "--out", out)
    assert done.returncode == 0, done.describe()
    data = finite_json(out.read_text(encoding="utf-8"))
    assert [Path(s["file"]).stem for s in data["scenarios"]] == example_names()
    alone = run_cli("run", examples_folder / f"{EXAMPLE}.yaml", "--draws", "300", "-f", "json")
    assert alone.returncode == 0, alone.describe()
    run_data = alone.json()
    first = next(s for s in data["scenarios"] if Path(s["file"]).stem == EXAMPLE)
    assert first["scenario_hash"] == run_data["meta"]["scenario_hash"]
    assert first["parameter_hash"] == run_data["meta"]["parameter_hash"]
    assert first["seed"] == run_data["meta"]["seed"]
    assert first["version"] == run_data["meta"]["version"]
    alternatives = [a for a in run_data["alternatives"] if a["psa"] is not None]
    for ours, theirs in zip(first["alternatives"], alternatives, strict=True):
        assert ours["id"] == theirs["id"]
        assert ours["npv"]["kommun"] == theirs["vs_comparison"]["npv"]["by_payer"]["kommun"]
        p_gain = theirs["psa"]["npv"]["by_payer"]["kommun"]["p_positive"]
        assert ours["psa"]["kommun"]["p_positive"] == p_gain
    csv_out = tmp_path / "batch.csv"
    done = run_cli("batch", examples_folder, "--draws", "0", "--out", csv_out, "--lang", "en")
    assert done.returncode == 0, done.describe()
    assert "Results written to" in done.stdout
    assert csv_out.read_text(encoding="utf-8").startswith("file,scenario_id,alternative,scope")


def test_batch_command_refuses_a_bad_file_by_name_and_writes_nothing(
    examples_folder: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "kommun-bad.yaml"
    bad.write_text(example_text(EXAMPLE).replace("start_age:", "start_age: -3 #", 1), "utf-8")
    out = tmp_path / "batch.csv"
    done = run_cli("batch", examples_folder, bad, "--out", out, "--lang", "en")
    assert done.returncode == 2, done.describe()
    assert f"{bad}:" in done.stderr and "start_age" in done.stderr
    assert "not run" in done.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".batch*"))  # no temporary file left either
    failing = run_cli("batch", bad.parent / "nothing-here", "-f", "json")
    assert failing.returncode == 2
    assert failing.json()["problems"][0]["file"].endswith("nothing-here")


def test_run_with_workers_gives_the_same_json_as_without(tmp_path: Path) -> None:
    plain = run_cli("run", "--draws", "700", "-f", "json")
    spread = run_cli("run", "--draws", "700", "--workers", "2", "-f", "json")
    assert plain.returncode == 0 and spread.returncode == 0, spread.describe()
    assert plain.stdout == spread.stdout


@needs_dask
def test_run_on_a_dask_cluster_at_an_address_gives_the_same_json() -> None:
    from distributed import LocalCluster

    # A scheduler on a free port of this machine, its worker a thread of this process.
    with LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        scheduler_port=0,
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        spread = run_cli("run", "--draws", "600", "--cluster", address, "-f", "json")
    plain = run_cli("run", "--draws", "600", "-f", "json")
    assert spread.returncode == 0, spread.describe()
    assert plain.stdout == spread.stdout


def test_an_unreachable_cluster_or_bad_options_are_errors() -> None:
    both = run_cli("run", "--draws", "10", "--cluster", "tcp://x:1", "--local-cluster", "2")
    assert both.returncode == 2, both.describe()
    address = run_cli("run", "--draws", "10", "--cluster", "localhost:8786")
    assert address.returncode == 2 and "tcp://" in address.stderr


def _modules_after_run(*args: str) -> set[str]:
    code = (
        "import json, sys\n"
        f"sys.argv = ['socinvest', 'run', {', '.join(repr(a) for a in args)}]\n"
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


def test_run_on_local_workers_does_not_import_dask() -> None:
    loaded = _modules_after_run("--draws", "20", "--workers", "2", "-f", "json")
    assert "socinvest.execution.executors" in loaded
    assert "distributed" not in loaded and "dask" not in loaded
