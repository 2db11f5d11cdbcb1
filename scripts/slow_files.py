"""Write tests/slow_files.txt from a test run's CPU profile or its ``--durations=0`` report.

    .venv/bin/python -m pytest -q -p no:cacheprovider -n 2 --dist loadfile --durations=0 \\
        > /tmp/run.log
    .venv/bin/python scripts/slow_files.py /tmp/run.log
    EXPORTCTL_TEST_CPU_PROFILE=/tmp/cpu .venv/bin/python -m pytest ...   # (mkdir /tmp/cpu first)
    .venv/bin/python scripts/slow_files.py /tmp/cpu          # by CPU seconds
    .venv/bin/python scripts/slow_files.py /tmp/cpu --wall   # by the wall seconds it recorded

A file: a run's ``--durations=0`` output, each test file's setup, call and teardown wall
seconds summed — what the order should follow (a Spark file's JVM works in a process that is
not ended, and not counted, when its CPU is read). A folder: the CPU seconds each test file
spent (its process and ended child processes, as tests/conftest.py records them per worker),
which a loaded machine does not inflate as it does wall seconds: the measure to compare a
change with, and an order only where no file leans on a long-lived child process. The slowest
files are written heaviest first; tests/conftest.py collects them first so that pytest-xdist
hands out the longest files first (see CONTRIBUTING.md, "How the test run is organised").
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path

LINE = re.compile(r"^(\d+(?:\.\d+)?)s (?:setup|call|teardown)\s+(\S+?\.py)(?:::|\s|$)")
OUT = Path(__file__).resolve().parents[1] / "tests" / "slow_files.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "report", type=Path, help="a CPU profile folder, or the output of a run with --durations=0"
    )
    ap.add_argument("--top", type=int, default=40, help="how many files to list (default 40)")
    ap.add_argument(
        "--wall",
        action="store_true",
        help="with a CPU profile folder: order by the wall seconds it recorded per file (what "
        "a --durations=0 run gives, Spark's JVMs included) instead of the CPU seconds",
    )
    args = ap.parse_args()
    seconds: dict[str, float] = defaultdict(float)
    if args.report.is_dir():
        unit = (
            "wall seconds of setup + call + teardown"
            if args.wall
            else "CPU seconds, own and of ended child processes,"
        )
        for worker in sorted(args.report.glob("cpu-*.json")):
            for path, (own, children, wall) in json.loads(worker.read_text("utf-8")).items():
                seconds[path] += wall if args.wall else own + children
    else:
        unit = "wall seconds of setup + call + teardown"
        for line in args.report.read_text(encoding="utf-8", errors="replace").splitlines():
            m = LINE.match(line)
            if m:
                seconds[m.group(2)] += float(m.group(1))
    if not seconds:
        raise SystemExit(f"{args.report}: no CPU profile or durations (see --help)")
    total = sum(seconds.values())
    slowest = sorted(seconds.items(), key=lambda kv: -kv[1])[: args.top]
    lines = [
        f"# The slowest test files, heaviest first ({unit} in one run;",
        "# only their order matters). Collected first by tests/conftest.py so that pytest-xdist",
        "# hands them out first. Regenerate with scripts/slow_files.py (see CONTRIBUTING.md).",
        f"# {len(slowest)} of {len(seconds)} files, {sum(s for _, s in slowest):.0f} s of "
        f"{total:.0f} s.",
        *(f"{s:.1f} {path}" for path, s in slowest),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(slowest)} files")


if __name__ == "__main__":
    main()
