"""Listed organisations found with one organisation word abbreviated as trade documents write it.

    PYTHONPATH=src python benchmarks/org_abbreviations.py [--limit N] [--dump F] [--compare F]

Takes every Latin-script name of every organisation of the bundled lists, and for each word of
it that trade documents abbreviate (industries → Ind, Inds, Indus; aerospace → Aero; research →
Res …, ``ABBREVIATIONS`` below) writes that one word abbreviated and screens the result against
the bundled lists. A query escapes when no match of the listed entity (or of a listing with the
name as written) reaches the default threshold; ``wrong top`` counts queries whose best match
at or above it is another party. Prints both per abbreviation. ``--dump`` writes the rows (JSON)
and ``--compare`` prints the escapes of an earlier dump beside this run's.

The table is the benchmark's input, not the engine's: the engine reads its abbreviations from
``text/data/org_abbreviations.yaml`` (and rigour), and this table holds more than that file so
that an abbreviation the engine does not read shows up here as escapes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from typing import Any

from exportctl.model import Entity, EntityType
from exportctl.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex, screen
from exportctl.store.bundle import bundled_files, read_bundle

ABBREVIATIONS: dict[str, list[str]] = {
    "industries": ["Ind", "Inds", "Indus"],
    "industrial": ["Ind", "Indl", "Indus"],
    "industry": ["Ind"],
    "aerospace": ["Aero"],
    "aeronautical": ["Aero", "Aeron"],
    "aeronautics": ["Aero", "Aeron"],
    "aviation": ["Aero", "Avn"],
    "research": ["Res"],
    "manufacturing": ["Mfg"],
    "manufacturer": ["Mfr"],
    "manufacturers": ["Mfrs"],
    "international": ["Intl", "Int'l", "Int"],
    "engineering": ["Eng", "Engg"],
    "electronics": ["Elec", "Electr"],
    "electronic": ["Elec", "Electr"],
    "electric": ["Elec"],
    "electrical": ["Elec", "Electr"],
    "chemical": ["Chem"],
    "chemicals": ["Chem"],
    "petrochemical": ["Petrochem"],
    "petrochemicals": ["Petrochem"],
    "pharmaceutical": ["Pharm", "Pharma"],
    "pharmaceuticals": ["Pharm", "Pharma"],
    "national": ["Natl", "Nat'l"],
    "government": ["Govt"],
    "association": ["Assn", "Assoc"],
    "development": ["Dev", "Devt"],
    "management": ["Mgmt"],
    "services": ["Svcs", "Serv"],
    "service": ["Svc", "Serv"],
    "trading": ["Trdg"],
    "shipping": ["Shpg"],
    "navigation": ["Nav"],
    "marine": ["Mar"],
    "maritime": ["Mar"],
    "general": ["Gen"],
    "scientific": ["Sci"],
    "institute": ["Inst"],
    "university": ["Univ"],
    "department": ["Dept"],
    "ministry": ["Min"],
    "telecommunication": ["Telecom"],
    "telecommunications": ["Telecom"],
    "transport": ["Transp"],
    "transportation": ["Transp"],
    "construction": ["Constr"],
    "equipment": ["Equip"],
    "machinery": ["Mach"],
    "products": ["Prod"],
    "laboratory": ["Lab"],
    "laboratories": ["Labs"],
    "centre": ["Ctr"],
    "center": ["Ctr"],
    "company": ["Co"],
    "corporation": ["Corp"],
    "organization": ["Org"],
    "organisation": ["Org"],
    "technology": ["Tech"],
    "technologies": ["Tech"],
    "group": ["Grp"],
    "enterprise": ["Ent"],
    "enterprises": ["Ents"],
    "commercial": ["Comml"],
    "investment": ["Inv"],
    "communications": ["Comms"],
    "systems": ["Sys"],
    "metallurgical": ["Metall"],
}
_WORD = re.compile(r"[A-Za-z]+")


def cases(entities: list[Entity]) -> dict[tuple[str, str, str], tuple[str, str, str, str]]:
    """(word, abbreviation, query casefolded) → (query, listed name, source, source_id)."""
    out: dict[tuple[str, str, str], tuple[str, str, str, str]] = {}
    for e in entities:
        if e.type != EntityType.ORGANIZATION:
            continue
        for n in e.names:
            if not n.full.isascii():
                continue
            for m in _WORD.finditer(n.full):
                word = m.group(0).lower()
                for short in ABBREVIATIONS.get(word, ()):
                    query = n.full[: m.start()] + short + n.full[m.end() :]
                    found = (query, n.full, e.source, e.source_id)
                    out.setdefault((word, short, query.casefold()), found)
    return out


def probe(index: ScreeningIndex, query: str, listed: str, source: str, sid: str) -> dict[str, Any]:
    found = screen(Query(query), index, threshold=0.5, limit=10)
    hit = 0.0
    for m in found:
        ids = {(m.source, m.source_id)} | {(b["source"], b["source_id"]) for b in m.legal_bases}
        if (source, sid) in ids or m.matched_name.casefold() == listed.casefold():
            hit = max(hit, m.score)
    best = found[0].score if found else 0.0
    return {
        "hit": hit,
        "best": best,
        "top": found[0].matched_name if found else "",
        "escaped": hit < DEFAULT_THRESHOLD,
        "wrong_top": best >= DEFAULT_THRESHOLD and hit < best,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="screen this many cases (a sample)")
    ap.add_argument("--dump", help="write the rows (JSON) to this file")
    ap.add_argument("--compare", help="an earlier --dump: print its escapes beside these")
    args = ap.parse_args()
    entities: list[Entity] = []
    for bf in bundled_files():
        entities.extend(read_bundle(bf.resource.read_bytes(), bf.source)[0].entities)
    index = ScreeningIndex(entities)
    todo = cases(entities)
    keys = sorted(todo)
    if args.limit:
        random.Random(7).shuffle(keys)
        keys = keys[: args.limit]
    start = time.process_time()
    rows = []
    for key in keys:
        query, listed, source, sid = todo[key]
        row = {"word": key[0], "abbreviation": key[1], "query": query, "listed": listed}
        rows.append(row | probe(index, query, listed, source, sid))
    spent = time.process_time() - start
    before: dict[tuple[str, str, str], dict[str, Any]] = {}
    if args.compare:
        with open(args.compare, encoding="utf-8") as fh:
            before = {(r["word"], r["abbreviation"], r["query"]): r for r in json.load(fh)}
    total: Counter[tuple[str, str]] = Counter()
    escaped: Counter[tuple[str, str]] = Counter()
    wrong: Counter[tuple[str, str]] = Counter()
    was: Counter[tuple[str, str]] = Counter()
    for r in rows:
        k = (r["abbreviation"].lower(), r["word"])
        total[k] += 1
        escaped[k] += r["escaped"]
        wrong[k] += r["wrong_top"]
        old = before.get((r["word"], r["abbreviation"], r["query"]))
        was[k] += bool(old and old["escaped"])
    print(f"{len(entities):,} bundled entities; {len(rows):,} queries ({spent:,.0f} CPU-s)\n")
    head = "| abbreviation | word | queries | escaped |"
    print(head + (" escaped before |" if before else "") + " wrong top |")
    print("|---|---|---:|---:|" + ("---:|" if before else "") + "---:|")
    for k in sorted(total, key=lambda k: (-(was[k] or escaped[k]), k)):
        if escaped[k] or wrong[k] or was[k]:
            row = f"| {k[0]} | {k[1]} | {total[k]} | {escaped[k]} |"
            print(row + (f" {was[k]} |" if before else "") + f" {wrong[k]} |")
    tail = f"| all | | {len(rows)} | {sum(escaped.values())} |"
    print(tail + (f" {sum(was.values())} |" if before else "") + f" {sum(wrong.values())} |")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=0)


if __name__ == "__main__":
    main()
