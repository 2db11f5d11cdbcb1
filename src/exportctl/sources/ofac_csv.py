"""OFAC classic CSV files → ``us_ofac_sdn`` / ``us_ofac_cons``.

A publication is either a lone primary file (``sdn.csv``: aliases, birth dates and documents
live only in Remarks) or a set of four headerless files:

==================  =====  =========================================================
role                cols   columns
==================  =====  =========================================================
primary             12     ent_num, name, type, programs, title, call_sign, vess_type,
                           tonnage, GRT, vess_flag, vess_owner, remarks
address             6      ent_num, add_num, address, city/state/postal, country, remarks
alt                 5      ent_num, alt_num, alt_type (aka/fka/nka), alt_name, remarks
comments            2      ent_num, remarks continuation (Remarks cut at ~1000 chars)
==================  =====  =========================================================

The role of a file is read from its column count, never from its name; the *family*
(SDN vs consolidated non-SDN) is read from the name (``cons_*`` → consolidated), and the
``source`` argument overrides it. ``-0-`` (often with a trailing space) is the null marker, the
last line is a lone Ctrl-Z (a primary, address or alt file without it, or any file whose last
row is cut inside a quote or short of fields, is refused as cut short). OFAC rows never span
lines, so each physical line is parsed on its own: a broken quote in the middle costs one
record (reported with its line), never the rest of the file.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, Identifier, Name, NameKind
from exportctl.sources._complete import cut_short
from exportctl.sources._io import read_head, read_text
from exportctl.sources._util import dedupe_names, keep_entity
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.sources.ofac_remarks import parse_remarks

__all__ = ["FORMAT", "group", "parse", "role_of", "sniff"]

FORMAT = "ofac_csv"
SDN = "us_ofac_sdn"
CONS = "us_ofac_cons"

_ROLES = {12: "primary", 6: "address", 5: "alt", 2: "comments"}
_TYPES = {
    "individual": EntityType.PERSON,
    "vessel": EntityType.VESSEL,
    "aircraft": EntityType.AIRCRAFT,
    "": EntityType.ORGANIZATION,
    "entity": EntityType.ORGANIZATION,
}
_ALT_KIND = {"aka": NameKind.ALIAS, "fka": NameKind.FORMER, "nka": NameKind.ALIAS}
_EOF = "\x1a"


def _null(value: str) -> str:
    v = value.strip()
    return "" if v == "-0-" else v


def _first_row(head: bytes) -> list[str] | None:
    text = head.decode("latin-1").lstrip("\ufeff")
    line = text.split("\n", 1)[0].rstrip("\r")
    if not line:
        return None
    try:
        return next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return None


def sniff(path: Path, head: bytes) -> bool:
    """True for a headerless OFAC CSV: first field a number and a known column count."""
    row = _first_row(head)
    if not row or not row[0].strip().isdigit():
        return False
    n = len(row)
    if n in (12, 6, 5):
        return b"-0-" in head
    if n == 2:
        return head.split(b",", 1)[1].startswith(b'"')
    return False


def role_of(path: Path) -> str:
    """``primary`` / ``address`` / ``alt`` / ``comments``, from the first line's column count."""
    row = _first_row(read_head(path))
    role = _ROLES.get(len(row)) if row else None
    if role is None:
        raise SourceError(
            "not an OFAC classic CSV (unknown column count)", path=str(path), location="line 1"
        )
    return role


def _family(path: Path) -> str:
    return CONS if path.name.lower().startswith("cons") else SDN


def group(paths: Sequence[Path]) -> list[list[Path]]:
    """Files that form one publication: same folder and family (``cons_*`` vs SDN)."""
    sets: dict[tuple[str, str], list[Path]] = {}
    for p in paths:
        sets.setdefault((str(p.parent.resolve()), _family(p)), []).append(p)
    return list(sets.values())


@dataclass(slots=True)
class _Rows:
    """One file's rows with their physical line numbers; bad lines as issues."""

    file: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    issues: list[RecordIssue] = field(default_factory=list)


