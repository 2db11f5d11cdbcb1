"""BIS Denied Persons List, tab-delimited ``dpl.txt`` → ``us_bis_dpl``.

One entity per row (BIS repeats a party once per address; rows are not merged, so a row is
always traceable to the file). The file has no record identifier, so ``source_id`` is derived
from what identifies a denial and survives renewals: ``dpl-`` + the first 16 hex digits of
sha1 over the upper-cased, whitespace-collapsed name, street, city, state, country and postal
code joined by ``|``. Effective/expiration dates change on renewal and are deliberately left
out. Identical rows get ``-2``, ``-3`` … suffixes (reported as warnings).

The publication date is the latest ``Last_Update`` that is not in the future; absurd dates
such as ``3017-08-22`` are kept in ``properties`` and reported as warnings.

The file does not say whether a party is a person or an organisation; a name with a legal
form or business word is an organisation, anything else a person (``properties["type_inferred"]``).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from exportctl.countries import to_iso2
from exportctl.errors import SourceError
from exportctl.model import Address, Entity, EntityType, Name, NameKind
from exportctl.sources._complete import cut_short
from exportctl.sources._io import read_text
from exportctl.sources._util import clean
from exportctl.sources.base import ParseResult, RecordIssue

__all__ = ["FORMAT", "dpl_id", "parse", "sniff"]

FORMAT = "bis_dpl"
SOURCE = "us_bis_dpl"
HEADER = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
_ORG = re.compile(
    r"\b(LTD|LIMITED|LLC|L\.L\.C|INC|CO|CORP|CORPORATION|COMPANY|GMBH|S\.?A|S\.?A\.?S|B\.?V|AG|"
    r"PLC|PTE|SDN|BHD|SRL|SPA|OOO|ZAO|OAO|AIRLINES?|AIRWAYS|AVIATION|TRADING|INDUSTR\w*|"
    r"ENTERPRISES?|INTERNATIONAL|GROUP|HOLDINGS?|TECHNOLOG\w*|SERVICES|SYSTEMS|ELECTRONICS|"
    r"LOGISTICS|FREIGHT|EXPORTS?|IMPORTS?|SUPPLY|SUPPLIES|ENGINEERING|INSTITUTE|UNIVERSITY|"
    r"FZE|FZCO|LLP|LP|GLOBAL|SOLUTIONS|PARTNERS)\b\.?",
    re.I,
)


def sniff(path: Path, head: bytes) -> bool:
    """True for the DPL text file: a tab-separated header starting ``Name``, ``Street_Address``."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return first.replace(b'"', b"").startswith(b"Name\tStreet_Address\t")


def dpl_id(name: str, street: str, city: str, state: str, country: str, postal: str) -> str:
    """The derived, edition-stable id of one DPL row (see the module docstring)."""
    key = "|".join(clean(v).upper() for v in (name, street, city, state, country, postal))
    return "dpl-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _mdy(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%m/%d/%Y").date()
    except ValueError:
        return None


def _check_last_row(path: Path, lines: list[str], width: int) -> None:
    """Refuse a file whose last row is cut: an open quote or fewer fields than the header."""
    filled = [(n, ln.rstrip("\r")) for n, ln in enumerate(lines, 1) if ln.strip()]
    if len(filled) < 2:
        return
    lineno, line = filled[-1]
    if line.count('"') % 2:
        raise cut_short(path, f"line {lineno}", "the last row ends inside a quoted field")
    try:
        fields = len(next(csv.reader([line], delimiter="\t")))
    except (csv.Error, StopIteration):
        fields = 0
    if fields < width:
        raise cut_short(path, f"line {lineno}", f"the last row has {fields} of {width} fields")


