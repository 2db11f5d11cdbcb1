"""In-script retrieval at scale: the counted retrieval against the linear scan it replaced.

    BENCH_SITE=/tmp/scale-bench/site nice python benchmarks/script_scale.py \\
        --size 10000 --size 100000 --size 1000000 [--queries 300] [--floors 0.80 0.73 0.60]

A non-Latin query also retrieves the listed rows whose in-script comparison (``token_sort_ratio``
of the texts as written, weight 0.95) reaches the retrieval floor (screening/script_retrieval.py).
Session 22 found them by comparing the query with every listed non-ASCII name
(:func:`~exportctl.screening.script_retrieval.linear_script_candidates`, kept as the reference);
now they are counted from the names' letter pairs stored with the index. Both run here side by
side, in one process, on the same queries, and their answers (rows, bounds, order) must be equal
for every query and floor.

Corpus (reproducible): every name of the bundled lists (``exportctl/data/lists``: their ~3k
non-ASCII names in Arabic, Cyrillic, Han, Hangul …) plus ``--size`` synthetic non-Latin names
from Faker's tables of 13 locales (ru_RU, uk_UA, bg_BG, ar_AA, fa_IR, he_IL, el_GR, hy_AM, ka_GE,
th_TH, zh_CN, ja_JP, ko_KR; first, middle and last names drawn with Faker's own frequencies and
written in the locale's order, 8 % companies from Faker's own company names), seeded.

Labelled queries, a third each: a synthetic name as written (``exact``), a synthetic name with
one slip (a letter typed as a Latin one, dropped or doubled: ``slip``), and an original-script
name of the lists, as written or slipped alike (``listed``). Floors: 0.80 (the default threshold,
a bare name), 0.73 (the default with a birth date and a country: 0.07 of boost), 0.60 (a
threshold of 0.60: below a floor of 0.633 no pair count bounds the comparison and the names of
the query's length range are compared one by one, as before).

The index here holds what in-script retrieval reads — the names, their rows' entities and the
pair table built from them (:func:`~exportctl.screening.script_grams.build_script_grams`, as
``ScreeningIndex`` builds it) — not the rest of a screening index, whose build (transliterating
every name) measures nothing here. Prints the table's build time (CPU) and size, and per floor:
ms per query (CPU, p50 / p99) of each, the rows retrieved, and how many queries' answers differ
(must be 0).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from exportctl.screening import InvalidQueryError, Query, ScreeningIndex, _context
from exportctl.screening.columns import StrColumn
from exportctl.screening.features import QueryContext
from exportctl.screening.index import Candidate
from exportctl.screening.script_grams import build_script_grams
from exportctl.screening.script_retrieval import linear_script_candidates, script_candidates
from exportctl.store.bundle import bundled_files, read_bundle

LOCALES = (
    "ru_RU", "uk_UA", "bg_BG", "ar_AA", "fa_IR", "he_IL", "el_GR",
    "hy_AM", "ka_GE", "th_TH", "zh_CN", "ja_JP", "ko_KR",
)  # fmt: skip
FAMILY_FIRST = {"ru_RU", "uk_UA", "bg_BG", "zh_CN", "ja_JP", "ko_KR"}
NO_SPACE = {"zh_CN", "ko_KR"}  # (a Chinese or Korean name written as one word)
MIDDLE = {"ru_RU", "uk_UA"}  # (a patronymic, most of the time)
WEIGHT = 0.95  # name_original_script's weight (LogicV1)
MAX_CANDIDATES = 256  # ScreeningConfig's default


@dataclass
class Pools:
    """Per locale, name parts and company names drawn from Faker (repeats keep its weights)."""

    first: dict[str, list[str]]
    middle: dict[str, list[str]]
    last: dict[str, list[str]]
    company: dict[str, list[str]]

    @classmethod
    def make(cls, seed: int, per_locale: int = 4000) -> Pools:
        from faker import Faker

        first, middle, last, company = {}, {}, {}, {}
        for i, loc in enumerate(LOCALES):
            fk = Faker(loc)
            fk.seed_instance(seed * 1000 + i)
            first[loc] = [fk.first_name() for _ in range(per_locale)]
            last[loc] = [fk.last_name() for _ in range(per_locale)]
            if loc in MIDDLE:
                middle[loc] = [fk.middle_name() for _ in range(per_locale)]
            company[loc] = [fk.company() for _ in range(per_locale // 2)]
        return cls(first, middle, last, company)


def synthetic(n: int, pools: Pools, seed: int) -> list[str]:
    """``n`` non-Latin names, locales in turn, 8 % companies."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        loc = LOCALES[i % len(LOCALES)]
        if rng.random() < 0.08:
            out.append(rng.choice(pools.company[loc]))
            continue
        given, fam = rng.choice(pools.first[loc]), rng.choice(pools.last[loc])
        if loc in NO_SPACE:
            out.append(fam + given)
            continue
        parts = [fam, given] if loc in FAMILY_FIRST else [given, fam]
        if loc in MIDDLE and rng.random() < 0.8:
            parts.append(rng.choice(pools.middle[loc]))
        out.append(" ".join(parts))
    return out


def listed_names() -> list[str]:
    """Every name of the bundled lists."""
    out = []
    for bf in bundled_files():
        result, _ = read_bundle(bf.resource.read_bytes(), bf.source)
        out += [n.full for e in result.entities for n in e.names]
    return out


def slip(text: str, rng: random.Random) -> str:
    """One letter typed as a Latin one, dropped or doubled (tests/screening's ``_typo``)."""
    k = rng.randrange(len(text))
    if not text[k].isalpha():
        return text
    how = rng.randrange(3)
    if how == 0:
        return text[:k] + rng.choice("aeioukmnrst") + text[k + 1 :]
    if how == 1:
        return text[:k] + text[k + 1 :]
    return text[:k] + text[k] + text[k:]


