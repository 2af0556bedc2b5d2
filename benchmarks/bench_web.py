"""A load test of the web application on loopback: ``--users`` concurrent users (default
20), each logged in with their own session, for ``--seconds`` (default 60), each request
bounded by a 30 s timeout. Every user keeps opening the pages a viewer opens: the list of
scenarios, a scenario, a version's results per payer (cached after the first calculation),
a stored run, the investments and the JSON API. Prints the number of requests, errors and
the median and 95th percentile response times per kind of page; asserts nothing.

    python benchmarks/bench_web.py                      # SQLite in a temporary folder
    python benchmarks/bench_web.py --users 20 --seconds 60 --url postgresql+psycopg://...

Needs ``pip install 'socinvest[web]'`` and httpx.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx
import uvicorn

from socinvest.scenario.load import example_text
from socinvest.store import open_store, save_scenario
from socinvest.store.engine import make_engine, upgrade
from socinvest.store.scoped import scenarios_in
from socinvest.store.users import create_user, get_user
from socinvest.web import WebSettings, create_app
from socinvest.web.services import store_run

PASSWORD = "load test password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(url: str, users: int) -> tuple[int, int]:
    """A scenario, a stored run and ``users`` viewers in one organisation; the scenario's
    and run's ids."""
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    store = open_store(url, actor="bench")
    version = save_scenario(store, example_text("parenting-programme"), "pp.yaml",
                            organisation_name="Gnesta")
    for i in range(users):
        create_user(store, f"user{i}", PASSWORD, "Gnesta", "viewer")
    orgs = tuple(get_user(store, "user0").roles)
    scenario_id = scenarios_in(store, orgs)[0].id
    run_id = store_run(store, version, 0, None, None)
    store.close()
    return scenario_id, run_id


def log_in(client: httpx.Client, login: str) -> None:
    client.get("/login")
    token = client.cookies.get("socinvest_login_csrf")
    answer = client.post("/login", data={"login": login, "password": PASSWORD,
                                         "csrf_token": token})
    if answer.status_code != 303:
        raise SystemExit(f"{login} could not log in: HTTP {answer.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--url", default=None, help="database URL (default: SQLite, temporary)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'bench.db'}"
        scenario_id, run_id = prepare(url, args.users)
        app = create_app(WebSettings(db=url, secure_cookies=False))
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        pages = {
            "scenarios": "/scenarios",
            "scenario": f"/scenarios/{scenario_id}",
            "results": f"/scenarios/{scenario_id}/versions/1/summary",
            "run": f"/runs/{run_id}",
            "investments": "/investments",
            "api": "/api/scenarios",
        }
        # The results are calculated once (a background job), then cached.
        with httpx.Client(base_url=base, timeout=30) as warm:
            log_in(warm, "user0")
            while "<table>" not in warm.get(pages["results"]).text:
                time.sleep(0.2)
        times: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def user(i: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as client:
                log_in(client, f"user{i}")
                while time.monotonic() < stop:
                    for kind, path in pages.items():
                        began = time.perf_counter()
                        try:
                            answer = client.get(path)
                            ok = answer.status_code == 200
                            problem = f"{kind}: HTTP {answer.status_code}"
                        except httpx.HTTPError as exc:
                            ok, problem = False, f"{kind}: {exc!r}"
                        spent = time.perf_counter() - began
                        with lock:
                            times[kind].append(spent)
                            if not ok:
                                errors.append(problem)

        workers = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        server.should_exit = True
        thread.join(timeout=10)
        total = sum(len(v) for v in times.values())
        print(f"{args.users} users for {args.seconds:.0f} s on {url.split(':')[0]}: "
              f"{total} requests ({total / args.seconds:.0f}/s), {len(errors)} errors")
        print(f"{'page':<12} {'requests':>8} {'median ms':>10} {'p95 ms':>8}")
        every: list[float] = []
        for kind, spent in times.items():
            every.extend(spent)
            p95 = statistics.quantiles(spent, n=20)[-1] if len(spent) > 1 else spent[0]
            print(f"{kind:<12} {len(spent):>8} {1000 * statistics.median(spent):>10.1f} "
                  f"{1000 * p95:>8.1f}")
        p95_all = statistics.quantiles(every, n=20)[-1]
        print(f"{'all':<12} {len(every):>8} {1000 * statistics.median(every):>10.1f} "
              f"{1000 * p95_all:>8.1f}")
        for problem in errors[:10]:
            print("error:", problem)


if __name__ == "__main__":
    main()
