"""Chunks of work in forked worker processes, their results in input order, never waited on
for ever.

``multiprocessing.Pool`` waits for ever for a task whose worker died (killed for memory, a
crash in a C library) and forks new workers without end when their initializer raises: a
batch ``--workers 2`` then never finished and said nothing (session 28, measured on Python
3.11: both cases hang). Here a worker that raises, dies, hangs (no result within ``timeout``
seconds) or whose initializer fails stops the iteration: every worker is killed, and
:attr:`ForkedChunks.done` tells the caller where to go on in its own process, with the same
function, so a caller fails closed: no row is lost and none is answered differently.

Workers are forked (start method ``fork``), so they read what the parent holds (an index, the
rows) without a copy: the task and the initializer are read by the workers from this module's
globals, set for the iteration's length (one iteration at a time in a process). At most two
chunks per worker are in flight: memory stays bounded, and the oldest chunk is always running,
so the timeout bounds one chunk's work.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

from exportctl.errors import ConfigError
from exportctl.settings import env_float

__all__ = [
    "BATCH_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "ForkedChunks",
    "batch_timeout",
    "fork_available",
    "kill_workers",
    "spans",
    "timeout_setting",
]

log = logging.getLogger(__name__)

R = TypeVar("R")

# Batch screening's workers (screen_rows, screen_many): seconds a worker may take for one chunk
# of rows before it is taken for hung. A chunk of 64 rows screens in well under a second (a few
# seconds with ownership lookups); a false alarm costs only time (the rest is screened in the
# parent), a missing bound a batch that never ends.
BATCH_TIMEOUT = "EXPORTCTL_BATCH_WORKER_TIMEOUT"
DEFAULT_TIMEOUT = 600.0

_TASK: Callable[[int, int], Any] | None = None  # (inherited by the forked workers)
_INIT: Callable[[], None] | None = None


def fork_available() -> bool:
    return "fork" in mp.get_all_start_methods()


def timeout_setting(name: str, default: float) -> float:
    """Seconds a worker may take for one chunk: the setting ``name``, else ``default``."""
    value = env_float(name, default)
    if not 0 < value < float("inf"):
        raise ConfigError(f"{name}={value} must be a number of seconds above 0")
    return value


def batch_timeout() -> float:
    """Seconds a batch screening worker may take for one chunk (:data:`BATCH_TIMEOUT`)."""
    return timeout_setting(BATCH_TIMEOUT, DEFAULT_TIMEOUT)


def spans(size: int, chunk: int) -> list[tuple[int, int]]:
    """``[start, stop)`` of each chunk of ``size`` items, ``chunk`` items each (the last less)."""
    return [(a, min(a + chunk, size)) for a in range(0, size, chunk)]


def _run(start: int, stop: int) -> Any:
    assert _TASK is not None
    return _TASK(start, stop)


def _init() -> None:
    if _INIT is not None:
        _INIT()


class ForkedChunks(Generic[R]):
    """``task(start, stop)`` for each of ``bounds``, in forked workers; iterating yields the
    results in the order of ``bounds``.

    The iteration ends early when a worker fails (``failure`` then says how, and a warning is
    logged naming ``what`` and ``setting``, the timeout's variable): the caller does the chunks
    from ``bounds[done]`` on itself. ``initializer`` runs once in each worker before its first
    chunk.
    """

    def __init__(
        self,
        task: Callable[[int, int], R],
        bounds: Sequence[tuple[int, int]],
        workers: int,
        timeout: float,
        *,
        what: str,
        setting: str,
        initializer: Callable[[], None] | None = None,
    ) -> None:
        self.task, self.bounds, self.workers, self.timeout = task, bounds, workers, timeout
        self.what, self.setting, self.initializer = what, setting, initializer
        self.done = 0  # chunks whose results were yielded
        self.failure: str | None = None

    def __iter__(self) -> Iterator[R]:
        global _TASK, _INIT
        if _TASK is not None:
            raise RuntimeError("ForkedChunks: one iteration at a time in a process")
        _TASK, _INIT = self.task, self.initializer
        pool = ProcessPoolExecutor(
            self.workers, mp_context=mp.get_context("fork"), initializer=_init
        )
        failed = True  # until every chunk is yielded: then the workers are left to exit
        try:
            pending: deque[Future[R]] = deque()
            sent = 0
            while self.done < len(self.bounds):
                try:
                    while sent < len(self.bounds) and len(pending) < 2 * self.workers:
                        pending.append(pool.submit(_run, *self.bounds[sent]))
                        sent += 1
                    result = pending.popleft().result(timeout=self.timeout)
                except Exception as exc:  # raised, died, hung, its initializer failed, unpicklable
                    self.failure = (
                        f"no result in {self.timeout:g} s ({self.setting})"
                        if isinstance(exc, TimeoutError)
                        else f"{type(exc).__name__}: {exc}"
                    )
                    log.warning(
                        "%s: a worker failed (%s); the %d remaining chunk(s) are done in this "
                        "process",
                        self.what,
                        self.failure,
                        len(self.bounds) - self.done,
                    )
                    break
                self.done += 1
                yield result
            else:
                failed = False
        finally:
            _TASK, _INIT = None, None
            if failed:
                # Also when the caller stops early or is interrupted: shutdown() alone would
                # wait for a hung worker for ever.
                kill_workers(pool)
            pool.shutdown(wait=True, cancel_futures=True)


def kill_workers(pool: ProcessPoolExecutor) -> None:
    """Ends the pool's worker processes now, whatever they are doing.

    The executor has no public way to do it before Python 3.14 (``kill_workers``): its
    processes are read from the attribute every CPython version since 3.2 keeps them in. Once
    they are dead the executor's own thread finds the pool broken and fails what is pending, so
    the shutdown that follows does not wait.
    """
    kill = getattr(pool, "kill_workers", None)
    if callable(kill):
        kill()
        return
    procs: dict[int, mp.process.BaseProcess] | None = getattr(pool, "_processes", None)
    for proc in list((procs or {}).values()):
        if proc.is_alive():
            proc.kill()
