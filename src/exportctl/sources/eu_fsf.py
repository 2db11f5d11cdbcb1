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
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, FuzzyDate, Identifier, Name, NameKind
from exportctl.sources._io import open_binary, read_head, read_text
from exportctl.sources._util import clean, dedupe_names, script_of
from exportctl.sources.base import ParseResult, RecordIssue

__all__ = ["FORMAT", "NS", "parse", "sniff"]

FORMAT = "eu_fsf"
SOURCE = "eu_fsf"
NS = "http://eu.europa.ec/fpi/fsd/export"
_Q = "{" + NS + "}"

_TYPES = {
    "person": EntityType.PERSON,
    "p": EntityType.PERSON,
    "enterprise": EntityType.ORGANIZATION,
    "e": EntityType.ORGANIZATION,
}
_GENDER = {"m": "male", "f": "female"}
# identificationTypeCode → the model's identifier kinds (others are kept as "other" + label).
_ID_KINDS = {
    "passport": "passport",
    "id": "national_id",
    "nationalid": "national_id",
    "regnumber": "registration",
    "fiscalcode": "tax",
    "tin": "tax",
    "swiftbic": "swift",
    "imo": "imo",
}
# CSV column suffixes whose XML attribute name is not the suffix with a lower-case first letter.
_CSV_RENAMES = {
    ("Entity", "EU_ReferenceNumber"): "euReferenceNumber",
    ("Entity", "SubjectType"): "code",
    ("Entity", "SubjectType_ClassificationCode"): "classificationCode",
    ("BirthDate", "BirthDate"): "birthdate",
    ("BirthDate", "Day"): "dayOfMonth",
    ("BirthDate", "Month"): "monthOfYear",
    ("Identification", "TypeCode"): "identificationTypeCode",
    ("Identification", "TypeDescription"): "identificationTypeDescription",
}
_DETAILS = {
    "NameAlias": "names",
    "Address": "addresses",
    "BirthDate": "birthdates",
    "Citizenship": "citizenships",
    "Identification": "identifications",
}


