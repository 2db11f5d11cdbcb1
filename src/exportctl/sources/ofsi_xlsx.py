"""UK HM Treasury OFSI Consolidated List ("ConList", 2022 format) as XLSX → entities (``gb_hmt``).

Layout: row 1 holds ``Last Updated`` and the list's date; row 2 the 36-column header; then one
row per *name*. Rows sharing a ``Group ID`` are one listed party; the sheet also repeats a
party's rows once per birth date, so names and facts are de-duplicated per group.

Name parts ``Name 1``..``Name 5`` are given/middle names and ``Name 6`` the surname (or the whole
name of an entity or ship); the full name is written in natural order. ``Alias Type`` and
``Alias Quality`` give the :class:`NameKind` (``Low quality`` → weak alias). ``Other Information``
packs ``(Key):value`` fields; the UK Sanctions List reference, UN reference, gender, IMO number,
business registration number, ship flag and contact details are taken from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, FuzzyDate, Identifier, Name, NameKind
from exportctl.sources._util import clean, dedupe_names, script_of, un_reference
from exportctl.sources._xlsx import XlsxRow, iter_rows, peek_workbook
from exportctl.sources.base import ParseResult, RecordIssue

__all__ = ["FORMAT", "parse", "parse_dob", "sniff", "split_numbered"]

FORMAT = "ofsi_xlsx"
SOURCE = "gb_hmt"

_TYPES = {
    "individual": EntityType.PERSON,
    "entity": EntityType.ORGANIZATION,
    "ship": EntityType.VESSEL,
}
_ALIAS_KINDS = {
    "primary name": NameKind.PRIMARY,
    "primary name variation": NameKind.ALIAS,
    "aka": NameKind.ALIAS,
    "fka": NameKind.FORMER,
}
# "Non-Latin Script Language" as OFSI writes it → ISO 639-1 (only the values the list uses).
_LANGS = {
    "russian": "ru",
    "persian": "fa",
    "farsi": "fa",
    "arabic": "ar",
    "belarusian": "be",
    "ukrainian": "uk",
    "chinese": "zh",
    "georgian": "ka",
    "hebrew": "he",
    "korean": "ko",
    "thai": "th",
    "greek": "el",
    "burmese": "my",
    "myanmar": "my",
}
# Fields of "Other Information" kept as entity properties (OFSI key → property name).
_OTHER_PROPS = {
    "uk sanctions list ref": "uk_sanctions_list_ref",
    "un ref": "un_ref",
    "phone number": "phone",
    "tel": "phone",
    "fax": "fax",
    "email address": "email",
    "website": "website",
    "type of entity": "legal_form",
    "parent company": "parent_company",
    "subsidiaries": "subsidiaries",
    "type of ship": "vessel_type",
    "tonnage of ship": "tonnage",
    "length of ship": "vessel_length",
    "year built": "build_year",
    "current owners": "vessel_owner",
    "previous flags": "previous_flags",
}
# The columns without which a name, or the grouping of names into parties, would be lost: a
# ConList whose "Name 1" header was renamed loaded every party without its first names, and
# one without "Name Non-Latin Script" lost 3,222 names, with no issue (found by fuzzing).
_REQUIRED = (
    *(f"name {i}" for i in range(1, 7)),
    "name non-latin script",
    "group id",
    "group type",
    "alias type",
)
_OTHER_KEY = re.compile(r"\(([A-Za-z][A-Za-z ]{1,40})\):")
_NUMBERED = re.compile(r"\(\s*(\d{1,2})\s*\)")
_DOB_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_DOB_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def sniff(path: Path, head: bytes) -> bool:
    """An XLSX whose first strings are the ConList header (``Name 6`` … ``Group ID``)."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    strings = peek_workbook(path)
    return b">Name 6<" in strings and b">Group ID<" in strings and b">Alias Type<" in strings


def split_numbered(text: str | None) -> list[str]:
    """``"(1) A (2) B."`` → ``["A", "B"]``; unnumbered → ``[value]``; ``-`` parts dropped."""
    value = clean(text)
    if not value:
        return []
    parts = _NUMBERED.split(value)
    if len(parts) == 1:
        items = [value]
    else:
        # parts = [before, "1", text1, "2", text2, ...]
        items = [parts[i] for i in range(2, len(parts), 2)]
        if clean(parts[0]):
            items.insert(0, parts[0])
    out = [clean(i).strip(" .;,") for i in items]
    return [i for i in out if i and i != "-"]


def parse_dob(text: str) -> FuzzyDate:
    """OFSI birth dates: ``dd/mm/yyyy`` with ``00`` for unknown parts, ``mm/yyyy``, ``yyyy``.

    ``00/00/1970`` → the year 1970; ``00/05/1970`` → May 1970. ValueError when not a date.
    """
    value = clean(text)
    m = _DOB_DAY.match(value)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if mo == 0:
            return FuzzyDate.year(y, value)
        if d == 0:
            return FuzzyDate.month(y, mo, value)
        return FuzzyDate.day(y, mo, d, value)
    m = _DOB_MONTH.match(value)
    if m:
        mo, y = int(m.group(1)), int(m.group(2))
        return FuzzyDate.year(y, value) if mo == 0 else FuzzyDate.month(y, mo, value)
    if re.fullmatch(r"\d{4}", value):
        return FuzzyDate.year(int(value), value)
    raise ValueError(f"not an OFSI date: {value!r}")


