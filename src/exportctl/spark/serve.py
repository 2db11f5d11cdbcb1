"""A Spark Connect server for exportctl's runs: ``exportctl spark serve``.

A standing server pays the JVM's start once; every ``exportctl screen --engine spark
--spark-remote sc://host:port`` after it is a client (:mod:`exportctl.spark.connect`). The server
is Spark's own (``org.apache.spark.sql.connect.service.SparkConnectServer``, what
``start-connect-server.sh`` runs), started with the settings :func:`exportctl.spark.session`
gives a session of its own: Python workers forked from exportctl's warm daemon and reused, no UI,
no console progress bar, and, on a local master, no adaptive execution. Its Python workers run
this interpreter, so they import the same exportctl.

Spark Connect has no authentication of its own: the server listens on 127.0.0.1 unless told
otherwise, and anything that can reach its port can run code as its user.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from exportctl.spark._optional import spark as spark_api
from exportctl.spark.jvm import local_jvm

__all__ = ["SERVER_CLASS", "server_command", "server_env", "stop_server", "wait_ready"]

SERVER_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer"


def server_command(
    master: str, port: int, host: str = "127.0.0.1", conf: Sequence[str] = ()
) -> list[str]:
    """``spark-submit`` starting a Spark Connect server on ``host:port`` with ``master``;
    ``conf``: more ``key=value`` settings (they win over these)."""
    settings = {
        "spark.connect.grpc.binding.address": host,
        "spark.connect.grpc.binding.port": str(port),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.python.worker.reuse": "true",
        "spark.python.daemon.module": "exportctl.spark.daemon",
        "spark.log.level": "WARN",
    }
    if master.startswith("local"):
        # As exportctl.spark.session: on one machine each extra job costs more than it saves.
        settings["spark.sql.adaptive.enabled"] = "false"
        # As a local run's own JVM (exportctl.spark.jvm): no C2 compiler and no parallel or
        # concurrent GC threads taking cores from the Python workers, which do the row work
        # (BENCHMARKS.md "Spark Connect: local[2] scaling"); Spark's classes mapped from the
        # archive when a local run has written one (a server never writes it: it ends by signal).
        settings["spark.driver.extraJavaOptions"] = local_jvm(write=False).options
    for item in conf:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise ValueError(f"--conf takes key=value, not {item!r}")
        settings[key.strip()] = value
    submit = Path(spark_api().home) / "bin" / "spark-submit"
    cmd = [str(submit), "--class", SERVER_CLASS, "--name", "exportctl-connect", "--master", master]
    for key, value in settings.items():
        cmd += ["--conf", f"{key}={value}"]
    return cmd


def server_env() -> dict[str, str]:
    """The server's environment: its Python workers run this interpreter."""
    env = dict(os.environ)
    env.setdefault("PYSPARK_PYTHON", sys.executable)
    return env


def wait_ready(
    host: str, port: int, proc: subprocess.Popen[bytes] | None = None, timeout: float = 180.0
) -> None:
    """Wait until the server accepts connections on ``host:port``; RuntimeError if ``proc``
    ends first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the Spark Connect server exited with code {proc.returncode}")
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"no Spark Connect server on {host}:{port} after {timeout:.0f} s")


def stop_server(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """Stop a server started in its own process group (``start_new_session``): SIGTERM, then
    the whole group killed — its Python workers too — if it has not ended in ``timeout`` s."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()
