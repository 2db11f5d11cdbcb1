"""Batch screening files: read rows (CSV, JSONL, XLSX, Parquet), write one result per row.

Every input row yields exactly one output record, in input order: its matches, an ``error``
saying why the row could not be screened, and ``warnings`` about cells that were not used (an
unknown country, an unparsable date, bytes that are not text). A broken row never stops the
batch and is never dropped; rows the reader cannot even split (a CSV line with a stray quote)
become error rows too.

The jobs are split: :mod:`.reading` turns a file into rows, :mod:`.query` a row into a
screening query and its warnings, :mod:`.writing` results into the output file. This module
re-exports their public names, the stable import path for the front ends.
"""

from __future__ import annotations

from exportctl.screening.batch.query import (
    checked_identifiers,
    identifier_cells,
    parse_row,
    query_fields,
    row_query,
)
from exportctl.screening.batch.reading import (
    INPUT_COLUMNS,
    MAX_RECORD_LINES,
    TEXT_SUFFIXES,
    BatchRow,
    decode_text,
    read_rows,
    text_rows,
)
from exportctl.screening.batch.writing import (
    CSV_HEADER,
    SHEET_COLUMNS,
    check_output,
    csv_record,
    csv_row,
    csv_values,
    dumps_csv,
    json_line,
    result_record,
    write_results,
)

__all__ = [
    "CSV_HEADER",
    "INPUT_COLUMNS",
    "MAX_RECORD_LINES",
    "SHEET_COLUMNS",
    "TEXT_SUFFIXES",
    "BatchRow",
    "check_output",
    "checked_identifiers",
    "csv_record",
    "csv_row",
    "csv_values",
    "decode_text",
    "dumps_csv",
    "identifier_cells",
    "json_line",
    "parse_row",
    "query_fields",
    "read_rows",
    "result_record",
    "row_query",
    "text_rows",
    "write_results",
]
