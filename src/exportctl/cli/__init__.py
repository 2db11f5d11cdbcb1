"""The ``exportctl`` command line: a thin front end over the library."""

from __future__ import annotations

import gc
import importlib
import sys
from typing import Annotated, Any

import typer
import typer.main

# Typer (pinned) vendors click as typer._click; its Command/Context are what TyperGroup takes.
from typer._click import Command, Context
from typer.core import TyperGroup

from exportctl.cli._common import State
from exportctl.cli._early import finish, start_for

__all__ = ["COMMAND_MODULES", "app", "main"]

# The module under exportctl.cli that registers each top-level command, in --help order. The
# root group imports a module only when its command runs (or for --help and unknown names, all
# of them): `exportctl screen` then skips the other groups' imports — loading, httpx, pydantic,
# the licensing engine … (measured in BENCHMARKS.md, "Warm screen: lazy imports").
# tests/cli/test_cli_groups.py checks this table against what the modules register.
COMMAND_MODULES: dict[str, str] = {
    # commands first, then groups of commands: the order Typer lists them in
    "screen": "screen",
    "decide": "screen",
    "rescreen": "screen",
    "classify": "classify",
    "determine": "determine",
    "report": "ledger",
    "serve": "serve",
    "warm-up": "warmup",
    "lists": "lists",
    "controls": "classify",
    "audit": "determine",
    "ledger": "ledger",
    "keys": "serve",
    "ownership": "ownership",
    "spark": "spark",
}

_SETTINGS: dict[str, Any] = {"pretty_exceptions_enable": False, "add_completion": False}


def _group_callback() -> None:
    """Makes a one-command module a group, so its command keeps its name."""


def group_commands(module: str) -> TyperGroup:
    """The click commands that ``exportctl.cli.<module>`` registers, as one group."""
    sub = typer.Typer(**_SETTINGS)
    sub.callback()(_group_callback)
    importlib.import_module(f"exportctl.cli.{module}").register(sub)
    group = typer.main.get_command(sub)
    assert isinstance(group, TyperGroup)
    return group


class _LazyGroup(TyperGroup):
    """The root group: each command's module is imported on first use."""

    # Set by main(): freeze what start-up made once the command's modules are in (see main).
    freeze_after_load = False

    def _load(self, module: str) -> None:
        if any(m == module and n not in self.commands for n, m in COMMAND_MODULES.items()):
            self.commands.update(group_commands(module).commands)
        if self.freeze_after_load:
            gc.freeze()
            gc.enable()

    def _load_all(self) -> None:
        for module in dict.fromkeys(COMMAND_MODULES.values()):
            self._load(module)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is None:
            self._load_all()  # an unknown name: "did you mean" needs every command
        else:
            self._load(module)
        return self.commands.get(cmd_name)

    def list_commands(self, ctx: Context) -> list[str]:
        self._load_all()
        known = [n for n in COMMAND_MODULES if n in self.commands]
        return known + [n for n in self.commands if n not in COMMAND_MODULES]


app = typer.Typer(
    name="exportctl",
    help="Open, explainable export control: screening, classification, licensing, ledger.",
    no_args_is_help=True,
    cls=_LazyGroup,
    **_SETTINGS,
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


def main() -> None:
    """The ``exportctl`` script.

    Importing a command's modules creates some 10^5 long-lived objects (classes, functions,
    tables); the cyclic garbage collector would scan them over and over while they load and
    while the command runs. So collection waits until they are loaded, and they are then
    frozen out of every later collection (``gc.freeze``): 0.25 s less CPU for a warm
    ``exportctl screen`` (BENCHMARKS.md, "Warm screen: lazy imports"). Only the script does
    this; code that imports ``app`` (tests, embedding) keeps the collector as it is.

    A Spark batch screen starts its JVM first, before the command's imports, and once it has
    written everything ends without the interpreter's teardown (:mod:`exportctl.cli._early`).
    """
    spark = start_for(sys.argv[1:])
    gc.disable()
    _LazyGroup.freeze_after_load = True
    try:
        app()
    except SystemExit as done:  # how Click ends every command, success included
        if spark:
            finish(done.code)  # a Spark run that is complete exits here, at once
        raise
    finally:
        gc.enable()
