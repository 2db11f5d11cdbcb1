#!/usr/bin/env python3
"""Reading a large batch workbook: CPU and peak memory of the XLSX reader (out27).

Usage: python benchmarks/batch_workbook.py [--rows 200000] [--sheets 3] [--src DIR ...]
       [--rounds 3] [--continuing]

Writes a workbook of ``--sheets`` sheets (one header row each, ``--rows`` rows in all, six
columns: id, name, type, country, birth date as a date cell, passport as text) with openpyxl's
write-only mode, then reads it with ``read_rows`` in a fresh process per round and per source
tree given (``--src``: a ``src`` folder; the first is the baseline), alternating them: CPU
seconds (user + system of the child) and the peak resident set (``ru_maxrss``) of the child,
for two uses — ``list`` (what the CLI batch, the web job and rescreen do: every row held) and
``iterate`` (the ownership table's reader: one row at a time). The rows of every source are
compared (their ids, fields, errors and warnings): a reader change must give the same rows.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

_CHILD = r"""
import hashlib, json, resource, sys, time
from pathlib import Path
from exportctl.screening.batch import read_rows
path, mode = Path(sys.argv[1]), sys.argv[2]
import exportctl.sources._xlsx  # (imported before the clock: lxml's import is no reading)
t0 = time.process_time()
digest = hashlib.sha256()
n = 0
if mode == "list":
    rows = list(read_rows(path))
    for r in rows:
        digest.update(repr((r.id, sorted(r.fields.items()), r.error, r.warnings, r.sheet)).encode())
    n = len(rows)
else:
    for r in read_rows(path):
        digest.update(repr((r.id, sorted(r.fields.items()), r.error, r.warnings, r.sheet)).encode())
        n += 1
cpu = time.process_time() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": n, "cpu": cpu, "maxrss_kib": rss, "digest": digest.hexdigest()}))
"""

_GIVEN = ["Anna", "Boris", "Chen", "Dmitri", "Elena", "Farid", "Greta", "Hassan", "Ines", "Jun"]
_FAMILY = ["Ivanov", "Schmidt", "Wang", "Rossi", "Haddad", "Kowalski", "Tanaka", "Silva"]


def build(path: Path, rows: int, sheets: int, seed: int = 27, continuing: bool = False) -> None:
    from openpyxl import Workbook

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    per = -(-rows // sheets)
    n = 0
    for s in range(sheets):
        ws = wb.create_sheet(f"Page {s + 1}")
        if s == 0 or not continuing:  # (continuing: later sheets go on without a header)
            ws.append(["ID", "Name", "Type", "Country", "Date of birth", "Passport"])
        for _ in range(min(per, rows - n)):
            n += 1
            name = f"{rnd.choice(_GIVEN)} {rnd.choice(_FAMILY)} {n}"
            born = date(1940 + rnd.randrange(60), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
            ws.append([f"c{n}", name, "person", rnd.choice(["DE", "FR", "CN", "RU"]), born,
                       f"P{rnd.randrange(10**7):07d}"])  # fmt: skip
    wb.save(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--sheets", type=int, default=3)
    ap.add_argument("--src", action="append", default=[], help="a src folder (first: baseline)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--continuing", action="store_true", help="sheets after the first have no header row"
    )
    args = ap.parse_args()
    srcs = args.src or [str(Path(__file__).resolve().parent.parent / "src")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.xlsx"
        build(path, args.rows, args.sheets, continuing=args.continuing)
        size = path.stat().st_size
        how = ", later sheets without a header" if args.continuing else ""
        print(f"workbook: {args.rows:,} rows on {args.sheets} sheets{how}, {size / 2**20:.1f} MiB")
        results: dict[tuple[str, str], list[dict[str, float]]] = {}
        digests: dict[str, set[str]] = {}
        for _ in range(args.rounds):
            for mode in ("list", "iterate"):
                for src in srcs:  # alternated: the machine's load falls on each alike
                    out = subprocess.run(
                        [sys.executable, "-c", _CHILD, str(path), mode],
                        env={"PYTHONPATH": src, "PATH": "/usr/bin:/bin"},
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    got = json.loads(out.stdout)
                    results.setdefault((src, mode), []).append(got)
                    digests.setdefault(mode, set()).add(got["digest"])
        for (src, mode), runs in results.items():
            cpu = sorted(r["cpu"] for r in runs)
            rss = sorted(r["maxrss_kib"] for r in runs)
            print(
                f"{mode:8s} {src}: rows {runs[0]['rows']:,}  CPU s median {cpu[len(cpu) // 2]:.2f} "
                f"(min {cpu[0]:.2f})  peak RSS MiB median {rss[len(rss) // 2] / 1024:.0f}"
            )
        same = all(len(d) == 1 for d in digests.values())
        print("rows identical across sources:", same)
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
