"""What runs inside Spark's Python workers: read input files, open the index once, screen rows.

The list screening does not talk to the database: the index arrives as a file
(``SparkContext.addFile``), the reviewers' verdicts and the screening options arrive with the
function's closure. Files are read by :func:`exportctl.screening.batch.text_rows` and rows
screened by :func:`exportctl.screening.runner.screen_row` — the functions the local engine
calls — so both engines give the same answer, error and warning for the same row. With
ownership data loaded each worker also looks its rows up in it, reading the database
(:mod:`exportctl.spark.owned`), as the local engine's workers do.
"""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
from exportctl.screening.batch.headers import NAME_PARTS, joined_name
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.engine_cache import load_index_file
from exportctl.screening.row_binding import recorded_query, row_kw
from exportctl.screening.runner import cannot_conclude, screen_row
from exportctl.spark._optional import arrow
from exportctl.spark._optional import spark as spark_api
from exportctl.spark.owned import OwnershipJob, RowLookup, derive_row, row_lookup
from exportctl.spark.proof import row_leaf
from exportctl.spark.schema import RECORD_COLUMNS, record_to_row

if TYPE_CHECKING:
    import pyarrow as pa

    from exportctl.screening import ScreeningIndex

__all__ = [
    "BATCH_ROWS",
    "FAULT_ENV",
    "FILE_BITS",
    "INDEX_ENV",
    "INTERNAL_DDL",
    "ORDINAL_BITS",
    "ROWS_SCHEMA",
    "RowJob",
    "file_key",
    "file_records",
    "frame_rows",
    "preload",
    "read_files",
    "screen_partitions",
    "screen_slices",
    "warm_index",
    "warm_worker",
]

# monotonically_increasing_id(): partition index in the upper 31 bits, record number in the
# lower 33 — which is how a row's 1-based number is recovered without a shuffle.
ORDINAL_BITS = 33
# Rows read from files: the file's index (in name order) above the row number.
FILE_BITS = 40
# Rows per Arrow batch a reader hands on (Spark's own spark.sql.execution.arrow.maxRecordsPerBatch).
BATCH_ROWS = 10_000
# The rows every reader hands to the screening step.
ROWS_SCHEMA = "_ordinal long, _number long, _fields string, _error string, _warnings array<string>"
# Fault injection for the retry test: the first task to see this marker file missing creates it
# and kills its worker process, as an executor crash would.
FAULT_ENV = "EXPORTCTL_SPARK_CRASH_ONCE"
# The driver's index file, for the Python daemon to open before it forks (exportctl.spark.daemon).
INDEX_ENV = "EXPORTCTL_SPARK_INDEX"

_INDEXES: dict[str, ScreeningIndex] = {}
_HIT_KEYS = ("source", "source_id", "scope", "score")
# Columns every screened row carries besides the output (see job.py).
INTERNAL_DDL = (
    "_ordinal long, _ledger {ledger}, _matched boolean, _failed boolean, _warned boolean, "
    "_derived boolean, _incomplete boolean"
)


def preload(path: Path) -> None:
    """Open an index file before any task asks for it (the daemon, before it forks workers).

    Kept under its file name, which the active snapshots' digests make unique: a task whose job
    ships another index finds no match and opens its own. Nothing happens if the file is not there.
    """
    if path.is_file():
        _INDEXES[path.name] = load_index_file(path)


# Rows the daemon screens before it forks (exportctl.spark.daemon), with no verdicts: what the
# screening loads on its first rows — the country-name tables of exportctl.countries (the
# prebuilt spelling table, ~20 ms; countrynames' own, ~0.3 CPU-s, where that file cannot be
# used), ICU's transliterator — is then loaded once per executor
# and shared by its workers copy-on-write, instead of once in every worker's first task.
_WARM_ROWS = (
    {"id": "w1", "name": "Maria Keller", "type": "person", "country": "Germany",
     "birth_date": "1970-01-01"},
    {"id": "w2", "name": "Иван Петров", "type": "person", "country": "RU"},
    {"id": "w3", "name": "Acme Trading LLC", "type": "organization", "country": "FR"},
)  # fmt: skip


def warm_index(name: str) -> list[dict[str, Any]]:
    """Screen :data:`_WARM_ROWS` against an index :func:`preload` opened: their records
    (none if it did not open one)."""
    index = _INDEXES.get(name)
    if index is None:
        return []
    book = DecisionBook({}, {})
    return [
        screen_row(BatchRow(number, dict(fields)), index, {}, book)
        for number, fields in enumerate(_WARM_ROWS, 1)
    ]


def warm_worker(rows: Iterable[Any]) -> Iterator[Any]:
    """Body of the driver's start-up job (an RDD ``mapPartitions``): starting this worker was
    the point, forked from the daemon that the screening tasks then use. It imports pyarrow,
    which the daemon does not (see exportctl.spark.daemon), for the task it serves next."""
    arrow()
    for _ in rows:
        pass
    yield from ()


