"""exportctl's cold and warm passes against trigram + token_sort, alternated in one process.

#12 compares exportctl's first (cold) pass over screening_scale's 2,400 labelled queries with
the trigram + rapidfuzz token_sort baseline. On a shared machine the two engines' q/CPU-s move
with the load from one minute to the next; here token_sort runs between every exportctl pass,
so each ratio compares neighbours. The warm passes find every per-process memo hot (normalised
names, token expansions, posting unions, token-pair similarities): they are the ceiling of any
change that only removes first-time work (a memo, a skipped reader, a table loaded earlier).

    PYTHONPATH=<tree>/src BENCH_SITE=... python benchmarks/screening_ceiling.py --size 10000
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable

from exportctl.screening import Query, ScreeningIndex, screen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="total entities")
    ap.add_argument("--warm", type=int, default=2, help="warm exportctl passes after the cold one")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    ents, names = s.labelled_names(args.size, args.seed)
    screen(Query("warm up imports"), ScreeningIndex(ents[:10]))
    index = ScreeningIndex(ents)
    tri = s.Trigram(ents)
    gc.collect()
    gc.freeze()

    def rate(engine: Callable[[str], object]) -> float:
        start = time.process_time()
        for name in names:
            engine(name)
        return len(names) / (time.process_time() - start)

    def ours(name: str) -> object:
        return screen(Query(name), index)

    before = rate(tri.alerts)
    for k in range(1 + args.warm):
        mine = rate(ours)
        after = rate(tri.alerts)
        label = "cold" if k == 0 else f"warm {k}"
        print(
            f"{args.size:,} {label}: exportctl {mine:,.0f} q/CPU-s, token_sort "
            f"{before:,.0f} / {after:,.0f} before / after: {2 * mine / (before + after):.2f}×",
            flush=True,
        )
        before = after


if __name__ == "__main__":
    main()
