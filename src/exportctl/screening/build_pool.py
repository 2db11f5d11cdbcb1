"""An index build's per-entity work in forked worker processes, merged in the original order.

Most of a large build's time goes to each listed name on its own: normalising it (every
reading of every token), encoding it for storage, its joined keys and their hashes. That is
independent per entity, so worker processes each scan a chunk of entities into a
:class:`~.index_build.BuildPart` (entities and rows numbered from 0) and the parent appends the
parts in chunk order (:meth:`~.index_build.BuildPart.extend`): the tables, and so the index,
are the same byte for byte as a serial build's. What follows the scan (vocabulary arrays, the
fuzzy-key table, each token's expansion) stays in the parent.

Workers are forked (the start method ``fork``): they read the entities the parent already holds
without a copy, and no entity is pickled. Where ``fork`` is not available (Windows) the build
is serial. It fails closed: a worker that raises, dies, hangs (no part within
:func:`worker_timeout` seconds), or whose part cannot be pickled makes the parent stop every
worker and scan that chunk and every later one itself, with the same function — a build never
ends with a partial or different index, and never waits on a worker forever; a chunk that
raises in the parent too raises as a serial build would. (The pool itself is
:class:`~.forked.ForkedChunks`, which batch screening's workers use too.)

Memory stays bounded: at most two chunks per worker are in flight, and the parent appends each
part as it arrives, then drops it. The entities go to workers in windows of :data:`WINDOW`, a
pool forked per window: a worker that reads an entity writes its reference counts, so its
memory page becomes the worker's own copy, and a worker that lived through a whole corpus would
end up with a copy of half of it. An iterable that is not a sequence (a store's entity stream)
is read a window at a time.

Like the serial build, a worker calls the text helpers uncached: the query-time caches are
not filled by a build (index_build.py), in the parent or in a worker.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Final

from exportctl.model import Entity
from exportctl.screening.forked import ForkedChunks, fork_available, spans, timeout_setting
from exportctl.screening.index_build import BuildPart
from exportctl.settings import env_int

__all__ = [
    "AUTO_MIN_ENTITIES",
    "CHUNK",
    "DEFAULT_WORKER_TIMEOUT",
    "MAX_AUTO_WORKERS",
    "WINDOW",
    "gather",
    "plan_workers",
    "worker_timeout",
]

Scan = Callable[[BuildPart, Iterable[Entity]], None]

# Fewer entities than this build serially by default: forking, pickling the parts back and
# appending them cost more than the workers save (measured: BENCHMARKS.md, "Index build with
# worker processes").
AUTO_MIN_ENTITIES: Final = 20_000
# The default's bound on workers (the machine's CPUs, at most this many): the parent's merge
# and the serial rest of the build do not shrink with more.
MAX_AUTO_WORKERS: Final = 8
# Entities per worker task: a part of a few MB (1.2 kB an entity of the UN list, 4.3 names
# each), pickled, unpickled and appended in ~1 % of the time its scan takes.
CHUNK: Final = 5_000
# Entities per pool of workers (a non-sequence iterable: read and held at once).
WINDOW: Final = 100_000
# Seconds the parent waits for the next part before it takes the worker for hung: a chunk of
# the UN list scans in a few seconds, so this is a hundred times that on a loaded machine. A
# false alarm costs only time (the chunk is scanned here), a missing bound a build that never
# ends.
DEFAULT_WORKER_TIMEOUT: Final = 600.0

_WINDOW_ENTS: Sequence[Entity] = ()  # the window workers scan (inherited by fork)
_SCAN: Scan | None = None


def available_cpus() -> int:
    """CPUs this process may run on (its affinity where the platform tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # (not on macOS or Windows)
        return os.cpu_count() or 1


def other_threads() -> bool:
    """Whether threads besides this one run in the process (a server's request threads)."""
    return threading.active_count() > 1


def plan_workers(requested: int | None, entities: int | None) -> int:
    """Worker processes for a build of ``entities`` entities (None: not known yet).

    ``requested`` None reads the setting ``EXPORTCTL_BUILD_WORKERS`` (unset: 0). 0 is the
    default (auto): the available CPUs, at most :data:`MAX_AUTO_WORKERS`, when there are at
    least :data:`AUTO_MIN_ENTITIES` entities (or their number is not known yet) and no other
    thread runs in the process; otherwise 1.
    Another number is taken as given (1: serial). Either way 1 where processes cannot be
    forked.
    """
    if requested is None:
        requested = env_int("EXPORTCTL_BUILD_WORKERS", 0, low=0)
    if requested < 0:
        raise ValueError(f"build workers must be 0 (auto) or more, not {requested}")
    if not fork_available():
        return 1
    if requested == 0:
        # A fork copies other threads' locks in whatever state they are (a lock held then
        # stays held in the worker): by default a process with other threads (the API
        # server rebuilding its index beside its request threads) builds serially.
        if (entities is not None and entities < AUTO_MIN_ENTITIES) or other_threads():
            return 1
        return max(1, min(available_cpus(), MAX_AUTO_WORKERS))
    return requested


def worker_timeout() -> float:
    """Seconds to wait for a worker's next part: ``EXPORTCTL_BUILD_WORKER_TIMEOUT``, else
    :data:`DEFAULT_WORKER_TIMEOUT`."""
    return timeout_setting("EXPORTCTL_BUILD_WORKER_TIMEOUT", DEFAULT_WORKER_TIMEOUT)


def _windows(entities: Iterable[Entity]) -> Iterator[Sequence[Entity]]:
    if isinstance(entities, Sequence):
        for a in range(0, len(entities), WINDOW):
            yield entities[a : a + WINDOW]
        return
    it = iter(entities)
    while window := list(islice(it, WINDOW)):
        yield window


def _scan_chunk(start: int, stop: int) -> BuildPart:
    """A worker's task: its chunk of the window, scanned into a part of its own."""
    assert _SCAN is not None
    part = BuildPart()
    _SCAN(part, _WINDOW_ENTS[start:stop])
    part.x_hash.flush()  # (hashed here, in the worker)
    return part


def gather(entities: Iterable[Entity], workers: int | None, scan: Scan) -> BuildPart:
    """The :class:`BuildPart` of all ``entities``, scanned by ``scan``: in this process, or
    chunk by chunk in forked workers (``workers``: :func:`plan_workers`)."""
    size = len(entities) if isinstance(entities, Sequence) else None
    n = plan_workers(workers, size)
    whole = BuildPart()
    if n <= 1:
        scan(whole, entities)
        return whole
    timeout = worker_timeout()  # (read before any fork: a bad setting fails the build first)
    for i, window in enumerate(_windows(entities)):
        if i == 0 and size is None and len(window) < WINDOW:
            n = plan_workers(workers, len(window))  # (the whole stream: its size is known)
        if n <= 1 or len(window) < 2 * CHUNK:  # (a short window: not worth a fork)
            scan(whole, window)
        else:
            _gather_window(whole, window, n, scan, timeout)
    return whole


def _gather_window(
    whole: BuildPart, window: Sequence[Entity], workers: int, scan: Scan, timeout: float
) -> None:
    global _WINDOW_ENTS, _SCAN
    bounds = spans(len(window), CHUNK)
    _WINDOW_ENTS, _SCAN = window, scan
    try:
        parts = ForkedChunks(
            _scan_chunk,
            bounds,
            workers,
            timeout,
            what="index build",
            setting="EXPORTCTL_BUILD_WORKER_TIMEOUT",
        )
        for part in parts:
            whole.extend(part)  # (a part is appended whole or not at all)
            del part
    finally:
        _WINDOW_ENTS, _SCAN = (), None
    # Fail closed: the same scan, in this process, on from the first chunk not appended.
    if parts.done < len(bounds):
        scan(whole, window[bounds[parts.done][0] :])
