"""Shared by the generators of shipped data files (build_*.py): write the file, or with
``--check`` fail when the shipped one differs from a rebuild (the tests' rebuild checks)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path


def table_text(header: Iterable[str], body: Iterable[str]) -> str:
    """A generated table's text: each header line as a ``#`` comment, then the body lines."""
    return "\n".join([*(f"# {h}".rstrip() for h in header), *body]) + "\n"


def write_or_check(out: Path, text: str, check: bool, what: str) -> None:
    """Write ``text`` to ``out``; with ``check``, exit with an error naming ``what`` (the
    generator and its source) if ``out`` is not ``text`` already."""
    if check:
        if not out.exists() or out.read_text("utf-8") != text:
            sys.exit(f"{what}: {out} differs from a rebuild")
        print(f"{out}: up to date")
        return
    out.write_text(text, "utf-8")
    print(f"wrote {out} ({text.count(chr(10))} lines)")


def generator_args(
    doc: str, out: Path, source: tuple[str, str] | None = None
) -> argparse.Namespace:
    """A generator's command line: ``--out`` (default ``out``) and ``--check`` (compare instead
    of writing), after a source directory argument ``(name, help)`` where it reads one."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    if source:
        ap.add_argument(source[0], type=Path, help=source[1])
    ap.add_argument("--out", type=Path, default=out)
    ap.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    return ap.parse_args()