def _dmy(text: str | None) -> date | None:
    m = _DMY.match(clean(text))
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _other_fields(text: str) -> list[tuple[str, str]]:
    """``(Key):value`` pairs of the Other Information cell, in order."""
    marks = list(_OTHER_KEY.finditer(text))
    out: list[tuple[str, str]] = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append((m.group(1).strip().lower(), clean(text[m.end() : end]).rstrip(" .")))
    return out


@dataclass
class _Group:
    first_row: int
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


class _Builder:
    """Turns the rows of one Group ID into an entity, collecting warnings."""

    def __init__(self, file: str, source: str) -> None:
        self.file = file
        self.source = source
        self.issues: list[RecordIssue] = []

    def warn(self, row: int, reason: str) -> None:
        self.issues.append(RecordIssue(f"row {row}", reason, self.file, "warning"))

    def build(self, gid: str, group: _Group) -> Entity:
        first = group.rows[0][1]
        gtype = first.get("group type", "")
        etype = _TYPES.get(gtype.lower())
        if etype is None:
            self.warn(
                group.first_row, f"Group ID {gid}: unknown Group Type {gtype!r}, kept as entity"
            )
            etype = EntityType.ORGANIZATION
        names: list[Name] = []
        births: list[FuzzyDate] = []
        nationalities: list[str] = []
        countries: list[str] = []
        addresses: list[Address] = []
        identifiers: list[Identifier] = []
        programs: list[str] = []
        birth_places: list[str] = []
        props: dict[str, list[str]] = {}
        listed: list[date] = []
        remarks: list[str] = []
        gender: str | None = None

        def add(seq: list[str], value: str | None) -> None:
            if value and value not in seq:
                seq.append(value)

        def prop(key: str, value: str) -> None:
            if value:
                add(props.setdefault(key, []), value)

        for row_no, r in group.rows:
            names.extend(self._names(row_no, r, etype))
            dob = r.get("dob")
            if dob:
                try:
                    fd = parse_dob(dob)
                    if fd not in births:
                        births.append(fd)
                except ValueError:
                    self.warn(row_no, f"Group ID {gid}: unreadable DOB {dob!r}")
            for nat in split_numbered(r.get("nationality")):
                code = to_iso2(nat)
                if code:
                    add(nationalities, code)
                else:
                    prop("nationality_text", nat)
            place = ", ".join(
                p for p in (r.get("town of birth", ""), r.get("country of birth", "")) if p
            )
            add(birth_places, clean(place))
            self._identifiers(r, identifiers)
            addr_parts = [r.get(f"address {i}", "") for i in range(1, 7)]
            addr_parts += [r.get("post/zip code", ""), r.get("country", "")]
            full = ", ".join(clean(p) for p in addr_parts if clean(p))
            ccode = to_iso2(r.get("country"))
            if full:
                a = Address(full, ccode)
                if a not in addresses:
                    addresses.append(a)
            add(countries, ccode)
            add(programs, r.get("regime"))
            for key in ("title", "position"):
                for v in split_numbered(r.get(key)):
                    prop(key, v)
            d = _dmy(r.get("listed on"))
            if d:
                listed.append(d)
            for key, pname in (
                ("uk sanctions list date designated", "designated_on"),
                ("last updated", "last_updated"),
            ):
                d = _dmy(r.get(key))
                if d:
                    prop(pname, d.isoformat())
            other = r.get("other information", "")
            if other and other not in remarks:
                remarks.append(other)
                for key, value in _other_fields(other):
                    if key == "gender":
                        gender = value.lower() or gender
                    elif key == "imo number":
                        identifiers.append(Identifier("imo", value))
                    elif key == "business reg no":
                        identifiers.append(Identifier("registration", value))
                    elif key == "flag of ship":
                        add(countries, to_iso2(value))
                        prop("flag", value)
                    elif key == "un ref":
                        # "CDi.026", also "QDE.145" and "CDi. 038": read in the UN's own form,
                        # so that screening can join the row to the UN entry.
                        ref = un_reference(value)
                        if ref is None and value:
                            self.warn(row_no, f"UN Ref {value!r} is no UN reference number")
                        prop(_OTHER_PROPS[key], ref or "")
                    elif key == "uk sanctions list ref":
                        # A reference is one token ("RUS0308"); free text may follow.
                        token = value.split(" ", 1)[0].rstrip(".,;") if value else ""
                        prop(_OTHER_PROPS[key], token)
                    elif key in _OTHER_PROPS:
                        for v in split_numbered(value):
                            prop(_OTHER_PROPS[key], v)

        names = _order_names(dedupe_names(names))
        return Entity(
            source=self.source,
            source_id=gid,
            type=etype,
            names=names,
            birth_dates=births,
            birth_places=birth_places,
            nationalities=nationalities,
            countries=countries,
            addresses=addresses,
            identifiers=list(dict.fromkeys(identifiers)),
            programs=programs,
            listed_on=min(listed) if listed else None,
            remarks="\n".join(remarks) or None,
            gender=gender,
            properties=props,
        )

    @staticmethod
    def _identifiers(r: dict[str, str], into: list[Identifier]) -> None:
        found = _identifiers_from("passport", r.get("passport number"), r.get("passport details"))
        found += _identifiers_from(
            "national_id",
            r.get("national identification number"),
            r.get("national identification details"),
        )
        for ident in found:
            if ident not in into:
                into.append(ident)

    def _names(self, row_no: int, r: dict[str, str], etype: EntityType) -> Iterable[Name]:
        parts = [r.get(f"name {i}", "") for i in (1, 2, 3, 4, 5, 6)]
        full = clean(" ".join(p for p in parts if p))
        alias_type = r.get("alias type", "")
        kind = _ALIAS_KINDS.get(alias_type.lower())
        if kind is None:
            self.warn(row_no, f"unknown Alias Type {alias_type!r}, kept as alias")
            kind = NameKind.ALIAS
        if kind is not NameKind.PRIMARY and r.get("alias quality", "").lower().startswith("low"):
            kind = NameKind.WEAK_ALIAS
        if full:
            yield Name(full, kind, script_of(full))
        else:
            self.warn(row_no, "row without a name (Name 1..6 empty)")
        original = clean(r.get("name non-latin script"))
        if original:
            lang = _LANGS.get(r.get("non-latin script language", "").lower())
            yield Name(original, NameKind.ORIGINAL_SCRIPT, script_of(original), lang)


