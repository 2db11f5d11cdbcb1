"""Spark's Python daemon for exportctl's jobs: warm before it forks the workers.

Spark starts one daemon process per executor (``spark.python.daemon.module``, set by
:func:`exportctl.spark.session`), which forks a Python worker for each task slot. PySpark's own
daemon forks a bare interpreter, so every worker imported exportctl's screening code and opened
the index itself (~1-2.5 CPU-seconds each, BENCHMARKS.md). This one imports that code and opens
the index that the driver names in ``EXPORTCTL_SPARK_INDEX`` once, and screens a few made-up
rows against it (so that what the screening loads on its first row, such as the country-name
table, is loaded here), then forks: each worker starts warm and shares those pages with the
daemon copy-on-write (``gc.freeze`` keeps the collector from touching them).

What it does not import before forking: pyarrow, which starts a thread at import (PySpark's daemon
imports nothing that does, for that reason); a worker imports it itself (~0.1 s). When the index
file is not there (yet) — a cluster executor, whose copy arrives with the task — or anything of
the warm-up fails, the workers open the index as before: the warm-up only ever saves time.
"""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path

__all__ = ["main", "warm"]


def warm() -> None:
    """Import what a worker runs and open the index, in this (not yet forking) process."""
    import pyspark.worker  # noqa: F401  (what PySpark's daemon imports in each forked worker)

    from exportctl.spark import executor

    path = os.environ.get(executor.INDEX_ENV)
    if path:
        executor.preload(Path(path))
        executor.warm_index(Path(path).name)


def main() -> None:
    """Warm up, then serve Spark as PySpark's daemon does."""
    # Whatever fails here, the workers import and open it themselves.
    with contextlib.suppress(Exception):
        warm()
    gc.freeze()
    from pyspark import daemon

    daemon.manager()


if __name__ == "__main__":
    main()
