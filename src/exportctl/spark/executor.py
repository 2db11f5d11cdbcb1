"""What runs inside Spark's Python workers: open the index once, screen Arrow batches of rows.

Nothing here talks to the database: the index arrives as a file (``SparkContext.addFile``),
the reviewers' verdicts and the screening options arrive with the function's closure. Each batch
is screened by :func:`exportctl.screening.runner.screen_row`, the same function the local engine
calls, so both engines give the same answer for the same row.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exportctl.screening.batch import BatchRow, csv_values, json_line, query_fields
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.engine_cache import load_index_file
from exportctl.screening.runner import screen_row
from exportctl.spark.schema import record_to_row

if TYPE_CHECKING:
    import pandas as pd

    from exportctl.screening import ScreeningIndex

__all__ = ["CORRUPT", "FAULT_ENV", "ORDINAL_BITS", "RowJob", "screen_partitions"]

# monotonically_increasing_id(): partition index in the upper 31 bits, record number in the
# lower 33 — which is how a row's 1-based number is recovered without a shuffle.
ORDINAL_BITS = 33
CORRUPT = "_corrupt_record"
# Fault injection for the retry test: the first task to see this marker file missing creates it
# and kills its worker process, as an executor crash would.
FAULT_ENV = "EXPORTCTL_SPARK_CRASH_ONCE"

_INDEXES: dict[str, ScreeningIndex] = {}


def _index(name: str) -> ScreeningIndex:
    """The index shipped with the job, unpickled once per Python worker process."""
    index = _INDEXES.get(name)
    if index is None:
        from pyspark import SparkFiles

        _INDEXES.clear()
        index = _INDEXES[name] = load_index_file(Path(SparkFiles.get(name)))
    return index


@dataclass(frozen=True)
class RowJob:
    """Everything an executor needs besides the index file (pickled with the closure)."""

    index_name: str
    options: Mapping[str, Any]
    book: DecisionBook
    columns: tuple[str, ...]
    offsets: Mapping[int, int]  # read partition → rows before it
    corrupt_error: str
    output: str  # "struct" (DataFrame / Parquet), "json" or "csv" (text lines)
    crash_marker: str | None = None  # FAULT_ENV as the driver saw it (tests only)


def _maybe_crash(marker: str | None) -> None:
    if marker and not os.path.exists(marker):
        Path(marker).touch()
        os._exit(13)


def _row(job: RowJob, values: Mapping[str, Any]) -> BatchRow:
    ordinal = int(values["_ordinal"])
    number = job.offsets.get(ordinal >> ORDINAL_BITS, 0) + (ordinal & ((1 << ORDINAL_BITS) - 1))
    fields = {c: ("" if values.get(c) is None else str(values[c]).strip()) for c in job.columns}
    corrupt = values.get(CORRUPT)
    if corrupt is not None and str(corrupt) != "nan":
        return BatchRow(number + 1, {"id": fields.get("id", "")}, job.corrupt_error)
    return BatchRow(number + 1, fields)


def screen_partitions(job: RowJob, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` body: one output row per input row, in the order they came."""
    import pandas as pd

    _maybe_crash(job.crash_marker)
    index = _index(job.index_name)
    options = dict(job.options)
    first = True
    for batch in batches:
        ordinals: list[int] = []
        out: list[Any] = []
        queries: list[str | None] = []
        for values in batch.to_dict("records"):
            row = _row(job, values)
            rec = screen_row(row, index, options, job.book)
            ordinals.append(int(values["_ordinal"]))
            queries.append(None if rec["error"] else json_line(query_fields(row.fields)))
            if job.output == "struct":
                out.append(record_to_row(rec))
            elif job.output == "json":
                out.append(json_line(rec))
            else:
                out.append(csv_values(rec, header=first))
                first = False
        if job.output == "struct":
            frame = pd.DataFrame.from_records(out, columns=["id", "matches", "error", "warnings"])
        else:
            frame = pd.DataFrame({"value": out})
        frame["_ordinal"] = ordinals
        frame["_query"] = queries
        yield frame
