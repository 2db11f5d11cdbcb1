"""Where a screening index build's CPU goes: per-phase CPU seconds, and a digest of the index.

Builds the corpus of ``screening_scale.py`` (same seed, same sizes: bundled lists plus Faker
synthetic entities), times one whole ``ScreeningIndex(entities)`` build, then replays its
phases one by one on the same corpus and prints the CPU seconds (``time.process_time``) of each:

* listed names: each entity's names and the names derived from compound ones (``listed_names``);
* normalisation: ``normalize_name`` of every listed name, uncached (the readings of each token);
* name codec: ``encode`` of each kept name (what the index stores per name row);
* token forms: ``index_tokens`` (the postings' keys and weights);
* joined keys: ``joined_keys`` (compact forms, their phonetic keys, adjacent-pair joins);
* key hashing: those joined keys hashed (``hash_keys``, in the build's chunks);
* fuzzy keys: the vocabulary's deletion/variant/phonetic key table (``build_fuzzy_keys``);
* near tokens: each vocabulary token's expansion (``_build_near_tokens``);
* listed positions: each vocabulary token's one-form position (``_build_listed_positions``).

The phases replay the build's calls outside it, so their sum is not the build's CPU: the rest
(``other``: entity columns, per-name weights, postings, numpy arrays) is the difference.
Since the machine is shared, CPU seconds (not wall) are what compare; ``--repeat`` takes each
phase's best of several runs. ``--digest`` prints a SHA-256 of the pickled index (and of each
of its attributes with ``--digest-parts``): a speed change must leave it byte-identical. Run it
with ``PYTHONHASHSEED=0`` in both trees: sets (an entity's countries, a name's scripts) pickle
in their hash order, which the seed changes from process to process.

    BENCH_SITE=... PYTHONPATH=src nice python benchmarks/index_build_phases.py --size 200000
    PYTHONHASHSEED=0 BENCH_SITE=... PYTHONPATH=src python benchmarks/index_build_phases.py \
        --size 100000 --digest-parts --no-phases

``--workers N`` builds with N worker processes (1: serial; 0: the default, one per CPU from
20,000 entities; left out: ``EXPORTCTL_BUILD_WORKERS``, else the default). The build's CPU
seconds count the workers' too, and the peak resident size of this process and of the
largest worker is printed after the build.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import pickle
import random
import resource
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from exportctl.model import Entity, EntityType
from exportctl.screening import ScreeningIndex
from exportctl.screening._keys import hash_keys
from exportctl.screening.index_build import (
    build_fuzzy_keys,
    index_tokens,
    joined_keys,
    listed_names,
    normalize_uncached,
)
from exportctl.screening.name_codec import encode

T = TypeVar("T")
_HASH_BATCH = 65_536  # the build's HashBuffer chunk


def corpus(size: int, seed: int) -> list[Entity]:
    """The scale benchmark's corpus at ``size`` entities (bundled lists + synthetic)."""
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    real_all = s.real_entities()
    rng = random.Random(seed)
    real = real_all if size >= 2 * len(real_all) else rng.sample(real_all, size // 2)
    return real + list(s.synthetic(size - len(real), s.Pools.make(seed), seed))


def children_cpu() -> float:
    """CPU seconds of this process's finished child processes (the build's workers)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def timed(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """Best CPU seconds of ``repeat`` runs, and the last run's result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        out = run()
        best = min(best, time.process_time() - start)
    return best, out  # type: ignore[return-value]


def digest(index: ScreeningIndex, parts: bool) -> None:
    """SHA-256 of the pickled index (protocol 5, as ``save`` writes it), and per attribute."""
    blob = pickle.dumps(index, protocol=5)
    print(f"index pickle: {len(blob):,} bytes, sha256 {hashlib.sha256(blob).hexdigest()}")
    if parts:
        for key, value in sorted(index.__getstate__().items()):
            h = hashlib.sha256(pickle.dumps(value, protocol=5)).hexdigest()[:16]
            print(f"  {key:20s} {h}")


def phases(ents: list[Entity], index: ScreeningIndex, build: float, repeat: int) -> None:
    """Replay the build's phases on the corpus and print each one's CPU seconds."""
    rows: list[tuple[str, float]] = []

    def listed() -> list[tuple[str, bool]]:
        return [
            (text, ent.type != EntityType.PERSON)
            for ent in ents
            for _, text, _ in listed_names(ent)
        ]

    def hashed(keys: list[str]) -> list[Any]:
        return [hash_keys(keys[i : i + _HASH_BATCH]) for i in range(0, len(keys), _HASH_BATCH)]

    cpu, calls = timed(repeat, listed)
    rows.append((f"listed names ({len(calls):,})", cpu))
    cpu, norms = timed(repeat, lambda: [normalize_uncached(t, org) for t, org in calls])
    rows.append(("normalisation", cpu))
    norms = [n for n in norms if n.tokens]
    rows.append(("name codec (encode)", timed(repeat, lambda: list(map(encode, norms)))[0]))
    rows.append(
        ("token forms (index_tokens)", timed(repeat, lambda: list(map(index_tokens, norms)))[0])
    )
    # (dict(): joined_keys gave (key, weight) pairs before it gave a dict; either tree runs)
    cpu, keys = timed(repeat, lambda: [k for n in norms for k in dict(joined_keys(n))])
    rows.append(("joined keys", cpu))
    rows.append(("key hashing", timed(repeat, lambda: hashed(keys))[0]))
    keys.clear()  # (the strings are not needed by the phases below)
    cpu, fz = timed(repeat, lambda: build_fuzzy_keys(index.vocab, index.vocab_var))
    rows.append(("fuzzy keys", cpu))
    rows.append(("near tokens", timed(repeat, lambda: index._build_near_tokens(fz))[0]))
    if hasattr(index, "_build_listed_positions"):  # (either tree runs)
        cpu = timed(repeat, index._build_listed_positions)[0]
        rows.append(("listed positions", cpu))
    print(f"\n| phase | CPU s |\n|---|---:|\n| whole build | {build:.2f} |")
    for label, cpu in rows:
        print(f"| {label} | {cpu:.2f} |")
    print(f"| other (columns, weights, postings, arrays) | {build - sum(c for _, c in rows):.2f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=100_000, help="total entities")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=1, help="best of this many runs per phase")
    ap.add_argument("--builds", type=int, default=1, help="best of this many whole builds")
    ap.add_argument("--digest", action="store_true", help="SHA-256 of the pickled index")
    ap.add_argument("--digest-parts", action="store_true", help="and of each attribute")
    ap.add_argument("--no-phases", action="store_true", help="the whole build only")
    ap.add_argument("--workers", type=int, default=None, help="build worker processes")
    args = ap.parse_args()
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    ents = corpus(args.size, args.seed)
    ScreeningIndex(ents[:10])  # imports and tables loaded outside the timing
    gc.collect()
    gc.freeze()  # the corpus is never collected: no build pays for walking it
    n_names = sum(len(e.names) for e in ents)
    print(f"{len(ents):,} entities, {n_names:,} names ({ScreeningIndex.__module__})", flush=True)
    try:
        from exportctl.screening.build_pool import plan_workers

        n_workers = plan_workers(args.workers, len(ents))
    except ImportError:  # (a tree before build workers)
        n_workers = 1
    print(f"build worker processes: {n_workers}", flush=True)
    index: Any = None
    best = float("inf")
    for _ in range(args.builds):
        index = None
        gc.collect()
        start, wall, kids = time.process_time(), time.perf_counter(), children_cpu()
        index = (
            ScreeningIndex(ents)
            if args.workers is None
            else ScreeningIndex(ents, workers=args.workers)
        )
        wall = time.perf_counter() - wall
        own = time.process_time() - start
        cpu = own + children_cpu() - kids
        best = min(best, cpu)
        print(
            f"build: {cpu:.2f} CPU s ({own:.2f} this process), {wall:.2f} s wall",
            flush=True,
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_kid = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {peak:,.0f} MiB this process, {peak_kid:,.0f} MiB largest worker", flush=True)
    if args.digest or args.digest_parts:
        digest(index, args.digest_parts)
    if not args.no_phases:
        phases(ents, index, best, args.repeat)


if __name__ == "__main__":
    main()
