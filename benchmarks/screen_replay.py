"""Whole screens replayed cold: the scale benchmark's 2,400 queries, each screened once.

``--record DIR`` builds the corpus of ``screening_scale.py`` (same seed and size) and writes the
index and the query names to DIR. ``--replay DIR`` loads them in a fresh process, normalises
every listed name as the build does (so that the per-word memos a build fills are as full as in
the benchmark's process), then screens each query once — a first pass: every token and name
first seen, as in the benchmark — and prints CPU µs per query and a digest of the answers.

On a shared machine CPU time moves by ±10 % with the load. The instruction count does not:
run the replay under valgrind with ``--queries N`` and with ``--queries 0`` (loading and the
build's normalisation only) and divide the difference of the two ``I refs`` by N:

    BENCH_SITE=... python benchmarks/screen_replay.py --size 10000 --record /tmp/sr10k
    python benchmarks/screen_replay.py --replay /tmp/sr10k
    PYTHONHASHSEED=0 setarch -R valgrind --tool=cachegrind --cache-sim=no \\
        --cachegrind-out-file=/dev/null python benchmarks/screen_replay.py \\
        --replay /tmp/sr10k --queries 2400     # and again with --queries 0
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

from exportctl.model import EntityType
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.names import normalize_name


def record(size: int, seed: int, out: Path) -> None:
    """Build the benchmark's index and write it with its query names."""
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    sys.path.insert(0, str(Path(__file__).parent))
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    ents, _, qs = s.corpus(size, seed, s.real_entities(), s.Pools.make(seed), random.Random(seed))
    out.mkdir(parents=True, exist_ok=True)
    ScreeningIndex(ents).save(out / "index.pkl")
    (out / "names.json").write_text(json.dumps([q.name for q in qs]))
    print(f"index of {size:,} entities and {len(qs):,} query names written to {out}")


def replay(src: Path, count: int | None) -> None:
    """Screen the recorded names once each in this (fresh) process."""
    index = ScreeningIndex.load(src / "index.pkl")
    names = json.loads((src / "names.json").read_text())[:count]
    uncached = normalize_name.__wrapped__
    for row, text in enumerate(index.name_text):  # (the build's per-word memos, filled)
        uncached(text, index.ent_type[int(index.name_ent[row])] != EntityType.PERSON)
    screen(Query("warm up imports"), index)
    gc.collect()
    gc.freeze()
    start = time.process_time()
    answers = [
        [(m.source_id, m.score, m.matched_name) for m in screen(Query(n), index)] for n in names
    ]
    spent = time.process_time() - start
    digest = hashlib.sha256(repr(answers).encode()).hexdigest()[:16]
    per = spent / max(len(names), 1) * 1e6
    print(f"{len(names):,} queries: {per:,.1f} CPU µs per query (first pass); answers {digest}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="total entities (--record)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--record", type=Path, help="write the index and query names here")
    ap.add_argument("--replay", type=Path, help="screen the query names recorded here")
    ap.add_argument("--queries", type=int, help="screen only the first N names")
    args = ap.parse_args()
    if args.record:
        record(args.size, args.seed, args.record)
    if args.replay:
        replay(args.replay, args.queries)


if __name__ == "__main__":
    main()
