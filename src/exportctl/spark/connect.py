"""Runs against a standing Spark Connect server: no JVM to start, the index uploaded once.

``exportctl screen --engine spark --spark-remote sc://host:15002`` (or ``run_batch(...,
remote=...)``) screens on a Spark Connect server that is already running (``exportctl spark
serve``, Spark's ``start-connect-server.sh``): the driver is the server, this process only its
client, so a run pays neither the JVM's start nor its stop (BENCHMARKS.md, "Spark Connect").

The index reaches the executors as a session artifact (``addArtifacts(file=True)``; Spark
Connect has no ``SparkContext.addFile``), which tasks find with ``SparkFiles.get`` under the
session's own folder. Artifacts and Python workers belong to one server-side session, so a
client comes back to the same session run after run — its id is kept in the user's cache
folder, per server URL, with the name of the index it holds — and uploads the index only when
the session does not hold it yet (a session configuration entry names the index it has). When
the lists change, the index file gets a new name: the client then opens a new session and
releases the old one (its files and its workers' copies of the old index go with it).
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_cache_dir

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = [
    "INDEX_CONF",
    "close",
    "default_parallelism",
    "functions",
    "is_remote",
    "remote_session",
    "ship_index",
    "spark_path",
    "struct_type",
]

# The session configuration entry naming the index file the session holds as an artifact.
INDEX_CONF = "spark.exportctl.index"
_CLOSED = "INVALID_HANDLE.SESSION_CLOSED"


def is_remote(spark: Any) -> bool:
    """Whether ``spark`` is a Spark Connect session (no SparkContext, no JVM in this process)."""
    return type(spark).__module__.startswith("pyspark.sql.connect")


def functions(spark: Any) -> Any:
    """``pyspark.sql.functions`` for ``spark``'s kind of session.

    PySpark's own module serves Spark Connect only in a process switched to it as a whole
    (``SPARK_CONNECT_MODE_ENABLED``); a library run may hold both kinds, so each gets its own.
    """
    if is_remote(spark):
        from pyspark.sql.connect import functions as connect_functions

        return connect_functions
    from pyspark.sql import functions as classic_functions

    return classic_functions


def struct_type(spark: Any, ddl: str) -> Any:
    """A DDL schema string as a ``StructType``, parsed by ``spark``'s own JVM or server (a
    string handed to a Spark Connect call is parsed only in a process switched to it)."""
    if is_remote(spark):
        return spark._parse_ddl(ddl)
    from pyspark.sql.types import StructType

    return StructType.fromDDL(ddl)


def _state_file() -> Path:
    return Path(user_cache_dir("exportctl", appauthor=False)) / "spark-connect" / "sessions.json"


def _read_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(path: Path, url: str, entry: dict[str, str]) -> None:
    """Keep ``url``'s session (a lost write only costs the next run an upload)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        state = _read_state(path)
        state[url] = entry
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(state, indent=1, sort_keys=True), "utf-8")
        os.replace(tmp, path)


def _connect(url: str, session_id: str) -> SparkSession:
    from pyspark.sql.connect.session import SparkSession as ConnectSession

    sep = ";" if "/;" in url else ("" if url.endswith("/") else "/") + ";"
    # create(): a client of its own (getOrCreate would hand back a process-wide default).
    spark: SparkSession = ConnectSession.builder.remote(  # type: ignore[assignment]
        f"{url}{sep}session_id={session_id}"
    ).create()
    return spark


def remote_session(url: str, index_name: str, *, state: Path | None = None) -> SparkSession:
    """A client of the Spark Connect server at ``url`` (``sc://host:port``), in the server-side
    session this user's runs share as long as the index stays ``index_name``.

    A session the server has closed (its idle timeout; a restart forgets them all, and then the
    same id simply opens a new one) is replaced by a new one.
    """
    path = state or _state_file()
    known = _read_state(path).get(url)
    session_id: str | None = None
    if isinstance(known, dict) and isinstance(known.get("session"), str):
        if known.get("index") == index_name:
            session_id = known["session"]
        else:
            _release(url, known["session"])  # the old index's files and workers
    for _ in range(2):
        fresh = session_id is None
        session_id = session_id or str(uuid.uuid4())
        spark = _connect(url, session_id)
        try:
            spark.conf.get(INDEX_CONF, None)  # the first call: is the session still open?
        except Exception as exc:
            if fresh or _condition(exc) != _CLOSED:
                close(spark)
                raise
            close(spark)
            session_id = None
            continue
        _write_state(path, url, {"session": session_id, "index": index_name})
        return spark
    raise AssertionError("unreachable: a fresh session is never closed")  # pragma: no cover


def _condition(exc: BaseException) -> str | None:
    get = getattr(exc, "getCondition", None)
    return get() if callable(get) else None


def _release(url: str, session_id: str) -> None:
    """End a session on the server (its artifacts and Python workers), if it is still there."""
    with contextlib.suppress(Exception):
        _connect(url, session_id).stop()


def ship_index(spark: SparkSession, index: Path) -> bool:
    """Upload the index file as a session artifact unless the session holds it already.

    True if it was uploaded. The name carries the active snapshots' digests, so the same name
    is the same file; the configuration entry is set only once the upload is complete.
    """
    if spark.conf.get(INDEX_CONF, None) == index.name:
        return False
    spark.addArtifacts(str(index), file=True)
    spark.conf.set(INDEX_CONF, index.name)
    return True


def close(spark: SparkSession) -> None:
    """Close this client's connection, leaving the server-side session for the next run."""
    with contextlib.suppress(Exception):
        spark.release_session_on_close = False  # type: ignore[attr-defined]
        spark.stop()


def default_parallelism(spark: SparkSession) -> int:
    """The server's default parallelism, read without a Spark job where its settings say it:
    ``spark.default.parallelism``, else the cores of a ``local[N]`` master; else the number
    of partitions Spark gives a range by default (one small job)."""
    conf = spark.conf
    given = conf.get("spark.default.parallelism", None)
    if given and given.isdigit():
        return max(1, int(given))
    master = conf.get("spark.master", None) or ""
    if master.startswith("local"):
        cores = master.partition("[")[2].partition("]")[0].split(",")[0]
        if cores.isdigit():
            return max(1, int(cores))
        if cores == "*":
            return os.cpu_count() or 1  # the client's cores: a local server shares the machine
        return 1  # "local": one core
    F = functions(spark)
    row = (
        spark.range(0, 1 << 16)
        .select(F.spark_partition_id().alias("p"))
        .agg(F.countDistinct("p").alias("n"))
        .first()
    )
    return max(1, int(row["n"])) if row is not None else 1


def spark_path(path: str) -> str:
    """A local path as the server must be given it: absolute (its working folder is its own);
    URIs (``hdfs://``, ``file:``) as they are."""
    if "://" in path or path.startswith("file:"):
        return path
    return os.path.abspath(path)
