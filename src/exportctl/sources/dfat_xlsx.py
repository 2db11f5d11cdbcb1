"""Australia DFAT Consolidated List XLSX → entities (``au_dfat``).

One row per name. ``Reference`` is ``2`` for the primary row and ``2a``, ``2b``, ``34c1`` … for
the party's other names, so the leading number groups rows into one entity. The sheet is typed
by hand: ``Type`` and ``Name Type`` come in many case/whitespace variants (normalised here;
values we do not know become a warning), birth dates are free text in dozens of shapes (Excel
serials, ``a) 1955 b) 1960``, ``Between 1945 and 1950``, ``12 Jan. 1970`` …), citizenship is a
demonym list (``Russian and Ukrainian``). ``Control Date`` is an Excel serial; the newest one is
the list's publication date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, FuzzyDate, Name, NameKind
from exportctl.sources._util import clean, dedupe_names, language_label, script_of
from exportctl.sources._xlsx import iter_rows, peek_workbook
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.text.regex_guards import RUN_START

__all__ = ["FORMAT", "excel_date", "parse", "parse_dates", "sniff"]

FORMAT = "dfat_xlsx"
SOURCE = "au_dfat"

_TYPES = {"individual": EntityType.PERSON, "entity": EntityType.ORGANIZATION}
_NAME_KINDS = {
    "primary name": NameKind.PRIMARY,
    "aka": NameKind.ALIAS,
    "original script": NameKind.ORIGINAL_SCRIPT,
    "formerly known as": NameKind.FORMER,
    "previously listed as": NameKind.FORMER,
    "fka": NameKind.FORMER,
}
_COLUMNS = {
    "reference": "ref",
    "name of individual or entity": "name",
    "type": "type",
    "name type": "name_type",
    "date of birth": "dob",
    "place of birth": "pob",
    "citizenship": "citizenship",
    "address": "address",
    "additional information": "info",
    "listing information": "listing",
    "committees": "committees",
    "control date": "control",
}
_REF = re.compile(r"^\s*(\d+)\s*([a-z]*\d*)\s*$", re.IGNORECASE)
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (1900 date system, leap-year bug included)
_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_D_MON_Y = re.compile(rf"^(\d{{1,2}})[.\s-]*{_MON}[,\s-]*(\d{{4}})$", re.IGNORECASE)
_MON_D_Y = re.compile(rf"^{_MON}\s*(\d{{1,2}}),?\s*(\d{{4}})$", re.IGNORECASE)
_MY = re.compile(r"^(\d{1,2})/(\d{4})$")
_MON_Y = re.compile(rf"^{_MON},?\s*(\d{{4}})$", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_RANGE = re.compile(r"^(?:between\s+)?(\d{4})\s*(?:-|–|/|and|to)\s*(\d{4})$", re.IGNORECASE)
_SPAN = re.compile(r"^(.+?)\s+to\s+(.+)$", re.IGNORECASE)
_DMY_ANY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
_LETTERED = re.compile(r"(?:^|\s|;)\(?[a-z]\)\s*")
# (RUN_START: no match starts inside a run of spaces; text/regex_guards.py, hang28)
_ALT_SPLIT = re.compile(
    r";|" + RUN_START + r"\s+or\s+|>>|\balt\.?\s*(?:dob)?:?|\balternative(?:ly)?\b|\n",
    re.IGNORECASE,
)
_FUZZ_WORDS = re.compile(r"\b(approximately|approx\.?|circa|c\.|about|possibly|born)\s*", re.I)
_LISTED_DATE = re.compile(
    rf"(\d{{1,2}}\.?\s*{_MON},?\s*\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})", re.IGNORECASE
)
_CITIZEN_SPLIT = re.compile(RUN_START + r"\s*(?:;|,|/|\band\b|\n)\s*")


def sniff(path: Path, head: bytes) -> bool:
    """An XLSX whose first strings are DFAT's header (``Name of Individual or Entity`` …)."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    strings = peek_workbook(path)
    return b">Name of Individual or Entity<" in strings and b">Control Date<" in strings


def excel_date(serial: str) -> date | None:
    """An Excel serial day number (``45607``) as a date; None when not a plausible serial."""
    try:
        n = float(serial)
    except ValueError:
        return None
    if not 1 <= n < 2958466:  # 9999-12-31
        return None
    return _EXCEL_EPOCH + timedelta(days=int(n))


