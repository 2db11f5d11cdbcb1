"""False alerts on recombined person names, in Arabic script and in Latin (issue #12).

One listed person's first word + another's last word, none of them a listed name as written, is
a name no listed party bears — though often one a listed person happens to bear too (``محمد
حسن``: Mohamed Hassan). Screened as persons against the lists with every non-Latin name removed
(as ``screening_recall.py --only scripts`` does), the share that alerts is what a reading of
Arabic-script names costs in alerts on other parties. The Latin rate — the same persons' Latin
names recombined the same way — is what a customer file written in Latin gets on the same stock
of names.

    nice .venv/bin/python benchmarks/screening_recombined.py [--n 1500] [--show 20]

The Arabic-script half is the lead's throw-away harness (``arab_neg.py``, seed 5) made
reproducible here.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import replace

from screening_corpus import load_lists
from screening_recall import _script_label, _scripts

from exportctl.model import Entity, EntityType
from exportctl.screening import Query, ScreeningIndex, screen


def _recombined(names: list[tuple[list[str], int]], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    seen = {" ".join(words) for words, _ in names}
    out: list[str] = []
    while len(out) < n:
        (a, i), (b, j) = rng.choice(names), rng.choice(names)
        q = f"{a[0]} {b[-1]}"
        if i != j and q not in seen:
            out.append(q)
    return out


def _alerts(index: ScreeningIndex, queries: list[str]) -> list[str]:
    out = []
    for q in queries:
        ms = screen(Query(q, type="person"), index)
        if ms:
            out.append(f"{q} -> {ms[0].matched_name} {ms[0].score:.2f}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lists", default="big")
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--show", type=int, default=0)
    args = ap.parse_args()
    ents: list[Entity] = load_lists(args.lists)
    index = ScreeningIndex(
        [replace(e, names=[n for n in e.names if not _scripts(n.full)]) for e in ents]
    )
    persons = [i for i, e in enumerate(ents) if e.type is EntityType.PERSON]
    arab = [
        (n.full.split(), i)
        for i in persons
        for n in ents[i].names
        if _script_label(n.full) == "Arabic" and len(n.full.split()) >= 2
    ]
    with_arab = sorted({i for _, i in arab})
    latin = [
        (n.full.replace(",", " ").split(), i)
        for i in with_arab
        for n in ents[i].names
        if not _scripts(n.full) and len(n.full.split()) >= 2
    ]
    for label, names in (("Arabic script", arab), ("Latin (same persons)", latin)):
        queries = _recombined(names, args.n, args.seed)
        alerts = _alerts(index, queries)
        share = len(alerts) / len(queries)
        print(
            f"{label}: {len(alerts)} of {len(queries)} recombined person names alert ({share:.1%})"
        )
        for line in alerts[: args.show]:
            print(f"  {line}")


if __name__ == "__main__":
    main()
