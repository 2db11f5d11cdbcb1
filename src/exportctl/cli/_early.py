"""What a command line run starts before it imports its command's modules.

``exportctl screen --input … --output … --engine spark`` needs a Spark session, whose JVM takes
seconds to start; importing the screen command's modules (screening, ownership, ledger) takes
~0.5 s more before the command could ask for it. So :func:`start_for` reads the arguments first
and, for such a run, starts the session in a background thread (:mod:`exportctl.spark.boot`)
that :func:`exportctl.spark.run_batch` then takes over. It only reads the arguments, and only
ever starts early what the command would start anyway: anything it does not recognise starts
nothing, and the command parses its arguments itself as always.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

from exportctl.errors import ExportCtlError

__all__ = ["finish", "spark_master", "spark_remote", "start_for"]

# The root options that take a value (``exportctl --db PATH screen …``).
_ROOT_VALUED = ("--db",)


def _options(args: Sequence[str]) -> dict[str, str] | None:
    """``--name value`` and ``--name=value`` pairs up to ``--``; None if ``--help`` is asked."""
    found: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            break
        if arg == "--help":
            return None
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if not eq and i + 1 < len(args):
                value = args[i + 1]
            found.setdefault(name, value)
        i += 1
    return found


def spark_master(argv: Sequence[str]) -> tuple[bool, str | None]:
    """Whether ``argv`` (without the program name) is a Spark batch screen, and its master.

    The master is ``--spark-master``'s value, None when not given (as the command passes it).
    """
    opts = _screen_options(argv)
    if opts is None:
        return False, None
    return True, opts.get("--spark-master")


def spark_remote(argv: Sequence[str]) -> str | None:
    """``--spark-remote``'s value if ``argv`` is a Spark batch screen on a Spark Connect server."""
    opts = _screen_options(argv)
    return None if opts is None else opts.get("--spark-remote")


def _screen_options(argv: Sequence[str]) -> dict[str, str] | None:
    """The options of a Spark batch screen (None for any other command line)."""
    i = 0
    while i < len(argv) and argv[i].startswith("--"):
        i += 2 if argv[i] in _ROOT_VALUED else 1
    if i >= len(argv) or argv[i] != "screen":
        return None
    opts = _options(argv[i + 1 :])
    if opts is None or opts.get("--engine") != "spark":
        return None
    if "--input" not in opts or "--output" not in opts:
        return None
    return opts


def start_for(argv: Sequence[str]) -> bool:
    """Start the Spark session now if ``argv`` is a Spark batch screen (see the module)."""
    spark, master = spark_master(argv)
    if not spark:
        return False
    if spark_remote(argv) is not None:
        return True  # a standing server: no JVM here; the run still ends at once (finish)
    # Without PySpark the command says so itself, with the install command.
    with contextlib.suppress(ExportCtlError, ImportError):
        from exportctl.spark.boot import start_early

        start_early(master)
        return True
    return False


def finish(code: Any) -> None:
    """After a Spark batch screen that succeeded and ended its session: exit without the
    interpreter's teardown (:func:`exportctl.spark.boot.exit_now`). Anything else returns, and
    the process exits as usual."""
    if code not in (0, None):
        return
    from exportctl.spark.boot import ended_early, exit_now

    if ended_early():
        exit_now(0)
