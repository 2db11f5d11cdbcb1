#!/usr/bin/env python3
"""A batch with ownership data loaded: the Spark engine against the local engine, rows/s and CPU.

Usage: nice python benchmarks/spark_derived.py [--links 20000] [--rows 4000]
           [--engines local1,local2,spark1,spark2] [--repeat 1]

The data is ``ownership_bench.py``'s synthetic ownership graph (``--links`` links; the CSL
sample as the lists) and a batch file of ``--rows`` rows, half naming companies of the graph
(``Company 3-12 GmbH``: each a potential match of several records, checked under the four
rules, as in ``batch_derived.py``), half not. Each engine screens the file in a fresh Python
process with derived hits on, as ``exportctl screen --input`` does: the local runner with 1 or
2 forked workers (``screen_rows(..., derived=True)``), or ``exportctl.spark.run_batch`` on
``local[1]`` / ``local[2]`` (ledger off, JSONL, the engine's default partitions; the session
started early and stopped as the command line does). Wall seconds of the whole process, and CPU
seconds of its whole process tree (JVM and Python workers included, from /proc: Linux only).
Every output must hold the same records as the first engine's (the digest is compared).

``--reads`` prints instead what the choice between reading the ownership store on each
executor and broadcasting the owner graph rests on: per row of the batch, the SQL statements
and their time in the lookup (SQLAlchemy's cursor events), against the lookup's CPU; the size
of the snapshot's name index file (what each executor is shipped) and of the whole owner graph
pickled (parties and links: what a broadcast would ship).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

AS_OF = "2026-12-05"


def setup(tmp: Path, links: int, rows: int) -> tuple[str, Path, int]:
    """The database (lists + ownership, name index built), the batch file, the parties."""
    import ownership_bench as ob

    from exportctl.ownership import names as nm

    store, snap, targets, _ = ob.lists_and_ownership(tmp, links)
    nm.name_index(store, snap.id)
    rng = random.Random(5)
    src = tmp / "batch.csv"
    with src.open("w", encoding="utf-8") as fh:
        fh.write("id,name\n")
        for k in range(rows):
            name = f"Company {rng.choice(targets)[1:]} GmbH" if k % 2 else f"Unrelated {k} Ltd"
            fh.write(f"r{k},{name}\n")
    return str(tmp / "b.sqlite"), src, snap.party_count


def child(engine: str, db: str, src: Path, out: Path) -> None:
    """One run in this process; prints its CPU seconds as JSON (the parent times the wall)."""
    from spark_batch import tree_cpu

    kind, n = engine[:-1], int(engine[-1])
    if kind == "spark":
        from exportctl.spark.boot import start_early

        start_early(f"local[{n}]")
    import datetime as dt

    from exportctl.store import open_store

    store = open_store(db)
    as_of = dt.date.fromisoformat(AS_OF)
    if kind == "local":
        from exportctl.screening.batch import read_rows, write_results
        from exportctl.screening.runner import screen_rows

        recs = screen_rows(store, list(read_rows(src)), workers=n, derived=True, as_of=as_of)
        write_results(out, recs)
        print(json.dumps({"cpu": tree_cpu()}))
        return
    from exportctl.spark import run_batch
    from exportctl.spark.boot import end_early, exit_now

    run = run_batch(store, str(src), str(out), master=f"local[{n}]", ledger="off", as_of=as_of)
    cpu = tree_cpu()  # before stopping: the Python workers are still alive, and counted
    end_early()
    print(json.dumps({"cpu": cpu, "with_derived": run.with_derived}))
    exit_now(0)


def _records(out: Path) -> list[str]:
    from exportctl.spark import output_records

    if out.is_dir():
        return [json.dumps(r, ensure_ascii=False) for r in output_records(str(out))]
    return out.read_text("utf-8").splitlines()


def measure(engine: str, db: str, src: Path, tmp: Path) -> dict[str, Any]:
    out = tmp / f"{engine}.jsonl"
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", engine, db, str(src), str(out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    got = _records(out)
    derived = sum('"derived"' in line for line in got)
    shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink()
    digest = hashlib.sha256("\n".join(got).encode()).hexdigest()
    return {"wall": wall, "load": load, "digest": digest, "rows": len(got), "derived": derived,
            **report}  # fmt: skip


def reads(db: str, src: Path) -> None:
    """What a row's lookup reads from the store, and what a broadcast would ship."""
    from sqlalchemy import event, select

    from exportctl.ownership import derived_finder
    from exportctl.ownership.names import name_index_file
    from exportctl.ownership.store import OwnershipStore
    from exportctl.screening.batch import read_rows
    from exportctl.store import open_store
    from exportctl.store.ownership_tables import ownership_links, ownership_parties

    store = open_store(db)
    snap = OwnershipStore(store).active()
    assert snap is not None
    rows = list(read_rows(src))
    finder = derived_finder(store, as_of=AS_OF)
    assert finder is not None
    finder(rows[1].fields["name"], (), None)  # (the name index and the list index open)
    sql = {"n": 0, "s": 0.0}

    @event.listens_for(store.engine, "before_cursor_execute")
    def _before(*a: Any) -> None:
        sql["t"] = time.perf_counter()

    @event.listens_for(store.engine, "after_cursor_execute")
    def _after(*a: Any) -> None:
        sql["n"] += 1
        sql["s"] += time.perf_counter() - sql["t"]

    t = time.process_time()
    found = sum(bool(finder(r.fields["name"], (), None)) for r in rows)
    cpu = time.process_time() - t
    n = len(rows)
    names = name_index_file(store, snap.id)
    graph: list[tuple[Any, ...]] = []
    with store.engine.connect() as conn:
        for table in (ownership_parties, ownership_links):
            q = select(table).where(table.c.snapshot_id == snap.id)
            graph += [tuple(r) for r in conn.execute(q)]
    blob = pickle.dumps(graph)
    print(f"{n:,} rows, {found:,} with derived hits; snapshot {snap.party_count:,} parties, "
          f"{snap.link_count:,} links; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    share = sql["s"] / cpu
    print(f"lookup: {cpu / n * 1e3:.2f} ms CPU a row; SQL: {sql['n'] / n:.2f} statements a "
          f"row, {sql['s'] / n * 1e3:.3f} ms a row ({share:.1%} of the lookup's CPU)")  # fmt: skip
    size = names.stat().st_size if names is not None else 0
    print(f"shipped per executor: name index file {size / 2**20:.1f} MiB; "
          f"whole owner graph pickled (a broadcast): {len(blob) / 2**20:.1f} MiB")  # fmt: skip


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], Path(sys.argv[4]), Path(sys.argv[5]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--links", type=int, default=20_000)
    ap.add_argument("--rows", type=int, default=4_000)
    ap.add_argument("--engines", default="local1,local2,spark1,spark2")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--reads", action="store_true")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="spark-derived-"))
    try:
        db, src, parties = setup(tmp, args.links, args.rows)
        if args.reads:
            reads(db, src)
            return
        print(f"{args.rows:,} rows, {args.links:,} links ({parties:,} parties), as of {AS_OF}")
        first: str | None = None
        for rep in range(args.repeat):
            for engine in args.engines.split(","):
                r = measure(engine, db, src, tmp)
                first = first or r["digest"]
                assert r["digest"] == first, f"{engine}: output differs from the first engine's"
                print(
                    f"{engine:7} run {rep}: {r['wall']:6.1f} s wall ({r['rows'] / r['wall']:6.0f}"
                    f" rows/s), {r['cpu']:6.1f} s CPU ({r['rows'] / r['cpu']:6.0f} rows/CPU-s), "
                    f"{r['derived']} rows with derived hits; load {r['load']:.1f}",
                    flush=True,
                )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
