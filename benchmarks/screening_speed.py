"""Screening speed, one process, one core: exportctl vs rapidfuzz brute force vs logic-v2.

    .venv/bin/python benchmarks/screening_speed.py [--queries N] [--synthetic 1000000]

Corpus: every name of UN + OFAC SDN (2024) + UK OFSI + AU DFAT, parsed by exportctl's parsers.
Queries: yente candgen synthetic negatives (global + US) and the 683 UN positives, mixed.
Reports build / save / load time, batch throughput (queries/s, sequential, caches warming as
they go) and single-query latency percentiles, next to:
  * rapidfuzz brute force: ``process.extract`` Jaro-Winkler over all names (workers=1);
  * nomenklatura logic-v2 over exportctl's candidates (retrieval at a 0.5 floor) and, on a
    handful of queries, brute force over all entities.
Then a synthetic corpus (default 1M entities): build time, peak memory, p50/p99; and how cost
grows with corpus size.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import pickle
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("OMP_NUM_THREADS", "1")

from screening_corpus import load_lists, read_people, synthetic

from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import name_for


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def pct(xs: list[float], p: float) -> float:
    ys = sorted(xs)
    return ys[min(len(ys) - 1, int(len(ys) * p))] * 1e3


def queries(n: int, seed: int = 11) -> list[Query]:
    rng = random.Random(seed)
    neg = read_people("negatives_global.csv.gz") + read_people("negatives_us.csv.gz")
    pos = read_people("positives_un_treated.csv")
    rows = rng.sample(neg, max(0, n - len(pos))) + pos
    rng.shuffle(rows)
    return [Query(r["full_name"]) for r in rows[:n]]


def run_ours(index: ScreeningIndex, qs: list[Query]) -> tuple[float, list[float], int]:
    lat: list[float] = []
    hits = 0
    t0 = time.perf_counter()
    for q in qs:
        a = time.perf_counter()
        hits += bool(screen(q, index))
        lat.append(time.perf_counter() - a)
    return len(qs) / (time.perf_counter() - t0), lat, hits


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=20000)
    ap.add_argument("--synthetic", type=int, default=1_000_000)
    ap.add_argument("--ref-queries", type=int, default=300)
    args = ap.parse_args()
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    ents = load_lists("big")
    n_names = sum(len(e.names) for e in ents)
    print(
        f"# screening speed — corpus: {len(ents)} entities, {n_names} names "
        f"(UN + OFAC SDN 2024 + UK OFSI + AU DFAT); one core"
    )
    screen(Query("warm up imports"), ScreeningIndex(ents[:10]))
    t = time.perf_counter()
    index = ScreeningIndex(ents)
    build = time.perf_counter() - t
    blob = pickle.dumps(index, protocol=5)
    t = time.perf_counter()
    index = pickle.loads(blob)
    load = time.perf_counter() - t
    print(f"build {build:.2f} s · pickle {len(blob) / 2**20:.1f} MiB · load {load:.3f} s")

    qs = queries(args.queries)
    qps, lat, hits = run_ours(index, qs)
    qps2, lat2, _ = run_ours(index, qs[: args.queries // 4])  # same queries again: warm caches
    cold = pickle.loads(blob)
    single = [run_ours(cold, [q])[1][0] for q in qs[-500:]]  # fresh index, first sight of each
    print("\n| engine | queries | queries/s | p50 ms | p99 ms | rows with a hit |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| exportctl batch (cold caches) | {len(qs)} | {qps:,.0f} | {pct(lat, 0.5):.2f} | "
        f"{pct(lat, 0.99):.2f} | {hits} |"
    )
    print(
        f"| exportctl batch (repeat, warm) | {len(lat2)} | {qps2:,.0f} | {pct(lat2, 0.5):.2f} | "
        f"{pct(lat2, 0.99):.2f} | |"
    )
    print(
        f"| exportctl single query (fresh index) | {len(single)} "
        f"| {len(single) / sum(single):,.0f} "
        f"| {pct(single, 0.5):.2f} | {pct(single, 0.99):.2f} | |"
    )

    # rapidfuzz brute force Jaro-Winkler over every name.
    from rapidfuzz import process, utils
    from rapidfuzz.distance import JaroWinkler

    names = [utils.default_process(n.full) for e in ents for n in e.names]
    ref = qs[: args.ref_queries]
    t = time.perf_counter()
    lat_rf = []
    for q in ref:
        a = time.perf_counter()
        process.extract(
            utils.default_process(q.name),
            names,
            scorer=JaroWinkler.normalized_similarity,
            score_cutoff=0.9,
            limit=10,
            processor=None,
        )
        lat_rf.append(time.perf_counter() - a)
    rf_qps = len(ref) / (time.perf_counter() - t)
    print(
        f"| rapidfuzz brute-force Jaro-Winkler | {len(ref)} | {rf_qps:,.0f} "
        f"| {pct(lat_rf, 0.5):.2f} | "
        f"{pct(lat_rf, 0.99):.2f} | |"
    )

    try:
        from screening_quality import _logic_v2, ftm_of
    except ImportError:
        lv2 = None
    else:
        lv2 = _logic_v2()
    if lv2:
        compare, make = lv2
        ftm = {}
        lat_lv = []
        n_cmp = 0
        for q in ref:
            a = time.perf_counter()
            norm = name_for(q.name, None)
            cands = {index.entity_of(c.row) for c in index.candidates(norm, 0.5, 256)}
            qe = make("Person", [q.name])
            for e in cands:
                if e not in ftm:
                    ftm[e] = ftm_of(ents[e], make)
                compare(qe, ftm[e])
                n_cmp += 1
            lat_lv.append(time.perf_counter() - a)
        print(
            f"| logic-v2 over exportctl candidates | {len(ref)} "
            f"| {len(ref) / sum(lat_lv):,.0f} | "
            f"{pct(lat_lv, 0.5):.2f} | {pct(lat_lv, 0.99):.2f} "
            f"| ({n_cmp / len(ref):.0f} cmp/query) |"
        )
        few = ref[:2]
        t = time.perf_counter()
        all_ftm = [ftm.get(i) or ftm_of(e, make) for i, e in enumerate(ents)]
        conv = time.perf_counter() - t
        t = time.perf_counter()
        for q in few:
            qe = make("Person", [q.name])
            for r in all_ftm:
                compare(qe, r)
        bf = (time.perf_counter() - t) / len(few)
        print(
            f"| logic-v2 brute force (all entities) | {len(few)} | {1 / bf:.2f} "
            f"| {bf * 1e3:.0f} | | "
            f"(+{conv:.0f} s FtM conversion) |"
        )
        del all_ftm, ftm
    del index, cold, blob
    gc.collect()

    # Synthetic corpora: build, memory, latency; growth with size.
    print(
        "\n| synthetic entities | names | build s | index MiB (RSS growth) | queries/s "
        "| p50 ms | p99 ms |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    sizes = sorted({s for s in (10_000, 100_000, 300_000, args.synthetic) if s <= args.synthetic})
    qsyn = queries(3000, seed=5)
    for n in sizes:
        gc.collect()
        corpus = synthetic(n)
        base = rss_mb()
        t = time.perf_counter()
        idx = ScreeningIndex(corpus)
        b = time.perf_counter() - t
        del corpus
        gc.collect()
        mem = rss_mb() - base
        q_qps, q_lat, _ = run_ours(idx, qsyn)
        names_n = idx.name_count
        print(
            f"| {n:,} | {names_n:,} | {b:.1f} | {mem:,.0f} | {q_qps:,.0f} "
            f"| {pct(q_lat, 0.5):.2f} | {pct(q_lat, 0.99):.2f} |"
        )
        del idx
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the whole run: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
