"""How often a screen carries a listed word's note (screening/listed_words.py), on ordinary
names against the bundled lists: 6,000 ordinary company names (Faker ``company()`` and
``<surname> LLC|Ltd|GmbH…``, 12 locales, seed 29, as session 29's ``bizneg`` probe drew them)
and 6,000 ordinary person names (``<first> <last>``, same locales); prints how many alert, how
many get a note, and the listed words that fire, most often first.

    PYTHONPATH=src python benchmarks/listed_words.py [--index cached.pkl] [--n 6000]

Needs Faker (``pip install -e .[bench]``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

from exportctl.screening import Query, ScreeningIndex, screen

LOCALES = (
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR",
    "pl_PL", "nl_NL", "tr_TR", "sv_SE", "cs_CZ",
)  # fmt: skip
LEGAL = ("LLC", "Ltd", "GmbH", "S.A.", "JSC", "Inc.", "Holdings", "OOO", "Corp", "B.V.", "AG")


def names(n: int, seed: int) -> tuple[list[str], list[str]]:
    """``n`` company names and ``n`` person names, drawn evenly from the locales."""
    from faker import Faker

    rng = random.Random(seed)
    companies: list[str] = []
    persons: list[str] = []
    for i in range(n):
        fk = Faker(LOCALES[i % len(LOCALES)])
        fk.seed_instance(seed * 100_000 + i)
        companies.append(fk.company() if i % 2 == 0 else f"{fk.last_name()} {rng.choice(LEGAL)}")
        persons.append(f"{fk.first_name()} {fk.last_name()}")
    return companies, persons


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, help="a saved index of the bundled lists (else built)")
    ap.add_argument("--n", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=29)
    args = ap.parse_args()
    if args.index and args.index.exists():
        index = ScreeningIndex.load(args.index)
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        from screening_scale import real_entities

        index = ScreeningIndex(real_entities())
        if args.index:
            index.save(args.index)
    companies, persons = names(args.n, args.seed)
    for what, qs in (("company", companies), ("person", persons)):
        alerts = notes = 0
        words: Counter[str] = Counter()
        examples: dict[str, str] = {}
        t0 = time.process_time()
        for q in qs:
            found = screen(Query(q), index)
            alerts += bool(found)
            notes += bool(found.listed_words)
            for w in found.listed_words:
                words[w.listed_word] += 1
                examples.setdefault(w.listed_word, f"{q} -> {w.name} ({w.source})")
        cpu = time.process_time() - t0
        print(
            f"{what}: {len(qs):,} names, {alerts:,} alert, {notes:,} with a note "
            f"({notes / len(qs):.1%}); {cpu / len(qs) * 1e3:.2f} ms CPU a name"
        )
        for w, k in words.most_common():
            print(f"  {k:4d} {w}: e.g. {examples[w]}")


if __name__ == "__main__":
    main()
