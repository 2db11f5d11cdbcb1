"""Batch screening as a Spark job: read rows, screen them on the executors, write, record.

The driver builds (or reuses) the screening index file for the active snapshots, ships it with
``SparkContext.addFile`` and reads the reviewers' verdicts once; executors screen Arrow batches
with :func:`exportctl.spark.executor.screen_partitions`. With ownership data loaded the driver
also fixes the ownership snapshot and the date, ships the snapshot's name index file, and each
executor looks its rows up in the database (:mod:`exportctl.spark.owned`). Ledger records are
written by the driver from the finished result, never by a task, so a task that Spark retries
cannot write twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
import weakref
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from exportctl.errors import InputError
from exportctl.freshness import require_lists, stale_lists
from exportctl.ledger import PendingRecord, merkle, record_many
from exportctl.recording import Screened, list_versions, record_screenings
from exportctl.screening.decisions import DecisionBook
from exportctl.screening.engine_cache import index_file
from exportctl.screening.runner import ledger_matches
from exportctl.settings import get_settings
from exportctl.spark._optional import spark as spark_api
from exportctl.spark.boot import claim, session
from exportctl.spark.connect import (
    close,
    functions,
    is_remote,
    remote_session,
    ship_index,
    spark_path,
    struct_type,
)
from exportctl.spark.executor import (
    FAULT_ENV,
    INDEX_ENV,
    INTERNAL_DDL,
    RowJob,
    screen_partitions,
    screen_slices,
    warm_worker,
)
from exportctl.spark.output import SUMMARY_FILE, write_summary
from exportctl.spark.owned import OwnershipJob, names_file, ownership_job
from exportctl.spark.rows import (
    DRIVER_READ_BYTES,
    LocalRows,
    Rows,
    arrow_schema,
    file_rows,
    frame_rows_of,
    local_input,
    partition_count,
    read_local,
    spread,
)
from exportctl.spark.schema import RECORD_COLUMNS, output_schema_ddl
from exportctl.store import Store

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SparkRun", "run_batch", "screen_dataframe", "session"]

LedgerMode = Literal["rows", "summary", "off"]
_SIMPLIFIED_CONF = "spark.sql.execution.pyspark.udf.simplifiedTraceback.enabled"
_FORMATS = {
    ".csv": "csv",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
    ".parquet": "parquet",
}


def _suffix(path: str) -> str:
    return Path(path.rstrip("/")).suffix.lower()


def _format_of(path: str, what: str) -> str:
    suffix = _suffix(path)
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        raise InputError(f"{path}: unknown {what} type {suffix!r} (use .csv, .jsonl or .parquet)")
    return fmt


@dataclass(frozen=True)
class _Prepared:
    """What the driver reads from the store before screening: the index file, the verdicts."""

    index: Path
    book: DecisionBook
    ownership: OwnershipJob | None = None  # None: no ownership data loaded
    names: Path | None = None  # the ownership snapshot's name index file, to ship


def _prepare(store: Store, options: Mapping[str, Any]) -> tuple[_Prepared, list[dict[str, Any]]]:
    """Refuse a run without lists; the index file (built if needed), the verdicts, stale lists,
    and what the executors look rows up against in the ownership data (when loaded)."""
    stale = stale_lists(require_lists(store, options.get("sources")))
    index = index_file(store)
    owned = ownership_job(store, options.get("as_of"))
    names = names_file(store, owned) if owned is not None else None
    return _Prepared(index, DecisionBook.load(store), owned, names), stale


def _with_names(prepared: _Prepared, shipped: bool) -> OwnershipJob | None:
    """The ownership job as the executors get it: naming the name index file if it was
    shipped (else each worker reads or builds it as the local engine does)."""
    owned = prepared.ownership
    if owned is None or not shipped or prepared.names is None:
        return owned
    return replace(owned, names_file=prepared.names.name)


def _ship(spark: SparkSession, prepared: _Prepared) -> None:
    """Send the index file with the job, and name it to the Python daemon (before any Python
    function of the run is made: each carries the environment, and each environment gets a
    daemon of its own). The daemon keeps the first name a session gives it; a later index is
    opened by the workers themselves.

    A Spark Connect session gets it as a session artifact, once (exportctl.spark.connect).
    """
    if is_remote(spark):
        ship_index(spark, prepared.index)
        return
    sc = spark.sparkContext
    sc.addFile(str(prepared.index))
    if prepared.names is not None:
        # (named by its digest: one file per snapshot, database and code version)
        sc.addFile(str(prepared.names))
    sc.environment.setdefault(INDEX_ENV, str(prepared.index))
    # The session's setting, as the SQL runners read it (one call; getConf() copies them all).
    if _local(spark) and (spark.conf.get(_SIMPLIFIED_CONF, "true") or "").lower() == "true":
        # What Spark's SQL runners add to a Python environment (this setting on, the default);
        # the RDD start-up job (_start_workers) then finds the same daemon.
        sc.environment.setdefault("SPARK_SIMPLIFIED_TRACEBACK", "1")


# Spark contexts whose Python daemon a run has started already (_start_workers).
_STARTED: weakref.WeakSet[Any] = weakref.WeakSet()


def _start_workers(spark: SparkSession) -> threading.Thread | None:
    """On a local master, start the Python daemon now, while the driver plans the run.

    A job of one task that does nothing makes Spark start the daemon (which imports the screening
    code and opens the index, ~1 s) and fork a worker; that worker then serves the first
    screening task. It is an RDD job, which Spark runs without planning a query: the screening
    query's planning (the session's first, ~1 s) goes on in the driver meanwhile. Spark keeps one
    daemon per Python environment, and its SQL runners add ``SPARK_SIMPLIFIED_TRACEBACK`` to
    theirs; :func:`_ship` put the same into the session's, so both kinds find the one daemon.
    Run in a thread; whatever becomes of it, the run itself does not wait on it. (A Spark
    Connect server keeps a session's workers warm from one run to the next: nothing to do.)
    """
    if is_remote(spark) or not _local(spark):
        return None
    sc = spark.sparkContext
    if sc in _STARTED:
        # A later run in the same application (a notebook, a job screening many files): the
        # daemon is up since the first, and forks a worker in milliseconds when one is needed.
        return None
    _STARTED.add(sc)

    def touch() -> None:
        with contextlib.suppress(Exception):
            sc.parallelize([0], 1).mapPartitions(warm_worker).collect()

    thread = threading.Thread(target=touch, name="exportctl-spark-warm", daemon=True)
    thread.start()
    return thread


def _local(spark: SparkSession) -> bool:
    return (spark.sparkContext.master or "").startswith("local")


def _ready(
    starting: Future[SparkSession], prepared: _Prepared
) -> tuple[SparkSession, threading.Thread | None]:
    """The started session with the index shipped and the Python daemon starting."""
    spark = starting.result()
    _ship(spark, prepared)
    return spark, _start_workers(spark)


def _job(
    spark: SparkSession,
    prepared: _Prepared,
    options: Mapping[str, Any],
    output: str,
    ledger: LedgerMode,
    counters: tuple[Any, Any, Any, Any, Any, Any] | None,
) -> tuple[RowJob, Any]:
    """What the screening tasks run with, and the Spark schema of the rows they yield:
    the output columns plus :data:`INTERNAL_DDL`'s."""
    value = output_schema_ddl() if output == "struct" else "value string"
    internal = INTERNAL_DDL.format(ledger="binary" if ledger == "summary" else "string")
    schema = struct_type(spark, f"{value}, {internal}")
    job = RowJob(
        index_name=prepared.index.name,
        options=dict(options),
        book=prepared.book,
        output=output,
        schema=arrow_schema(spark, schema),
        ledger=ledger,
        crash_marker=os.environ.get(FAULT_ENV),
        counters=counters,
        ownership=_with_names(prepared, not is_remote(spark)),
    )
    return job, schema


def _screen(
    spark: SparkSession,
    prepared: _Prepared,
    rows: Rows | LocalRows,
    options: Mapping[str, Any],
    output: str,
    partitions: int | None,
    ledger: LedgerMode = "off",
    counters: tuple[Any, Any, Any, Any, Any, Any] | None = None,
) -> DataFrame:
    """Rows screened, spread over partitions in input order.

    A DataFrame's rows are spread by a shuffle. Rows the driver read never become a DataFrame:
    partition ``i`` of ``spark.range(n, numPartitions=n)`` screens the ``i``-th contiguous run
    of them, which travels with the task's function — no table sent to the JVM and turned into
    rows there (serial, in the driver), no shuffle, no sort; the partitions are in input order
    as they are made, and so are the part files.
    """
    job, schema = _job(spark, prepared, options, output, ledger, counters)
    if isinstance(rows, LocalRows):
        n = partition_count(spark, rows.total, partitions)
        slices = rows.slices(n)
        if not partitions:  # every task carries every run: their size may call for fewer
            fewer = partition_count(spark, rows.total, None, sum(map(len, slices)))
            if fewer < n:
                n, slices = fewer, rows.slices(fewer)
        return spark.range(0, n, 1, n).mapInArrow(partial(screen_slices, job, slices), schema)
    n = partition_count(spark, rows.total, partitions)
    return spread(rows, n).mapInArrow(partial(screen_partitions, job), schema)


def screen_dataframe(
    store: Store, df: DataFrame, *, partitions: int | None = None, **options: Any
) -> DataFrame:
    """Screen a DataFrame of batch rows (``id, name`` and optional ``type, country,
    birth_date``): one row per input row with ``id, matches, error, warnings, derived``
    (``derived``: the row's ownership-derived hits as JSON, null when none or when no
    ownership data is loaded).

    ``options`` are :func:`exportctl.screening.screen`'s (``threshold``, ``limit``,
    ``sources``). Partitions hold contiguous runs of the input, in input order.
    """
    prepared, _ = _prepare(store, options)
    _ship(df.sparkSession, prepared)
    out = _screen(df.sparkSession, prepared, frame_rows_of(df), options, "struct", partitions)
    return out.select(*RECORD_COLUMNS)


_INTERNAL = ("_ordinal", "_ledger", "_matched", "_failed", "_warned", "_derived", "_incomplete")


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
    # Rows with ownership-derived hits; None when no ownership data is loaded (not looked up).
    with_derived: int | None = None
    # Rows that cannot be concluded (runner.cannot_conclude: a screen or ownership lookup cut
    # or failed): counted among with_warnings alone a reviewer did not see how many (out27;
    # the local engine's summary key).
    rows_incomplete: int = 0
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
    remote: str | None = None,
    driver_read_limit: int = DRIVER_READ_BYTES,
    **options: Any,
) -> SparkRun:
    """Screen ``input_path`` into partitioned files at ``output_path`` plus a summary file.

    ``partitions`` defaults to eight per core (``defaultParallelism``), at least ~500 rows each.
    A local CSV/JSONL input of at most ``driver_read_limit`` bytes is read by the driver while
    the JVM starts (0: always by the executors); the rows and answers are the same either way.
    ``remote`` (``sc://host:port``) runs on a standing Spark Connect server instead of a
    session of this process's own (``spark`` may also be a Spark Connect session); local paths
    must then be ones the server sees too (the same machine, or a shared file system).
    """
    StorageLevel = spark_api().StorageLevel
    started = time.perf_counter()
    out_fmt = _format_of(output_path, "output")
    # Parquet by its suffix; anything else is CSV/JSONL files, each checked by its own suffix
    # (so a folder needs no suffix of its own).
    in_fmt = "parquet" if _suffix(input_path) == ".parquet" else "text"
    _check_output(output_path)
    local = local_input(input_path, driver_read_limit) if in_fmt == "text" else None
    read: LocalRows | None = None
    opened: SparkSession | None = None  # a Spark Connect client this run opened, and closes
    if spark is None and remote is not None:
        # No JVM to wait for: the lists, the index and the input first, then the server.
        prepared, stale = _prepare(store, options)
        read = read_local(local, encoding) if local else None
        spark = opened = remote_session(remote, prepared.index.name)
        warming = None
        try:
            _ship(spark, prepared)
        except BaseException:
            close(spark)
            raise
    elif spark is None:
        # The JVM starts while the driver checks the lists, opens (or, after a list update,
        # builds) the index and reads a small local input: the longest fixed costs, overlapped.
        # As soon as it is up, the same thread ships the index and starts the Python daemon,
        # while the driver may still be reading.
        with ThreadPoolExecutor(1, thread_name_prefix="exportctl-spark") as pool:
            # A command line run has begun starting it already (boot.start_early).
            starting = claim(master) or pool.submit(session, master)
            prepared, stale = _prepare(store, options)
            readying = pool.submit(_ready, starting, prepared)
            read = read_local(local, encoding) if local else None
            spark, warming = readying.result()
    else:
        prepared, stale = _prepare(store, options)
        read = read_local(local, encoding) if local else None
        _ship(spark, prepared)
        warming = _start_workers(spark)
    output = "struct" if out_fmt == "parquet" else out_fmt
    ledger_on = ledger != "off" and get_settings(db).ledger_enabled
    mode: LedgerMode = "summary" if ledger == "summary" else ("rows" if ledger_on else "off")
    run = SparkRun(
        input=input_path, output=output_path, format=out_fmt, ledger=ledger, stale_lists=stale
    )
    if prepared.ownership is not None:
        run.with_derived = 0
    run.lists = [
        {"source": s.source, "published": s.published, "sha256": s.sha256}
        for s in store.active_snapshots()
    ]
    rows: Rows | None = None
    result: DataFrame | None = None
    remote_run = is_remote(spark)
    kept = False  # the screened rows persisted (for the ledger pass)
    # The server resolves relative paths against its own working folder.
    where = spark_path if remote_run else str
    ok = False
    try:
        try:
            # Ledger off: the tasks count as they screen, and the write is the only job (on
            # Spark Connect, which has no accumulators, the write job's observed metrics
            # count). Otherwise the driver reads the ledger column after the write: keep it.
            counters = _counters(spark) if mode == "off" and not remote_run else None
            if read is not None:
                total = read.total
                result = _screen(spark, prepared, read, options, output, partitions, mode, counters)
            else:
                if in_fmt == "parquet":
                    rows = frame_rows_of(spark.read.parquet(where(input_path)))
                else:
                    rows = file_rows(spark, where(input_path), encoding)
                total = rows.total
                result = _screen(spark, prepared, rows, options, output, partitions, mode, counters)
            observation: Any = None
            if mode == "off" and remote_run:
                result, observation = _observed(result)
            elif counters is None:
                result = result.persist(StorageLevel.MEMORY_AND_DISK)
                kept = True
            if output == "struct":
                result.drop(*_INTERNAL).write.parquet(where(output_path))
            else:
                result.select("value").write.text(where(output_path))
        except Exception as exc:  # PySpark wraps a task's error in its own exception types
            raise _task_error(exc) from None
        if counters is not None:
            n, matched, failed, warned, derived, cut = (int(c.value) for c in counters)
            counted = _counted((n, matched, failed, warned, derived, cut), total, run)
        elif observation is not None:
            counted = _counted(_observed_counts(observation), total, run)
        else:
            counted = False
        if not counted:
            looked_up = prepared.ownership is not None
            _record(store, result, run, mode, actor=actor, db=db, looked_up=looked_up)
        ok = True
    finally:
        if warming is not None:
            warming.join()
        if result is not None and kept:
            result.unpersist()
        if rows is not None and rows.cached:
            rows.frame.unpersist()
        if not ok and "://" not in output_path:
            # A failed run leaves no half-written output that could pass for a result.
            shutil.rmtree(output_path, ignore_errors=True)
        if opened is not None:
            close(opened)
    run.seconds = round(time.perf_counter() - started, 3)
    write_summary(output_path, run.to_dict())
    return run


