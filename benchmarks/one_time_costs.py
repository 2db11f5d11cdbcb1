"""A process's one-time work: the tables it builds on first use, and a real batch's path (load
the saved index, then screen) — for A/B runs of two code trees, each on PYTHONPATH in turn.

    PYTHONPATH=<tree>/src python benchmarks/one_time_costs.py tables
    PYTHONPATH=<tree>/src BENCH_SITE=... python benchmarks/one_time_costs.py save --size 10000 \\
        --file /tmp/x/a.pkl
    PYTHONPATH=<tree>/src python benchmarks/one_time_costs.py batch --file /tmp/x/a.pkl

``tables``: CPU ms of each table's first use in this fresh process, after importing the
screening package (the Korean syllable spellings, the mark pattern, the NFKC-alone test, the
Hebrew tables). ``save``: builds screening_scale's corpus serially, prints the build's CPU
seconds, the cut-field table's cost (at build, or on main at the first cut-width query) and the
file's size, and writes the index and its 2,400 query names beside it. ``batch``: in a fresh
process, imports, loads the file and screens the names once (no warm-up, as ``exportctl
screen`` does), printing each step's CPU seconds.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _ms(f: Callable[[], object]) -> float:
    start = time.process_time()
    f()
    return (time.process_time() - start) * 1000


def tables() -> None:
    import exportctl.screening  # noqa: F401  (what a screening process has imported)
    from exportctl.text import hanja, hebrew, unmask
    from exportctl.text.tables import read_data

    read_data("hanja.txt")  # (importlib.resources' first-use set-up: any data read pays it)
    costs = {
        "korean": _ms(hanja._syllable_of_spelling),
        "marks": _ms(unmask._marks_pattern),
        "suspect": _ms(unmask._suspect),
        "hebrew": _ms(
            lambda: (hebrew.hebrew_letters(), hebrew._abbreviation_mark(), hebrew._any_mark())
        ),
    }
    print(" ".join(f"{k} {v:.1f}" for k, v in costs.items()), f"total {sum(costs.values()):.1f} ms")


def save(size: int, path: Path) -> None:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    from exportctl.screening import ScreeningIndex

    ents, _, qs = s.corpus(size, 7, s.real_entities(), s.Pools.make(7), random.Random(7))
    start = time.process_time()
    index = ScreeningIndex(ents, workers=1)
    build = time.process_time() - start
    index.save(path)
    path.with_suffix(".names").write_text("\n".join(q.name for q in qs), "utf-8")
    try:
        from exportctl.screening.index_build import build_cut_table

        cut = f"cut-field table at build {_ms(lambda: build_cut_table(index.name_text)):.1f} ms"
    except ImportError:  # (main before onetime: built by the first cut-width query)
        from exportctl.screening.truncation import _table

        cut = f"cut-field table at first query {_ms(lambda: _table(index)):.1f} ms"
    print(f"build {build:.2f} CPU-s, {cut}, file {path.stat().st_size:,} bytes")


def batch(path: Path) -> None:
    names = path.with_suffix(".names").read_text("utf-8").split("\n")
    t0 = time.process_time()
    from exportctl.screening import Query, ScreeningIndex, screen

    t1 = time.process_time()
    index = ScreeningIndex.load(path)
    t2 = time.process_time()
    gc.collect()
    for name in names:
        screen(Query(name), index)
    t3 = time.process_time()
    print(
        f"import {t1 - t0:.3f} load {t2 - t1:.3f} pass {t3 - t2:.3f} CPU-s"
        f" ({len(names) / (t3 - t2):,.0f} q/CPU-s)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["tables", "save", "batch"])
    ap.add_argument("--size", type=int, default=10_000, help="total entities (save)")
    ap.add_argument("--file", type=Path, help="the index file (save, batch)")
    args = ap.parse_args()
    if args.mode == "tables":
        tables()
    elif args.file is None:
        ap.error("--file is needed")
    elif args.mode == "save":
        save(args.size, args.file)
    else:
        batch(args.file)


if __name__ == "__main__":
    main()
