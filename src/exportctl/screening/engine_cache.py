"""The screening index for a store, built once per set of active snapshots and cached on disk.

Building normalises every listed name (~10⁵ names), which takes seconds; loading the pickled
index takes a fraction of that. The cache key is the active snapshots' ids and digests plus the
package version, so a new load or upgrade rebuilds it. Cache files live in the user's own data
directory (never shared), which is why unpickling them is acceptable.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from exportctl.cache_files import code_digest, package_version, read_cached, write_cached
from exportctl.errors import StoreError
from exportctl.freshness import no_lists_error
from exportctl.screening.index import IndexLoadError, ScreeningIndex
from exportctl.settings import get_settings
from exportctl.store import SnapshotInfo, Store

__all__ = ["cache_key", "index_file", "index_for", "load_index_file"]

_MEMORY: dict[str, ScreeningIndex] = {}


def cache_key(store: Store, snaps: list[SnapshotInfo]) -> str:
    """Digest of the database URL, active snapshots and code version."""
    h = hashlib.sha256()
    h.update(str(store.engine.url).encode())
    h.update(package_version().encode())
    # The index format changes with the screening code; the mtimes of the code and data that
    # normalise names guard dev checkouts (a listed name read by older text/ code would not
    # meet a query read by the new one).
    h.update(code_digest("screening", "text", "text/data", "data").encode())
    for s in snaps:
        h.update(f"{s.id}:{s.sha256}:{s.entity_count}".encode())
    return h.hexdigest()[:24]


def _db_tag(store: Store) -> str:
    return hashlib.sha256(str(store.engine.url).encode()).hexdigest()[:12]


def _path(store: Store, key: str) -> Path:
    return get_settings().data_dir / "cache" / f"index-{_db_tag(store)}-{key}.pkl"


def index_file(store: Store) -> Path:
    """The index over the active snapshots as a file named by their digests (built if needed).

    Engines that run screening in other processes or on other machines (Spark executors) open
    this file instead of rebuilding the index from the database.
    """
    index_for(store)
    return _path(store, cache_key(store, store.active_snapshots()))


def load_index_file(path: Path) -> ScreeningIndex:
    """Open an index file written by :func:`index_file`; a damaged file is an error."""
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
        raise StoreError(f"{path.name}: cannot open the screening index ({exc})") from None
    except IndexLoadError as exc:
        raise StoreError(f"{path.name}: {exc}") from None
    if not isinstance(loaded, ScreeningIndex):
        raise StoreError(f"{path.name}: not a screening index")
    return loaded


def index_for(
    store: Store, *, use_disk: bool = True, build_workers: int | None = None
) -> ScreeningIndex:
    """The index over the store's active snapshots (memory, then disk cache, then build).

    ``build_workers``: processes a build scans the entities with (``ScreeningIndex``'s
    ``workers``; None: the ``EXPORTCTL_BUILD_WORKERS`` setting, unset one per CPU from 20,000
    entities). NoListsError when no list is active: an empty index would clear every party.
    """
    snaps = store.active_snapshots()
    if not snaps:
        raise no_lists_error()
    key = cache_key(store, snaps)
    if key in _MEMORY and (not use_disk or _path(store, key).is_file()):
        return _MEMORY[key]
    path = _path(store, key)
    index: ScreeningIndex | None = None
    if use_disk and path.is_file():
        index = read_cached(path, ScreeningIndex)
    if index is None:
        index = ScreeningIndex(store.iter_entities([s.id for s in snaps]), workers=build_workers)
        if use_disk:
            write_cached(path, index, f"index-{_db_tag(store)}-*.pkl")
    _MEMORY.clear()
    _MEMORY[key] = index
    return index
