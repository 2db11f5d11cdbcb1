"""UN Security Council Consolidated List, official XML (``consolidated.xml``) → ``un_sc``.

The file is parsed strictly (no libxml2 recovery): a truncated or garbled file raises
:class:`SourceError` naming the line and column, so a broken download can never replace a
good snapshot with a partial one. Inside a well-formed file, a record without a reference
number or name becomes a :class:`RecordIssue` with its line.

Quirks handled (see ``lists/SOURCES.md``):

* empty alias placeholders (``<ALIAS_NAME/>``) are skipped;
* one ``ALIAS_NAME`` can pack several names: ``"A; B; C"``, ``"A b) B"``,
  ``"جبهة النصرة (the Victory Front; Jabhat al-Nusrah)"``, ``"X (original script: Х)"``;
* alias ``QUALITY`` is ``Good``/``a.k.a.`` (alias), ``Low`` (weak alias), ``f.k.a.`` (former);
* birth dates are ``EXACT``/``APPROXIMATELY``/``BETWEEN`` with ``DATE``, ``YEAR`` or
  ``FROM_YEAR``/``TO_YEAR``; a free-text ``NOTE`` alone is kept in ``properties``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, FuzzyDate, Identifier, Name, NameKind
from exportctl.sources._io import check_xml_encoding, read_bytes
from exportctl.sources._sanitise import bound_xml_text
from exportctl.sources._util import clean, dedupe_names, iso_date, keep_entity, script_of
from exportctl.sources._xml import check_text, fields, malformed, parser, unread_records
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.text.regex_guards import RUN_START

__all__ = ["FORMAT", "parse", "sniff", "split_alias"]

FORMAT = "un_xml"
SOURCE = "un_sc"

_QUALITY = {
    "good": NameKind.ALIAS,
    "a.k.a.": NameKind.ALIAS,
    "low": NameKind.WEAK_ALIAS,
    "f.k.a.": NameKind.FORMER,
}
# The record fields of sc-sanctions.xsd and of the published files. Another element in a
# record is reported: a renamed INDIVIDUAL_ALIAS loaded every party without its aliases, and
# on a first load nothing else could tell (found by renaming elements of the real file).
_FIELDS = frozenset(
    {
        *("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME", "NAME_ORIGINAL_SCRIPT"),
        *("DATAID", "VERSIONNUM", "REFERENCE_NUMBER", "UN_LIST_TYPE", "LIST_TYPE", "LISTED_ON"),
        *("COMMENTS1", "DESIGNATION", "TITLE", "GENDER", "NATIONALITY", "NATIONALITY2"),
        *("LAST_DAY_UPDATED", "SORT_KEY", "SORT_KEY_LAST_MOD", "SUBMITTED_BY", "SUBMITTED_ON"),
        *("DELISTED_ON", "INDIVIDUAL_ALIAS", "INDIVIDUAL_ADDRESS", "INDIVIDUAL_DATE_OF_BIRTH"),
        *("INDIVIDUAL_PLACE_OF_BIRTH", "INDIVIDUAL_DOCUMENT", "ENTITY_ALIAS", "ENTITY_ADDRESS"),
    }
)
_MARKER = re.compile(r"(?:^|\s)[a-z]\)\s+")  # "a) X b) Y" enumerations inside one alias
_ORIG = re.compile(r"^\s*original script\s*:?\s*", re.I)
# (RUN_START: no match starts inside a run of spaces; text/regex_guards.py, hang28)
_ORIG_TAIL = re.compile(RUN_START + r"\s*\(original script\)\s*$", re.I)


def sniff(path: Path, head: bytes) -> bool:
    """True for the UN consolidated XML: root element ``CONSOLIDATED_LIST``."""
    return b"<CONSOLIDATED_LIST" in head[:4096]


def _trailing_group(text: str) -> tuple[str, str] | None:
    """Split ``"head (inner)"`` at the outermost trailing parenthesis pair, or None."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return text[:i].strip(), text[i + 1 : -1].strip()
    return None


