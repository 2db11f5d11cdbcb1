"""Batch output: one record per input row, written as CSV or JSONL as the rows are screened."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from exportctl.errors import InputError
from exportctl.screening.batch.reading import INPUT_COLUMNS
from exportctl.screening.batch.spreadsheet import formula_safe, from_formula_safe

__all__ = [
    "CSV_HEADER",
    "SHEET_COLUMNS",
    "check_output",
    "csv_record",
    "csv_row",
    "csv_values",
    "dumps_csv",
    "json_cell",
    "json_line",
    "result_record",
    "write_results",
]


def result_record(
    row_id: str,
    matches: list[dict[str, Any]],
    error: str | None,
    warnings: Sequence[str] = (),
    sheet: tuple[str, int] | None = None,
) -> dict[str, Any]:
    """The output contract: ``{"id", "matches": [...], "error", "warnings": [...]}``, and
    ``"sheet": {"name", "row"}`` for a row of a workbook of several sheets (its ``row-N`` id
    counts on through the sheets: this says where it is)."""
    rec: dict[str, Any] = {
        "id": row_id,
        "matches": matches,
        "error": error,
        "warnings": list(warnings),
    }
    if sheet is not None:
        rec["sheet"] = {"name": sheet[0], "row": sheet[1]}
    return rec


#: The CSV output columns. The top match's score, listed name and list (SOURCE or
#: SOURCE:SUBLIST) have columns of their own for spreadsheets; ``matches`` holds them all as JSON;
#: ``derived`` the row's ownership-derived hits as JSON (a JSONL record's ``derived`` key,
#: present when there are any); ``incomplete`` and ``derived_incomplete`` the row's screen cut
#: and ownership lookup cut as JSON (empty when complete; fix28: a CSV row held neither, so a
#: spreadsheet read a cut row by its warning text alone, and Spark's ``--ledger summary``,
#: which hashes the whole record, could not prove such a row from its CSV output);
#: ``listed_words`` the row's notes of a listed company's distinctive word in the name as JSON
#: (screening/listed_words.py; empty when none), last so that no column before it moved.
CSV_HEADER = (
    "id",
    "match_count",
    "top_score",
    "top_name",
    "top_list",
    "matches",
    "error",
    "warnings",
    "derived",
    "incomplete",
    "derived_incomplete",
    "listed_words",
)

#: The columns holding a record's key of that name as JSON, empty when the record has none.
_JSON_CELLS = ("derived", "incomplete", "derived_incomplete", "listed_words")

#: The CSV output's last two columns when the input is a workbook of several sheets: the sheet
#: and the sheet's own row each row came from (a JSONL record's ``sheet``). The id stays
#: ``row-N``, N counting on through the sheets; a clean row of a later sheet (no error nor
#: warning to name it) named no sheet in CSV (batch26). Other inputs keep the columns above,
#: in that order, and no more.
SHEET_COLUMNS = ("sheet", "sheet_row")


def csv_header(rec: dict[str, Any] | None) -> tuple[str, ...]:
    """The CSV output's header for a file whose first record is ``rec`` (None: no record):
    :data:`CSV_HEADER`, and :data:`SHEET_COLUMNS` after it when the rows name their sheet."""
    return CSV_HEADER + SHEET_COLUMNS if rec is not None and "sheet" in rec else CSV_HEADER


def json_cell(value: Any) -> str:
    """A CSV cell holding a record's value as JSON, empty where the value is (absent, empty)."""
    return json.dumps(value, ensure_ascii=False) if value else ""


def csv_row(rec: dict[str, Any], sheets: bool | None = None) -> list[Any]:
    """The CSV output columns of one record (the matches and warnings themselves as JSON);
    with ``sheets`` (by default: when the record names its sheet) the sheet columns too.
    A text cell a spreadsheet would read as a formula has an apostrophe before it
    (:func:`~exportctl.screening.batch.spreadsheet.formula_safe`; :func:`csv_record` takes it
    off)."""
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
        "warnings": json_cell(warnings),
        **{key: json_cell(rec.get(key)) for key in _JSON_CELLS},
    }
    out = [cells[name] for name in CSV_HEADER]
    if sheets is None:
        sheets = "sheet" in rec
    if sheets:
        sheet = rec.get("sheet") or {}
        out += [sheet.get("name", ""), sheet.get("row", "")]
    # Every cell, not the id and names alone: an error or a warning may quote an input cell
    # at its start, and a column added later is covered without a thought.
    return [formula_safe(cell) for cell in out]