def _one_date(text: str) -> FuzzyDate | None:
    """One date in any of the list's shapes, or None."""
    value = clean(_FUZZ_WORDS.sub("", text)).strip(" .,;()")
    # Drop remarks in brackets, closed or not: "(as at 2003)", "(this aka only".
    value = re.sub(r"\(.*?(?:\)|$)", "", value).strip(" .,;")
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}", value):
            return FuzzyDate.year(int(value), text.strip())
        if re.fullmatch(r"\d{5}(\.0+)?", value):
            d = excel_date(value)
            return FuzzyDate.day(d.year, d.month, d.day) if d else None
        m = _DMY.match(value)
        if m:
            return FuzzyDate.day(int(m.group(3)), int(m.group(2)), int(m.group(1)), value)
        m = _YMD.match(value)
        if m:
            return FuzzyDate.day(int(m.group(1)), int(m.group(2)), int(m.group(3)), value)
        m = _D_MON_Y.match(value)
        if m:
            mon = _MONTHS[m.group(2).lower()]
            return FuzzyDate.day(int(m.group(3)), mon, int(m.group(1)), value)
        m = _MON_D_Y.match(value)
        if m:
            mon = _MONTHS[m.group(1).lower()]
            return FuzzyDate.day(int(m.group(3)), mon, int(m.group(2)), value)
        m = _MY.match(value)
        if m:
            return FuzzyDate.month(int(m.group(2)), int(m.group(1)), value)
        m = _MON_Y.match(value)
        if m:
            return FuzzyDate.month(int(m.group(2)), _MONTHS[m.group(1).lower()], value)
        m = _RANGE.match(value)
        if m:
            return FuzzyDate.years(int(m.group(1)), int(m.group(2)), value)
        m = _SPAN.match(value)
        if m:
            a, b = _one_date(m.group(1)), _one_date(m.group(2))
            if a and b and a.earliest <= b.latest:
                return FuzzyDate(a.earliest, b.latest, "range", value)
        m = re.fullmatch(rf"between\s+{_MON}\s+and\s+{_MON}\s*(\d{{4}})", value, re.I)
        if m:
            return FuzzyDate.year(int(m.group(3)), value)
    except (ValueError, KeyError):
        return None
    return None


def parse_dates(text: str) -> tuple[list[FuzzyDate], list[str]]:
    """All birth dates in a DFAT cell, and the pieces that could not be read.

    Alternatives are split on ``a) … b)``, ``;``, ``or``, ``>>`` and ``alt DOB:``.
    """
    value = clean(text.replace("\xa0", " "))
    if not value or value.lower() in ("na", "n/a", "-", "unknown"):
        return [], []
    whole = _one_date(value)
    if whole:
        return [whole], []
    dates: list[FuzzyDate] = []
    bad: list[str] = []
    for chunk in _LETTERED.split(" " + value):
        for piece in _ALT_SPLIT.split(chunk):
            piece = clean(piece).strip(" .,;:")
            if not piece:
                continue
            d = _one_date(piece)
            found = [d] if d else [x for x in map(_one_date, _DMY_ANY.findall(piece)) if x]
            if not found:
                bad.append(piece)
            for d in found:
                if d not in dates:
                    dates.append(d)
    return dates, bad


def _lettered(text: str | None) -> list[str]:
    """``"a) X b) Y"`` → ``["X", "Y"]``; ``NA``/empty → ``[]``."""
    value = clean((text or "").replace("\xa0", " "))
    if not value or value.lower() in ("na", "n/a", "-"):
        return []
    parts = [clean(p).strip(" ;,") for p in _LETTERED.split(" " + value)]
    return [p for p in parts if p]


class _Group:
    def __init__(self, number: str, first_row: int) -> None:
        self.number = number
        self.first_row = first_row
        self.rows: list[tuple[int, dict[str, str]]] = []