def _split_top(text: str, sep: str = ";") -> list[str]:
    """Split on ``sep`` outside parentheses."""
    parts: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def split_alias(text: str, kind: NameKind = NameKind.ALIAS) -> list[Name]:
    """The names packed into one UN alias field, each with its kind and script.

    ``"A; B"`` and ``"A b) B"`` give two names; ``"ARABIC (Latin1; Latin2)"`` gives three,
    ``"Latin (original script: Кириллица)"`` two. A parenthesis that is neither a list nor
    another script (``"EL PARA (COMBAT NAME)"``) stays part of the name.
    """
    value = clean(text).rstrip(",").strip()
    if not value:
        return []
    pieces: list[str] = []
    grp = _trailing_group(value)
    if grp is not None:
        head, inner = grp
        inner_is_script = _ORIG.match(inner) is not None or (
            head != "" and script_of(inner) not in (None, script_of(head))
        )
        if head and (";" in inner or inner_is_script):
            pieces.append(head)
            pieces.extend(_split_top(_ORIG.sub("", inner)))
        else:
            pieces.extend(_split_top(value))
    else:
        pieces.extend(_split_top(value))
    names: list[Name] = []
    for piece in pieces:
        for part in _MARKER.split(piece):
            full = clean(part).strip(",;")
            explicit = _ORIG_TAIL.search(full) is not None
            full = _ORIG_TAIL.sub("", full).strip()
            if not full:
                continue
            script = script_of(full)
            k = kind
            if explicit or (script not in (None, "Latn") and kind is not NameKind.WEAK_ALIAS):
                k = NameKind.ORIGINAL_SCRIPT
            names.append(Name(full, k, script=script if script != "Latn" else None))
    return names


def _text(el: Any, tag: str) -> str:
    return clean(el.findtext(tag))


def _values(el: Any, tag: str) -> list[str]:
    out: list[str] = []
    for node in el.findall(tag):
        for v in node.findall("VALUE"):
            t = clean(v.text)
            if t:
                out.append(t)
    return out


def _dob(node: Any) -> tuple[FuzzyDate | None, str]:
    """A birth-date element as a FuzzyDate (or None) and its textual note."""
    kind = _text(node, "TYPE_OF_DATE").upper()
    note = _text(node, "NOTE")
    day = iso_date(node.findtext("DATE"))
    year = _text(node, "YEAR")
    y1, y2 = _text(node, "FROM_YEAR"), _text(node, "TO_YEAR")
    prefix = "circa " if kind == "APPROXIMATELY" or note.lower().startswith("approx") else ""
    if day is not None:
        return FuzzyDate.day(day.year, day.month, day.day, f"{prefix}{day.isoformat()}"), note
    if year.isdigit() and len(year) == 4:
        return FuzzyDate.year(int(year), f"{prefix}{year}"), note
    if y1.isdigit() and y2.isdigit() and len(y1) == len(y2) == 4:
        return FuzzyDate.years(int(y1), int(y2), f"{prefix}{y1}-{y2}"), note
    return None, note


