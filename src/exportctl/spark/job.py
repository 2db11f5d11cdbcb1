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
    INTERNAL_DDL,
    ORDINAL_BITS,
    ROWS_SCHEMA,
    RowJob,
    frame_rows,
    read_files,
    screen_partitions,
)
from exportctl.spark.schema import output_schema_ddl, record_from_row
from exportctl.store import Store

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SUMMARY_FILE", "SparkRun", "output_records", "run_batch", "screen_dataframe", "session"]

LedgerMode = Literal["rows", "summary", "off"]
SUMMARY_FILE = "_exportctl_summary.json"
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

    For a local master the Python workers run the driver's interpreter, so they see the same
    installed exportctl; on a cluster ``PYSPARK_PYTHON`` / ``spark.pyspark.python`` decide.
    """
    _pyspark()
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName(app_name)
        .config("spark.ui.enabled", "false")
        # The console progress bar writes carriage returns into the CLI's own output.
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master:
        builder = builder.master(master)
    if (master or "local").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()


def _format_of(path: str, what: str) -> str:
    suffix = Path(path.rstrip("/")).suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown {what} type {suffix!r} (use .csv, .jsonl or .parquet)")
    return fmt


def _file_rows(spark: SparkSession, path: str, encoding: str | None) -> DataFrame:
    """CSV/JSONL files read by the local reader, one task per file, as :data:`ROWS_SCHEMA`."""
    files = spark.read.format("binaryFile").load(path)
    names = sorted(r["path"] for r in files.select("path").collect())
    if not names:
        raise InputError(f"{path}: no input file")
    for name in names:
        if PurePosixPath(name).suffix.lower() not in TEXT_SUFFIXES:
            raise InputError(
                f"{name}: unknown input type (a folder must hold .csv or .jsonl files)"
            )
    index = {name: i for i, name in enumerate(names)}
    return files.select("path", "content").mapInPandas(
        partial(read_files, index, encoding), ROWS_SCHEMA
    )


def _frame_rows(df: DataFrame) -> DataFrame:
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
    offsets: dict[int, int] = {}
    total = 0
    for row in sorted(counts, key=lambda r: int(r["p"])):
        offsets[int(row["p"])] = total
        total += int(row["count"])
    return df.mapInPandas(partial(frame_rows, columns, offsets), ROWS_SCHEMA)


def _require_name(columns: list[str]) -> None:
    if "name" not in columns:
        raise InputError(f"input has no 'name' column (columns: {', '.join(columns) or 'none'})")


def _screen(
    store: Store,
    rows: DataFrame,
    options: Mapping[str, Any],
    output: str,
    partitions: int | None,
    ledger: LedgerMode = "off",
) -> DataFrame:
    """:data:`ROWS_SCHEMA` rows screened: the output columns plus :data:`INTERNAL_DDL`'s."""
    spark = rows.sparkSession
    path = index_file(store)
    spark.sparkContext.addFile(str(path))
    job = RowJob(
        index_name=path.name,
        options=dict(options),
        book=DecisionBook.load(store),
        output=output,
        ledger=ledger,
        crash_marker=os.environ.get(FAULT_ENV),
    )
    if partitions:
        rows = rows.repartitionByRange(int(partitions), "_ordinal")
    value = output_schema_ddl() if output == "struct" else "value string"
    internal = INTERNAL_DDL.format(ledger="binary" if ledger == "summary" else "string")
    return rows.mapInPandas(partial(screen_partitions, job), f"{value}, {internal}")


def screen_dataframe(
    store: Store, df: DataFrame, *, partitions: int | None = None, **options: Any
) -> DataFrame:
    """Screen a DataFrame of batch rows (``id, name`` and optional ``type, country,
    birth_date``): one row per input row with ``id, matches, error, warnings``.

    ``options`` are :func:`exportctl.screening.screen`'s (``threshold``, ``limit``,
    ``sources``). Rows come back in input order within each partition.
    """
    require_lists(store, options.get("sources"))
    out = _screen(store, _frame_rows(df), options, "struct", partitions)
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
    """Screen ``input_path`` into partitioned files at ``output_path`` plus a summary file."""
    from pyspark import StorageLevel

    started = time.perf_counter()
    out_fmt = _format_of(output_path, "output")
    _check_output(output_path)
    stale = stale_lists(require_lists(store, options.get("sources")))
    spark = spark or session(master)
    in_fmt = _format_of(input_path, "input")
    if in_fmt == "parquet":
        rows = _frame_rows(spark.read.parquet(input_path))
    else:
        rows = _file_rows(spark, input_path, encoding)
    output = "struct" if out_fmt == "parquet" else out_fmt
    ledger_on = ledger != "off" and get_settings(db).ledger_enabled
    mode: LedgerMode = "summary" if ledger == "summary" else ("rows" if ledger_on else "off")
    result = _screen(store, rows, options, output, partitions, mode)
    result = result.persist(StorageLevel.MEMORY_AND_DISK)
    ok = False
    try:
        try:
            if output == "struct":
                result.drop(*_INTERNAL).write.parquet(output_path)
            else:
                result.select("value").write.text(output_path)
        except Exception as exc:  # PySpark wraps a task's error in its own exception types
            raise _task_error(exc) from None
        run = SparkRun(
            input=input_path, output=output_path, format=out_fmt, ledger=ledger, stale_lists=stale
        )
        run.lists = [
            {"source": s.source, "published": s.published, "sha256": s.sha256}
            for s in store.active_snapshots()
        ]
        _count(result, run)
        _record(store, result, run, mode, actor=actor, db=db)
        ok = True
    finally:
        result.unpersist()
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
    """Rows, rows with matches, errors and warnings, counted by the executors."""
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

    if mode == "rows":
        pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
        for row in result.where("_ledger IS NOT NULL").select("_ledger").toLocalIterator():
            item = json.loads(row["_ledger"])
            pending.append((item["query"], item["hits"]))
            if len(pending) >= 1000:
                run.ledger_entries += record_screenings(store, pending, actor=actor, db=db)
                pending.clear()
        if pending:
            run.ledger_entries += record_screenings(store, pending, actor=actor, db=db)
        return
    if mode != "summary":
        return
    # Partition by partition, in partition order: the order of the part files.
    frontier = merkle.Frontier()
    leaves: list[bytes] = []
    for row in result.select("_ledger").toLocalIterator():
        leaves.append(bytes(row["_ledger"]))
        if len(leaves) >= 4096:
            frontier.extend(leaves)
            leaves.clear()
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
