"""Retrieval alone, replayed: the ``candidates`` calls of the scale benchmark's 2,400 queries.

``--record DIR`` builds the corpus of ``screening_scale.py`` (same seed and size), screens its
queries once, and writes the index and every ``Retrieval.candidates`` call (normalised query,
floor, limit, mask) with its answer (rows and bounds) to DIR. ``--replay DIR`` loads them,
replays the calls with the per-process caches emptied (a first pass: what a batch of fresh names
costs) and checks every answer equal, bit for bit; it prints CPU µs per call.

On a shared machine CPU time moves by ±10 % with the load. The replay's instruction count does
not (±0.5 %): run it under valgrind with ``--calls N`` and with ``--calls 0`` (loading only), and
divide the difference of the two ``I refs`` by N:

    BENCH_SITE=... python benchmarks/retrieval_replay.py --size 10000 --record /tmp/rr10k
    python benchmarks/retrieval_replay.py --replay /tmp/rr10k
    PYTHONHASHSEED=0 setarch -R valgrind --tool=cachegrind --cache-sim=no \\
        --cachegrind-out-file=/dev/null python benchmarks/retrieval_replay.py \\
        --replay /tmp/rr10k --calls 1200 --once     # and again with --calls 0
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from exportctl.screening import Query, ScreeningIndex, retrieval, screen


def record(size: int, seed: int, out: Path) -> None:
    """Screen the scale benchmark's queries once, keeping every candidates call."""
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    sys.path.insert(0, str(Path(__file__).parent))
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    ents, _, qs = s.corpus(size, seed, s.real_entities(), s.Pools.make(seed), random.Random(seed))
    index = ScreeningIndex(ents)
    calls: list[tuple[Any, ...]] = []
    original = retrieval.Retrieval.candidates

    def recorded(self: Any, query: Any, floor: float, limit: int, mask: Any = None) -> Any:
        got = original(self, query, floor, limit, mask)
        calls.append((query, floor, limit, mask, [(c.row, c.bound) for c in got]))
        return got

    retrieval.Retrieval.candidates = recorded  # type: ignore[method-assign]
    try:
        for q in qs:
            screen(Query(q.name), index)
    finally:
        retrieval.Retrieval.candidates = original  # type: ignore[method-assign]
    out.mkdir(parents=True, exist_ok=True)
    index.save(out / "index.pkl")
    with (out / "calls.pkl").open("wb") as fh:
        pickle.dump(calls, fh)
    print(f"{len(calls):,} candidates calls of {len(qs):,} queries written to {out}")


def replay(src: Path, count: int | None, once: bool, thrash_mb: int = 0) -> None:
    """Replay the recorded calls cold (caches emptied), check the answers, time them; with
    ``thrash_mb``, that many MB are written between calls (timed apart), as the rest of a
    screen does between retrievals: the index's tables are then read cache-cold."""
    index = ScreeningIndex.load(src / "index.pkl")
    with (src / "calls.pkl").open("rb") as fh:
        calls = pickle.load(fh)
    gc.collect()
    gc.freeze()
    first, rest = calls[0], calls[1:] if count is None else calls[1 : count + 1]
    index.candidates(*first[:4])  # the joined-form bitmap is built on an index's first query
    for k in range(1 if once else 3):
        index._form_cache.clear()
        index._pos_cache.clear()
        if thrash_mb:
            junk = np.zeros(thrash_mb << 17)
            got, spent = [], 0.0
            for q, floor, limit, mask, _ in rest:
                junk.fill(k)
                start = time.process_time()
                got.append(index.candidates(q, floor, limit, mask))
                spent += time.process_time() - start
        else:
            start = time.process_time()
            got = [index.candidates(q, floor, limit, mask) for q, floor, limit, mask, _ in rest]
            spent = time.process_time() - start
        if once:
            return
        bad = sum(
            [(c.row, c.bound) for c in g] != want[4] for g, want in zip(got, rest, strict=True)
        )
        per = spent / max(len(rest), 1) * 1e6
        print(f"pass {k + 1}: {per:,.1f} CPU µs per call; {bad} of {len(rest):,} answers differ")
        if bad:
            sys.exit(1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="total entities (--record)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--record", type=Path, help="write the index and calls to this folder")
    ap.add_argument("--replay", type=Path, help="replay the calls recorded in this folder")
    ap.add_argument("--calls", type=int, help="replay only this many calls (after the first)")
    ap.add_argument("--once", action="store_true", help="one pass, no check (for valgrind)")
    ap.add_argument("--thrash", type=int, default=0, help="MB written between calls (cold cache)")
    args = ap.parse_args()
    if args.record:
        record(args.size, args.seed, args.record)
    if args.replay:
        replay(args.replay, args.calls, args.once, args.thrash)


if __name__ == "__main__":
    main()
