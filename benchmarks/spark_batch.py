#!/usr/bin/env python3
"""Spark (local[1], local[2]) against the local engine (1 and 2 workers) on one batch file.

Usage: python benchmarks/spark_batch.py [--rows 100000] [--engines local1,local2,spark1,spark2]
       (engines also connect1,connect2: Spark Connect servers on local[1] / local[2])

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

``connect1`` / ``connect2`` run as ``exportctl screen --engine spark --spark-remote`` does, as
clients of a standing Spark Connect server on ``local[1]`` / ``local[2]`` (``exportctl spark
serve``'s command). Each server is started once, before any timing, and given one untimed run on
a small file (its session's index upload and Python daemon start: what the first run against a
new server or after a list update pays; its wall time is printed). A run's CPU seconds are the
client's process tree plus what the server's process tree (its JVM and Python workers) used
meanwhile.

``--tiny N``: the fixed cost itself — each engine runs the command line (``python -m exportctl
screen --input … --output …``, ``--engine spark`` with ``--spark-master`` or ``--spark-remote``)
N times on a 10-row file; the median and lowest wall seconds are printed.

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

ENGINES = ("local1", "local2", "spark1", "spark2", "connect1", "connect2")
# The Spark Connect servers of this benchmark: engine -> (URL, the server's process id).
SERVERS: dict[str, tuple[str, int]] = {}


def tree_cpu(root: int | None = None) -> float:
    """CPU seconds of a process (this one) and all its descendants, live or already reaped."""
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
    total, todo = 0.0, [root or os.getpid()]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


def child(engine: str, src: Path, out: Path) -> None:
    """One run in this process; prints its CPU seconds as JSON (the parent times the wall)."""
    kind, n = engine[:-1], int(engine[-1])
    if kind == "connect":
        connect_child(n, src, out)
        return
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


def connect_child(n: int, src: Path, out: Path) -> None:
    """One run as a client of the benchmark's server on ``local[n]``, as the command line's
    ``--spark-remote`` run: no session of its own to stop, the process ended at once."""
    from exportctl.spark import run_batch
    from exportctl.spark.boot import exit_now
    from exportctl.store import open_store

    url = os.environ["EXPORTCTL_BENCH_REMOTE"]
    run = run_batch(open_store(), str(src), str(out), remote=url, partitions=4 * n, ledger="off")
    print(json.dumps({"cpu": tree_cpu(), "spark_seconds": run.seconds}))
    exit_now(0)


def start_servers(engines: list[str], tmp: Path) -> list[subprocess.Popen[bytes]]:
    """A Spark Connect server per ``connect`` engine, each given one untimed first run."""
    import socket

    from exportctl.spark.serve import server_command, server_env, wait_ready

    sys.path.insert(0, str(Path(__file__).parent))
    from batch_file import build

    procs: list[subprocess.Popen[bytes]] = []
    for engine in engines:
        if not engine.startswith("connect"):
            continue
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        started = time.perf_counter()
        log = (tmp / f"{engine}-server.log").open("wb")
        proc = subprocess.Popen(
            server_command(f"local[{engine[-1]}]", port),
            env=server_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        procs.append(proc)
        wait_ready("127.0.0.1", port, proc)
        up = time.perf_counter() - started
        SERVERS[engine] = (f"sc://127.0.0.1:{port}", proc.pid)
        src, out = tmp / "first-run.csv", tmp / f"{engine}-first-run.jsonl"
        build(src, 2_000, 0.01)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--child", engine, str(src), str(out)],
            check=True,
            capture_output=True,
            env={**os.environ, "EXPORTCTL_BENCH_REMOTE": SERVERS[engine][0]},
        )
        print(
            f"{engine}: Spark Connect server on local[{engine[-1]}] up in {up:.1f} s; its first "
            f"run (2,000 rows: the index uploaded, the Python daemon started) "
            f"{time.perf_counter() - started:.1f} s — both untimed below"
        )
        shutil.rmtree(out, ignore_errors=True)
    return procs


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
        env = dict(os.environ)
        server_cpu = 0.0
        if engine in SERVERS:
            env["EXPORTCTL_BENCH_REMOTE"] = SERVERS[engine][0]
            server_cpu = -tree_cpu(SERVERS[engine][1])
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--child", engine, str(src), str(out)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        wall = time.perf_counter() - started
        report = json.loads(proc.stdout.strip().splitlines()[-1])
        if engine in SERVERS:
            server_cpu += tree_cpu(SERVERS[engine][1])
            report["cpu"] += server_cpu  # the client's and the server's
        got = _records(out)
        assert len(got) == n, f"{engine}: {len(got)} records for {n} rows"
        if want is None:
            want = got
        assert got == want, f"{engine}: output differs from {engines[0]}'s"
        results[engine] = {"wall": wall, "load": load, **report}
        shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink()
    return results


def tiny(engines: list[str], repeats: int, tmp: Path) -> None:
    """Each engine's command line on a 10-row file, ``repeats`` times: the fixed cost."""
    import statistics

    sys.path.insert(0, str(Path(__file__).parent))
    from batch_file import build

    src = tmp / "tiny.csv"
    build(src, 10, 0.0)
    print(f"\nfixed cost: the command line on a 10-row file, {repeats} runs each (wall s)")
    print("| engine | median | lowest | load before |")
    print("|---|---:|---:|---:|")
    for engine in engines:
        kind, n = engine[:-1], engine[-1]
        args = ["--workers", n] if kind == "local" else ["--engine", "spark"]
        if kind == "spark":
            args += ["--spark-master", f"local[{n}]"]
        elif kind == "connect":
            args += ["--spark-remote", SERVERS[engine][0]]
        walls = []
        load = os.getloadavg()[0]
        for i in range(repeats):
            out = tmp / f"tiny-{engine}-{i}.jsonl"
            cmd = [sys.executable, "-m", "exportctl", "screen", "--input", str(src)]
            started = time.perf_counter()
            subprocess.run([*cmd, "--output", str(out), *args], check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
            shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink()
        print(f"| {engine} | {statistics.median(walls):.2f} | {min(walls):.2f} | {load:.1f} |")


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
    if {"connect1", "connect2"} <= results.keys():
        c1, c2 = results["connect1"]["wall"], results["connect2"]["wall"]
        print(f"connect local[2] / local[1] speed-up (wall): {c1 / c2:.2f}x (target >= 1.7x)")
    for spark in ("spark1", "connect1"):
        if {spark, "local1"} <= results.keys():
            l1, s1 = results["local1"], results[spark]
            print(
                f"{spark} per-core throughput vs local engine: wall "
                f"{l1['wall'] / s1['wall']:.0%}, CPU {l1['cpu'] / s1['cpu']:.0%} (target >= 80%)"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--engines", default=",".join(ENGINES), help="of " + ",".join(ENGINES))
    ap.add_argument("--fit", type=int, default=0, help="a second, smaller size: fixed cost+rate")
    ap.add_argument("--tiny", type=int, default=0, help="runs on a 10-row file per engine")
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
    servers: list[subprocess.Popen[bytes]] = []
    try:
        private_data(tmp)
        from exportctl.screening.engine_cache import index_for
        from exportctl.store import open_store

        index_for(open_store())  # built before the servers' first runs ship it
        servers = start_servers(engines, tmp)
        print(f"machine: {os.cpu_count()} cores; load average now {os.getloadavg()[0]:.2f}")
        if args.tiny:
            tiny(engines, args.tiny, tmp)
        sizes = [args.rows] if not args.fit else [args.fit, args.rows]
        if args.rows == 0:  # --tiny only
            sizes = []
        measured: dict[int, dict[str, dict[str, Any]]] = {}
        for rows in sizes:
            measured[rows] = measure(rows, engines, tmp)
            _table(rows, measured[rows])
        if args.fit and sizes:
            small, big = measured[args.fit], measured[args.rows]
            print(
                "\n| engine | fixed s (wall) | rows/s after it (wall) | fixed CPU-s "
                "| rows per CPU-s after it |"
            )
            print("|---|---:|---:|---:|---:|")
            for engine in engines:
                rate = (args.rows - args.fit) / (big[engine]["wall"] - small[engine]["wall"])
                cpu_rate = (args.rows - args.fit) / (big[engine]["cpu"] - small[engine]["cpu"])
                fixed = small[engine]["wall"] - args.fit / rate
                fixed_cpu = small[engine]["cpu"] - args.fit / cpu_rate
                print(
                    f"| {engine} | {fixed:.1f} | {rate:,.0f} | {fixed_cpu:.1f} | {cpu_rate:,.0f} |"
                )
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
