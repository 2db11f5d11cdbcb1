#!/usr/bin/env python3
"""Peak memory and time of the streaming list parsers, beside a whole-tree reference.

Usage: python benchmarks/list_parsers.py [--mb 25] [--ods PATH]

EU FSF: the hand-written sample (tests/sources/data/eu_fsf_sample.xml) is repeated, each copy
with its own euReferenceNumber, until the file is ``--mb`` megabytes (the real list's size is
~25 MB). Each measurement runs in a fresh child process and reports that process's peak RSS
(``ru_maxrss``) beside the peak of a child that parsed an empty list (imports only). The
reference parses the same file with ``lxml.etree.parse`` (the whole tree in memory) and walks
it. The ODS is timed with the streaming reader. UK Sanctions List XML: the hand-written sample
(tests/sources/data/uk_sanctions_list_sample.xml) repeated the same way (``--uk-mb``, default 22:
the size reported for the real list), parsed by ``uk_fcdo_xml`` and by the whole-tree reference.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "sources" / "data" / "eu_fsf_sample.xml"
UK_SAMPLE = ROOT / "tests" / "sources" / "data" / "uk_sanctions_list_sample.xml"

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from lxml import etree
from exportctl.sources import eu_fsf, uk_fcdo, uk_fcdo_xml
mode, path = sys.argv[1], Path(sys.argv[2])
t = time.perf_counter()
n = 0
if mode == "eu_fsf":
    n = len(eu_fsf.parse([path]).entities)
elif mode == "tree":
    root = etree.parse(str(path)).getroot()
    n = sum(1 for _ in root.iter("{http://eu.europa.ec/fpi/fsd/export}sanctionEntity"))
elif mode == "uk_fcdo":
    n = len(uk_fcdo.parse([path]).entities)
elif mode == "uk_fcdo_xml":
    n = len(uk_fcdo_xml.parse([path]).entities)
elif mode == "tree_uk":
    n = sum(1 for _ in etree.parse(str(path)).getroot().iter("Designation"))
secs = time.perf_counter() - t
print(json.dumps({"n": n, "secs": secs,
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _child(mode: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    ).stdout
    result: dict[str, float] = json.loads(out)
    return result


def _big_fsf(mb: float, out: Path) -> int:
    text = SAMPLE.read_text("utf-8")
    head, rest = text.split("<sanctionEntity ", 1)
    body, tail = ("<sanctionEntity " + rest).rsplit("</export>", 1)
    parts, size, n = [head], len(head), 0
    while size < mb * 1_000_000:
        n += 1
        chunk = body.replace('euReferenceNumber="EU.', f'euReferenceNumber="EU.{n}.')
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    parts.append("</export>" + tail)
    out.write_text("".join(parts), encoding="utf-8")
    return n


def _big_uk(mb: float, out: Path) -> int:
    text = UK_SAMPLE.read_text("utf-8")
    head, rest = text.split("<Designation>", 1)
    body = "<Designation>" + rest.rsplit("</Designations>", 1)[0]
    parts, size, n = [head], len(head), 0
    while size < mb * 1_000_000:
        n += 1
        chunk = body.replace("<UniqueID>", f"<UniqueID>{n}-")
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    parts.append("</Designations>\n")
    out.write_text("".join(parts), encoding="utf-8")
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=25.0)
    ap.add_argument("--uk-mb", type=float, default=22.0)
    ap.add_argument(
        "--ods",
        default=str(
            ROOT.parent / "shared/data/lists/uk/fcdo_uk_sanctions_list_2025-08-11_summary.ods"
        ),
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "fsf.xml"
        copies = _big_fsf(args.mb, big)
        empty = Path(tmp) / "none.xml"
        empty.write_text('<export xmlns="http://eu.europa.ec/fpi/fsd/export"/>')
        base = _child("eu_fsf", empty)["rss_kb"]
        size = big.stat().st_size / 1e6
        print(
            f"EU FSF XML: {size:.1f} MB, {copies * 5:,} entities "
            f"(import-only child: peak RSS {base / 1024:.0f} MB)"
        )
        for mode in ("eu_fsf", "tree"):
            r = _child(mode, big)
            print(
                f"  {mode:8s} entities={int(r['n']):,} secs={r['secs']:.2f} "
                f"peak RSS {r['rss_kb'] / 1024:.0f} MB"
            )
        uk = Path(tmp) / "uk.xml"
        uk_copies = _big_uk(args.uk_mb, uk)
        print(
            f"UK Sanctions List XML: {uk.stat().st_size / 1e6:.1f} MB, "
            f"{uk_copies * 7:,} designations"
        )
        for mode in ("uk_fcdo_xml", "tree_uk"):
            r = _child(mode, uk)
            print(
                f"  {mode:11s} entities={int(r['n']):,} secs={r['secs']:.2f} "
                f"peak RSS {r['rss_kb'] / 1024:.0f} MB"
            )
        ods = Path(args.ods)
        if ods.is_file():
            t = time.perf_counter()
            r = _child("uk_fcdo", ods)
            print(
                f"FCDO ODS {ods.stat().st_size / 1e3:.0f} kB: entities={int(r['n']):,} "
                f"secs={r['secs']:.2f} peak RSS {r['rss_kb'] / 1024:.0f} MB "
                f"(wall incl. start {time.perf_counter() - t:.1f} s)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
