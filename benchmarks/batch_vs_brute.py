#!/usr/bin/env python3
"""The batch CLI against a brute-force rapidfuzz scan of the same lists, process to process.

Usage: nice python benchmarks/batch_vs_brute.py [--rows 10000] [--repeat 2] [--no-pin]

Issue #12: "the batch CLI with the ledger on stays >= 3x a brute-force rapidfuzz scan of the same
lists, whole process to whole process". Both sides are timed as whole processes (start-up,
imports, loading what they need, screening, writing results):

* ``exportctl screen --input customers.csv --output results.jsonl`` with the ledger on (the
  default), after one warm-up run so that the cached index file exists (a warm start);
* a brute-force script: loads every entity name of the same database through the store, then
  per row ``rapidfuzz.process.extract`` over all of them with ``token_sort_ratio`` >= 85
  (``default_process`` applied), and writes the hits as JSON lines.

The customer file is batch_file.py's (every 50th row a listed name, the rest synthetic names),
without garbage rows. Reported: wall seconds and CPU seconds (user + system of the child, from
``getrusage``) of each process, best of ``--repeat``; the ratio is on CPU seconds, since the
machine is shared. Runs against the default database (``EXPORTCTL_DATA_DIR`` picks another).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from batch_file import build

BRUTE = r"""
import csv, json, sys
from rapidfuzz import fuzz, process, utils
from exportctl.store import open_store
names, owners = [], []
for ent in open_store().iter_entities():
    for n in ent.names:
        names.append(utils.default_process(n.full))
        owners.append(ent.source_id)
with open(sys.argv[1], encoding="utf-8", newline="") as fh, open(sys.argv[2], "w") as out:
    for row in csv.DictReader(fh):
        q = utils.default_process(row["name"] or "")
        hits = process.extract(q, names, scorer=fuzz.token_sort_ratio, processor=None,
                               score_cutoff=85, limit=10)
        out.write(json.dumps({"id": row["id"], "hits": [owners[i] for _, _, i in hits]}) + "\n")
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of a child process run to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--no-pin", action="store_true", help="do not pin to one core")
    args = ap.parse_args()
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})  # children inherit it
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "customers.csv", Path(tmp) / "results.jsonl"
        build(src, args.rows, 0.0)
        # The console script's own body (exportctl.cli:main), run by this interpreter.
        entry = "import sys; from exportctl.cli import main; sys.argv[0] = 'exportctl'; main()"
        cli = [py, "-c", entry, "screen", "--input", str(src), "--output", str(out)]
        subprocess.run(cli, check=True, stdout=subprocess.DEVNULL)  # warm-up: index cache file
        brute = [py, "-c", BRUTE, str(src), str(Path(tmp) / "brute.jsonl")]
        runs: dict[str, list[tuple[float, float]]] = {"cli": [], "brute": []}
        for _ in range(args.repeat):
            runs["cli"].append(timed(cli))
            runs["brute"].append(timed(brute))
        hits = sum(1 for line in out.read_text().splitlines() if '"matches": [{' in line)
    print(f"rows={args.rows} cli_rows_with_matches={hits}")
    print("| process | wall s | CPU s | rows per CPU-s |")
    print("|---|---:|---:|---:|")
    best = {}
    for name, label in (("cli", "exportctl screen --input (ledger on)"), ("brute", "brute force")):
        wall, cpu = min(runs[name], key=lambda r: r[1])
        best[name] = cpu
        print(f"| {label} | {wall:.1f} | {cpu:.1f} | {args.rows / cpu:,.0f} |")
    print(f"ratio (CPU s, brute / exportctl): {best['brute'] / best['cli']:.2f}x")


if __name__ == "__main__":
    main()
