"""Screening quality, exportctl LogicV1 vs nomenklatura logic-v2, side by side in one process.

    .venv/bin/python benchmarks/screening_quality.py [--negatives N] [--logic-v2]

1. Name pairs (nomenklatura name_bench cases.csv, 826 labelled pairs): precision / recall / F1
   at each algorithm's default threshold (exportctl 0.80; logic-v2 0.70, yente's default).
   exportctl is run end to end: a one-entity index per pair and ``screen`` (retrieval included).
2. UN positives (yente candgen, 683 listed persons with typos, reordering, NBSP, '?'): recall
   against the UN list (a row counts when it has any match at or above the threshold).
3. Synthetic negatives (yente candgen global + US, 50k each): false-positive rate (a row with any
   match) against the UN list. logic-v2 cannot scan 4k names × 100k rows here, so it scores each
   row's 10 nearest UN names by rapidfuzz token_sort_ratio (a generous candidate set).
Needs the ``bench`` extra (nomenklatura) for the logic-v2 columns.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_corpus import DATA, load_lists, read_people

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex, screen

LOGIC_V2_THRESHOLD = 0.70
SCHEMA_TYPE = {
    "Person": EntityType.PERSON,
    "Company": EntityType.ORGANIZATION,
    "Organization": EntityType.ORGANIZATION,
    "LegalEntity": None,
    "Vessel": EntityType.VESSEL,
}


def prf(labels: list[bool], scores: list[float], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y and s >= threshold)
    fp = sum(1 for y, s in zip(labels, scores, strict=True) if not y and s >= threshold)
    fn = sum(1 for y, s in zip(labels, scores, strict=True) if y and s < threshold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_f1(labels: list[bool], scores: list[float]) -> tuple[float, float]:
    grid = [x / 100 for x in range(40, 100)]
    return max((prf(labels, scores, t)[2], t) for t in grid)


def _logic_v2() -> tuple[Callable[..., float], Callable[..., object]] | None:
    try:
        from followthemoney import model
        from nomenklatura.matching import LogicV2
    except ImportError:
        return None
    cfg = LogicV2.default_config()
    counter = [0]

    def make(schema: str, names: list[str], dob: str = "", country: str = "") -> object:
        counter[0] += 1
        e = model.make_entity(schema)
        e.id = f"q{counter[0]}"
        e.add("name", names)
        if dob and schema == "Person":
            e.add("birthDate", dob)
        if country:
            e.add("country", country)
        return e

    def compare(q: object, r: object) -> float:
        return float(LogicV2.compare(q, r, cfg).score)  # type: ignore[arg-type]

    return compare, make


def ftm_of(ent: Entity, make: Callable[..., object]) -> object:
    schema = {
        "person": "Person",
        "organization": "Organization",
        "vessel": "Vessel",
        "aircraft": "Airplane",
    }[ent.type.value]
    dob = ent.birth_dates[0].iso() if ent.birth_dates else ""
    return make(
        schema,
        [n.full for n in ent.names],
        dob.split("/")[0],
        ent.nationalities[0] if ent.nationalities else "",
    )


def name_pairs(lv2: tuple[Callable[..., float], Callable[..., object]] | None) -> None:
    path = DATA / "matching" / "nomenklatura_name_bench_cases.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    labels = [r["is_match"].strip().lower() == "true" for r in rows]
    ours: list[float] = []
    t0 = time.perf_counter()
    for i, r in enumerate(rows):
        etype = SCHEMA_TYPE.get(r["schema"]) or EntityType.ORGANIZATION
        ent = Entity("un_sc", str(i), etype, [Name(r["name2"])])
        idx = ScreeningIndex([ent])
        hits = screen(Query(r["name1"], type=SCHEMA_TYPE.get(r["schema"])), idx, threshold=0.0)
        ours.append(hits[0].score if hits else 0.0)
    t_ours = time.perf_counter() - t0
    print(f"\n## 1. Name pairs ({len(rows)} labelled pairs, {sum(labels)} matches)")
    print(
        f"{'algorithm':<14}{'threshold':>10}{'precision':>10}{'recall':>8}{'F1':>7}"
        f"{'best F1 (at t)':>18}{'ms/pair':>9}"
    )
    p, rc, f1 = prf(labels, ours, DEFAULT_THRESHOLD)
    bf, bt = best_f1(labels, ours)
    print(
        f"{'exportctl-v1':<14}{DEFAULT_THRESHOLD:>10.2f}{p:>10.4f}{rc:>8.4f}{f1:>7.4f}"
        f"{bf:>11.4f} ({bt:.2f}){t_ours / len(rows) * 1e3:>9.2f}"
    )
    if lv2:
        compare, make = lv2
        theirs: list[float] = []
        t0 = time.perf_counter()
        for r in rows:
            schema = r["schema"] if r["schema"] != "LegalEntity" else "LegalEntity"
            theirs.append(compare(make(schema, [r["name1"]]), make(schema, [r["name2"]])))
        t_lv2 = time.perf_counter() - t0
        p, rc, f1 = prf(labels, theirs, LOGIC_V2_THRESHOLD)
        bf, bt = best_f1(labels, theirs)
        print(
            f"{'logic-v2':<14}{LOGIC_V2_THRESHOLD:>10.2f}{p:>10.4f}{rc:>8.4f}{f1:>7.4f}"
            f"{bf:>11.4f} ({bt:.2f}){t_lv2 / len(rows) * 1e3:>9.2f}"
        )


def _dob(text: str) -> str:
    """The row's birth date if valid, else its year (the fixtures hold a few impossible days)."""
    from exportctl.model import FuzzyDate

    text = text.strip()[:10]
    try:
        FuzzyDate.parse_iso(text)
        return text
    except ValueError:
        return text[:4] if text[:4].isdigit() else ""