def _index(name: str) -> ScreeningIndex:
    """The index shipped with the job, unpickled once per Python worker process (or opened by
    the daemon before it forked this worker: :func:`preload`)."""
    index = _INDEXES.get(name)
    if index is None:
        _INDEXES.clear()
        path = Path(spark_api().SparkFiles.get(name))
        index = _INDEXES[name] = load_index_file(path)
    return index


def _batch(rows: list[tuple[int, BatchRow]], schema: pa.Schema) -> pa.RecordBatch:
    return arrow().RecordBatch.from_pydict(
        {
            "_ordinal": [o for o, _ in rows],
            "_number": [r.number for _, r in rows],
            "_fields": [json.dumps(r.fields, ensure_ascii=False) for _, r in rows],
            "_error": [r.error for _, r in rows],
            "_warnings": [list(r.warnings) for _, r in rows],
        },
        schema=schema,
    )


def file_key(name: str, *, encoded: bool) -> str:
    """One spelling of a file's URI: ``inputFiles()`` percent-encodes it, the ``path`` column
    of ``binaryFile`` does not."""
    parts = urlsplit(name)
    path = unquote(parts.path) if encoded else parts.path
    return f"{parts.scheme}://{parts.netloc}{path}"


def file_records(
    file_index: Mapping[str, int], encoding: str | None, path: str, content: bytes
) -> Iterator[tuple[int, BatchRow]]:
    """One CSV/JSONL file's rows read by the local reader, each with its ordinal (the file's
    index in name order above the row number).

    A file that cannot be read at all (no ``name`` column, an unreadable header) raises the
    reader's message, prefixed with the path: nothing of it is screened, nothing skipped.
    """
    base = file_index[file_key(path, encoded=False)] << FILE_BITS
    try:
        for row in text_rows(content, PurePosixPath(path).suffix, encoding):
            yield base + row.number, row
    except ExportCtlError as exc:
        raise ExportCtlError(f"{path}: {exc}") from None


def read_files(
    file_index: Mapping[str, int],
    encoding: str | None,
    schema: pa.Schema,
    batches: Iterator[pa.RecordBatch],
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` over ``binaryFile`` rows: each CSV/JSONL file read by the local reader
    (:func:`file_records`); a file that cannot be read at all fails the job."""
    for batch in batches:
        paths = batch.column("path").to_pylist()
        contents = batch.column("content").to_pylist()
        for path, content in zip(paths, contents, strict=True):
            chunk: list[tuple[int, BatchRow]] = []
            for item in file_records(file_index, encoding, path, content):
                chunk.append(item)
                if len(chunk) >= BATCH_ROWS:
                    yield _batch(chunk, schema)
                    chunk = []
            if chunk:
                yield _batch(chunk, schema)


def frame_rows(
    columns: tuple[str, ...],
    offsets: Mapping[int, int],
    schema: pa.Schema,
    batches: Iterator[pa.RecordBatch],
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` over a DataFrame's own rows (Parquet, a caller's DataFrame)."""
    # First Name + Last Name columns: the name is their cells joined, as the local reader's.
    joined = "name" not in columns and any(c in NAME_PARTS for c in columns)
    for batch in batches:
        rows: list[tuple[int, BatchRow]] = []
        for values in batch.to_pylist():
            ordinal = int(values["_ordinal"])
            within = ordinal & ((1 << ORDINAL_BITS) - 1)
            number = offsets.get(ordinal >> ORDINAL_BITS, 0) + within + 1
            fields = {c: _text(values.get(c)) for c in columns}
            if joined:
                fields["name"] = joined_name(fields)
            rows.append((ordinal, BatchRow(number, fields)))
        yield _batch(rows, schema)


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
    schema: pa.Schema  # of the batches screen_partitions yields (Arrow, as Spark expects it)
    ledger: str = "off"  # "rows": each valid row's ledger input; "summary": each row's leaf
    crash_marker: str | None = None  # FAULT_ENV as the driver saw it (tests only)
    # With the ledger off: Spark accumulators for rows, with matches, errors, with warnings,
    # with derived hits, added to by each task, so the run's counts come from the write job
    # itself (no second job).
    counters: tuple[Any, Any, Any, Any, Any, Any] | None = None
    # With ownership data loaded: what each row is looked up against (None: not looked up).
    ownership: OwnershipJob | None = None


def _maybe_crash(marker: str | None) -> None:
    if marker and not os.path.exists(marker):
        Path(marker).touch()
        os._exit(13)


def screen_slices(
    job: RowJob, slices: Sequence[bytes], batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body over ``spark.range(n, numPartitions=n)``: each number that comes in
    names one of the driver's ``slices`` (contiguous runs of the input rows, in input order,
    each a pickled list of ``(ordinal, number, fields, error, warnings)``:
    :meth:`exportctl.spark.rows.LocalRows.slices`), which is screened as
    :func:`screen_partitions` screens a partition's rows — the rows go straight to the row
    function, with no JSON or Arrow step between the driver's reader and it."""
    _maybe_crash(job.crash_marker)
    index = _index(job.index_name)
    options = dict(job.options)
    for batch in batches:
        for i in batch.column(0).to_pylist():
            records = pickle.loads(slices[i])
            for start in range(0, len(records), BATCH_ROWS):
                chunk = records[start : start + BATCH_ROWS]
                rows = [(o, BatchRow(n, f, e, w)) for o, n, f, e, w in chunk]
                yield _screened(job, index, options, rows, header=start == 0)


