"""What runs inside Spark's Python workers: read input files, open the index once, screen rows.

Nothing here talks to the database: the index arrives as a file (``SparkContext.addFile``),
the reviewers' verdicts and the screening options arrive with the function's closure. Files are
read by :func:`exportctl.screening.batch.text_rows` and rows screened by
:func:`exportctl.screening.runner.screen_row` — the functions the local engine calls — so both
engines give the same answer, error and warning for the same row.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from exportctl.errors import ExportCtlError
from exportctl.screening.batch import (
    BatchRow,
    csv_values,
    json_line,
    query_fields,
    text_rows,
)
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.engine_cache import load_index_file
from exportctl.screening.runner import screen_row
from exportctl.spark.proof import row_leaf
from exportctl.spark.schema import record_to_row

if TYPE_CHECKING:
    import pandas as pd

    from exportctl.screening import ScreeningIndex

__all__ = [
    "FAULT_ENV",
    "FILE_BITS",
    "INTERNAL_DDL",
    "ORDINAL_BITS",
    "ROWS_SCHEMA",
    "RowJob",
    "file_key",
    "frame_rows",
    "read_files",
    "screen_partitions",
]

# monotonically_increasing_id(): partition index in the upper 31 bits, record number in the
# lower 33 — which is how a row's 1-based number is recovered without a shuffle.
ORDINAL_BITS = 33
# Rows read from files: the file's index (in name order) above the row number.
FILE_BITS = 40
# The rows every reader hands to the screening step.
ROWS_SCHEMA = "_ordinal long, _number long, _fields string, _error string, _warnings array<string>"
# Fault injection for the retry test: the first task to see this marker file missing creates it
# and kills its worker process, as an executor crash would.
FAULT_ENV = "EXPORTCTL_SPARK_CRASH_ONCE"

_INDEXES: dict[str, ScreeningIndex] = {}
_HIT_KEYS = ("source", "source_id", "scope", "score")
# Columns every screened row carries besides the output (see job.py).
INTERNAL_DDL = "_ordinal long, _ledger {ledger}, _matched boolean, _failed boolean, _warned boolean"


def _index(name: str) -> ScreeningIndex:
    """The index shipped with the job, unpickled once per Python worker process."""
    index = _INDEXES.get(name)
    if index is None:
        from pyspark import SparkFiles

        _INDEXES.clear()
        index = _INDEXES[name] = load_index_file(Path(SparkFiles.get(name)))
    return index


def _frame(rows: list[tuple[int, BatchRow]]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "_ordinal": [o for o, _ in rows],
            "_number": [r.number for _, r in rows],
            "_fields": [json.dumps(r.fields, ensure_ascii=False) for _, r in rows],
            "_error": [r.error for _, r in rows],
            "_warnings": [list(r.warnings) for _, r in rows],
        }
    )


def file_key(name: str, *, encoded: bool) -> str:
    """One spelling of a file's URI: ``inputFiles()`` percent-encodes it, the ``path`` column
    of ``binaryFile`` does not."""
    parts = urlsplit(name)
    path = unquote(parts.path) if encoded else parts.path
    return f"{parts.scheme}://{parts.netloc}{path}"


def read_files(
    file_index: Mapping[str, int], encoding: str | None, batches: Iterator[pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over ``binaryFile`` rows: each CSV/JSONL file read by the local reader.

    A file that cannot be read at all (no ``name`` column, an unreadable header) fails the job
    with the reader's message: nothing of it is screened, nothing is silently skipped.
    """
    for batch in batches:
        for path, content in zip(batch["path"], batch["content"], strict=True):
            base = file_index[file_key(path, encoded=False)] << FILE_BITS
            suffix = PurePosixPath(path).suffix
            try:
                rows = text_rows(bytes(content), suffix, encoding)
                chunk: list[tuple[int, BatchRow]] = []
                for row in rows:
                    chunk.append((base + row.number, row))
                    if len(chunk) >= 10_000:
                        yield _frame(chunk)
                        chunk = []
            except ExportCtlError as exc:
                raise ExportCtlError(f"{path}: {exc}") from None
            if chunk:
                yield _frame(chunk)


def frame_rows(
    columns: tuple[str, ...], offsets: Mapping[int, int], batches: Iterator[pd.DataFrame]
) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` over a DataFrame's own rows (Parquet, a caller's DataFrame)."""
    for batch in batches:
        rows: list[tuple[int, BatchRow]] = []
        for values in batch.to_dict("records"):
            ordinal = int(values["_ordinal"])
            within = ordinal & ((1 << ORDINAL_BITS) - 1)
            number = offsets.get(ordinal >> ORDINAL_BITS, 0) + within + 1
            fields = {c: _text(values.get(c)) for c in columns}
            rows.append((ordinal, BatchRow(number, fields)))
        yield _frame(rows)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None / NaN
        return ""
    return str(value).strip()


@dataclass(frozen=True)
class RowJob:
    """Everything an executor needs besides the index file (pickled with the closure)."""

    index_name: str
    options: Mapping[str, Any]
    book: DecisionBook
    output: str  # "struct" (DataFrame / Parquet), "json" or "csv" (text lines)
    ledger: str = "off"  # "rows": each valid row's ledger input; "summary": each row's leaf
    crash_marker: str | None = None  # FAULT_ENV as the driver saw it (tests only)


def _maybe_crash(marker: str | None) -> None:
    if marker and not os.path.exists(marker):
        Path(marker).touch()
        os._exit(13)


def screen_partitions(job: RowJob, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``mapInPandas`` body: one output row per input row, in the order they came."""
    import pandas as pd

    _maybe_crash(job.crash_marker)
    index = _index(job.index_name)
    options = dict(job.options)
    first = True
    for batch in batches:
        out: list[Any] = []
        ledger: list[Any] = []
        flags: list[tuple[bool, bool, bool]] = []
        for values in batch.to_dict("records"):
            warnings = values["_warnings"]
            row = BatchRow(
                int(values["_number"]),
                json.loads(values["_fields"]),
                values["_error"] if isinstance(values["_error"], str) else None,
                tuple(warnings) if warnings is not None else (),
            )
            rec = screen_row(row, index, options, job.book)
            flags.append((bool(rec["matches"]), rec["error"] is not None, bool(rec["warnings"])))
            if job.ledger == "summary":
                ledger.append(row_leaf(rec))
            elif job.ledger == "rows" and rec["error"] is None:
                # What a screening ledger record keeps: the query and each hit's list and score.
                hits = [{k: m.get(k) for k in _HIT_KEYS} for m in rec["matches"]]
                ledger.append(json_line({"query": query_fields(row.fields), "hits": hits}))
            else:
                ledger.append(None)
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
        frame["_ordinal"] = batch["_ordinal"].to_numpy()
        frame["_ledger"] = ledger
        frame["_matched"] = [f[0] for f in flags]
        frame["_failed"] = [f[1] for f in flags]
        frame["_warned"] = [f[2] for f in flags]
        yield frame
