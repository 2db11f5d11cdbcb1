#!/usr/bin/env python3
"""How fast `lists load` parses and stores the real official files (CPU seconds per file).

Usage: python benchmarks/list_load.py [--data ../shared/data] [--repeat 3] [--json]

Each file is loaded with :func:`exportctl.loading.load_paths` into a fresh SQLite database in a
temporary directory, ``--repeat`` times; the best CPU time (``time.process_time``) of the
process is reported beside the best wall time, because the dev VM is shared and wall clock
follows other jobs. Run it against two checkouts (``PYTHONPATH=A/src`` then ``B/src``),
interleaved, to compare them.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from exportctl.loading import load_paths
from exportctl.store import open_store

FILES = [
    "lists/us/ofac/sdn_2024-05-03.csv",
    "lists/un/un_consolidated_2026-02-27.xml",
    "lists/un/un_consolidated_2024-11-30.xml.gz",
    "lists/uk/ofsi_conlist_2025-04-10.xlsx",
    "lists/au/dfat_regulation8_consolidated_2024-11-11.xlsx",
    "lists/ca/sema-lmes_2020-04.xml",
    "lists/us/bis/dpl_2022-09.txt",
]


def measure(path: Path, repeat: int) -> tuple[float, float, int]:
    """(best CPU s, best wall s, entities) over ``repeat`` loads into fresh databases."""
    cpu, wall, count = [], [], 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
            store = open_store(str(Path(tmp) / "db.sqlite"))
            c0, w0 = time.process_time(), time.perf_counter()
            (rep,) = load_paths(store, [path])
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
            assert rep.snapshot is not None
            count = rep.snapshot.entity_count
            store.engine.dispose()
    return min(cpu), min(wall), count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="shared data folder (default: ../shared/data)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    data = args.data or Path(__file__).resolve().parent.parent.parent / "shared/data"
    rows = []
    for rel in FILES:
        cpu, wall, n = measure(data / rel, args.repeat)
        rows.append({"file": rel, "entities": n, "cpu_s": round(cpu, 3), "wall_s": round(wall, 3)})
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        print(f"{r['file']:<58} {r['entities']:>6} {r['cpu_s']:>7.3f} CPU-s {r['wall_s']:>7.3f} s")
    print(f"{'total':<58} {'':>6} {sum(r['cpu_s'] for r in rows):>7.3f} CPU-s")


if __name__ == "__main__":
    main()
