#!/usr/bin/env python3
"""Parameter-aware ranking: does giving the item's parameters bring the right entry up?

    python benchmarks/classify_params.py [--limit 10] [--json OUT]

For every entry condition (licensing/rulebooks/params/entry_conditions.yaml) and list, the query is
the heading of the entry's parent (the wording a user classifying "Instrumentation cameras" or
"Aero gas turbine engines" would start from, codes masked) and the parameters are a witness that
meets the condition (built from its comparisons and checked). Reported: the rank of the entry (or
a paragraph under it) in the lexical results without and with the parameters, and how often a
witness that does NOT meet the condition still leaves the entry unmarked (it must be `excluded`).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from typing import Any

from exportctl import controls
from exportctl.licensing.entry_params import entry_conditions
from exportctl.licensing.params import Comparison, ParamCondition, evaluate
from exportctl.licensing.ranking import rank_by_parameters

CODE = re.compile(r"\b\d[A-E]\d{3}(?:\.[a-z0-9]+)*\.?", re.I)


def _value(c: Comparison, meet: bool) -> float:
    bound = next(b for b in (c.ge, c.gt, c.le, c.lt, c.eq) if b is not None)
    step = max(abs(bound) * 0.1, 0.01)
    if c.eq is not None:
        return bound if meet else 1.0 - bound
    up = c.ge is not None or c.gt is not None
    if meet:
        return (
            bound + step
            if (c.gt is not None or c.lt is not None) and up
            else (bound - step if c.lt is not None else bound)
        )
    return bound - step if up else bound + step


def witness(cond: Comparison | ParamCondition, meet: bool = True) -> dict[str, float]:
    """Parameters that make ``cond`` evaluate to ``meet`` (checked by the caller)."""
    if isinstance(cond, Comparison):
        return {cond.param: _value(cond, meet)}
    parts = cond.all or cond.any or []
    out: dict[str, float] = {}
    if (cond.all is not None) == meet:  # every part must come out as ``meet``
        for p in parts:
            for k, v in witness(p, meet).items():
                trial = {**out, k: v}
                if k not in out or evaluate(p, out) is not meet:
                    out = trial
        return out
    return witness(parts[0], meet)


def _rank(result: dict[str, Any], lst: str, code: str) -> int | None:
    for i, e in enumerate(result["entries"]):
        if e["list"] == lst and (e["code"] == code or e["code"].startswith(code + ".")):
            return i + 1
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=10)
    ap.add_argument("--json", dest="json_out")
    args = ap.parse_args()
    rows = []
    for spec in entry_conditions():
        if spec.effect != "controls":
            continue
        meet = witness(spec.condition, True)
        miss = witness(spec.condition, False)
        if (
            evaluate(spec.condition, meet) is not True
            or evaluate(spec.condition, miss) is not False
        ):
            print(f"skip {spec.id}: no witness")
            continue
        for lst in spec.lists:
            code = spec.items[0]
            entry = controls.get_entry(lst, code)
            parents = [a for a in controls.ancestors(entry) if not a.is_heading]
            query = CODE.sub(" ", (parents[0] if parents else entry).title).strip()
            pool = controls.classify_text(query, lst, max(args.limit * 3, 30), semantic=False)
            plain = {**pool, "entries": pool["entries"][: args.limit]}
            met = rank_by_parameters(pool, meet, args.limit)
            unmet = rank_by_parameters(pool, miss, args.limit)
            row = next(
                (e for e in unmet["entries"] if e["list"] == lst and e["code"] == code), None
            )
            rows.append(
                {
                    "id": spec.id,
                    "list": lst,
                    "query": query[:60],
                    "rank_plain": _rank(plain, lst, code),
                    "rank_params": _rank(met, lst, code),
                    "unmet_marked": None if row is None else row["parameters"]["status"],
                }
            )
    n = len(rows)

    def share(key: str, k: int) -> float:
        return round(sum(1 for r in rows if r[key] is not None and r[key] <= k) / n, 3)

    def mrr(key: str) -> float:
        return round(statistics.fmean(1 / r[key] if r[key] else 0.0 for r in rows), 3)

    summary = {
        "n": n,
        "top1_plain": share("rank_plain", 1),
        "top1_params": share("rank_params", 1),
        "top5_plain": share("rank_plain", 5),
        "top5_params": share("rank_params", 5),
        "mrr_plain": mrr("rank_plain"),
        "mrr_params": mrr("rank_params"),
        "unmet_shown_not_excluded": sum(
            1 for r in rows if r["unmet_marked"] not in (None, "excluded")
        ),
    }
    for r in rows:
        print(
            f"{r['id']:<14}{r['list']:<11}{r['query']:<62}"
            f"{r['rank_plain']!s:>5}{r['rank_params']!s:>5}  {r['unmet_marked']}"
        )
    print(json.dumps(summary))
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump({"summary": summary, "rows": rows}, fh, indent=2, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
