"""Batch input: rows of a CSV, JSONL, XLSX or Parquet file, one :class:`BatchRow` each.

Every row the file holds becomes one row here, in order, including rows that cannot be read
(``error``) and rows with cells that are not text (``warnings``).

Text files are decoded per row, not per file: a byte-order mark is honoured, ``encoding`` names
a legacy encoding, and otherwise the file is read as UTF-8. Bytes that do not decode are kept as
lone surrogates while the file is split into rows, so that one bad byte affects only the row
holding it: in the ``name`` cell it makes the row an error (the name is not known), elsewhere
the cell is read with U+FFFD in place of the bytes and the row carries a warning.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from exportctl.errors import InputError, SourceError

__all__ = [
    "INPUT_COLUMNS",
    "MAX_RECORD_LINES",
    "TEXT_SUFFIXES",
    "BatchRow",
    "Require",
    "decode_text",
    "read_rows",
    "require_distinct",
    "text_rows",
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
        if '"' not in line and "\r" in line and "\r" in line.rstrip("\r"):
            # A carriage return inside an unquoted row: a writer's CR line end (the next row
            # follows it) or a CR in a cell: which cells make which row is not known, so every
            # part is an error row of its own, none screened and none lost (_csv_rows).
            yield i, 1, None, _CR_INSIDE
            i += 1
            continue
        if '"' not in line:
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


_CR_INSIDE = "a carriage return (CR) inside the row: its parts are not screened"


def _where(first: int, span: int) -> str:
    return f"line {first + 1}" if span == 1 else f"lines {first + 1}-{first + span}"


def _csv_rows(text: str, encoding: str, require: Require) -> Iterator[BatchRow]:
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # every line ends in CR alone (classic Mac OS files)
    lines = _lines(text)
    if not lines:
        return
    # One scan of the whole text: with no undecodable byte, no cell needs checking.
    dirty = _NOT_TEXT.search(text) is not None
    _, span, head, head_error = next(_csv_records(lines, 0, None))
    if head is None:
        raise InputError(f"the header row is unreadable: {head_error}")
    header = [h.strip().lower() for h in head]
    require(header)
    width = len(header)
    records = _csv_records(lines, span, width)
    number = 0
    for first, span, values, error in records:
        number += 1
        if error == _CR_INSIDE:
            for k, part in enumerate(lines[first].rstrip("\r").split("\r")):
                if k:
                    number += 1
                guess = {"id": _guess_id(part)}
                yield _checked(number, guess, encoding, error=f"{_where(first, span)}: {error}")
            continue
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
    require_distinct(header)


#: A header check: raises :class:`InputError` when the columns cannot be read as meant.
Require = Callable[[Sequence[str]], None]


def require_distinct(header: Sequence[str]) -> None:
    """InputError when a column name repeats (case-insensitive)."""
    # Two columns of one name (``id,name,Name``): a row's cells were read into one key and
    # the last won, so the first column's names were never screened (found by fuzzing).
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise InputError(
            f"input names the column(s) {', '.join(map(repr, twice))} more than once "
            "(header names are case-insensitive): which cell to screen is not known"
        )


def _not_text_name(raw: dict[Any, Any]) -> str | None:
    """Why a JSON or Parquet record's name is not one name, or None. A boolean, a number, a
    list or an object read as text screened ``True`` or a Python repr and cleared it; two
    keys for the name (``name`` and ``Name``) kept the last one only (found by fuzzing)."""
    names = [v for k, v in raw.items() if str(k).strip().lower() == "name"]
    if len(names) > 1:
        return "the record has more than one name key (keys are case-insensitive)"
    if not names or names[0] is None or isinstance(names[0], str):
        return None
    value = names[0]
    kinds = {bool: "a boolean", int: "a number", float: "a number", dict: "an object"}
    kind = kinds.get(type(value), "a list" if isinstance(value, list) else type(value).__name__)
    return f"name is {kind}, not text: give one name as a string"


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
        if (why := _not_text_name(obj)) is not None:
            yield BatchRow(number, fields, why)
            continue
        # Undecodable bytes or a \\u-escape are the only ways to a surrogate in a cell.
        if dirty or "\\u" in line:
            yield _checked(number, fields, encoding)
        else:
            yield BatchRow(number, fields)


def _xlsx_rows(path: Path, require: Require) -> Iterator[BatchRow]:
    """Rows of the first sheet: its row 1 is the header, sheet row n + 1 is data row n.

    Read by the list files' reader (:mod:`exportctl.sources._xlsx`), so a batch workbook has
    the same bounds (decompressed size and ratio) and is refused whole, like a list file, when
    it is damaged or its sheet ends before the last row it declares. Rows the sheet skips are
    empty rows, so that every data row keeps its number.
    """
    # start-up: the reader pulls in lxml.etree, measured at 18-45 ms (median 21 ms, 2-core
    # machine) after exportctl.screening is loaded; every single `exportctl screen` imports
    # this module, and only XLSX input needs it.
    from exportctl.sources._xlsx import iter_cells

    header: list[str] | None = None
    number = 0
    try:
        for sheet_row, cells, not_text in iter_cells(path, typed=True):
            if header is None:
                header = _xlsx_header(cells if sheet_row == 1 else {})
                require(header)
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
            kind = not_text.get(header.index("name")) if "name" in header else None
            if kind is not None:
                # A number, boolean or #N/A in the name column is a shifted or broken sheet,
                # not a name: screened as its text ("TRUE") it would clear the row.
                yield BatchRow(number, fields, f"name is {kind}, not text: give one name as text")
                continue
            yield _checked(number, fields, "xlsx")
    except SourceError as exc:
        raise InputError(f"cannot read workbook: {exc}") from None
    if header is None:
        require([])


def _xlsx_header(cells: dict[int, str]) -> list[str]:
    width = max(cells, default=-1) + 1
    return [cells.get(i, "").lower() for i in range(width)]


def _parquet_rows(path: Path) -> Iterator[BatchRow]:
    try:
        # start-up: pyarrow is the optional `parquet` extra (~45 MB, 145 ms by -X importtime);
        # only Parquet input imports it.
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
        if (why := _not_text_name(rec)) is not None:
            yield BatchRow(number, _normalise_keys(rec), why)
            continue
        yield _checked(number, _normalise_keys(rec), "parquet")


def read_rows(
    path: Path, encoding: str | None = None, require: Require = _require_name
) -> Iterator[BatchRow]:
    """Rows of a CSV, JSONL, XLSX or Parquet file (chosen by extension).

    ``encoding`` is for legacy text files (``cp1252``, ``latin-1`` …); a byte-order mark
    always decides, and without either the text is UTF-8, decoded row by row. ``require``
    checks the header of a CSV or XLSX file (by default: a ``name`` column, screening's batch).
    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, require)
    if suffix == ".parquet":
        return _parquet_rows(path)
    if suffix not in TEXT_SUFFIXES:
        raise InputError(
            f"{path}: unknown input type {suffix!r} (use .csv, .jsonl, .xlsx or .parquet)"
        )
    return text_rows(path.read_bytes(), suffix, encoding, require)


TEXT_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".txt", ".tsv")


def text_rows(
    data: bytes, suffix: str, encoding: str | None = None, require: Require = _require_name
) -> Iterator[BatchRow]:
    """Rows of a CSV or JSONL file's bytes (``suffix`` says which), exactly as
    :func:`read_rows` reads the file: engines that hold a file's content rather than its path
    (Spark's executors) read through this."""
    text, used = decode_text(data, encoding)
    if suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return _jsonl_rows(text, used)
    return _csv_rows(text, used, require)
