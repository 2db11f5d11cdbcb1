"""The one error a parser raises when a file is cut short (truncated download, full disk).

A truncated file often still parses into fewer records, so every parser checks what its
format allows: the publisher's end marker (OFAC's Ctrl-Z), well-formed XML to the closing root
tag, closed quoting and the full column count on the last CSV row, a complete last JSON line,
an XLSX sheet that reaches its declared dimension. A file that fails the check is refused as a
whole: loading it would silently remove every listed party after the cut.
"""

from __future__ import annotations

from pathlib import Path

from exportctl.errors import SourceError

__all__ = ["cut_short"]


def cut_short(path: Path | str, location: str, reason: str) -> SourceError:
    """A SourceError saying the file looks truncated at ``location`` and why."""
    return SourceError(
        f"incomplete file: {reason}; it looks cut short, so nothing was loaded",
        path=str(path),
        location=location,
    )
