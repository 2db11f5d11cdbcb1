#!/usr/bin/env python3
"""Spark (local[1], local[2]) against the local engine (1 and 2 workers) on one batch file.

Usage: python benchmarks/spark_batch.py [--rows 100000] [--engines local1,local2,spark1,spark2]

Builds the batch file of ``benchmarks/batch_file.py`` (listed names, synthetic names, 1 % garbage;
seeded, so the same ``--rows`` gives the same file) against the default bundled database, then
screens it once per engine, each in a fresh Python process as a CLI run would be: the local
runner with 1 or 2 forked workers, and ``exportctl.spark.run_batch`` on ``local[1]`` or
``local[2]`` (``--partitions`` = 4 × cores, ledger off, JSONL output), its session started and
ended as ``exportctl screen --engine spark`` does (``exportctl.cli._early``: started before the
rest of exportctl is imported, stopped without PySpark's accumulator-server wait, the process
ended without the interpreter's teardown). Every output is checked to hold exactly one record
per input row with the same answers, in the same order, as the first engine's.

Each run is measured as a whole process: wall seconds (interpreter start, imports, the index
opened, Spark's JVM started, every row read, screened and written) and CPU seconds of the whole
process tree (the JVM and every Python worker included; read from /proc, so Linux only). On a
shared machine wall time depends on what else runs; rows per CPU-second does much less.

Spark's JVM maps its classes from an archive that the first Spark run on a machine writes
(``exportctl.spark.jvm``); when there is none yet, an untimed run on a small file writes it first.

Two sizes separate the fixed cost from the throughput: ``--fit 100000`` also runs that size and
solves ``wall = fixed + rows / rate`` for each engine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ENGINES = ("local1", "local2", "spark1", "spark2")


def tree_cpu() -> float:
    """CPU seconds of this process and all its descendants, live or already reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # exited meanwhile
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        # utime, stime, and the same for the children this process has reaped
        cpu[int(entry)] = sum(int(x) for x in fields[11:15]) / tick
    total, todo = 0.0, [os.getpid()]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


def child(engine: str, src: Path, out: Path) -> None:
    """One run in this process; prints its CPU seconds as JSON (the parent times the wall)."""
    kind, n = engine[:-1], int(engine[-1])
    if kind == "spark":
        # As `exportctl screen --engine spark` does (exportctl.cli._early): the JVM starts
        # before the rest of exportctl is imported.
        from exportctl.spark.boot import start_early

        start_early(f"local[{n}]")
    from exportctl.store import open_store

    store = open_store()
    if kind == "local":
        from exportctl.screening.batch import read_rows, write_results
        from exportctl.screening.runner import screen_rows

        write_results(out, screen_rows(store, list(read_rows(src)), workers=n))
        print(json.dumps({"cpu": tree_cpu()}))
        return
    from exportctl.spark import run_batch
    from exportctl.spark.boot import end_early, exit_now

    run = run_batch(store, str(src), str(out), master=f"local[{n}]", partitions=4 * n, ledger="off")
    cpu = tree_cpu()  # before stopping: the Python workers are still alive, and counted
    end_early()  # the session's stop, as the command line's (exportctl.spark.end)
    print(json.dumps({"cpu": cpu, "spark_seconds": run.seconds}))
    exit_now(0)  # and its exit, without the interpreter's teardown


def private_data(tmp: Path) -> None:
    """This run's own data folder (index cache) and, for the default database, its own copy.

    On a shared machine another process that builds an index for the same database deletes the
    older cache files, this run's included, and a list update would change the answers midway.
    """
    import sqlite3

    from exportctl.settings import get_settings

    settings = get_settings()
    data = tmp / "data"
    data.mkdir()
    if settings.is_default_db:
        with (
            sqlite3.connect(settings.db) as source,
            sqlite3.connect(data / "exportctl.sqlite") as copy,
        ):
            source.backup(copy)
    os.environ["EXPORTCTL_DATA_DIR"] = str(data)  # the children inherit it


def class_archive(tmp: Path) -> None:
    """Spark's class-data sharing archive (exportctl.spark.jvm), written before any timing.

    The first Spark run on a machine writes it as its JVM exits (once per Java and Spark
    version); that run is made here, untimed in the tables, on a small file, and its time said.
    """
    from exportctl.spark.jvm import archive_path

    archive = archive_path()
    if archive is None or archive.is_file():
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from batch_file import build

    src, out = tmp / "archive-run.csv", tmp / "archive-run.jsonl"
    build(src, 2_000, 0.01)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--child", "spark1", str(src), str(out)],
        check=True,
        capture_output=True,
    )
    print(
        f"class-data sharing archive written by a first Spark run: {archive} "
        f"({archive.stat().st_size / 2**20:.0f} MiB; that run of 2,000 rows took "
        f"{time.perf_counter() - started:.1f} s, the archive included)"
        if archive.is_file()
        else "no class-data sharing archive was written (runs load Spark's classes themselves)"
    )
    shutil.rmtree(out, ignore_errors=True)


