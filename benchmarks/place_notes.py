"""A place, a country code, a website or NK beside a listed organisation's one-word name
(place29: docs/reliability.md, "place29"), and ordinary business names written so.

    nice python benchmarks/place_notes.py [--n 300] [--seed 29]

Recall: every one-word listed organisation name of the bundled lists (four ASCII letters at
least), written in each form the lead found clearing (``ROSNEFT, RU``, ``SBERBANK MOSCOW``,
``rosneft.ru``, ``NK ROSNEFT``); it is found where a match at the default threshold is an
entity the bare word finds. Over-match: Faker company names, surnames and given names
(``BENCH_SITE``) written with a city, country, code or website beside them (and the given
names that are countries, ``SMITH, Jordan``), screened against the same lists: every alert
is printed, with the reading that made it. Run it with the base's ``src`` on PYTHONPATH too
and compare.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable

if os.environ.get("BENCH_SITE"):
    sys.path.insert(0, os.environ["BENCH_SITE"])

from exportctl import Query, open_store, screen
from exportctl.model import EntityType
from exportctl.screening import ScreeningIndex
from exportctl.screening.engine_cache import index_for

FORMS = {
    "comma code": "{W}, RU",
    "dash code": "{W} - RU",
    "slash code": "{W}/RU",
    "space code": "{W} RU",
    "city code": "{W} MOSCOW RU",
    "comma city": "{W}, MOSCOW",
    "space city": "{W} MOSCOW",
    "space country": "{C} Germany",
    "domain": "{w}.ru",
    "www domain": "www.{w}.com",
    "NK": "NK {W}",
}
CITIES = ["MOSCOW", "DUBAI", "LONDON", "Berlin", "Paris", "Singapore", "Hong Kong", "Istanbul"]
GIVEN_COUNTRIES = ["Jordan", "India", "Georgia", "Israel", "Chad", "China", "Kenya"]
CODES = ["RU", "AE", "GB", "DE", "FR", "SG", "HK", "TR", "CN", "IN", "US", "CH"]


def one_word_names(index: ScreeningIndex) -> list[str]:
    """Every one-word listed name of an organisation (four ASCII letters at least; a vessel's
    is left out: the readings count against organisations only)."""
    seen: set[str] = set()
    for row in range(index.name_count):
        if index.ent_type[index.entity_of(row)] is not EntityType.ORGANIZATION:
            continue
        toks = [t.text for t in index.listed_name(row).tokens]
        if len(toks) == 1 and len(toks[0]) >= 4 and toks[0].isalpha() and toks[0].isascii():
            seen.add(toks[0])
    return sorted(seen)


def recall(index: ScreeningIndex) -> None:
    words = one_word_names(index)
    print(f"{len(words)} one-word listed organisation names")
    miss: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    t0 = time.process_time()
    for w in words:
        # (found: a hit on an entity the bare word finds; the listed name may be in another
        # script, АЭРОСКАН for AEROSKAN)
        bare = {(h.source, h.source_id) for h in screen(Query(w.upper()), index)}
        for form, pattern in FORMS.items():
            q = pattern.format(W=w.upper(), C=w.capitalize(), w=w.lower())
            hits = screen(Query(q), index)
            if not any((h.source, h.source_id) in bare for h in hits):
                miss[form] += 1
                examples.setdefault(form, []).append(q)
    print(f"  ({time.process_time() - t0:.1f} CPU-s)")
    for form, pattern in FORMS.items():
        print(f"  {form:14} {pattern:16} cleared {miss[form]:5d} of {len(words)}  e.g. "
              f"{examples.get(form, [])[:4]}")  # fmt: skip


def _classes(rng: random.Random) -> dict[str, Callable[[], str]]:
    from faker import Faker

    fk = Faker(["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "sv_SE", "ru_RU"])
    fk.seed_instance(rng.randrange(1 << 30))
    return {
        "company city": lambda: f"{fk.company()} {rng.choice(CITIES)}",
        "company, code": lambda: f"{fk.company()}, {rng.choice(CODES)}",
        "company code": lambda: f"{fk.company()} {rng.choice(CODES)}",
        "surname country": lambda: f"{fk.last_name()}, {fk.country()}",
        "surname code": lambda: f"{fk.last_name().upper()} {rng.choice(CODES)}",
        "given country": lambda: f"{fk.last_name().upper()}, {rng.choice(GIVEN_COUNTRIES)}",
        "website": lambda: fk.domain_name(),
        "www site": lambda: f"www.{fk.domain_name()}",
        "company": lambda: fk.company(),
    }


def overmatch(index: ScreeningIndex, n: int, seed: int) -> None:
    try:
        from exportctl.text.place_notes import place_note_readings
    except ImportError:  # (the base, before place29)

        def place_note_readings(text: str) -> tuple[tuple[str, str], ...]:
            return ()

    rng = random.Random(seed)
    for name, make in _classes(rng).items():
        queries = list(dict.fromkeys(make() for _ in range(n * 2)))[:n]
        alerts = 0
        for q in queries:
            hits = screen(Query(q), index)
            if hits:
                alerts += 1
                reads = [r for r, _ in place_note_readings(q)]
                print(f"    {q!r} -> {hits[0].matched_name!r} {hits[0].score:.3f} readings={reads}")
        print(f"  {name:<16} {len(queries):4d} names  alerted {alerts:4d}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="names per over-match class")
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--part", choices=["recall", "overmatch", "both"], default="both")
    args = ap.parse_args()
    index = index_for(open_store())
    if args.part in ("recall", "both"):
        recall(index)
    if args.part in ("overmatch", "both"):
        overmatch(index, args.n, args.seed)


if __name__ == "__main__":
    main()