def _read(path: Path, width: int) -> _Rows:
    text = read_text(path)
    out = _Rows(str(path))
    lines = text.split("\n")
    body = text.rstrip(" \t\r\n")
    if width != 2 and not body.endswith(_EOF):
        # OFAC ends its primary, address and alt files with a lone Ctrl-Z: without it the
        # file was cut short (or re-saved by a tool), and the records after the cut would
        # vanish silently. (Comments files were seen without it; their last row is checked.)
        last = len(body.split("\n"))
        raise cut_short(path, f"line {last}", "no end-of-file marker (Ctrl-Z) after the last row")
    _check_last_row(path, body.removesuffix(_EOF).rstrip(" \t\r\n"), width)
    for i, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.strip() == _EOF:
            continue
        if line.endswith(_EOF):
            line = line[:-1]
        try:
            row = next(csv.reader([line]))
        except (csv.Error, StopIteration) as exc:
            out.issues.append(RecordIssue(f"line {i}", f"unreadable CSV ({exc})", out.file))
            continue
        if len(row) != width or line.count('"') % 2:
            why = (
                f"expected {width} fields, got {len(row)}"
                if len(row) != width
                else "unbalanced quote"
            )
            out.issues.append(RecordIssue(f"line {i}", f"malformed row: {why}", out.file))
            continue
        if not row[0].strip().isdigit():
            out.issues.append(
                RecordIssue(f"line {i}", f"ent_num {row[0]!r} is not a number", out.file)
            )
            continue
        out.rows.append((i, row))
    return out


def _check_last_row(path: Path, body: str, width: int) -> None:
    """Refuse a file whose last row is cut inside a quote or has too few fields."""
    if not body:
        return
    lineno = body.count("\n") + 1
    line = body.rsplit("\n", 1)[-1].rstrip("\r")
    try:
        row = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        row = []
    if line.count('"') % 2:
        raise cut_short(path, f"line {lineno}", "the last row ends inside a quoted field")
    if len(row) < width:
        raise cut_short(path, f"line {lineno}", f"the last row has {len(row)} of {width} fields")


def _programs(value: str) -> list[str]:
    v = _null(value)
    if not v:
        return []
    return [p.strip() for p in v.strip("[] ").replace("] [", "]").split("]") if p.strip(" [")]


