"""trade.gov Consolidated Screening List CSV → ``us_csl``.

Two layouts exist: the old 28 columns (``source, entity_number, type, …, ids``) and the current
29 with a leading ``_id``; columns are looked up by header name, so both (and re-ordered
exports) work. Multi-valued cells (``alt_names``, ``addresses``, ``dates_of_birth``,
``nationalities``, ``citizenships``, ``places_of_birth``, ``ids``, ``programs``) are
``; ``-separated.

``source_id`` is ``_id`` when present, else OFAC's ``entity_number``, else a derived
``csl-`` + 16 hex digits of sha1 over sub-list code, upper-cased name and addresses (stable across
editions as long as the party's name and addresses are unchanged). The sub-list
(EL, DPL, SDN, MEU, UVL, ISN, DTC, SSI, FSE, PLC, CAP …) is kept in ``properties["csl_source"]``
and as the first programme.

``ids`` entries are ``type, number[, country[, issued[, expires]]]`` in the current layout and
``country, number, type`` in the old one; the label decides which end is the type.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Sequence
from pathlib import Path

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, FuzzyDate, Identifier, Name, NameKind
from exportctl.sources._complete import cut_short
from exportctl.sources._io import read_text
from exportctl.sources._util import clean, dedupe_names, iso_date
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.sources.ofac_remarks import classify_label, parse_date

__all__ = ["FORMAT", "csl_code", "parse", "sniff"]

FORMAT = "us_csl"
SOURCE = "us_csl"
_REQUIRED = ("source", "name", "alt_names", "addresses", "ids")
_TYPES = {
    "individual": EntityType.PERSON,
    "entity": EntityType.ORGANIZATION,
    "vessel": EntityType.VESSEL,
    "aircraft": EntityType.AIRCRAFT,
}
_CODE = re.compile(r"\(([A-Z]{2,6})\)")


def sniff(path: Path, head: bytes) -> bool:
    """True for a CSL CSV: the header names ``source``, ``entity_number`` and ``alt_names``."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].replace(b'"', b"")
    cols = first.strip().split(b",")
    return b"source" in cols[:2] and b"entity_number" in cols and b"alt_names" in cols


def csl_code(source_text: str) -> str:
    """``"Entity List (EL) - Bureau of …"`` → ``"EL"`` (the text itself when it has no code)."""
    m = _CODE.search(source_text)
    return m.group(1) if m else clean(source_text)


def _multi(value: str) -> list[str]:
    return [v for v in (clean(p) for p in value.split(";")) if v]


def _dob(text: str) -> FuzzyDate | None:
    try:
        return FuzzyDate.parse_iso(text)
    except ValueError:
        return parse_date(text)


def _ids(value: str, ent: Entity) -> None:
    for item in _multi(value):
        parts = [clean(p) for p in item.split(", ")]
        first, last = (
            classify_label(parts[0]),
            classify_label(parts[-1]) if len(parts) > 1 else None,
        )
        kind: tuple[str, str] | None = first
        if first is None and last is not None:
            parts.reverse()  # old layout: country, number, type
            kind = last
        label, rest = parts[0], parts[1:]
        if kind is not None and kind[0] == "gender":
            ent.gender = (rest[0].lower() if rest else None) or ent.gender
            continue
        if kind is not None and kind[0] == "prop":
            ent.properties.setdefault(kind[1], []).append(", ".join(parts))
            continue
        if not rest:
            ent.properties.setdefault("ids_text", []).append(item)
            continue
        number = rest[0].removeprefix("IMO ") if kind == ("id", "imo") else rest[0]
        country = None
        notes = [label] if kind is None or kind[1] != "passport" else []
        for extra in rest[1:]:
            code = to_iso2(extra) if country is None and len(extra) <= 40 else None
            if code:
                country = code
            else:
                notes.append(extra)
        ident_kind = kind[1] if kind is not None else "other"
        ent.identifiers.append(Identifier(ident_kind, number, country, "; ".join(notes) or None))