def _address(node: Any) -> Address | None:
    parts = [_text(node, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")]
    full = ", ".join(p for p in parts if p)
    note = _text(node, "NOTE")
    if note:
        full = f"{full} ({note})" if full else note
    if not full:
        return None
    return Address(full, to_iso2(_text(node, "COUNTRY")) or None)


def _doc_kind(label: str) -> str:
    low = label.lower()
    if "passport" in low or "pasaporte" in low or "passeport" in low:
        return "passport"
    if "national" in low or "identi" in low or "civil" in low:
        return "national_id"
    return "other"


def _document(node: Any) -> Identifier | None:
    number = _text(node, "NUMBER")
    if not number:
        return None
    label = _text(node, "TYPE_OF_DOCUMENT")
    label2 = _text(node, "TYPE_OF_DOCUMENT2")
    country = _text(node, "ISSUING_COUNTRY") or _text(node, "COUNTRY_OF_ISSUE")
    notes = [
        label2,
        _text(node, "NOTE"),
        f"issued {_text(node, 'DATE_OF_ISSUE')}" if _text(node, "DATE_OF_ISSUE") else "",
        _text(node, "CITY_OF_ISSUE"),
        "" if to_iso2(country) else country,
    ]
    note = "; ".join(n for n in notes if n) or None
    return Identifier(_doc_kind(f"{label} {label2}"), number, to_iso2(country), note)


def _names(
    rec: Any, is_person: bool, issues: list[RecordIssue], where: str, file: str
) -> list[Name]:
    tags = (
        ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME") if is_person else ("FIRST_NAME",)
    )
    primary = " ".join(p for p in (_text(rec, t) for t in tags) if p)
    names: list[Name] = []
    if primary:
        # "COMPAGNIE … (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)": first is primary, rest aliases
        first, *more = (clean(p) for p in _split_top(primary))
        names.append(Name(first or primary, NameKind.PRIMARY))
        names.extend(Name(m, NameKind.ALIAS) for m in more if m)
    orig = _text(rec, "NAME_ORIGINAL_SCRIPT")
    if orig:
        names.append(Name(orig, NameKind.ORIGINAL_SCRIPT, script=script_of(orig)))
    alias_tag = "INDIVIDUAL_ALIAS" if is_person else "ENTITY_ALIAS"
    for al in rec.findall(alias_tag):
        raw = al.findtext("ALIAS_NAME")
        if not clean(raw):
            continue  # the UN's empty <ALIAS_NAME/> placeholder
        quality = _text(al, "QUALITY").lower()
        kind = _QUALITY.get(quality)
        if kind is None:
            kind = NameKind.ALIAS
            if quality:
                issues.append(
                    RecordIssue(where, f"unknown alias quality {quality!r}", file, "warning")
                )
        names.extend(split_alias(raw or "", kind))
    return dedupe_names(names)


def _record(rec: Any, is_person: bool, file: str, issues: list[RecordIssue]) -> Entity | None:
    ref = _text(rec, "REFERENCE_NUMBER")
    line = rec.sourceline
    where = f"line {line} ({rec.tag} {ref or 'DATAID ' + _text(rec, 'DATAID')})"
    if not ref:
        issues.append(RecordIssue(where, "record has no REFERENCE_NUMBER", file))
        return None
    names = _names(rec, is_person, issues, where, file)
    if not names:
        issues.append(RecordIssue(where, "record has no name", file))
        return None
    if names[0].kind is not NameKind.PRIMARY:
        # FIRST_NAME… empty, but the record has an original-script name or an alias: the
        # listed party stays screenable under it (it used to be dropped).
        first = names[0]
        names[0] = Name(first.full, NameKind.PRIMARY, first.script, first.lang)
        issues.append(
            RecordIssue(
                where,
                f"no FIRST_NAME; the {first.kind.value.replace('_', ' ')} name {first.full!r} "
                "is used as the name",
                file,
                "warning",
            )
        )
    ent = Entity(
        source=SOURCE,
        source_id=ref,
        type=EntityType.PERSON if is_person else EntityType.ORGANIZATION,
        names=names,
    )
    listed = _text(rec, "LISTED_ON")
    ent.listed_on = iso_date(listed)
    if listed and ent.listed_on is None:
        issues.append(RecordIssue(where, f"bad LISTED_ON {listed!r}", file, "warning"))
    program = _text(rec, "UN_LIST_TYPE")
    if program:
        ent.programs.append(program)
    ent.remarks = _text(rec, "COMMENTS1") or None
    gender = _text(rec, "GENDER").lower()
    ent.gender = gender or None
    props: dict[str, list[str]] = {}
    for key, tag in (("title", "TITLE"), ("position", "DESIGNATION")):
        vals = _values(rec, tag)
        if vals:
            props[key] = vals
    updated = _values(rec, "LAST_DAY_UPDATED")
    if updated:
        props["last_updated"] = updated
    props["dataid"] = [_text(rec, "DATAID")]
    for nat in _values(rec, "NATIONALITY"):
        code = to_iso2(nat)
        if code:
            if code not in ent.nationalities:
                ent.nationalities.append(code)
        else:
            props.setdefault("nationality_text", []).append(nat)
    addr_tag = "INDIVIDUAL_ADDRESS" if is_person else "ENTITY_ADDRESS"
    for node in rec.findall(addr_tag):
        addr = _address(node)
        if addr is not None:
            ent.addresses.append(addr)
            if addr.country and addr.country not in ent.countries:
                ent.countries.append(addr.country)
    if is_person:
        _person_details(rec, ent, props)
    ent.properties = props
    return ent


def _person_details(rec: Any, ent: Entity, props: dict[str, list[str]]) -> None:
    for node in rec.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        dob, note = _dob(node)
        if dob is not None:
            ent.birth_dates.append(dob)
        if note:
            props.setdefault("birth_date_note", []).append(note)
    for al in rec.findall("INDIVIDUAL_ALIAS"):
        d = iso_date(al.findtext("DATE_OF_BIRTH"))
        if d is not None:
            ent.birth_dates.append(FuzzyDate.day(d.year, d.month, d.day))
    for node in rec.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = [_text(node, t) for t in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
        place = ", ".join(p for p in parts if p)
        if place:
            ent.birth_places.append(place)
    for node in rec.findall("INDIVIDUAL_DOCUMENT"):
        ident = _document(node)
        if ident is not None:
            ent.identifiers.append(ident)
    ent.birth_dates = list(dict.fromkeys(ent.birth_dates))


def _parse_published(root: Any) -> datetime | None:
    raw = root.get("dateGenerated") or ""
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None


_SECTIONS = {"INDIVIDUALS": "INDIVIDUAL", "ENTITIES": "ENTITY"}
_RECORDS = tuple(_SECTIONS.values())


def _others(root: Any, file: str, issues: list[RecordIssue]) -> int:
    """Each element of a section that is not its record (``<INDIVIDUALX>`` among the
    INDIVIDUALs), a skipped record: such an element is a record this parser cannot read.

    Found by renaming the real file's record elements (hostile33): the 730 INDIVIDUALs
    renamed loaded 273 entities with no issue at all, and as a source's first load (no active
    snapshot for the shrink guard to compare with) the list was active, every listed person
    screening clear. Comments and processing instructions are no elements (their tag is no
    string) and pass. Returns how many were skipped (records seen, as every skipped record).

    A section this parser does not know is read the same way, each element of it with
    fields of its own a record (rev33a: the file's INDIVIDUALS and INDIVIDUAL renamed PERSONS
    and PERSON, as a changed format would write them, loaded 273 entities of 1,003, active,
    with one warning); so is each record of a wrapper that holds no record the parser reads
    (``<GROUP>`` of 730 ``<PERSON>`` was one skipped record).
    """
    skipped = 0
    for section in root:
        if not isinstance(section.tag, str):
            continue
        record = _SECTIONS.get(section.tag)
        for el in section:
            if not isinstance(el.tag, str) or el.tag in _RECORDS:
                continue  # (a record out of its section is read by _records, and said there)
            if next(el.iter(*_RECORDS), None) is not None:
                continue  # (a wrapper of records: read too)
            if record is None and not fields(el):
                continue  # (a value of an unknown section, no record: its warning says it)
            for unread in unread_records(el):
                skipped += 1
                meant = f"<{record}>" if record else "<INDIVIDUAL> or <ENTITY>"
                issues.append(
                    RecordIssue(
                        f"line {unread.sourceline}",
                        f"<{unread.tag}> in <{section.tag}> is no {meant}: a record this "
                        "parser cannot read, not loaded",
                        file,
                    )
                )
    return skipped


def _records(root: Any, file: str, issues: list[RecordIssue]) -> Iterator[tuple[Any, bool]]:
    """Every ``INDIVIDUAL`` and ``ENTITY`` of the file, wherever it stands.

    Only ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY`` were read: a record in another
    section (an INDIVIDUAL moved under ENTITIES, a section renamed) was left out without a
    word (found by moving records of the real file). A record out of its place is read and
    reported; so is a section this parser does not know.
    """
    for child in root:
        if isinstance(child.tag, str) and child.tag not in ("INDIVIDUALS", "ENTITIES"):
            issues.append(
                RecordIssue(
                    f"line {child.sourceline}",
                    f"unknown section <{child.tag}> (its records are read if any)",
                    file,
                    "warning",
                )
            )
    for rec in root.iter("INDIVIDUAL", "ENTITY"):
        parent = rec.getparent()
        home = "INDIVIDUALS" if rec.tag == "INDIVIDUAL" else "ENTITIES"
        if parent is None or parent.tag != home or parent.getparent() is not root:
            where = f"line {rec.sourceline}"
            issues.append(RecordIssue(where, f"<{rec.tag}> outside <{home}>", file, "warning"))
        yield rec, rec.tag == "INDIVIDUAL"


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse one UN consolidated XML file (gzip or plain)."""
    if len(paths) != 1:
        raise SourceError(f"un_xml parses one file at a time, got {len(paths)}")
    path = paths[0]
    data = read_bytes(path)
    check_xml_encoding(data, path)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        raise malformed(exc, str(path)) from None
    bound_xml_text(root)  # before any per-character work on names
    check_text(root, str(path))
    if root.tag != "CONSOLIDATED_LIST":
        raise SourceError(
            f"root element is <{root.tag}>, not <CONSOLIDATED_LIST>",
            path=str(path),
            location="line 1",
        )
    file = str(path)
    issues: list[RecordIssue] = []
    entities: list[Entity] = []
    kept: dict[str, Entity] = {}
    seen = 0
    unknown: dict[str, list[int]] = {}  # element → [times seen, its first line]
    seen += _others(root, file, issues)  # (records seen too: entities + skipped == seen)
    for rec, is_person in _records(root, file, issues):
        seen += 1
        for child in rec:
            if isinstance(child.tag, str) and child.tag not in _FIELDS:
                unknown.setdefault(child.tag, [0, child.sourceline])[0] += 1
        ent = _record(rec, is_person, file, issues)
        if ent is None:
            continue
        if source:
            ent.source = source
        where = f"line {rec.sourceline}"
        keep_entity(ent, kept, entities, issues, where, file, "REFERENCE_NUMBER")
    for tag, (count, line) in unknown.items():
        issues.append(
            RecordIssue(
                f"line {line}",
                f"unknown record element <{tag}> ({count:,} times): not read",
                file,
                "warning",
            )
        )
    published = _parse_published(root)
    if published is None:
        issues.append(RecordIssue("line 2", "no valid dateGenerated on the root", file, "warning"))
    return ParseResult(
        source=source or SOURCE,
        format=FORMAT,
        entities=entities,
        published=published,
        issues=issues,
        files=[file],
        records_seen=seen,
    )
