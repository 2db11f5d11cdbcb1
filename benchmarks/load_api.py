"""Bounded loopback load test of the HTTP API: /screen and /match, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/load_api.py [--count 2000] [--duration 20] [--concurrency 1 4]
        [--backends sqlite postgresql] [--workers 1] [--small] [--json out.json]

For each backend the script loads real lists (UN consolidated + OFAC SDN through the
project's parsers; ``--small`` or no ../shared/data: a synthetic list) into a fresh database,
creates a screener key, starts ``exportctl serve`` in a subprocess (so the client does not
share the server's GIL), then for each route and concurrency sends single-query requests
from an async httpx client until ``--count`` requests are done or ``--duration`` seconds pass,
whichever comes first — it always stops by itself — and then batches of ``--batch`` queries per
``/screen`` request (the throughput a batch client gets). It reports throughput, p50/p99 latency and
errors (non-200 answers and transport failures), and the in-process library throughput
(``screen()`` on the same queries, one thread) for the API/library ratio, and the server
process's own CPU time per query (Linux /proc; one worker), which separates the server's cost
from the client's when both share the machine.

PostgreSQL: ``--pg-url URL``, or a temporary server started from the Debian binaries
(/usr/lib/postgresql/*/bin) and removed afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "lists"


# -- data --------------------------------------------------------------------------------------


def parse_results(small: bool) -> list[Any]:
    from exportctl.model import Entity, EntityType, Name
    from exportctl.sources.base import ParseResult

    un_file = DATA / "un" / "un_consolidated_2026-02-27.xml"
    sdn_file = DATA / "us" / "ofac" / "sdn_2024-05-03.csv"
    if not small and un_file.is_file() and sdn_file.is_file():
        from exportctl.sources import ofac_csv, un_xml

        return [un_xml.parse([un_file]), ofac_csv.parse([sdn_file])]
    rng = random.Random(7)
    syll = ["ka", "ro", "mi", "tan", "vel", "dor", "isa", "lu", "ber", "nik", "sha", "om"]
    ents = [
        Entity(
            "un_sc",
            f"SYN.{i}",
            EntityType.PERSON,
            [Name(" ".join("".join(rng.sample(syll, 3)).title() for _ in range(2)))],
        )
        for i in range(3000)
    ]
    return [ParseResult("un_sc", "synthetic", ents, published=date(2025, 1, 1))]


def make_queries(results: list[Any], n: int = 400) -> list[dict[str, str]]:
    """Half listed names with a typo, half names that are not listed."""
    rng = random.Random(42)
    names = [e.caption for r in results for e in r.entities]
    picked = rng.sample(names, min(n // 2, len(names)))
    out = []
    for name in picked:
        if len(name) > 6:
            i = rng.randrange(1, len(name) - 1)
            name = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        out.append({"name": name})
    first = ["Anna", "Peter", "Maria", "John", "Li", "Fatima", "Carlos", "Olga", "Kenji", "Amir"]
    last = ["Schmidt", "Novak", "Garcia", "Okafor", "Larsen", "Moreau", "Tanaka", "Rossi"]
    out += [{"name": f"{rng.choice(first)} {rng.choice(last)}"} for _ in range(n - len(out))]
    rng.shuffle(out)
    return out


# -- servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def temporary_postgres() -> Iterator[str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL binaries missing: run scripts/install-test-deps.sh")
    bindir = Path(found[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="exportctl-bench-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = root / "data"
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
         "--no-sync"], check=True, capture_output=True,
    )  # fmt: skip
    opts = f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w",
         "-l", str(root / "log"), "start"], check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            check=False, capture_output=True,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def api_server(db_url: str, home: Path, workers: int) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = {**os.environ, "EXPORTCTL_DATA_DIR": str(home)}
    cmd = [
        sys.executable, "-c", "from exportctl.cli import main; main()", "serve",
        "--db", db_url, "--port", str(port), "--log-level", "warning",
        "--workers", str(workers),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the API server did not become ready")
            time.sleep(0.2)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(30)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- load --------------------------------------------------------------------------------------


WARMUP = 20  # requests sent before timing starts


def body_for(
    route: str, queries: list[dict[str, str]], start: int, batch: int
) -> tuple[str, dict[str, Any]]:
    qs = [queries[(start + i) % len(queries)] for i in range(batch)]
    if route == "/screen":
        return "/screen", {"queries": qs}
    return "/match/default", {
        "queries": {f"q{i}": {"schema": "Thing", "properties": q} for i, q in enumerate(qs)}
    }


async def run_load(
    base: str, key: str, route: str, queries: list[dict[str, str]],
    count: int, duration: float, concurrency: int, batch: int = 1,
) -> dict[str, Any]:  # fmt: skip
    latencies: list[float] = []
    errors = 0
    sent = 0
    stop_at = time.perf_counter() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30
    ) as client:
        # Warm-up: first requests pay for connection set-up and caches.
        for i in range(WARMUP):
            path, body = body_for(route, queries, i, batch)
            await client.post(path, json=body)

        async def worker() -> None:
            nonlocal sent, errors
            while sent < count and time.perf_counter() < stop_at:
                path, body = body_for(route, queries, sent * batch, batch)
                sent += 1
                t0 = time.perf_counter()
                try:
                    r = await client.post(path, json=body)
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - t0)

        t_start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - t_start
    latencies.sort()
    n = len(latencies)
    return {
        "route": route,
        "batch": batch,
        "concurrency": concurrency,
        "requests": n,
        "seconds": round(elapsed, 2),
        "rps": round(n / elapsed, 1) if elapsed else 0.0,
        "qps": round(n * batch / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if n else None,
        "p99_ms": round(latencies[min(n - 1, int(n * 0.99))] * 1000, 2) if n else None,
        "errors": errors,
    }


def library_rate(store: Any, queries: list[dict[str, str]], seconds: float = 5.0) -> float:
    """Queries per second of in-process ``screen()`` on one thread."""
    from exportctl.screening import Query, screen
    from exportctl.screening.engine_cache import index_for

    index = index_for(store)
    qs = [Query(q["name"]) for q in queries]
    for q in qs[:20]:
        screen(q, index)
    done = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        screen(qs[done % len(qs)], index)
        done += 1
    return done / (time.perf_counter() - t0)


def bench_backend(name: str, db_url: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    from exportctl.auth import Role, create_key
    from exportctl.store import open_store

    home = Path(tempfile.mkdtemp(prefix="exportctl-bench-home-"))
    os.environ["EXPORTCTL_DATA_DIR"] = str(home)
    try:
        store = open_store(db_url)
        results = parse_results(args.small)
        for i, res in enumerate(results):
            store.load(res, sha256=f"{i:064x}", origin="file")
        entities = sum(len(r.entities) for r in results)
        queries = make_queries(results)
        key = create_key(store.engine, Role.SCREENER, "load test").key
        lib_qps = library_rate(store, queries)
        rows = []
        with api_server(db_url, home, args.workers) as (base, pid):
            scenarios = [(r, c, 1) for r in ("/screen", "/match") for c in args.concurrency]
            scenarios += [("/screen", 1, args.batch)]
            for route, conc, batch in scenarios:
                count = args.count if batch == 1 else max(20, args.count // 10)
                cpu0 = cpu_seconds(pid)
                row = asyncio.run(
                    run_load(base, key, route, queries, count, args.duration, conc, batch)
                )
                cpu1 = cpu_seconds(pid)
                served = (row["requests"] + WARMUP) * batch  # warm-up requests count too
                server_qps = None
                if cpu0 is not None and cpu1 is not None and cpu1 > cpu0 and args.workers == 1:
                    server_qps = round(served / (cpu1 - cpu0), 1)
                row |= {
                    "server_cpu_ms_per_query": round((cpu1 - cpu0) / served * 1000, 2)
                    if server_qps
                    else None,
                    "server_q_per_cpu_s": server_qps,
                    "backend": name,
                    "entities": entities,
                    "library_qps": round(lib_qps, 1),
                    "api_over_library": round(row["qps"] / lib_qps, 2),
                }
                rows.append(row)
                print(json.dumps(row), flush=True)
        store.engine.dispose()
        return rows
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _ratio(a: float | None, b: float) -> str:
    return f"{a / b:.2f}" if a else "-"


def markdown(rows: list[dict[str, Any]]) -> str:
    head = (
        "| backend | route | queries/request | conc. | requests | req/s | queries/s | p50 ms "
        "| p99 ms | errors | library q/s | API/library | server CPU ms/query "
        "| server q/CPU-s ÷ library |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    return head + "".join(
        f"| {r['backend']} | {r['route']} | {r['batch']} | {r['concurrency']} | {r['requests']} "
        f"| {r['rps']} | {r['qps']} | {r['p50_ms']} | {r['p99_ms']} | {r['errors']} "
        f"| {r['library_qps']} | {r['api_over_library']} | {r['server_cpu_ms_per_query']} "
        f"| {_ratio(r['server_q_per_cpu_s'], r['library_qps'])} |\n"
        for r in rows
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000, help="requests per scenario (max)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per scenario (max)")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--batch", type=int, default=100, help="queries per request, batch scenario")
    ap.add_argument("--pg-url", help="use this PostgreSQL database instead of a temporary one")
    ap.add_argument("--small", action="store_true", help="synthetic 3,000-entity list")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = ap.parse_args()
    rows: list[dict[str, Any]] = []
    tmp = Path(tempfile.mkdtemp(prefix="exportctl-bench-"))
    try:
        if "sqlite" in args.backends:
            rows += bench_backend("sqlite", f"sqlite:///{tmp / 'bench.sqlite'}", args)
        if "postgresql" in args.backends:
            if args.pg_url:
                rows += bench_backend("postgresql", args.pg_url, args)
            else:
                with temporary_postgres() as url:
                    rows += bench_backend("postgresql", url, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
          f"uvicorn workers: {args.workers}")  # fmt: skip
    print(markdown(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
