"""Batch screening as a Spark job: read rows, screen them on the executors, write, record.

The driver builds (or reuses) the screening index file for the active snapshots, ships it with
``SparkContext.addFile`` and reads the reviewers' verdicts once; executors screen Arrow batches
with :func:`exportctl.spark.executor.screen_partitions`. Ledger records are written by the driver
from the finished result, never by a task, so a task that Spark retries cannot write twice.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from exportctl.errors import ConfigError, InputError
from exportctl.freshness import require_lists, stale_lists
from exportctl.ledger import merkle
from exportctl.screening.batch import TEXT_SUFFIXES, csv_record
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.engine_cache import index_file
from exportctl.settings import get_settings
from exportctl.spark.executor import (
    FAULT_ENV,
    FILE_BITS,
    INTERNAL_DDL,
    ORDINAL_BITS,
    ROWS_SCHEMA,
    RowJob,
    file_key,
    frame_rows,
    read_files,
    screen_partitions,
)
from exportctl.spark.schema import output_schema_ddl, record_from_row
from exportctl.store import Store

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = ["SUMMARY_FILE", "SparkRun", "output_records", "run_batch", "screen_dataframe", "session"]

LedgerMode = Literal["rows", "summary", "off"]
SUMMARY_FILE = "_exportctl_summary.json"
# Set by spark-submit for the Python program it runs: its --master then decides.
_SUBMITTED = "PYSPARK_GATEWAY_PORT"
_FORMATS = {
    ".csv": "csv",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
    ".parquet": "parquet",
}


def _pyspark() -> Any:
    try:
        import pyspark
    except ImportError:
        raise ConfigError(
            "the Spark engine needs PySpark: pip install 'exportctl[spark]' (and a Java runtime)"
        ) from None
    return pyspark


def session(master: str | None = None, app_name: str = "exportctl") -> SparkSession:
    """A Spark session (``master`` such as ``local[2]`` or ``spark://host:7077``).

    Without ``master``: the one ``spark-submit --master`` gave, else ``local[*]``. For a local
    master the Python workers run the driver's interpreter, so they see the same installed
    exportctl; on a cluster ``PYSPARK_PYTHON`` / ``spark.pyspark.python`` decide.
    """
    _pyspark()
    from pyspark.sql import SparkSession

    if master is None and _SUBMITTED not in os.environ:
        master = "local[*]"
    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.ui.enabled", "false")
        # The console progress bar writes carriage returns into the CLI's own output.
        .config("spark.ui.showConsoleProgress", "false")
        # A Python worker serves task after task and keeps the index it opened (Spark's
        # default, said here because the per-worker index cache relies on it).
        .config("spark.python.worker.reuse", "true")
    )
    if master:
        builder = builder.master(master)
    if (master or "").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # The local JVM is driver and executor, started per run: its C2 JIT compiles for ~10
        # CPU-seconds (measured: BENCHMARKS.md "## Spark") while the JVM's share of the row
        # work is small, so the quick C1 compiler alone does the job with half the CPU.
        builder = builder.config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
    return builder.getOrCreate()


def _suffix(path: str) -> str:
    return Path(path.rstrip("/")).suffix.lower()


def _format_of(path: str, what: str) -> str:
    suffix = _suffix(path)
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown {what} type {suffix!r} (use .csv, .jsonl or .parquet)")
    return fmt


def _file_rows(spark: SparkSession, path: str, encoding: str | None) -> _Rows:
    """CSV/JSONL files read by the local reader, one task per file, as :data:`ROWS_SCHEMA`.

    The rows are cached as read: counting them reads each file once, and the spread over the
    screening partitions then reads the cache, not the files again.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    files = spark.read.format("binaryFile").load(path)
    # The file index's own listing: no Spark job (a collect() of the paths would be one).
    names = sorted(file_key(n, encoded=True) for n in files.inputFiles())
    if not names:
        raise InputError(f"{path}: no input file")
    for name in names:
        if PurePosixPath(name).suffix.lower() not in TEXT_SUFFIXES:
            raise InputError(
                f"{name}: unknown input type (a folder must hold .csv or .jsonl files)"
            )
    index = {name: i for i, name in enumerate(names)}
    read = partial(read_files, index, encoding, _arrow_schema(spark, ROWS_SCHEMA))
    rows = files.select("path", "content").mapInArrow(read, ROWS_SCHEMA)
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    file_of = F.shiftright("_ordinal", FILE_BITS)
    # Row numbers run 1..n within a file, so a file's size is its largest row number.
    sizes = rows.groupBy(file_of.alias("f")).agg(F.max("_number").alias("n")).collect()
    offsets, total = _offsets({int(r["f"]): int(r["n"]) for r in sizes})
    if len(offsets) > 1:
        pairs = [F.lit(x) for kv in offsets.items() for x in kv]
        start = F.element_at(F.create_map(*pairs), file_of)
    else:
        start = F.lit(0)
    return _Rows(rows, start + F.col("_number") - 1, total, cached=True)


def _offsets(sizes: Mapping[int, int]) -> tuple[dict[int, int], int]:
    """Each group's first rank (groups in key order) and the total."""
    offsets: dict[int, int] = {}
    total = 0
    for key in sorted(sizes):
        offsets[key] = total
        total += sizes[key]
    return offsets, total


def _frame_rows(df: DataFrame) -> _Rows:
    """A DataFrame's own rows (Parquet, a caller's DataFrame) as :data:`ROWS_SCHEMA`."""
    from pyspark.sql import functions as F

    df = df.toDF(*[c.strip().lower() for c in df.columns])
    columns = tuple(df.columns)
    _require_name(list(columns))
    df = df.selectExpr(*[f"CAST(`{c}` AS STRING) AS `{c}`" for c in columns])
    df = df.withColumn("_ordinal", F.monotonically_increasing_id())
    counts = (
        df.select(F.shiftright("_ordinal", ORDINAL_BITS).alias("p")).groupBy("p").count().collect()
    )
    offsets, total = _offsets({int(r["p"]): int(r["count"]) for r in counts})
    schema = _arrow_schema(df.sparkSession, ROWS_SCHEMA)
    rows = df.mapInArrow(partial(frame_rows, columns, offsets, schema), ROWS_SCHEMA)
    # frame_rows numbers the rows 1..total across partitions, in input order.
    return _Rows(rows, F.col("_number") - 1, total)


@dataclass
class _Rows:
    """Rows to screen, each row's 0-based rank in input order, how many, whether cached."""

    frame: DataFrame
    rank: Column
    total: int
    cached: bool = False


def _partition_count(spark: SparkSession, total: int, requested: int | None) -> int:
    """``--partitions``, else a few tasks per core (for balance), never under ~500 rows each."""
    if requested:
        return max(1, min(int(requested), total))
    per_core = spark.sparkContext.defaultParallelism * 4
    return max(1, min(per_core, -(-total // 500)))


def _spread(rows: _Rows, partitions: int) -> DataFrame:
    """Rows in ``partitions`` contiguous, equal runs of input order, each run sorted.

    The partition of a row is computed from its rank (``repartitionById``), so no sampling
    job runs first as ``repartitionByRange`` needs; part files stay in input order.
    """
    from pyspark.sql import functions as F

    df = rows.frame
    if hasattr(df, "repartitionById"):  # Spark >= 4.1
        target = F.floor(rows.rank * partitions / max(rows.total, 1)).cast("int")
        df = df.repartitionById(partitions, target)
    else:  # pragma: no cover - Spark 4.0
        df = df.repartitionByRange(partitions, "_ordinal")
    # Rows of one partition may come from several read tasks, fetched in any order.
    return df.sortWithinPartitions("_ordinal")


def _require_name(columns: list[str]) -> None:
    if "name" not in columns:
        raise InputError(f"input has no 'name' column (columns: {', '.join(columns) or 'none'})")


@dataclass(frozen=True)
class _Prepared:
    """What the driver reads from the store before screening: the index file, the verdicts."""

    index: Path
    book: DecisionBook


def _prepare(store: Store, options: Mapping[str, Any]) -> tuple[_Prepared, list[dict[str, Any]]]:
    """Refuse a run without lists; the index file (built if needed), the verdicts, stale lists."""
    stale = stale_lists(require_lists(store, options.get("sources")))
    return _Prepared(index_file(store), DecisionBook.load(store)), stale


def _screen(
    prepared: _Prepared,
    rows: _Rows,
    options: Mapping[str, Any],
    output: str,
    partitions: int | None,
    ledger: LedgerMode = "off",
) -> DataFrame:
    """:data:`ROWS_SCHEMA` rows screened: the output columns plus :data:`INTERNAL_DDL`'s."""
    spark = rows.frame.sparkSession
    spark.sparkContext.addFile(str(prepared.index))
    value = output_schema_ddl() if output == "struct" else "value string"
    internal = INTERNAL_DDL.format(ledger="binary" if ledger == "summary" else "string")
    schema = f"{value}, {internal}"
    job = RowJob(
        index_name=prepared.index.name,
        options=dict(options),
        book=prepared.book,
        output=output,
        schema=_arrow_schema(spark, schema),
        ledger=ledger,
        crash_marker=os.environ.get(FAULT_ENV),
    )
    spread = _spread(rows, _partition_count(spark, rows.total, partitions))
    return spread.mapInArrow(partial(screen_partitions, job), schema)


def _arrow_schema(spark: SparkSession, ddl: str) -> Any:
    """A Spark DDL schema as the Arrow schema ``mapInArrow`` batches must have (made on the
    driver: parsing DDL needs the JVM)."""
    from pyspark.sql.pandas.types import to_arrow_schema
    from pyspark.sql.types import StructType

    struct = StructType.fromDDL(ddl)
    assert isinstance(struct, StructType)
    large = spark.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false") == "true"
    return to_arrow_schema(struct, prefers_large_types=large)


def screen_dataframe(
    store: Store, df: DataFrame, *, partitions: int | None = None, **options: Any
) -> DataFrame:
    """Screen a DataFrame of batch rows (``id, name`` and optional ``type, country,
    birth_date``): one row per input row with ``id, matches, error, warnings``.

    ``options`` are :func:`exportctl.screening.screen`'s (``threshold``, ``limit``,
    ``sources``). Partitions hold contiguous runs of the input, in input order.
    """
    prepared, _ = _prepare(store, options)
    out = _screen(prepared, _frame_rows(df), options, "struct", partitions)
    return out.select("id", "matches", "error", "warnings")


_INTERNAL = ("_ordinal", "_ledger", "_matched", "_failed", "_warned")


@dataclass
class SparkRun:
    """What a run did: counts, the list editions it used, where the output went, the ledger."""

    input: str
    output: str
    format: str
    rows: int = 0
    with_matches: int = 0
    errors: int = 0
    with_warnings: int = 0
    seconds: float = 0.0
    lists: list[dict[str, Any]] = field(default_factory=list)
    stale_lists: list[dict[str, Any]] = field(default_factory=list)
    ledger: str = "rows"
    ledger_entries: int = 0
    merkle_root: str | None = None
    ledger_entry_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _check_output(path: str) -> None:
    """Refuse to overwrite anything but an earlier exportctl output (a typo must not wipe data)."""
    if "://" in path:
        return
    p = Path(path)
    if p.exists() and not (p.is_dir() and (p / SUMMARY_FILE).is_file()):
        raise InputError(f"{path} exists and is not an earlier exportctl Spark output")
    if p.exists():
        shutil.rmtree(p)


def run_batch(
    store: Store,
    input_path: str,
    output_path: str,
    *,
    master: str | None = None,
    partitions: int | None = None,
    ledger: LedgerMode = "rows",
    encoding: str | None = None,
    actor: str = "spark",
    db: str | None = None,
    spark: SparkSession | None = None,
    **options: Any,
) -> SparkRun:
    """Screen ``input_path`` into partitioned files at ``output_path`` plus a summary file.

    ``partitions`` defaults to four per core (``defaultParallelism``), at least ~500 rows each.
    """
    from pyspark import StorageLevel

    started = time.perf_counter()
    out_fmt = _format_of(output_path, "output")
    # Parquet by its suffix; anything else is CSV/JSONL files, each checked by its own suffix
    # (so a folder needs no suffix of its own).
    in_fmt = "parquet" if _suffix(input_path) == ".parquet" else "text"
    _check_output(output_path)
    if spark is None:
        # The JVM starts while the driver checks the lists and opens (or, after a list
        # update, builds) the index: the two longest fixed costs of a run, overlapped.
        with ThreadPoolExecutor(1, thread_name_prefix="exportctl-spark") as pool:
            starting = pool.submit(session, master)
            prepared, stale = _prepare(store, options)
            spark = starting.result()
    else:
        prepared, stale = _prepare(store, options)
    output = "struct" if out_fmt == "parquet" else out_fmt
    ledger_on = ledger != "off" and get_settings(db).ledger_enabled
    mode: LedgerMode = "summary" if ledger == "summary" else ("rows" if ledger_on else "off")
    run = SparkRun(
        input=input_path, output=output_path, format=out_fmt, ledger=ledger, stale_lists=stale
    )
    run.lists = [
        {"source": s.source, "published": s.published, "sha256": s.sha256}
        for s in store.active_snapshots()
    ]
    rows: _Rows | None = None
    result: DataFrame | None = None
    ok = False
    try:
        try:
            if in_fmt == "parquet":
                rows = _frame_rows(spark.read.parquet(input_path))
            else:
                rows = _file_rows(spark, input_path, encoding)
            result = _screen(prepared, rows, options, output, partitions, mode)
            result = result.persist(StorageLevel.MEMORY_AND_DISK)
            if output == "struct":
                result.drop(*_INTERNAL).write.parquet(output_path)
            else:
                result.select("value").write.text(output_path)
        except Exception as exc:  # PySpark wraps a task's error in its own exception types
            raise _task_error(exc) from None
        _record(store, result, run, mode, actor=actor, db=db)
        ok = True
    finally:
        if result is not None:
            result.unpersist()
        if rows is not None and rows.cached:
            rows.frame.unpersist()
        if not ok and "://" not in output_path:
            # A failed run leaves no half-written output that could pass for a result.
            shutil.rmtree(output_path, ignore_errors=True)
    run.seconds = round(time.perf_counter() - started, 3)
    _write_summary(output_path, run)
    return run


def _task_error(exc: Exception) -> Exception:
    """An exportctl error raised inside a task, as the one-line error it was; else ``exc``."""
    text = str(exc)
    for line in reversed(text.splitlines()):
        head, _, message = line.partition(": ")
        if head.startswith("exportctl.errors.") and message:
            return InputError(message.strip())
    return exc


def _count(result: DataFrame, run: SparkRun) -> None:
    """Rows, rows with matches, errors and warnings, counted by the executors (one job; a run
    with a ledger counts them in the driver's pass over the ledger column instead)."""
    from pyspark.sql import functions as F

    def total(col: str) -> Any:
        return F.coalesce(F.sum(F.col(col).cast("long")), F.lit(0))

    row = result.agg(
        F.count(F.lit(1)).alias("rows"),
        total("_matched").alias("with_matches"),
        total("_failed").alias("errors"),
        total("_warned").alias("with_warnings"),
    ).first()
    assert row is not None
    run.rows, run.with_matches = int(row["rows"]), int(row["with_matches"])
    run.errors, run.with_warnings = int(row["errors"]), int(row["with_warnings"])


def _record(
    store: Store,
    result: DataFrame,
    run: SparkRun,
    mode: LedgerMode,
    *,
    actor: str,
    db: str | None,
) -> None:
    """The ledger records of a finished run, written by the driver (a retried task cannot)."""
    from exportctl.ledger import PendingRecord, record_many
    from exportctl.recording import list_versions, record_screenings

    if mode == "off":
        _count(result, run)
        return
    # One pass over the ledger column, partition by partition in partition order (the order
    # of the part files); it counts the rows too. The next partition is fetched meanwhile.
    pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    frontier = merkle.Frontier()
    leaves: list[bytes] = []
    columns = result.select("_ledger", "_matched", "_failed", "_warned")
    for row in columns.toLocalIterator(prefetchPartitions=True):
        run.rows += 1
        run.with_matches += row["_matched"]
        run.errors += row["_failed"]
        run.with_warnings += row["_warned"]
        if mode == "summary":
            leaves.append(bytes(row["_ledger"]))
            if len(leaves) >= 4096:
                frontier.extend(leaves)
                leaves.clear()
        elif row["_ledger"] is not None:
            item = json.loads(row["_ledger"])
            pending.append((item["query"], item["hits"]))
            if len(pending) >= 1000:
                run.ledger_entries += record_screenings(store, pending, actor=actor, db=db)
                pending.clear()
    if mode == "rows":
        if pending:
            run.ledger_entries += record_screenings(store, pending, actor=actor, db=db)
        return
    frontier.extend(leaves)
    run.merkle_root = frontier.root().hex()
    if not get_settings(db).ledger_enabled:
        return
    entries = record_many(
        [
            PendingRecord(
                kind="batch",
                inputs={"input": run.input, "output": run.output, "format": run.format},
                result={
                    "rows": run.rows,
                    "with_matches": run.with_matches,
                    "errors": run.errors,
                    "merkle_root": run.merkle_root,
                },
                actor=actor,
                versions=list_versions(store),
            )
        ],
        db=db,
    )
    run.ledger_entries = len(entries)
    run.ledger_entry_id = entries[0].entry_id if entries else None


def _write_summary(output_path: str, run: SparkRun) -> None:
    if "://" in output_path:
        return  # a cluster path: the summary is printed by the CLI instead
    (Path(output_path) / SUMMARY_FILE).write_text(
        json.dumps(run.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def output_records(output_path: str) -> Iterator[dict[str, Any]]:
    """The records of a finished local output folder, in input order (for proofs and checks)."""
    folder = Path(output_path)
    summary = json.loads((folder / SUMMARY_FILE).read_text("utf-8"))
    fmt = summary["format"]
    parts = sorted(p for p in folder.iterdir() if p.name.startswith("part-"))
    if fmt == "parquet":
        import pyarrow.parquet as pq

        for part in parts:
            for row in pq.read_table(part).to_pylist():
                row.pop("_ordinal", None)
                yield record_from_row(row)
        return
    for part in parts:
        with part.open(encoding="utf-8", newline="") as fh:
            if fmt == "json":
                for line in fh:
                    if line.strip():
                        yield json.loads(line)
            else:
                import csv

                reader = csv.reader(fh)
                next(reader, None)
                for values in reader:
                    yield csv_record(values)
