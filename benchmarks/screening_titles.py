"""Forms of address: a title or kunya particle and a surname (Sheikh AHMED, Abu AL-AMRIKI).

    nice .venv/bin/python benchmarks/screening_titles.py [--lists un|big] [--sample N]

Listed person names that open with a title or kunya particle, then a given name and a surname
(Sheikh Abubakar AHMED) give the probes:

1. Forms of address: the opening word and the last word of such a name (Sheikh AHMED). Found:
   its own entity alerts; alerting entities: how many entities alert per query on average
   (the noise a form of address shared by many listed people makes).
2. Recombined negatives: an opening word of one such name with the last word of another listed
   person name, where no listed name holds both words (as normalised tokens). Every alert is
   false. Sampled (fixed seed) and, separately, with the commonest last words of listed person
   names (Khan, Ahmed, Ali …).
Each query is screened by name only, default threshold, against the full index of the lists.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_corpus import load_lists

from exportctl.model import Entity, EntityType
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text import normalize_name
from exportctl.text.name_tokens import HONORIFIC

# (The probe selects names itself, so that it runs unchanged against code without the feature.)
KUNYA = {"abu", "abou"}


def _opens_titled(text: str) -> bool:
    """A title or kunya particle first, then two strong words at least (a given name and a
    surname), not a name written syllable by syllable."""
    toks = normalize_name(text, org=False).tokens
    if not toks or not (toks[0].kind == HONORIFIC or toks[0].text in KUNYA):
        return False
    return sum(not t.weak for t in toks) >= 2 and all(len(t.text) > 2 for t in toks[1:])


def _words(text: str) -> set[str]:
    return {t.text for t in normalize_name(text, org=False).tokens}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists", default="big", choices=["un", "big"])
    ap.add_argument("--sample", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--common", type=int, default=40, help="commonest last words tried")
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args()
    t0 = time.perf_counter()
    ents = load_lists(args.lists)
    index = ScreeningIndex(ents)
    rng = random.Random(args.seed)

    holders: dict[str, set[int]] = {}  # normalised word → listed names holding it
    openers: list[tuple[str, str, Entity]] = []  # (opening word, last word, entity)
    lasts: Counter[str] = Counter()
    n = 0
    for e in ents:
        for name in e.names:
            n += 1
            for w in _words(name.full):
                holders.setdefault(w, set()).add(n)
            if e.type is not EntityType.PERSON or "," in name.full or not name.full.isascii():
                continue
            raw = name.full.split()
            if len(raw) < 2:
                continue
            lasts[raw[-1]] += 1
            if _opens_titled(name.full) and raw[0].isalpha():
                openers.append((raw[0], raw[-1], e))

    def together(a: str, b: str) -> bool:
        wa, wb = _words(a), _words(b)
        hold_a = set().union(*(holders.get(w, set()) for w in wa))
        hold_b = set().union(*(holders.get(w, set()) for w in wb))
        return bool(hold_a & hold_b)

    # 1. Forms of address of listed names.
    forms = sorted({(o, s) for o, s, _ in openers})
    by_form: dict[tuple[str, str], list[Entity]] = {}
    for o, s, e in openers:
        by_form.setdefault((o, s), []).append(e)
    sample = rng.sample(forms, min(args.sample, len(forms)))
    found = others = 0
    for o, s in sample:
        ms = screen(Query(f"{o} {s}"), index, limit=50)
        targets = {(e.source, e.source_id) for e in by_form[(o, s)]}
        hit = [
            m
            for m in ms
            if (m.source, m.source_id) in targets
            or any((b.get("source"), b.get("source_id")) in targets for b in m.legal_bases)
        ]
        found += bool(hit)
        others += len(ms) - len(hit)
    print(f"{len(ents)} entities ({args.lists}); {len(openers)} listed names open with a title")
    print(
        f"forms of address (opening word + last word): found {found}/{len(sample)}"
        f" = {found / len(sample):.4f}; other entities alerting per query"
        f" {others / len(sample):.2f}"
    )

    # 2. Recombined negatives.
    opening_words = sorted({o for o, _ in forms})
    last_words = [s for s, _ in lasts.most_common()]

    def negatives(pool: list[str], k: int) -> list[str]:
        out: list[str] = []
        tries = 0
        while len(out) < k and tries < 50 * k:
            tries += 1
            q = f"{rng.choice(opening_words)} {rng.choice(pool)}"
            o, s = q.split(" ", 1)
            if not together(o, s) and q not in out:
                out.append(q)
        return out

    for label, pool, k in (
        ("recombined (opening word × any listed last word)", last_words, args.sample),
        (
            f"recombined with the {args.common} commonest last words",
            last_words[: args.common],
            args.sample,
        ),
    ):
        qs = negatives(pool, k)
        alerts = [(q, screen(Query(q), index)) for q in qs]
        bad = [(q, ms[0].matched_name, ms[0].score) for q, ms in alerts if ms]
        print(f"{label}: alerting {len(bad)}/{len(qs)} = {len(bad) / max(1, len(qs)):.4f}")
        for q, m, sc in bad[: args.show]:
            print(f"  alerts {q!r} → {m!r} {sc:.3f}")
    print(f"\n{time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
