#!/usr/bin/env python3
"""Spark (local[1], local[2]) against the local engine (1 and 2 workers) on one batch file.

Usage: python benchmarks/spark_batch.py [--rows 100000] [--skip-local]

Builds the batch file of ``benchmarks/batch_file.py`` (listed names, synthetic names, 1 % garbage)
against the default bundled database, then screens it with the local runner (1 and 2 forked
workers) and with ``exportctl.spark.run_batch`` on ``local[1]`` and ``local[2]`` (a fresh Spark
session each, ledger off, JSONL output). Each run is timed wall-clock from the first row read to
the last record written (Spark: including its JVM start), and every output is checked to hold
exactly one record per input row with the same answers as the local single-process run.
Prints rows/s, the Spark ratios the issue asks for, and the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from batch_file import build

from exportctl.screening.batch import read_rows, write_results
from exportctl.screening.engine_cache import index_for
from exportctl.screening.runner import screen_rows
from exportctl.store import open_store


def _local(src: Path, out: Path, workers: int) -> float:
    store = open_store()
    started = time.perf_counter()
    write_results(out, screen_rows(store, list(read_rows(src)), workers=workers))
    return time.perf_counter() - started


def _spark(src: Path, out: Path, cores: int) -> float:
    from exportctl.spark import run_batch, session

    store = open_store()
    started = time.perf_counter()
    spark = session(f"local[{cores}]", app_name=f"bench-{cores}")
    spark.sparkContext.setLogLevel("ERROR")
    try:
        run_batch(store, str(src), str(out), spark=spark, partitions=cores * 4, ledger="off")
    finally:
        spark.stop()
    return time.perf_counter() - started


def _records(path: Path) -> list[str]:
    if path.is_dir():
        from exportctl.spark import output_records

        return [json.dumps(r, ensure_ascii=False) for r in output_records(str(path))]
    return path.read_text("utf-8").splitlines()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="exportctl-spark-bench-"))
    try:
        src = tmp / "customers.csv"
        rows, _ = build(src, args.rows, 0.01)
        index_for(open_store())  # build the index before any timing
        runs: dict[str, float] = {}
        ref = tmp / "local1.jsonl"
        runs["local engine, 1 worker"] = _local(src, ref, 1)
        runs["local engine, 2 workers"] = _local(src, tmp / "local2.jsonl", 2)
        runs["spark local[1]"] = _spark(src, tmp / "spark1.jsonl", 1)
        runs["spark local[2]"] = _spark(src, tmp / "spark2.jsonl", 2)
        want = _records(ref)
        for name in ("local2.jsonl", "spark1.jsonl", "spark2.jsonl"):
            got = _records(tmp / name)
            assert got == want, f"{name}: output differs from the local engine"
        print(f"rows: {rows:,} (every output identical to the local 1-worker run)")
        print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        print("| engine | seconds | rows/s |")
        print("|---|---:|---:|")
        for name, secs in runs.items():
            print(f"| {name} | {secs:.1f} | {rows / secs:,.0f} |")
        s1, s2 = runs["spark local[1]"], runs["spark local[2]"]
        l1 = runs["local engine, 1 worker"]
        print(f"spark local[2] / local[1] speed-up: {s1 / s2:.2f}x (target >= 1.7x)")
        print(f"spark per-core throughput vs local engine: {l1 / s1:.0%} (target >= 80%)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
