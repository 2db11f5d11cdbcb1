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
import itertools
import json
import re
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from exportctl.countries import query_country
from exportctl.errors import InputError, SourceError
from exportctl.screening.batch.headers import (
    NAME_KEYS,
    NAME_PARTS,
    is_column_name,
    joined_name,
    joins_parts,
    normalise_header,
    other_name_headers,
    read_keys,
    record_keys,
    require_distinct,
    screening_header,
)
from exportctl.screening.batch.query import IDENTIFIER_COLUMNS, parse_dates

__all__ = [
    "DELIMITERS",
    "INPUT_COLUMNS",
    "MAX_RECORD_LINES",
    "MAX_TITLE_ROWS",
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

#: Cell delimiters a CSV/TXT file may use, by name: comma (RFC 4180), semicolon (Excel where the
#: decimal mark is a comma), tab (``.tsv``, "Text (Tab delimited)"). Which one a file uses is
#: read from its header line alone (:func:`_find_header`), never from data rows: a name may
#: hold a semicolon (``CAGL ; GLBC``) or a comma.
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}

#: Rows above the header a file may have: a title, a date, blank lines (each with at most one
#: filled cell). Each is reported as a row that was not screened.
MAX_TITLE_ROWS = 10

# Undecodable bytes become U+DC80..U+DCFF (surrogateescape); JSON escapes can yield any lone
# surrogate. Either way a surrogate in a decoded cell means "this is not text".
_NOT_TEXT = re.compile("[\ud800-\udfff]")

# Control characters other than tab, LF and CR: no name holds one. A NUL in a cell is a damaged
# or binary file, or wide text read as UTF-8; the screen reads past it, the row says it was there.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

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
    #: In a workbook of several sheets: the sheet's title and the row's own number in it
    #: (``number`` counts on through the sheets, so ``row-N`` alone does not say where it is).
    sheet: tuple[str, int] | None = None

    @property
    def id(self) -> str:
        return self.fields.get("id") or f"row-{self.number}"

    def located(self, text: str) -> str:
        """``text`` (an error, a warning) naming the sheet and sheet row the row came from."""
        if self.sheet is None:
            return text
        where = f"sheet {self.sheet[0]!r} row {self.sheet[1]}"
        return text if text.startswith(where + ":") else f"{where}: {text}"


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


def _codec(name: str) -> str:
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise InputError(f"unknown encoding {name!r} (e.g. utf-8, cp1252, latin-1)") from None
    if not getattr(info, "_is_text_encoding", True):
        # `rot13`, `base64`, `zlib`: codecs, not text encodings; bytes.decode refused them with
        # a LookupError traceback (red29).
        raise InputError(f"{name!r} is not a text encoding (e.g. utf-8, cp1252, latin-1)")
    return info.name


def _decoded(data: bytes, name: str) -> str:
    """``data`` in the encoding ``name``, undecodable bytes as lone surrogates."""
    try:
        return data.decode(name, "surrogateescape")
    except UnicodeDecodeError as exc:
        # surrogateescape covers bytes a decoder rejects, not every failure: UTF-16 text of an
        # odd length ends in "truncated data" (a UTF-8 file given with --encoding utf-16), and
        # that was a traceback (red29).
        raise InputError(
            f"the file is not {name} text ({exc.reason} at byte {exc.start:,}): is --encoding "
            "the file's encoding?"
        ) from None


def _encoding_of(head: bytes, encoding: str | None) -> tuple[str | None, tuple[str, int] | None]:
    """The codec ``encoding`` names (None when not given) and, where ``head`` starts with a
    byte-order mark, the mark's encoding and length: the mark decides, and a given encoding
    must agree with it (InputError otherwise)."""
    wanted = _codec(encoding) if encoding else None
    for bom, name in _BOMS:
        if head.startswith(bom):
            family = codecs.lookup(name).name
            if wanted and wanted.replace("-sig", "") not in (family, family[:6]):
                raise InputError(
                    f"the file starts with a {name.upper()} byte-order mark but the encoding "
                    f"given is {encoding!r}"
                )
            return wanted, (name, len(bom))
    return wanted, None


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """``data`` as text and the encoding used; undecodable bytes become lone surrogates.

    A byte-order mark decides the encoding (``encoding`` must then agree with it); without
    one the text is ``encoding`` or UTF-8. Nothing is guessed: a stray byte in a UTF-8 file
    stays a stray byte in its own row instead of turning the whole file into cp1252.
    """
    wanted, marked = _encoding_of(data, encoding)
    if marked is not None:
        return _decoded(data[marked[1] :], marked[0]), marked[0]
    name = wanted or "utf-8"
    if wanted is None:
        _refuse_wide_text(data)
    return _decoded(data, name), name


def _refuse_wide_text(data: bytes) -> None:
    """InputError for a file that is UTF-16 or UTF-32 without a byte-order mark: read as UTF-8
    its header was ``n\x00a\x00m\x00e`` and the refusal said the file had no name column.

    Told by the file's first characters, the header's, in the pattern a wide encoding gives
    them (every other byte NUL; three of four): a count of NULs would also refuse a UTF-8
    file whose first rows hold a few (a row's problem, ``_checked``)."""
    head = data[:16]
    n = len(head) - len(head) % 4
    if n < 8:
        return
    h, quads = head[:n], range(0, n, 4)
    if all(h[i] and not any(h[i + 1 : i + 4]) for i in quads):
        guess = "utf-32-le"
    elif all(h[i + 3] and not any(h[i : i + 3]) for i in quads):
        guess = "utf-32-be"
    elif all(h[0:n:2]) and not any(h[1:n:2]):
        guess = "utf-16-le"
    elif all(h[1:n:2]) and not any(h[0:n:2]):
        guess = "utf-16-be"
    else:
        return
    raise InputError(
        f"the file holds NUL bytes ({h.count(0)} of its first {n} bytes) in the pattern of "
        f"{guess.upper()} and no byte-order mark: it looks like {guess.upper()} text (give it "
        f"with --encoding {guess}) or is not a text file; save it as UTF-8 CSV"
    )


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
        control = _CONTROL.search(value)
        if control is not None:
            out.append(
                f"{key}: holds the control character U+{ord(control.group()):04X}, which no "
                "name or value holds (a damaged or binary file?); read as it is"
            )
        problem = _text_problem(value, encoding)
        if problem is None:
            continue
        fields[key] = _NOT_TEXT.sub("\ufffd", value)
        if key in NAME_KEYS and "name" in fields and key != "name":
            continue  # a part of the name: the joined name's error says it
        if key == "name" and error is None:
            error = (
                f"name is not readable: {problem} (if the file is in a legacy encoding, "
                "give it with --encoding)"
            )
        else:
            out.append(f"{key}: {problem}; read with U+FFFD in its place")
    return BatchRow(number, fields, error, tuple(out))


#: Bytes a text file is read and decoded in at a time: a batch file of any size is read in
#: memory bounded by this and by the longest record (batch30: the CLI held the whole file, its
#: text, its lines and its rows, about 10 times the file, before screening the first row).
CHUNK_BYTES = 1 << 20


def _without_mark(name: str) -> str:
    """The codec that decodes ``name`` text with no byte-order mark as ``bytes.decode`` does:
    UTF-16 and UTF-32 in the machine's order (their incremental decoders refuse the text)."""
    if name in ("utf-16", "utf-32"):
        return f"{name}-{'le' if sys.byteorder == 'little' else 'be'}"
    return name


