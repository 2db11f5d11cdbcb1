"""Initials measured (legal25): what reading initials costs and finds.

``--legal``: untyped organisation names whose initials read as a legal form (``S.A.``,
``N.V.``) also read as a person's (``text/person_names.initials_as_person``) — how many of the
scale corpus's organisation and vessel names and of its 2,400 queries get the reading, their
CPU with and without it, and whether an answer changes (``BENCH_SITE`` as for
``screening_scale.py``).

``--first-initial``: the surname with the first initial only (``M. NAQDI``), the switch
``screening.names.FIRST_INITIAL_ONLY`` off and on — found and listings reported for 300
listed persons with two given names or more (UN, OFAC, OFSI, DFAT), and the quality guard's
5,000 global negatives written ``F. Surname`` and ``F. M. Surname``: the share alerting.

    BENCH_SITE=... nice python benchmarks/initials_cost.py --legal [--size 10000]
    nice python benchmarks/initials_cost.py --first-initial
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import exportctl.screening as scr
import exportctl.screening.names as scoring
from exportctl.model import Entity, EntityType
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.person_names import initials_as_person


def legal(size: int) -> None:
    """The untyped person reading of initials that read as a legal form: count and cost."""
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    import screening_scale as s

    ents, _, qs = s.corpus(size, 7, s.real_entities(), s.Pools.make(7), random.Random(7))
    names = [n.full for e in ents if e.type != EntityType.PERSON for n in e.names]
    hits = [n for n in names if initials_as_person(n)]
    queries = [q.name for q in qs if initials_as_person(q.name)]
    print(f"{len(hits)} of {len(names)} organisation/vessel names read also as a person's")
    print(f"{len(queries)} of {len(qs)} scale queries read so, e.g. {queries[:5]}")
    index = ScreeningIndex(ents)

    def run(reading: bool) -> tuple[float, list[list[tuple[str, float]]]]:
        scr.initials_as_person = initials_as_person if reading else (lambda text: ())  # type: ignore[assignment]
        start = time.process_time()
        got = [[(m.source_id, m.score) for m in screen(Query(n), index)] for n in hits]
        return time.process_time() - start, got

    for _ in range(2):  # (the second round warm for both)
        without, a = run(False)
        with_, b = run(True)
        print(f"CPU s for the {len(hits)}: without the reading {without:.3f}, with {with_:.3f}")
    scr.initials_as_person = initials_as_person
    print(f"answers changed: {sum(x != y for x, y in zip(a, b, strict=True))}")


def _found(e: Entity, query: str, index: ScreeningIndex) -> tuple[bool, int]:
    ms = screen(Query(query), index, limit=100)
    key = (e.source, e.source_id)
    hit = any(
        (m.source, m.source_id) == key
        or any((b["source"], b["source_id"]) == key for b in m.legal_bases)
        for m in ms
    )
    return hit, len(ms)


def first_initial() -> None:
    """The surname with the first initial only: found, listings reported, negatives alerting."""
    import desk_names
    from screening_corpus import load_lists, read_people

    ents = load_lists("big")
    index = ScreeningIndex(ents)
    rng = random.Random("25:first_initial")
    pool = [
        (e, n.full)
        for e in ents
        if e.type is EntityType.PERSON
        for n in e.names[:1]
        if n.full.isascii()
    ]
    rng.shuffle(pool)
    listed: list[tuple[str, Entity]] = []
    for e, n in pool:
        parts = desk_names._surname_given(n)
        if not parts or len(parts[1]) < 2:
            continue
        sur, giv = parts
        init = f"{giv[0][0].upper()}."
        q = f"{init} {' '.join(sur)}" if rng.random() < 0.5 else f"{' '.join(sur)}, {init}"
        listed.append((q, e))
        if len(listed) >= 300:
            break
    first: list[str] = []
    every: list[str] = []
    for r in read_people("negatives_global.csv.gz", 5000):
        w = r["full_name"].split()
        if len(w) < 2 or not w[0][:1].isalpha():
            continue
        first.append(f"{w[0][0].upper()}. {w[-1]}")
        every.append(" ".join(f"{g[0].upper()}." for g in w[:-1] if g[:1].isalpha()) + f" {w[-1]}")
    for flag in (False, True):
        scoring.FIRST_INITIAL_ONLY = flag
        got = [_found(e, q, index) for q, e in listed]
        reported = [n for _, n in got]
        print(
            f"FIRST_INITIAL_ONLY={flag}: {len(listed)} listed persons, found "
            f"{sum(h for h, _ in got)}, listings reported per query {sum(reported) / len(got):.2f} "
            f"(max {max(reported)}), 3+ listings {sum(n >= 3 for n in reported)}"
        )
        for label, qs in (("F. Surname", first), ("every initial + surname", every)):
            alerts = sum(1 for q in qs if screen(Query(q), index))
            print(f"  negatives as {label}: {alerts} of {len(qs)} alert ({alerts / len(qs):.4f})")
    scoring.FIRST_INITIAL_ONLY = False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--legal", action="store_true")
    ap.add_argument("--first-initial", action="store_true")
    ap.add_argument("--size", type=int, default=10_000)
    args = ap.parse_args()
    if args.legal:
        legal(args.size)
    if args.first_initial:
        first_initial()


if __name__ == "__main__":
    main()
