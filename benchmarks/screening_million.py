"""A 1M-entity synthetic corpus in a fresh process: build time, peak memory, save/load, latency.

    .venv/bin/python benchmarks/screening_million.py [--n 1000000]

Entities are generated lazily (the index consumes an iterator, as it does from the store), so
peak RSS is the index plus its build temporaries. Queries: 3,000 yente synthetic negatives and
UN positives (the corpus is made from the negatives' own first and last names, so many queries
meet genuine near-namesakes — a harsher load than real lists).
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_corpus import iter_synthetic
from screening_speed import pct, queries, rss_mb, run_ours

from exportctl.screening import Query, ScreeningIndex, screen


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    args = ap.parse_args()
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    screen(Query("warm up imports"), ScreeningIndex(iter_synthetic(10)))
    base = rss_mb()
    t = time.perf_counter()
    index = ScreeningIndex(iter_synthetic(args.n))
    build = time.perf_counter() - t
    after = rss_mb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    blob = pickle.dumps(index, protocol=5)
    t = time.perf_counter()
    pickle.loads(blob)
    load = time.perf_counter() - t
    qps, lat, _ = run_ours(index, queries(3000, seed=5))
    print(
        f"| {args.n:,} entities | {index.name_count:,} names | build {build:.0f} s | "
        f"RSS after build {after - base:,.0f} MiB (peak {peak:,.0f} MiB) | "
        f"pickle {len(blob) / 2**20:,.0f} MiB, load {load:.1f} s | {qps:,.0f} q/s | "
        f"p50 {pct(lat, 0.5):.2f} ms | p99 {pct(lat, 0.99):.2f} ms |"
    )


if __name__ == "__main__":
    main()