def _held_bytes(decoder: codecs.IncrementalDecoder) -> int:
    """Bytes an incremental decoder holds back (an unfinished character); a single-byte
    codec's holds none (its state is no buffer)."""
    state = decoder.getstate()
    return len(state[0]) if isinstance(state, tuple) else 0


class _Source:
    """A text file's bytes (a path, read as it goes; or bytes held already: Spark's executors
    hold a file's content) decoded in chunks, as many times as asked: the empty-file check
    reads to the first character that is not a space, the reader from the start again."""

    def __init__(self, path: Path | None, data: bytes | None, skip: int, encoding: str) -> None:
        self.path, self.data, self.skip, self.encoding = path, data, skip, encoding

    def _raw(self) -> Iterator[bytes]:
        if self.data is not None:
            view = memoryview(self.data)
            for at in range(self.skip, len(view), CHUNK_BYTES):
                yield bytes(view[at : at + CHUNK_BYTES])
            return
        assert self.path is not None
        with self.path.open("rb") as fh:
            fh.seek(self.skip)
            while block := fh.read(CHUNK_BYTES):
                yield block

    def chunks(self) -> Iterator[str]:
        """The text in chunks; undecodable bytes as lone surrogates (:func:`_decoded`)."""
        decoder = codecs.getincrementaldecoder(_without_mark(self.encoding))("surrogateescape")
        # The file byte the decoder's input starts at: the bytes it holds from the last
        # block (part of a character) come before the block it is given (rev30c: the error
        # named the end of the block read, byte 23 of a file cut after byte 22).
        fed = start = self.skip
        try:
            for block in self._raw():
                start = fed - _held_bytes(decoder)
                fed += len(block)
                text = decoder.decode(block)
                if text:
                    yield text
            start = fed - _held_bytes(decoder)
            text = decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            # (surrogateescape covers the bytes a decoder rejects, not a truncated last
            # character: as _decoded says it)
            raise InputError(
                f"the file is not {self.encoding} text ({exc.reason} at byte "
                f"{start + exc.start:,}): is --encoding the file's encoding?"
            ) from None
        if text:
            yield text

    def first_character(self) -> str:
        """The first character that is not a space, or "" for a file of spaces alone."""
        for chunk in self.chunks():
            rest = chunk.lstrip()
            if rest:
                return rest[0]
        return ""

    def lines(self, *, cr: bool) -> Iterator[str]:
        """Physical lines without their ``\\n``, as :func:`_lines` splits a whole text; with
        ``cr`` (a CSV file), a text with no ``\\n`` at all and a CR in it (classic Mac OS
        files) in lines at CR."""
        chunks = self.chunks()
        held: list[str] = []
        for chunk in chunks:
            held.append(chunk)
            if "\n" in chunk:
                break
        else:
            # No LF in the whole file (read to its end, all held: a file of one line is held
            # whole either way): every line ends in CR alone, or there is one line.
            text = "".join(held)
            if cr and "\r" in text:
                text = text.replace("\r", "\n")
            yield from _lines(text)
            return
        carry: list[str] = []
        for chunk in itertools.chain(held, chunks):
            parts = chunk.split("\n")
            if len(parts) == 1:
                carry.append(chunk)  # (a long line: joined once, when it ends)
                continue
            carry.append(parts[0])
            yield "".join(carry)
            yield from parts[1:-1]
            carry = [parts[-1]]
        last = "".join(carry)
        if last:
            yield last


class _Lines:
    """Physical lines read on demand and held only until the reader has passed them
    (:meth:`release`): a CSV record spans at most :data:`MAX_RECORD_LINES` lines, so the
    lines held stay few however long the file."""

    __slots__ = ("_base", "_held", "_it")

    def __init__(self, lines: Iterator[str]) -> None:
        self._it = lines
        self._held: deque[str] = deque()
        self._base = 0  # the number of the first line held

    def get(self, i: int) -> str | None:
        """Line ``i`` (0-based), None past the last."""
        k = i - self._base
        if k < 0:
            raise IndexError(f"line {i + 1} was released")
        while k >= len(self._held):
            line = next(self._it, None)
            if line is None:
                return None
            self._held.append(line)
        return self._held[k]

    def __getitem__(self, i: int) -> str:
        line = self.get(i)
        if line is None:
            raise IndexError(f"no line {i + 1}")
        return line

    def release(self, i: int) -> None:
        """Lines before ``i`` are not asked for again."""
        while self._base < i and self._held:
            self._held.popleft()
            self._base += 1


def _lines(text: str) -> list[str]:
    """Physical lines without their ``\\n``. Only ``\\n`` ends a line: str.splitlines() would
    also split on U+2028, U+0085 and other separators that a hostile name can carry."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def _window(lines: _Lines, i: int) -> Iterator[str]:
    """The lines from ``i`` a quoted record may span, each with its ``\\n``."""
    for j in range(i, i + MAX_RECORD_LINES):
        line = lines.get(j)
        if line is None:
            return
        yield line + "\n"


def _csv_records(
    lines: _Lines, start: int, width: int | None, delimiter: str = ",", *, release: bool = False
) -> Iterator[tuple[int, int, list[str] | None, str | None]]:
    """RFC 4180 records from ``lines[start:]`` as ``(first line, lines spanned, values, error)``.

    A quoted cell may hold line breaks. A record is accepted only when it parses strictly and
    (when it spans lines) has at most ``width`` fields; otherwise its first line alone is
    reported (a stray or unclosed quote) and reading resumes at the next line. ``release``:
    the lines before each record are let go (the reader of the file's rows; the header's
    search reads the first lines several times).
    """
    i = start
    while (line := lines.get(i)) is not None:
        if release:
            lines.release(i)
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
            yield i, 1, line.rstrip("\r").split(delimiter), None
            i += 1
            continue
        reader = csv.reader(_window(lines, i), strict=True, delimiter=delimiter)
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


_SEP_LINE = re.compile(r"^sep=(\\t|.)\r?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Header:
    """Where a text file's header is and how its cells are read."""

    line: int  # 0-based
    first: int  # the first line of the file that is a row (1 after a `sep=` line)
    span: int
    delimiter: str
    cells: list[str]
    keys: list[str]


def _keys(require: Require, cells: Sequence[str]) -> list[str]:
    """The keys the cells are read under: ``require``'s, or each header in lower case."""
    header = [c.strip().lower() for c in cells]
    keys = require(header)
    return list(keys) if keys is not None else header


def _filled(cells: Sequence[str] | None) -> int:
    return 0 if cells is None else sum(1 for c in cells if c.strip())


