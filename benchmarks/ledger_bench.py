"""Ledger speed: append and verify N records (default 1M), side by side with naive references.

    .venv/bin/python benchmarks/ledger_bench.py [--n 1000000] [--batch 10000] [--naive-n 1000000]

* exportctl append: ``Ledger.record_many`` in batches (digests, leaf, O(log n) tree update, rows
  in the same SQLite transaction, one signed head per batch).
* exportctl verify: ``Ledger.verify`` (recompute every leaf from the stored entries, rebuild the
  tree, compare every stored node, check every signed head and every record-store digest).
* naive tree upkeep: recompute the root from scratch with hashlib (RFC 6962 recursive MTH)
  after each batch, as a log that stores no interior nodes must do to sign a head — against
  ``merkle.Frontier`` appends.
* naive verify: read the stored entries with sqlite3, rebuild leaves, recursive MTH, compare with
  the latest head only.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _scratch import scratch_dir

from exportctl.ledger import Ledger, PendingRecord, merkle
from exportctl.ledger.encoding import leaf_text
from exportctl.ledger.keys import create_key
from exportctl.ledger.verifier import leaf_hash
from exportctl.store.db import open_engine

DESTS = ["IR", "CN", "RU", "BR", "DE", "IN", "AE", "TR", "US", "KP"]
VERSIONS = {"rulebook:eu": "2021/821@2025-09", "list:un_sc": "2026-06-30"}


def make(i: int, start: datetime) -> PendingRecord:
    at = start + timedelta(seconds=i)
    if i % 2:
        return PendingRecord(
            "screening",
            {"name": f"Person Number {i}", "country": DESTS[i % 10], "birth_date": "1970"},
            {
                "hits": [{"source": "un_sc", "scope": "multilateral", "score": 0.91}]
                if i % 7 == 1
                else []
            },
            f"officer{i % 13}@example.org",
            VERSIONS,
            at=at,
        )
    return PendingRecord(
        "determination",
        {"item": "3A001.a.1", "destination": DESTS[i % 10], "end_user": f"Company {i}"},
        {
            "jurisdiction": "EU",
            "outcome": "licence_required" if i % 3 else "no_licence_required",
            "destination": DESTS[i % 10],
            "regimes": ["wassenaar"],
            "authorisations": ["EU001"] if i % 3 == 0 else [],
        },
        f"officer{i % 13}@example.org",
        VERSIONS,
        at=at,
    )


def naive_verify(db: Path) -> tuple[float, bytes]:
    t = time.perf_counter()
    con = sqlite3.connect(db)
    leaves = [
        leaf_hash(leaf_text(*row).encode())
        for row in con.execute(
            "SELECT entry_id, kind, time, actor_digest, inputs_digest, result_digest, "
            "summary_digest, versions FROM ledger_entries ORDER BY seq"
        )
    ]
    signed = con.execute("SELECT root_hash FROM ledger_heads ORDER BY id DESC LIMIT 1").fetchone()
    sys.setrecursionlimit(10000)
    root = merkle.naive_root(leaves)
    assert signed is not None
    assert bytes(signed[0]) == root
    return time.perf_counter() - t, root


def naive_upkeep(n: int, batch: int) -> tuple[float, float]:
    """Seconds to keep a signable root per batch: naive recompute vs the stored frontier."""
    leaves = [leaf_hash(i.to_bytes(8, "big")) for i in range(n)]
    t = time.perf_counter()
    for end in range(batch, n + 1, batch):
        merkle.naive_root(leaves[:end])
    naive = time.perf_counter() - t
    t = time.perf_counter()
    frontier = merkle.Frontier()
    sink: list[tuple[int, int, bytes]] = []
    for end in range(batch, n + 1, batch):
        for leaf in leaves[end - batch : end]:
            frontier.append(leaf, lambda lv, ix, h: sink.append((lv, ix, h)))
        frontier.root()
        sink.clear()
    return naive, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument("--naive-n", type=int, default=None, help="records for the naive upkeep run")
    ap.add_argument("--dir", type=Path, default=None, help="work dir (default: a temp dir)")
    args = ap.parse_args()
    work = args.dir or scratch_dir("ledger-bench-")
    work.mkdir(parents=True, exist_ok=True)
    db = work / "bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    home = work / "home"
    create_key(home, force=True)
    ledger = Ledger(open_engine(f"sqlite:///{db}"), home)
    ledger.ensure_schema()
    start = datetime(2026, 7, 1, tzinfo=UTC)

    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}"
    )
    append_s = append_cpu = 0.0
    for lo in range(0, args.n, args.batch):
        batch = [make(i, start) for i in range(lo, min(args.n, lo + args.batch))]
        t0, c0 = time.perf_counter(), time.process_time()
        ledger.record_many(batch)  # only the ledger's work is timed, not making the inputs
        append_s += time.perf_counter() - t0
        append_cpu += time.process_time() - c0
    print(
        f"exportctl append     {args.n:>9,} records  {append_s:7.1f} s  "
        f"{args.n / append_s:>9,.0f} records/s  (batches of {args.batch:,}, SQLite file; "
        f"CPU {append_cpu:.1f} s = {args.n / append_cpu:,.0f} records per CPU-second)"
    )

    t0, c0 = time.perf_counter(), time.process_time()
    report = ledger.verify()
    verify_s, verify_cpu = time.perf_counter() - t0, time.process_time() - c0
    assert report.ok, report.problems[:5]
    print(
        f"exportctl verify     {report.tree_size:>9,} records  {verify_s:7.1f} s  "
        f"({report.heads_checked} heads, {report.records_checked:,} record digests, "
        f"all nodes compared; CPU {verify_cpu:.1f} s)"
    )

    naive_s, _ = naive_verify(db)
    print(
        f"naive verify         {args.n:>9,} records  {naive_s:7.1f} s  "
        "(leaves + recursive MTH vs latest head only; no nodes, heads or records)"
    )

    n2 = args.naive_n or args.n
    naive_up, frontier_up = naive_upkeep(n2, args.batch)
    print(
        f"tree upkeep naive    {n2:>9,} leaves   {naive_up:7.1f} s  "
        f"(root recomputed from scratch after each batch of {args.batch:,})"
    )
    print(
        f"tree upkeep frontier {n2:>9,} leaves   {frontier_up:7.1f} s  "
        "(exportctl: O(log n) per append, root from the frontier)"
    )
    print(f"database size {db.stat().st_size / 1e6:,.0f} MB at {db}")


if __name__ == "__main__":
    main()