def parse(paths: Sequence[Path], source: str | None = None) -> ParseResult:
    """Parse one ``dpl.txt``."""
    if len(paths) != 1:
        raise SourceError(f"bis_dpl parses one file at a time, got {len(paths)}")
    path = paths[0]
    file = str(path)
    lines = read_text(path).split("\n")
    header = [h.strip().strip('"') for h in lines[0].rstrip("\r").split("\t")] if lines else []
    if tuple(header[:2]) != HEADER[:2] or len(header) < len(HEADER):
        raise SourceError(
            "not a DPL file (header is not Name, Street_Address, …)", path=file, location="line 1"
        )
    col = {h: i for i, h in enumerate(header)}
    missing = [h for h in HEADER if h not in col]
    if missing:
        raise SourceError(f"header lacks {', '.join(missing)}", path=file, location="line 1")
    code = source or SOURCE
    issues: list[RecordIssue] = []
    entities: list[Entity] = []
    ids: dict[str, int] = {}
    today = date.today()
    latest: date | None = None
    seen = 0
    _check_last_row(path, lines, len(header))
    for lineno, raw in enumerate(lines[1:], 2):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        seen += 1
        where = f"line {lineno}"
        try:
            row = next(csv.reader([line], delimiter="\t"))
        except (csv.Error, StopIteration) as exc:
            issues.append(RecordIssue(where, f"unreadable row ({exc})", file))
            continue
        if len(row) != len(header) or line.count('"') % 2:
            why = (
                f"expected {len(header)} fields, got {len(row)}"
                if len(row) != len(header)
                else "unbalanced quote"
            )
            issues.append(RecordIssue(where, f"malformed row: {why}", file))
            continue
        f = {h: clean(row[i]) for h, i in col.items()}
        name = f["Name"]
        if not name:
            issues.append(RecordIssue(where, "row has no name", file))
            continue
        sid = dpl_id(
            name, f["Street_Address"], f["City"], f["State"], f["Country"], f["Postal_Code"]
        )
        n = ids.get(sid, 0) + 1
        ids[sid] = n
        if n > 1:
            issues.append(RecordIssue(where, f"repeats an earlier row ({sid})", file, "warning"))
            sid = f"{sid}-{n}"
        is_org = _ORG.search(name) is not None
        ent = Entity(
            source=code,
            source_id=sid,
            type=EntityType.ORGANIZATION if is_org else EntityType.PERSON,
            names=[Name(name, NameKind.PRIMARY)],
            programs=["DPL"],
        )
        country = to_iso2(f["Country"]) if f["Country"] else None
        parts = (f["Street_Address"], f["City"], f["State"], f["Postal_Code"], f["Country"])
        full = ", ".join(p for p in parts if p)
        if full:
            ent.addresses.append(Address(full, country))
        if country:
            ent.countries.append(country)
        props: dict[str, list[str]] = {"type_inferred": ["true"]}
        for key, label in (
            ("Effective_Date", "effective_date"),
            ("Expiration_Date", "expiration_date"),
        ):
            value = f[key]
            if not value:
                continue
            d = _mdy(value)
            if d is None:
                issues.append(
                    RecordIssue(where, f"bad {key} {value!r} (kept as text)", file, "warning")
                )
                props[label] = [value]
            else:
                props[label] = [d.isoformat()]
                if key == "Effective_Date":
                    ent.listed_on = d
        upd = f["Last_Update"]
        if upd:
            props["last_update"] = [upd]
            try:
                d = date.fromisoformat(upd)
            except ValueError:
                issues.append(RecordIssue(where, f"bad Last_Update {upd!r}", file, "warning"))
            else:
                if d > today:
                    issues.append(
                        RecordIssue(
                            where,
                            f"Last_Update {upd} lies in the future (kept as published)",
                            file,
                            "warning",
                        )
                    )
                elif latest is None or d > latest:
                    latest = d
        for key, label in (
            ("Standard_Order", "standard_order"),
            ("Action", "action"),
            ("FR_Citation", "fr_citation"),
        ):
            if f[key]:
                props[label] = [f[key]]
        ent.properties = props
        entities.append(ent)
    return ParseResult(
        source=code,
        format=FORMAT,
        entities=entities,
        published=latest,
        issues=issues,
        files=[file],
        records_seen=seen,
    )
