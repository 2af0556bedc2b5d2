"""A load test of the web application on loopback: ``--users`` concurrent users (default
20), each logged in with their own session and holding their own personal API token, for
``--seconds`` (default 60), each request bounded by a 30 s timeout. Every user keeps going
round the pages a viewer opens (the list of scenarios, a scenario, a version's results per
payer, cached after the first calculation, a stored run, the investments) and the JSON API
called as a script does, with ``Authorization: Bearer`` (the scenarios, a scenario, a run
with its results). A static file served by the same application is the plain reference: the
cost of the server, the middleware and the loopback with no database and no template.

Prints the load average before and after, the number of requests, requests per second,
the errors, and per kind of request the median and 95th percentile response times and the
median's ratio to the reference; asserts nothing (see benchmarks/README.md).

    python benchmarks/bench_web.py                      # SQLite in a temporary folder
    python benchmarks/bench_web.py --users 20 --seconds 60 --url postgresql+psycopg://...

Needs ``pip install 'socinvest[web]'`` and httpx.
"""

from __future__ import annotations

import argparse
import os
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
from socinvest.store.tokens import create_token
from socinvest.store.users import create_user, get_user
from socinvest.web import WebSettings, create_app
from socinvest.web.services import store_run

PASSWORD = "load test password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(url: str, users: int) -> tuple[int, int, list[str]]:
    """A scenario, a stored run and ``users`` viewers in one organisation, each with an API
    token; the scenario's and run's ids and the tokens."""
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    store = open_store(url, actor="bench")
    version = save_scenario(store, example_text("parenting-programme"), "pp.yaml",
                            organisation_name="Gnesta")
    tokens = []
    for i in range(users):
        create_user(store, f"user{i}", PASSWORD, "Gnesta", "viewer")
        tokens.append(create_token(store, f"user{i}", "load test")[0])
    orgs = tuple(get_user(store, "user0").roles)
    scenario_id = scenarios_in(store, orgs)[0].id
    run_id = store_run(store, version, 0, None, None)
    store.close()
    return scenario_id, run_id, tokens


def log_in(client: httpx.Client, login: str) -> None:
    client.get("/login")
    token = client.cookies.get("socinvest_login_csrf")
    answer = client.post("/login", data={"login": login, "password": PASSWORD,
                                         "csrf_token": token})
    if answer.status_code != 303:
        raise SystemExit(f"{login} could not log in: HTTP {answer.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent users (20)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long (60)")
    parser.add_argument("--url", default=None, help="database URL (default: SQLite, temporary)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'bench.db'}"
        scenario_id, run_id, tokens = prepare(url, args.users)
        app = create_app(WebSettings(db=url, secure_cookies=False))
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        reference = "static"
        pages = {
            "scenarios": "/scenarios",
            "scenario": f"/scenarios/{scenario_id}",
            "results": f"/scenarios/{scenario_id}/versions/1/summary",
            "run": f"/runs/{run_id}",
            "investments": "/investments",
            reference: "/static/app.css",
        }
        api = {
            "api scenarios": "/api/scenarios",
            "api scenario": f"/api/scenarios/{scenario_id}",
            "api run": f"/api/runs/{run_id}",
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
            headers = {"Authorization": f"Bearer {tokens[i]}"}
            with httpx.Client(base_url=base, timeout=30) as client, \
                    httpx.Client(base_url=base, timeout=30, headers=headers) as script:
                log_in(client, f"user{i}")
                rounds = [(client, kind, path) for kind, path in pages.items()]
                rounds += [(script, kind, path) for kind, path in api.items()]
                while time.monotonic() < stop:
                    for caller, kind, path in rounds:
                        began = time.perf_counter()
                        try:
                            answer = caller.get(path)
                            ok = answer.status_code == 200
                            problem = f"{kind}: HTTP {answer.status_code}"
                        except httpx.HTTPError as exc:
                            ok, problem = False, f"{kind}: {exc!r}"
                        spent = time.perf_counter() - began
                        with lock:
                            times[kind].append(spent)
                            if not ok:
                                errors.append(problem)

        load_before = os.getloadavg()
        workers = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        server.should_exit = True
        thread.join(timeout=10)
        load_after = os.getloadavg()
        total = sum(len(v) for v in times.values())
        print(f"{args.users} users for {args.seconds:.0f} s on {url.split(':')[0]}: "
              f"{total} requests ({total / args.seconds:.0f}/s), {len(errors)} errors")
        print("load average (1, 5, 15 min) before: "
              + ", ".join(f"{x:.2f}" for x in load_before)
              + "; after: " + ", ".join(f"{x:.2f}" for x in load_after)
              + f"; {os.cpu_count()} CPUs")
        ref = statistics.median(times[reference]) if times[reference] else float("nan")
        print(f"{'request':<14} {'requests':>8} {'median ms':>10} {'p95 ms':>8} "
              f"{'x static':>9}")
        every: list[float] = []
        for kind, spent in times.items():
            every.extend(spent)
            p95 = statistics.quantiles(spent, n=20)[-1] if len(spent) > 1 else spent[0]
            median = statistics.median(spent)
            print(f"{kind:<14} {len(spent):>8} {1000 * median:>10.1f} {1000 * p95:>8.1f} "
                  f"{median / ref:>9.1f}")
        p95_all = statistics.quantiles(every, n=20)[-1]
        print(f"{'all':<14} {len(every):>8} {1000 * statistics.median(every):>10.1f} "
              f"{1000 * p95_all:>8.1f}")
        for problem in errors[:10]:
            print("error:", problem)


if __name__ == "__main__":
    main()
