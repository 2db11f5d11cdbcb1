#!/usr/bin/env python3
"""The review queue at size: putting hits in, reading the first page, a UI batch job.

Usage: python benchmarks/review_queue.py [--items 10000] [--rows 1000]

1. ``--items`` hits (one per synthetic party, entries of the bundled UN list) go into the queue
   with ``review.enqueue_many`` in chunks of 200, as a UI batch job does, and once more one by
   one with ``review.enqueue`` for the first 500 (the per-row cost);
2. ``review.queue()`` reads the first page of 200 three times (each read first compares every
   live item's listing digest with the active snapshots: the lapse check);
3. a ``--rows`` CSV batch runs through the UI's job body (``web.jobs.run_batch``: screen, write
   results, queue hits) over the bundled UN and Canadian lists.

SQLite in a temporary folder; the ledger is off (``EXPORTCTL_LEDGER=0``) to time the queue alone.
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from typing import Any

from _scratch import scratch_dir


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--rows", type=int, default=1_000)
    args = ap.parse_args()
    home = scratch_dir("exportctl-bench-review-")
    os.environ["EXPORTCTL_DATA_DIR"] = str(home)
    os.environ["EXPORTCTL_LEDGER"] = "0"

    from exportctl import review
    from exportctl.screening import ScreeningIndex
    from exportctl.screening.decisions import DecisionBook
    from exportctl.screening.runner import screen_row
    from exportctl.store import open_store
    from exportctl.store.bundle import load_bundle
    from exportctl.web.jobs import JobStatus, run_batch

    store = open_store(str(home / "queue.sqlite"), init_bundle=False)
    load_bundle(store, only=["un_sc", "ca_sema"])
    listed = [e for e in store.iter_entities() if e.source == "un_sc"]

    def hit(i: int) -> list[dict[str, Any]]:
        e = listed[i % len(listed)]
        return [{"source": e.source, "source_id": e.source_id, "name": e.caption,
                 "score": 0.9, "features": {}}]  # fmt: skip

    rows = [({"name": f"Customer {i:06d}"}, hit(i)) for i in range(args.items)]
    t = time.perf_counter()
    n = 0
    for c in range(0, len(rows), 200):
        n += sum(len(ids) for ids in review.enqueue_many(store, rows[c : c + 200], origin="b"))
    took = time.perf_counter() - t
    print(f"enqueue_many: {n} items in {took:.1f} s ({n / took:,.0f} items/s)")
    one = [({"name": f"Single {i:06d}"}, hit(i)) for i in range(min(500, args.items))]
    t = time.perf_counter()
    for q, m in one:
        review.enqueue(store, q, m, origin="b")
    took = time.perf_counter() - t
    print(f"enqueue one by one: {len(one)} items in {took:.1f} s ({len(one) / took:,.0f}/s)")
    total = n + len(one)
    for _ in range(3):
        t = time.perf_counter()
        review.queue(store, limit=200)
        print(f"queue(): first 200 of {total} items in {1000 * (time.perf_counter() - t):.0f} ms")

    index = ScreeningIndex(store.iter_entities([s.id for s in store.active_snapshots()]))
    names = [e.caption for e in store.iter_entities() if e.source == "ca_sema"]
    src = home / "batch.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name"])
        for i in range(args.rows):
            w.writerow([f"r{i}", names[i % len(names)] if i % 10 == 0 else f"Client {i} GmbH"])
    status = JobStatus("bench", "batch.csv", "bench", "running", 0, 0, 0, 0, 0, "")
    # The UI's job body as the batch page builds it (web/pages/batch.py), without ownership
    # data: the CLI batch's row function, list hits queued in one transaction per 200 rows.
    kw: dict[str, Any] = {"limit": 10}
    book = DecisionBook.load(store)
    body = run_batch(
        lambda row: screen_row(row, index, kw, book),
        lambda hits, origin: sum(
            len(ids)
            for ids in review.enqueue_many(store, [(f, m) for f, m, _ in hits if m], origin=origin)
        ),
        lambda items: None,
        kw,
    )
    t = time.perf_counter()
    body(src, home / "results.csv", lambda s: None, status)
    took = time.perf_counter() - t
    print(f"UI batch job: {status.done} rows, {status.hits} hits, {status.queued} queued "
          f"in {took:.1f} s ({status.done / took:,.0f} rows/s)")  # fmt: skip


if __name__ == "__main__":
    main()
