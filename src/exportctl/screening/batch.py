"""Batch screening files: read rows (CSV, JSONL, XLSX, Parquet), write one result per row.

Every input row yields exactly one output record, in input order: its matches, an ``error``
saying why the row could not be screened, and ``warnings`` about cells that were not used (an
unknown country, an unparsable date, bytes that are not text). A broken row never stops the
batch and is never dropped; rows the reader cannot even split (a CSV line with a stray quote)
become error rows too.

Text files are decoded per row, not per file: a byte-order mark is honoured, ``encoding`` names
a legacy encoding, and otherwise the file is read as UTF-8. Bytes that do not decode are kept as
lone surrogates while the file is split into rows, so that one bad byte affects only the row
holding it: in the ``name`` cell it makes the row an error (the name is not known), elsewhere
the cell is read with U+FFFD in place of the bytes and the row carries a warning.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from exportctl.errors import InputError, SourceError

if TYPE_CHECKING:
    from exportctl.model import FuzzyDate
    from exportctl.screening import Query

__all__ = [
    "CSV_HEADER",
    "BatchRow",
    "csv_record",
    "csv_row",
    "csv_values",
    "decode_text",
    "json_line",
    "parse_row",
    "query_fields",
    "read_rows",
    "result_record",
    "row_query",
    "text_rows",
    "write_results",
]

INPUT_COLUMNS = ("id", "name", "type", "country", "birth_date")

#: Physical lines one quoted CSV cell may span. An opening quote that is not closed within this
#: many lines is a stray quote: its line becomes an error row and reading goes on at the next
#: line, so one broken quote never swallows the rest of the file.
MAX_RECORD_LINES = 32

# Undecodable bytes become U+DC80..U+DCFF (surrogateescape); JSON escapes can yield any lone
# surrogate. Either way a surrogate in a decoded cell means "this is not text".
_NOT_TEXT = re.compile("[\ud800-\udfff]")

# Longest BOMs first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One input row: its fields, or the reason it could not be read, and reading warnings."""

    number: int  # 1-based data row number (header excluded)
    fields: dict[str, str]
    error: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.fields.get("id") or f"row-{self.number}"


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):  # a spreadsheet date cell: the day is what was meant
        value = value.date()
    if isinstance(value, date):
        value = value.isoformat()
    return str(value).strip()


def _normalise_keys(raw: dict[Any, Any]) -> dict[str, str]:
    return {str(k).strip().lower(): _clean(v) for k, v in raw.items() if k is not None}


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(f"unknown encoding {name!r} (e.g. utf-8, cp1252, latin-1)") from None


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """``data`` as text and the encoding used; undecodable bytes become lone surrogates.

    A byte-order mark decides the encoding (``encoding`` must then agree with it); without
    one the text is ``encoding`` or UTF-8. Nothing is guessed: a stray byte in a UTF-8 file
    stays a stray byte in its own row instead of turning the whole file into cp1252.
    """
    wanted = _codec(encoding) if encoding else None
    for bom, name in _BOMS:
        if data.startswith(bom):
            family = codecs.lookup(name).name
            if wanted and wanted.replace("-sig", "") not in (family, family[:6]):
                raise InputError(
                    f"the file starts with a {name.upper()} byte-order mark but the encoding "
                    f"given is {encoding!r}"
                )
            return data[len(bom) :].decode(name, "surrogateescape"), name
    name = wanted or "utf-8"
    return data.decode(name, "surrogateescape"), name


def _text_problem(value: str, encoding: str) -> str | None:
    m = _NOT_TEXT.search(value)
    if m is None:
        return None
    ch = ord(m.group())
    if 0xDC80 <= ch <= 0xDCFF:
        return f"byte 0x{ch - 0xDC00:02X} is not {encoding} text"
    return f"U+{ch:04X} is a lone surrogate, not text"


def _checked(
    number: int,
    fields: dict[str, str],
    encoding: str,
    warnings: Sequence[str] = (),
    error: str | None = None,
) -> BatchRow:
    """The row, with cells that are not text repaired (warning) or, for the name, an error."""
    out = list(warnings)
    for key, value in fields.items():
        problem = _text_problem(value, encoding)
        if problem is None:
            continue
        fields[key] = _NOT_TEXT.sub("\ufffd", value)
        if key == "name" and error is None:
            error = (
                f"name is not readable: {problem} (if the file is in a legacy encoding, "
                "give it with --encoding)"
            )
        else:
            out.append(f"{key}: {problem}; read with U+FFFD in its place")
    return BatchRow(number, fields, error, tuple(out))


