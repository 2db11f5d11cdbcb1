"""Recall of listed names with one typo, per kind of typo and length of the mistyped word.

    nice python benchmarks/typo_recall.py [--seed S] [--lists un] [--per-name K]

Every Latin name of the list (not a weak alias, four letters at least) is screened against the
list's index with one typo in one of its words, drawn at random (the word, the place): a
*doubled* letter (Rosneftt), a *dropped* letter (Rosnft; any but the last), the word's last
letter dropped (*dropped_last*: Rosnef), two adjacent letters *swapped* (Rosenft), any place in
the word, the first letter included. A query is found when its
listed entity is among the matches at the default threshold (refused: counted as caught). The
table gives recall per kind and per length of the mistyped word (letters), which is what
docs/screening.md's "Typos" states the guarantee from (BENCHMARKS.md, "typo25").
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_corpus import latin_names, load_lists

from exportctl.screening import InvalidQueryError, Query, ScreeningIndex, screen

KINDS = ("doubled", "dropped", "dropped_last", "swapped")


def mistype(word: str, kind: str, rng: random.Random) -> str:
    """``word`` with one typo of ``kind`` at a random place (letters only)."""
    if kind == "doubled":
        k = rng.randrange(len(word))
        return word[:k] + word[k] + word[k:]
    if kind == "dropped":
        k = rng.randrange(len(word) - 1)
        return word[:k] + word[k + 1 :]
    if kind == "dropped_last":
        return word[:-1]
    spots = [k for k in range(len(word) - 1) if word[k] != word[k + 1]]
    if not spots:
        return word
    k = rng.choice(spots)
    return word[:k] + word[k + 1] + word[k] + word[k + 2 :]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=25)
    ap.add_argument("--lists", default="un")
    ap.add_argument("--show", type=int, default=0, help="misses printed per kind")
    ap.add_argument("--show-from", type=int, default=2, help="only misses in words this long")
    args = ap.parse_args()
    ents = load_lists(args.lists)
    names = latin_names(ents)
    t0 = time.process_time()
    index = ScreeningIndex(ents)
    rng = random.Random(args.seed)
    tally: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    misses: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for name, source_id in names:
        spans = [m.span() for m in re.finditer(r"[A-Za-z]+", name) if m.end() - m.start() >= 2]
        if not spans:
            continue
        for kind in KINDS:
            a, b = rng.choice(spans)
            word = name[a:b]
            typo = mistype(word, kind, rng)
            if typo == word:
                continue
            text = name[:a] + typo + name[b:]
            try:
                hits = screen(Query(text), index, limit=50)
                ok = any(m.source_id == source_id for m in hits)
            except InvalidQueryError:
                ok = True
            cell = tally[kind, min(len(word), 9)]
            cell[0] += 1
            cell[1] += ok
            if not ok and len(word) >= args.show_from:
                misses[kind].append((source_id, name, text))
    lengths = sorted({n for _, n in tally})
    print(f"{len(names)} names; recall per kind × letters of the mistyped word (9 = 9+)")
    print(f"{'kind':8} " + " ".join(f"{n:>11}" for n in lengths))
    for kind in KINDS:
        cells = [tally.get((kind, n), [0, 0]) for n in lengths]
        print(f"{kind:8} " + " ".join(f"{ok:>5}/{q:<5}" for q, ok in cells))
        for source_id, name, text in misses[kind][: args.show]:
            print(f"    {source_id:10} {name!r:40} {text!r}")
    print(f"{time.process_time() - t0:.0f} CPU s")


if __name__ == "__main__":
    main()
