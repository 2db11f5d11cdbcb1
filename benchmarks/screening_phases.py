"""Where a screening query's CPU goes, on a first (cold) and a second (warm) pass.

Builds the corpus and the 2,400 labelled queries of ``screening_scale.py`` (same seed, same
sizes), then screens the queries twice in one process and prints, per pass, the CPU µs per
query of the whole ``screen`` and of its parts. The first pass is what a batch of fresh names
costs; the second finds every per-process cache (normalised names, token expansions, posting
unions, token-pair similarities) warm, so the gap is the cold path. Each part is timed by a
wrapper (outermost call only), which adds ~10 % to the totals.

``--dump FILE`` writes every query's answers (ids, scores, matched names, feature details) and
``--compare FILE`` checks them against an earlier dump: a speed change must leave them equal.

    BENCH_SITE=... python benchmarks/screening_phases.py --size 10000 --dump /tmp/a.pkl
    BENCH_SITE=... python benchmarks/screening_phases.py --size 10000 --compare /tmp/a.pkl
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import exportctl.screening as scr
from exportctl.screening import Query, ScreeningIndex, algorithm, retrieval, screen

# (module or class, attribute, label): the parts timed, outermost call only
PARTS: tuple[tuple[Any, str, str], ...] = (
    (scr, "name_for", "query normalisation"),
    (scr, "_context", "query context"),
    (retrieval.Retrieval, "candidates", "retrieval"),
    (retrieval.Retrieval, "_postings", "  posting unions"),
    (retrieval.Retrieval, "expand", "  expansion of new tokens"),
    (retrieval.Retrieval, "_joined_hits", "  joined-form lookups"),
    (retrieval.Retrieval, "_accumulate", "  per-candidate sums"),
    (scr, "query_match_lazy", "name scoring (every candidate name)"),
    (algorithm.LogicV1, "score", "features and evidence"),
)


def _timed(func: Callable[..., Any], label: str, acc: dict[str, float]) -> Callable[..., Any]:
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return func(*args, **kwargs)
        depth[0] += 1
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            acc[label] = acc.get(label, 0.0) + time.process_time() - start
            depth[0] -= 1

    return wrapper


def answers(
    index: ScreeningIndex, names: list[str], incomplete: list[str] | None = None
) -> list[list[tuple[Any, ...]]]:
    """Every query's matches as comparable tuples (feature details included); the names whose
    screen said it was incomplete are added to ``incomplete`` (not to the dump: the earlier
    dumps stay comparable)."""
    out: list[list[tuple[Any, ...]]] = []
    for name in names:
        found = screen(Query(name), index)
        if incomplete is not None and found.incomplete is not None:
            incomplete.append(name)
        out.append(
            [
                (
                    m.source,
                    m.source_id,
                    m.score,
                    m.matched_name,
                    repr(m.features),
                    sorted((b["source"], b["source_id"]) for b in m.legal_bases),
                )
                for m in found
            ]
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="total entities")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dump", help="write the answers (first pass) to this file")
    ap.add_argument("--compare", help="check the answers against this earlier dump")
    args = ap.parse_args()
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    index, names = s.labelled_index(args.size, args.seed)

    acc: dict[str, float] = {}
    for owner, attr, label in PARTS:
        setattr(owner, attr, _timed(getattr(owner, attr), label, acc))
    passes: list[tuple[float, dict[str, float]]] = []
    got: list[list[tuple[Any, ...]]] = []
    cut: list[str] = []  # names whose screen said it was incomplete (first pass)
    for k in range(2):
        acc.clear()
        start = time.process_time()
        if k == 0 and (args.dump or args.compare):
            got = answers(index, names, cut)
        else:
            for name in names:
                screen(Query(name), index)
        passes.append((time.process_time() - start, dict(acc)))

    per_q = 1e6 / len(names)
    print(f"\n{args.size:,} entities, {len(names):,} queries; CPU µs per query", end=" ")
    print("(first / second pass)\n")
    print("| part | first pass | second pass |\n|---|---:|---:|")
    print(f"| whole `screen` | {passes[0][0] * per_q:,.0f} | {passes[1][0] * per_q:,.0f} |")
    for _, _, label in PARTS:
        cold, warm = (p[1].get(label, 0.0) * per_q for p in passes)
        print(f"| {label} | {cold:,.0f} | {warm:,.0f} |")
    print(f"\nq/CPU-s: {len(names) / passes[0][0]:,.0f} first pass, "
          f"{len(names) / passes[1][0]:,.0f} second")  # fmt: skip
    if args.compare:
        print(f"incomplete: {len(cut)} of {len(got)} screens {cut[:10]}")
    if s.dump_or_compare(got, names, "answers", args.dump, args.compare):
        sys.exit(1)


if __name__ == "__main__":
    main()
