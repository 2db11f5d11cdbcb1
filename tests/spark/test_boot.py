"""What a Spark run does first and last: the command line's early start, the session's end.

No JVM here: the argument reading is pure, and the end is checked against PySpark's own
accumulator server (a real one, with a real connection in its handler, as in a run).
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest

pytest.importorskip("pyspark")

from pyspark.accumulators import _start_update_server

from exportctl.cli._early import spark_master, spark_remote, start_for
from exportctl.spark.boot import end

IO = ["--input", "in.csv", "--output", "out.jsonl"]


@pytest.mark.parametrize(
    ("argv", "want"),
    [
        (["screen", *IO, "--engine", "spark"], (True, None)),
        (["screen", *IO, "--engine=spark", "--spark-master", "local[2]"], (True, "local[2]")),
        (["--db", "x.sqlite", "screen", "--spark-master=yarn", *IO, "--engine", "spark"],
         (True, "yarn")),
        (["screen", *IO], (False, None)),  # the local engine
        (["screen", *IO, "--engine", "local"], (False, None)),
        (["screen", "--input", "in.csv", "--engine", "spark"], (False, None)),  # an error
        (["screen", *IO, "--engine", "spark", "--help"], (False, None)),
        (["rescreen", *IO, "--engine", "spark"], (False, None)),
        (["--db", "screen", "ledger", *IO, "--engine", "spark"], (False, None)),
        (["screen", "--", "--engine", "spark", *IO], (False, None)),  # after --: arguments
        ([], (False, None)),
    ],
)  # fmt: skip
def test_only_a_spark_batch_screen_starts_its_session_early(
    argv: list[str], want: tuple[bool, str | None]
) -> None:
    assert spark_master(argv) == want


def test_a_run_on_a_spark_connect_server_starts_no_jvm() -> None:
    from exportctl.spark import boot

    argv = ["screen", *IO, "--engine", "spark", "--spark-remote", "sc://h:15002"]
    assert spark_remote(argv) == "sc://h:15002"
    assert spark_remote(["screen", *IO, "--spark-remote", "sc://h:15002"]) is None  # local
    assert spark_remote(["screen", *IO, "--engine", "spark"]) is None
    assert start_for(argv)  # a Spark run: it ends at once once complete (finish) ...
    assert boot.claim(None) is None  # ... but nothing was started for it


class _Session:
    """What end() uses of a SparkSession: its context's accumulator server, and stop()."""

    def __init__(self, server: Any) -> None:
        self.sparkContext = self
        self._accumulatorServer = server
        self.stop_seconds = -1.0

    def stop(self) -> None:  # as SparkContext.stop(): shut down the server it still holds
        started = time.perf_counter()
        if self._accumulatorServer is not None:
            self._accumulatorServer.shutdown()
        self.stop_seconds = time.perf_counter() - started


def test_the_end_does_not_wait_for_the_accumulator_servers_poll() -> None:
    server = _start_update_server("token", False)
    serving = next(t for t in threading.enumerate() if t.name != "MainThread" and t.is_alive()
                   and getattr(t, "_target", None) == server.serve_forever)  # fmt: skip
    # A task's connection, authenticated: the handler now polls it once a second.
    conn = socket.create_connection(("localhost", server.server_address[1]))
    conn.sendall(b"token" + (0).to_bytes(4, "big"))
    assert conn.recv(1) == b"\x01"
    time.sleep(0.05)
    spark = _Session(server)
    end(spark)  # type: ignore[arg-type]
    assert 0 <= spark.stop_seconds < 0.5  # stop() no longer shut the server down and waited
    assert spark._accumulatorServer is None
    for closing in threading.enumerate():
        if closing.name == "exportctl-spark-accumulators":
            closing.join(timeout=10)  # the server ends by itself, within its poll, and closes
    assert not serving.is_alive()
    assert server.socket.fileno() == -1  # its listening socket closed
    conn.close()


def test_spark_serve_builds_the_servers_command_and_refuses_bad_settings() -> None:
    from typer.testing import CliRunner

    from exportctl.cli import app
    from exportctl.spark.serve import SERVER_CLASS, server_command

    cmd = server_command("local[2]", 15123, conf=["spark.ui.enabled=true"])
    assert cmd[0].endswith("spark-submit") and SERVER_CLASS in cmd
    settings = dict(c.split("=", 1) for c in cmd[cmd.index("--master") + 3 :: 2])
    assert settings["spark.connect.grpc.binding.port"] == "15123"
    assert settings["spark.connect.grpc.binding.address"] == "127.0.0.1"  # no authentication
    assert settings["spark.python.daemon.module"] == "exportctl.spark.daemon"
    assert settings["spark.ui.enabled"] == "true"  # --conf wins
    # A local server's JVM as a local run's: C1 only, the serial collector, never an archive
    # written (it ends by a signal); a cluster master's driver keeps Spark's defaults.
    java = settings["spark.driver.extraJavaOptions"]
    assert "-XX:TieredStopAtLevel=1" in java and "-XX:+UseSerialGC" in java
    assert "ArchiveClassesAtExit" not in java
    cluster = server_command("spark://h:7077", 15123)
    assert not any(c.startswith("spark.driver.extraJavaOptions") for c in cluster)
    mine = server_command("local[2]", 15123, conf=["spark.driver.extraJavaOptions=-Xmx2g"])
    assert "spark.driver.extraJavaOptions=-Xmx2g" in mine
    res = CliRunner().invoke(app, ["spark", "serve", "--conf", "no-value"])
    assert res.exit_code != 0 and "key=value" in res.stderr
