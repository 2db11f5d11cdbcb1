"""EU FSF CSV layout (``csvFullSanctionsList_1_1``): rows joined into :class:`RawEntity` records.

``;``-separated, ``fileGenerationDate`` first, one row per alias or detail; the columns are
``<Element>_<Attribute>`` (``Entity_LogicalId``, ``NameAlias_WholeName``,
``BirthDate_YearRangeFrom`` …). Rows of one ``Entity_LogicalId`` are joined into one entity;
repeated details (the same alias on the row of each address) are kept once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from exportctl.errors import SourceError
from exportctl.model import Entity
from exportctl.sources._complete import cut_short
from exportctl.sources._io import read_text
from exportctl.sources._util import clean
from exportctl.sources.base import ParseResult, RecordIssue
from exportctl.sources.eu_fsf_entity import RawEntity, build_entity, keep, published_date

__all__ = ["csv_entities"]

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
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
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
    last_short: str | None = None  # where the last record was, when it lacked fields
    while True:
        try:
            row = next(reader)
        except StopIteration:
            _check_end(path, text, last_short, reader.line_num)
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
        last_short = where if len(row) < len(header) else None
        if len(row) != len(header):
            result.records_seen += 1
            result.issues.append(
                RecordIssue(
                    where, f"malformed row: expected {len(header)} fields, got {len(row)}", file
                )
            )
            continue
        yield where, dict(zip(header, row, strict=True))


def _check_end(path: Path, text: str, last_short: str | None, last_line: int) -> None:
    """Refuse a file cut short: the last record lacks fields, or a quoted field never closes.

    The CSV has no end marker, so a download cut inside its last record used to load as a
    "malformed row" issue with every record after the cut gone (found by cutting the sample
    file at random bytes; CSL and DPL already refused this). Quotes come in pairs in a
    complete RFC 4180 file (an embedded quote is doubled), so an odd count means the data
    ends inside a quoted field, which Python's csv reader closes silently.
    """
    if text.count('"') % 2:
        raise cut_short(path, f"line {last_line}", "the file ends inside a quoted field")
    if last_short is not None:
        raise cut_short(path, last_short, "the last row has fewer fields than the header")


def csv_entities(path: Path, result: ParseResult, src: str) -> None:
    file = str(path)
    raws: dict[str, RawEntity] = {}
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
            result.published = published_date(row.get("fileGenerationDate"))
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
            raw = raws[lid] = RawEntity(attrs={}, where=f"{where} (Entity_LogicalId {lid})")
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
    seen: dict[str, Entity] = {}
    for raw in raws.values():
        result.records_seen += 1
        keep(build_entity(raw, src, file, result.issues), result, seen, raw.where, file)
