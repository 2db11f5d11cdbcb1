#!/usr/bin/env python3
"""Warm start-up of ``exportctl screen``: wall and CPU of whole runs, and the parts apart.

Usage: python benchmarks/startup.py [--runs 7] [--name "Kim Jong Un"] [--type person]

Runs ``python -m exportctl screen NAME`` ``--runs`` times after one untimed run that builds or
checks the index cache, and reports the median wall and CPU (user + system of the child) with
the load average before and after. Then, each in a fresh interpreter (median of the same
number of runs), the CPU of three parts: importing the modules the ``screen`` command loads
(``exportctl.cli`` plus ``exportctl.cli.screen``), loading the cached index file, and the
interpreter alone (``python -c pass``). Set ``EXPORTCTL_DATA_DIR`` to a data folder of your
own: the index cache is keyed by the code's modification times, so checkouts that share one
folder rebuild each other's cache and no run is warm.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

_IMPORT = (
    "import time; t = time.process_time(); "
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


def _child_cpu(argv: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one child process, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def _median_printed(code: str, runs: int) -> float:
    """Median of a float printed by ``code`` run ``runs`` times in fresh interpreters."""
    values = [float(_child_cpu([sys.executable, "-c", code])[2]) for _ in range(runs)]
    return statistics.median(values)


def main() -> None:
    """Measure and print the figures BENCHMARKS.md records."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--name", default="Kim Jong Un")
    ap.add_argument("--type", default="person")
    args = ap.parse_args()
    screen = [sys.executable, "-m", "exportctl", "screen", args.name, "--type", args.type]
    _child_cpu(screen)  # builds the cache if it is missing or stale; not timed
    load_before = os.getloadavg()
    walls, cpus = [], []
    for _ in range(args.runs):
        wall, cpu, _out = _child_cpu(screen)
        walls.append(wall)
        cpus.append(cpu)
    load_after = os.getloadavg()
    print(
        f"warm screen, {args.runs} runs: median wall {statistics.median(walls):.3f} s, "
        f"median CPU {statistics.median(cpus):.3f} s "
        f"(min wall {min(walls):.3f} s, min CPU {min(cpus):.3f} s)"
    )
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    bare = statistics.median(
        _child_cpu([sys.executable, "-c", "pass"])[1] for _ in range(args.runs)
    )
    imports = _median_printed(_IMPORT, args.runs)
    index = _median_printed(_INDEX, args.runs)
    print(f"interpreter alone: {bare:.3f} s CPU")
    print(f"import exportctl.cli + exportctl.cli.screen: {imports:.3f} s CPU")
    print(f"load the index file: {index:.3f} s CPU")


if __name__ == "__main__":
    main()