def _lines(text: str) -> list[str]:
    """Physical lines without their ``\\n``. Only ``\\n`` ends a line: str.splitlines() would
    also split on U+2028, U+0085 and other separators that a hostile name can carry."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _csv_records(
    lines: list[str], start: int, width: int | None
) -> Iterator[tuple[int, int, list[str] | None, str | None]]:
    """RFC 4180 records from ``lines[start:]`` as ``(first line, lines spanned, values, error)``.

    A quoted cell may hold line breaks. A record is accepted only when it parses strictly and
    (when it spans lines) has at most ``width`` fields; otherwise its first line alone is
    reported (a stray or unclosed quote) and reading resumes at the next line.
    """
    i, n = start, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            yield i, 1, None, "empty row"
            i += 1
            continue
        if '"' not in line and line.find("\r") in (-1, len(line) - 1):
            # No quoting and no stray CR: exactly one line (the common case, kept fast).
            yield i, 1, line.rstrip("\r").split(","), None
            i += 1
            continue
        window = (lines[j] + "\n" for j in range(i, min(n, i + MAX_RECORD_LINES)))
        reader = csv.reader(window, strict=True)
        try:
            values = next(reader)
        except (csv.Error, StopIteration) as exc:
            yield i, 1, None, f"unreadable CSV row: {exc}"
            i += 1
            continue
        span = reader.line_num
        if span > 1 and width is not None and len(values) > width:
            # A quote that closed lines later but leaves too many fields was a stray one.
            yield i, 1, None, "unreadable CSV row: unbalanced quote"
            i += 1
            continue
        yield i, span, values, None
        i += span


def _where(first: int, span: int) -> str:
    return f"line {first + 1}" if span == 1 else f"lines {first + 1}-{first + span}"


def _csv_rows(text: str, encoding: str) -> Iterator[BatchRow]:
    lines = _lines(text)
    if not lines:
        return
    # One scan of the whole text: with no undecodable byte, no cell needs checking.
    dirty = _NOT_TEXT.search(text) is not None
    _, span, head, head_error = next(_csv_records(lines, 0, None))
    if head is None:
        raise InputError(f"the header row is unreadable: {head_error}")
    header = [h.strip().lower() for h in head]
    _require_name(header)
    width = len(header)
    records = _csv_records(lines, span, width)
    for number, (first, span, values, error) in enumerate(records, start=1):
        if values is None:
            if error == "empty row":
                yield BatchRow(number, {}, error)
            else:
                guess = {"id": _guess_id(lines[first])}
                yield _checked(number, guess, encoding, error=f"{_where(first, span)}: {error}")
            continue
        if len(values) > width:
            yield _checked(
                number,
                dict(zip(header, values, strict=False)),
                encoding,
                error=f"{_where(first, span)}: row has {len(values)} fields, header has {width}",
            )
            continue
        fields = {h: v.strip() for h, v in zip(header, values, strict=False)}
        if span > 1:
            note = f"{_where(first, span)}: a quoted cell holds a line break"
            yield _checked(number, fields, encoding, (note,))
        elif dirty:
            yield _checked(number, fields, encoding)
        else:
            yield BatchRow(number, fields)


def _guess_id(line: str) -> str:
    first = line.split(",", 1)[0].strip().strip('"')
    return first[:128]


def _require_name(header: Sequence[str]) -> None:
    if "name" not in header:
        raise InputError(f"input has no 'name' column (columns: {', '.join(header) or 'none'})")


def _jsonl_rows(text: str, encoding: str) -> Iterator[BatchRow]:
    dirty = _NOT_TEXT.search(text) is not None
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
        fields = _normalise_keys(obj)
        # Undecodable bytes or a \\u-escape are the only ways to a surrogate in a cell.
        if dirty or "\\u" in line:
            yield _checked(number, fields, encoding)
        else:
            yield BatchRow(number, fields)


def _xlsx_rows(path: Path) -> Iterator[BatchRow]:
    """Rows of the first sheet: its row 1 is the header, sheet row n + 1 is data row n.

    Read by the list files' reader (:mod:`exportctl.sources._xlsx`), so a batch workbook has
    the same bounds (decompressed size and ratio) and is refused whole, like a list file, when
    it is damaged or its sheet ends before the last row it declares. Rows the sheet skips are
    empty rows, so that every data row keeps its number.
    """
    # Imported here: the reader pulls in lxml.etree, measured at 18-45 ms (median 21 ms, 2-core
    # machine) after exportctl.screening is loaded; every single `exportctl screen` imports
    # this module, and only XLSX input needs it.
    from exportctl.sources._xlsx import iter_rows as iter_xlsx_rows

    header: list[str] | None = None
    number = 0
    try:
        for sheet_row, cells in iter_xlsx_rows(path, typed=True):
            if header is None:
                header = _xlsx_header(cells if sheet_row == 1 else {})
                _require_name(header)
                if sheet_row == 1:
                    continue
            while number < sheet_row - 2:  # rows absent from the sheet XML are empty
                number += 1
                yield BatchRow(number, {}, "empty row")
            number += 1
            if not cells:
                yield BatchRow(number, {}, "empty row")
                continue
            fields = {h: cells.get(i, "") for i, h in enumerate(header) if h}
            yield _checked(number, fields, "xlsx")
    except SourceError as exc:
        raise InputError(f"cannot read workbook: {exc}") from None
    if header is None:
        _require_name([])


def _xlsx_header(cells: dict[int, str]) -> list[str]:
    width = max(cells, default=-1) + 1
    return [cells.get(i, "").lower() for i in range(width)]


def _parquet_rows(path: Path) -> Iterator[BatchRow]:
    try:
        # pyarrow is the optional `parquet` extra (~45 MB); only Parquet input imports it.
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"{path}: Parquet input needs pyarrow: pip install 'exportctl[parquet]'"
        ) from None
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow's errors have no common public base
        raise InputError(f"{path}: cannot read Parquet ({exc.__class__.__name__}: {exc})") from None
    header = [c.lower() for c in table.column_names]
    _require_name(header)
    for number, rec in enumerate(table.to_pylist(), start=1):
        yield _checked(number, _normalise_keys(rec), "parquet")


def read_rows(path: Path, encoding: str | None = None) -> Iterator[BatchRow]:
    """Rows of a CSV, JSONL, XLSX or Parquet file (chosen by extension).

    ``encoding`` is for legacy text files (``cp1252``, ``latin-1`` …); a byte-order mark
    always decides, and without either the text is UTF-8, decoded row by row.
    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    if suffix == ".parquet":
        return _parquet_rows(path)
    if suffix not in TEXT_SUFFIXES:
        raise InputError(
            f"{path}: unknown input type {suffix!r} (use .csv, .jsonl, .xlsx or .parquet)"
        )
    return text_rows(path.read_bytes(), suffix, encoding)


