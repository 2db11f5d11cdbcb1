#!/usr/bin/env python3
"""Warm start-up of ``exportctl screen``: wall and CPU of whole runs, and the parts apart.

Usage: python benchmarks/startup.py [--runs 7] [--name "Kim Jong Un"] [--type person]
                                    [--baseline SRC_DIR --baseline-data DATA_DIR]

Runs ``python -m exportctl screen NAME`` ``--runs`` times after one untimed run that builds or
checks the index cache, and reports the median wall and CPU (user + system of the child) with
the load average before and after. Then, each in a fresh interpreter (median of the same
number of runs), the CPU of three parts: importing ``exportctl.cli.screen`` (which imports all
that the command uses), loading the cached index file, and the interpreter alone
(``python -c pass``). Set ``EXPORTCTL_DATA_DIR`` to a data folder of your
own: the index cache is keyed by the code's modification times, so checkouts that share one
folder rebuild each other's cache and no run is warm.

``--baseline`` names the ``src`` folder of another version (``git archive REV src | tar -x``)
with its own data folder; its warm screens then alternate with this version's, run for run,
so that both see the same load on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

# What `exportctl screen` imports before it starts work, with the collector off as main() has it.
_IMPORT = (
    "import gc, time; gc.disable(); t = time.process_time(); "
    "import exportctl.cli, exportctl.cli.screen; "
    "print(time.process_time() - t)"
)
# The index file the screen command would open, loaded alone (its imports are timed apart).
_INDEX = (
    "import exportctl.screening, exportctl.store, exportctl.screening.engine_cache as c; "
    "import time; s = exportctl.store.open_store(); k = c.cache_key(s, s.active_snapshots()); "
    "p = c._path(s, k); t = time.process_time(); c.load_index_file(p); "
    "print(time.process_time() - t)"
)


def _child_cpu(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one child process, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True, env=env).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def _median_printed(code: str, runs: int, env: dict[str, str]) -> float:
    """Median of a float printed by ``code`` run ``runs`` times in fresh interpreters."""
    values = [float(_child_cpu([sys.executable, "-c", code], env)[2]) for _ in range(runs)]
    return statistics.median(values)


def _screen_argv(name: str, type_: str) -> list[str]:
    # `-c` rather than `-m exportctl`: versions before exportctl/__main__.py run the same way.
    code = "from exportctl.cli import main; main()"
    return [sys.executable, "-c", code, "screen", name, "--type", type_]


def _warm_runs(variants: dict[str, dict[str, str]], argv: list[str], runs: int) -> None:
    """Alternate the variants' warm screens; print each one's median wall and CPU."""
    for env in variants.values():
        subprocess.run(argv, check=True, capture_output=True, env=env)  # cache built, untimed
    walls: dict[str, list[float]] = {k: [] for k in variants}
    cpus: dict[str, list[float]] = {k: [] for k in variants}
    load_before = os.getloadavg()
    for _ in range(runs):
        for label, env in variants.items():
            wall, cpu, _out = _child_cpu(argv, env)
            walls[label].append(wall)
            cpus[label].append(cpu)
    load_after = os.getloadavg()
    for label in variants:
        w, c = walls[label], cpus[label]
        print(
            f"{label}: warm screen, {runs} runs: median wall {statistics.median(w):.3f} s, "
            f"median CPU {statistics.median(c):.3f} s (min wall {min(w):.3f} s, "
            f"min CPU {min(c):.3f} s)"
        )
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")


def main() -> None:
    """Measure and print the figures BENCHMARKS.md records."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--name", default="Kim Jong Un")
    ap.add_argument("--type", default="person")
    ap.add_argument("--baseline", help="src folder of the version to compare with")
    ap.add_argument("--baseline-data", help="EXPORTCTL_DATA_DIR for --baseline")
    args = ap.parse_args()
    variants = {"this version": dict(os.environ)}
    if args.baseline:
        if not args.baseline_data:
            ap.error("--baseline needs --baseline-data (a data folder of its own)")
        variants["baseline"] = {
            **os.environ,
            "PYTHONPATH": args.baseline,
            "EXPORTCTL_DATA_DIR": args.baseline_data,
        }
    _warm_runs(variants, _screen_argv(args.name, args.type), args.runs)
    for label, env in variants.items():
        bare = statistics.median(
            _child_cpu([sys.executable, "-c", "pass"], env)[1] for _ in range(args.runs)
        )
        imports = _median_printed(_IMPORT, args.runs, env)
        index = _median_printed(_INDEX, args.runs, env)
        print(
            f"{label}: interpreter alone {bare:.3f} s CPU; import exportctl.cli.screen "
            f"{imports:.3f} s CPU; load the index file {index:.3f} s CPU"
        )


if __name__ == "__main__":
    main()
