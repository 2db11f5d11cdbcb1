"""Pickled caches in the user's own data directory (never shared, which is why unpickling them
is acceptable): read back only when whole and of the expected class, written atomically in
place of the stale ones."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TypeVar

from exportctl.errors import ExportCtlError

__all__ = ["package_version", "read_cached", "write_cached"]

T = TypeVar("T")


@cache
def package_version() -> str:
    """The installed exportctl's version (``dev`` in a source tree): part of every cache key.
    Read once a process (importlib.metadata scans the path: ~5 ms, once per ownership lookup
    of a batch row before)."""
    try:
        return version("exportctl")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "dev"


@cache
def code_digest(*folders: str) -> str:
    """The package folders' files (``text``, ``text/data``…) and their mtimes, once a process:
    a development checkout's edit to the code or data that builds a cached table changes its
    cache key, as a new package version does."""
    h = hashlib.sha256()
    pkg = Path(__file__).parent
    for folder in folders:
        for p in sorted((pkg / folder).glob("*.*")):
            h.update(f"{folder}/{p.name}:{p.stat().st_mtime_ns}".encode())
    return h.hexdigest()


def read_cached(path: Path, kind: type[T]) -> T | None:
    """The ``kind`` object pickled at ``path``; None when it is missing, damaged, of another
    class or written by another format version (a stale or broken cache is rebuilt, never
    trusted)."""
    try:
        with path.open("rb") as fh:
            loaded = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    except ExportCtlError:
        return None  # (IndexLoadError: written by another index format version)
    return loaded if isinstance(loaded, kind) else None


def write_cached(path: Path, obj: object, stale: str) -> None:
    """Pickles ``obj`` to ``path`` (written whole, then renamed: a reader never sees half a
    file), first removing the files of its folder that match the glob ``stale`` (the caches it
    replaces). OSError propagates: the caller says whether a cache that cannot be written
    matters."""
    cache_dir = path.parent
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob(stale):
        old.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
