"""Each of the UN/OFAC/BIS/CSL sniffers claims exactly its own files among all shared lists."""

from __future__ import annotations

from pathlib import Path

from exportctl.sources import bis_dpl, ofac_csv, un_xml, us_csl
from exportctl.sources._io import read_head

OWN = {
    "un_xml": ("un/un_consolidated_2026-02-27.xml", "un/un_consolidated_2024-11-30.xml.gz"),
    "bis_dpl": ("us/bis/dpl_2022-09.txt",),
    "us_csl": ("us/csl/csl_sample_2019.csv", "us/csl/csl_sample_2025.csv"),
    "ofac_csv": tuple(
        f"us/ofac/{p}"
        for p in (
            "sdn_2024-05-03.csv",
            "classic_2021-07-07/sdn.csv",
            "classic_2021-07-07/add.csv",
            "classic_2021-07-07/alt.csv",
            "classic_2021-07-07/sdn_comments.csv",
            "consolidated_nonsdn_2025-12/cons_prim.csv",
            "consolidated_nonsdn_2025-12/cons_add.csv",
            "consolidated_nonsdn_2025-12/cons_alt.csv",
            "consolidated_nonsdn_2025-12/cons_comments.csv",
        )
    ),
}


def test_each_sniffer_claims_only_its_files(shared_data: Path) -> None:
    root = shared_data / "lists"
    mods = (un_xml, ofac_csv, bis_dpl, us_csl)
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.name in ("SOURCES.md", "SHA256SUMS"):
            continue
        rel = p.relative_to(root).as_posix()
        head = read_head(p)
        claimed = {m.FORMAT for m in mods if m.sniff(p, head)}
        expected = {fmt for fmt, files in OWN.items() if rel in files}
        assert claimed == expected, rel
