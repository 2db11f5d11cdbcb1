"""The rows a Spark run screens: read from CSV/JSONL files or taken from a DataFrame, each with
its rank in input order, and spread over partitions in contiguous runs of that order; or, for a
small local input, read by the driver and cut into such runs there (:class:`LocalRows`)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from exportctl.errors import ExportCtlError, InputError
from exportctl.screening.batch import TEXT_SUFFIXES
from exportctl.screening.batch.headers import NAME_KEYS, screening_header
from exportctl.spark._optional import spark as spark_api
from exportctl.spark.connect import default_parallelism, functions, is_remote, struct_type
from exportctl.spark.executor import (
    FILE_BITS,
    ORDINAL_BITS,
    ROWS_SCHEMA,
    file_key,
    file_records,
    frame_rows,
    read_files,
)

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

__all__ = [
    "DRIVER_READ_BYTES",
    "SHIPPED_BYTES",
    "TASKS_PER_CORE",
    "LocalRows",
    "Rows",
    "arrow_schema",
    "default_partitions",
    "file_rows",
    "frame_rows_of",
    "local_input",
    "partition_count",
    "read_local",
    "require_name",
    "spread",
]

# Local CSV/JSONL input up to this size is read by the driver while the JVM starts: no read job,
# no Python worker started for it, no cached copy, no count job, no shuffle. 100,000 rows of the
# benchmark file are 3.6 MB, ~1.5 s to read, 12 MB as Arrow; the rows then travel with the
# screening tasks' function (every task gets all of them and screens its own run), which bounds
# the size. Larger inputs are read by the executors, one task per file.
DRIVER_READ_BYTES = 16 << 20


def file_rows(spark: SparkSession, path: str, encoding: str | None) -> Rows:
    """CSV/JSONL files read by the local reader, one task per file, as :data:`ROWS_SCHEMA`.

    The rows are cached as read: counting them reads each file once, and the spread over the
    screening partitions then reads the cache, not the files again.
    """
    StorageLevel, F = spark_api().StorageLevel, functions(spark)
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
    schema = struct_type(spark, ROWS_SCHEMA)
    read = partial(read_files, index, encoding, arrow_schema(spark, schema))
    rows = files.select("path", "content").mapInArrow(read, schema)
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    file_of = F.shiftright("_ordinal", FILE_BITS)
    # Row numbers run 1..n within a file, so a file's size is its largest row number.
    sizes = rows.groupBy(file_of.alias("f")).agg(F.max("_number").alias("n")).collect()
    return _ranked(rows, {int(r["f"]): int(r["n"]) for r in sizes})


def _ranked(rows: DataFrame, sizes: Mapping[int, int]) -> Rows:
    """Cached file rows with their rank in input order, from each file's size (by file
    index)."""
    F = functions(rows.sparkSession)
    offsets, total = _offsets(sizes)
    if len(offsets) > 1:
        pairs = [F.lit(x) for kv in offsets.items() for x in kv]
        start = F.element_at(F.create_map(*pairs), F.shiftright("_ordinal", FILE_BITS))
    else:
        start = F.lit(0)
    return Rows(rows, start + F.col("_number") - 1, total, cached=True)


def local_input(path: str, limit: int) -> list[tuple[str, Path]] | None:
    """A local CSV/JSONL file, or a flat folder of them, of at most ``limit`` bytes: each file
    as Spark's file index spells it (``file:/…``) and the file, in name order.

    None for anything else (a URL, a larger input, subfolders, other files): the executors read
    it, and Spark's reader reports what is wrong with it.
    """
    if limit <= 0 or "://" in path or path.startswith("file:"):
        return None
    root = Path(path)
    if root.is_file():
        files = [root]
    elif root.is_dir():
        # Spark's file index skips names starting with "." or "_"; anything else must be a file.
        entries = [e for e in root.iterdir() if not e.name.startswith((".", "_"))]
        if not entries or not all(e.is_file() for e in entries):
            return None
        files = sorted(entries, key=lambda e: e.name)
    else:
        return None
    if any(f.suffix.lower() not in TEXT_SUFFIXES for f in files):
        return None
    if sum(f.stat().st_size for f in files) > limit:
        return None
    return [(f"file:{os.path.abspath(f)}", f) for f in files]


@dataclass(frozen=True)
class LocalRows:
    """Rows the driver read from local files, in input order, each as ``(ordinal, number,
    fields, error, warnings)`` (the ordinal as :func:`read_files` gives it)."""

    records: list[tuple[int, int, dict[str, str], str | None, tuple[str, ...]]]

    @property
    def total(self) -> int:
        return len(self.records)

    def slices(self, parts: int) -> list[bytes]:
        """The rows in ``parts`` contiguous, equal runs of input order, each pickled: what the
        tasks of :func:`exportctl.spark.executor.screen_slices` screen. (Pickled as they are,
        the reader's own values go to the row function with no JSON or Arrow step: a third of
        the JSON-in-Arrow runs' cost in the driver, where it is serial.)"""
        total = self.total
        return [
            pickle.dumps(
                self.records[total * i // parts : total * (i + 1) // parts],
                protocol=pickle.HIGHEST_PROTOCOL,
            )
            for i in range(parts)
        ]


def read_local(files: list[tuple[str, Path]], encoding: str | None) -> LocalRows:
    """Read local files in the driver with the executors' own reader (:func:`file_records`).

    An unreadable file is an InputError with the message the executors' read would give.
    """
    index = {file_key(name, encoded=False): i for i, (name, _) in enumerate(files)}
    records: list[tuple[int, int, dict[str, str], str | None, tuple[str, ...]]] = []
    for name, path in files:
        try:
            records.extend(
                (ordinal, row.number, row.fields, row.error, row.warnings)
                for ordinal, row in file_records(index, encoding, name, path.read_bytes())
            )
        except ExportCtlError as exc:
            raise InputError(str(exc)) from None
    return LocalRows(records)


def _offsets(sizes: Mapping[int, int]) -> tuple[dict[int, int], int]:
    """Each group's first rank (groups in key order) and the total."""
    offsets: dict[int, int] = {}
    total = 0
    for key in sorted(sizes):
        offsets[key] = total
        total += sizes[key]
    return offsets, total


def frame_rows_of(df: DataFrame) -> Rows:
    """A DataFrame's own rows (Parquet, a caller's DataFrame) as :data:`ROWS_SCHEMA`."""
    F = functions(df.sparkSession)
    # The local reader's header (headers.yaml): `Full Name`, `First Name` + `Last Name` …
    df = df.toDF(*require_name([c.strip().lower() for c in df.columns]))
    _require_text_names(df.dtypes)
    columns = tuple(df.columns)
    df = df.selectExpr(*[f"CAST(`{c}` AS STRING) AS `{c}`" for c in columns])
    df = df.withColumn("_ordinal", F.monotonically_increasing_id())
    counts = (
        df.select(F.shiftright("_ordinal", ORDINAL_BITS).alias("p")).groupBy("p").count().collect()
    )
    offsets, total = _offsets({int(r["p"]): int(r["count"]) for r in counts})
    struct = struct_type(df.sparkSession, ROWS_SCHEMA)
    schema = arrow_schema(df.sparkSession, struct)
    rows = df.mapInArrow(partial(frame_rows, columns, offsets, schema), struct)
    # frame_rows numbers the rows 1..total across partitions, in input order.
    return Rows(rows, F.col("_number") - 1, total)


@dataclass
class Rows:
    """Rows to screen, each row's 0-based rank in input order, how many, whether cached."""

    frame: DataFrame
    rank: Column
    total: int
    cached: bool = False


# Default tasks per core. A core whose last task ends first idles until the other cores' end:
# the smaller the tasks, the shorter that tail (measured on 2 cores at 100,000 rows: ~1 s idle
# with 4 tasks per core, ~0.2 s with 8), while a task costs ~10 ms of its own.
TASKS_PER_CORE = 8


# Every task of a driver-read input carries all of its rows (the runs travel with the task's
# function), so the bytes shipped are the partitions times the rows' size: on a large cluster
# a 16 MB input in 8 tasks per core would ship gigabytes. Its default partitions stop here.
SHIPPED_BYTES = 512 << 20


def partition_count(
    spark: SparkSession, total: int, requested: int | None, carried_bytes: int = 0
) -> int:
    """``--partitions``, else :data:`TASKS_PER_CORE` tasks per core (for balance), never under
    ~500 rows each, nor so many that tasks carrying ``carried_bytes`` each (a driver-read
    input's rows) ship more than :data:`SHIPPED_BYTES` together."""
    if requested:
        return max(1, min(int(requested), total))
    cores = (
        default_parallelism(spark) if is_remote(spark) else spark.sparkContext.defaultParallelism
    )
    return default_partitions(cores, total, carried_bytes)


def default_partitions(cores: int, total: int, carried_bytes: int = 0) -> int:
    """:func:`partition_count` without ``--partitions``, given the cluster's cores."""
    most = SHIPPED_BYTES // carried_bytes if carried_bytes else cores * TASKS_PER_CORE
    return max(1, min(cores * TASKS_PER_CORE, -(-total // 500), most))


def spread(rows: Rows, partitions: int) -> DataFrame:
    """Rows in ``partitions`` contiguous, equal runs of input order, each run sorted.

    The partition of a row is computed from its rank (``repartitionById``), so no sampling
    job runs first as ``repartitionByRange`` needs; part files stay in input order.
    """
    df = rows.frame
    F = functions(df.sparkSession)
    if partitions == 1:
        # One partition: the rows need no shuffle, only the sort below.
        return df.coalesce(1).sortWithinPartitions("_ordinal")
    if hasattr(df, "repartitionById"):  # Spark >= 4.1
        target = F.floor(rows.rank * partitions / max(rows.total, 1)).cast("int")
        df = df.repartitionById(partitions, target)
    else:  # pragma: no cover - Spark 4.0
        df = df.repartitionByRange(partitions, "_ordinal")
    # Rows of one partition may come from several read tasks, fetched in any order.
    return df.sortWithinPartitions("_ordinal")


def _require_text_names(dtypes: list[tuple[str, str]]) -> None:
    """InputError when a name column of a DataFrame is not text: every cell is cast to a
    string, so an int column screened ``12345`` and a struct ``{Eric, Badege}`` as names
    (batch26; the local Parquet reader makes each such row an error). ``void``: no values."""
    for column, kind in dtypes:
        if (
            column in NAME_KEYS
            and kind not in ("string", "void")
            and not kind.startswith(("varchar", "char"))
        ):
            raise InputError(
                f"the name column {column!r} holds {kind}, not text: give the names as strings"
            )


def require_name(columns: list[str]) -> list[str]:
    """The keys a DataFrame's columns are read under, as the local reader reads a file's
    header (:func:`exportctl.screening.batch.headers.screening_header`); InputError when the
    name column is not known for certain."""
    return screening_header(columns)


def arrow_schema(spark: SparkSession, struct: Any) -> Any:
    """A Spark schema (a ``StructType``: :func:`exportctl.spark.connect.struct_type` parses
    DDL on the driver) as the Arrow schema ``mapInArrow`` batches must have."""
    api = spark_api()
    assert isinstance(struct, api.StructType)
    large = spark.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false") == "true"
    return api.to_arrow_schema(struct, prefers_large_types=large)