TEXT_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".txt", ".tsv")


def text_rows(data: bytes, suffix: str, encoding: str | None = None) -> Iterator[BatchRow]:
    """Rows of a CSV or JSONL file's bytes (``suffix`` says which), exactly as
    :func:`read_rows` reads the file: engines that hold a file's content rather than its path
    (Spark's executors) read through this."""
    text, used = decode_text(data, encoding)
    if suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return _jsonl_rows(text, used)
    return _csv_rows(text, used)


def result_record(
    row_id: str,
    matches: list[dict[str, Any]],
    error: str | None,
    warnings: Sequence[str] = (),
) -> dict[str, Any]:
    """The output contract: ``{"id", "matches": [...], "error", "warnings": [...]}``."""
    return {"id": row_id, "matches": matches, "error": error, "warnings": list(warnings)}


#: The CSV output columns. The top match's score, listed name and list (SOURCE or
#: SOURCE:SUBLIST) have columns of their own for spreadsheets; ``matches`` holds them all as JSON.
CSV_HEADER = (
    "id",
    "match_count",
    "top_score",
    "top_name",
    "top_list",
    "matches",
    "error",
    "warnings",
)
_COL = {name: i for i, name in enumerate(CSV_HEADER)}


def csv_row(rec: dict[str, Any]) -> list[Any]:
    """The CSV output columns of one record (the matches and warnings themselves as JSON)."""
    matches = rec["matches"]
    top = matches[0] if matches else None
    warnings = rec.get("warnings") or []
    cells: dict[str, Any] = {
        "id": rec["id"],
        "match_count": len(matches),
        "top_score": f"{top['score']:.4f}" if top else "",
        "top_name": top["name"] if top else "",
        "top_list": top["source"] + (f":{top['sublist']}" if top.get("sublist") else "")
        if top
        else "",
        "matches": json.dumps(matches, ensure_ascii=False),
        "error": rec["error"] or "",
        "warnings": json.dumps(warnings, ensure_ascii=False) if warnings else "",
    }
    return [cells[name] for name in CSV_HEADER]


def csv_record(values: Sequence[str]) -> dict[str, Any]:
    """A record back from its CSV output columns (the inverse of :func:`csv_row`)."""
    warnings = values[_COL["warnings"]] if len(values) > _COL["warnings"] else ""
    return {
        "id": values[_COL["id"]],
        "matches": json.loads(values[_COL["matches"]]),
        "error": values[_COL["error"]] or None,
        "warnings": json.loads(warnings) if warnings else [],
    }


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