def _find_header(lines: _Lines, suffix: str, require: Require) -> _Header:
    """The header line, its delimiter and keys, read from header lines alone.

    A delimiter is the file's when the header read with it passes ``require`` (names the name
    column, no column twice …). When several delimiters read it so, differently, the file is
    refused: nothing else may decide (data rows may hold any of them inside a name). Lines
    above the header with at most one filled cell (a title, blank lines) are skipped, up to
    :data:`MAX_TITLE_ROWS`; the caller reports them.
    """
    candidates = ("\t",) if suffix == ".tsv" else tuple(DELIMITERS)
    start = 0
    first_line = lines.get(0)
    m = _SEP_LINE.match(first_line) if first_line is not None else None
    if m is not None:
        # Excel's own directive (`sep=;`): the file says its delimiter; the line is no row.
        sep = "\t" if m.group(1) == "\\t" else m.group(1)
        if sep not in DELIMITERS or sep not in candidates:
            raise InputError(
                f"line 1: {lines[0].strip()!r} names a delimiter that is not read "
                "(comma, semicolon or tab)"
            )
        candidates, start = (sep,), 1
    first_error: str | None = None
    for i in range(start, start + MAX_TITLE_ROWS + 1):
        if lines.get(i) is None:
            break
        fits: dict[str, _Header] = {}
        errors: list[tuple[int, str]] = []
        title = True
        for d in candidates:
            _, span, cells, error = next(_csv_records(lines, i, None, d))
            if cells is None:
                if error != "empty row":
                    title = False
                    errors.append((0, f"the header row is unreadable: {error}"))
                continue
            title = title and _filled(cells) <= 1
            try:
                fits[d] = _Header(i, start, span, d, cells, _keys(require, cells))
            except InputError as exc:
                errors.append((len(cells), str(exc)))
        readings = {tuple(h.cells) for h in fits.values()}
        if len(readings) > 1:
            # `Name, Vorname;Land`: read with ";" every cell is a header the table knows, with
            # "," one is `Vorname;Land`. One reading that explains every cell decides.
            whole = {d: h for d, h in fits.items() if all(map(_known_or_empty, h.cells))}
            if len(whole) == 1:
                fits = whole
                readings = {tuple(h.cells) for h in fits.values()}
        if len(readings) > 1:
            shown = "; ".join(
                f"{DELIMITERS[d]}: {', '.join(repr(c.strip()) for c in h.cells)}"
                for d, h in fits.items()
            )
            raise InputError(
                f"the header row ({_where(i, 1)}) reads as a header (it names the name "
                f"column) with more than one delimiter ({shown}): which one separates the "
                "cells is not known — save the file with one delimiter, or as .tsv for tabs"
            )
        if fits:
            # One reading: the header holds no delimiter (one column) or only one fits.
            return fits["\t" if suffix == ".tsv" else next(iter(fits))]
        # The reading with the most cells explains best why the header does not serve.
        why = max(errors, key=lambda e: e[0])[1] if errors else "input has no header row"
        first_error = first_error or why
        if not title:
            raise InputError(why if i == 0 else f"{_where(i, 1)}: {why}")
    raise InputError(first_error or "input has no header row")


def _known_or_empty(cell: str) -> bool:
    return not cell.strip() or is_column_name(cell)


def _header_again(values: Sequence[str], known: frozenset[str], require: Require) -> bool:
    """Whether a data row is a header row: two or more filled cells, each a column name (of
    this file's header or ``headers.yaml``), that ``require`` accepts as a header."""
    filled = 0
    for v in values:
        if not v.strip():
            continue
        if normalise_header(v) not in known and not is_column_name(v):
            return False
        filled += 1
    if filled < 2:
        return False
    try:
        _keys(require, values)
    except InputError:
        return False
    return True


def _same_header(values: Sequence[str], header: Sequence[str]) -> bool:
    def norm(cells: Sequence[str]) -> list[str]:
        out = [normalise_header(c) for c in cells]
        while out and not out[-1]:
            out.pop()
        return out

    return norm(values) == norm(header)


def _other_header(where: str, values: Sequence[str], header: _Header | Sequence[str]) -> InputError:
    cells = header.cells if isinstance(header, _Header) else header
    return InputError(
        f"{where} is a header row of other columns ({', '.join(v.strip() for v in values)}) "
        f"than the file's header ({', '.join(c.strip() for c in cells)}): the file joins "
        "files with different columns — split it, or give the parts one header"
    )


def _title_rows(lines: _Lines, header: _Header, encoding: str) -> Iterator[BatchRow]:
    """The lines above the header, each a row not screened."""
    for i in range(header.first, header.line):
        number = i + 1 - header.first
        text = lines[i].strip().rstrip(header.delimiter).strip()
        if not text.strip(header.delimiter + ' "'):
            yield BatchRow(number, {}, "empty row")
            continue
        shown = text.strip(header.delimiter + ' "')
        yield _checked(
            number,
            {},
            encoding,
            error=f"{_where(i, 1)}: above the header row, not screened (a title?): {shown[:80]!r}",
        )


def _named(fields: dict[str, str], joined: bool) -> dict[str, str]:
    """The row's fields with its name joined from its part cells when the file has them."""
    if joined:
        fields["name"] = joined_name(fields)
    return fields


def _csv_rows(source: _Source, require: Require, suffix: str = ".csv") -> Iterator[BatchRow]:
    encoding = source.encoding
    lines = _Lines(source.lines(cr=True))
    if lines.get(0) is None:
        return
    head = _find_header(lines, suffix, require)
    yield from _title_rows(lines, head, encoding)
    header, delimiter = head.keys, head.delimiter
    joined = joins_parts(header)
    known = frozenset(normalise_header(c) for c in head.cells)
    width = len(header)
    name_cols = [i for i, h in enumerate(header) if h in NAME_KEYS]
    records = _csv_records(lines, head.line + head.span, width, delimiter, release=True)
    number = head.line - head.first  # the rows above the header were numbered first
    for first, span, values, error in records:
        number += 1
        if error == _CR_INSIDE:
            for k, part in enumerate(lines[first].rstrip("\r").split("\r")):
                if k:
                    number += 1
                guess = {"id": _guess_id(part, delimiter)}
                yield _checked(number, guess, encoding, error=f"{_where(first, span)}: {error}")
            continue
        if values is None:
            if error == "empty row":
                yield BatchRow(number, {}, error)
            else:
                guess = {"id": _guess_id(lines[first], delimiter)}
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
        if _header_again(values, known, require):
            # Files joined end to end (a second export appended): its header is no party, and
            # rows under a header of other columns would be read into the wrong keys.
            if not _same_header(values, head.cells):
                raise _other_header(_where(first, span), values, head)
            note = f"{_where(first, span)}: repeats the header row, not screened"
            yield BatchRow(number, {}, note)
            continue
        fields = _named({h: v.strip() for h, v in zip(header, values, strict=False)}, joined)
        notes: list[str] = []
        if span > 1:
            notes.append(f"{_where(first, span)}: a quoted cell holds a line break")
        if len(values) < width and any(0 < i < len(values) for i in name_cols):
            # `Eric Badege,CD` under `id,name,country`: read into the first columns, the name
            # is `CD`. Writers that drop a row's empty last cells make such rows too, so it is
            # read (a name cell left empty is `missing name`), and said (batch26). A name in
            # the first column cannot have moved.
            shown = ", ".join(c.strip() for c in head.cells[: len(values)])
            notes.append(
                f"{_where(first, span)}: the row has {len(values)} cells, the header "
                f"{width}: read as the first {len(values)} columns ({shown})"
            )
        if notes:
            yield _checked(number, fields, encoding, notes)
        elif _dirty(values):
            yield _checked(number, fields, encoding)
        else:
            yield BatchRow(number, fields)


def _dirty(values: Sequence[str]) -> bool:
    """Whether a record's cells hold a byte that is not text or a control character: only
    such a row's cells need :func:`_checked` (which reads a clean row as it is)."""
    return any(_NOT_TEXT.search(v) is not None or _CONTROL.search(v) is not None for v in values)


