#!/usr/bin/env python3
"""Spark (local[1], local[2]) against the local engine (1 and 2 workers) on one batch file.

Usage: python benchmarks/spark_batch.py [--rows 100000] [--engines local1,local2,spark1,spark2]
       (engines also connect1,connect2: Spark Connect servers on local[1] / local[2];
       session1,session2 and client1,client2: a batch in a running application, below)

Builds the batch file of ``benchmarks/batch_file.py`` (listed names, synthetic names, 1 % garbage;
seeded, so the same ``--rows`` gives the same file) against the default bundled database, then
screens it once per engine, each in a fresh Python process as a CLI run would be: the local
runner with 1 or 2 forked workers, and ``exportctl.spark.run_batch`` on ``local[1]`` or
``local[2]`` (the engine's default partitions: eight per core; ledger off, JSONL output), its
session started and ended as ``exportctl screen --engine spark`` does
(``exportctl.cli._early``: started before the rest of exportctl is imported, stopped without
PySpark's accumulator-server wait, the process ended without the interpreter's teardown). Every
output is checked to hold exactly one record per input row with the same answers, in the same
order, as the first engine's.

Each run is measured as a whole process: wall seconds (interpreter start, imports, the index
opened, Spark's JVM started, every row read, screened and written) and CPU seconds of the whole
process tree (the JVM and every Python worker included; read from /proc, so Linux only). On a
shared machine wall time depends on what else runs; rows per CPU-second does much less.

Spark's JVM maps its classes from an archive that the first Spark run on a machine writes
(``exportctl.spark.jvm``); when there is none yet, an untimed run on a small file writes it first.

``connect1`` / ``connect2`` run as ``exportctl screen --engine spark --spark-remote`` does, as
clients of a standing Spark Connect server on ``local[1]`` / ``local[2]`` (``exportctl spark
serve``'s command; ``--server-conf key=value`` adds settings to it). Each server is started just
before its engine's runs and stopped right after them, so that no other engine's run shares the
machine with an idle server (its JVM and Python daemon); the engines run one after another, each
on every size. A server's start and one untimed run on a small file (its session's index upload
and Python daemon start: what the first run against a new server or after a list update pays)
are printed, not timed. A run's CPU seconds are the client's process tree plus what the server's
process tree (its JVM and Python workers) used meanwhile; the server's part is also printed, split
into the JVM's and its Python processes'.

``session1`` / ``session2`` and ``client1`` / ``client2`` measure something else: one batch
in a Spark application that is already running — a notebook, a long-running ``spark-submit``
job screening many files, a Spark Connect client that stays connected — as the library entry
point (``run_batch(..., spark=session)``) meets it. The child process opens one session
(``session``: its own on ``local[1]`` / ``local[2]``, as ``exportctl.spark.session`` makes it;
``client``: a Spark Connect client of the benchmark's server, whose session keeps the index),
screens an untimed batch of 2,000 other rows (seed 11: the Python daemon started, the index
opened, the workers forked), then the timed batch: its wall and CPU seconds are that batch's
alone, from ``run_batch``'s call to its return (every row read, screened, written, the output
committed and the summary written), not the process's. The JVM's start and the first run's
costs are not in them — the cold engines above are the figure for a command-line run.

``--tiny N``: the fixed cost itself — each engine runs the command line (``python -m exportctl
screen --input … --output …``, ``--engine spark`` with ``--spark-master`` or ``--spark-remote``)
N times on a 10-row file; the median and lowest wall seconds are printed.

Two sizes separate the fixed cost from the throughput: ``--fit 100000`` also runs that size and
solves ``wall = fixed + rows / rate`` for each engine.

``--repeat N``: each engine runs each size N times in a row and the tables keep its fastest run
(every run's wall seconds are printed too): on a machine shared with other work, the fastest of
a few runs is the one least slowed by it, and the ratios between engines are taken from those.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ENGINES = (
    "local1",
    "local2",
    "spark1",
    "spark2",
    "connect1",
    "connect2",
    "session1",
    "session2",
    "client1",
    "client2",
)
# Engines that time one batch in a running application (a warm-up batch first, untimed).
WARM_ENGINES = ("session", "client")
# Rows of the untimed batch a ``session`` engine screens first (another seed than the timed file).
WARM_ROWS = 2_000
# The Spark Connect server that is up (at most one): engine -> (URL, the server's process id).
SERVERS: dict[str, tuple[str, int]] = {}
# More settings for the servers (--server-conf key=value).
SERVER_CONF: list[str] = []


def _proc_cpu() -> tuple[dict[int, list[int]], dict[int, float]]:
    """Each process's children and CPU seconds (its own and its reaped children's)."""
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
    return children, cpu


def _tree(root: int, children: dict[int, list[int]], cpu: dict[int, float]) -> float:
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


def tree_cpu(root: int | None = None) -> float:
    """CPU seconds of a process (this one) and all its descendants, live or already reaped."""
    children, cpu = _proc_cpu()
    return _tree(root or os.getpid(), children, cpu)


def server_cpu(root: int) -> tuple[float, float]:
    """A Spark Connect server's CPU seconds: its JVM's (spark-submit's ``java``, a descendant of
    ``root``, or ``root`` itself) and the Python processes under that JVM (daemon, workers)."""
    children, cpu = _proc_cpu()
    total = _tree(root, children, cpu)
    java = root
    todo = [root]
    while todo:  # the deepest process whose name is java
        pid = todo.pop()
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "java":
                java = pid
        except OSError:
            pass
        todo.extend(children.get(pid, []))
    python = sum(_tree(c, children, cpu) for c in children.get(java, []))
    return total - python, python


def child(engine: str, src: Path, out: Path) -> None:
    """One run in this process; prints its CPU seconds as JSON (the parent times the wall)."""
    kind, n = engine[:-1], int(engine[-1])
    if kind == "connect":
        connect_child(n, src, out)
        return
    if kind in WARM_ENGINES:
        warm_child(kind, n, src, out)
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

    run = run_batch(store, str(src), str(out), master=f"local[{n}]", ledger="off")
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
    run = run_batch(open_store(), str(src), str(out), remote=url, ledger="off")
    print(json.dumps({"cpu": tree_cpu(), "spark_seconds": run.seconds}))
    exit_now(0)


def warm_child(kind: str, n: int, src: Path, out: Path) -> None:
    """A batch in a running Spark application, through the library entry point as a notebook,
    a long-running job screening many files or a Connect client does (``run_batch(...,
    spark=session)``): ``session`` — one session of this process's own on ``local[n]``;
    ``client`` — one Spark Connect client of the benchmark's server on ``local[n]``, its
    session kept. First one untimed batch of :data:`WARM_ROWS` other rows (the Python daemon
    started, the index opened or uploaded, the workers forked, the JIT warm), then the timed
    batch. Prints that batch's own wall and CPU seconds (the whole process tree's, Spark's JVM
    and Python workers included; a client's also the server's, measured meanwhile)."""
    from exportctl.screening.engine_cache import index_file
    from exportctl.spark import run_batch
    from exportctl.spark.boot import end, exit_now, session
    from exportctl.spark.connect import close, remote_session
    from exportctl.store import open_store

    sys.path.insert(0, str(Path(__file__).parent))
    from batch_file import build

    store = open_store()
    if kind == "session":
        spark = session(f"local[{n}]")
    else:
        spark = remote_session(os.environ["EXPORTCTL_BENCH_REMOTE"], index_file(store).name)
    warm_src = out.with_name(f"{out.stem}-warm.csv")
    warm_out = out.with_name(f"{out.stem}-warm.jsonl")
    build(warm_src, WARM_ROWS, 0.01, seed=11)
    run_batch(store, str(warm_src), str(warm_out), spark=spark, ledger="off")
    shutil.rmtree(warm_out)
    warm_src.unlink()
    server = int(os.environ.get("EXPORTCTL_BENCH_SERVER", "0"))
    before = server_cpu(server) if server else (0.0, 0.0)
    cpu = tree_cpu()
    started = time.perf_counter()
    run = run_batch(store, str(src), str(out), spark=spark, ledger="off")
    wall = time.perf_counter() - started
    report: dict[str, float] = {"cpu": tree_cpu() - cpu, "batch_wall": wall}
    if server:
        after = server_cpu(server)
        report["server_jvm"] = after[0] - before[0]
        report["server_python"] = after[1] - before[1]
        report["client"] = report["cpu"]
        report["cpu"] += report["server_jvm"] + report["server_python"]
    report["spark_seconds"] = run.seconds
    if kind == "session":
        end(spark)
    else:
        close(spark)
    print(json.dumps(report))
    exit_now(0)


@contextlib.contextmanager
def server_for(engine: str, tmp: Path) -> Iterator[None]:
    """For a ``connect`` engine: its Spark Connect server, up and given one untimed first run,
    for the ``with`` block, then stopped (nothing for the other engines)."""
    if not engine.startswith(("connect", "client")):
        yield
        return
    import socket

    from exportctl.spark.serve import server_command, server_env, stop_server, wait_ready

    sys.path.insert(0, str(Path(__file__).parent))
    from batch_file import build

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.perf_counter()
    log = (tmp / f"{engine}-server.log").open("wb")
    proc = subprocess.Popen(
        server_command(f"local[{engine[-1]}]", port, conf=SERVER_CONF),
        env=server_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
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
            f"{time.perf_counter() - started:.1f} s — both untimed"
        )
        shutil.rmtree(out, ignore_errors=True)
        yield
    finally:
        SERVERS.pop(engine, None)
        stop_server(proc)
        log.close()


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


def batch_files(sizes: list[int], tmp: Path) -> dict[int, tuple[Path, int]]:
    """The batch file of each size (and its rows), the index built before any timing."""
    sys.path.insert(0, str(Path(__file__).parent))
    from batch_file import build

    from exportctl.screening.engine_cache import index_for
    from exportctl.store import open_store

    files: dict[int, tuple[Path, int]] = {}
    for rows in sizes:
        src = tmp / f"customers-{rows}.csv"
        files[rows] = (src, build(src, rows, 0.01)[0])
    index_for(open_store())  # built (or its cache checked) before any timing
    return files


def measure(engine: str, rows: int, src: Path, n: int, tmp: Path) -> dict[str, Any]:
    """One engine's wall and CPU seconds on the ``rows``-row file, and its output's digest."""
    out = tmp / f"{engine}-{rows}.jsonl"
    load = os.getloadavg()[0]
    env = dict(os.environ)
    server = SERVERS.get(engine)
    before = (0.0, 0.0)
    warm = engine[:-1] in WARM_ENGINES  # the child times its batch (and the server) itself
    if server is not None:
        env["EXPORTCTL_BENCH_REMOTE"] = server[0]
        env["EXPORTCTL_BENCH_SERVER"] = str(server[1])
        if not warm:
            before = server_cpu(server[1])
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
    if "batch_wall" in report:  # a batch in a running application: that batch alone
        report["process_wall"], wall = wall, report["batch_wall"]
    if server is not None and not warm:
        after = server_cpu(server[1])
        report["server_jvm"] = after[0] - before[0]
        report["server_python"] = after[1] - before[1]
        report["client"] = report["cpu"]
        report["cpu"] += report["server_jvm"] + report["server_python"]  # client and server
    got = _records(out)
    assert len(got) == n, f"{engine}: {len(got)} records for {n} rows"
    shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink()
    digest = hashlib.sha256("\n".join(got).encode()).hexdigest()
    return {"wall": wall, "load": load, "digest": digest, **report}


def tiny(engine: str, repeats: int, tmp: Path) -> None:
    """One engine's command line on a 10-row file, ``repeats`` times: the fixed cost."""
    import statistics

    sys.path.insert(0, str(Path(__file__).parent))
    from batch_file import build

    src = tmp / "tiny.csv"
    build(src, 10, 0.0)
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
    print(
        f"fixed cost, {engine}: the command line on a 10-row file, {repeats} runs: median "
        f"{statistics.median(walls):.2f} s, lowest {min(walls):.2f} s (load before {load:.1f})"
    )