@dataclass
class _Raw:
    """One sanctionEntity as attribute dicts, whichever layout it came from."""

    attrs: dict[str, str]
    where: str
    subject: dict[str, str] = field(default_factory=dict)
    regulations: list[dict[str, str]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    names: list[dict[str, str]] = field(default_factory=list)
    addresses: list[dict[str, str]] = field(default_factory=list)
    birthdates: list[dict[str, str]] = field(default_factory=list)
    citizenships: list[dict[str, str]] = field(default_factory=list)
    identifications: list[dict[str, str]] = field(default_factory=list)


def sniff(path: Path, head: bytes) -> bool:
    """True for the FSF XML (its namespace) or CSV (``fileGenerationDate;Entity_LogicalId``)."""
    if NS.encode() in head[:4096] and b"<export" in head[:4096]:
        return True
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return first.startswith(b"fileGenerationDate;") and b"Entity_LogicalId" in first


def _date(text: str | None) -> date | None:
    """``YYYY-MM-DD`` (time ignored) or ``DD/MM/YYYY``; None when absent or invalid."""
    value = clean(text)
    try:
        if len(value) >= 10 and value[4] == "-":
            return date.fromisoformat(value[:10])
        if len(value) == 10 and value[2] == "/" and value[5] == "/":
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
    except ValueError:
        return None
    return None


def _published(text: str | None) -> datetime | date | None:
    value = clean(text)
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return _date(value)


def _flag(value: str | None) -> bool:
    return clean(value).lower() in ("true", "1", "yes", "y")


def _country(d: dict[str, str]) -> str | None:
    code = clean(d.get("countryIso2Code")).upper()
    if len(code) == 2 and code.isalpha():  # "00" is the FSF's "unknown"
        return code
    return to_iso2(clean(d.get("countryDescription"))) or None


# -- building one entity -----------------------------------------------------------------------


def _names(raw: _Raw, issues: list[RecordIssue], file: str) -> list[Name]:
    names: list[Name] = []
    for n in raw.names:
        whole = clean(n.get("wholeName"))
        if not whole:
            whole = " ".join(
                p for p in (clean(n.get(k)) for k in ("firstName", "middleName", "lastName")) if p
            )
        if not whole:
            continue
        strong = n.get("strong")
        weak = strong is not None and clean(strong) != "" and not _flag(strong)
        script = script_of(whole)
        lang = clean(n.get("nameLanguage")).lower() or None
        if weak:
            kind = NameKind.WEAK_ALIAS
        elif script not in (None, "Latn"):
            kind = NameKind.ORIGINAL_SCRIPT
        else:
            kind = NameKind.ALIAS
        names.append(Name(whole, kind, script=script if script != "Latn" else None, lang=lang))
    # The first strong Latin-script name is the primary; failing that, the first strong name.
    order = [i for i, n in enumerate(names) if n.kind is NameKind.ALIAS]
    order += [i for i, n in enumerate(names) if n.kind is NameKind.ORIGINAL_SCRIPT]
    if order:
        i = order[0]
        p = names.pop(i)
        names.insert(0, Name(p.full, NameKind.PRIMARY, p.script, p.lang))
    elif names:
        issues.append(
            RecordIssue(
                raw.where, "only weak aliases; the first is used as the name", file, "warning"
            )
        )
        p = names.pop(0)
        names.insert(0, Name(p.full, NameKind.PRIMARY, p.script, p.lang))
    return dedupe_names(names)


def _birth(d: dict[str, str]) -> tuple[FuzzyDate | None, str]:
    circa = "circa " if _flag(d.get("circa")) else ""
    day = _date(d.get("birthdate"))
    y, m, dd = clean(d.get("year")), clean(d.get("monthOfYear")), clean(d.get("dayOfMonth"))
    y1, y2 = clean(d.get("yearRangeFrom")), clean(d.get("yearRangeTo"))
    try:
        if day is not None:
            return FuzzyDate.day(day.year, day.month, day.day, f"{circa}{day.isoformat()}"), ""
        if y.isdigit() and len(y) == 4 and m.isdigit() and dd.isdigit():
            v = date(int(y), int(m), int(dd))
            return FuzzyDate.day(v.year, v.month, v.day, f"{circa}{v.isoformat()}"), ""
        if y.isdigit() and len(y) == 4 and m.isdigit() and 1 <= int(m) <= 12:
            return FuzzyDate.month(int(y), int(m), f"{circa}{y}-{int(m):02d}"), ""
        if y.isdigit() and len(y) == 4:
            return FuzzyDate.year(int(y), f"{circa}{y}"), ""
        if y1.isdigit() and y2.isdigit() and len(y1) == len(y2) == 4:
            return FuzzyDate.years(int(y1), int(y2), f"{circa}{y1}-{y2}"), ""
    except ValueError:
        pass
    text = " ".join(p for p in (clean(d.get("birthdate")), y, m, dd, y1, y2) if p)
    return None, clean(text)


def _place(d: dict[str, str], keys: Iterable[str]) -> str:
    return ", ".join(p for p in (clean(d.get(k)) for k in keys) if p)


def _ident(d: dict[str, str]) -> Identifier | None:
    number = clean(d.get("number")) or clean(d.get("latinNumber"))
    if not number:
        return None
    code = clean(d.get("identificationTypeCode")).lower()
    kind = _ID_KINDS.get(code, "other")
    notes = []
    label = clean(d.get("identificationTypeDescription"))
    if kind == "other" and (label or code):
        notes.append(label or code)
    for flag, text in (
        ("knownFalse", "known false"),
        ("reportedLost", "reported lost"),
        ("knownExpired", "known expired"),
        ("revokedByIssuer", "revoked by issuer"),
        ("diplomatic", "diplomatic"),
    ):
        if _flag(d.get(flag)):
            notes.append(text)
    for key, text in (("issuedDate", "issued"), ("validTo", "valid to"), ("issuedBy", "by")):
        if clean(d.get(key)):
            notes.append(f"{text} {clean(d.get(key))}")
    if clean(d.get("nameOnDocument")):
        notes.append(f"name on document: {clean(d.get('nameOnDocument'))}")
    if clean(d.get("remark")):
        notes.append(clean(d.get("remark")))
    return Identifier(kind, number, _country(d), "; ".join(notes) or None)


def _entity(raw: _Raw, src: str, file: str, issues: list[RecordIssue]) -> Entity | None:
    ref = clean(raw.attrs.get("euReferenceNumber"))
    logical = clean(raw.attrs.get("logicalId"))
    if not ref and not logical:
        issues.append(RecordIssue(raw.where, "entity has no euReferenceNumber or logicalId", file))
        return None
    if not ref:
        issues.append(
            RecordIssue(raw.where, "no euReferenceNumber; logicalId used as id", file, "warning")
        )
    names = _names(raw, issues, file)
    if not names:
        issues.append(RecordIssue(raw.where, "entity has no name", file))
        return None
    code = (clean(raw.subject.get("code")) or clean(raw.subject.get("classificationCode"))).lower()
    etype = _TYPES.get(code)
    if etype is None:
        etype = EntityType.PERSON if raw.birthdates else EntityType.ORGANIZATION
        issues.append(
            RecordIssue(raw.where, f"unknown subjectType {code!r} (type guessed)", file, "warning")
        )
    ent = Entity(source=src, source_id=ref or f"logicalId:{logical}", type=etype, names=names)
    props: dict[str, list[str]] = {}

    def add(key: str, value: str | None) -> None:
        v = clean(value)
        if v and v not in props.setdefault(key, []):
            props[key].append(v)

    add("logical_id", logical)
    add("eu_reference", ref)
    add("un_reference", raw.attrs.get("unitedNationId"))
    add("designation_details", raw.attrs.get("designationDetails"))
    for reg in raw.regulations:
        prog = clean(reg.get("programme"))
        if prog and prog not in ent.programs:
            ent.programs.append(prog)
        add("regulation", reg.get("numberTitle"))
        add("publication_url", reg.get("publicationUrl"))
    ent.listed_on = _date(raw.attrs.get("designationDate"))
    if ent.listed_on is None:
        dates = [d for d in (_date(r.get("publicationDate")) for r in raw.regulations) if d]
        ent.listed_on = min(dates) if dates else None
    ent.remarks = "; ".join(dict.fromkeys(r for r in (clean(x) for x in raw.remarks) if r)) or None
    for n in raw.names:
        add("position", n.get("function"))
        add("title", n.get("title"))
        g = _GENDER.get(clean(n.get("gender")).lower())
        if g and ent.gender is None:
            ent.gender = g
    for c in raw.citizenships:
        iso = _country(c)
        if iso and iso not in ent.nationalities:
            ent.nationalities.append(iso)
    for b in raw.birthdates:
        dob, text = _birth(b)
        if dob is not None:
            if dob not in ent.birth_dates:
                ent.birth_dates.append(dob)
        elif text:
            add("birth_date_text", text)
        keys = ["place", "city", "region"]
        if _country(b):  # "00"/"UNKNOWN" is no place
            keys.append("countryDescription")
        place = _place(b, keys)
        if place and place not in ent.birth_places:
            ent.birth_places.append(place)
    for a in raw.addresses:
        full = _place(
            a, ("street", "poBox", "zipCode", "city", "region", "place", "countryDescription")
        )
        iso = _country(a)
        if full:
            addr = Address(full, iso)
            if addr not in ent.addresses:
                ent.addresses.append(addr)
        if iso and iso not in ent.countries:
            ent.countries.append(iso)
        add("contact", a.get("contactInfo"))
    for d in raw.identifications:
        ident = _ident(d)
        if ident is not None and ident not in ent.identifiers:
            ent.identifiers.append(ident)
    ent.properties = {k: v for k, v in props.items() if v}
    return ent


# -- XML ---------------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: object) -> str:
    text = str(tag)
    return "namespace " + text[1:].split("}", 1)[0] if text.startswith("{") else "no namespace"


def _xml_raw(el: Any) -> _Raw:
    label = el.get("euReferenceNumber") or el.get("logicalId") or "?"
    raw = _Raw(attrs=dict(el.attrib), where=f"line {el.sourceline} (sanctionEntity {label})")
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
    seen: set[str] = set()
    with open_binary(path) as fh:
        events = etree.iterparse(
            fh,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            huge_tree=True,
            remove_comments=True,
        )
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
                        result.published = _published(el.get("generationDate"))
                    continue
                if el.tag != f"{_Q}sanctionEntity":
                    continue
                result.records_seen += 1
                raw = _xml_raw(el)
                _keep(_entity(raw, src, file, result.issues), result, seen, raw.where, file)
                # Bounded memory: drop the entity and the siblings already handled.
                el.clear(keep_tail=False)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            line, col = exc.position if exc.position else (0, 0)
            msg = clean(str(exc.msg if hasattr(exc, "msg") else exc)).split(" (line")[0]
            raise SourceError(
                f"malformed XML ({msg})", path=file, location=f"line {line}, column {col}"
            ) from None
    if not seen_root:
        raise SourceError("empty XML file", path=file, location="line 1")


# -- CSV ---------------------------------------------------------------------------------------


def _csv_key(column: str) -> tuple[str, str] | None:
    """``NameAlias_WholeName`` → (``NameAlias``, ``wholeName``); None for unknown prefixes."""
    prefix, _, rest = column.partition("_")
    if not rest or (prefix != "Entity" and prefix not in _DETAILS):
        return None
    if (prefix, rest) in _CSV_RENAMES:
        return prefix, _CSV_RENAMES[prefix, rest]
    if prefix == "Entity" and rest.startswith("Regulation_"):
        sub = rest.removeprefix("Regulation_")
        return "Regulation", sub[:1].lower() + sub[1:]
    return prefix, rest[:1].lower() + rest[1:]


def _csv_rows(path: Path, result: ParseResult) -> Iterator[tuple[str, dict[str, str]]]:
    file = str(path)
    reader = csv.reader(io.StringIO(read_text(path), newline=""), delimiter=";")
    try:
        header = [clean(h) for h in next(reader)]
    except StopIteration:
        raise SourceError("empty file", path=file, location="line 1") from None
    except csv.Error as exc:
        raise SourceError(f"unreadable CSV header ({exc})", path=file, location="line 1") from None
    if not header or header[0] != "fileGenerationDate" or "Entity_LogicalId" not in header:
        raise SourceError(
            "not an FSF CSV (header must start fileGenerationDate;…Entity_LogicalId)",
            path=file,
            location="line 1",
        )
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            result.records_seen += 1
            result.issues.append(
                RecordIssue(f"line {reader.line_num}", f"unreadable CSV ({exc})", file)
            )
            continue
        if not any(v.strip() for v in row):
            continue
        where = f"line {reader.line_num}"
        if len(row) != len(header):
            result.records_seen += 1
            result.issues.append(
                RecordIssue(
                    where, f"malformed row: expected {len(header)} fields, got {len(row)}", file
                )
            )
            continue
        yield where, dict(zip(header, row, strict=True))


def _csv_entities(path: Path, result: ParseResult, src: str) -> None:
    file = str(path)
    raws: dict[str, _Raw] = {}
    strength_checked = False
    for where, row in _csv_rows(path, result):
        if not strength_checked:
            strength_checked = True
            if "NameAlias_Strong" not in row:
                result.issues.append(
                    RecordIssue(
                        "line 1",
                        "the CSV layout has no NameAlias_Strong column: weak aliases cannot be "
                        "told from strong ones (load the XML for alias strength)",
                        file,
                        "warning",
                    )
                )
        if result.published is None:
            result.published = _published(row.get("fileGenerationDate"))
        groups: dict[str, dict[str, str]] = {}
        for col, value in row.items():
            key = _csv_key(col)
            if key is not None and clean(value):
                groups.setdefault(key[0], {})[key[1]] = value
        ent = groups.get("Entity", {})
        lid = clean(ent.get("logicalId"))
        if not lid:
            result.records_seen += 1
            result.issues.append(RecordIssue(where, "row has no Entity_LogicalId", file))
            continue
        raw = raws.get(lid)
        if raw is None:
            raw = raws[lid] = _Raw(attrs={}, where=f"{where} (Entity_LogicalId {lid})")
        for k, v in ent.items():
            if k in ("code", "classificationCode"):
                raw.subject.setdefault(k, v)
            elif k == "remark":
                if v not in raw.remarks:
                    raw.remarks.append(v)
            else:
                raw.attrs.setdefault(k, v)
        reg = groups.get("Regulation")
        if reg and reg not in raw.regulations:
            raw.regulations.append(reg)
        for prefix, attr in _DETAILS.items():
            detail = groups.get(prefix)
            bucket: list[dict[str, str]] = getattr(raw, attr)
            if detail and detail not in bucket:
                bucket.append(detail)
    seen: set[str] = set()
    for raw in raws.values():
        result.records_seen += 1
        _keep(_entity(raw, src, file, result.issues), result, seen, raw.where, file)


def _keep(ent: Entity | None, result: ParseResult, seen: set[str], where: str, file: str) -> None:
    """Add ``ent`` unless its id was already taken (a second entity with it is an issue)."""
    if ent is None:
        return
    if ent.source_id in seen:
        result.issues.append(
            RecordIssue(where, f"duplicate euReferenceNumber {ent.source_id}", file)
        )
        return
    seen.add(ent.source_id)
    result.entities.append(ent)


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse one FSF file, XML or CSV (gzip or plain)."""
    if len(paths) != 1:
        raise SourceError(f"eu_fsf parses one file at a time, got {len(paths)}")
    path = paths[0]
    src = source or SOURCE
    result = ParseResult(source=src, format=FORMAT, entities=[], files=[str(path)])
    head = read_head(path)
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"fileGenerationDate"):
        _csv_entities(path, result, src)
    else:
        _xml_entities(path, result, src)
    if result.published is None:
        result.issues.append(
            RecordIssue("line 1", "no valid generation date in the file", str(path), "warning")
        )
    return result
