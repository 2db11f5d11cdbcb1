"""How many listed names a query scores, and how far retrieval's bound lies above their scores.

At 100k and 1M names a query's cost is retrieval over long postings and the scoring of every
candidate whose bound reaches the floor (BENCHMARKS.md, "speed29"). This prints, over
``screening_scale.py``'s 2,400 labelled queries (same corpus and seed), the candidates and
the names scored per query, how many of those score below the floor, and the gap between
each candidate's bound (retrieval of the query's own name) and its score (``query_match_lazy``:
the best of the name and its readings, so a row a reading scores higher — bounded by that
reading's own retrieval — shows a negative gap): a gap the bound could close is scoring work
a tighter (still sound) bound would spare.

    PYTHONPATH=src BENCH_SITE=... python benchmarks/screening_candidates.py --size 100000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections import Counter
from typing import Any

import numpy as np

import exportctl.screening as scr
from exportctl.screening import Query, ScreeningIndex, retrieval, screen
from exportctl.screening.algorithm import DEFAULT_THRESHOLD, LogicV1


def _spread(values: list[int]) -> str:
    a = np.asarray(values, dtype=np.float64)
    cuts = " ".join(f"p{p} {np.percentile(a, p):.0f}" for p in (50, 90, 99))
    return f"mean {a.mean():.1f}, {cuts}, max {a.max():.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="total entities")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    ents, _, qs = s.corpus(
        args.size, args.seed, s.real_entities(), s.Pools.make(args.seed), random.Random(args.seed)
    )
    names = [q.name for q in qs]
    index = ScreeningIndex(ents)

    # Counted by wrappers around the screen's own calls: candidates handed on, names scored.
    count: Counter[str] = Counter()
    scored_below = 0
    first = scr.query_match_lazy
    cands = retrieval.Retrieval.candidates

    def counted_match(*a: Any, **k: Any) -> Any:
        nonlocal scored_below
        got = first(*a, **k)
        count["scored"] += 1
        scored_below += got[0] < DEFAULT_THRESHOLD
        return got

    def counted_cands(self: retrieval.Retrieval, *a: Any, **k: Any) -> Any:
        got = cands(self, *a, **k)
        count["cands"] += len(got)
        return got

    scr.query_match_lazy = counted_match  # type: ignore[assignment]
    retrieval.Retrieval.candidates = counted_cands  # type: ignore[method-assign]
    per: list[Counter[str]] = []
    for name in names:
        count = Counter()
        screen(Query(name), index)
        per.append(count)
    scr.query_match_lazy = first
    retrieval.Retrieval.candidates = cands

    # The bound against the score, for the query's own name (no readings): the gap.
    gaps: list[float] = []
    for name in names:
        ctx = scr._context(Query(name))
        floor = min(0.95, max(0.05, DEFAULT_THRESHOLD - LogicV1.max_boost(ctx)))
        for c in index.candidates(ctx.name, floor, 4096):
            e = index.entity_of(c.row)
            got = first(ctx, index.listed_name(c.row), frozenset(), index.ent_type[e])[0]
            gaps.append(c.bound - got)
    g = np.asarray(gaps)
    print(f"{args.size:,} entities, {len(names):,} queries")
    print(f"candidates a query: {_spread([p['cands'] for p in per])}")
    print(f"names scored a query: {_spread([p['scored'] for p in per])}")
    total = sum(p["scored"] for p in per)
    print(f"names scored below {DEFAULT_THRESHOLD}: {scored_below:,} of {total:,}")
    edges = [-1.0, 0.0, 0.1, 0.2, 0.3, 0.5, 2.0]
    hist = np.histogram(g, bins=edges)[0]
    print("bound of the query's own name - score (name and readings), per candidate:")
    for lo, hi, n in zip(edges, edges[1:], hist, strict=False):
        print(f"  [{lo:+.1f}, {hi:+.1f}): {n:,}")


if __name__ == "__main__":
    main()
