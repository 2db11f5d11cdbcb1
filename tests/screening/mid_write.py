"""A worker stopped in the middle of writing its result to the pool's result pipe (hang31), run
as a process of its own (``python -m tests.screening.mid_write raise|hang [3.14]``) so that the test
that runs it can bound it: before hang31 the pool's shutdown waited for the rest of that result
for ever. Prints ``ended`` when the iteration ended as a failure should.

``raise``: the CI run's case: a chunk raises; while the parent handles the failure another
worker is half way through writing a result larger than the pipe's buffer, and is killed there.
``hang``: a worker stops half way through writing (blocked, or stopped) and the parent's
timeout kills it. ``3.14``: the executor kills its workers as Python 3.14's does.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import struct
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import exportctl.screening.forked as forked

_ctx = mp.get_context("fork")
_failure_seen = _ctx.Event()  # (made before the workers are forked: shared with them)
_writing = _ctx.Event()
_pools: list[ProcessPoolExecutor] = []
_HOW = sys.argv[1] if __name__ == "__main__" else "raise"


class _Recorded(ProcessPoolExecutor):
    """The executor, remembered: a worker (a fork of the parent) finds its result pipe here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pools.append(self)


class _Like314(_Recorded):
    """An executor whose ``kill_workers`` is Python 3.14's: it shuts the pool down without
    waiting, which drops the executor's handles on its thread and pipes, then kills."""

    def kill_workers(self) -> None:
        procs = dict(self._processes)
        self.shutdown(wait=False, cancel_futures=True)
        for proc in procs.values():
            if proc.is_alive():
                proc.kill()


def _write_half() -> None:
    """What a worker killed inside ``send_bytes`` leaves: the queue's write lock taken, a
    message's length and the first 4 KiB of its 1 MiB written, the rest never."""
    queue: Any = _pools[-1]._result_queue
    queue._wlock.acquire()
    os.write(queue._writer.fileno(), struct.pack("!i", 1 << 20) + bytes(4096))
    _writing.set()
    time.sleep(3600)


def _task(start: int, stop: int) -> bytes:
    if _HOW == "hang" and start == 0:
        _write_half()
    if _HOW == "raise":
        if start == 0:
            raise RuntimeError("worker broke")
        if start == 1:
            _failure_seen.wait(30)  # (the parent has the failure in hand: now its kill lands
            _write_half()  # on this worker half way through writing)
    return b""


def main() -> None:
    forked.ProcessPoolExecutor = (  # type: ignore[attr-defined]
        _Like314 if "3.14" in sys.argv else _Recorded
    )
    real_kill = forked.kill_workers

    def kill(pool: ProcessPoolExecutor) -> None:
        _failure_seen.set()
        assert _writing.wait(30), "no worker began writing"
        real_kill(pool)

    forked.kill_workers = kill
    chunks = forked.ForkedChunks(
        _task,
        forked.spans(4, 1),
        2,
        1.0 if _HOW == "hang" else 600.0,
        what="mid-write",
        setting="TIMEOUT",
    )
    assert list(chunks) == []
    assert chunks.failure == (
        "RuntimeError: worker broke" if _HOW == "raise" else "no result in 1 s (TIMEOUT)"
    ), chunks.failure
    assert not mp.active_children()
    print("ended")


if __name__ == "__main__":
    main()