def _header(path: Path, row_no: int, cells: dict[int, str]) -> dict[int, str]:
    cols = {i: _COLUMNS.get(clean(v).lower(), "") for i, v in cells.items()}
    missing = [c for c in ("ref", "name", "type", "name_type") if c not in cols.values()]
    if missing:
        raise SourceError(
            f"not a DFAT consolidated list header (missing {', '.join(missing)})",
            path=str(path),
            location=f"sheet 1 row {row_no}",
        )
    return {i: c for i, c in cols.items() if c}


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse the DFAT consolidated XLSX: one entity per Reference number."""
    src = source or SOURCE
    result = ParseResult(source=src, format=FORMAT, entities=[])
    for path in paths:
        result.files.append(str(path))
        file = path.name
        header: dict[int, str] | None = None
        groups: dict[str, _Group] = {}
        control_max: date | None = None
        for row_no, cells in iter_rows(path):
            if header is None:
                header = _header(path, row_no, cells)
                continue
            if not cells:
                continue
            r = {header[i]: v for i, v in cells.items() if i in header}
            m = _REF.match(r.get("ref", ""))
            if not m:
                result.records_seen += 1
                result.issues.append(
                    RecordIssue(f"row {row_no}", f"bad Reference {r.get('ref', '')!r}", file)
                )
                continue
            groups.setdefault(m.group(1), _Group(m.group(1), row_no)).rows.append((row_no, r))
            cd = excel_date(r.get("control", ""))
            if cd and (control_max is None or cd > control_max):
                control_max = cd
        if header is None:
            raise SourceError("empty worksheet", path=str(path), location="sheet 1")
        for group in groups.values():
            result.records_seen += 1
            entity = _build(group, src, file, result.issues)
            if entity is None:
                result.issues.append(
                    RecordIssue(
                        f"row {group.first_row}", f"Reference {group.number}: no name", file
                    )
                )
                continue
            result.entities.append(entity)
        if control_max and (result.published is None or control_max > result.published):
            result.published = control_max
    return result


def _build(group: _Group, source: str, file: str, issues: list[RecordIssue]) -> Entity | None:
    def warn(row: int, reason: str) -> None:
        issues.append(
            RecordIssue(f"row {row}", f"Reference {group.number}: {reason}", file, "warning")
        )

    def add(seq: list[str], value: str | None) -> None:
        if value and value not in seq:
            seq.append(value)

    names: list[Name] = []
    etype: EntityType | None = None
    births: list[FuzzyDate] = []
    places: list[str] = []
    nationalities: list[str] = []
    countries: list[str] = []
    addresses: list[Address] = []
    programs: list[str] = []
    remarks: list[str] = []
    props: dict[str, list[str]] = {}
    listed: list[date] = []
    for row_no, r in group.rows:
        raw_type = r.get("type", "")
        t = _TYPES.get(clean(raw_type).lower())
        if t is None:
            warn(row_no, f"unknown Type {raw_type!r}")
        elif etype is None:
            etype = t
        raw_kind = r.get("name_type", "")
        kind = _NAME_KINDS.get(clean(raw_kind).lower())
        if kind is None:
            warn(row_no, f"unknown Name Type {raw_kind!r}, kept as alias")
            kind = NameKind.ALIAS
        full = clean(r.get("name"))
        if full:
            full, lang = language_label(full)
            names.append(Name(full, kind, script_of(full), lang))
        dates, bad = parse_dates(r.get("dob", ""))
        for d in dates:
            if d not in births:
                births.append(d)
        for piece in bad:
            add(props.setdefault("birth_date_text", []), piece)
        for place in _lettered(r.get("pob")):
            add(places, place)
        for part in _lettered(r.get("citizenship")):
            part = _FUZZ_WORDS.sub("", re.sub(r"\(.*?(?:\)|$)", "", part))
            for c in _CITIZEN_SPLIT.split(part):
                c = clean(c).strip(" .")
                if not c:
                    continue
                code = to_iso2(c)
                if code:
                    add(nationalities, code)
                else:
                    add(props.setdefault("citizenship_text", []), c)
        for a in _lettered(r.get("address")):
            code = to_iso2(re.sub(r"\(.*?(?:\)|$)", "", a).rsplit(",", 1)[-1])
            addr = Address(a, code)
            if addr not in addresses:
                addresses.append(addr)
            add(countries, code)
        for p in _lettered(r.get("committees")) or [clean(r.get("committees"))]:
            add(programs, p)
        add(remarks, clean(r.get("info")) or None)
        listing = clean(r.get("listing"))
        if listing:
            add(props.setdefault("listing_information", []), listing)
            m = _LISTED_DATE.search(listing)
            when = _one_date(m.group(1)) if m else None
            if when and when.precision == "day":
                listed.append(when.earliest)
        cd = excel_date(r.get("control", ""))
        if cd:
            add(props.setdefault("control_date", []), cd.isoformat())
        add(props.setdefault("reference", []), clean(r.get("ref")))
    if etype is None:
        etype = EntityType.ORGANIZATION
    names = dedupe_names(names)
    if not names:
        return None
    if not any(n.kind is NameKind.PRIMARY for n in names):
        warn(group.first_row, "no Primary Name row; first name used as primary")
        first = names[0]
        names[0] = Name(first.full, NameKind.PRIMARY, first.script, first.lang)
    primaries = [n for n in names if n.kind is NameKind.PRIMARY]
    names = primaries[:1] + [
        n if n.kind is not NameKind.PRIMARY else Name(n.full, NameKind.ALIAS, n.script)
        for n in names
        if n is not primaries[0]
    ]
    if "birth_date_text" in props:
        warn(group.first_row, f"unreadable birth date(s) {props['birth_date_text']}")
    return Entity(
        source=source,
        source_id=group.number,
        type=etype,
        names=names,
        birth_dates=births,
        birth_places=places,
        nationalities=nationalities,
        countries=countries,
        addresses=addresses,
        programs=[p for p in programs if p],
        listed_on=min(listed) if listed else None,
        remarks="\n".join(remarks) or None,
        properties={k: v for k, v in props.items() if v},
    )