def _task_error(exc: Exception) -> Exception:
    """An exportctl error raised inside a task, as the one-line error it was; else ``exc``."""
    text = str(exc)
    for line in reversed(text.splitlines()):
        head, _, message = line.partition(": ")
        if head.startswith("exportctl.errors.") and message:
            return InputError(message.strip())
    return exc


def _counters(spark: SparkSession) -> tuple[Any, Any, Any, Any, Any, Any]:
    """Accumulators for rows, rows with matches, errors, rows with warnings, rows with
    derived hits and rows that cannot be concluded (runner.cannot_conclude)."""
    sc = spark.sparkContext
    acc = sc.accumulator
    return acc(0), acc(0), acc(0), acc(0), acc(0), acc(0)


def _observed(result: DataFrame) -> tuple[DataFrame, Any]:
    """``result`` counting its rows, rows with matches, errors and rows with warnings as a
    job runs it (Spark's observed metrics: what a Spark Connect run counts with)."""
    from pyspark.sql.connect.observation import Observation

    F = functions(result.sparkSession)

    def total(col: str) -> Any:
        return F.coalesce(F.sum(F.col(col).cast("long")), F.lit(0)).alias(col)

    observation: Any = Observation("exportctl_counts")
    observed = result.observe(
        observation,
        F.count(F.lit(1)).alias("_rows"),
        total("_matched"),
        total("_failed"),
        total("_warned"),
        total("_derived"),
        total("_incomplete"),
    )
    return observed, observation


