"""Batch screening on Apache Spark: the local batch contract, beyond one machine.

``pip install 'exportctl[spark]'`` brings PySpark; Java comes from the system. The driver
builds the screening index once (a file named by the active snapshots' digests), ships it to
the executors and screens rows in Arrow batches with the same row function as the local engine::

    from exportctl.spark import run_batch, screen_dataframe, session
    from exportctl.store import open_store

    store = open_store()
    run = run_batch(store, "customers.csv", "results.jsonl", master="local[2]")
    out = screen_dataframe(store, session().read.parquet("customers.parquet"))

Names load lazily (PEP 562), as ``exportctl``'s own do: importing :mod:`exportctl.spark.boot`
to start the JVM first (the command line does) must not import the screening code with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exportctl import _lazy_exports

if TYPE_CHECKING:  # the names as type checkers see them (re-exported: "x as x")
    from exportctl.spark.boot import end as end
    from exportctl.spark.boot import session as session
    from exportctl.spark.job import SparkRun as SparkRun
    from exportctl.spark.job import run_batch as run_batch
    from exportctl.spark.job import screen_dataframe as screen_dataframe
    from exportctl.spark.output import output_records as output_records
    from exportctl.spark.proof import row_leaf as row_leaf
    from exportctl.spark.proof import row_proof as row_proof
    from exportctl.spark.proof import verify_row_proof as verify_row_proof

_EXPORTS: dict[str, str] = {
    "SparkRun": "exportctl.spark.job",
    "end": "exportctl.spark.boot",
    "output_records": "exportctl.spark.output",
    "row_leaf": "exportctl.spark.proof",
    "row_proof": "exportctl.spark.proof",
    "run_batch": "exportctl.spark.job",
    "screen_dataframe": "exportctl.spark.job",
    "session": "exportctl.spark.boot",
    "verify_row_proof": "exportctl.spark.proof",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = _lazy_exports(__name__, _EXPORTS, globals(), __all__)
