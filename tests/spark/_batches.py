"""Batch files for the Spark tests: listed names (some with typos), made-up names, bad rows."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path
from typing import Any

from exportctl.screening.batch import read_rows, write_results
from exportctl.screening.runner import screen_rows
from exportctl.store import Store

UN = "lists/un/un_consolidated_2026-02-27.xml"
CONS = [f"lists/us/ofac/consolidated_nonsdn_2025-12/cons_{p}.csv" for p in ("prim", "alt")]


def names(shared_data: Path) -> list[str]:
    from exportctl.sources import un_xml

    return [e.caption for e in un_xml.parse([shared_data / UN]).entities]


def mutate(name: str, rnd: random.Random) -> str:
    chars = list(name)
    for _ in range(rnd.choice((0, 0, 1, 2))):
        i = rnd.randrange(len(chars))
        chars[i] = rnd.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars).title() if rnd.random() < 0.5 else "".join(chars)


def batch_file(path: Path, shared_data: Path, rows: int) -> set[str]:
    """A CSV of listed names (some with typos), made-up names and bad rows; the bad rows' ids."""
    rnd = random.Random(20261205)
    listed = names(shared_data)
    given = ["Anna", "Pedro", "Li", "Fatima", "John", "Olga", "Kwame", "Sven", "Mei", "Omar"]
    family = ["Smith", "Garcia", "Chen", "Haddad", "Novak", "Okafor", "Berg", "Tanaka", "Rossi"]
    bad: set[str] = set()
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "type", "country", "birth_date"])
        for i in range(rows):
            rid = f"r{i:05d}"
            kind = i % 50
            if kind == 7:
                w.writerow([rid, "", "person", "", ""])
                bad.add(rid)
            elif kind == 13:  # an unknown type is a warning: the name is still screened
                w.writerow([rid, "Somebody", "spaceship", "", ""])
            elif kind == 21:
                w.writerow([rid, "x" * 600, "", "", ""])
                bad.add(rid)
            elif i % 3 == 0:
                w.writerow([rid, mutate(rnd.choice(listed), rnd), "", "", ""])
            else:
                name = f"{rnd.choice(given)} {rnd.choice(family)}"
                w.writerow([rid, name, rnd.choice(["person", ""]), rnd.choice(["", "DE"]), ""])
    return bad


def head(src: Path, tmp_path: Path, rows: int) -> Path:
    """The header and first ``rows`` rows of the batch file ``src``, as a file of their own."""
    head = tmp_path / "head.csv"
    head.write_text("\n".join(src.read_text("utf-8").splitlines()[: rows + 1]) + "\n", "utf-8")
    return head


def local_records(
    store: Store, src: Path, out: Path, *, derived: bool = False, **kw: Any
) -> list[dict[str, Any]]:
    """The local engine's records (``derived``: looked up in the ownership data too)."""
    write_results(out, screen_rows(store, list(read_rows(src)), derived=derived, **kw))
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]
