"""UK Sanctions List (FCDO), ODS / XLSX / CSV → ``gb_fcdo``.

The FCDO publishes the UK Sanctions List (every UK designation, under the Sanctions and
Anti-Money Laundering Act 2018) separately from OFSI's financial-sanctions Consolidated List
(``gb_hmt``). Its spreadsheet forms share one table: an optional ``Report Date:`` line, then a
header, then one row per name of a designation (``Unique ID`` such as ``RUS1234`` groups them).
Columns are found by header name (case, spaces and punctuation ignored), so the full layout
(``Last Updated, Unique ID, OFSI Group ID, UN Reference Number, Name 6, Name 1 … Name 5,
Name type, Alias strength, Title, Name non-latin script, … Regime Name, Designation Type,
Designation source, Sanctions Imposed, … Date Designated, D.O.B, Nationality(/ies) …``) and
the reduced 8-column export (``Unique ID, OFSI Group ID, Name, Regime Name, Type,
Designation source, Date Designated, Sanctions Imposed``) both load.

What a file lacks is said, not guessed: a layout without aliases, dates of birth,
nationalities, addresses, identifiers or the UN reference number gets one load warning naming
the missing columns (a UN designation then cannot be joined to its UN entry).
``Designation source`` (UK / UN / UK|UN) is kept in ``properties["designation_source"]``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, FuzzyDate, Identifier, Name, NameKind
from exportctl.sources import _ods, _xlsx
from exportctl.sources._io import read_head, read_text
from exportctl.sources._util import clean, dedupe_names, script_of
from exportctl.sources.base import ParseResult, RecordIssue

__all__ = ["FORMAT", "parse", "sniff"]

FORMAT = "uk_fcdo"
SOURCE = "gb_fcdo"
_TYPES = {
    "individual": EntityType.PERSON,
    "entity": EntityType.ORGANIZATION,
    "ship": EntityType.VESSEL,
}
# Columns a full UK Sanctions List has; a layout without them gets one warning saying so.
_DETAIL_COLUMNS = {
    "aliases": ("nametype",),
    "UN reference numbers": ("unreferencenumber",),
    "dates of birth": ("dob",),
    "nationalities": ("nationalityies", "nationality"),
    "addresses": ("addresscountry", "addressline1"),
    "identifiers (passport, national id, IMO, registration)": (
        "passportnumber",
        "nationalidentifiernumber",
        "imonumber",
        "businessregistrationnumbers",
    ),
    "non-Latin names": ("namenonlatinscript",),
}
# Identifier columns: (column, identifier kind, column of its note or "").
_ID_COLUMNS = (
    ("passportnumber", "passport", "passportadditionalinformation"),
    ("nationalidentifiernumber", "national_id", "nationalidentifieradditionalinformation"),
    ("imonumber", "imo", ""),
    ("businessregistrationnumbers", "registration", ""),
)
_IMO_PREFIX = re.compile(r"^IMO\s*(?=\d)", re.I)
# Detail columns kept as properties (column key → property, the names OFSI's parser uses).
_DETAIL_PROPS = {
    "typeofentity": "legal_form",
    "parentcompany": "parent_company",
    "subsidiaries": "subsidiaries",
    "phonenumber": "phone",
    "emailaddress": "email",
    "website": "website",
    "currentowneroperators": "vessel_owner",
    "currentbelievedflagofship": "flag",
    "previousflags": "previous_flags",
    "typeofship": "vessel_type",
    "tonnageofship": "tonnage",
    "lengthofship": "vessel_length",
    "yearbuilt": "build_year",
    "hullidentificationnumberhin": "hull_id",
}
# Properties whose text joins several values with "|" (``UK|UN``, ``Asset freeze|Travel Ban``).
_PIPED = {"designation_source", "sanctions_imposed"}
_REPORT_DATE = re.compile(r"report date\W*(\d{1,2})[-/ ](\w+)[-/ ](\d{4})", re.I)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _is_header(cells: dict[int, str]) -> bool:
    keys = {_key(v) for v in cells.values()}
    return "uniqueid" in keys and ("designationsource" in keys or "regimename" in keys)


def sniff(path: Path, head: bytes) -> bool:
    """ODS, XLSX or CSV whose header names ``Unique ID`` and ``Designation source``."""
    if _ods.is_ods(path, head):
        try:
            for _, cells in _ods.iter_rows(path):
                return _is_header(cells) or any("report date" in v.lower() for v in cells.values())
        except SourceError:
            return False
        return False
    if head.startswith(b"PK\x03\x04"):
        strings = _xlsx.peek_workbook(path)
        return b">Unique ID<" in strings and b">Designation source<" in strings.replace(
            b">Designation Source<", b">Designation source<"
        )
    text = head.decode("utf-8", "replace").lower()
    return "unique id" in text and "designation source" in text and "," in text


def _rows(path: Path, head: bytes) -> Iterator[tuple[int, dict[int, str]]]:
    if _ods.is_ods(path, head):
        yield from _ods.iter_rows(path)
    elif head.startswith(b"PK\x03\x04"):
        yield from _xlsx.iter_rows(path)
    else:
        reader = csv.reader(io.StringIO(read_text(path), newline=""))
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise SourceError(
                    f"unreadable CSV ({exc})", path=str(path), location=f"line {reader.line_num}"
                ) from None
            yield reader.line_num, {i: v.strip() for i, v in enumerate(row) if v.strip()}


def parse_date(text: str) -> date | None:
    """``DD-MM-YYYY`` / ``DD/MM/YYYY`` / ISO, or None."""
    value = clean(text)
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date.fromisoformat(value[:10]) if len(value) >= 10 else None
    except ValueError:
        return None


def _dob(text: str) -> FuzzyDate | None:
    """``DD/MM/YYYY`` with ``00`` or ``dd``/``mm`` for unknown parts."""
    m = re.fullmatch(r"(\d{2}|dd)[-/](\d{2}|mm)[-/](\d{4})", clean(text).lower())
    if not m:
        return None
    d, mo, y = m.groups()
    try:
        if d.isdigit() and mo.isdigit() and int(d) and int(mo):
            return FuzzyDate.day(int(y), int(mo), int(d))
        if mo.isdigit() and int(mo):
            return FuzzyDate.month(int(y), int(mo))
        return FuzzyDate.year(int(y))
    except ValueError:
        return None


def _published(cells: dict[int, str]) -> date | None:
    for v in cells.values():
        m = _REPORT_DATE.search(v)
        if m:
            day, mon, year = m.groups()
            month = int(mon) if mon.isdigit() else _MONTHS.get(mon[:3].lower(), 0)
            try:
                return date(int(year), month, int(day))
            except ValueError:
                return None
    return None


class RowGroup:
    """The rows of one Unique ID (the XML form builds the same rows from a ``<Designation>``)."""

    def __init__(self, uid: str, where: str) -> None:
        self.uid = uid
        self.where = where
        self.rows: list[dict[str, str]] = []


_NAME_PARTS = tuple(f"name{i}" for i in range(1, 7))


def _check_name_columns(keys: set[str], path: Path, where: str) -> None:
    """Refuse a header that has no name column, or only some of the six name parts.

    A renamed or missing ``Name 1`` column loaded every party without its first names, and no
    issue said so (found by renaming header cells of real files); the summary layout has one
    ``Name`` column instead of the six parts.
    """
    parts = [k for k in _NAME_PARTS if k in keys]
    if "name" in keys and not parts:
        return
    missing = [f"Name {k[-1]}" for k in _NAME_PARTS if k not in keys]
    if parts and missing:
        raise SourceError(
            f"the header has name parts but not {', '.join(missing)}: names would be "
            "loaded incomplete",
            path=str(path),
            location=where,
        )
    if not parts:
        raise SourceError(
            "the header has no Name or Name 1..6 column", path=str(path), location=where
        )


def _full_name(f: dict[str, str]) -> str:
    if f.get("name"):
        return clean(f["name"])
    parts = [clean(f.get(f"name{i}")) for i in (1, 2, 3, 4, 5)]
    return " ".join(p for p in [*parts, clean(f.get("name6"))] if p)


def group_entity(g: RowGroup, src: str, file: str, issues: list[RecordIssue]) -> Entity | None:
    first = g.rows[0]
    typ = clean(first.get("designationtype") or first.get("type")).lower()
    etype = _TYPES.get(typ)
    if etype is None:
        issues.append(RecordIssue(g.where, f"unknown designation type {typ!r}", file, "warning"))
        etype = EntityType.ORGANIZATION
    names: list[Name] = []
    primary: list[Name] = []
    for f in g.rows:
        full = _full_name(f)
        kind_text = clean(f.get("nametype")).lower()
        strength = clean(f.get("aliasstrength")).lower()
        if full:
            if kind_text.startswith("primary name") and "variation" not in kind_text:
                primary.append(Name(full, NameKind.PRIMARY))
            elif "low" in strength or "weak" in strength:
                names.append(Name(full, NameKind.WEAK_ALIAS))
            elif kind_text or not primary:
                (names if kind_text else primary).append(
                    Name(full, NameKind.ALIAS if kind_text else NameKind.PRIMARY)
                )
            else:
                names.append(Name(full, NameKind.ALIAS))
        orig = clean(f.get("namenonlatinscript"))
        if orig:
            lang = clean(f.get("nonlatinscriptlanguage")).lower() or None
            names.append(Name(orig, NameKind.ORIGINAL_SCRIPT, script_of(orig), lang))
    if not primary:
        if not names:
            issues.append(RecordIssue(g.where, "designation has no name", file))
            return None
        p = names.pop(0)
        primary.append(Name(p.full, NameKind.PRIMARY, p.script, p.lang))
    ent = Entity(
        source=src,
        source_id=g.uid,
        type=etype,
        names=dedupe_names([primary[0], *primary[1:], *names]),
    )
    # Later primary rows of the same designation are spellings of it: aliases.
    ent.names = [ent.names[0]] + [
        Name(n.full, NameKind.ALIAS) if n.kind is NameKind.PRIMARY else n for n in ent.names[1:]
    ]
    props: dict[str, list[str]] = {}

    def add(key: str, value: str | None) -> None:
        for v in clean(value).split("|") if key in _PIPED else [clean(value)]:
            v = v.strip()
            if v and v not in props.setdefault(key, []):
                props[key].append(v)

    for f in g.rows:
        regime = clean(f.get("regimename"))
        if regime and regime not in ent.programs:
            ent.programs.append(regime)
        add("designation_source", f.get("designationsource"))
        add("ofsi_group_id", f.get("ofsigroupid"))
        add("un_reference", f.get("unreferencenumber"))
        add("sanctions_imposed", f.get("sanctionsimposed"))
        add("title", f.get("title"))
        add("position", f.get("position"))
        add("statement_of_reasons", f.get("ukstatementofreasons"))
        add("other_information", f.get("otherinformation"))
        add("last_updated", f.get("lastupdated"))
        for column, key in _DETAIL_PROPS.items():
            add(key, f.get(column))
        for key in ("nationalityies", "nationality"):
            for part in re.split(r"[;,]|\(\d+\)", clean(f.get(key))):
                c = to_iso2(part.strip())
                if c and c not in ent.nationalities:
                    ent.nationalities.append(c)
        dob_text = clean(f.get("dob"))
        if dob_text:
            d = _dob(dob_text)
            if d is None:
                add("birth_date_text", dob_text)
            elif d not in ent.birth_dates:
                ent.birth_dates.append(d)
        place = ", ".join(
            p for p in (clean(f.get("townofbirth")), clean(f.get("countryofbirth"))) if p
        )
        if place and place not in ent.birth_places:
            ent.birth_places.append(place)
        lines = [clean(f.get(f"addressline{i}")) for i in range(1, 7)]
        country = clean(f.get("addresscountry"))
        full = ", ".join(p for p in [*lines, clean(f.get("addresspostalcode")), country] if p)
        if full:
            addr = Address(full, to_iso2(country) if country else None)
            if addr not in ent.addresses:
                ent.addresses.append(addr)
            if addr.country and addr.country not in ent.countries:
                ent.countries.append(addr.country)
        for key, kind, info in _ID_COLUMNS:
            value = clean(f.get(key))
            if kind == "imo":  # published both as "IMO9562233" and "9562233": one number
                value = _IMO_PREFIX.sub("", value)
            note = clean(f.get(info)) if info else ""
            if value:
                ident = Identifier(kind, value, None, note or None)
                if ident not in ent.identifiers:
                    ent.identifiers.append(ident)
            elif note:  # a note without a number ("passport held, number unknown"): kept
                add(f"{kind}_note", note)
        gender = clean(f.get("gender")).lower()
        if gender in ("male", "female"):
            ent.gender = gender
    listed = [d for d in (parse_date(f.get("datedesignated", "")) for f in g.rows) if d]
    ent.listed_on = min(listed) if listed else None
    raw_listed = clean(first.get("datedesignated"))
    if raw_listed and ent.listed_on is None:
        issues.append(RecordIssue(g.where, f"bad Date Designated {raw_listed!r}", file, "warning"))
    ent.properties = {k: v for k, v in props.items() if v}
    return ent


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse one UK Sanctions List file (ODS, XLSX or CSV)."""
    if len(paths) != 1:
        raise SourceError(f"uk_fcdo parses one file at a time, got {len(paths)}")
    path = paths[0]
    file = str(path)
    src = source or SOURCE
    result = ParseResult(source=src, format=FORMAT, entities=[], files=[file])
    header: dict[int, str] | None = None
    groups: dict[str, RowGroup] = {}
    for row_no, cells in _rows(path, read_head(path)):
        where = f"row {row_no}"
        if header is None:
            if _is_header(cells):
                header = {i: _key(v) for i, v in cells.items()}
                _check_name_columns(set(header.values()), path, where)
            elif result.published is None:
                result.published = _published(cells)
            continue
        f = {header[i]: v for i, v in cells.items() if i in header}
        if len(cells) > len(f):
            result.issues.append(
                RecordIssue(where, "cells beyond the header's columns ignored", file, "warning")
            )
        uid = clean(f.get("uniqueid"))
        if not uid:
            result.records_seen += 1
            result.issues.append(RecordIssue(where, "row has no Unique ID", file))
            continue
        g = groups.get(uid)
        if g is None:
            g = groups[uid] = RowGroup(uid, f"{where} ({uid})")
        g.rows.append(f)
    if header is None:
        raise SourceError("no UK Sanctions List header (Unique ID … Designation source)", path=file)
    missing = [
        label for label, keys in _DETAIL_COLUMNS.items() if not set(keys) & set(header.values())
    ]
    if missing:
        result.issues.append(
            RecordIssue(
                "header",
                "reduced layout: no columns for " + ", ".join(missing) + "; only names, regimes, "
                "designation source and dates are loaded (load the full UK Sanctions List for "
                "the rest)",
                file,
                "warning",
            )
        )
    for g in groups.values():
        result.records_seen += 1
        ent = group_entity(g, src, file, result.issues)
        if ent is not None:
            result.entities.append(ent)
    if result.published is None:
        dates = [e.listed_on for e in result.entities if e.listed_on]
        result.issues.append(
            RecordIssue(
                "header",
                "no Report Date in the file; publication date unknown"
                + (f" (latest designation {max(dates).isoformat()})" if dates else ""),
                file,
                "warning",
            )
        )
    return result