def stand_in(names: Sequence[str]) -> tuple[ScreeningIndex, float]:
    """An index holding what in-script retrieval reads (each name its own entity), and the
    pair table's build time in CPU seconds."""
    index = ScreeningIndex.__new__(ScreeningIndex)
    index.name_text = StrColumn(names)
    index.name_ent = np.arange(len(names), dtype=np.int32)
    t0 = time.process_time()
    (
        index.sg_rows,
        index.sg_text,
        index.sg_len,
        index.sg_keys,
        index.sg_ptr,
        index.sg_post,
    ) = build_script_grams(index.name_text)
    return index, time.process_time() - t0


def queries(
    synth: Sequence[str], listed: Sequence[str], count: int, seed: int
) -> list[tuple[str, QueryContext]]:
    rng = random.Random(seed)
    # (original-script names only: a query holding some non-Latin script)
    script_listed = [t for t in listed if not t.isascii()]
    out: list[tuple[str, QueryContext]] = []
    while len(out) < count:
        kind = ("exact", "slip", "listed")[len(out) % 3]
        if kind == "listed":
            text = rng.choice(script_listed)
            text = slip(text, rng) if rng.random() < 0.5 else text
        else:
            text = rng.choice(synth)
            text = slip(text, rng) if kind == "slip" else text
        try:
            ctx = _context(Query(text))
        except InvalidQueryError:  # (an unusable name: drawn again)
            continue
        if ctx.name.scripts <= {"Latn"}:
            continue
        out.append((kind, ctx))
    return out


Retrieve = Callable[..., list[Candidate]]


def timed(
    fn: Retrieve, index: ScreeningIndex, qs: Sequence[tuple[str, QueryContext]], floor: float
) -> tuple[list[float], list[list[tuple[int, float]]]]:
    times, answers = [], []
    for _, ctx in qs:
        t0 = time.process_time()
        got = fn(ctx, index, floor, WEIGHT, MAX_CANDIDATES)
        times.append((time.process_time() - t0) * 1e3)
        answers.append([(c.row, c.bound) for c in got])
    return times, answers


def run(size: int, args: argparse.Namespace, pools: Pools, listed: list[str]) -> None:
    synth = synthetic(size, pools, args.seed + size)
    names = [*listed, *synth]
    index, build_s = stand_in(names)
    table_bytes = (
        sum(
            a.nbytes
            for a in (index.sg_rows, index.sg_len, index.sg_keys, index.sg_ptr, index.sg_post)
        )
        + len(index.sg_text.__getstate__()[0])
        + 8 * (len(index.sg_text) + 1)
    )
    print(
        f"\n== {size:,} synthetic non-Latin names + {len(listed):,} list names: "
        f"{index.sg_rows.size:,} non-ASCII rows; pair table built in {build_s:.2f} CPU-s, "
        f"{table_bytes / 2**20:.1f} MiB ({index.sg_keys.size:,} elements, "
        f"{index.sg_post.size:,} postings)",
        flush=True,
    )
    qs = queries(synth, listed, args.queries, args.seed)
    # The per-process text tables (the reference's, and the new one's for the lengths it
    # compares one by one), Han folded and not, are built before timing.
    for han in (True, False):
        ctx = next((c for _, c in qs if ("Hani" in c.name.scripts) is han), None)
        for fn in (linear_script_candidates, script_candidates):
            if ctx is not None:
                fn(ctx, index, 0.05, WEIGHT, MAX_CANDIDATES)
    print(
        "| floor | queries | linear p50 / p99 ms | counted p50 / p99 ms | rows retrieved "
        "(mean, max) | answers differ |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for floor in args.floors:
        ref_t, ref_a = timed(linear_script_candidates, index, qs, floor)
        new_t, new_a = timed(script_candidates, index, qs, floor)
        differ = [k for k, (a, b) in enumerate(zip(ref_a, new_a, strict=True)) if a != b]
        rows = [len(a) for a in new_a]
        print(
            f"| {floor:.2f} | {len(qs)} | {np.percentile(ref_t, 50):.2f} / "
            f"{np.percentile(ref_t, 99):.2f} | {np.percentile(new_t, 50):.3f} / "
            f"{np.percentile(new_t, 99):.3f} | {np.mean(rows):.1f}, {max(rows)} | "
            f"{len(differ)} of {len(qs)} |",
            flush=True,
        )
        for k in differ[:5]:
            print("   differs:", qs[k][0], repr(qs[k][1].original), ref_a[k][:5], new_a[k][:5])
        if args.by_kind:
            for kind in ("exact", "slip", "listed"):
                ks = [k for k, (kd, _) in enumerate(qs) if kd == kind]
                print(
                    f"|   {kind} | {len(ks)} | {np.percentile([ref_t[k] for k in ks], 50):.2f}"
                    f" / {np.percentile([ref_t[k] for k in ks], 99):.2f} | "
                    f"{np.percentile([new_t[k] for k in ks], 50):.3f} / "
                    f"{np.percentile([new_t[k] for k in ks], 99):.3f} | "
                    f"{np.mean([rows[k] for k in ks]):.1f}, {max(rows[k] for k in ks)} | |"
                )


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, action="append", help="synthetic non-Latin names")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--floors", type=float, nargs="+", default=[0.80, 0.73, 0.60])
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--by-kind", action="store_true", help="times per query kind too")
    args = ap.parse_args(argv)
    # Faker is imported lazily: a folder holding it may be appended here.
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    pools = Pools.make(args.seed)
    listed = listed_names()
    for size in args.size or [10_000]:
        run(size, args, pools, listed)


if __name__ == "__main__":
    main()
