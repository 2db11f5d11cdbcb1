"""UK Sanctions List (FCDO), XML form (``UK-Sanctions-List.xml``) → ``gb_fcdo``.

The XML carries the same designations as the FCDO's spreadsheet forms (:mod:`.uk_fcdo`), one
element per designation instead of one row per name::

    <Designations>
      <DateGenerated>DD/MM/YYYY</DateGenerated>
      <Designation>
        <LastUpdated/> <DateDesignated/> <UniqueID/> <OFSIGroupID/> <UNReferenceNumber/>
        <Names><Name><Name1/>…<Name6/><NameType/><AliasStrength/></Name>…</Names>
        <NonLatinNames><NonLatinName><NameNonLatinScript/><NonLatinScriptType/>
          <NonLatinScriptLanguage/></NonLatinName>…</NonLatinNames>
        <Titles><Title/></Titles> <RegimeName/> <IndividualEntityShip/> (Individual|Entity|Ship)
        <DesignationSource/> (UK, UN, UK|UN) <SanctionsImposed/> (``|``-separated)
        <OtherInformation/> <UKStatementofReasons/>
        <Addresses><Address><AddressLine1/>…<AddressLine6/><AddressPostalCode/>
          <AddressCountry/></Address>…</Addresses>
        <PhoneNumbers/> <EmailAddresses/> <Websites/>
        <IndividualDetails><Individual><DOBs><DOB/></DOBs> <Nationalities/> <Positions/>
          <Genders/> <BirthDetails><Location><TownOfBirth/><CountryOfBirth/></Location>
          </BirthDetails> <PassportDetails><Passport><PassportNumber/>
          <PassportAdditionalInformation/></Passport></PassportDetails>
          <NationalIdentifierDetails>…</NationalIdentifierDetails></Individual></IndividualDetails>
        <EntityDetails><Entity><TypeOfEntities/> <BusinessRegistrationNumbers/>
          <ParentCompanies/> <Subsidiaries/></Entity></EntityDetails>
        <ShipDetails><Ship><IMONumbers/> <CurrentOwnerOperators/>
          <CurrentBelievedFlagOfShips/> <PreviousFlags/> <TypeOfShipDetails/> …</Ship></ShipDetails>
      </Designation>…
    </Designations>

Each ``<Designation>`` is turned into the rows the spreadsheet would hold for it (the i-th name,
address, birth date … on row i, every leaf element named as its column) and built by the same
code as the spreadsheet forms, so both forms mean the same thing: primary name, variations
and aliases (``Low quality a.k.a`` → a weak alias), non-Latin names with their language,
``Designation source`` kept in ``properties["designation_source"]``, the UN reference number
in ``properties["un_reference"]`` (screening joins it to the UN entry).

The file (~22 MB) is read with ``iterparse`` and each designation is dropped once built, so
memory stays bounded. A file cut short or otherwise not well-formed is refused whole, with
the line and column where it breaks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import zip_longest
from pathlib import Path
from typing import Any

from lxml import etree

from exportctl.errors import SourceError
from exportctl.model import Entity
from exportctl.sources._io import check_xml_encoding, open_binary, read_head
from exportctl.sources._sanitise import bound_xml_text
from exportctl.sources._util import clean, keep_entity
from exportctl.sources._xml import check_text, iterparse, malformed
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.sources.uk_fcdo import SOURCE, RowGroup, group_entity, parse_date

__all__ = ["FORMAT", "parse", "sniff"]

FORMAT = "uk_fcdo_xml"
ROOT = "Designations"
# Elements whose leaves belong together (one name, one address …): each becomes one row's part.
_RECORDS = {
    "Name",
    "NonLatinName",
    "Address",
    "Location",
    "Passport",
    "NationalIdentifier",
}
# Leaf elements whose spreadsheet column key is not their lower-cased name.
_COLUMNS = {
    "individualentityship": "designationtype",
    "businessregistrationnumber": "businessregistrationnumbers",
    "subsidiary": "subsidiaries",
    "currentowneroperator": "currentowneroperators",
    "previousflag": "previousflags",
    "hullidentificationnumber": "hullidentificationnumberhin",
}


def sniff(path: Path, head: bytes) -> bool:
    """True for an XML document whose root is ``<Designations>`` holding ``<Designation>``."""
    text = head[:8192]
    return b"<" + ROOT.encode() in text and (b"<Designation>" in text or b"<DateGenerated>" in text)


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


@cache
def _column_of(tag: str) -> str:
    key = "".join(ch for ch in _local(tag).lower() if ch.isalnum())
    return _COLUMNS.get(key, key)


def _column(el: Any) -> str:
    """The spreadsheet column key of a leaf element (``IMONumber`` → ``imonumber``)."""
    return _column_of(el.tag) if isinstance(el.tag, str) else ""


def _collect(
    el: Any, records: dict[str, list[dict[str, str]]], leaves: dict[str, list[str]]
) -> None:
    """Walk ``el``'s children: record elements into ``records``, other leaves into ``leaves``."""
    for child in el:
        name = _local(child.tag)
        if not name:
            continue
        if name in _RECORDS:
            part: dict[str, str] = {}
            for leaf in child.iter():
                if leaf is not child and len(leaf) == 0 and clean(leaf.text):
                    part[_column(leaf)] = clean(leaf.text)
            if part:
                records.setdefault(name, []).append(part)
        elif len(child):
            _collect(child, records, leaves)
        elif clean(child.text):
            leaves.setdefault(_column(child), []).append(clean(child.text))