def csv_record(values: Sequence[str], header: Sequence[str] | None = None) -> dict[str, Any]:
    """A record back from its CSV output columns (the inverse of :func:`csv_row`, the
    apostrophe before a formula-like cell taken off).

    ``header`` is the file's header row: the cells are read by its names, so that a file
    written before a column was added (before fix28 the sheet columns followed ``derived``)
    reads as it was written. Without it the cells are in today's order (:func:`csv_header`)."""
    values = [from_formula_safe(v) for v in values]
    if header is None:
        names: Sequence[str] = CSV_HEADER + SHEET_COLUMNS
    else:
        names = [from_formula_safe(h) for h in header]
    cell = dict(zip(names, values, strict=False))  # (a short row: the cells it has)
    out: dict[str, Any] = {
        "id": cell["id"],
        "matches": json.loads(cell["matches"]),
        "error": cell["error"] or None,
        "warnings": json.loads(cell["warnings"]) if cell.get("warnings") else [],
    }
    for key in _JSON_CELLS:
        if cell.get(key):
            out[key] = json.loads(cell[key])
    if cell.get("sheet"):
        out["sheet"] = {"name": cell["sheet"], "row": int(cell["sheet_row"])}
    return out


def csv_values(rec: dict[str, Any], *, header: bool = False) -> str:
    """One record as CSV text without the final line break (preceded by the header line)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    if header:
        w.writerow(csv_header(rec))
    w.writerow(csv_row(rec))
    return buf.getvalue().removesuffix("\r\n")


# Line breaks JSON may leave raw inside a string: readers that split lines the Unicode way
# (Python's str.splitlines, JavaScript before ES2019) cut a record holding one in two, and a
# hostile name or id (U+2028 inside it) broke its row and the next (found by fuzzing).
_UNICODE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(obj: dict[str, Any]) -> str:
    """One record as a JSON line (no line break of any kind): the JSONL output's exact form."""
    line = json.dumps(obj, ensure_ascii=False)
    if line.isascii():
        return line
    return line.translate(_UNICODE_BREAKS)


def check_output(input_: Path | None, output: Path) -> None:
    """InputError, before anything is read or screened, for an output that would overwrite
    the input file (when one is read) or cannot be written where it is named.

    ``screen --input a.csv --output a.csv`` replaced the customers' file with the results
    without a word; an output in a folder that does not exist ended in a FileNotFoundError
    traceback (red29)."""
    try:
        same = input_ is not None and output.exists() and output.samefile(input_)
    except OSError:
        same = False
    if same:
        raise InputError(
            f"{output}: the output is the input file: writing the results would overwrite it "
            "— name another output file"
        )
    folder = output.parent
    if not folder.is_dir():
        raise InputError(f"{output}: the folder {str(folder)!r} does not exist")


class _Writer:
    def __init__(self, path: Path) -> None:
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".jsonl", ".ndjson"):
            raise InputError(f"{path}: unknown output type {suffix!r} (use .csv or .jsonl)")
        self.csv = suffix == ".csv"
        try:
            self.fh: TextIO = path.open("w", encoding="utf-8", newline="")
        except OSError as exc:  # a folder, no permission, a full disk: one line, no traceback
            raise InputError(f"{path}: cannot write the output ({exc.strerror})") from None
        self.writer: Any = csv.writer(self.fh) if self.csv else None
        # The header is written with the first record, which says whether the rows name
        # their sheet (a workbook's rows all do, or none).
        self.sheets: bool | None = None

    def write(self, rec: dict[str, Any]) -> None:
        if self.csv:
            if self.sheets is None:
                header = csv_header(rec)
                self.sheets = header != CSV_HEADER
                self.writer.writerow(header)
            self.writer.writerow(csv_row(rec, self.sheets))
        else:
            self.fh.write(json_line(rec) + "\n")

    def close(self) -> None:
        if self.csv and self.sheets is None:
            self.writer.writerow(CSV_HEADER)  # no rows: the header alone, as before
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