def _entity(
    source: str, lineno: int, row: list[str], remarks: str, file: str
) -> Entity | RecordIssue:
    ent_num = row[0].strip()
    name = _null(row[1])
    if not name:
        return RecordIssue(f"line {lineno} (ent_num {ent_num})", "record has no name", file)
    type_text = _null(row[2]).lower()
    etype = _TYPES.get(type_text)
    if etype is None:
        return RecordIssue(
            f"line {lineno} (ent_num {ent_num})", f"unknown SDN_Type {row[2]!r}", file
        )
    info = parse_remarks(remarks)
    ent = Entity(
        source=source,
        source_id=ent_num,
        type=etype,
        names=[Name(name, NameKind.PRIMARY), *info.names],
        birth_dates=info.birth_dates,
        birth_places=info.birth_places,
        nationalities=info.nationalities,
        countries=info.countries,
        identifiers=info.identifiers,
        programs=_programs(row[3]),
        remarks=remarks or None,
        gender=info.gender,
        properties=info.properties,
    )
    title = _null(row[4])
    if title:
        ent.properties.setdefault("title", []).insert(0, title)
    call_sign, vtype, tonnage, grt, flag, owner = (_null(v) for v in row[5:11])
    if call_sign:
        ent.identifiers.append(Identifier("call_sign", call_sign, to_iso2(flag) if flag else None))
    for key, val in (
        ("vessel_type", vtype),
        ("tonnage", tonnage),
        ("gross_registered_tonnage", grt),
        ("owner", owner),
    ):
        if val:
            ent.properties.setdefault(key, []).insert(0, val)
    if flag:
        ent.properties.setdefault("flag", []).insert(0, flag)
        code = to_iso2(flag)
        if code and code not in ent.countries:
            ent.countries.insert(0, code)
    if info.bad_dates:
        ent.properties["birth_date_text"] = info.bad_dates
    return ent


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse a lone primary file or a primary + address/alt/comments set of one family."""
    by_role: dict[str, Path] = {}
    for p in paths:
        role = role_of(p)
        if role in by_role:
            raise SourceError(f"two {role} files in one set ({by_role[role].name})", path=str(p))
        by_role[role] = p
    if "primary" not in by_role:
        given = ", ".join(p.name for p in paths)
        raise SourceError(f"no primary (12-column) file among {given}", path=str(paths[0]))
    primary = by_role["primary"]
    code = source or _family(primary)
    prim = _read(primary, 12)
    issues = list(prim.issues)
    comments: dict[str, list[str]] = {}
    if "comments" in by_role:
        com = _read(by_role["comments"], 2)
        issues.extend(com.issues)
        for _, row in com.rows:
            parts = comments.setdefault(row[0].strip(), [])
            if row[1] not in parts:  # OFAC's comments file repeats rows verbatim
                parts.append(row[1])
    entities: list[Entity] = []
    by_id: dict[str, Entity] = {}
    for lineno, row in prim.rows:
        remarks = _null(row[11])
        remarks += "".join(comments.pop(row[0].strip(), []))
        result = _entity(code, lineno, row, remarks, prim.file)
        if isinstance(result, RecordIssue):
            issues.append(result)
            continue
        # A repeated ent_num is kept too; alt names and addresses join the first record.
        keep_entity(result, by_id, entities, issues, f"line {lineno}", prim.file, "ent_num")
    if "alt" in by_role:
        alt = _read(by_role["alt"], 5)
        issues.extend(alt.issues)
        for lineno, row in alt.rows:
            ent = by_id.get(row[0].strip())
            name = _null(row[3])
            if ent is None:
                issues.append(
                    RecordIssue(
                        f"line {lineno}", f"alt name for unknown ent_num {row[0]}", alt.file
                    )
                )
                continue
            if not name:
                issues.append(
                    RecordIssue(f"line {lineno}", "alt row without a name", alt.file, "warning")
                )
                continue
            kind = _ALT_KIND.get(_null(row[2]).lower(), NameKind.ALIAS)
            if "weak" in _null(row[4]).lower():
                kind = NameKind.WEAK_ALIAS
            ent.names.append(Name(name, kind))
    if "address" in by_role:
        add = _read(by_role["address"], 6)
        issues.extend(add.issues)
        for lineno, row in add.rows:
            ent = by_id.get(row[0].strip())
            if ent is None:
                issues.append(
                    RecordIssue(f"line {lineno}", f"address for unknown ent_num {row[0]}", add.file)
                )
                continue
            street, city, country, note = _null(row[2]), _null(row[3]), _null(row[4]), _null(row[5])
            full = ", ".join(p for p in (street, city, country) if p)
            if note:
                full = f"{full} ({note})" if full else note
            if not full:
                continue  # an all-null address row (OFAC writes these) carries nothing
            code_c = to_iso2(country) if country else None
            ent.addresses.append(Address(full, code_c))
            if code_c and code_c not in ent.countries:
                ent.countries.append(code_c)
    for ent_num in comments:
        issues.append(
            RecordIssue(
                f"ent_num {ent_num}", "comment for unknown ent_num", str(by_role["comments"])
            )
        )
    for ent in entities:
        ent.names = dedupe_names(ent.names)
    return ParseResult(
        source=code,
        format=FORMAT,
        entities=entities,
        published=None,  # the classic CSVs carry no date
        issues=issues,
        files=[str(by_role[r]) for r in ("primary", "address", "alt", "comments") if r in by_role],
        records_seen=len(prim.rows) + len(prim.issues),
    )