def designation_rows(el: Any) -> list[dict[str, str]]:
    """The spreadsheet rows of one ``<Designation>``: row i holds the i-th of each repeated part."""
    records: dict[str, list[dict[str, str]]] = {}
    leaves: dict[str, list[str]] = {}
    _collect(el, records, leaves)
    columns: list[list[dict[str, str]]] = list(records.values())
    columns += [[{key: v} for v in values] for key, values in leaves.items()]
    rows: list[dict[str, str]] = []
    for parts in zip_longest(*columns):
        row: dict[str, str] = {}
        for part in parts:
            if part:
                row.update(part)
        rows.append(row)
    return rows or [{}]


def _designation(el: Any, file: str, result: ParseResult, seen: dict[str, Entity]) -> None:
    uid_text = next((clean(c.text) for c in el if _local(c.tag) == "UniqueID"), "")
    where = f"line {el.sourceline} (Designation {uid_text or '?'})"
    result.records_seen += 1
    if not uid_text:
        result.issues.append(RecordIssue(where, "designation has no UniqueID", file))
        return
    bound_xml_text(el)
    group = RowGroup(uid_text, where)
    group.rows = designation_rows(el)
    ent = group_entity(group, result.source, file, result.issues)
    if ent is not None:
        keep_entity(ent, seen, result.entities, result.issues, where, file, "UniqueID")


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse one UK Sanctions List XML file (gzip or plain), streaming."""
    if len(paths) != 1:
        raise SourceError(f"uk_fcdo_xml parses one file at a time, got {len(paths)}")
    path = paths[0]
    file = str(path)
    result = ParseResult(source=source or SOURCE, format=FORMAT, entities=[], files=[file])
    head = read_head(path)
    # Whole lines only: a multi-byte character cut at the end of the head is not "not UTF-8".
    check_xml_encoding(head[: head.rfind(b"\n") + 1] or head, path)
    seen: dict[str, Entity] = {}
    root: Any = None
    with open_binary(path) as fh:
        events = iterparse(fh, events=("start", "end"))
        try:
            for event, el in events:
                if root is None:
                    root = el
                    if _local(el.tag) != ROOT:
                        raise SourceError(
                            f"root element is <{_local(el.tag) or el.tag}>, not <{ROOT}>",
                            path=file,
                            location=f"line {el.sourceline}",
                        )
                    continue
                if event != "end":
                    continue
                if el.getparent() is not root:
                    # A <Designation> below another element was skipped without a word;
                    # it is read where it stands and reported (its wrapper is cleared later).
                    if _local(el.tag) == "Designation":
                        check_text(el, file)
                        result.issues.append(
                            RecordIssue(
                                f"line {el.sourceline}",
                                f"<Designation> inside <{_local(el.getparent().tag)}>",
                                file,
                                "warning",
                            )
                        )
                        _designation(el, file, result, seen)
                    continue
                check_text(el, file)
                name = _local(el.tag)
                if name == "Designation":
                    _designation(el, file, result, seen)
                elif name == "DateGenerated" and result.published is None:
                    result.published = parse_date(el.text or "")
                # Bounded memory: drop the element and the siblings already handled.
                el.clear(keep_tail=False)
                while el.getprevious() is not None:
                    del root[0]
        except etree.XMLSyntaxError as exc:
            raise malformed(exc, file) from None
    if root is None:
        raise SourceError("empty XML file", path=file, location="line 1")
    if result.published is None:
        result.issues.append(
            RecordIssue("line 1", "no valid DateGenerated in the file", file, "warning")
        )
    return result