def _row_entity(
    f: dict[str, str], code: str, where: str, file: str, issues: list[RecordIssue]
) -> Entity | None:
    name = clean(f.get("name"))
    alt_names = _multi(f.get("alt_names", ""))
    if not name:
        if not alt_names:
            issues.append(RecordIssue(where, "row has no name", file))
            return None
        # A listed party known only by its other names stays listed (not dropped).
        name, alt_names = alt_names[0], alt_names[1:]
        issues.append(
            RecordIssue(
                where, f"empty name; the first alt_name {name!r} is used instead", file, "warning"
            )
        )
    sub = csl_code(f.get("source", ""))
    typ = clean(f.get("type")).lower()
    etype = _TYPES.get(typ)
    if etype is None:
        if typ:
            issues.append(RecordIssue(where, f"unknown type {typ!r}", file, "warning"))
        etype = EntityType.PERSON if clean(f.get("dates_of_birth")) else EntityType.ORGANIZATION
    addresses = _multi(f.get("addresses", ""))
    sid = clean(f.get("_id")) or clean(f.get("entity_number"))
    if not sid:
        key = "|".join([sub, name.upper(), *(a.upper() for a in addresses)])
        sid = "csl-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
    programs = [sub, *(p for p in _multi(f.get("programs", "")) if p != sub)]
    ent = Entity(
        source=code,
        source_id=sid,
        type=etype,
        names=dedupe_names(
            [
                Name(name, NameKind.PRIMARY),
                *(Name(a, NameKind.ALIAS) for a in alt_names),
            ]
        ),
        programs=programs,
        remarks=clean(f.get("remarks")) or None,
    )
    ent.properties["csl_source"] = [sub]
    for addr in addresses:
        tail = addr.rsplit(",", 1)[-1].strip()
        country = to_iso2(tail) if tail else None
        ent.addresses.append(Address(addr, country))
        if country and country not in ent.countries:
            ent.countries.append(country)
    for key in ("nationalities", "citizenships"):
        for text in _multi(f.get(key, "")):
            c = to_iso2(text)
            if c and c not in ent.nationalities:
                ent.nationalities.append(c)
            if c and key == "citizenships":
                ent.properties.setdefault("citizenship", []).append(c)
    ent.birth_places = _multi(f.get("places_of_birth", ""))
    for text in _multi(f.get("dates_of_birth", "")):
        d = _dob(text)
        if d is None:
            issues.append(
                RecordIssue(where, f"bad date of birth {text!r} (kept as text)", file, "warning")
            )
            ent.properties.setdefault("birth_date_text", []).append(text)
        else:
            ent.birth_dates.append(d)
    _ids(f.get("ids", ""), ent)
    start = clean(f.get("start_date"))
    if start:
        ent.listed_on = iso_date(start)
        if ent.listed_on is None:
            issues.append(RecordIssue(where, f"bad start_date {start!r}", file, "warning"))
    for key in (
        "title",
        "federal_register_notice",
        "start_date",
        "end_date",
        "standard_order",
        "license_requirement",
        "license_policy",
        "vessel_type",
        "gross_tonnage",
        "gross_registered_tonnage",
        "vessel_flag",
        "vessel_owner",
        "source_list_url",
        "source_information_url",
        "entity_number",
    ):
        value = clean(f.get(key))
        if value:
            ent.properties.setdefault(key, []).append(value)
    call_sign = clean(f.get("call_sign"))
    flag = clean(f.get("vessel_flag"))
    if call_sign:
        ent.identifiers.append(Identifier("call_sign", call_sign, to_iso2(flag) if flag else None))
    if flag:
        c = to_iso2(flag)
        if c and c not in ent.countries:
            ent.countries.append(c)
    return ent


def _check_last_row(
    path: Path, text: str, last: tuple[str, list[str], int, int], width: int
) -> None:
    """Refuse a file whose last record is cut: open quote at the end, or fields missing.

    Python's csv reader closes an open quote at the end of the data silently, so the raw
    lines of the last record are checked too (RFC 4180 escapes a quote by doubling it, so a
    complete record holds an even number of them).
    """
    where, row, first, end = last
    raw = "\n".join(text.split("\n")[first - 1 : end])
    if raw.count('"') % 2:
        raise cut_short(path, where, "the last row ends inside a quoted field")
    if len(row) != width or any("\n" in v or "\r" in v for v in row):
        raise cut_short(path, where, f"the last row has {len(row)} of {width} fields")


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse one CSL CSV (either layout)."""
    if len(paths) != 1:
        raise SourceError(f"us_csl parses one file at a time, got {len(paths)}")
    path = paths[0]
    file = str(path)
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [clean(h) for h in next(reader)]
    except StopIteration:
        raise SourceError("empty file", path=file, location="line 1") from None
    except csv.Error as exc:
        raise SourceError(f"unreadable CSV header ({exc})", path=file, location="line 1") from None
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise SourceError(
            f"not a CSL file (header lacks {', '.join(missing)})", path=file, location="line 1"
        )
    code = source or SOURCE
    issues: list[RecordIssue] = []
    entities: list[Entity] = []
    ids: dict[str, int] = {}
    seen = 0
    start = reader.line_num + 1
    last: tuple[str, list[str], int, int] | None = None  # the last record: for the cut check
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            seen += 1
            issues.append(RecordIssue(f"line {reader.line_num}", f"unreadable CSV ({exc})", file))
            start = reader.line_num + 1
            continue
        end = reader.line_num
        where = f"line {start}" if end == start else f"lines {start}-{end}"
        first_line, start = start, end + 1
        if not any(v.strip() for v in row):
            continue
        seen += 1
        last = (where, row, first_line, end)
        if len(row) != len(header):
            issues.append(
                RecordIssue(
                    where, f"malformed row: expected {len(header)} fields, got {len(row)}", file
                )
            )
            continue
        if any("\n" in v or "\r" in v for v in row):
            # CSL cells never hold line breaks: an unbalanced quote has swallowed other rows.
            issues.append(
                RecordIssue(
                    where,
                    "a quoted cell spans lines (unbalanced quote?); rows inside it are lost",
                    file,
                )
            )
            continue
        f = dict(zip(header, row, strict=True))
        ent = _row_entity(f, code, where, file, issues)
        if ent is None:
            continue
        n = ids.get(ent.source_id, 0) + 1
        ids[ent.source_id] = n
        if n > 1:
            issues.append(RecordIssue(where, f"repeats id {ent.source_id}", file, "warning"))
            ent.source_id = f"{ent.source_id}-{n}"
        entities.append(ent)
    if last is not None:
        _check_last_row(path, text, last, len(header))
    return ParseResult(
        source=code,
        format=FORMAT,
        entities=entities,
        published=None,  # the CSL CSV carries no publication date
        issues=issues,
        files=[file],
        records_seen=seen,
    )