def _query(row: dict[str, str], with_facts: bool) -> Query:
    dob = _dob(row.get("date_of_birth", "")) if with_facts else ""
    country = row.get("nationality", "").strip().upper() if with_facts else ""
    return Query(
        row["full_name"],
        type="person",
        birth_date=dob[:10] or None,
        country=country if len(country) == 2 else None,
    )


def _nearest(names: list[str], owners: list[int], queries: list[str], k: int) -> list[list[int]]:
    from rapidfuzz import fuzz, process, utils

    mat = process.cdist(
        queries,
        names,
        scorer=fuzz.token_sort_ratio,
        processor=utils.default_process,
        workers=-1,
        dtype="uint8",
    )
    out: list[list[int]] = []
    for row in mat:
        top = row.argsort()[::-1]
        ents: list[int] = []
        for j in top:
            if owners[j] not in ents:
                ents.append(owners[j])
            if len(ents) >= k:
                break
        out.append(ents)
    return out


def lists_quality(
    lv2: tuple[Callable[..., float], Callable[..., object]] | None, n_neg: int
) -> None:
    un = load_lists("un")
    idx = ScreeningIndex(un)
    names = [n.full for e in un for n in e.names]
    owners = [i for i, e in enumerate(un) for _ in e.names]
    print(f"\n## 2-3. UN list ({len(un)} entities, {len(names)} names)")
    print(f"{'set':<34}{'rows':>7}{'exportctl-v1':>14}{'logic-v2':>10}")
    sets = [
        ("positives_un_treated.csv", True, "recall"),
        ("positives_un_treated.csv", False, "recall"),
        ("positives_un_untreated.csv", False, "recall"),
        ("negatives_global.csv.gz", True, "FPR"),
        ("negatives_us.csv.gz", True, "FPR"),
    ]
    for fname, facts, metric in sets:
        rows = read_people(fname, n_neg if metric == "FPR" else None)
        hits = sum(1 for r in rows if screen(_query(r, facts), idx))
        ours = hits / len(rows)
        theirs = float("nan")
        if lv2:
            compare, make = lv2
            near = _nearest(names, owners, [r["full_name"] for r in rows], 10)
            lv2_hits = 0
            for r, cands in zip(rows, near, strict=True):
                q = make(
                    "Person",
                    [r["full_name"]],
                    _dob(r.get("date_of_birth", "")) if facts else "",
                    r.get("nationality", "") if facts else "",
                )
                if any(compare(q, ftm_of(un[c], make)) >= LOGIC_V2_THRESHOLD for c in cands):
                    lv2_hits += 1
            theirs = lv2_hits / len(rows)
        label = f"{fname.split('.')[0]} {'name+dob+country' if facts else 'name only'} ({metric})"
        print(f"{label:<34}{len(rows):>7}{ours:>14.4f}{theirs:>10.4f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--negatives", type=int, default=5000, help="rows per negatives file")
    ap.add_argument("--no-logic-v2", action="store_true")
    args = ap.parse_args()
    lv2 = None if args.no_logic_v2 else _logic_v2()
    print(f"# screening quality (exportctl default threshold {DEFAULT_THRESHOLD})")
    name_pairs(lv2)
    lists_quality(lv2, args.negatives)


if __name__ == "__main__":
    main()
