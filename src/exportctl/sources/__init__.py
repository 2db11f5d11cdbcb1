"""List parsers, one module per publisher format, and the dispatch that picks one by content.

Each parser module defines::

    FORMAT: str                                   # e.g. "un_xml"
    def sniff(path: Path, head: bytes) -> bool    # True when the content is this format
    def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult
    def group(paths: Sequence[Path]) -> list[list[Path]]   # optional: files that belong together

``source`` overrides the registry code the parser would infer (e.g. SDN vs consolidated).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from exportctl.errors import FormatDetectionError, UnknownCodeError
from exportctl.sources._io import decoding_notes, read_head
from exportctl.sources._sanitise import sanitise
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.sources.registry import ListSource, get_source, sources

__all__ = [
    "FORMATS",
    "ListSource",
    "ParseResult",
    "RecordIssue",
    "detect_format",
    "get_source",
    "parse_files",
    "parser_module",
    "sources",
]

# Order matters for sniffing: more specific formats first.
FORMATS: tuple[str, ...] = (
    "un_xml",
    "eu_fsf",
    "sema_xml",
    "ofsi_xlsx",
    "uk_fcdo_xml",
    "uk_fcdo",
    "dfat_xlsx",
    "ftm_json",
    "us_csl",
    "bis_dpl",
    "meti_text",
    "cn_measures",
    "ofac_csv",
)


def parser_module(fmt: str) -> ModuleType:
    if fmt not in FORMATS:
        raise UnknownCodeError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return importlib.import_module(f"exportctl.sources.{fmt}")


def detect_format(path: Path) -> str:
    """The format of a list file, judged from its content (not its name)."""
    head = read_head(path)
    for fmt in FORMATS:
        if parser_module(fmt).sniff(path, head):
            return fmt
    raise FormatDetectionError(
        "no parser recognises this content (use --format to name one)", path=str(path)
    )


def parse_files(
    paths: Sequence[Path], fmt: str | None = None, source: str | None = None
) -> list[ParseResult]:
    """Parse the given files, grouping those that form one publication (one result per group).

    Every result passes :func:`~exportctl.sources._sanitise.sanitise` (control characters out,
    over-long names cut, each change a warning issue), whichever parser made it, and carries
    a warning for the bytes its text files held that were not UTF-8.
    """
    by_format: dict[str, list[Path]] = {}
    for p in paths:
        by_format.setdefault(fmt or detect_format(p), []).append(p)
    results: list[ParseResult] = []
    for f, files in by_format.items():
        mod = parser_module(f)
        groups = mod.group(files) if hasattr(mod, "group") else [[p] for p in files]
        for g in groups:
            with decoding_notes() as notes:
                result = mod.parse(g, source=source)
            result.issues.extend(notes)  # bytes read as cp1252 (see _io.read_text)
            results.append(sanitise(result))
    return results
