"""What counting the records a name's ownership lookup leaves out costs (own27).

The lookup (``exportctl.ownership.names``) checks the ``matching.limit`` best records a name
may be and, since own27, screens past the limit (``matching.count_past_limit`` more) to count
the records it leaves unchecked. This times ``OwnershipStore.lookup`` on ``ownership_bench.py``'s
synthetic data (names ``Company 3-1234 GmbH``: every name shares most of its tokens with
thousands of others) both ways, alternating per name in one process: *limit only* (the screen
as before, the count window 0: what the lookup cost before) and *counted* (the window as
configured). It also says how many lookups were cut (records past the limit at the threshold,
or a cut screen) — each of those now answers "cannot conclude" on ownership.

    nice python benchmarks/ownership_lookup_cut.py --links 100000
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ownership_bench as ob  # (the generator of the ownership benchmark)
from _scratch import scratch_dir

from exportctl.ownership import names as nm
from exportctl.ownership.rules import load_rules
from exportctl.ownership.store import OwnershipStore


def _book(window: int) -> Any:
    book = load_rules()
    # (model_copy does not validate: a window of 0 is the screen as it was before own27)
    return book.model_copy(
        update={"matching": book.matching.model_copy(update={"count_past_limit": window})}
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--links", type=int, default=100_000)
    ap.add_argument("--lookups", type=int, default=200)
    ap.add_argument("--namesakes", type=int, default=300)
    # fix28: every K-th namesake gets an (unlisted) owner; the others have none, and since
    # fix28 a record nothing owns is not counted as left unchecked (0: none owned)
    ap.add_argument("--owned-every", type=int, default=0)
    ap.add_argument("--namesakes-only", action="store_true")
    args = ap.parse_args()
    if args.namesakes_only:
        ways = {"counted": _book(load_rules().matching.count_past_limit)}
        _namesakes(scratch_dir("ownership-cut-"), args.namesakes, ways, args.owned_every)
        return
    tmp = scratch_dir("ownership-cut-")
    store, snap, targets, _ = ob.lists_and_ownership(tmp, args.links)
    nm.name_index(store, snap.id)
    own = OwnershipStore(store)
    rng = random.Random(3)
    names = [f"Company {rng.choice(targets)[1:]} GmbH" for _ in range(args.lookups)]
    names += [f"Company {rng.choice(targets)[1:]} AG" for _ in range(args.lookups // 4)]
    names += ["Unrelated Test Co", "OOO Alfa Trade", "Company 3-12 AG", "Компания 3-12 ГмбХ"]
    ways = {"limit only": _book(0), "counted": _book(load_rules().matching.count_past_limit)}
    cpu: dict[str, list[float]] = {k: [] for k in ways}
    cut: dict[str, int] = dict.fromkeys(ways, 0)
    found: dict[str, int] = dict.fromkeys(ways, 0)
    for i, name in enumerate(names):
        order = list(ways) if i % 2 == 0 else list(reversed(ways))
        for way in order:
            nm.load_rules = lambda b=ways[way]: b  # type: ignore[assignment,misc]
            t = time.process_time()
            got = own.lookup(snap.id, name)
            cpu[way].append((time.process_time() - t) * 1000)
            cut[way] += nm.lookup_cut_of(got) is not None
            found[way] += len(got)
    print(f"links {args.links:,}, parties {snap.party_count:,}, {len(names)} names; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    for way in ways:
        lat = sorted(cpu[way])
        p99 = lat[max(0, int(len(lat) * 0.99) - 1)]
        print(
            f"{way:>10}: CPU median {statistics.median(lat):.1f} ms, p99 {p99:.1f} ms, "
            f"total {sum(lat) / 1000:.2f} s; records found {found[way]}; "
            f"lookups cut {cut[way]} of {len(names)}"
        )
    print(f"counted / limit only, total CPU: {sum(cpu['counted']) / sum(cpu['limit only']):.2f}")
    _owners(store, snap, targets, rng, args.lookups, ways)
    _namesakes(tmp, args.namesakes, ways, args.owned_every)


def _owners(
    store: Any, snap: Any, targets: list[str], rng: random.Random, n: int, ways: dict[str, Any]
) -> None:
    """The owner screen (``OwnerMatcher._screen``: each owner's names against the lists, here
    the CSL sample) with the window of own27 (every hit up to ``limit + count_past_limit``)
    and as before (the ``limit`` best): owners of the synthetic data, and the CSL's own names
    (owners that are listed: hits to keep)."""
    from exportctl.ownership import listing
    from exportctl.ownership.model import Party
    from exportctl.screening.engine_cache import index_for

    index = index_for(store)
    picked = rng.sample(targets, min(n, len(targets)))
    parties = list(OwnershipStore(store).parties(snap.id, picked).values())
    listed = [
        Party(id=f"l{e}", name=index.ent_caption[e])
        for e in rng.sample(range(len(index.ent_caption)), min(n, len(index.ent_caption)))
    ]
    matcher = listing.OwnerMatcher(store)
    for label, owners in (("synthetic owners", parties[:n]), ("listed names as owners", listed)):
        cpu: dict[str, list[float]] = {k: [] for k in ways}
        kept: dict[str, int] = dict.fromkeys(ways, 0)
        for i, p in enumerate(owners):
            for way in list(ways) if i % 2 == 0 else list(reversed(ways)):
                listing.load_rules = lambda b=ways[way]: b  # type: ignore[assignment,misc]
                t = time.process_time()
                raw, _ = matcher._screen(index, p)
                cpu[way].append((time.process_time() - t) * 1000)
                kept[way] += len(raw)
        print(f"owner screens, {label} ({len(owners)}):")
        for way in ways:
            total, med = sum(cpu[way]) / 1000, statistics.median(cpu[way])
            print(f"{way:>10}: CPU total {total:.2f} s, median {med:.2f} ms; hits {kept[way]}")
    listing.load_rules = load_rules  # type: ignore[assignment]


def _namesakes(tmp: Path, n: int, ways: dict[str, Any], owned_every: int = 0) -> None:
    """The case the count is for: ``n`` near-namesakes of one name (one-letter edits of
    ``Tudor Trading Test Ltd``), the name looked up 40 times each way, alternating; and
    (fix28) one namesake's own name, exactly — a record found for certain, whose namesakes
    own27 counted as left unchecked whether or not anything owns them. ``owned_every``: every
    K-th namesake has an unlisted owner (0: none has)."""
    import json

    from exportctl.ownership.parse import parse_bods
    from exportctl.store import open_store

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.ownership.test_check_cli import bods_package

    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    names: set[str] = set()
    while len(names) < n:
        words = ["Tudor", "Trading", "Test"]
        i = rng.randrange(3)
        w, j = words[i], rng.randrange(1, len(words[i]))
        words[i] = w[:j] + rng.choice(letters) + w[j + (rng.random() < 0.5) :]
        names.add(" ".join(words) + " Ltd")
    parties = {f"n{i}": nm_ for i, nm_ in enumerate(sorted(names))}
    links = (
        [("x-plain", f"n{i}", {"exact": 10}) for i in range(0, n, owned_every)]
        if owned_every
        else []
    )
    if links:
        parties["x-plain"] = "Quillon Vantreck Test Holding"
    package = bods_package(parties, links)
    f = tmp / "namesakes.json"
    f.write_text(json.dumps(package), encoding="utf-8")
    store = open_store(str(tmp / "namesakes.sqlite"))
    snap = OwnershipStore(store).load(parse_bods(f), sha256="7" * 64)
    nm.name_index(store, snap.id)
    own = OwnershipStore(store)
    # (and counting windows of 1 and 20: what saying "more" and counting fewer cost)
    ways = {**ways, "window 1": _book(1), "window 20": _book(20)}
    exact_name = sorted(names)[0]
    for query in ("Tudor Trading Test Company", exact_name):
        cpu: dict[str, list[float]] = {k: [] for k in ways}
        said: dict[str, str] = {}
        for i in range(40):
            for way in list(ways) if i % 2 == 0 else list(reversed(ways)):
                nm.load_rules = lambda b=ways[way]: b  # type: ignore[assignment,misc]
                t = time.process_time()
                got = own.lookup(snap.id, query)
                cpu[way].append((time.process_time() - t) * 1000)
                cut = nm.lookup_cut_of(got)
                said[way] = f"{len(got)} returned, " + (
                    "complete" if cut is None else cut.message().split(";")[0]
                )
        print(f"{n} near-namesakes ({len(links)} with an owner), looking up {query!r}: "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        for way in ways:
            print(f"{way:>10}: CPU median {statistics.median(cpu[way]):.1f} ms — {said[way]}")


if __name__ == "__main__":
    main()
