#!/usr/bin/env python3
"""Text-classification quality: top-1 / top-5 accuracy and latency, lexical vs hybrid.

    python benchmarks/classify_quality.py [--per-set N] [--json OUT]

Labelled queries come from text the lists themselves carry but that was not written as a query:

- ``eu-technote``: EU Annex I Technical Notes ("For the purposes of 3A001.e.1., 'energy density'
  (Wh/kg) is calculated …") → the entry they belong to;
- ``us-technote``: US CCL Technical Notes → their ECCN;
- ``us-heading→eu``: the US CCL heading of a multilateral ECCN → the EU entry with the same number
  (the other jurisdiction's wording of the same control).

Every code is masked out of the query, and the index is built **without notes** so a query never
meets its own text. A hit is counted at entry level (``3A001.e.1`` counts for ``3A001``).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import statistics
import time
from dataclasses import dataclass
from typing import Any

from exportctl import controls
from exportctl.controls.embedding import available
from exportctl.controls.search import CONFIDENCE_FLOOR, get_index

CODE = re.compile(r"\b\d[A-E]\d{3}(?:\.[a-z0-9]+)*\.?|\b(?:[a-z]|\d{1,2})\.(?:[a-z0-9]+\.)+", re.I)


@dataclass(frozen=True)
class Case:
    set: str
    query: str
    expected: str
    lst: str


def _mask(text: str) -> str:
    text = re.sub(r"^Technical Notes?\s*(?:\d+)?\s*:?\s*", "", text)
    text = re.sub(r"For the purposes? of\s*(?:this entry|[^,]*?)\s*,", "", text)
    return re.sub(r"\s+", " ", CODE.sub(" ", text)).strip()


def build_cases(per_set: int, seed: int = 7) -> list[Case]:
    rnd = random.Random(seed)
    sets: dict[str, list[Case]] = {"eu-technote": [], "us-technote": [], "us-heading→eu": []}
    for lst, name in (("eu_annex_i", "eu-technote"), ("us_ccl", "us-technote")):
        for e in controls.entries(lst):
            for note in e.technical_notes:
                q = _mask(note)[:400]
                if len(q.split()) >= 6:
                    sets[name].append(Case(name, q, e.code[:5], lst))
    eu_codes = {e.code for e in controls.entries("eu") if e.kind == "entry"}
    for e in controls.entries("us"):
        usable = "subject to the ITAR" not in e.title and len(e.title.split()) >= 4
        if e.kind == "entry" and e.code in eu_codes and e.regime != "unilateral" and usable:
            case = Case("us-heading→eu", _mask(e.title), e.code, "eu_annex_i")
            sets["us-heading→eu"].append(case)
    out: list[Case] = []
    for cases in sets.values():
        rnd.shuffle(cases)
        out.extend(cases[:per_set])
    return out


def run(cases: list[Case], semantic: bool) -> dict[str, Any]:
    results: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys(c.set for c in cases):
        subset = [c for c in cases if c.set == name]
        index = get_index((subset[0].lst,), include_notes=False)  # type: ignore[arg-type]
        if semantic:
            index.embeddings()  # build / load the cache outside the timed loop
        top1 = top5 = confident = confident_wrong = 0
        rr = 0.0
        lat: list[float] = []
        for c in subset:
            t = time.perf_counter()
            hits = index.search(c.query, limit=5, semantic=semantic)
            lat.append((time.perf_counter() - t) * 1000)
            bases = [h.entry.code[:5] for h in hits]
            top1 += bool(bases[:1] == [c.expected])
            if hits and hits[0].score >= CONFIDENCE_FLOOR:  # calibrated: "confident" top hit
                confident += 1
                confident_wrong += bases[0] != c.expected
            top5 += c.expected in bases
            rr += 1 / (bases.index(c.expected) + 1) if c.expected in bases else 0
        n = len(subset)
        results[name] = {
            "n": n,
            "top1": round(top1 / n, 3),
            "top5": round(top5 / n, 3),
            "mrr@5": round(rr / n, 3),
            "confident": round(confident / n, 3),  # share of queries with a confident top hit
            "confident_wrong": round(confident_wrong / max(confident, 1), 3),  # of those, wrong
            "p50_ms": round(statistics.median(lat), 1),
            "p95_ms": round(sorted(lat)[int(0.95 * (n - 1))], 1),
        }
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-set", type=int, default=150)
    ap.add_argument("--json", dest="json_out")
    ap.add_argument(
        "--hybrid-sets",
        default="eu-technote,us-technote,us-heading→eu",
        help="comma-separated sets to run hybrid on (the US index takes long to embed first)",
    )
    args = ap.parse_args()
    cases = build_cases(args.per_set)
    report: dict[str, Any] = {
        "machine": f"{platform.machine()} python {platform.python_version()}",
        "cases": len(cases),
        "lexical": run(cases, semantic=False),
    }
    if available():
        chosen = [c for c in cases if c.set in args.hybrid_sets.split(",")]
        t = time.perf_counter()
        for lst in dict.fromkeys(c.lst for c in chosen):
            get_index((lst,), include_notes=False).embeddings()  # type: ignore[arg-type]
        report["embedding_build_s"] = round(time.perf_counter() - t, 1)
        report["hybrid"] = run(chosen, semantic=True)
    else:
        report["hybrid"] = "semantic extra not installed"
    head = ("set", "mode", "n", "top1", "top5", "mrr@5", "p50 ms", "p95 ms", "conf", "c-wrong")
    print("{:<16}{:<9}{:>5}{:>7}{:>7}{:>7}{:>8}{:>8}{:>7}{:>8}".format(*head))
    for mode in ("lexical", "hybrid"):
        res = report[mode]
        if not isinstance(res, dict):
            print(f"{mode}: {res}")
            continue
        for name, r in res.items():
            print(
                f"{name:<16}{mode:<9}{r['n']:>5}{r['top1']:>7.3f}{r['top5']:>7.3f}"
                f"{r['mrr@5']:>7.3f}{r['p50_ms']:>8.1f}{r['p95_ms']:>8.1f}"
                f"{r['confident']:>7.3f}{r['confident_wrong']:>8.3f}"
            )
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
