"""Listed parties written with `@` (an alias, as South Asian records write it) between a name and
a one-word alias the lists give them, screened against every bundled list: how many clear their
own listing (rev28b: docs/reliability.md, "rev28b").

    nice python benchmarks/at_sides.py [--n 60] [--seed 7]

Each party drawn is written four ways: `<name> @ <alias>`, `<alias> @ <name>`, `Global Trading @
<alias>`, and an organisation's alias with a legal form after it (`Global Trading @ <ALIAS>
LLC`) or a person's in lower case after another name (`Ali Khan @ <alias>`).
"""

from __future__ import annotations

import argparse
import random

from exportctl.model import Entity
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.store.bundle import bundled_files, read_bundle


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=60, help="parties drawn")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    entities: list[Entity] = []
    for bf in bundled_files():
        entities.extend(read_bundle(bf.resource.read_bytes(), bf.source)[0].entities)
    index = ScreeningIndex(entities)
    drawn = []
    for e in range(len(index)):
        if index.ent_type[e] not in ("person", "organization"):
            continue
        names = [index.name_text[r] for r in index.ent_names[e]]
        one = [n for n in names if len(n.split()) == 1 and n.isalpha() and len(n) >= 4]
        many = [n for n in names if len(n.split()) >= 2]
        if one and many:
            drawn.append((e, many[0], one[0]))
    rng = random.Random(args.seed)
    missed = total = 0
    for e, name, alias in rng.sample(drawn, args.n):
        key = (index.ent_source[e], index.ent_source_id[e])
        last = (
            f"Global Trading @ {alias.upper()} LLC"
            if index.ent_type[e] == "organization"
            else f"Ali Khan @ {alias.lower()}"
        )
        for q in (f"{name} @ {alias}", f"{alias} @ {name}", f"Global Trading @ {alias}", last):
            hits = screen(Query(q), index, limit=50)
            total += 1
            if not any(
                (m.source, m.source_id) == key
                or any((b.get("source"), b.get("source_id")) == key for b in m.legal_bases)
                for m in hits
            ):
                missed += 1
                print(f"    cleared {q!r}")
    print(f"{missed} of {total} writings cleared their listed party")


if __name__ == "__main__":
    main()
