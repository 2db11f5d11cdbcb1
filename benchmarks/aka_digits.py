"""A listed name holding a digit (M23, 17 NOVEMBER, OT-2077, TUBES 2000 …) on either side of a
trade or former-name marker (``X aka M23``, ``M23 t/a X``, ``X (aka M23``, ``X f/k/a M23``), and
ordinary ``X aka Y`` with Y a code-like word (``Acme aka A1``, ``Shop24 t/a Store 7``) that
should not alert (aka33).

    nice python benchmarks/aka_digits.py [--n 300] [--seed 33]

Escapes: every ASCII name of a listed organisation or group (UN, OFAC SDN 2024, UK OFSI, AU
DFAT) that holds a digit and meets itself alone (``--names`` of them drawn, M23 always), beside
``Blue Ocean Services`` on each side of each marker name_fields.yaml's ``trade_name`` lists
plus compound.py's f/k/a, formerly, and `ex` — a bracket-opened marker with and without its
closing bracket. A query escapes when no match is the listing. False alerts: ``--n`` ordinary
business names beside a made-up code word (letters and digits), screened the same way.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
if os.environ.get("BENCH_SITE"):
    sys.path.insert(0, os.environ["BENCH_SITE"])

from screening_corpus import load_lists

from exportctl._yaml import safe_load
from exportctl.model import EntityType
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.fields import field_readings
from exportctl.text.tables import read_data

OTHER = "Blue Ocean Services"
EXTRA = ["f/k/a", "formerly", "ex"]  # (compound.py's and desk_forms' former-name words)
SHOPS = ["Acme", "Maple Street Bakery", "Golden Gate Foods", "Metro Cabs", "Northwind Logistics",
         "Riverside Dental", "Star Bakery", "Union Hardware", "Blue Sky Travel",
         "Evergreen Farms"]  # fmt: skip
CODE_WORDS = ["Store", "Unit", "Shop", "Outlet", "Branch", "Depot", "Kiosk", "Lab", "Studio"]


def _markers() -> list[str]:
    data = safe_load(read_data("name_fields.yaml"))
    return sorted(data["between"]["trade_name"]["phrases"]) + EXTRA


def _queries(name: str, marker: str) -> list[str]:
    out = []
    for left, right in ((name, OTHER), (OTHER, name)):
        q = f"{left} {marker} {right}"
        out.append(q)
        if marker.startswith("("):
            out.append(q + ")")
    return out


def _code(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.randint(1, 2)))
    number = str(rng.randint(1, 99))
    return rng.choice(
        [f"{letters}{number}", f"{letters} {number}", f"{rng.choice(CODE_WORDS)} {number}",
         f"{rng.choice(CODE_WORDS)}{number}", f"{number}{letters}"]
    )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="ordinary names for the false alerts")
    ap.add_argument("--seed", type=int, default=33)
    ap.add_argument("--names", type=int, default=60, help="listed names drawn (0: all)")
    ap.add_argument("--show", type=int, default=40, help="escapes / alerts to print")
    args = ap.parse_args()
    ents = load_lists()
    index = ScreeningIndex(ents)
    listed = sorted(
        {
            (n.full, e.source, e.source_id)
            for e in ents
            if e.type is not EntityType.PERSON
            for n in e.names
            if n.full.isascii() and any(c.isdigit() for c in n.full) and len(n.full) <= 40
        }
    )
    rng = random.Random(args.seed)
    if args.names and len(listed) > args.names:
        # (M23, the find, always; the rest drawn)
        listed = sorted({*(x for x in listed if x[0] == "M23"), *rng.sample(listed, args.names)})
    markers = _markers()
    total = escaped = 0
    shown = 0
    for name, source, sid in listed:
        if not screen(Query(name), index, limit=100):
            continue  # (a name that does not meet itself alone is no reader's escape)
        for marker in markers:
            for q in _queries(name, marker):
                total += 1
                ms = screen(Query(q), index, limit=100)
                keys = {(m.source, m.source_id) for m in ms} | {
                    (b["source"], b["source_id"]) for m in ms for b in m.legal_bases
                }
                if (source, sid) not in keys:
                    escaped += 1
                    if shown < args.show:
                        shown += 1
                        print(f"    escape {q!r} ({source} {sid})")
    names = len({n for n, _, _ in listed})
    print(f"listed names with a digit: {names}; queries {total}; escaped {escaped}", flush=True)
    alerts = 0
    queries = []
    for _ in range(args.n):
        shop, code, marker = rng.choice(SHOPS), _code(rng), rng.choice(markers)
        first = rng.random() < 0.5
        queries.append(f"{shop} {marker} {code}" if first else f"{code} {marker} {shop}")
    for q in dict.fromkeys(queries):
        hits = screen(Query(q), index)
        if hits:
            alerts += 1
            reads = [r for r, _ in field_readings(q)]
            top = hits[0]
            print(f"    alert {q!r} -> {top.matched_name!r} {top.score:.3f} readings={reads}")
    print(f"ordinary names beside a code word: {len(set(queries))}; alerted {alerts}", flush=True)


if __name__ == "__main__":
    main()
