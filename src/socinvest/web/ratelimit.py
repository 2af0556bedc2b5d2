"""Login rate limiting, in memory (per server process; a restart forgets it).

After ``limit`` failed logins of one key within ``window``, further attempts with that key
are refused until the oldest failure in the window has aged out of it. The web application
keys on (login name, address) and on the address alone, so both guessing one account's
password and trying one password on many accounts are slowed.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """Failures per key in a sliding window; ``clock`` gives seconds (monotonic)."""

    def __init__(self, limit: int, window: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, moment: float) -> deque[float]:
        found = self._failures.setdefault(key, deque())
        while found and found[0] <= moment - self.window:
            found.popleft()
        if not found:
            del self._failures[key]
            return deque()
        return found

    def retry_after(self, key: str) -> float:
        """Seconds until ``key`` may try again (0: now)."""
        with self._lock:
            moment = self.clock()
            recent = self._recent(key, moment)
            if len(recent) < self.limit:
                return 0.0
            return recent[-self.limit] + self.window - moment

    def fail(self, key: str) -> None:
        """Count a failure of ``key``."""
        with self._lock:
            moment = self.clock()
            self._recent(key, moment)
            self._failures.setdefault(key, deque()).append(moment)

    def clear(self, key: str) -> None:
        """Forget ``key``'s failures (after a successful login)."""
        with self._lock:
            self._failures.pop(key, None)
