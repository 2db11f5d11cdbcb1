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
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from exportctl.errors import ConfigError, InputError
from exportctl.ledger import merkle
from exportctl.screening.batch import INPUT_COLUMNS
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.engine_cache import index_file
from exportctl.spark.executor import (
    CORRUPT,
    FAULT_ENV,
    ORDINAL_BITS,
    RowJob,
    screen_partitions,
)
from exportctl.spark.proof import row_leaf
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

    builder = SparkSession.builder.appName(app_name).config("spark.ui.enabled", "false")
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


def _read(spark: SparkSession, path: str) -> tuple[DataFrame, list[str], str]:
    """The input as text columns plus ``_corrupt_record``; the error a corrupt row gets."""
    fmt = _format_of(path, "input")
    reader = spark.read
    if fmt == "parquet":
        df = reader.parquet(path)
        columns = [c.lower() for c in df.columns]
        df = df.toDF(*columns).selectExpr(*[f"CAST(`{c}` AS STRING) AS `{c}`" for c in columns])
        return df, columns, "unreadable Parquet row"
    if fmt == "csv":
        # Header first, then every column as text; multiLine honours RFC 4180 line breaks
        # inside quotes, PERMISSIVE keeps a malformed row (as _corrupt_record) instead of dropping.
        header = reader.option("header", True).option("multiLine", True).csv(path).columns
        columns = [c.strip().lower() for c in header]
        df = (
            reader.option("header", True)
            .option("multiLine", True)
            .option("mode", "PERMISSIVE")
            .option("enforceSchema", False)
            .option("columnNameOfCorruptRecord", CORRUPT)
            .schema(", ".join([*(f"`{c}` string" for c in header), f"`{CORRUPT}` string"]))
            .csv(path)
            .toDF(*columns, CORRUPT)
        )
        return df, columns, "unreadable CSV row"
    sample = reader.json(path)
    columns = sorted({c.lower() for c in sample.columns if c != CORRUPT})
    originals = [c for c in sample.columns if c != CORRUPT]
    df = (
        reader.option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .schema(", ".join([*(f"`{c}` string" for c in originals), f"`{CORRUPT}` string"]))
        .json(path)
    )
    df = df.toDF(*[c.lower() for c in originals], CORRUPT)
    return df, columns, "invalid JSON line"


def _require_name(columns: list[str]) -> None:
    if "name" not in columns:
        raise InputError(f"input has no 'name' column (columns: {', '.join(columns) or 'none'})")


def _with_ordinals(df: DataFrame) -> tuple[DataFrame, dict[int, int]]:
    """Each row's position: ``_ordinal`` plus the rows before each read partition."""
    from pyspark.sql import functions as F

    df = df.withColumn("_ordinal", F.monotonically_increasing_id())
    counts = (
        df.select(F.shiftright("_ordinal", ORDINAL_BITS).alias("p")).groupBy("p").count().collect()
    )
    offsets: dict[int, int] = {}
    total = 0
    for row in sorted(counts, key=lambda r: int(r["p"])):
        offsets[int(row["p"])] = total
        total += int(row["count"])
    return df, offsets


def _prepare(
    store: Store,
    df: DataFrame,
    options: Mapping[str, Any],
    output: str,
    corrupt_error: str,
    partitions: int | None,
) -> DataFrame:
    """``df`` (text columns, maybe ``_corrupt_record``) screened: contract columns + internals."""
    spark = df.sparkSession
    path = index_file(store)
    spark.sparkContext.addFile(str(path))
    columns = tuple(c for c in df.columns if c != CORRUPT)
    _require_name(list(columns))
    if CORRUPT not in df.columns:
        from pyspark.sql import functions as F

        df = df.withColumn(CORRUPT, F.lit(None).cast("string"))
    df, offsets = _with_ordinals(df)
    job = RowJob(
        index_name=path.name,
        options=dict(options),
        book=DecisionBook.load(store),
        columns=tuple(c for c in columns if c in INPUT_COLUMNS or c == "id"),
        offsets=offsets,
        corrupt_error=corrupt_error,
        output=output,
        crash_marker=os.environ.get(FAULT_ENV),
    )
    if partitions:
        df = df.repartitionByRange(int(partitions), "_ordinal")
    value = output_schema_ddl() if output == "struct" else "value string"
    return df.mapInPandas(partial(screen_partitions, job), f"{value}, _ordinal long, _query string")


