"""What every CLI command shares: the --db choice, JSON output, and one-line errors."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from exportctl.errors import ExportCtlError, InputError
from exportctl.settings import Settings, get_settings

__all__ = [
    "State",
    "check_output",
    "console",
    "err_console",
    "fail",
    "guard",
    "print_json",
    "state",
]

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
    # The message quotes what the user typed or a file holds: text, never Rich markup (a
    # "[/]" in a --country value was a MarkupError traceback; "[draft]" vanished, ux29).
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def guard() -> Iterator[None]:
    """Turn any ExportCtlError into one line on stderr and exit code 2 — never a traceback.

    So is an operating-system error on a file the user named (``--output`` into a folder
    that does not exist, a file they may not write): ``report --output /no/such/dir/r.html``
    printed a FileNotFoundError traceback (ux29). An OSError without a file name is not a
    path the user gave and stays a traceback, so that a fault in exportctl is still seen.
    """
    try:
        yield
    except ExportCtlError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        if exc.filename is None:
            raise
        raise fail(f"{exc.filename}: {exc.strerror or exc}") from None


def check_output(path: Path, suffixes: tuple[str, ...]) -> None:
    """Refuse an output file that could not be written, before any work is done: a batch of
    a million rows screened for an hour and then refused for a ``.txt`` name or a folder that
    does not exist (ux29: the suffix was checked when the first result was written, and a
    missing folder was a traceback at the end)."""
    if path.suffix.lower() not in suffixes:
        wanted = ", ".join(suffixes[:-1]) + f" or {suffixes[-1]}"
        raise InputError(f"{path}: unknown output type {path.suffix!r} (use {wanted})")
    if path.is_dir():
        raise InputError(f"{path} is a folder; name the output file")
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"{path}: no such folder {folder} (create it first)")


def command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator form of :func:`guard` for command functions."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with guard():
            return fn(*args, **kwargs)

    return wrapper
