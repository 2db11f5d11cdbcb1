"""Chunks of work in forked worker processes, their results in input order, never waited on
for ever.

``multiprocessing.Pool`` waits for ever for a task whose worker died (killed for memory, a
crash in a C library) and forks new workers without end when their initializer raises: a
batch ``--workers 2`` then never finished and said nothing (session 28, measured on Python
3.11: both cases hang). Here a worker that raises, dies, hangs (no result within ``timeout``
seconds) or whose initializer fails stops the iteration: every worker is killed, the pool is
shut down with every wait bounded (:func:`stop_pool`: a worker killed half way through
writing its result once hung the shutdown, hang31), and :attr:`ForkedChunks.done` tells the
caller where to go on in its own process, with the same function, so a caller fails closed:
no row is lost and none is answered differently.

Workers are forked (start method ``fork``), so they read what the parent holds (an index, the
rows) without a copy: the task and the initializer are read by the workers from this module's
globals, set for the iteration's length (one iteration at a time in a process). At most two
chunks per worker are in flight: memory stays bounded, and the oldest chunk is always running,
so the timeout bounds one chunk's work.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import multiprocessing.connection
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from typing import Any, Generic, TypeVar

from exportctl.errors import ConfigError
from exportctl.settings import env_float

__all__ = [
    "BATCH_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "STOP_BOUND",
    "ForkedChunks",
    "batch_timeout",
    "fork_available",
    "kill_workers",
    "spans",
    "stop_pool",
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
                stop_pool(pool, self.what)
            else:
                pool.shutdown(wait=True)


def kill_workers(pool: ProcessPoolExecutor) -> None:
    """Ends the pool's worker processes now, whatever they are doing.

    The executor has no public way to do it before Python 3.14 (``kill_workers``): its
    processes are read from the attribute every CPython version since 3.2 keeps them in.
    """
    kill = getattr(pool, "kill_workers", None)
    if callable(kill):
        kill()
        return
    for proc in _processes(pool):
        if proc.is_alive():
            proc.kill()


# Seconds the parent waits, after killing a pool's workers, for them to exit and for the
# executor's own thread to end. A killed process exits in milliseconds and the thread then only
# cleans up; the bound is for what cannot be foreseen (a process stuck in the kernel), where
# going on beats waiting for ever.
STOP_BOUND = 30.0


def stop_pool(pool: ProcessPoolExecutor, what: str, bound: float = STOP_BOUND) -> None:
    """Kills the pool's workers and shuts it down without waiting on anything unbounded.

    Killing a worker in the middle of writing its result to the result pipe (a result larger
    than the pipe's buffer, 64 KiB on Linux) leaves part of a message in the pipe: the
    executor's thread, reading it, waits for the rest, and ``shutdown(wait=True)`` (and the
    interpreter's exit, which joins that thread) waited with it for ever, because the parent
    holds the pipe's write end too, so no end of file ever comes (hang31). Once the workers
    are dead the parent closes its copy of that write end: the read ends in an error, the
    executor's thread takes the pool for broken, fails what is pending and ends. The handles
    are taken before the kill: Python 3.14's ``kill_workers`` shuts the pool down and drops
    them. Where an attribute is missing (another Python) that step is skipped, and the waits
    stay bounded: a thread that does not end is logged, not waited on.

    The call pipe's feeder thread cannot block the same way (gh-94777: a full pipe no worker
    reads): a call is a function's name and two numbers, at most ``workers + 1`` wait in the
    pipe, far below its buffer, and the executor's thread closes the parent's read end itself
    when it finds the pool broken (closing it here too would race with that close).
    """
    procs = _processes(pool)
    thread: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)
    kill_workers(pool)
    deadline = time.monotonic() + bound
    # (a process's sentinel is readable once it has exited, and so closed its pipe ends;
    # waiting on it does not reap the process, which the executor's thread does)
    sentinels: list[int] = []
    for proc in procs:
        with suppress(ValueError):  # (a process object already closed)
            sentinels.append(proc.sentinel)
    while sentinels and (left := deadline - time.monotonic()) > 0:
        ready = mp.connection.wait(sentinels, left)
        sentinels = [s for s in sentinels if s not in ready]
    writer = getattr(results, "_writer", None)
    if writer is not None:
        # (only the parent's copy, which no thread of the parent writes to; closing the
        # queue later closes it again, a no-op)
        writer.close()
    pool.shutdown(wait=False, cancel_futures=True)
    if thread is None:
        return  # (whether a thread still reads the result pipe is not known: left open)
    thread.join(max(deadline - time.monotonic(), 0.0))
    if thread.is_alive():
        log.warning(
            "%s: the worker pool's thread did not end within %g s of its workers being "
            "killed; going on without it",
            what,
            bound,
        )
        return
    if results is not None:
        # (the read end too, now that no thread reads it: shutdown(wait=False) leaves it)
        results.close()


def _processes(pool: ProcessPoolExecutor) -> list[mp.process.BaseProcess]:
    procs: dict[int, mp.process.BaseProcess] | None = getattr(pool, "_processes", None)
    return list((procs or {}).values())