def _table(rows: int, results: dict[str, dict[str, float]]) -> None:
    print(f"\nrows: {rows:,} (every output identical to {next(iter(results))}'s)")
    print("| engine | wall s | rows/s (wall) | CPU s | rows per CPU-s | load before |")
    print("|---|---:|---:|---:|---:|---:|")
    for engine, r in results.items():
        print(
            f"| {engine} | {r['wall']:.1f} | {rows / r['wall']:,.0f} | {r['cpu']:.1f} | "
            f"{rows / r['cpu']:,.0f} | {r['load']:.1f} |"
        )
    for engine, r in results.items():
        if len(r["walls"]) > 1:
            walls = " / ".join(f"{w:.1f}" for w in r["walls"])
            print(f"{engine} walls of its {len(r['walls'])} runs: {walls} s")
    for engine, r in results.items():
        if "server_jvm" in r:
            print(
                f"{engine} CPU s: client {r['client']:.1f}, server JVM {r['server_jvm']:.1f}, "
                f"server Python (daemon and workers) {r['server_python']:.1f}"
            )
    if {"spark1", "spark2"} <= results.keys():
        s1, s2 = results["spark1"]["wall"], results["spark2"]["wall"]
        print(f"spark local[2] / local[1] speed-up (wall): {s1 / s2:.2f}x (target >= 1.7x)")
    if {"connect1", "connect2"} <= results.keys():
        c1, c2 = results["connect1"]["wall"], results["connect2"]["wall"]
        print(f"connect local[2] / local[1] speed-up (wall): {c1 / c2:.2f}x (target >= 1.7x)")
    for kind in WARM_ENGINES:
        if {f"{kind}1", f"{kind}2"} <= results.keys():
            w1, w2 = results[f"{kind}1"]["wall"], results[f"{kind}2"]["wall"]
            print(
                f"{kind} local[2] / local[1] speed-up (wall of the batch in a running "
                f"application): {w1 / w2:.2f}x (target >= 1.7x)"
            )
    for spark in ("spark1", "connect1", "session1", "client1"):
        if {spark, "local1"} <= results.keys():
            l1, s1 = results["local1"], results[spark]
            print(
                f"{spark} per-core throughput vs local engine: wall "
                f"{l1['wall'] / s1['wall']:.0%}, CPU {l1['cpu'] / s1['cpu']:.0%} (target >= 80%)"
            )