# A cell naming several values: "(1) Somalia. (2) Sweden", "Iran; Iraq", "1970, 1971".
_ENUMERATION = re.compile(
    r"\(\s*\d{1,2}\s*\)|[;|/\n]|,(?!\s*(?:republic|the|state|kingdom)\b)|\.\s", re.I
)


def _parts(value: str) -> list[str]:
    return [p.strip(" .,\t") for p in _ENUMERATION.split(value) if p.strip(" .,\t")]


def _countries(raw: str) -> tuple[list[str], list[str]]:
    """ISO codes a country cell names, and the parts that are no country."""
    from exportctl.countries import to_iso2

    whole = to_iso2(raw)
    if whole:
        return [whole], []
    codes: list[str] = []
    unknown: list[str] = []
    for part in _parts(raw):
        code = to_iso2(part)
        if code:
            codes.append(code)
        else:
            unknown.append(part)
    return list(dict.fromkeys(codes)), unknown


def _dates(raw: str) -> tuple[list[FuzzyDate], list[str]]:
    from exportctl.model import FuzzyDate

    try:
        return [FuzzyDate.parse_iso(raw)], []
    except ValueError:
        pass
    found: list[FuzzyDate] = []
    unknown: list[str] = []
    for part in _parts(raw) if len(raw) <= 200 else [raw[:40]]:
        try:
            found.append(FuzzyDate.parse_iso(part))
        except ValueError:
            unknown.append(part)
    return found, unknown


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def parse_row(fields: dict[str, str], *, strict: bool = False) -> tuple[Query, list[str]]:
    """The screening query for one input row, and warnings about cells not (fully) used.

    Only the name is essential: a missing or over-long name raises InputError. An unknown
    type, a country cell that names no country or several, a date that does not parse are
    warnings: the name is screened with the values that could be used. Several countries are
    not used at all (one of them could count as a mismatch against the true listing); several
    dates are used as the range of years they span. ``strict`` raises on the first warning
    instead (a single screen typed on the command line).
    """
    from exportctl.model import EntityType, FuzzyDate
    from exportctl.screening import Query

    warnings: list[str] = []

    def warn(strict_message: str, message: str) -> None:
        if strict:
            raise InputError(strict_message)
        warnings.append(message)

    name = (fields.get("name") or "").strip()
    if not name:
        raise InputError("missing name")
    if len(name) > 500:
        raise InputError(f"name is {len(name)} characters long (limit 500)")
    etype = None
    raw_type = (fields.get("type") or "").strip().lower()
    if raw_type:
        if raw_type in _TYPES:
            etype = EntityType(_TYPES[raw_type])
        else:
            warn(
                f"unknown type {fields['type']!r} (person, organization, vessel, aircraft)",
                f"type {_short(fields['type'])} is not person, organization, vessel or "
                "aircraft; screened without a type",
            )
    country = None
    raw_country = (fields.get("country") or "").strip()
    if raw_country:
        codes, unknown = _countries(raw_country)
        if len(codes) == 1 and not unknown:
            country = codes[0]
        else:
            strict_msg = f"unknown country {raw_country!r} (use ISO 3166 alpha-2)"
            if len(codes) == 1:
                country = codes[0]
                warn(
                    strict_msg,
                    f"country: used {codes[0]}; not a country: "
                    + ", ".join(_short(u) for u in unknown),
                )
            elif codes:
                warn(
                    strict_msg,
                    f"country cell names several countries ({', '.join(codes)}); "
                    "screened without a country",
                )
            else:
                warn(
                    strict_msg,
                    f"country {_short(raw_country)} is not a country; screened without a country",
                )
    birth = None
    raw_birth = (fields.get("birth_date") or "").strip()
    if raw_birth:
        dates, bad = _dates(raw_birth)
        if len(dates) == 1 and not bad:
            birth = dates[0]
        else:
            strict_msg = f"bad birth_date {raw_birth!r} (YYYY, YYYY-MM or YYYY-MM-DD)"
            if dates:
                lo = min(d.earliest.year for d in dates)
                hi = max(d.latest.year for d in dates)
                birth = dates[0] if len(dates) == 1 else FuzzyDate.years(lo, hi)
                note = f"used {birth.iso()}"
                if bad:
                    note += "; not a date: " + ", ".join(_short(b) for b in bad)
                warn(strict_msg, f"birth_date: {note}")
            else:
                warn(
                    strict_msg,
                    f"birth_date {_short(raw_birth)} is not a date (YYYY, "
                    "YYYY-MM or YYYY-MM-DD); screened without it",
                )
    return Query(name=name, type=etype, country=country, birth_date=birth), warnings


def row_query(fields: dict[str, str]) -> Query:
    """The screening query for one input row; InputError names the field that is wrong."""
    return parse_row(fields, strict=True)[0]