def screen_dataframe(
    store: Store, df: DataFrame, *, partitions: int | None = None, **options: Any
) -> DataFrame:
    """Screen a DataFrame of batch rows (``id, name`` and optional ``type, country,
    birth_date``): one row per input row with ``id, matches, error, warnings``.

    ``options`` are :func:`exportctl.screening.screen`'s (``threshold``, ``limit``,
    ``sources``). Rows come back in input order within each partition.
    """
    text = df.toDF(*[c.lower() for c in df.columns])
    text = text.selectExpr(*[f"CAST(`{c}` AS STRING) AS `{c}`" for c in text.columns])
    out = _prepare(store, text, options, "struct", "unreadable row", partitions)
    return out.select("id", "matches", "error", "warnings")


@dataclass
class SparkRun:
    """What a run did: counts, the list editions it used, where the output went, the ledger."""

    input: str
    output: str
    format: str
    rows: int = 0
    with_matches: int = 0
    errors: int = 0
    seconds: float = 0.0
    lists: list[dict[str, Any]] = field(default_factory=list)
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
    spark = spark or session(master)
    df, columns, corrupt_error = _read(spark, input_path)
    _require_name(columns)
    output = "struct" if out_fmt == "parquet" else out_fmt
    result = _prepare(store, df, options, output, corrupt_error, partitions)
    result = result.persist(StorageLevel.MEMORY_AND_DISK)
    ok = False
    try:
        if output == "struct":
            result.drop("_query").write.parquet(output_path)
        else:
            result.select("value").write.text(output_path)
        run = SparkRun(input=input_path, output=output_path, format=out_fmt, ledger=ledger)
        run.lists = [
            {"source": s.source, "published": s.published, "sha256": s.sha256}
            for s in store.active_snapshots()
        ]
        _count_and_record(store, result, run, actor=actor, db=db)
        ok = True
    finally:
        result.unpersist()
        if not ok and "://" not in output_path:
            # A failed run leaves no half-written output that could pass for a result.
            shutil.rmtree(output_path, ignore_errors=True)
    run.seconds = round(time.perf_counter() - started, 3)
    _write_summary(output_path, run)
    return run


def _records(result: DataFrame, output: str) -> Iterator[tuple[dict[str, Any], str | None]]:
    """(output record, query JSON) per row in input order, streamed partition by partition."""
    # Partition by partition, in partition order: the order of the part files.
    for row in result.toLocalIterator():
        if "value" in row.asDict():
            yield _parse_value(row["value"], output), row["_query"]
        else:
            yield record_from_row(row.asDict(recursive=True)), row["_query"]


def _parse_value(value: str, output: str) -> dict[str, Any]:
    if output == "json":
        rec: dict[str, Any] = json.loads(value)
        return rec
    import csv
    import io

    rows = list(csv.reader(io.StringIO(value)))
    last = rows[-1]
    return {"id": last[0], "matches": json.loads(last[3]), "error": last[4] or None}


def _count_and_record(
    store: Store, result: DataFrame, run: SparkRun, *, actor: str, db: str | None
) -> None:
    from exportctl.ledger import PendingRecord, record_many
    from exportctl.ledger.hooks import list_versions, record_screenings
    from exportctl.settings import get_settings

    ledger_on = run.ledger != "off" and get_settings(db).ledger_enabled
    output = "struct" if run.format == "parquet" else run.format
    pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    frontier = merkle.Frontier()
    leaves: list[bytes] = []
    for rec, query in _records(result, output):
        run.rows += 1
        run.errors += rec["error"] is not None
        run.with_matches += bool(rec["matches"])
        if run.ledger == "summary":
            leaves.append(row_leaf(rec))
            if len(leaves) >= 4096:
                frontier.extend(leaves)
                leaves.clear()
        elif ledger_on and query is not None:
            pending.append((json.loads(query), rec["matches"]))
            if len(pending) >= 1000:
                run.ledger_entries += record_screenings(store, pending, actor=actor, db=db)
                pending.clear()
    if run.ledger == "rows" and ledger_on and pending:
        run.ledger_entries += record_screenings(store, pending, actor=actor, db=db)
    if run.ledger == "summary":
        frontier.extend(leaves)
        run.merkle_root = frontier.root().hex()
        if ledger_on:
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
                    yield {
                        "id": values[0],
                        "matches": json.loads(values[3]),
                        "error": values[4] or None,
                    }
