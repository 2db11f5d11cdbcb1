"""Listed vessels whose names hold a business or legal-form word (OCEANUS GAS, WU XIAN), each
written after vessel types that also open company names (``aframax OCEANUS GAS``): how many
escape, screened untyped against the OFAC SDN 2024 list (limit 100, default threshold).

    nice python benchmarks/vessel_type_names.py [TYPE ...]

Without TYPE, every phrase of the `vessel_type` group (text/data/name_fields.yaml), as written
and upper case. Figures: BENCHMARKS.md, "vessel25".
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from exportctl._yaml import safe_load
from exportctl.model import EntityType
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.sources import ofac_csv
from exportctl.text.tables import legal_forms, read_data

SDN = Path(__file__).resolve().parents[2] / "shared/data/lists/us/ofac/sdn_2024-05-03.csv"


def main(types: list[str]) -> None:
    """Print the vessels drawn and those that escaped after each type."""
    fields = safe_load(read_data("name_fields.yaml"))
    if not types:
        phrases = [str(p) for p in fields["leading"]["vessel_type"]["phrases"]]
        types = [*phrases, *(p.upper() for p in phrases)]
    business = {str(w).casefold() for w in fields["generic_words"]}
    business.update(w for phrase in legal_forms().phrases for w in phrase)
    business -= {str(w).casefold() for w in fields["function_words"]}
    ents = ofac_csv.parse([SDN]).entities
    index = ScreeningIndex(ents)
    vessels = [
        (e.names[0].full, e.source_id)
        for e in ents
        if e.type is EntityType.VESSEL
        and re.search("[A-Za-z]{2}", e.names[0].full)
        and any(w.casefold() in business for w in re.findall(r"[^\W\d_]+", e.names[0].full))
    ]
    escaped = [
        (kind, name, sid)
        for kind in types
        for name, sid in vessels
        if sid not in {m.source_id for m in screen(Query(f"{kind} {name}"), index, limit=100)}
    ]
    print(
        f"{len(vessels)} vessels, {len(types)} types: {len(escaped)} of "
        f"{len(vessels) * len(types)} escaped"
    )
    for row in escaped:
        print("  ", *row)


if __name__ == "__main__":
    main(sys.argv[1:])
