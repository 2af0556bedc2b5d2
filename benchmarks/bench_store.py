"""The store against plain files: saving and loading a run with 10 000-draw results, and
listing 10 000 stored runs (issue 13's benchmark). Prints figures; asserts nothing.

    python benchmarks/bench_store.py                      # SQLite in a temporary folder
    python benchmarks/bench_store.py --url postgresql+psycopg://postgres@127.0.0.1/bench

The results are those of the shipped example with ``--draws`` draws (computed once, before any
timer). Saving is :func:`socinvest.store.save_run` (one transaction: scenario version, run,
audit entry), against :func:`socinvest.atomic_files.write_text_atomically` of the same JSON
text; loading is :func:`socinvest.store.get_run` against reading the file. Listing is
:func:`socinvest.store.list_runs` over ``--runs`` stored runs (seeded in one bulk insert with a
small results text, since a listing never reads the results) against reading the ``meta`` of
as many small JSON files in one folder.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from socinvest.analysis.results import analyse
from socinvest.atomic_files import write_text_atomically
from socinvest.reports.results_json import results_json
from socinvest.scenario.load import example_text, parse_scenario
from socinvest.store import get_run, list_runs, open_store, save_run
from socinvest.store.engine import make_engine, upgrade
from socinvest.store.models import Run


def best_of(repeats: int, work: Callable[[], object]) -> float:
    """The shortest of ``repeats`` timings of ``work`` (seconds)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=None, help="database URL (default: a new SQLite file)")
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="socinvest-bench-"))
    url = args.url or f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    store = open_store(url, actor="bench")

    text = example_text("parenting-programme")
    model = parse_scenario(text)
    start = time.perf_counter()
    results = analyse(model, draws=args.draws, seed=1)
    data = results_json(results)
    results_text = json.dumps(data, ensure_ascii=False, indent=2)
    print(f"results of {args.draws} draws: {len(results_text) / 1e6:.2f} MB of JSON "
          f"(analysis {time.perf_counter() - start:.1f} s, not timed below)")
    meta = data["meta"]

    def save() -> int:
        return save_run(store, scenario_text=text, scenario_name="bench", params=(),
                        seed=1, draws=args.draws, package_version=meta["version"],
                        scenario_hash=meta["scenario_hash"],
                        parameter_hash=meta["parameter_hash"], results=results_text).id

    target = folder / "results.json"
    saved = best_of(args.repeats, save)
    written = best_of(args.repeats, lambda: write_text_atomically(target, results_text))
    run_id = save()
    loaded = best_of(args.repeats, lambda: get_run(store, run_id).results)
    read = best_of(args.repeats, lambda: target.read_text(encoding="utf-8"))
    print(f"save  {saved * 1e3:8.2f} ms   plain file write {written * 1e3:8.2f} ms   "
          f"ratio {saved / written:6.1f}")
    print(f"load  {loaded * 1e3:8.2f} ms   plain file read  {read * 1e3:8.2f} ms   "
          f"ratio {loaded / read:6.1f}")

    small = json.dumps({"meta": {k: meta[k] for k in ("version", "seed", "draws")}})
    version_id = 1
    with store.transaction() as session:
        existing = session.get(Run, run_id)
        assert existing is not None
        version_id = existing.scenario_version_id
        now = existing.created_at
        session.bulk_save_objects([
            Run(scenario_version_id=version_id, param_set_id=None, seed=i, draws=args.draws,
                package_version=meta["version"], scenario_hash=meta["scenario_hash"],
                parameter_hash=meta["parameter_hash"], results=small, created_at=now,
                created_by="bench")
            for i in range(args.runs)
        ])
    files = folder / "runs"
    files.mkdir()
    for i in range(args.runs):
        (files / f"{i}.json").write_text(small, encoding="utf-8")

    def scan() -> int:
        return sum(1 for p in files.iterdir()
                   if json.loads(p.read_text(encoding="utf-8"))["meta"]["seed"] >= 0)

    listed = best_of(args.repeats, lambda: list_runs(store))
    scanned = best_of(args.repeats, scan)
    count = len(list_runs(store))
    print(f"list {count} runs {listed * 1e3:8.2f} ms   {args.runs} files' meta "
          f"{scanned * 1e3:8.2f} ms   ratio {listed / scanned:6.2f}")
    store.close()


if __name__ == "__main__":
    main()
