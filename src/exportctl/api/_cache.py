"""Short-lived in-memory caches that keep database round trips off the hot path.

Both err on the safe side when stale: a key revoked from another process (``exportctl keys
revoke``) stops working within ``ttl_s`` (at once when revoked through the API), and a verdict
recorded from another process shows on hits within ``ttl_s`` — until then the hit is shown
without it, i.e. still as a hit.
"""

from __future__ import annotations

import hashlib
import threading
import time

from sqlalchemy import Engine, select

from exportctl.auth import ApiKey
from exportctl.store.schema import decisions

__all__ = ["DecidedKeys", "KeyCache"]


class KeyCache:
    """token digest → authenticated key, for ``ttl_s`` seconds (0 disables)."""

    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._items: dict[str, tuple[float, ApiKey]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _digest(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    def get(self, token: str) -> ApiKey | None:
        if self.ttl_s <= 0:
            return None
        hit = self._items.get(self._digest(token))
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def put(self, token: str, key: ApiKey) -> None:
        if self.ttl_s <= 0:
            return
        with self._lock:
            if len(self._items) > 10_000:
                self._items.clear()
            self._items[self._digest(token)] = (time.monotonic() + self.ttl_s, key)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class DecidedKeys:
    """The query keys that have any reviewer verdict, re-read at most every ``ttl_s``."""

    def __init__(self, engine: Engine, ttl_s: float) -> None:
        self.engine = engine
        self.ttl_s = ttl_s
        self._keys: frozenset[str] = frozenset()
        self._until = 0.0
        self._lock = threading.Lock()

    def current(self) -> frozenset[str]:
        if time.monotonic() >= self._until:
            with self._lock:
                if time.monotonic() >= self._until:
                    with self.engine.connect() as conn:
                        q = select(decisions.c.query_key).distinct()
                        self._keys = frozenset(conn.execute(q).scalars())
                    self._until = time.monotonic() + self.ttl_s
        return self._keys

    def invalidate(self) -> None:
        self._until = 0.0
