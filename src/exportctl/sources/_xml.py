"""lxml set up the one way every parser reads XML (list files, XLSX and ODS parts).

External entities are never loaded and nothing is fetched over the network, so a hostile
file cannot read local files (XXE); libxml2's own amplification limit bounds internal entity
expansion. ``huge_tree`` lifts libxml2's depth/size guard because the unpacking bounds
(``_bounds``) already hold the input to a known size. Comments are dropped so that a comment
inside a name cannot split it.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from exportctl.errors import SourceError
from exportctl.sources._util import clean

__all__ = ["iterparse", "malformed", "parser"]

_SAFE: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": True,
    "remove_comments": True,
}


def iterparse(source: Any, **kw: Any) -> Any:
    """``lxml.etree.iterparse`` with the safe settings (``events``, ``tag`` as lxml takes them)."""
    return etree.iterparse(source, **_SAFE, **kw)


def parser() -> etree.XMLParser:
    """A whole-document parser with the safe settings."""
    return etree.XMLParser(**_SAFE)


def malformed(exc: etree.XMLSyntaxError, file: str) -> SourceError:
    """The parse error as the load reports it: libxml2's message and where it stopped."""
    line, col = exc.position if exc.position else (0, 0)
    msg = clean(str(exc.msg if hasattr(exc, "msg") else exc)).split(" (line")[0]
    return SourceError(f"malformed XML ({msg})", path=file, location=f"line {line}, column {col}")