def _observed_counts(observation: Any) -> tuple[int, int, int, int, int, int]:
    got = observation.get
    names = ("_rows", "_matched", "_failed", "_warned", "_derived", "_incomplete")
    rows, matched, failed, warned, derived, cut = (int(got[k]) for k in names)
    return rows, matched, failed, warned, derived, cut


def _counted(counts: tuple[int, int, int, int, int, int], total: int, run: SparkRun) -> bool:
    """The write job's counts (rows, with matches, errors, with warnings, with derived hits,
    that cannot be concluded) into ``run``, if they add up to one per input row.

    Spark merges a task's accumulator updates (observed metrics are accumulators too) once,
    when the task succeeds; should a stage ever be re-run (and count twice) the total shows
    it, and the run counts again instead (:func:`_count`, which screens the rows once more):
    a wrong count is never reported.
    """
    rows, matched, failed, warned, derived, cut = counts
    if rows != total:
        return False
    run.rows, run.with_matches, run.errors, run.with_warnings = rows, matched, failed, warned
    run.rows_incomplete = cut
    if run.with_derived is not None:
        run.with_derived = derived
    return True


def _count(result: DataFrame, run: SparkRun) -> None:
    """Rows, rows with matches, errors and warnings, counted by the executors (one job; a run
    with a ledger counts them in the driver's pass over the ledger column instead)."""
    F = functions(result.sparkSession)

    def total(col: str) -> Any:
        return F.coalesce(F.sum(F.col(col).cast("long")), F.lit(0))

    row = result.agg(
        F.count(F.lit(1)).alias("rows"),
        total("_matched").alias("with_matches"),
        total("_failed").alias("errors"),
        total("_warned").alias("with_warnings"),
        total("_derived").alias("with_derived"),
        total("_incomplete").alias("rows_incomplete"),
    ).first()
    assert row is not None
    run.rows, run.with_matches = int(row["rows"]), int(row["with_matches"])
    run.errors, run.with_warnings = int(row["errors"]), int(row["with_warnings"])
    run.rows_incomplete = int(row["rows_incomplete"])
    if run.with_derived is not None:
        run.with_derived = int(row["with_derived"])


