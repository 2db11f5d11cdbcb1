"""What ownership-derived hits add to a batch: CPU per row of the ownership lookup beside the
list screening of the same rows, on ``ownership_bench.py``'s synthetic data (N links).

Half the rows name companies of the ownership data (``Company 3-12 GmbH``), half do not; each
row is screened against the CSL sample (``screen_rows``) and looked up as the batch does
(``derived_finder`` → ``derived_hits``: id / key / identifier / screening of the records' names,
then every rule for each record found). The name index is built before the timing (``exportctl
ownership load`` builds it). Prints CPU per row of each, and the ratio.

    nice python benchmarks/batch_derived.py --links 100000 --rows 2000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ownership_bench as ob  # (the generator of the ownership benchmark)
from _scratch import scratch_dir

from exportctl.ownership import derived_finder
from exportctl.ownership import names as nm
from exportctl.screening.batch import BatchRow
from exportctl.screening.runner import screen_rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--links", type=int, default=100_000)
    ap.add_argument("--rows", type=int, default=2_000)
    args = ap.parse_args()
    store, snap, targets, _ = ob.lists_and_ownership(scratch_dir("batch-derived-"), args.links)
    nm.name_index(store, snap.id)
    rng = random.Random(5)
    names = [
        f"Company {rng.choice(targets)[1:]} GmbH" if k % 2 else f"Unrelated Customer {k} Ltd"
        for k in range(args.rows)
    ]
    rows = [BatchRow(str(k), {"id": str(k), "name": n}) for k, n in enumerate(names)]
    list(screen_rows(store, rows[:10]))  # (index built and warm: not timed)
    t = time.process_time()
    recs = list(screen_rows(store, rows))
    screen_cpu = time.process_time() - t
    finder = derived_finder(store)
    assert finder is not None
    t = time.process_time()
    found = sum(bool(finder(n, (), None)) for n in names)
    derived_cpu = time.process_time() - t
    n = len(rows)
    print(
        f"links {args.links:,} (parties {snap.party_count:,}), {n:,} rows "
        f"({sum(bool(r['matches']) for r in recs)} with list hits, {found} with derived hits)"
    )
    print(f"list screening: {screen_cpu / n * 1e3:.2f} ms CPU a row")
    print(f"ownership lookup (derived hits): {derived_cpu / n * 1e3:.2f} ms CPU a row")
    print(f"ratio derived / screening: {derived_cpu / screen_cpu:.2f}")


if __name__ == "__main__":
    main()
