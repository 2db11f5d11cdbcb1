"""Batch screening files: read rows (CSV, JSONL, XLSX, Parquet), write one result per row.

Every input row yields exactly one output record, in input order: either its matches or an
``error`` saying what was wrong with the row. A broken row never stops the batch and is never
dropped; rows the reader cannot even split (a CSV line with a stray quote) become error rows too.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from exportctl.errors import InputError

if TYPE_CHECKING:
    from exportctl.screening import Query

__all__ = [
    "CSV_HEADER",
    "BatchRow",
    "csv_row",
    "csv_values",
    "json_line",
    "query_fields",
    "read_rows",
    "result_record",
    "row_query",
    "write_results",
]

INPUT_COLUMNS = ("id", "name", "type", "country", "birth_date")


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One input row: its fields, or the reason it could not be read."""

    number: int  # 1-based data row number (header excluded)
    fields: dict[str, str]
    error: str | None = None

    @property
    def id(self) -> str:
        return self.fields.get("id") or f"row-{self.number}"


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _normalise_keys(raw: dict[Any, Any]) -> dict[str, str]:
    return {str(k).strip().lower(): _clean(v) for k, v in raw.items() if k is not None}


def _lines(text: str) -> list[str]:
    # Only \n ends a row: str.splitlines() would also split on U+2028, U+0085 and other
    # separators that a hostile name can carry, turning one row into several.
    lines = [ln.removesuffix("\r") for ln in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _csv_rows(text: str) -> Iterator[BatchRow]:
    lines = _lines(text)
    if not lines:
        return
    header = [h.strip().lower() for h in next(csv.reader([lines[0]]))]
    _require_name(header)
    for number, line in enumerate(lines[1:], start=1):
        if not line.strip():
            yield BatchRow(number, {}, "empty row")
            continue
        try:
            values = next(csv.reader([line], strict=True))
        except csv.Error as exc:
            yield BatchRow(number, {"id": _guess_id(line)}, f"unreadable CSV row: {exc}")
            continue
        if len(values) > len(header):
            yield BatchRow(
                number,
                dict(zip(header, values, strict=False)),
                f"row has {len(values)} fields, header has {len(header)}",
            )
            continue
        yield BatchRow(number, {h: v.strip() for h, v in zip(header, values, strict=False)})


def _guess_id(line: str) -> str:
    first = line.split(",", 1)[0].strip().strip('"')
    return first[:128]


def _require_name(header: Sequence[str]) -> None:
    if "name" not in header:
        raise InputError(f"input has no 'name' column (columns: {', '.join(header) or 'none'})")


def _jsonl_rows(text: str) -> Iterator[BatchRow]:
    number = 0
    for line in _lines(text):
        if not line.strip():
            continue
        number += 1
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield BatchRow(number, {}, f"invalid JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            yield BatchRow(number, {}, "a JSON line must be an object")
            continue
        yield BatchRow(number, _normalise_keys(obj))


def _xlsx_rows(path: Path) -> Iterator[BatchRow]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken zip
        raise InputError(
            f"{path}: cannot read workbook ({exc.__class__.__name__}: {exc})"
        ) from None
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [_clean(h).lower() for h in next(rows, ())]
        _require_name(header)
        for number, values in enumerate(rows, start=1):
            if values is None or all(v is None for v in values):
                yield BatchRow(number, {}, "empty row")
                continue
            yield BatchRow(
                number, {h: _clean(v) for h, v in zip(header, values, strict=False) if h}
            )
    finally:
        wb.close()


def _parquet_rows(path: Path) -> Iterator[BatchRow]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow's errors have no common public base
        raise InputError(f"{path}: cannot read Parquet ({exc.__class__.__name__}: {exc})") from None
    header = [c.lower() for c in table.column_names]
    _require_name(header)
    for number, rec in enumerate(table.to_pylist(), start=1):
        yield BatchRow(number, _normalise_keys(rec))


def read_rows(path: Path) -> Iterator[BatchRow]:
    """Rows of a CSV, JSONL, XLSX or Parquet file (chosen by extension)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if suffix == ".parquet":
        return _parquet_rows(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _jsonl_rows(text)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_rows(text)
    raise InputError(f"{path}: unknown input type {suffix!r} (use .csv, .jsonl, .xlsx or .parquet)")


def result_record(row_id: str, matches: list[dict[str, Any]], error: str | None) -> dict[str, Any]:
    """The output contract: ``{"id", "matches": [...], "error"}``."""
    return {"id": row_id, "matches": matches, "error": error}


CSV_HEADER = ("id", "match_count", "top_score", "matches", "error")


def csv_row(rec: dict[str, Any]) -> list[Any]:
    """The CSV output columns of one record (the matches themselves as JSON)."""
    matches = rec["matches"]
    top = f"{matches[0]['score']:.4f}" if matches else ""
    return [
        rec["id"],
        len(matches),
        top,
        json.dumps(matches, ensure_ascii=False),
        rec["error"] or "",
    ]


def csv_values(rec: dict[str, Any], *, header: bool = False) -> str:
    """One record as CSV text without the final line break (preceded by the header line)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    if header:
        w.writerow(CSV_HEADER)
    w.writerow(csv_row(rec))
    return buf.getvalue().removesuffix("\r\n")


def json_line(obj: dict[str, Any]) -> str:
    """One record as a JSON line (no line break): the JSONL output's exact form."""
    return json.dumps(obj, ensure_ascii=False)


def query_fields(fields: dict[str, str]) -> dict[str, str]:
    """The query as recorded: the screening fields that were given, nothing else."""
    return {k: fields[k] for k in ("id", "name", "type", "country", "birth_date") if fields.get(k)}


class _Writer:
    def __init__(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".jsonl", ".ndjson"):
            raise InputError(f"{path}: unknown output type {suffix!r} (use .csv or .jsonl)")
        self.csv = suffix == ".csv"
        self.fh: TextIO = path.open("w", encoding="utf-8", newline="")
        self.writer: Any = None
        if self.csv:
            self.writer = csv.writer(self.fh)
            self.writer.writerow(CSV_HEADER)

    def write(self, rec: dict[str, Any]) -> None:
        if self.csv:
            self.writer.writerow(csv_row(rec))
        else:
            self.fh.write(json_line(rec) + "\n")

    def close(self) -> None:
        self.fh.close()


def write_results(
    path: Path,
    records: Iterator[dict[str, Any]],
    on_record: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    """Write records as they come (CSV or JSONL by extension)."""
    writer = _Writer(path)
    try:
        for rec in records:
            writer.write(rec)
            if on_record:
                on_record(rec)
    finally:
        writer.close()


def dumps_csv(rows: list[dict[str, str]]) -> str:
    """Test helper: rows as CSV text with the input columns."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(INPUT_COLUMNS))
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


_TYPES = {
    "person": "person",
    "individual": "person",
    "organization": "organization",
    "organisation": "organization",
    "entity": "organization",
    "company": "organization",
    "vessel": "vessel",
    "ship": "vessel",
    "aircraft": "aircraft",
    "airplane": "aircraft",
}


def row_query(fields: dict[str, str]) -> Query:
    """The screening query for one input row; InputError names the field that is wrong."""
    from exportctl.countries import to_iso2
    from exportctl.model import EntityType, FuzzyDate
    from exportctl.screening import Query

    name = (fields.get("name") or "").strip()
    if not name:
        raise InputError("missing name")
    if len(name) > 500:
        raise InputError(f"name is {len(name)} characters long (limit 500)")
    etype = None
    raw_type = (fields.get("type") or "").strip().lower()
    if raw_type:
        if raw_type not in _TYPES:
            raise InputError(
                f"unknown type {fields['type']!r} (person, organization, vessel, aircraft)"
            )
        etype = EntityType(_TYPES[raw_type])
    country = None
    raw_country = (fields.get("country") or "").strip()
    if raw_country:
        country = to_iso2(raw_country)
        if country is None:
            raise InputError(f"unknown country {raw_country!r} (use ISO 3166 alpha-2)")
    birth = None
    raw_birth = (fields.get("birth_date") or "").strip()
    if raw_birth:
        try:
            birth = FuzzyDate.parse_iso(raw_birth)
        except ValueError:
            raise InputError(
                f"bad birth_date {raw_birth!r} (YYYY, YYYY-MM or YYYY-MM-DD)"
            ) from None
    return Query(name=name, type=etype, country=country, birth_date=birth)