def _records(path: Path) -> list[str]:
    if path.is_dir():
        from exportctl.spark import output_records

        return [json.dumps(r, ensure_ascii=False) for r in output_records(str(path))]
    return path.read_text("utf-8").splitlines()


def measure(rows: int, engines: list[str], tmp: Path) -> dict[str, dict[str, float]]:
    """Each engine's wall and CPU seconds on the ``rows``-row file; outputs checked identical."""
    sys.path.insert(0, str(Path(__file__).parent))
    from batch_file import build

    from exportctl.screening.engine_cache import index_for
    from exportctl.store import open_store

    src = tmp / f"customers-{rows}.csv"
    n, _ = build(src, rows, 0.01)
    index_for(open_store())  # built (or its cache checked) before any timing
    if any(e.startswith("spark") for e in engines):
        class_archive(tmp)
    results: dict[str, dict[str, float]] = {}
    want: list[str] | None = None
    for engine in engines:
        out = tmp / f"{engine}-{rows}.jsonl"
        load = os.getloadavg()[0]
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", engine, str(src), str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        report = json.loads(proc.stdout.strip().splitlines()[-1])
        got = _records(out)
        assert len(got) == n, f"{engine}: {len(got)} records for {n} rows"
        if want is None:
            want = got
        assert got == want, f"{engine}: output differs from {engines[0]}'s"
        results[engine] = {"wall": wall, "load": load, **report}
        shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink()
    return results


def _table(rows: int, results: dict[str, dict[str, float]]) -> None:
    print(f"\nrows: {rows:,} (every output identical to {next(iter(results))}'s)")
    print("| engine | wall s | rows/s (wall) | CPU s | rows per CPU-s | load before |")
    print("|---|---:|---:|---:|---:|---:|")
    for engine, r in results.items():
        print(
            f"| {engine} | {r['wall']:.1f} | {rows / r['wall']:,.0f} | {r['cpu']:.1f} | "
            f"{rows / r['cpu']:,.0f} | {r['load']:.1f} |"
        )
    if {"spark1", "spark2"} <= results.keys():
        s1, s2 = results["spark1"]["wall"], results["spark2"]["wall"]
        print(f"spark local[2] / local[1] speed-up (wall): {s1 / s2:.2f}x (target >= 1.7x)")
    if {"spark1", "local1"} <= results.keys():
        l1, s1 = results["local1"], results["spark1"]
        print(
            f"spark per-core throughput vs local engine: wall {l1['wall'] / s1['wall']:.0%}, "
            f"CPU {l1['cpu'] / s1['cpu']:.0%} (target >= 80%)"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--engines", default=",".join(ENGINES), help="of " + ",".join(ENGINES))
    ap.add_argument("--fit", type=int, default=0, help="a second, smaller size: fixed cost+rate")
    ap.add_argument("--child", nargs=3, metavar=("ENGINE", "SRC", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        engine, src, out = args.child
        child(engine, Path(src), Path(out))
        return
    engines = [e for e in args.engines.split(",") if e]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        ap.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    tmp = Path(tempfile.mkdtemp(prefix="exportctl-spark-bench-"))
    try:
        private_data(tmp)
        print(f"machine: {os.cpu_count()} cores; load average now {os.getloadavg()[0]:.2f}")
        sizes = [args.rows] if not args.fit else [args.fit, args.rows]
        measured: dict[int, dict[str, dict[str, Any]]] = {}
        for rows in sizes:
            measured[rows] = measure(rows, engines, tmp)
            _table(rows, measured[rows])
        if args.fit:
            small, big = measured[args.fit], measured[args.rows]
            print(
                "\n| engine | fixed s (wall) | rows/s after it (wall) | rows per CPU-s after it |"
            )
            print("|---|---:|---:|---:|")
            for engine in engines:
                rate = (args.rows - args.fit) / (big[engine]["wall"] - small[engine]["wall"])
                cpu_rate = (args.rows - args.fit) / (big[engine]["cpu"] - small[engine]["cpu"])
                fixed = small[engine]["wall"] - args.fit / rate
                print(f"| {engine} | {fixed:.1f} | {rate:,.0f} | {cpu_rate:,.0f} |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