def _order_names(names: list[Name]) -> list[Name]:
    """One primary first: extra distinct primaries become aliases; none → the first name leads."""
    out: list[Name] = []
    has_primary = False
    for n in names:
        if n.kind is NameKind.PRIMARY:
            if has_primary:
                n = Name(n.full, NameKind.ALIAS, n.script, n.lang)
            has_primary = True
        out.append(n)
    if not has_primary:
        for i, n in enumerate(out):
            if n.kind in (NameKind.ALIAS, NameKind.FORMER, NameKind.WEAK_ALIAS):
                out.insert(0, Name(n.full, NameKind.PRIMARY, n.script, n.lang))
                del out[i + 1]
                break
    primaries = [n for n in out if n.kind is NameKind.PRIMARY]
    return primaries + [n for n in out if n.kind is not NameKind.PRIMARY]


def _identifiers_from(kind: str, numbers: str | None, details: str | None) -> list[Identifier]:
    nums = split_numbered(numbers)
    dets = split_numbered(details)
    out: list[Identifier] = []
    for i, num in enumerate(nums):
        note = dets[i] if len(dets) == len(nums) else (clean(details) or None)
        out.append(Identifier(kind, num, None, note or None))
    return out


def _header_map(row_no: int, cells: dict[int, str], path: Path) -> dict[int, str]:
    header = {i: clean(v).lower() for i, v in cells.items()}
    missing = [c for c in _REQUIRED if c not in header.values()]
    if missing:
        raise SourceError(
            f"not an OFSI ConList header (missing {', '.join(missing)})",
            path=str(path),
            location=f"sheet 1 row {row_no}",
        )
    return header


def _read(path: Path) -> tuple[date | None, list[XlsxRow], dict[int, str]]:
    rows = iter_rows(path)
    published: date | None = None
    header: dict[int, str] | None = None
    body: list[XlsxRow] = []
    for row_no, cells in rows:
        if header is None:
            values = [clean(v).lower() for v in cells.values()]
            if "last updated" in values and "group id" not in values:
                published = _dmy(cells.get(1)) or published
                continue
            if "group id" in values or row_no >= 5:
                header = _header_map(row_no, cells, path)
            continue
        body.append((row_no, cells))
    if header is None:
        raise SourceError("no header row found", path=str(path), location="sheet 1")
    return published, body, header


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse one ConList XLSX into one entity per Group ID."""
    src = source or SOURCE
    result = ParseResult(source=src, format=FORMAT, entities=[])
    for path in paths:
        result.files.append(str(path))
        published, body, header = _read(path)
        if published and (result.published is None or published > result.published):
            result.published = published
        builder = _Builder(path.name, src)
        groups: dict[str, _Group] = {}
        for row_no, cells in body:
            if not cells:
                continue
            r = {header[i]: v for i, v in cells.items() if i in header}
            gid = clean(r.get("group id"))
            if not gid:
                result.issues.append(
                    RecordIssue(f"row {row_no}", "row without Group ID", path.name)
                )
                result.records_seen += 1
                continue
            groups.setdefault(gid, _Group(row_no)).rows.append((row_no, r))
        for gid, group in groups.items():
            result.records_seen += 1
            entity = builder.build(gid, group)
            if not entity.names:
                result.issues.append(
                    RecordIssue(f"row {group.first_row}", f"Group ID {gid}: no names", path.name)
                )
                continue
            result.entities.append(entity)
        result.issues.extend(builder.issues)
    return result
