"""A stand-in for Kolada's API in the tests: it serves the constructed responses of
``tests/data/kolada/`` (see the README there: constructed in Kolada's documented format, not
recorded), filtered by KPI, municipality and year the way the API's paths filter them.

Two ways to use it: ``httpx.MockTransport(fake.handler)`` in-process, or ``serving(fake)``, a
real HTTP server on 127.0.0.1 for the CLI tests that run the ``socinvest`` entry point.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

DATA = Path(__file__).resolve().parent / "data" / "kolada"


def _load(name: str) -> list[dict[str, Any]]:
    rows = json.loads((DATA / name).read_text(encoding="utf-8"))["values"]
    assert isinstance(rows, list)
    return rows


@dataclass
class KoladaFake:
    """The API over the constructed rows; ``page_size`` splits answers into pages."""

    municipalities: list[dict[str, Any]] = field(default_factory=lambda: _load("municipality.json"))
    kpis: list[dict[str, Any]] = field(default_factory=lambda: _load("kpi.json"))
    data: list[dict[str, Any]] = field(default_factory=lambda: _load("data.json"))
    page_size: int = 5000
    delay: float = 0.0
    """Seconds the server waits before answering (to make the client time out)."""
    requests: list[str] = field(default_factory=list)

    def answer(self, url: str) -> tuple[int, dict[str, Any]]:
        """(status, JSON body) for a GET of ``url``."""
        self.requests.append(url)
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if not segments or segments[0] != "v3":
            return 404, {"error": "not found"}
        segments = segments[1:]
        rows: list[dict[str, Any]]
        if len(segments) == 2 and segments[0] == "municipality":
            rows = [m for m in self.municipalities if m["id"] in segments[1].split(",")]
        elif len(segments) == 2 and segments[0] == "kpi":
            rows = [k for k in self.kpis if k["id"] in segments[1].split(",")]
        elif (
            len(segments) == 7
            and segments[0] == "data"
            and segments[1::2] == ["kpi", "municipality", "year"]
        ):
            kpis, units, years = (
                segments[2].split(","),
                segments[4].split(","),
                {int(y) for y in segments[6].split(",")},
            )
            rows = [
                r
                for r in self.data
                if r["kpi"] in kpis and r["municipality"] in units and r["period"] in years
            ]
        else:
            return 404, {"error": "not found"}
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        start = (page - 1) * self.page_size
        chosen = rows[start : start + self.page_size]
        more = start + self.page_size < len(rows)
        base = f"{parts.scheme}://{parts.netloc}{parts.path}"
        return 200, {
            "values": chosen,
            "count": len(chosen),
            "next_url": f"{base}?page={page + 1}" if more else None,
            "previous_url": f"{base}?page={page - 1}" if page > 1 else None,
        }

    def handler(self, request: httpx.Request) -> httpx.Response:
        """For ``httpx.MockTransport``."""
        status, body = self.answer(str(request.url))
        return httpx.Response(status, json=body)


@contextmanager
def serving(fake: KoladaFake) -> Iterator[str]:
    """Serve ``fake`` on 127.0.0.1 (a free port) and yield its API root, ``.../v3``."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if fake.delay:
                fake.requests.append(self.path)
                time.sleep(fake.delay)
                return
            host, port = self.server.server_address[:2]
            status, body = fake.answer(f"http://{host}:{port}{self.path}")
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/v3"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port_url() -> str:
    """An API root on 127.0.0.1 where nothing listens (connections are refused)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v3"
