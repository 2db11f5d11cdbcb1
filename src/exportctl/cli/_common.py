"""What every CLI command shares: the --db choice, JSON output, and one-line errors."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import typer
from rich.console import Console

from exportctl.errors import ExportCtlError
from exportctl.settings import Settings, get_settings

__all__ = ["State", "console", "err_console", "fail", "guard", "print_json", "state"]

console = Console()
err_console = Console(stderr=True)


@dataclass(slots=True)
class State:
    """Options given before the command (``exportctl --db PATH screen …``)."""

    db: str | None = None

    @property
    def settings(self) -> Settings:
        return get_settings(self.db)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


def print_json(data: Any) -> None:
    """Machine output: one JSON document on stdout, UTF-8, no colour."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


#: Exit code of a batch screen run with ``--fail-on-errors`` in which some rows could not be
#: screened (2 is a refused command: nothing was screened).
ROW_ERRORS_EXIT = 3


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error on stderr and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def guard() -> Iterator[None]:
    """Turn any ExportCtlError into one line on stderr and exit code 2 — never a traceback."""
    try:
        yield
    except ExportCtlError as exc:
        raise fail(str(exc)) from None


def command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator form of :func:`guard` for command functions."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with guard():
            return fn(*args, **kwargs)

    return wrapper
