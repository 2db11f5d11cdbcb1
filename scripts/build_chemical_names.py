#!/usr/bin/env python3
"""Build the name ↔ CAS table (src/exportctl/controls/data/chemical_names.csv) from shared data.

    python scripts/build_chemical_names.py [--source DIR] [--out FILE]

Some list entries name a chemical or toxin without its CAS number (US 1C351.d.15 "Ricin;"), so a
CAS query cannot find them through the CAS index alone. This table gives every CAS number the
names the texts use for it, and ``classify --cas`` then also looks entries up by name.

Inputs (provenance: ``../shared/data/controls/SOURCES.md``):

- ``cwc/cwc_schedules.csv``               CWC Schedules 1–3: name and CAS of each named chemical
                                          ("Sarin: O-Isopropyl methylphosphonofluoridate" gives
                                          two names)
- ``us/ccl_1c350_chemicals_derived.csv``  AG chemical-weapons precursors (1C350) with CAS
- ``us/ccl_fulltext_ecfr_2025-07.json``   is not read: the AG toxins of 1C351.d carry no CAS in
                                          the text; they get one only where the CWC names the
                                          same substance (ricin, saxitoxin)

Output columns: ``cas,name,source`` sorted; ``tests/controls/test_chemical_names.py`` re-runs this
script and compares, so edit the script, never the output.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "controls"
DEFAULT_OUT = ROOT / "src" / "exportctl" / "controls" / "data" / "chemical_names.csv"

# Names shorter than this are too ambiguous to find in running text.
MIN_NAME = 4


def _names(raw: str) -> list[str]:
    """``"Sarin: O-Isopropyl …"`` → ``["Sarin", "O-Isopropyl …"]``; parentheses kept."""
    parts = [p.strip() for p in re.split(r":\s+", raw.strip()) if p.strip()]
    return [p for p in parts if len(p) >= MIN_NAME]


def build(source: Path) -> str:
    """The CSV text of the table."""
    rows: set[tuple[str, str, str]] = set()
    with (source / "cwc" / "cwc_schedules.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["cas"] and r["entry_kind"] in {"named", "example"}:
                for name in _names(r["name"]):
                    rows.add((r["cas"], name, f"cwc {r['item']}"))
    with (source / "us" / "ccl_1c350_chemicals_derived.csv").open(
        encoding="utf-8", newline=""
    ) as fh:
        for r in csv.DictReader(fh):
            if r["cas"]:
                for name in _names(r["name"]):
                    rows.add((r["cas"], name, f"us_ccl {r['eccn_paragraph']}"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["cas", "name", "source"])
    writer.writerows(sorted(rows))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    args.out.write_text(build(args.source), encoding="utf-8")


if __name__ == "__main__":
    main()
