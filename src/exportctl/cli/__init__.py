"""The ``exportctl`` command line: a thin front end over the library."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from exportctl.cli._common import State

__all__ = ["app", "main"]

app = typer.Typer(
    name="exportctl",
    help="Open, explainable export control: screening, classification, licensing, ledger.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help="Database file or URL (default: EXPORTCTL_DB or the user data dir)."
        ),
    ] = None,
) -> None:
    ctx.obj = State(db=db)


# Each group module registers its commands; the library never imports the CLI.
for _group in (
    "lists",
    "screen",
    "classify",
    "determine",
    "ledger",
    "serve",
    "ownership",
    "warmup",
):
    importlib.import_module(f"exportctl.cli.{_group}").register(app)


def main() -> None:
    app()
