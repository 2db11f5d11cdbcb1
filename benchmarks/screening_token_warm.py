"""How much of a cold query's time another query, or the index's own words, would have paid.

#12 asks the first (cold) pass over screening_scale's labelled queries to run at 1.5× token_sort;
the warm pass (every per-process memo hot) runs ~4× the cold one. If most of that gap were
first-time work per *token* (a word's forms, expansion, posting union, notes), a build could do
it once for the index's vocabulary. This splits the labelled queries in two halves A and B and
times B, each mode in a fresh process (the memos are per process), the modes alternated:

* ``cold``: B alone, new to the process (the #12 pass, on half the queries);
* ``other``: A first, then B — B's words met before in other names (B's listed candidates too);
* ``vocab``: every index vocabulary word screened as a one-token query first, then B;
* ``same``: B, then B timed again (the warm ceiling: every memo of these names hot).

It also splits B's cold time by whether every token of the query's normalised name is an index
word (what a build-time table could have held) or not (typos, unlisted names: the worst case).

    PYTHONPATH=src BENCH_SITE=... python benchmarks/screening_token_warm.py --size 10000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

MODES = ("cold", "other", "vocab", "same")


def _child(size: int, seed: int, mode: str) -> dict[str, float]:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.path.extend(filter(None, os.environ.get("BENCH_SITE", "").split(os.pathsep)))
    import screening_scale as s  # (after BENCH_SITE: it needs Faker)

    from exportctl.errors import InputError
    from exportctl.screening import Query, screen
    from exportctl.screening._keys import name_for

    index, names = s.labelled_index(size, seed)
    first, second = names[0::2], names[1::2]
    vocab = set(index.vocab)

    def words(name: str) -> list[str]:
        try:
            return [t.text for t in name_for(name, None).tokens]
        except InputError:  # (a refused name: counted with the others)
            return []

    # (read before any timing: name_for's memo then holds B's names, in every mode alike)
    listed = [bool(w) and all(t in vocab for t in w) for w in map(words, second)]
    pre = {"cold": [], "other": first, "vocab": list(index.vocab), "same": second}[mode]
    start = time.process_time()
    for name in pre:
        screen(Query(name), index)
    pre_s = time.process_time() - start
    spent = {True: 0.0, False: 0.0}
    for name, known in zip(second, listed, strict=True):
        t = time.process_time()
        screen(Query(name), index)
        spent[known] += time.process_time() - t
    n_known = sum(listed)
    return {
        "pre_s": pre_s,
        "b_s": spent[True] + spent[False],
        "n": len(second),
        "known": n_known,
        "known_s": spent[True],
        "unknown_s": spent[False],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=10_000, help="total entities")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=2, help="times each mode runs, alternated")
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(args.size, args.seed, args.child)))
        return
    modes = args.modes.split(",")
    for r in range(args.rounds):
        for mode in modes:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--size",
                    str(args.size),
                    "--seed",
                    str(args.seed),
                    "--child",
                    mode,
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            got = json.loads(out.splitlines()[-1])
            n, known = got["n"], got["known"]
            print(
                f"round {r + 1} {mode:>5}: B {n / got['b_s']:,.0f} q/CPU-s "
                f"({got['b_s']:.2f} s; first {got['pre_s']:.1f} s) — names of index words "
                f"{known / got['known_s']:,.0f} q/CPU-s ({known}), others "
                f"{(n - known) / got['unknown_s']:,.0f} ({n - known}); "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