def _record(
    store: Store,
    result: DataFrame,
    run: SparkRun,
    mode: LedgerMode,
    *,
    actor: str,
    db: str | None,
    looked_up: bool = False,
) -> None:
    """The ledger records of a finished run, written by the driver (a retried task cannot).
    ``looked_up``: the rows were looked up in ownership data; each record then carries the
    row's derived hits and ``ownership`` (``not_checked`` for a row whose lookup failed), as
    the local engine's do."""
    if mode == "off":
        _count(result, run)
        return
    # One pass over the ledger column, partition by partition in partition order (the order
    # of the part files); it counts the rows too. The next partition is fetched meanwhile.
    pending: list[Screened] = []
    frontier = merkle.Frontier()
    leaves: list[bytes] = []
    columns = result.select("_ledger", "_matched", "_failed", "_warned", "_derived", "_incomplete")
    for row in columns.toLocalIterator(prefetchPartitions=True):
        run.rows += 1
        run.with_matches += row["_matched"]
        run.errors += row["_failed"]
        run.with_warnings += row["_warned"]
        run.rows_incomplete += row["_incomplete"]
        if run.with_derived is not None:
            run.with_derived += row["_derived"]
        if mode == "summary":
            leaves.append(bytes(row["_ledger"]))
            if len(leaves) >= 4096:
                frontier.extend(leaves)
                leaves.clear()
        elif row["_ledger"] is not None:
            item = json.loads(row["_ledger"])
            hits = ledger_matches(
                {
                    "matches": item["hits"],
                    "incomplete": item.get("incomplete"),
                    "listed_words": item.get("listed_words"),
                }
            )
            if looked_up:
                # (with the row's lookup cut, if any: recorded "incomplete", not "checked")
                pending.append((item["query"], hits, _derived_item(item)))
            else:
                pending.append((item["query"], hits))
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
                    # (rows looked up in ownership data: those with derived hits)
                    **({} if run.with_derived is None else {"with_derived": run.with_derived}),
                },
                actor=actor,
                versions=list_versions(store),
            )
        ],
        db=db,
    )
    run.ledger_entries = len(entries)
    run.ledger_entry_id = entries[0].entry_id if entries else None


def _derived_item(item: dict[str, Any]) -> list[dict[str, Any]] | None:
    """A ledger item's derived hits as :func:`exportctl.ownership.derived.derived_of` gave
    them on the executor (None: not checked), with the lookup's cut it carried."""
    if item["derived"] is None:
        return None
    from exportctl.ownership.derived import DerivedHits

    return DerivedHits.recorded(item["derived"], item.get("derived_incomplete"))