def _guess_id(line: str, delimiter: str = ",") -> str:
    first = line.split(delimiter, 1)[0].strip().strip('"')
    return first[:128]


def _require_name(header: Sequence[str]) -> list[str]:
    return screening_header(header)


#: A header check: the keys the columns are read under (None: each header in lower case), or
#: :class:`InputError` when the columns cannot be read as meant.
Require = Callable[[Sequence[str]], Sequence[str] | None]


_KINDS = {bool: "a boolean", int: "a number", float: "a number", dict: "an object"}


def _record(raw: dict[Any, Any]) -> tuple[dict[str, str], str | None, tuple[str, ...]]:
    """A JSON or Parquet record's fields under their keys (``headers.yaml``), why its name
    is not one name (or None), and warnings about cells not used. A boolean, a number, a list
    or an object read as text screened ``True`` or a Python repr and cleared it; two keys for
    the name (``name`` and ``Name``) kept the last one only (found by fuzzing)."""
    items = [(str(k), v) for k, v in raw.items() if k is not None]
    keys, why = record_keys(tuple(k for k, _ in items))
    fields = {key: _clean(v) for key, (_, v) in zip(keys, items, strict=True)}
    if why is not None:
        return fields, why, ()
    if "name" not in keys and set(keys).isdisjoint(NAME_PARTS):
        for k, v in items:
            if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                # `{"data": [{…}, {…}]}`: one line of many records, reported as one row with
                # `missing name` while none of its parties was screened.
                return (
                    fields,
                    (
                        f"the record holds {len(v):,} records under {k!r} and no name: give "
                        "the records one per line (JSONL) or as a top-level JSON array"
                    ),
                    (),
                )
    notes: list[str] = []
    for key, (_, value) in zip(keys, items, strict=True):
        if key in NAME_KEYS and value is not None and not isinstance(value, str):
            kind = _KINDS.get(type(value), "a list" if isinstance(value, list) else "")
            kind = kind or type(value).__name__
            return fields, f"{key} is {kind}, not text: give one name as a string", ()
        if not isinstance(value, dict | list):
            continue
        if key not in read_keys():
            if normalise_header(key) not in other_name_headers():
                continue
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                # ``"aliases": ["ROSNEFT", "X"]``, as JSON exports give them: each name, as
                # ``ROSNEFT; X`` is read (batch30: the list's Python text was screened as one
                # name, brackets and quotes in it).
                fields[key] = "; ".join(v.strip() for v in value if v.strip())
                continue
        elif key in IDENTIFIER_COLUMNS and isinstance(value, list) and all(map(_scalar, value)):
            # ``"identifiers": ["P123", "C456"]``: one value each, as ``P123; C456`` is read
            # (the list's Python text split at its commas kept the brackets and quotes).
            fields[key] = "; ".join(str(v).strip() for v in value if str(v).strip())
            continue
        # An object's or a list's Python text is no value: ``{'type': 'passport', …}`` was
        # compared as the identifier TYPEPASSPORT, ``['CD', 'RW']`` read as a country cell,
        # ``[{'name': 'X'}]`` would be screened as an alias.
        fields[key] = ""
        kind = "an object" if isinstance(value, dict) else "a list"
        notes.append(f"{key} is {kind}, not text: not used (give the value as a string)")
    named = _named(fields, joins_parts(keys))
    return named, None, tuple(notes)


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _jsonl_rows(lines: Iterator[str], encoding: str) -> Iterator[BatchRow]:
    number = 0
    for line in lines:
        if not line.strip():
            continue
        number += 1
        try:
            obj = json.loads(line, object_pairs_hook=_one_value_per_key)
        except _TwiceError as exc:
            yield BatchRow(number, {}, str(exc))
            continue
        except ValueError as exc:
            yield BatchRow(number, {}, f"invalid JSON: {exc}")
            continue
        except RecursionError:
            yield BatchRow(number, {}, _TOO_DEEP)
            continue
        if not isinstance(obj, dict):
            yield BatchRow(number, {}, "a JSON line must be an object")
            continue
        fields, why, notes = _record(obj)
        if why is not None:
            yield BatchRow(number, fields, why)
            continue
        # Undecodable bytes or a \\u-escape are the only ways to a surrogate in a cell.
        if notes or "\\u" in line or _NOT_TEXT.search(line) is not None:
            yield _checked(number, fields, encoding, notes)
        else:
            yield BatchRow(number, fields)


class _TwiceError(ValueError):
    """A JSON object with one key twice."""


def _one_value_per_key(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refused when a key repeats: ``{"name": "A", "name": "B"}`` parsed to its
    last value, and the first name was never screened nor reported."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _TwiceError(
                f"the record has the key {key!r} twice: which value to read is not known"
            )
        out[key] = value
    return out


# `[[[[…` a few thousand deep exhausts the parser's stack (RecursionError, no ValueError): an
# upload of one line of brackets was an internal error instead of a refusal.
_TOO_DEEP = "JSON nested too deeply to be a record"


def _json_array_rows(chunks: Iterator[str], encoding: str) -> Iterator[BatchRow]:
    """A JSON array of records (an "Export as JSON"): one row per element. Read line by line
    its elements were error rows (``{…},`` is no JSON line) but for the last, screened.

    Read as it goes (batch32: a 100 MB array was parsed whole, every record held at once;
    :class:`_ArrayText`): an element that parses but is no record is its own row's error, as
    before; text that does not parse (a truncated file, a missing comma, brackets nested
    past the parser's stack) fails the file, at the point reached — the rows before it were
    read, and the caller says so (the CLI removes its output, as for a CSV header far into
    the file)."""
    for number, (obj, dirty) in enumerate(_ArrayText(chunks).elements(), start=1):
        twice = _nested_twice(obj)
        if twice is not None:
            # A key twice anywhere in the element, as a JSONL line's (whose parse fails
            # whole): `{"name": "A", "country": {"code": "CD", "code": "RW"}}` was read with
            # one of the codes, where the same record as a JSONL line was an error row (out27).
            yield BatchRow(number, {}, twice.why)
            continue
        if not isinstance(obj, dict):
            yield BatchRow(number, {}, "an element of the JSON array must be an object")
            continue
        fields, why, notes = _record(obj)
        if why is not None:
            yield BatchRow(number, fields, why)
        elif dirty or notes:
            yield _checked(number, fields, encoding, notes)
        else:
            yield BatchRow(number, fields)


_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_GOES_ON = re.compile(r"[0-9.eE+-]*")


def _cut_by_the_end(exc: json.JSONDecodeError, read: int) -> bool:
    """Whether a parse error may be the end of the text read cutting an element, not an
    error of the file: it is at the end (a few characters before it: `tru`, `\\u00`, `1.5e`
    cut) or in a string not closed (its position is the string's start). Else more text
    would not mend it, and reading on would hold the rest of a broken file."""
    return read - exc.pos <= 16 or exc.msg.startswith("Unterminated string")


