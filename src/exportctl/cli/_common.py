"""What every CLI command shares: the --db choice, JSON output, and one-line errors."""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer._click.globals import get_current_context

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
    "refuse_own_file",
    "refuse_undecodable",
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

    The command's text arguments are checked first (:func:`refuse_undecodable`). So is an
    operating-system error on a file the user named (``--output`` into a folder that does not
    exist, a file they may not write): ``report --output /no/such/dir/r.html`` printed a
    FileNotFoundError traceback (ux29). An OSError without a file name is not a path the user
    gave and stays a traceback, so that a fault in exportctl is still seen.
    """
    try:
        ctx = get_current_context(silent=True)
        if ctx is not None:
            refuse_undecodable(ctx.params)
        yield
    except ExportCtlError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        if exc.filename is None:
            raise
        raise fail(f"{exc.filename}: {exc.strerror or exc}") from None


def check_output(
    path: Path, suffixes: tuple[str, ...] | None = None, input_: Path | None = None
) -> None:
    """Refuse an output file that could not be written, before any work is done: a batch of
    a million rows screened for an hour and then refused for a ``.txt`` name or a folder that
    does not exist (ux29: the suffix was checked when the first result was written, and a
    missing folder was a traceback at the end); ``suffixes``: the types the command writes;
    ``input_``: the file read, which the output must not overwrite (red29)."""
    from exportctl.screening.batch import check_output as check_batch_output

    refuse_own_file(path)
    if suffixes is not None and path.suffix.lower() not in suffixes:
        wanted = ", ".join(suffixes[:-1]) + f" or {suffixes[-1]}"
        raise InputError(f"{path}: unknown output type {path.suffix!r} (use {wanted})")
    if suffixes is not None and path.is_dir():
        # (a file type's writer needs a file; Spark writes its output as a folder)
        raise InputError(f"{path} is a folder; name the output file")
    check_batch_output(input_, path)


def refuse_own_file(path: Path) -> None:
    """InputError for an output that is exportctl's own database (or its journal) or a ledger
    key of the data directory.

    ``lists export -o exportctl.sqlite`` (the database the export read, a tab completion
    away from ``exportctl.jsonl``) truncated it to 0 bytes before the first line was written,
    then failed with a traceback: every list snapshot, review decision and ledger entry gone
    (rev29c). ``report``, ``ledger proof``, ``audit … --output`` did the same. Only an existing
    file can be overwritten, so only one is compared."""
    if not path.exists():
        return
    ctx = get_current_context(silent=True)
    root = ctx.find_root().obj if ctx is not None else None
    settings = root.settings if isinstance(root, State) else get_settings()
    from exportctl.ledger.keys import key_paths

    own = list(key_paths(settings.data_dir))
    url = settings.db_url
    if url.startswith("sqlite:///"):
        db = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
        own += [db, *(db.with_name(db.name + end) for end in ("-wal", "-shm", "-journal"))]
    for mine in own:
        try:
            same = mine.exists() and path.samefile(mine)
        except OSError:
            same = False
        if same:
            what = "ledger key" if mine.suffix in (".key", ".pub") else "database"
            raise InputError(
                f"{path}: this is exportctl's own {what} file: writing the output would "
                "destroy it — name another output file"
            )


def command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator form of :func:`guard` for command functions."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with guard():
            return fn(*args, **kwargs)

    return wrapper


# A str parameter that names a file: a file name is bytes on POSIX, and one that is not UTF-8
# (``café.csv`` written by a Latin-1 system) is still that file. Path-typed parameters arrive as
# Path objects and are not checked either.
_PATH_PARAMETERS = frozenset({"input_", "output", "db"})
_UNDECODED = re.compile("[\udc80-\udcff]")


def refuse_undecodable(params: dict[str, Any]) -> None:
    """InputError for a text argument holding bytes the terminal's encoding did not decode.

    Python reads such bytes in ``sys.argv`` as lone surrogates (``é`` typed in a Latin-1
    terminal is the byte 0xE9, read as U+DCE9); the first hash or database write of the
    name then raised UnicodeEncodeError — a traceback from ``screen``, ``determine
    --end-user`` and ``classify`` instead of an answer or a refusal (red29)."""
    for key, value in params.items():
        if key in _PATH_PARAMETERS:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            m = _UNDECODED.search(v) if isinstance(v, str) else None
            if m is None:
                continue
            raise InputError(
                f"{_option_name(key)}: byte 0x{ord(m.group()) - 0xDC00:02X} is not text in the "
                "terminal's encoding (it is not UTF-8?): nothing was done — give the text in "
                "UTF-8 (a UTF-8 locale, e.g. LANG=C.UTF-8)"
            )


def _option_name(key: str) -> str:
    """How the user wrote the parameter ``key`` (``--end-user``), or the argument's name."""
    ctx = get_current_context(silent=True)
    for param in ctx.command.params if ctx is not None else ():
        if param.name == key:
            opts = [o for o in param.opts if o.startswith("--")]
            return opts[0] if opts else f"argument {(param.name or key).upper()}"
    return key
