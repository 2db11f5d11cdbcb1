"""What the letter-fit retrievals cut, and what counting it costs (capcount, session 26).

    PYTHONPATH=<tree>/src nice python benchmarks/script_fit_cut.py [--latin N] [--out F.json]

The recall probe's setup (benchmarks/screening_recall.py, "Original script"): every listed
name of UN + OFAC SDN + UK OFSI + AU DFAT written in a non-Latin script is removed from the
index, and each Arabic-script one is screened against it (name and type, default threshold,
limit 50): a hit is its own entity. With ``--latin N`` also N Latin names of listed persons
whose entity gives an Arabic-script name, screened against an index of those script names
only (the Latin-against-listed-script fit). Per query: found, CPU time, and whether the
screen says it is incomplete; ``--out`` writes them (to compare two trees query by query).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_corpus import load_lists
from screening_recall import _is, _script_label, _scripts

from exportctl.model import Entity, EntityType
from exportctl.screening import Query, ScreeningIndex, incomplete_of, screen


def _run(probes: list[tuple[str, Entity]], index: ScreeningIndex) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for text, e in probes:
        t = time.process_time()
        got = screen(Query(text, type=e.type.value), index, limit=50)
        cpu = time.process_time() - t
        inc = incomplete_of(got)
        out.append(
            {
                "q": text,
                "found": any(_is(m, e) for m in got),
                "cpu": cpu,
                "incomplete": inc.to_dict() if inc else None,
            }
        )
    return out


def _summary(label: str, rows: list[dict[str, object]]) -> None:
    n = len(rows)
    cpu = sum(float(r["cpu"]) for r in rows)  # type: ignore[arg-type]
    found = sum(bool(r["found"]) for r in rows)
    inc = sum(r["incomplete"] is not None for r in rows)
    print(
        f"{label}: {n} queries, found {found}, incomplete {inc}, "
        f"{1000 * cpu / max(n, 1):.1f} CPU ms a query"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--latin", type=int, default=0)
    ap.add_argument("--seed", type=int, default=26)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    ents = load_lists("big")
    stripped = [replace(e, names=[n for n in e.names if not _scripts(n.full)]) for e in ents]
    probes = [
        (n.full, e)
        for e in ents
        for n in e.names
        if _scripts(n.full) and _script_label(n.full) == "Arabic"
    ]
    index = ScreeningIndex(stripped)
    screen(Query("warm up"), index)
    result = {"arabic": _run(probes, index)}
    _summary("Arabic-script names, index without script names", result["arabic"])
    if args.latin:
        # Latin names of persons whose entity gives an Arabic-script name, against an index of
        # those entities' script names alone (the listing that gives a name only in its own
        # script: the Latin-against-listed-script fit lifts it).
        keep = [
            replace(e, names=[n for n in e.names if _scripts(n.full)])
            for e in ents
            if e.type is EntityType.PERSON
            and any(_scripts(n.full) and _script_label(n.full) == "Arabic" for n in e.names)
        ]
        by_id = {(e.source, e.source_id): e for e in keep}
        latin = [
            (n.full, by_id[e.source, e.source_id])
            for e in ents
            if (e.source, e.source_id) in by_id
            for n in e.names
            if not _scripts(n.full)
        ]
        random.Random(args.seed).shuffle(latin)
        script_index = ScreeningIndex(keep)
        result["latin"] = _run(latin[: args.latin], script_index)
        _summary("Latin names, index of script names only", result["latin"])
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