class _ArrayText:
    """A JSON array's text, given in chunks, read element by element with the standard
    library's parser (``JSONDecoder.raw_decode`` at each element; no dependency): what is
    held is the element being read and the chunk it ends in, never the whole array.

    An element cut by a chunk's end fails to parse: more text is read, at least as much
    again as the element so far (so a long element is parsed a few times, not once per
    chunk), and it is parsed again; only at the end of the file is a failure the file's.
    A number that reaches the end of the text read may go on in the next chunk: it is read
    again with more."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self._buf = ""
        self._pos = 0  # the reading position in _buf
        self._dropped = 0  # characters of the file before _buf
        self._lines = 0  # line breaks in them
        self._eof = False

    def _more(self) -> bool:
        """Reads at least as much text again as is left unread in the buffer (one chunk at
        least); False at the end of the file."""
        left = len(self._buf) - self._pos
        got: list[str] = []
        size = 0
        for chunk in self._chunks:
            got.append(chunk)
            size += len(chunk)
            if size >= left:
                break
        else:
            self._eof = True
        if not got:
            return False
        done = self._buf[: self._pos]
        self._dropped += len(done)
        self._lines += done.count("\n")
        self._buf = self._buf[self._pos :] + "".join(got)
        self._pos = 0
        return True

    def _next(self) -> str:
        """The next character that is not JSON's white space, not read yet ("" at the end)."""
        while True:
            self._pos = _JSON_SPACE.match(self._buf, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if self._eof or not self._more():
                return ""

    def _fail(self, what: str, at: int) -> InputError:
        line = self._lines + self._buf.count("\n", 0, at) + 1
        return InputError(
            f"the file is a JSON array that does not parse: {what} (line {line:,}, character "
            f"{self._dropped + at + 1:,} of the file)"
        )

    def _element(self) -> tuple[Any, bool]:
        while True:
            try:
                obj, end = _ARRAY_DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if _cut_by_the_end(exc, len(self._buf)) and not self._eof and self._more():
                    continue
                raise self._fail(exc.msg, exc.pos) from None
            except RecursionError:
                raise self._fail(_TOO_DEEP, self._pos) from None
            except ValueError as exc:
                # A number past Python's digit limit (`sys.get_int_max_str_digits`, 4,300) is
                # a ValueError, no JSONDecodeError: the file's, as the whole text's parse
                # refused it (rev32d: it escaped as a traceback, exit 1, and `screen --input`
                # left the rows read before it as its output). More text would not mend it.
                raise self._fail(str(exc), self._pos) from None
            if (
                isinstance(obj, int | float)
                and _NUMBER_GOES_ON.match(self._buf, end).end() == len(self._buf)  # type: ignore[union-attr]
                and not self._eof
                and self._more()
            ):
                continue  # (`12` of `123`, `1.5` of `1.5e3`: read again with the rest)
            buf, at = self._buf, self._pos
            self._pos = end
            # Undecodable bytes or a \u-escape are the only ways to a surrogate in a cell.
            return obj, buf.find("\\u", at, end) >= 0 or _NOT_TEXT.search(buf, at, end) is not None

    def elements(self) -> Iterator[tuple[Any, bool]]:
        """Each element of the array, and whether its text may hold what is not text."""
        if self._next() != "[":
            raise InputError("the file is not a JSON array of records")
        self._pos += 1
        if self._next() == "]":
            self._pos += 1
        else:
            while True:
                if self._next() == "":
                    raise self._fail("the file ends inside the array (cut off?)", self._pos)
                yield self._element()
                c = self._next()
                self._pos += 1
                if c == "]":
                    break
                if c != ",":
                    what = (
                        "the file ends inside the array (cut off?)"
                        if c == ""
                        else "Expecting ',' delimiter"
                    )
                    raise self._fail(what, self._pos - 1)
        if self._next() != "":
            raise self._fail("Extra data", self._pos)


class _Twice(dict[str, Any]):
    """A JSON array's element with a key twice (or an object inside one): its row is an
    error, the others are read."""

    why = ""


def _nested_twice(obj: Any) -> _Twice | None:
    """An object with a key twice: ``obj`` itself or one anywhere inside it (objects and lists,
    walked without recursion: the parser accepted the nesting, the walk must too), or None."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, _Twice):
            return item
        if isinstance(item, dict):
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))
    return None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    try:
        return _one_value_per_key(pairs)
    except _TwiceError as exc:
        out = _Twice()
        out.why = str(exc)
        return out


# (a record with a key twice is its row's error, not the file's: _pairs)
_ARRAY_DECODER = json.JSONDecoder(object_pairs_hook=_pairs)


_SheetRow = tuple[int, dict[int, str], dict[int, str]]
_SheetRows = list[_SheetRow]


@dataclass(frozen=True, slots=True)
class _SheetHeader:
    """A worksheet's header: the sheet, its row, its cells (lower case) and their keys, and the
    rows below it (what they hold is computed only for a sheet without a header, where it is
    compared: most workbooks have none)."""

    title: str
    row: int
    cells: list[str]
    keys: list[str]
    below: _SheetRows  # the rows under it

    def kinds(self) -> dict[int, frozenset[str]]:
        return _kinds(self.below)

    def readable(self) -> frozenset[int]:
        """Columns of a country or a birth date whose every filled cell below reads as one."""
        keys = enumerate(self.keys)
        return frozenset(i for i, k in keys if _readable(self.below, i, k) is None)


def _sheet_find_header(
    title: str, rows: Iterator[_SheetRow], require: Require
) -> tuple[list[_SheetRow], _SheetHeader | None]:
    """The rows read up to the sheet's header (its title rows) or up to the row that shows it
    has none, and its header: the first row ``require`` accepts, below title rows only (one
    cell at most, within :data:`MAX_TITLE_ROWS`); ``rows`` is left after that row, so that
    the rest of a sheet read as it comes is not held."""
    early: list[_SheetRow] = []
    for row in rows:
        sheet_row, cells, _ = row
        row_cells = _xlsx_header(cells)
        try:
            keys = _keys(require, row_cells)
        except InputError:
            early.append(row)
            if len(cells) <= 1 and sheet_row <= MAX_TITLE_ROWS:
                continue
            return early, None
        return early, _SheetHeader(title, sheet_row, row_cells, keys, [])
    return early, None


def _sheet_header(title: str, rows: _SheetRows, require: Require) -> _SheetHeader | None:
    """The header of a sheet held whole (:func:`_sheet_find_header`), with the rows below it."""
    early, head = _sheet_find_header(title, iter(rows), require)
    return None if head is None else replace(head, below=rows[len(early) + 1 :])


def _readable(rows: _SheetRows, i: int, key: str) -> str | None:
    """A cell of column ``i`` (a country or birth-date column) that does not read as one, or
    None (also for other columns)."""
    if key not in ("country", "birth_date"):
        return None
    for _, cells, _ in rows:
        value = cells.get(i, "")
        if not value:
            continue
        if key == "country" and query_country(value)[0] is None:
            return value
        if key == "birth_date" and not parse_dates(value)[0]:
            return value
    return None


def _kinds(rows: _SheetRows) -> dict[int, frozenset[str]]:
    out: dict[int, set[str]] = {}
    for _, cells, not_text in rows:
        for i in cells.keys() | not_text.keys():
            out.setdefault(i, set()).add(not_text.get(i, "text"))
    return {i: frozenset(k) for i, k in out.items()}


def _workbook_header(headers: list[_SheetHeader]) -> _SheetHeader | str:
    """The header a sheet without one is read with: the workbook's, when its sheets with a
    header all have the same one; else why there is none."""
    if not headers:
        return "no sheet has a header"
    shown = {tuple(normalise_header(c) for c in h.cells) for h in headers}
    if len(shown) > 1:
        titles = ", ".join(repr(h.title) for h in headers)
        return f"the sheets {titles} have different headers: which one it continues is not known"
    return headers[0]


def _column(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _continues(rows: _SheetRows, head: _SheetHeader) -> str | None:
    """Why a sheet without a header cannot be read with ``head`` (the workbook's header), or
    None when its rows look like the rows under it: as wide as the header, no title row on
    top, text with a letter in the name column, and in each column the kinds of cell (text,
    numbers, dates …) the header's own sheet holds there. Read under a header of other
    columns (one sheet's ID, Name beside another's Name, ID) every row would be screened on
    the wrong cell; so on any doubt the rows stay rows with an error."""
    filled = [(r, c, nt) for r, c, nt in rows if c]
    if not filled:
        return "it has no rows"
    width = max(max(c) for _, c, _ in filled) + 1
    if width != len(head.cells):
        return f"its rows are {width} columns wide, the header {len(head.cells)}"
    if len(head.cells) > 1 and len(filled[0][1]) == 1 and any(len(c) > 1 for _, c, _ in filled):
        return f"its row {filled[0][0]} is one cell above wider rows (a title?)"
    name_cols = [i for i, k in enumerate(head.keys) if k in NAME_KEYS]
    named = False
    # (per name column: its filled cells, and those that read as a country code)
    seen, codes = dict.fromkeys(name_cols, 0), {i: list[tuple[int, str]]() for i in name_cols}
    for r, cells, not_text in filled:
        for i in name_cols:
            if i in not_text:
                return f"row {r}: the name column ({_column(i)}) holds {not_text[i]}"
            value = cells.get(i, "")
            if value and not any(ch.isalpha() for ch in value):
                return f"row {r}: the name column ({_column(i)}) holds {value[:40]!r}, no letter"
            if value:
                seen[i] += 1
                if len(value) <= 3 and query_country(value)[0] is not None:
                    codes[i].append((r, value))
            named = named or bool(value)
    if not named:
        return "no row has a name in the name column"
    for i in name_cols:
        # `CD` under Name in most rows: the sheet's columns are in another order (Country,
        # Name). A few short names that read as codes (the surnames LI, NG, MA) are names.
        if codes[i] and 2 * len(codes[i]) > seen[i]:
            r, value = codes[i][0]
            return f"row {r}: the name column ({_column(i)}) holds {value!r}, a country code"
    for i in sorted(head.readable()):
        bad = _readable(filled, i, head.keys[i])
        if bad is not None:
            return (
                f"column {_column(i)} ({head.keys[i]}) holds {bad[:40]!r}, which does not read "
                f"as one, while every cell of it in sheet {head.title!r} does"
            )
    their_kinds = head.kinds()
    for i, kinds in sorted(_kinds(rows).items()):
        theirs = their_kinds.get(i)
        if theirs and not kinds <= theirs:
            here = ", ".join(sorted(kinds - theirs))
            return (
                f"column {_column(i)} holds {here}, which sheet {head.title!r} does not hold "
                f"there ({', '.join(sorted(theirs))})"
            )
    return None


@dataclass
class _Reading:
    """What reading a workbook's sheets, in order, carries from one sheet to the next."""

    several: bool  # more than one sheet: rows name their sheet
    require: Require
    no_value: str  # the cell reader's kind for a formula without a saved value
    number: int = 0  # the last row's number, counting on through the sheets
    first_error: str | None = None  # the first header error met: the workbook's, if none found


def _xlsx_rows(path: Path, require: Require) -> Iterator[BatchRow]:
    """Rows of every worksheet, in workbook order, hidden ones too; rows numbered on through
    the sheets in order.

    A sheet's header is its first row that ``require`` accepts; rows above it may only be a
    title or blank (one filled cell at most, :data:`MAX_TITLE_ROWS`), each reported as a row
    not screened, so that a data row's number is its sheet row - 1 on a one-sheet workbook.
    A sheet with rows but no header continues the workbook's header when it looks like the
    rows under it (:func:`_continues`; a desk's export of one header and sheets of data): its
    rows are read with that header, each with a warning naming it. Otherwise each of its rows
    is reported (not screened) when another sheet has a header; a workbook with none is
    refused. Every sheet holds parties: a second sheet of entities beside one of individuals
    was never read (only the first sheet was).

    Read by the list files' reader (:mod:`exportctl.sources._xlsx`), so a batch workbook has
    the same bounds (decompressed size and ratio) and is refused, like a list file, when it is
    damaged or its sheet ends before the last row it declares. Rows the sheet skips are empty
    rows, so that every data row keeps its number.

    Streamed (out27): each sheet's header is found once, as the sheet is read, and the rows
    of a sheet with a header are given as they are parsed — a workbook of headed sheets is
    never held whole (it was, sheet by sheet, before the first row). From the first sheet
    that has rows and no header on, the sheets are held until the end: whether such a sheet
    continues the workbook's header depends on every sheet's header and on the rows under
    the first (read again from the file when they were given already). A damaged sheet is
    found when reading reaches it, after the rows before it were given: the callers that
    screen hold every row first (``list(read_rows(...))``), so they are refused whole as
    before, nothing screened.
    """
    # start-up: the reader pulls in lxml.etree, measured at 18-45 ms (median 21 ms, 2-core
    # machine) after exportctl.screening is loaded; every single `exportctl screen` imports
    # this module, and only XLSX input needs it.
    from exportctl.sources._xlsx import NO_SAVED_VALUE, iter_sheets, worksheets

    try:
        sheets = worksheets(path)
        labels = [f"sheet {t!r}" if len(sheets) > 1 else "sheet 1" for t, _ in sheets]
        members = [(label, member) for (_, member), label in zip(sheets, labels, strict=True)]
        st = _Reading(len(sheets) > 1, require, NO_SAVED_VALUE)
        heads: dict[int, _SheetHeader] = {}  # each sheet's own header, by position
        given: set[int] = set()  # sheets given as read (their rows not kept)
        held: list[tuple[int, _SheetRows]] = []  # from the first sheet without a header on
        for pos, group in groupby(iter_sheets(path, members, typed=True), key=itemgetter(0)):
            rows = ((r, cells, not_text) for _, r, cells, not_text in group)
            title, label = sheets[pos][0], labels[pos]
            if held:
                whole = list(rows)
                found = _sheet_header(title, whole, require)
                if found is not None:
                    heads[pos] = found
                held.append((pos, whole))
                continue
            early, head = _sheet_find_header(title, rows, require)
            if head is None:
                held.append((pos, early + list(rows)))
                continue
            heads[pos] = head
            given.add(pos)
            # (the workbook's first header error, if none came before: its title rows')
            st.first_error = st.first_error or _title_error(require, early, head)
            yield from _sheet(st, title, label, rows, head, early, "")
        if held:
            yield from _held(st, path, members, sheets, heads, given, held)
    except SourceError as exc:
        raise InputError(f"cannot read workbook: {exc}") from None
    if not heads:
        if st.first_error is None:
            require([])
        raise InputError(st.first_error or "the workbook has no header row")


def _held(
    st: _Reading,
    path: Path,
    members: list[tuple[str, str]],
    sheets: list[tuple[str, str]],
    heads: dict[int, _SheetHeader],
    given: set[int],
    held: list[tuple[int, _SheetRows]],
) -> Iterator[BatchRow]:
    """The rows of the sheets held from the first sheet without a header on, once every
    sheet's header is known (:func:`_xlsx_rows`)."""
    from exportctl.sources._xlsx import iter_sheets

    workbook = _workbook_header([heads[p] for p in sorted(heads)])
    if isinstance(workbook, _SheetHeader) and min(heads) in given:
        # The header's own rows were given as read: read again for what they hold
        # (_continues compares a sheet without a header with them).
        again = iter_sheets(path, [members[min(heads)]], typed=True)
        below = [(r, c, nt) for _, r, c, nt in again if r > workbook.row]
        workbook = replace(workbook, below=below)
    for pos, whole in held:
        title, label = sheets[pos][0], members[pos][0]
        head = heads.get(pos)
        if head is None:
            yield from _sheet(st, title, label, iter(whole), None, [], workbook)
            continue
        early = [row for row in whole if row[0] < head.row]
        st.first_error = st.first_error or _title_error(st.require, early, head)
        rest = iter([row for row in whole if row[0] > head.row])
        yield from _sheet(st, title, label, rest, head, early, workbook)


def _title_error(require: Require, early: _SheetRows, head: _SheetHeader) -> str | None:
    """The header error of a sheet's first title row (the loop over a sheet's rows recorded it
    as the workbook's first, if none came before), or None without title rows."""
    for sheet_row, cells, _ in early:
        if sheet_row < head.row:
            try:
                require(_xlsx_header(cells))
            except InputError as exc:
                return str(exc)
    return None


def _sheet(
    st: _Reading,
    title: str,
    label: str,
    rows: Iterator[_SheetRow],
    head: _SheetHeader | None,
    early: list[_SheetRow],
    workbook: _SheetHeader | str,
) -> Iterator[BatchRow]:
    """One sheet's rows: ``head`` its own header (found by :func:`_sheet_find_header` or
    :func:`_sheet_header`; ``early`` the rows above it, ``rows`` those below), or None and
    ``rows`` all of them, read with ``workbook``'s header when they continue it."""
    require, no_value = st.require, st.no_value

    def at(row: BatchRow, sheet_row: int) -> BatchRow:
        # Several sheets: each row's errors and warnings name its sheet and sheet row.
        if not st.several:
            return row
        row = replace(row, sheet=(title, sheet_row))
        if row.error is None and not row.warnings:
            return row  # (most rows: one copy, not two)
        error = None if row.error is None else row.located(row.error)
        return replace(row, error=error, warnings=tuple(map(row.located, row.warnings)))

    header: list[str] | None = None
    cells_of_header: list[str] = []
    above: list[tuple[int, dict[int, str]]] = []
    why: str | None = None
    last = 0
    borrowed: tuple[str, ...] = ()
    not_continued = ""
    joined = False
    name_cols: list[int] = []
    known: frozenset[str] = frozenset()
    if head is not None:
        header, cells_of_header = head.keys, head.cells
        titles = {sheet_row: cells for sheet_row, cells, _ in early}
        for row_no in range(1, head.row):  # absent rows are empty rows
            st.number += 1
            title_row = _xlsx_title(st.number, label, row_no, titles.get(row_no, {}))
            yield at(title_row, row_no)
        last = head.row
        joined = joins_parts(header)
        name_cols = [i for i, h in enumerate(header) if h in NAME_KEYS]
        known = frozenset(normalise_header(c) for c in cells_of_header)
    else:
        whole = list(rows)
        rows = iter(whole)
        if whole:
            why_not = workbook if isinstance(workbook, str) else _continues(whole, workbook)
            if why_not is None and isinstance(workbook, _SheetHeader):
                # A sheet of data continuing the workbook's header: read with it, and said.
                header, cells_of_header = workbook.keys, workbook.cells
                borrowed = (
                    f"read with the header of sheet {workbook.title!r} (row {workbook.row}: "
                    f"{', '.join(c for c in workbook.cells if c)}): this sheet has no header "
                    "row of its own",
                )
                joined = joins_parts(header)
                name_cols = [i for i, h in enumerate(header) if h in NAME_KEYS]
                known = frozenset(normalise_header(c) for c in cells_of_header)
            elif not isinstance(workbook, str) or workbook != "no sheet has a header":
                not_continued = f"; not read with the workbook's header: {why_not}"
    for sheet_row, cells, not_text in rows:
        if header is None and why is None:
            # (a sheet without a header: its title rows and the row that shows it has none)
            try:
                _keys(require, _xlsx_header(cells))
            except InputError as exc:
                if len(cells) <= 1 and sheet_row <= MAX_TITLE_ROWS:
                    above.append((sheet_row, cells))
                    st.first_error = st.first_error or str(exc)
                    continue
                why = str(exc)
                st.first_error = st.first_error or why
        if header is None:
            # A sheet without a header: its rows are reported, none screened.
            for row_no, title_cells in above:
                st.number += 1
                title_row = _xlsx_title(st.number, label, row_no, title_cells, why)
                yield at(_continued(title_row, not_continued), row_no)
            above.clear()
            if cells:
                st.number += 1
                yield at(
                    BatchRow(
                        st.number,
                        {},
                        f"{label} row {sheet_row}: the sheet has no header row that can "
                        f"be screened ({why}){not_continued}; not screened",
                    ),
                    sheet_row,
                )
            continue
        while last < sheet_row - 1:  # rows absent from the sheet XML are empty
            last += 1
            st.number += 1
            yield at(BatchRow(st.number, {}, "empty row"), last)
        last = sheet_row
        st.number += 1
        number = st.number
        if not cells:
            yield at(BatchRow(number, {}, "empty row"), sheet_row)
            continue
        values = [cells.get(i, "") for i in range(max(cells) + 1)]
        if _header_again(values, known, require):
            where = f"{label} row {sheet_row}"
            if not _same_header(values, cells_of_header):
                raise _other_header(where, values, cells_of_header)
            note = f"{where}: repeats the header row, not screened"
            yield at(BatchRow(number, {}, note), sheet_row)
            continue
        fields = _named({h: cells.get(i, "") for i, h in enumerate(header) if h}, joined)
        kinds = [(header[i], not_text[i]) for i in name_cols if i in not_text]
        if kinds:
            # A number, boolean or #N/A in the name column is a shifted or broken
            # sheet, not a name: screened as its text ("TRUE") it would clear the row.
            key, kind = kinds[0]
            why_not = f"{key} is {kind}, not text: give one name as text"
            if kind == no_value:
                why_not = f"{key} is {kind}: {_UNCALCULATED}"
            yield at(BatchRow(number, fields, why_not, borrowed), sheet_row)
            continue
        notes = [*borrowed, *_long_numbers(header, cells, not_text)]
        notes += _uncalculated(header, not_text, no_value)
        yield at(_checked(number, fields, "xlsx", notes), sheet_row)
    if header is None and above and why is None:
        # Only title-like rows and no header: reported if another sheet is read.
        for row_no, title_cells in above:
            st.number += 1
            title_row = _xlsx_title(st.number, label, row_no, title_cells, st.first_error)
            yield at(_continued(title_row, not_continued), row_no)


def _continued(row: BatchRow, note: str) -> BatchRow:
    """A row of a sheet without a header, its error saying why the sheet was not read with
    the workbook's header (``note``; empty when no sheet has one)."""
    if not note or row.error is None or not row.error.endswith("; not screened"):
        return row
    return replace(row, error=row.error.removesuffix("; not screened") + note + "; not screened")


_UNCALCULATED = (
    "the program that wrote the workbook did not calculate its formulas (open and save it in "
    "a spreadsheet program, or paste the values)"
)


def _uncalculated(header: list[str], not_text: dict[int, str], no_value: str) -> list[str]:
    """Warnings for formula cells without a saved value in columns screening reads (a
    country, a date, an identifier): read as empty, the row would be screened without them
    and nobody told. (The name's own are errors: see the caller.)"""
    return [
        f"{header[i]}: {no_value}, read as empty: {_UNCALCULATED}"
        for i, kind in sorted(not_text.items())
        if kind == no_value and i < len(header) and header[i] in read_keys()
    ]


def _long_numbers(header: list[str], cells: dict[int, str], not_text: dict[int, str]) -> list[str]:
    """Warnings for number cells of more than 15 digits: a spreadsheet keeps 15 significant
    digits, so a passport or account number typed as a number has lost its last ones."""
    out = []
    for i, kind in not_text.items():
        digits = sum(ch.isdigit() for ch in cells.get(i, ""))
        if kind == "a number" and i < len(header) and header[i] and digits > 15:
            out.append(
                f"{header[i]}: {cells[i]!r} is a number of more than 15 digits in the sheet: "
                "its last digits may be lost (format the column as text)"
            )
    return out


def _xlsx_title(
    number: int, label: str, sheet_row: int, cells: dict[int, str], why: str | None = None
) -> BatchRow:
    if not cells:
        return BatchRow(number, {}, "empty row")
    text = next(iter(cells.values()))
    where = f"{label} row {sheet_row}"
    if why is not None:
        return BatchRow(
            number,
            {},
            f"{where}: the sheet has no header row that can be screened ({why}); not screened",
        )
    return _checked(
        number,
        {},
        "xlsx",
        error=f"{where}: above the header row, not screened (a title?): {text[:80]!r}",
    )


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

    def refused(exc: Exception) -> InputError:
        return InputError(f"{path}: cannot read Parquet ({exc.__class__.__name__}: {exc})")

    try:
        parquet = pq.ParquetFile(path)
        names = parquet.schema_arrow.names
    except Exception as exc:  # pyarrow's errors have no common public base
        raise refused(exc) from None
    screening_header(names)
    # Read a batch of rows at a time (alias31: the whole table as Python records was about
    # ten times the file in memory before the first row was screened). pyarrow still reads a
    # row group's columns at once — compact, columnar, the size the writer chose.
    batches = parquet.iter_batches(batch_size=_PARQUET_BATCH)
    number = 0
    while True:
        try:
            batch = next(batches, None)
        except Exception as exc:  # (a bad row group far into the file: refused there)
            raise refused(exc) from None
        if batch is None:
            return
        for rec in batch.to_pylist():
            number += 1
            fields, why, notes = _record(rec)
            if why is not None:
                yield BatchRow(number, fields, why)
                continue
            yield _checked(number, fields, "parquet", notes)


#: Parquet rows turned into records at a time.
_PARQUET_BATCH = 4096


def read_rows(
    path: Path, encoding: str | None = None, require: Require = _require_name
) -> Iterator[BatchRow]:
    """Rows of a CSV, JSONL, XLSX or Parquet file (chosen by extension).

    ``encoding`` is for legacy text files (``cp1252``, ``latin-1`` …); a byte-order mark
    always decides, and without either the text is UTF-8, decoded row by row. ``require``
    reads the header of a CSV or XLSX file (by default :func:`.headers.screening_header`: the
    name column and the others under the names desks give them, ``headers.yaml``). A CSV,
    TXT or TSV file's delimiter (comma, semicolon, tab) is read from its header line.
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
            f"{path}: unknown input type {suffix!r} "
            "(use .csv, .tsv, .txt, .json, .jsonl, .xlsx or .parquet)"
        )
    with path.open("rb") as fh:
        head = fh.read(_HEAD_BYTES)
    return _text_rows(head, path, None, suffix, encoding, require)


TEXT_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".txt", ".tsv")

# Files a desk saves under a text file's name by mistake, by their first bytes.
_NOT_TEXT_FILES = (
    (b"PK\x03\x04", "a ZIP archive (an Excel workbook saved as text? name it .xlsx)"),
    (b"\x1f\x8b", "gzip-compressed (unpack it first)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file (.xls: save it as .xlsx or CSV)"),
    (b"PAR1", "a Parquet file (name it .parquet)"),
    (b"%PDF", "a PDF document"),
)


_EMPTY_FILE = (
    "the file is empty (no header and no rows, at most blank lines): nothing in it was read — "
    "was the export cut off?"
)


#: The first bytes of a text file, read before the rest: what kind of file it is, its
#: byte-order mark, wide text without one.
_HEAD_BYTES = 64


def text_rows(
    data: bytes, suffix: str, encoding: str | None = None, require: Require = _require_name
) -> Iterator[BatchRow]:
    """Rows of a CSV or JSONL file's bytes (``suffix`` says which), exactly as
    :func:`read_rows` reads the file: engines that hold a file's content rather than its path
    (Spark's executors) read through this. The bytes are decoded and split as the rows are
    read, never whole (a JSON array too: element by element, batch32)."""
    return _text_rows(data[:_HEAD_BYTES], None, data, suffix, encoding, require)


def _text_rows(
    head: bytes,
    path: Path | None,
    data: bytes | None,
    suffix: str,
    encoding: str | None,
    require: Require,
) -> Iterator[BatchRow]:
    """The rows of a text file given by its path or its bytes, ``head`` its first bytes. The
    refusals of a whole file (not text, empty, wide without a mark, an encoding that cannot
    be) are raised here, before the first row; a row's own problems are its row's."""
    for magic, what in _NOT_TEXT_FILES:
        if head.startswith(magic):
            # Read as text, such a file was refused for a header of binary noise.
            raise InputError(f"the file is not text but {what}")
    source = _source(head, path, data, encoding)
    if source.encoding != "utf-8":
        # A wide or legacy text's decoder can fail where surrogateescape does not reach (a
        # truncated last UTF-16 unit, a UTF-32 value out of range): read once through first,
        # so that such a file is refused before its first row, as when it was decoded whole.
        # (UTF-8 with surrogateescape cannot fail.)
        for _ in source.chunks():
            pass
    first = source.first_character()
    if not first:
        # A 0-byte file (an export cut off, a failed download) was a run of 0 rows, exit 0,
        # "errors: 0" in the CLI and under Spark: a population that was never screened read as
        # a clean run. The web upload refused it already; every reader refuses it now (red29).
        raise InputError(_EMPTY_FILE)
    if suffix.lower() in (".jsonl", ".ndjson", ".json"):
        if first == "[":
            # (a JSON array's elements are not lines: read element by element)
            return _json_array_rows(source.chunks(), source.encoding)
        return _jsonl_rows(source.lines(cr=False), source.encoding)
    return _csv_rows(source, require, suffix.lower())


def _source(head: bytes, path: Path | None, data: bytes | None, encoding: str | None) -> _Source:
    """The file's text as :func:`decode_text` decodes it: a byte-order mark decides (and
    ``encoding`` must agree with it); without one ``encoding`` or UTF-8, wide text without a
    mark refused."""
    wanted, marked = _encoding_of(head, encoding)
    if marked is not None:
        return _Source(path, data, marked[1], marked[0])
    if wanted is None:
        _refuse_wide_text(head)
    return _Source(path, data, 0, wanted or "utf-8")
