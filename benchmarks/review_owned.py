"""What a read of the review queue costs with many ownership items (derived hits queued for
review): every item is derived again on the first read after anything it depends on changed
(ownership snapshot, active lists, a list verdict, the date), then checked items are skipped.

On ``ownership_bench.py``'s synthetic data (N links): parties of the data (``Company 3-12
GmbH``) are screened, their derived hits queued until there are ITEMS ownership items; then
a list verdict is recorded (any verdict makes every item stale) and the queue is read
(``review.queue``): CPU of that read per item, and of a second read (nothing stale).

    nice python benchmarks/review_owned.py --links 20000 --items 1000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ownership_bench as ob  # (the generator of the ownership benchmark)
from _scratch import scratch_dir
from sqlalchemy import select

from exportctl import review
from exportctl.ownership import derived_hits
from exportctl.ownership import names as nm
from exportctl.screening.decisions import record_decision
from exportctl.store.schema import entities


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--links", type=int, default=20_000)
    ap.add_argument("--items", type=int, default=1_000)
    args = ap.parse_args()
    tmp = scratch_dir("review-owned-")
    store, snap, targets, _ = ob.lists_and_ownership(tmp, args.links)
    os.environ["EXPORTCTL_DATA_DIR"] = str(tmp / "home")
    nm.name_index(store, snap.id)
    rng = random.Random(5)
    items = 0
    parties = 0
    while items < args.items:
        name = f"Company {rng.choice(targets)[1:]} GmbH"
        hits = derived_hits(store, name)
        if not hits:
            continue
        got = review.enqueue_derived(store, [({"name": name}, hits)], origin="batch")[0]
        items += len(got)
        parties += 1
    total = review.counts(store)
    # Any new list verdict changes what every ownership item depends on: all are stale.
    with store.engine.connect() as conn:
        sid = conn.execute(select(entities.c.source_id).limit(1)).scalar_one()
    record_decision(
        store, {"name": "Bench Reader Test"}, "us_csl", sid, "false_positive", "r1", "bench"
    )
    t = time.process_time()
    first = review.queue(store, source="ownership", limit=10_000)
    stale_cpu = time.process_time() - t
    t = time.process_time()
    second = review.queue(store, source="ownership", limit=10_000)
    fresh_cpu = time.process_time() - t
    assert [i.id for i in first] == [i.id for i in second]
    print(
        f"links {args.links:,} (parties {snap.party_count:,}): {items:,} ownership items "
        f"of {parties:,} screened parties (queue counts {total})"
    )
    print(
        f"queue read, every item stale: {stale_cpu:.2f} s CPU, "
        f"{stale_cpu / items * 1e3:.2f} ms an item"
    )
    print(
        f"queue read, nothing stale: {fresh_cpu:.3f} s CPU, "
        f"{fresh_cpu / items * 1e3:.3f} ms an item"
    )


if __name__ == "__main__":
    main()