def screen_partitions(job: RowJob, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body: one output row per input row, in the order they came.

    Arrow batches in and out, no pandas: the rows become Python values once, for the row
    function, and the records go straight back into Arrow.
    """
    _maybe_crash(job.crash_marker)
    index = _index(job.index_name)
    options = dict(job.options)
    first = True
    for batch in batches:
        cols = batch.to_pydict()
        rows = [
            (ordinal, BatchRow(number, json.loads(fields), error, tuple(warnings or ())))
            for ordinal, number, fields, error, warnings in zip(
                cols["_ordinal"],
                cols["_number"],
                cols["_fields"],
                cols["_error"],
                cols["_warnings"],
                strict=True,
            )
        ]
        yield _screened(job, index, options, rows, header=first)
        first = first and not rows


def _lookup(job: RowJob, index: ScreeningIndex) -> RowLookup:
    """The worker's ownership lookup for ``job`` (opened once per process)."""
    assert job.ownership is not None
    shipped = None
    if job.ownership.names_file:
        path = Path(spark_api().SparkFiles.get(job.ownership.names_file))
        shipped = path if path.is_file() else None
    return row_lookup(job.ownership, index, job.book, shipped)


def _screened(
    job: RowJob,
    index: ScreeningIndex,
    options: dict[str, Any],
    rows: list[tuple[int, BatchRow]],
    *,
    header: bool,
) -> pa.RecordBatch:
    """``rows`` (each with its ordinal) screened into one batch of ``job.schema``; a CSV
    output's first row carries the header when ``header``."""
    out: list[Any] = []
    ledger: list[Any] = []
    flags: list[tuple[bool, bool, bool, bool, bool]] = []
    first = header
    lookup = _lookup(job, index) if job.ownership is not None and rows else None
    for _, row in rows:
        rec = screen_row(row, index, options, job.book)
        if lookup is not None:
            rec = derive_row(rec, row.fields, lookup, options)
        flags.append(
            (
                bool(rec["matches"]),
                rec["error"] is not None,
                bool(rec["warnings"]),
                bool(rec.get("derived")),
                # (a screen or ownership lookup cut: the row cannot be concluded; counted on
                # its own)
                cannot_conclude(rec),
            )
        )
        if job.ledger == "summary":
            ledger.append(row_leaf(rec))
        elif job.ledger == "rows" and rec["error"] is None:
            # What a screening ledger record keeps: the query and each hit's list and score.
            hits = [{k: m.get(k) for k in _HIT_KEYS} for m in rec["matches"]]
            # The profile that decided each hit's ``binding`` flag, as the local batch keeps it.
            profile = row_kw(options, row.fields).get("profile")
            query = recorded_query(query_fields(row.fields), profile)
            item: dict[str, Any] = {"query": query, "hits": hits}
            if rec.get("incomplete"):
                item["incomplete"] = rec["incomplete"]  # (the driver records it: job.py)
            if rec.get("listed_words"):
                item["listed_words"] = rec["listed_words"]  # (as the local batch records it)
            if lookup is not None:
                from exportctl.ownership.derived import derived_of

                # its derived hits as the local batch records them (None: not checked)
                item["derived"] = derived_of(rec, True)
                if rec.get("derived_incomplete"):
                    # (its lookup's cut: the driver records it as the local batch does)
                    item["derived_incomplete"] = rec["derived_incomplete"]
            ledger.append(json_line(item))
        else:
            ledger.append(None)
        if job.output == "struct":
            out.append(record_to_row(rec))
        elif job.output == "json":
            out.append(json_line(rec))
        else:
            out.append(csv_values(rec, header=first))
            first = False
    columns: dict[str, list[Any]]
    if job.output == "struct":
        columns = {k: [r[k] for r in out] for k in RECORD_COLUMNS}
    else:
        columns = {"value": out}
    columns["_ordinal"] = [o for o, _ in rows]
    columns["_ledger"] = ledger
    columns["_matched"] = [f[0] for f in flags]
    columns["_failed"] = [f[1] for f in flags]
    columns["_warned"] = [f[2] for f in flags]
    columns["_derived"] = [f[3] for f in flags]
    columns["_incomplete"] = [f[4] for f in flags]
    if job.counters is not None:
        n, matched, failed, warned, derived, incomplete = job.counters
        n.add(len(flags))
        matched.add(sum(f[0] for f in flags))
        failed.add(sum(f[1] for f in flags))
        warned.add(sum(f[2] for f in flags))
        derived.add(sum(f[3] for f in flags))
        incomplete.add(sum(f[4] for f in flags))
    return arrow().RecordBatch.from_pydict(columns, schema=job.schema)