def _rate_ratios(rates: dict[str, float]) -> None:
    """The targets read on rows/s once running: the fit's rate, fixed start-up taken out.

    A cold command line's JVM start (~7-8 s on the 2-core VM) is the same on one core and on
    two, so its whole-process wall ratio at 100,000 rows says more about that start than about
    how the screening scales; both are printed, and BENCHMARKS.md records both.
    """
    for kind in ("spark", "connect", *WARM_ENGINES):
        if {f"{kind}1", f"{kind}2"} <= rates.keys():
            print(
                f"{kind} local[2] / local[1] speed-up (rows/s after the fixed cost): "
                f"{rates[f'{kind}2'] / rates[f'{kind}1']:.2f}x (target >= 1.7x)"
            )
        if {f"{kind}1", "local1"} <= rates.keys():
            print(
                f"{kind}1 per-core throughput vs local engine (rows/s after the fixed cost): "
                f"{rates[f'{kind}1'] / rates['local1']:.0%} (target >= 80%)"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--engines", default=",".join(ENGINES), help="of " + ",".join(ENGINES))
    ap.add_argument("--fit", type=int, default=0, help="a second, smaller size: fixed cost+rate")
    ap.add_argument("--tiny", type=int, default=0, help="runs on a 10-row file per engine")
    ap.add_argument("--repeat", type=int, default=1, help="runs per engine and size (fastest kept)")
    ap.add_argument(
        "--server-conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="more settings for the Spark Connect servers (exportctl spark serve --conf)",
    )
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
    SERVER_CONF.extend(args.server_conf)
    tmp = Path(tempfile.mkdtemp(prefix="exportctl-spark-bench-"))
    try:
        private_data(tmp)
        sizes = [args.rows] if not args.fit else [args.fit, args.rows]
        if args.rows == 0:  # --tiny only
            sizes = []
        files = batch_files(sizes, tmp)
        if any(e.startswith("spark") for e in engines):
            class_archive(tmp)
        print(f"machine: {os.cpu_count()} cores; load average now {os.getloadavg()[0]:.2f}")
        measured: dict[int, dict[str, dict[str, Any]]] = {rows: {} for rows in sizes}
        for engine in engines:
            with server_for(engine, tmp):
                if args.tiny and engine[:-1] not in WARM_ENGINES:
                    tiny(engine, args.tiny, tmp)
                for rows in sizes:
                    src, n = files[rows]
                    runs = [measure(engine, rows, src, n, tmp) for _ in range(args.repeat)]
                    got = measured[rows][engine] = min(runs, key=lambda r: r["wall"])
                    got["walls"] = [r["wall"] for r in runs]
                    first = next(iter(measured[rows].values()))
                    assert got["digest"] == first["digest"], (
                        f"{engine}: output differs from {engines[0]}'s"
                    )
        for rows in sizes:
            _table(rows, measured[rows])
        if args.fit and sizes:
            small, big = measured[args.fit], measured[args.rows]
            print(
                "\n| engine | fixed s (wall) | rows/s after it (wall) | fixed CPU-s "
                "| rows per CPU-s after it |"
            )
            print("|---|---:|---:|---:|---:|")
            rates: dict[str, float] = {}
            for engine in engines:
                rate = (args.rows - args.fit) / (big[engine]["wall"] - small[engine]["wall"])
                cpu_rate = (args.rows - args.fit) / (big[engine]["cpu"] - small[engine]["cpu"])
                fixed = small[engine]["wall"] - args.fit / rate
                fixed_cpu = small[engine]["cpu"] - args.fit / cpu_rate
                print(
                    f"| {engine} | {fixed:.1f} | {rate:,.0f} | {fixed_cpu:.1f} | {cpu_rate:,.0f} |"
                )
                rates[engine] = rate
            _rate_ratios(rates)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
