"""Ownership at scale: load N synthetic FtM ownership links, then time checks.

Synthetic corporate trees (layers of companies, 1-3 owners each from the layer above, the
first often a majority holder, shares that sum to at most 100, some ranges and unknown shares,
30 % of the top-layer owners named after CSL Entity List / SDN rows so that screening finds
listed owners and the checks end blocked, undetermined and clear). Reports the load time
(parse + store) and the latency of ``check`` on random companies below the top layer (cold:
owners screened on first sight; warm: owners screened once per process, as a server runs).

    nice python benchmarks/ownership_bench.py --links 1000000 --checks 1000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from exportctl.loading import load_paths
from exportctl.ownership import check, load_ownership
from exportctl.store import open_store

SHARED = Path(__file__).resolve().parents[2] / "shared/data"


def listed_names() -> list[str]:
    with (SHARED / "lists/us/csl/csl_sample_2019.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        return [r["name"] for r in rows if r["source"].startswith(("Entity List", "Specially"))]


def generate(path: Path, n_links: int, seed: int = 7) -> list[str]:
    """Write the FtM file; return the ids of the companies below the top layer (targets)."""
    rng = random.Random(seed)
    listed = listed_names()
    layers = 6
    per_layer = max(10, n_links // (2 * (layers - 1)))
    links = 0
    targets: list[str] = []
    with path.open("w", encoding="utf-8") as fh:

        def company(cid: str, name: str) -> None:
            fh.write(
                json.dumps({"id": cid, "schema": "Company", "properties": {"name": [name]}}) + "\n"
            )

        for i in range(per_layer):
            name = rng.choice(listed) if rng.random() < 0.30 else f"Top Holding {i} Ltd"
            company(f"c0-{i}", name)
        for layer in range(1, layers):
            for i in range(per_layer):
                cid = f"c{layer}-{i}"
                company(cid, f"Company {layer}-{i} GmbH")
                targets.append(cid)
                left = 100
                for k in range(rng.choice((1, 2, 2, 3))):
                    if links >= n_links:
                        break
                    owner = f"c{layer - 1}-{rng.randrange(per_layer)}"
                    # the first owner often holds a majority, as in real corporate trees
                    pct = rng.randint(30 if k == 0 else 1, left) if left > 1 else 1
                    left = max(1, left - pct)
                    props: dict[str, list[str]] = {"owner": [owner], "asset": [cid]}
                    r = rng.random()
                    if r < 0.9:
                        props["percentage"] = [str(pct)]
                    elif r < 0.95:
                        props["percentage"] = [str(pct), str(min(100, pct + 10))]
                    props["startDate"] = [f"{rng.randint(2000, 2024)}-01-01"]
                    fh.write(
                        json.dumps(
                            {"id": f"o{layer}-{i}-{k}", "schema": "Ownership", "properties": props}
                        )
                        + "\n"
                    )
                    links += 1
        # top up to exactly n_links with extra links among the lower layers
        while links < n_links:
            layer = rng.randrange(1, layers)
            fh.write(
                json.dumps(
                    {
                        "id": f"x{links}",
                        "schema": "Ownership",
                        "properties": {
                            "owner": [f"c{layer - 1}-{rng.randrange(per_layer)}"],
                            "asset": [f"c{layer}-{rng.randrange(per_layer)}"],
                            "percentage": [str(rng.randint(1, 5))],
                        },
                    }
                )
                + "\n"
            )
            links += 1
    return targets


def lists_and_ownership(tmp: Path, n_links: int) -> tuple[Any, Any, list[str], float]:
    """A store in ``tmp`` with the CSL sample and ``n_links`` generated links loaded: the
    store, the ownership snapshot, the generated target ids and the ownership load's CPU
    seconds (the name benchmarks' set-up)."""
    os.environ["EXPORTCTL_DATA_DIR"] = str(tmp / "home")
    src = tmp / "own.ftm.json"
    targets = generate(src, n_links)
    store = open_store(str(tmp / "b.sqlite"))
    load_paths(store, [SHARED / "lists/us/csl/csl_sample_2019.csv"])
    t = time.process_time()
    snap = load_ownership(store, [src]).snapshot
    return store, snap, targets, time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--links", type=int, default=1_000_000)
    ap.add_argument("--checks", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "own.ftm.json"
        targets = generate(src, args.links)
        store = open_store(str(Path(tmp) / "bench.sqlite"))
        load_paths(store, [SHARED / "lists/us/csl/csl_sample_2019.csv"])
        t0, c0 = time.perf_counter(), time.process_time()
        rep = load_ownership(store, [src])
        load_s, load_cpu = time.perf_counter() - t0, time.process_time() - c0
        print(
            f"load: {rep.snapshot.link_count} links, {rep.snapshot.party_count} parties, "
            f"{len(rep.issues)} issues in {load_s:.1f} s wall ({load_cpu:.1f} s CPU); "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        rng = random.Random(1)
        sample = [rng.choice(targets) for _ in range(args.checks)]
        check(store, sample[0], "ofac")  # opens the screening index once
        # cold: each owner is screened when first met; warm: screening results are cached
        for label, rule in (("cold", "ofac"), ("warm", "ofac"), ("warm", "bis")):
            times, cpu = [], []
            statuses = {"blocked": 0, "clear": 0, "undetermined": 0}
            for target in sample:
                t, c = time.perf_counter(), time.process_time()
                res = check(store, target, rule, "2026-12-05")
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                statuses[res.status] += 1
            times.sort()
            cpu.sort()
            k = int(len(times) * 0.99) - 1
            print(
                f"check {rule} ({label}): n={len(times)} wall median "
                f"{statistics.median(times):.1f} ms, p99 {times[k]:.1f} ms, max {times[-1]:.1f} "
                f"ms; CPU median {statistics.median(cpu):.1f} ms, p99 {cpu[k]:.1f} ms; {statuses}"
            )


if __name__ == "__main__":
    main()
