"""EU Financial Sanctions Files (FSF) consolidated list, XML 1.1 and its CSV variant → ``eu_fsf``.

XML (``xmlFullSanctionsList_1_1``): root ``<export>`` in the namespace
``http://eu.europa.ec/fpi/fsd/export`` with ``generationDate`` and ``globalFileId``; one
``<sanctionEntity>`` per listed party (attributes ``logicalId``, ``euReferenceNumber``,
``unitedNationId``, ``designationDate``, ``designationDetails``) holding ``remark``,
``regulation`` (``programme``, ``numberTitle``, ``publicationDate``, ``entryIntoForceDate``,
child ``publicationUrl``), ``subjectType`` (``code`` person/enterprise, ``classificationCode``
P/E), ``nameAlias`` (``wholeName``, ``firstName``/``middleName``/``lastName``, ``nameLanguage``,
``strong``, ``function``, ``gender``, ``title``), ``birthdate``, ``citizenship``,
``identification`` (``knownFalse``, ``reportedLost`` …) and ``address``. The file (~25 MB) is
read with ``iterparse`` and each entity is cleared once used, so memory stays bounded.

CSV (``csvFullSanctionsList_1_1``): ``;``-separated, ``fileGenerationDate`` first, one row per
alias or detail; the columns are ``<Element>_<Attribute>`` (``Entity_LogicalId``,
``NameAlias_WholeName``, ``BirthDate_YearRangeFrom``, ``Identification_KnownFalse`` …). Rows of
one ``Entity_LogicalId`` are joined into one entity; repeated details (the same alias on the
row of each address) are kept once.

Weak aliases (``strong="false"``) become :attr:`NameKind.WEAK_ALIAS` and are scored as weak,
like the UN's "low quality" a.k.a. A UN cross-reference (``unitedNationId``) is kept in
``properties["un_reference"]``; screening joins it to the UN entry with that reference number.

This module sniffs, dispatches and reads the XML; :mod:`.eu_fsf_csv` reads the CSV layout; both
fill the same raw records, made into entities by :mod:`.eu_fsf_entity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from exportctl.errors import SourceError
from exportctl.model import Entity
from exportctl.sources._io import open_binary, read_head
from exportctl.sources._util import clean
from exportctl.sources._xml import check_text, iterparse, malformed
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.sources.eu_fsf_csv import csv_entities
from exportctl.sources.eu_fsf_entity import RawEntity, build_entity, keep, published_date

__all__ = ["FORMAT", "NS", "parse", "sniff"]

FORMAT = "eu_fsf"
SOURCE = "eu_fsf"
NS = "http://eu.europa.ec/fpi/fsd/export"
_Q = "{" + NS + "}"


def sniff(path: Path, head: bytes) -> bool:
    """True for the FSF XML (its namespace) or CSV (``fileGenerationDate;Entity_LogicalId``)."""
    if NS.encode() in head[:4096] and b"<export" in head[:4096]:
        return True
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return first.startswith(b"fileGenerationDate;") and b"Entity_LogicalId" in first


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: object) -> str:
    text = str(tag)
    return "namespace " + text[1:].split("}", 1)[0] if text.startswith("{") else "no namespace"


def _xml_raw(el: Any) -> RawEntity:
    label = el.get("euReferenceNumber") or el.get("logicalId") or "?"
    raw = RawEntity(attrs=dict(el.attrib), where=f"line {el.sourceline} (sanctionEntity {label})")
    for child in el:
        tag = _local(child.tag)
        attrs = {str(k): str(v) for k, v in child.attrib.items()}
        notes = [clean(r.text) for r in child.findall(f"{_Q}remark")]
        if any(notes):
            attrs["remark"] = "; ".join(n for n in notes if n)
        if tag == "remark":
            raw.remarks.append(child.text or "")
        elif tag == "subjectType":
            raw.subject = attrs
        elif tag == "regulation":
            url = child.findtext(f"{_Q}publicationUrl")
            if url:
                attrs["publicationUrl"] = url
            raw.regulations.append(attrs)
        elif tag == "nameAlias":
            raw.names.append(attrs)
        elif tag == "address":
            info = [clean(c.text) for c in child.findall(f"{_Q}contactInfo")]
            if any(info):
                attrs["contactInfo"] = "; ".join(i for i in info if i)
            raw.addresses.append(attrs)
        elif tag == "birthdate":
            raw.birthdates.append(attrs)
        elif tag == "citizenship":
            raw.citizenships.append(attrs)
        elif tag == "identification":
            raw.identifications.append(attrs)
    return raw


def _xml_entities(path: Path, result: ParseResult, src: str) -> None:
    file = str(path)
    seen_root = False
    seen: dict[str, Entity] = {}
    with open_binary(path) as fh:
        events = iterparse(fh, events=("start", "end"))
        try:
            for event, el in events:
                if event == "start":
                    if not seen_root:
                        seen_root = True
                        if el.tag != f"{_Q}export":
                            raise SourceError(
                                f"root element is <{_local(el.tag) or el.tag}> ({_ns(el.tag)}), "
                                f"not <export> in {NS}",
                                path=file,
                                location=f"line {el.sourceline}",
                            )
                        result.published = published_date(el.get("generationDate"))
                    continue
                if el.tag != f"{_Q}sanctionEntity":
                    continue
                result.records_seen += 1
                check_text(el, file)
                raw = _xml_raw(el)
                keep(build_entity(raw, src, file, result.issues), result, seen, raw.where, file)
                # Bounded memory: drop the entity and the siblings already handled.
                el.clear(keep_tail=False)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            raise malformed(exc, file) from None
    if not seen_root:
        raise SourceError("empty XML file", path=file, location="line 1")


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse one FSF file, XML or CSV (gzip or plain)."""
    if len(paths) != 1:
        raise SourceError(f"eu_fsf parses one file at a time, got {len(paths)}")
    path = paths[0]
    src = source or SOURCE
    result = ParseResult(source=src, format=FORMAT, entities=[], files=[str(path)])
    head = read_head(path)
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"fileGenerationDate"):
        csv_entities(path, result, src)
    else:
        _xml_entities(path, result, src)
    if result.published is None:
        result.issues.append(
            RecordIssue("line 1", "no valid generation date in the file", str(path), "warning")
        )
    return result
