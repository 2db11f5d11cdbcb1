#!/usr/bin/env python3
"""Build the bundled list snapshots in src/exportctl/data/lists/ from official files.

Usage: python scripts/build_bundle.py [SHARED_DATA_DIR] [--out DIR]

Only public-domain or openly licensed lists go into the package (UN, US Government, UK OGL,
Australia CC BY, Canada OGL). OpenSanctions-derived files are never bundled (that includes the
METI text, extracted from METI's PDF by OpenSanctions' tooling); nor
are the trade.gov CSL excerpts in ../shared (115 and 13 rows: a partial CSL would look like
coverage it is not). The EU list is not bundled because no copy is available here: users load
it (`lists update eu_fsf`). The output is
byte-reproducible, so a test can rebuild it and compare with the committed files.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from exportctl.sources import get_source, parse_files
from exportctl.sources._io import sha256_of
from exportctl.store.bundle import write_bundle

ROOT = Path(__file__).resolve().parents[1]

# source code → files under shared/data/lists (one publication each), newest edition available.
BUNDLE: dict[str, list[str]] = {
    "un_sc": ["un/un_consolidated_2026-02-27.xml"],
    "us_ofac_sdn": ["us/ofac/sdn_2024-05-03.csv"],
    "us_ofac_cons": [
        "us/ofac/consolidated_nonsdn_2025-12/cons_prim.csv",
        "us/ofac/consolidated_nonsdn_2025-12/cons_add.csv",
        "us/ofac/consolidated_nonsdn_2025-12/cons_alt.csv",
        "us/ofac/consolidated_nonsdn_2025-12/cons_comments.csv",
    ],
    "us_bis_dpl": ["us/bis/dpl_2022-09.txt"],
    "gb_hmt": ["uk/ofsi_conlist_2025-04-10.xlsx"],
    # The FCDO's reduced 8-column export: names, regimes, designation source and dates only
    # (its load warning says what is missing); the full UK Sanctions List replaces it on update.
    "gb_fcdo": ["uk/fcdo_uk_sanctions_list_2025-08-11_summary.ods"],
    "au_dfat": ["au/dfat_regulation8_consolidated_2024-11-11.xlsx"],
    "ca_sema": ["ca/sema-lmes_2020-04.xml"],
}

# Files that carry no date of their own (OFAC's classic CSV, the SEMA XML): the date the copy was
# taken, from ../shared/data/lists/SOURCES.md. Without it a bundled list's age would count from
# the day a user's database was seeded, and a years-old list would look fresh.
UNDATED_AS_OF: dict[str, date] = {
    "us_ofac_sdn": date(2024, 5, 3),
    "us_ofac_cons": date(2025, 12, 19),
    "ca_sema": date(2020, 4, 1),
}


def sources_md(rows: list[tuple[str, list[str], str, str | None, int]]) -> str:
    """The bundle's provenance and licence notice: each snapshot's publisher, licence, the
    attribution its licence requires, the official files it was built from and their sha256.
    Shipped beside the snapshots, so a copy of the package carries what the OGL and CC BY ask."""
    lines = [
        "# Bundled list snapshots: sources and licences",
        "",
        "Written by `scripts/build_bundle.py` (do not edit by hand). Each `*.jsonl.gz` here is a",
        "conversion of an official publication into exportctl records; the publishers do not",
        "endorse exportctl. Licences and descriptions come from `exportctl/sources/sources.yaml`.",
        "",
    ]
    for source, files, sha, published, count in rows:
        src = get_source(source)
        lines += [
            f"## `{source}.jsonl.gz`: {src.title}",
            "",
            f"- Publisher: {src.authority}",
            f"- Licence: {src.licence}",
        ]
        if src.attribution:
            lines.append(f"- Attribution: {src.attribution}")
        lines += [
            f"- Published: {published or 'not stated by the file'}",
            f"- Built from: {', '.join(f'`{f}`' for f in files)}"
            f" (sha256 as the snapshot's header records it: `{sha}`)",
            f"- Entities: {count}",
            f"- Official address: {', '.join(src.urls)}",
            "",
        ]
    return "\n".join(lines)


def build(shared: Path, out: Path, only: list[str] | None = None) -> list[Path]:
    written = []
    rows: list[tuple[str, list[str], str, str | None, int]] = []
    for source, rel in BUNDLE.items():
        if only and source not in only:
            continue
        paths = [shared / "lists" / r for r in rel]
        (result,) = parse_files(paths, get_source(source).formats[0], source=source)
        if result.published is None and source in UNDATED_AS_OF:
            result.published = UNDATED_AS_OF[source]
        target = out / f"{source}.jsonl.gz"
        sha = sha256_of(paths)
        write_bundle(result, sha, target)
        published = result.published.isoformat() if result.published else None
        rows.append((source, [p.name for p in paths], sha, published, len(result.entities)))
        print(f"{source}: {len(result.entities)} entities, {len(result.issues)} issues -> {target}")
        written.append(target)
    if not only:  # a partial rebuild would write a notice missing the other snapshots
        (out / "SOURCES.md").write_text(sources_md(rows), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared", nargs="?", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--out", default=str(ROOT / "src" / "exportctl" / "data" / "lists"))
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args(argv)
    build(Path(args.shared), Path(args.out), args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
