"""The listed-word note's own CPU time on a first (cold) and a second (warm) pass (rev30b).

Builds ``screening_scale.py``'s corpus and 2,400 labelled queries (as ``screening_phases.py``
does, same seed), screens them twice in one process with a timer round
``screening.listed_words`` (the note; no match depends on it), and prints per pass the whole
pass's CPU, the note's and its share. ``--dump FILE`` writes every query's notes of the first
pass (their dicts), ``--compare FILE`` checks them against an earlier dump: a speed change to
the note must leave every note equal. ``--profile FILE`` writes the first pass's cProfile.

    BENCH_SITE=... python benchmarks/listed_words_cost.py --size 10000 --dump /tmp/notes.pkl
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
import time
from typing import Any

import exportctl.screening as scr
from exportctl.screening import Query, screen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="total entities")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dump", help="write the first pass's notes to this file")
    ap.add_argument("--compare", help="check the first pass's notes against this dump")
    ap.add_argument("--profile", help="write the first pass's cProfile stats to this file")
    args = ap.parse_args()
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    index, names = s.labelled_index(args.size, args.seed)

    spent = [0.0]
    note = scr.listed_words

    def timed(*a: Any, **k: Any) -> Any:
        start = time.process_time()
        try:
            return note(*a, **k)
        finally:
            spent[0] += time.process_time() - start

    scr.listed_words = timed  # (screen() looks it up in its module at each call)
    notes: list[list[dict[str, Any]]] = []
    prof = cProfile.Profile() if args.profile else None
    for k in range(2):
        spent[0] = 0.0
        start = time.process_time()
        if prof is not None and k == 0:
            prof.enable()
        for name in names:
            found = screen(Query(name), index)
            if k == 0:
                notes.append([w.to_dict() for w in found.listed_words])
        if prof is not None and k == 0:
            prof.disable()
        total = time.process_time() - start
        print(f"pass {k + 1}: {total:.2f} CPU-s, {len(names) / total:,.0f} q/CPU-s; notes "
              f"{spent[0]:.3f} s ({100 * spent[0] / total:.1f} %)")  # fmt: skip
    print(f"queries with a note: {sum(1 for n in notes if n)} of {len(notes)}")
    if prof is not None and args.profile:
        prof.dump_stats(args.profile)
    if s.dump_or_compare(notes, names, "notes", args.dump, args.compare):
        sys.exit(1)


if __name__ == "__main__":
    main()
