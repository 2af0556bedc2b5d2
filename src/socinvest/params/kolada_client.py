"""A small client for Kolada's open API (https://api.kolada.se/v3): timeouts, a bounded number
of retries with exponential backoff, pagination, and errors that say what went wrong.

Kolada (Rådet för främjande av kommunala analyser, RKA) publishes municipal key figures
(nyckeltal, "KPIs") as JSON. What this client uses, as documented by the API's maintainers
(github.com/Hypergene/kolada, README "Routes" and "Query data"; v3 keeps the v2 paths):

- ``GET /municipality/<id>``: ``{"values": [{"id": "0461", "title": "Gnesta", "type": "K"}]}``
  (``type`` K for a municipality, L for a region);
- ``GET /kpi/<id>,<id>``: ``{"values": [{"id": ..., "title": ..., "description": ...,
  "publication_date": ...}]}``;
- ``GET /data/kpi/<kpi>/municipality/<id>,<id>/year/<year>,<year>``: ``{"values": [{"kpi":
  ..., "municipality": ..., "period": 2024, "values": [{"gender": "T", "status": "",
  "value": 130000.0, "count": 1}]}], "count": N, "next_url": ...}``; a page holds at most
  5 000 rows and ``next_url`` (``next_page`` in v2) names the next one.

httpx is imported lazily: it is the optional extra ``socinvest[local]``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from socinvest.i18n import N_
from socinvest.params.errors import Message

if TYPE_CHECKING:
    import httpx

DEFAULT_API_URL = "https://api.kolada.se/v3"
DEFAULT_TIMEOUT_S = 20.0
DEFAULT_ATTEMPTS = 4
"""One try and three retries."""
DEFAULT_BACKOFF_S = 0.5
"""The wait before the first retry; it doubles before each further one (0.5, 1, 2 s)."""
MAX_PAGES = 50
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class KoladaError(Exception):
    """Kolada could not be reached or answered something unusable.

    ``message`` is a translatable :class:`Message`; ``str(error)`` is its English text.
    """

    def __init__(self, message: Message) -> None:
        super().__init__(message.english)
        self.message = message


class KoladaUnreachableError(KoladaError):
    """No answer: no network, the name does not resolve, or every try timed out."""


class KoladaResponseError(KoladaError):
    """An answer that is not what the API documents (an HTTP error, not JSON, wrong shape)."""


def _httpx() -> Any:
    try:
        import httpx
    except ImportError:  # pragma: no cover - depends on the environment
        raise KoladaError(
            Message.of(
                N_("fetching from Kolada needs the httpx package: pip install 'socinvest[local]'")
            )
        ) from None
    return httpx


@dataclass
class KoladaClient:
    """Fetches JSON from Kolada with timeouts and a bounded number of retries.

    Parameters
    ----------
    base_url : str
        The API root, default ``https://api.kolada.se/v3``.
    timeout : float
        Seconds to wait to connect and for each read.
    attempts : int
        Tries per request (at least 1); connection errors, timeouts, HTTP 429 and 5xx are
        retried, other answers are not.
    backoff : float
        Seconds before the first retry, doubled before each further one.
    transport : httpx.BaseTransport, optional
        For tests (``httpx.MockTransport``); default the network.
    sleep : callable
        How to wait between tries (tests pass a function that records the waits).
    on_request : callable, optional
        Called with the URL before each try (the progress display uses it).
    """

    base_url: str = DEFAULT_API_URL
    timeout: float = DEFAULT_TIMEOUT_S
    attempts: int = DEFAULT_ATTEMPTS
    backoff: float = DEFAULT_BACKOFF_S
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    on_request: Callable[[str], None] | None = None
    requests_made: list[str] = field(default_factory=list)

    def url(self, *parts: str) -> str:
        """The API URL of ``parts`` joined with ``/``."""
        return "/".join([self.base_url.rstrip("/"), *parts])

    def get_json(self, url: str) -> dict[str, Any]:
        """GET ``url`` and return its JSON object, retrying what may pass.

        Raises
        ------
        KoladaUnreachableError
            When no try got an answer (no network, DNS failure, timeouts).
        KoladaResponseError
            For an HTTP error that is not retried, one that persists, or a body that is not a
            JSON object.
        """
        httpx = _httpx()
        attempts = max(1, self.attempts)
        last: Message | None = None
        unreachable = True
        with httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            transport=self.transport,
            follow_redirects=True,
            headers={"Accept": "application/json", "User-Agent": "socinvest"},
        ) as client:
            for attempt in range(attempts):
                if attempt:
                    self.sleep(self.backoff * 2 ** (attempt - 1))
                self.requests_made.append(url)
                if self.on_request is not None:
                    self.on_request(url)
                try:
                    response = client.get(url)
                except httpx.TimeoutException:
                    last = Message.of(
                        N_("no answer within {seconds} s from {url}"),
                        seconds=f"{self.timeout:g}",
                        url=url,
                    )
                    continue
                except httpx.TransportError as exc:
                    last = Message.of(
                        N_("cannot connect to {url}: {error}"),
                        url=url,
                        error=str(exc) or type(exc).__name__,
                    )
                    continue
                unreachable = False
                if response.status_code in RETRY_STATUS:
                    last = Message.of(
                        N_("Kolada answered HTTP {status} for {url}"),
                        status=response.status_code,
                        url=url,
                    )
                    continue
                if response.status_code != 200:
                    raise KoladaResponseError(
                        Message.of(
                            N_("Kolada answered HTTP {status} for {url}"),
                            status=response.status_code,
                            url=url,
                        )
                    )
                try:
                    body = response.json()
                except ValueError:
                    body = None
                if not isinstance(body, dict) or not isinstance(body.get("values"), list):
                    raise KoladaResponseError(
                        Message.of(
                            N_(
                                "Kolada's answer for {url} is not the documented JSON "
                                "(an object with a list 'values')"
                            ),
                            url=url,
                        )
                    )
                return body
        assert last is not None
        tries = Message.of(N_("after {n} tries: {last}"), n=attempts, last=last)
        if unreachable:
            raise KoladaUnreachableError(tries)
        raise KoladaResponseError(tries)

    def get_values(self, url: str) -> list[dict[str, Any]]:
        """Every row of ``values`` over all pages (``next_url``, or v2's ``next_page``)."""
        rows: list[dict[str, Any]] = []
        next_url: str | None = url
        for _ in range(MAX_PAGES):
            if not next_url:
                return rows
            body = self.get_json(next_url)
            rows += [r for r in body["values"] if isinstance(r, dict)]
            following = body.get("next_url") or body.get("next_page")
            next_url = following if isinstance(following, str) and body["values"] else None
        return rows

    def municipality(self, code: str) -> dict[str, Any] | None:
        """Kolada's entry for a municipality or region id, or ``None`` if it has none."""
        rows = self.get_values(self.url("municipality", code))
        return next((r for r in rows if r.get("id") == code), None)

    def kpis(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The metadata of the KPIs ``ids`` that Kolada knows, by id."""
        rows = self.get_values(self.url("kpi", ",".join(ids)))
        return {str(r["id"]): r for r in rows if "id" in r}

    def data(
        self, kpi: str, municipalities: Iterable[str], years: Iterable[int]
    ) -> list[dict[str, Any]]:
        """The data rows of one KPI for some municipalities and years."""
        return self.get_values(
            self.url(
                "data",
                "kpi",
                kpi,
                "municipality",
                ",".join(municipalities),
                "year",
                ",".join(str(y) for y in years),
            )
        )
