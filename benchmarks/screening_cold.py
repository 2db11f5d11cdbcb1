"""Cold and warm q/CPU-s of screening_scale's 2,400 labelled queries, and the index build alone.

For A/B comparisons of two code trees on a noisy machine: run it alternately with each tree on
PYTHONPATH (CPU time; the first pass is what a batch of fresh names costs, the one #12 measures):

    PYTHONPATH=<tree>/src BENCH_SITE=... python benchmarks/screening_cold.py --size 10000
    PYTHONPATH=<tree>/src python benchmarks/screening_cold.py --size 1000000 --passes 0
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

from exportctl.screening import Query, ScreeningIndex, screen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="total entities")
    ap.add_argument("--passes", type=int, default=1, help="passes over the queries (0: build only)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    ents, names = s.labelled_names(args.size, args.seed)
    screen(Query("warm up imports"), ScreeningIndex(ents[:10]))
    gc.collect()
    start = time.process_time()
    index = ScreeningIndex(ents)
    print(f"{args.size:,} entities: build {time.process_time() - start:.1f} CPU-s", flush=True)
    gc.collect()
    gc.freeze()
    for k in range(args.passes):
        start = time.process_time()
        for name in names:
            screen(Query(name), index)
        rate = len(names) / (time.process_time() - start)
        print(f"pass {k}: {rate:,.0f} q/CPU-s", flush=True)


if __name__ == "__main__":
    main()
