"""The ownership name index at scale: build, reload from the disk cache, lookups.

Loads ``ownership_bench.py``'s synthetic FtM data (N links), then times what finding an entity
by name costs (``exportctl.ownership.names``): building the snapshot's name index (reading the
parties, the screening index of their names, writing the cache file — what ``exportctl
ownership load`` adds), reading it back in a fresh process state, and ``OwnershipStore.lookup``
(id / key / alias key / screening) on names of companies in the data and a few that are not.

    nice python benchmarks/ownership_names.py --links 1000000
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ownership_bench as ob  # (the generator of the ownership benchmark)
from _scratch import scratch_dir

from exportctl.ownership import names as nm
from exportctl.ownership.store import OwnershipStore


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--links", type=int, default=100_000)
    ap.add_argument("--lookups", type=int, default=200)
    args = ap.parse_args()
    tmp = scratch_dir("ownership-names-")
    store, snap, targets, load_cpu = ob.lists_and_ownership(tmp, args.links)
    print(f"links {args.links:,}: parties {snap.party_count:,}, load CPU {load_cpu:.1f} s")
    t, w = time.process_time(), time.perf_counter()
    nm.name_index(store, snap.id)
    print(
        f"name index build (reading parties, screening index, cache file): CPU "
        f"{time.process_time() - t:.1f} s, wall {time.perf_counter() - w:.1f} s"
    )
    cache = next((tmp / "home" / "cache").glob("ownership-names-*.pkl"))
    print(f"cache file {cache.stat().st_size / 1e6:.1f} MB")
    nm._MEMORY.clear()
    t, w = time.process_time(), time.perf_counter()
    nm.name_index(store, snap.id)
    print(
        f"read back from the cache: CPU {time.process_time() - t:.2f} s, "
        f"wall {time.perf_counter() - w:.2f} s"
    )
    own = OwnershipStore(store)
    rng = random.Random(3)
    names = [f"Company {rng.choice(targets)[1:]} GmbH" for _ in range(args.lookups)]
    names += ["Unrelated Test Co", "OOO Alfa Trade", "Company 3-12 AG", "Компания 3-12 ГмбХ"]
    lat = []
    for name in names:
        t = time.process_time()
        own.lookup(snap.id, name)
        lat.append((time.process_time() - t) * 1000)
    lat.sort()
    p99 = lat[max(0, int(len(lat) * 0.99) - 1)]
    print(f"lookup CPU: median {statistics.median(lat):.1f} ms, p99 {p99:.1f} ms")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
