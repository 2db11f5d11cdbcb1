"""Listed vessels written with their flag as desks and lists write it (round or square brackets,
the country before or after FLAG, an IMO number after it), screened against every bundled list:
how many clear their own listing (rev28b: docs/reliability.md, "rev28b").

    nice python benchmarks/vessel_flags.py [--n 40] [--seed 5]
"""

from __future__ import annotations

import argparse
import random

from exportctl.model import Entity
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.store.bundle import bundled_files, read_bundle

FORMS = ["{n} [FLAG: {c}]", "{n} (flag {c})", "{n} [{c} flag]", "{n}, FLAG {c}",
         "{n} - flag: {c}", "{n} [Flag {c}] IMO {i}"]  # fmt: skip
COUNTRIES = ["PANAMA", "Liberia", "COMOROS", "Iran", "Cameroon", "Togo"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=40, help="vessels drawn")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    entities: list[Entity] = []
    for bf in bundled_files():
        entities.extend(read_bundle(bf.resource.read_bytes(), bf.source)[0].entities)
    index = ScreeningIndex(entities)
    rng = random.Random(args.seed)
    vessels = [e for e in range(len(index)) if index.ent_type[e] == "vessel"]
    missed = total = 0
    for e in rng.sample(vessels, args.n):
        for form in FORMS:
            q = form.format(n=index.ent_caption[e], c=rng.choice(COUNTRIES), i="1234567")
            hits = screen(Query(q), index, limit=50)
            total += 1
            key = (index.ent_source[e], index.ent_source_id[e])
            if not any((m.source, m.source_id) == key for m in hits):
                missed += 1
                print(f"    cleared {q!r}")
    print(f"{missed} of {total} writings cleared their listed vessel")


if __name__ == "__main__":
    main()
