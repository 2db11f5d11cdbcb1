"""The screening index a server holds: loaded in the background, swapped when lists change.

Requests never wait for a rebuild after the first load: when new snapshots are loaded into
the database (by ``exportctl lists load`` or the admin route), the next check (at most every
``refresh_s`` seconds) starts a rebuild in a thread and requests keep using the old index
until the new one is ready.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from exportctl.errors import ExportCtlError, NoListsError, StoreError
from exportctl.freshness import no_lists_error
from exportctl.screening.engine_cache import index_for
from exportctl.store import Store

if TYPE_CHECKING:
    from exportctl.screening import ScreeningIndex

__all__ = ["IndexHolder"]

log = logging.getLogger("exportctl.api")


class IndexHolder:
    def __init__(self, store: Store, refresh_s: float = 10.0) -> None:
        self.store = store
        self.refresh_s = refresh_s
        self._index: ScreeningIndex | None = None
        self._snapshots: tuple[int, ...] = ()
        self._checked = 0.0
        self._lock = threading.Lock()
        self._loaded = threading.Event()
        self._building = False
        self.error: str | None = None
        self._no_lists: NoListsError | None = None  # the database holds no active list

    @property
    def ready(self) -> bool:
        return self._index is not None

    @property
    def no_lists(self) -> bool:
        """The last build found no active list in the database (nothing to screen against)."""
        return self._no_lists is not None

    @property
    def snapshot_ids(self) -> tuple[int, ...]:
        return self._snapshots

    def start(self) -> None:
        """Begin the first load in a background thread (``/readyz`` says when it is done)."""
        self._spawn()

    def _spawn(self) -> None:
        with self._lock:
            if self._building:
                return
            self._building = True
            if self._index is None:
                self._loaded.clear()  # requests wait for this build, not an earlier failed one
        threading.Thread(target=self._build, name="exportctl-index", daemon=True).start()

    def _build(self) -> None:
        try:
            snaps = tuple(s.id for s in self.store.active_snapshots())
            index = index_for(self.store)
            with self._lock:
                self._index, self._snapshots = index, snaps
                self._checked = time.monotonic()
                self.error = None
                self._no_lists = None
        except NoListsError as exc:
            self.error, self._no_lists = str(exc), exc
        except ExportCtlError as exc:
            self.error = str(exc)
            log.error("screening index not loaded: %s", exc)
        except Exception as exc:  # a failed rebuild must not kill the server
            self.error = f"{exc.__class__.__name__}"
            log.exception("screening index build failed")
        finally:
            with self._lock:
                self._building = False
            self._loaded.set()

    def refresh_soon(self) -> None:
        """Look for new snapshots on the next request (after a load through the API)."""
        self._checked = 0.0

    def get(self, wait_s: float = 120.0) -> ScreeningIndex:
        """The current index; the first call waits for the initial load."""
        if self._index is None:
            if not self._building and not self.store.active_snapshots():
                raise no_lists_error()  # HTTP 409: nothing to screen against, not a clear
            if not self._building:
                self._spawn()
            self._loaded.wait(wait_s)
            if self._index is None:
                if self._no_lists is not None:
                    raise self._no_lists  # HTTP 409: nothing to screen against, not a clear
                raise StoreError(f"screening index is not available: {self.error or 'loading'}")
        now = time.monotonic()
        if now - self._checked > self.refresh_s:
            self._checked = now
            current = tuple(s.id for s in self.store.active_snapshots())
            if current != self._snapshots:
                self._spawn()
        return self._index
