"""Recall probes the quality benchmark does not cover: original-script names, double typos,
dropped middle names and short Korean names.

    nice .venv/bin/python benchmarks/screening_recall.py [--lists un|big] [--sample N]

1. Original script without a Latin alias: every listed name written in a non-Latin script is
   removed from the index, then screened; a hit is its own entity at the default threshold.
   Reported per script (Arabic, Cyrillic, Han, Hangul …).
2. Double typos: two edits (substitution, deletion, insertion or transposition of letters, each
   in a different token of 5+ letters) in a sample of listed Latin names (fixed seed).
3. Dropped middle names: a listed person name of 3+ strong tokens with one inner token left out.
4. Short Korean names: a listed name written surname + two syllables (RI YONG MU) screened with
   the syllable after the surname left out (RI MU); and how many two-token queries (a listed
   Korean surname × one of the 80 commonest syllables of such names) alert at all.
Each query is screened against the full index of the chosen lists (``big``: UN + OFAC SDN +
UK OFSI + AU DFAT), name only, default threshold.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_corpus import load_lists

from exportctl.model import Entity, EntityType
from exportctl.screening import Match, Query, ScreeningIndex, screen
from exportctl.text.scripts import char_script


def _scripts(text: str) -> set[str]:
    return {char_script(ch) for ch in text} - {"", "Latn"}


def _script_label(text: str) -> str:
    sc = _scripts(text)
    if sc == {"Other"}:
        first = next(ch for ch in text if char_script(ch) == "Other")
        import unicodedata

        return unicodedata.name(first, "OTHER").split(" ", 1)[0].title()
    return "+".join(sorted(sc))


def original_script(ents: list[Entity], show: int = 8) -> None:
    stripped: list[Entity] = []
    probes: list[tuple[str, int]] = []
    for i, e in enumerate(ents):
        keep = [n for n in e.names if not _scripts(n.full)]
        probes.extend((n.full, i) for n in e.names if _scripts(n.full))
        stripped.append(replace(e, names=keep))
    index = ScreeningIndex(stripped)
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    p_hits: Counter[str] = Counter()  # persons only: names that romanisation can reach (an
    p_total: Counter[str] = Counter()  # organisation's other-script name is often a translation)
    missed: dict[str, list[str]] = {}
    for text, i in probes:
        label = _script_label(text)
        total[label] += 1
        e = ents[i]
        etype = e.type.value
        found = any(_is(m, e) for m in screen(Query(text, type=etype), index, limit=50))
        hits[label] += found
        if e.type is EntityType.PERSON:
            p_total[label] += 1
            p_hits[label] += found
        if not found:
            kind = "person" if e.type is EntityType.PERSON else e.type.value
            missed.setdefault(label, []).append(
                f"[{kind}] {text!r} ({e.source} {e.source_id} {e.caption})"
            )
    print("| script | names | found | recall | person names | found | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|")

    def row(label: str, n: int, h: int, pn: int, ph: int) -> None:
        pr = f"{ph / pn:.4f}" if pn else "–"
        print(f"| {label} | {n} | {h} | {h / n:.4f} | {pn} | {ph} | {pr} |")

    for label in sorted(total, key=lambda k: -total[k]):
        row(label, total[label], hits[label], p_total[label], p_hits[label])
    row(
        "all",
        sum(total.values()),
        sum(hits.values()),
        sum(p_total.values()),
        sum(p_hits.values()),
    )
    for label, ms in missed.items():
        for m in ms[:show]:
            print(f"  missed {label}: {m}")


def _typo(tok: str, rng: random.Random) -> str:
    i = rng.randrange(len(tok))
    op = rng.choice("sdit")
    letters = string.ascii_uppercase if tok.isupper() else string.ascii_lowercase
    if op == "s":
        return tok[:i] + rng.choice([c for c in letters if c != tok[i].lower()]) + tok[i + 1 :]
    if op == "d":
        return tok[:i] + tok[i + 1 :]
    if op == "i":
        return tok[:i] + rng.choice(letters) + tok[i:]
    j = min(i, len(tok) - 2)
    return tok[:j] + tok[j + 1] + tok[j] + tok[j + 2 :]


def _is(m: Match, e: Entity) -> bool:
    """Whether a match is the entity: its own listing, or one joined into the match (an OFSI
    entry joined to its UN listing through the UN reference comes back as one match)."""
    if m.source == e.source and m.source_id == e.source_id:
        return True
    return any(
        b.get("source") == e.source and b.get("source_id") == e.source_id for b in m.legal_bases
    )


def _found(index: ScreeningIndex, text: str, e: Entity) -> bool:
    return any(_is(m, e) for m in screen(Query(text), index, limit=50))


def double_typos(
    ents: list[Entity], index: ScreeningIndex, n: int, seed: int, show: int = 15
) -> None:
    rng = random.Random(seed)
    pool = [
        (name.full, e)
        for e in ents
        for name in e.names
        if name.full.isascii()
        and sum(1 for t in name.full.split() if len(t) >= 5 and t.isalpha()) >= 2
    ]
    found = 0
    sample = rng.sample(pool, min(n, len(pool)))
    missed = []
    for text, e in sample:
        toks = text.split()
        long_ = [k for k, t in enumerate(toks) if len(t) >= 5 and t.isalpha()]
        for k in rng.sample(long_, 2):
            toks[k] = _typo(toks[k], rng)
        q = " ".join(toks)
        ok = _found(index, q, e)
        found += ok
        if not ok:
            missed.append(f"{q!r} ← {text!r}")
    print(f"double typos: {found}/{len(sample)} = {found / len(sample):.4f}")
    for m in missed[:show]:
        print("  missed", m)


def dropped_middle(
    ents: list[Entity], index: ScreeningIndex, n: int, seed: int, show: int = 15
) -> None:
    rng = random.Random(seed)
    pool = [
        (name.full, e)
        for e in ents
        if e.type is EntityType.PERSON
        for name in e.names
        if name.full.isascii()
        and "," not in name.full
        and len([t for t in name.full.split() if len(t) >= 3]) >= 3
    ]
    sample = rng.sample(pool, min(n, len(pool)))
    found = 0
    missed = []
    for text, e in sample:
        toks = text.split()
        k = rng.randrange(1, len(toks) - 1)
        q = " ".join(toks[:k] + toks[k + 1 :])
        ok = _found(index, q, e)
        found += ok
        if not ok:
            missed.append(f"{q!r} ← {text!r}")
    print(f"dropped middle name: {found}/{len(sample)} = {found / len(sample):.4f}")
    for m in missed[:show]:
        print("  missed", m)


def short_korean(ents: list[Entity], index: ScreeningIndex, n_syllables: int = 80) -> None:
    """Korean names written surname + two syllables (RI YONG MU): found when the syllable after
    the surname is left out (RI MU)? And how many two-token queries (a listed Korean surname
    and one of the commonest syllables of such names) alert at all."""
    from exportctl.text.korean import korean_tables

    surnames = {x for spellings in korean_tables().surnames.values() for x in spellings}
    names: list[tuple[list[str], Entity]] = []
    syllables: Counter[str] = Counter()
    for e in ents:
        if e.type is not EntityType.PERSON:
            continue
        for name in e.names:
            toks = name.full.replace(",", " ").split()
            if len(toks) == 3 and toks[0].lower() in surnames and all(len(t) <= 5 for t in toks):
                names.append((toks, e))
                syllables.update(t.upper() for t in toks[1:])
    found = sum(_found(index, f"{toks[0]} {toks[2]}", e) for toks, e in names)
    print(f"syllable after the surname left out: {found}/{len(names)} = {found / len(names):.4f}")
    common = [x for x, _ in syllables.most_common(n_syllables)]
    heads = sorted({toks[0].upper() for toks, _ in names})
    queries = [f"{a} {b}" for a in heads for b in common]
    alerting = sum(1 for q in queries if screen(Query(q), index))
    print(
        f"two-token queries (surname × common syllable) alerting: {alerting}/{len(queries)}"
        f" = {alerting / len(queries):.3f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lists", default="big", choices=["un", "big"])
    ap.add_argument("--sample", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--only", choices=["scripts", "typos", "middle", "korean"], default=None)
    ap.add_argument(
        "--show", type=int, default=None, help="missed examples shown (8 per script, 15 else)"
    )
    args = ap.parse_args()
    t = time.perf_counter()
    ents = load_lists(args.lists)
    print(f"{len(ents)} entities ({args.lists})")
    if args.only in (None, "scripts"):
        print("\n## Original script, no Latin alias")
        original_script(ents, 8 if args.show is None else args.show)
    index = ScreeningIndex(ents)
    if args.only in (None, "typos"):
        print("\n## Double typos")
        double_typos(ents, index, args.sample, args.seed, 15 if args.show is None else args.show)
    if args.only in (None, "middle"):
        print("\n## Dropped middle names")
        dropped_middle(ents, index, args.sample, args.seed, 15 if args.show is None else args.show)
    if args.only in (None, "korean"):
        print("\n## Short Korean names")
        short_korean(ents, index)
    print(f"\n{time.perf_counter() - t:.0f} s")


if __name__ == "__main__":
    main()
