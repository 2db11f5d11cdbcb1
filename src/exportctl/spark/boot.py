"""Starting and ending a Spark session: the part of the Spark engine a run needs first and last.

This module imports nothing of exportctl's screening, ledger or store, and PySpark only when a
session is asked for, so that a command line run can start the JVM before it imports the rest:
:func:`start_early` starts the session in a thread as the process's first act, and
:func:`exportctl.spark.run_batch` takes that session over (:func:`claim`) instead of starting
its own. The JVM's start (seconds) then overlaps the driver's imports, the lists' check and the
input's read.

:func:`end` stops a session once its run is complete, without PySpark's wait on its accumulator
server (see there).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, NoReturn

from exportctl.spark._optional import spark as spark_api
from exportctl.spark.jvm import LocalJvm, keep_archive_at_exit, local_jvm

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = [
    "SUBMITTED",
    "claim",
    "end",
    "end_early",
    "ended_early",
    "exit_now",
    "run_complete",
    "session",
    "start_early",
]

# Set by spark-submit for the Python program it runs: its --master then decides.
SUBMITTED = "PYSPARK_GATEWAY_PORT"

# The session start_early() began, with the master it was asked for; claim() takes it.
_EARLY: dict[str | None, Future[SparkSession]] = {}
# Sessions start_early() started with a context of their own, for end_early().
_EARLY_STARTED: list[SparkSession] = []
# How many of those end_early() has ended (the runs that used them are complete).
_EARLY_ENDED = [0]
_LOCK = threading.Lock()


def session(master: str | None = None, app_name: str = "exportctl") -> SparkSession:
    """A Spark session (``master`` such as ``local[2]`` or ``spark://host:7077``).

    Without ``master``: the one ``spark-submit --master`` gave, else ``local[*]``. For a local
    master the Python workers run the driver's interpreter, so they see the same installed
    exportctl; on a cluster ``PYSPARK_PYTHON`` / ``spark.pyspark.python`` decide.
    """
    if master is None and SUBMITTED not in os.environ:
        master = "local[*]"
    api = spark_api()
    builder = (
        api.SparkSession.builder.appName(app_name)
        .config("spark.ui.enabled", "false")
        # The console progress bar writes carriage returns into the CLI's own output.
        .config("spark.ui.showConsoleProgress", "false")
        # A Python worker serves task after task and keeps the index it opened (Spark's
        # default, said here because the per-worker index cache relies on it).
        .config("spark.python.worker.reuse", "true")
        # Workers are forked from a daemon that has imported the screening code and opened
        # the index already (exportctl.spark.daemon): they start warm.
        .config("spark.python.daemon.module", "exportctl.spark.daemon")
    )
    if master:
        builder = builder.master(master)
    jvm: LocalJvm | None = None
    if (master or "").startswith("local") and api.SparkContext._gateway is None:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # This call starts the JVM, driver and executor in one: C1 only, the serial collector,
        # Spark's classes from a CDS archive (see exportctl.spark.jvm).
        jvm = local_jvm()
        builder = builder.config("spark.driver.extraJavaOptions", jvm.options)
        # Adaptive execution runs every shuffle's map stage as a job of its own (and the
        # counts as three): on one machine each job costs more than the re-planning saves.
        builder = builder.config("spark.sql.adaptive.enabled", "false")
    started: SparkSession = builder.getOrCreate()
    if jvm is not None:
        keep_archive_at_exit(jvm, getattr(api.SparkContext._gateway, "proc", None))
    return started


def start_early(master: str | None = None) -> None:
    """Begin :func:`session` (``master``) in a background thread; :func:`claim` takes it.

    For a command line run that knows it will need Spark: called before the rest of exportctl
    is imported. The thread is a daemon thread, so a run that fails before it needs the session
    does not wait for the JVM to come up (the JVM exits with this process: its standard input
    closes). A second call while one start is under way does nothing.
    """
    with _LOCK:
        if _EARLY:
            return
        starting: Future[SparkSession] = Future()
        _EARLY[master] = starting

    def run() -> None:
        if not starting.set_running_or_notify_cancel():
            return
        try:
            # A session that is already running (embedding code's) is used, never ended here.
            fresh = spark_api().SparkContext._active_spark_context is None
            started = session(master)
            if fresh:
                with _LOCK:
                    _EARLY_STARTED.append(started)
            starting.set_result(started)
        except BaseException as exc:  # handed to whoever claims it, as session() would raise
            starting.set_exception(exc)

    threading.Thread(target=run, name="exportctl-spark-start", daemon=True).start()


def claim(master: str | None) -> Future[SparkSession] | None:
    """The session :func:`start_early` is starting for this same ``master``, once (else None)."""
    with _LOCK:
        if master not in _EARLY:
            return None
        return _EARLY.pop(master)


def end(spark: SparkSession) -> None:
    """Stop ``spark`` as ``SparkSession.stop()`` does, less a wait a finished run does not need.

    ``stop()`` stops the JVM's context (~0.1 s), then shuts the driver's accumulator update
    server down and waits for it: that server's handler polls its connection once a second, so
    the wait is up to a second, for nothing but the end of a Python thread. Here the server is
    told to stop, and closes its socket, in a thread of its own; everything else is ``stop()``.
    Call it only once the run's output, summary and ledger records are written. A server on a
    Unix socket (which removes its socket file as it ends) is stopped as ``stop()`` does.
    """
    sc = spark.sparkContext
    server: Any = getattr(sc, "_accumulatorServer", None)
    tcp = server is not None and server.__class__.__name__ == "AccumulatorTCPServer"
    if tcp:
        # stop() shuts down only a server it still holds
        sc._accumulatorServer = None  # type: ignore[assignment]
    spark.stop()
    if tcp:
        threading.Thread(
            target=server.shutdown, name="exportctl-spark-accumulators", daemon=True
        ).start()


def end_early() -> None:
    """:func:`end` the session :func:`start_early` started (with a context of its own), if any.

    For the command that started it, once its run is complete.
    """
    with _LOCK:
        started = list(_EARLY_STARTED)
        _EARLY_STARTED.clear()
    for s in started:
        end(s)
        _EARLY_ENDED[0] += 1


def run_complete() -> None:
    """Note that this process's Spark run is complete without a session of its own to end (a
    run on a Spark Connect server): :func:`ended_early` then holds, as after :func:`end_early`."""
    _EARLY_ENDED[0] += 1


def ended_early() -> bool:
    """Whether :func:`end_early` has ended a session in this process, or :func:`run_complete`
    said its run is complete."""
    return _EARLY_ENDED[0] > 0


def exit_now(code: int = 0) -> NoReturn:
    """End this process at once, as a finished Spark run may: the results are all written.

    A process that imported PySpark, pyarrow and pandas spends 0.2–0.7 s (measured at load 3–7
    on 2 cores, BENCHMARKS.md) tearing its modules down at exit, for nothing once its files are
    closed and its transactions committed. This runs the ``atexit`` handlers (logging's flush,
    the class archive's wait for the JVM: :func:`exportctl.spark.jvm.keep_archive_at_exit`),
    flushes standard output and error, and ends the process without that teardown
    (``os._exit``). The JVM exits as always when its standard input closes with this process.
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
