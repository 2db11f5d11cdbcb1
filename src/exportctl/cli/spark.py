"""CLI commands: ``exportctl spark serve`` — a standing Spark Connect server for Spark runs."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from exportctl.cli._common import console, guard
from exportctl.errors import InputError

spark_app = typer.Typer(
    help="Spark: a standing Spark Connect server for `screen --engine spark --spark-remote`.",
    no_args_is_help=True,
)


@spark_app.command("serve")
def serve(
    master: Annotated[
        str, typer.Option("--master", help="Spark master of the server (local[N], yarn …).")
    ] = "local[*]",
    host: Annotated[str, typer.Option(help="Interface to listen on (no authentication!).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="gRPC port.")] = 15002,
    conf: Annotated[
        list[str] | None, typer.Option("--conf", help="More Spark settings, key=value.")
    ] = None,
) -> None:
    """Run a Spark Connect server in the foreground until interrupted.

    Runs then pay no JVM start: exportctl screen --engine spark --spark-remote sc://HOST:PORT.
    """
    # start-up: the Spark engine's modules stay out of other commands.
    from exportctl.spark.serve import server_command, server_env

    with guard():
        try:
            cmd = server_command(master, port, host, conf or ())
        except ValueError as exc:
            raise InputError(str(exc)) from None
        console.print(
            f"Spark Connect server ({master}) for exportctl on sc://{host}:{port} — "
            "runs: exportctl screen --engine spark --spark-remote "
            f"sc://{host}:{port} --input … --output …",
            highlight=False,
        )
        os.execve(cmd[0], cmd, server_env())  # spark-submit, in this process's place


def register(app: typer.Typer) -> None:
    """Add the ``spark`` group to the root app."""
    app.add_typer(spark_app, name="spark")
