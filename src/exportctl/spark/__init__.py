"""Batch screening on Apache Spark: the local batch contract, beyond one machine.

``pip install 'exportctl[spark]'`` brings PySpark; Java comes from the system. The driver
builds the screening index once (a file named by the active snapshots' digests), ships it to
the executors and screens rows in Arrow batches with the same row function as the local engine::

    from exportctl.spark import run_batch, screen_dataframe, session
    from exportctl.store import open_store

    store = open_store()
    run = run_batch(store, "customers.csv", "results.jsonl", master="local[2]")
    out = screen_dataframe(store, session().read.parquet("customers.parquet"))
"""

from __future__ import annotations

from exportctl.spark.job import SparkRun, run_batch, screen_dataframe, session
from exportctl.spark.output import output_records
from exportctl.spark.proof import row_leaf, row_proof, verify_row_proof

__all__ = [
    "SparkRun",
    "output_records",
    "row_leaf",
    "row_proof",
    "run_batch",
    "screen_dataframe",
    "session",
    "verify_row_proof",
]
