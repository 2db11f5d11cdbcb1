"""lxml set up the one way every parser reads XML (list files, XLSX and ODS parts).

External entities are never loaded and nothing is fetched over the network, so a hostile
file cannot read local files (XXE); libxml2's own amplification limit bounds internal entity
expansion. ``huge_tree`` lifts libxml2's depth/size guard because the unpacking bounds
(``_bounds``) already hold the input to a known size. Comments and processing instructions are
dropped so that one inside a name cannot split it (libxml2 then joins the text around it).

The list parsers read a field as the element's ``text``, which ends at the first node inside
it: a declared entity reference (``E&x;C``, kept as a node because entities are not expanded),
or a child element in a field that the format defines as plain text. Either would cut a name
short without a word (found by fuzzing: ``<FIRST_NAME>E&x;C</FIRST_NAME>`` loaded as ``E``),
so :func:`check_text` refuses such a file instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from exportctl.errors import SourceError
from exportctl.sources._util import clean

__all__ = ["check_text", "fields", "iterparse", "malformed", "parser", "unread_records"]

_SAFE: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": True,
    "remove_comments": True,
    "remove_pis": True,
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


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else str(tag)


def check_text(el: Any, file: str, *, mixed: bool = True) -> None:
    """Refuse ``el`` when part of its text would not be read: SourceError naming the line.

    Always refused: an entity reference anywhere below ``el`` (official lists declare none).
    With ``mixed`` (list formats, whose fields hold text or elements, never both): an element
    with text beside a child element. Spreadsheet XML passes ``mixed=False`` (an ODS paragraph
    legitimately holds ``text:span`` and ``text:s`` between its words; its reader joins them).
    """
    for ref in el.iter(etree.Entity):
        raise SourceError(
            f"the entity reference &{ref.name}; is not expanded (list files declare no XML "
            "entities), so the text around it would be cut short; nothing was loaded",
            path=file,
            location=f"line {ref.sourceline}",
        )
    if not mixed:
        return
    # In C (XPath): an element with a child element and a text node that is not blank.
    found = el.xpath("descendant-or-self::*[* and text()[normalize-space()]]")
    if found:
        node = found[0]
        raise SourceError(
            f"<{_local(node.tag)}> holds text beside the element <{_local(node[0].tag)}>; "
            "a list field holds text or elements, never both, so part of it would be "
            "lost; nothing was loaded",
            path=file,
            location=f"line {node.sourceline}",
        )


def fields(el: Any) -> list[Any]:
    """The element children of ``el`` (a record's fields; comments and processing
    instructions, when a parser keeps them, are none)."""
    return [c for c in el if isinstance(c.tag, str)]


def unread_records(el: Any) -> Iterator[Any]:
    """The records an element a list parser cannot read stands for, each a skipped record:
    the element itself, or, when each of its children has fields of its own (a wrapper of
    records — a record's fields include plain values: DATAID, FIRST_NAME, GivenName), each
    record of those children. A wrapper of 730 renamed records was one skipped record of
    1,003, under the 5 % that keeps a load inactive (rev33a)."""
    kids = fields(el)
    if len(kids) > 1 and all(fields(k) for k in kids):
        for k in kids:
            yield from unread_records(k)
    else:
        yield el
