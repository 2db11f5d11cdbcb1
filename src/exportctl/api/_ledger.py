"""Ledger appends for screenings, batched off the request path.

Each screened query becomes one ledger record (``exportctl.recording.record_screenings``).
Appending costs a transaction and Merkle-node writes, so the server queues screenings and a
writer thread appends whatever has queued — one transaction (and one signed head) per batch,
at most ``max_wait_s`` after the request. The request-level audit row (``api_requests``) is
still written before the response, so every answer given is on record either way; the queue is
flushed when the server shuts down.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Sequence

from exportctl.recording import Screened, record_screenings
from exportctl.store import Store

__all__ = ["LedgerWriter"]

log = logging.getLogger("exportctl.api")

Item = tuple[str, Screened]  # actor, (query, matches[, derived hits])


class LedgerWriter:
    def __init__(self, store: Store, db: str, *, max_wait_s: float = 0.05, batch: int = 500):
        self.store = store
        self.db = db
        self.max_wait_s = max_wait_s
        self.batch = batch
        self._queue: queue.Queue[Item | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.written = 0
        self.failed = 0

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="exportctl-ledger", daemon=True)
            self._thread.start()

    def submit(self, actor: str, items: Sequence[Screened]) -> None:
        if self._thread is None:  # not started (no lifespan): append synchronously
            self._write([(actor, item) for item in items])
            return
        for item in items:
            self._queue.put((actor, item))

    def close(self, timeout: float = 30.0) -> None:
        """Flush what is queued and stop the writer."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        stop = False
        while not stop:
            first = self._queue.get()
            if first is None:
                break
            pending = [first]
            deadline = time.monotonic() + self.max_wait_s
            while len(pending) < self.batch:
                try:
                    nxt = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    break
                pending.append(nxt)
            self._write(pending)

    def _write(self, pending: list[Item]) -> None:
        by_actor: dict[str, list[Screened]] = {}
        for actor, item in pending:
            by_actor.setdefault(actor, []).append(item)
        for actor, items in by_actor.items():
            try:
                self.written += record_screenings(self.store, items, actor=actor, db=self.db)
            except Exception:  # a ledger failure must be loud in the log, not kill the writer
                self.failed += len(items)
                log.exception("ledger append of %d screening(s) failed", len(items))
