"""Stress :class:`exportctl.screening.forked.ForkedChunks` with failing workers while the others
send large results: many rounds, each bounded; a round that does not end is a hang (hang31).

A worker fails (raises, or hangs past the timeout) while the other workers write results larger
than a pipe's buffer (64 KiB), so the parent's kill often lands on a worker in the middle of
writing one. Before hang31 the executor's manager thread then waited for the rest of that
message for ever and the pool's shutdown with it.

    PYTHONPATH=src nice python scripts/stress_forked.py --rounds 200 --mb 8

Exit status 0: every round ended; 1: a round hung (every thread's stack is printed first).
"""

from __future__ import annotations

import argparse
import faulthandler
import logging
import random
import sys
import time

from exportctl.screening.forked import ForkedChunks, spans

_SIZE = 0
_FAIL_AT = 0
_HOW = "raise"
_DELAYS: list[float] = []


def _task(start: int, stop: int) -> bytes:
    time.sleep(_DELAYS[start])
    if start == _FAIL_AT:
        if _HOW == "hang":
            time.sleep(3600)
        raise RuntimeError("worker broke")
    return bytes(_SIZE)


def main() -> int:
    global _SIZE, _FAIL_AT, _HOW, _DELAYS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--mb", type=float, default=8.0, help="size of each chunk's result")
    ap.add_argument("--chunks", type=int, default=12)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--how", choices=["raise", "hang"], default="raise")
    ap.add_argument("--bound", type=float, default=60.0, help="seconds a round may take")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)  # (each round's expected warning is not shown)
    _SIZE, _HOW = int(args.mb * 2**20), args.how
    rng = random.Random(args.seed)
    t0 = time.monotonic()
    for r in range(args.rounds):
        _FAIL_AT = rng.randrange(1, args.chunks)
        # (delays of a few ms: the failure lands near other chunks' writes, at random)
        _DELAYS = [rng.uniform(0, 0.02) for _ in range(args.chunks)]
        faulthandler.dump_traceback_later(args.bound, exit=True)  # (a hang: stacks, status 1)
        chunks = ForkedChunks(
            _task,
            spans(args.chunks, 1),
            args.workers,
            0.5 if args.how == "hang" else 600.0,
            what="stress",
            setting="none",
        )
        got = sum(1 for _ in chunks)
        faulthandler.cancel_dump_traceback_later()
        if got != _FAIL_AT or chunks.failure is None:
            print(f"round {r}: {got} results before chunk {_FAIL_AT} failed", file=sys.stderr)
            return 2
    print(f"{args.rounds} rounds ended, {time.monotonic() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
