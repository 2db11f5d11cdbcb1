"""A workbook of one header and sheets of data continuing it (batch26): a desk's export splits
a long list over sheets and heads the first only. The rows of such a sheet were error rows
(reported, never screened); they are read with the workbook's header when the sheet looks like
the rows under it, each with a warning naming the header, and stay error rows, saying why,
when anything differs (width, a title on top, the name column's cells, a column's kinds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from exportctl.screening.batch import read_rows, write_results
from exportctl.screening.runner import screen_rows
from exportctl.store import Store

_HEADER = ["Customer ID", "Name", "Country", "Date of Birth"]
_FIRST = [
    ["c1", "Acme Trading", "DE", "1970-01-01"],
    ["c2", "Jane Roe", "FR", "1980-05-05"],
]


def _workbook(path: Path, *sheets: tuple[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def _screen(store: Store, path: Path) -> list[dict]:
    out = path.with_suffix(".out.jsonl")
    write_results(out, screen_rows(store, list(read_rows(path))))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


_READ_WITH = (
    "read with the header of sheet 'Page 1' (row 1: customer id, name, country, date of "
    "birth): this sheet has no header row of its own"
)


def test_a_sheet_continuing_the_header_is_read_with_it(tmp_path: Path, un_store: Store) -> None:
    p = _workbook(
        tmp_path / "in.xlsx",
        ("Page 1", [_HEADER, *_FIRST]),
        ("Page 2", [["c3", "Eric Badege", "CD", "1971-01-01"], ["c4", "Dokka Umarov", "RU", None]]),
    )
    recs = _screen(un_store, p)
    assert [r["id"] for r in recs] == ["c1", "c2", "c3", "c4"]
    assert recs[2]["error"] is None and recs[2]["matches"][0]["source_id"] == "CDi.001"
    assert recs[2]["warnings"][0] == f"sheet 'Page 2' row 1: {_READ_WITH}"
    assert recs[3]["error"] is None and recs[3]["warnings"] == [
        f"sheet 'Page 2' row 2: {_READ_WITH}"
    ]
    assert recs[3]["matches"]  # Dokka Umarov, listed by the UN
    assert recs[2]["sheet"] == {"name": "Page 2", "row": 1}
    assert all(r["warnings"] == [] for r in recs[:2])


def test_a_continuing_sheet_before_the_headed_one_is_read_too(tmp_path: Path) -> None:
    p = _workbook(
        tmp_path / "in.xlsx",
        ("Page 2", [["c3", "Eric Badege", "CD", "1971-01-01"]]),
        ("Page 1", [_HEADER, *_FIRST]),
    )
    rows = list(read_rows(p))
    assert [r.id for r in rows] == ["c3", "c1", "c2"]
    assert rows[0].error is None and rows[0].fields["name"] == "Eric Badege"
    assert rows[0].warnings == (f"sheet 'Page 2' row 1: {_READ_WITH}",)


@pytest.mark.parametrize(
    ("rows", "why"),
    [
        # one column short: the columns may be any of the header's
        ([["Eric Badege", "CD", "1971-01-01"]], "its rows are 3 columns wide, the header 4"),
        # a column more
        ([["c3", "Eric Badege", "CD", "1971-01-01", "x"]], "its rows are 5 columns wide"),
        # a cover sheet: a title above a table
        ([["Screening request"], ["c3", "Eric Badege", "CD", "1971-01-01"]], "one cell above"),
        # the name column holds numbers: a sheet of other columns
        ([["c3", 12345, "CD", "1971-01-01"]], "the name column (B) holds a number"),
        ([["c3", "12345", "CD", "1971-01-01"]], "the name column (B) holds '12345', no letter"),
        # the columns in another order (Country, Name)
        ([["c3", "CD", "Eric Badege", "1971-01-01"]], "holds 'CD', a country code"),
        # a date column where the header's sheet holds text
        ([["c3", "Eric Badege", "CD", 1971]], "column D holds a number"),
        # the birth date where the country was
        ([["c3", "Eric Badege", "1971-01-01", "CD"]], "column C (country) holds '1971-01-01'"),
    ],
)
def test_a_sheet_unlike_the_rows_under_the_header_stays_error_rows(
    tmp_path: Path, rows: list[list[Any]], why: str
) -> None:
    p = _workbook(tmp_path / "in.xlsx", ("Page 1", [_HEADER, *_FIRST]), ("Page 2", rows))
    got = list(read_rows(p))[2:]
    assert got and all(r.error is not None for r in got)
    assert all("the sheet has no header row that can be screened" in r.error for r in got)
    assert why in got[-1].error, got[-1].error
    assert "not read with the workbook's header" in got[-1].error
    assert all(r.error.endswith("; not screened") for r in got)


def test_sheets_with_different_headers_leave_a_headless_sheet_unread(tmp_path: Path) -> None:
    p = _workbook(
        tmp_path / "in.xlsx",
        ("People", [["ID", "Name", "Country"], ["p1", "Jane Roe", "FR"]]),
        ("Firms", [["Ref", "Company", "Country"], ["f1", "Acme Trading", "DE"]]),
        ("More", [["x1", "Eric Badege", "CD"]]),
    )
    rows = list(read_rows(p))
    assert rows[2].error is not None and "have different headers" in rows[2].error


def test_the_same_header_on_two_sheets_is_one_header(tmp_path: Path) -> None:
    p = _workbook(
        tmp_path / "in.xlsx",
        ("A", [["ID", "Name"], ["p1", "Jane Roe"]]),
        ("B", [["id", "NAME"], ["p2", "John Doe"]]),
        ("C", [["p3", "Eric Badege"]]),
    )
    rows = list(read_rows(p))
    assert rows[2].error is None and rows[2].fields == {"id": "p3", "name": "Eric Badege"}
    assert "header of sheet 'A'" in rows[2].warnings[0]


def test_a_one_column_workbook_continues(tmp_path: Path) -> None:
    p = _workbook(
        tmp_path / "in.xlsx",
        ("1", [["Name"], ["Jane Roe"]]),
        ("2", [["Eric Badege"], [None], ["Dokka Umarov"]]),
    )
    rows = list(read_rows(p))
    assert [(r.fields.get("name"), r.error) for r in rows] == [
        ("Jane Roe", None),
        ("Eric Badege", None),
        (None, "sheet '2' row 2: empty row"),
        ("Dokka Umarov", None),
    ]


# --- the CSV output names each row's sheet --------------------------------------------------


def test_the_csv_output_of_a_workbook_of_sheets_names_each_rows_sheet(
    tmp_path: Path, un_store: Store
) -> None:
    """A clean row of a later sheet (no error nor warning) named no sheet in CSV: its id is
    ``row-N``, N counting on through the sheets. Two columns at the end, only for a workbook
    of several sheets; the columns before them are as they were."""
    import csv
    import io

    from exportctl.screening.batch import CSV_HEADER, SHEET_COLUMNS, csv_record

    p = _workbook(
        tmp_path / "in.xlsx",
        ("People", [["Name"], ["Jane Roe"]]),
        ("Firms", [["Title"], ["Company Name"], ["Acme Trading"]]),
    )
    out = tmp_path / "out.csv"
    write_results(out, screen_rows(un_store, list(read_rows(p))))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER + SHEET_COLUMNS == (*CSV_HEADER, "sheet", "sheet_row")
    by = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [(r["id"], r["sheet"], r["sheet_row"]) for r in by] == [
        ("row-1", "People", "2"),
        ("row-2", "Firms", "1"),
        ("row-3", "Firms", "3"),
    ]
    assert by[2]["error"] == "" and by[2]["warnings"] == ""  # a clean row: named by its columns
    back = [csv_record(r) for r in rows[1:]]
    jsonl = tmp_path / "out.jsonl"
    write_results(jsonl, screen_rows(un_store, list(read_rows(p))))
    assert back == [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_other_inputs_keep_the_csv_columns(tmp_path: Path, un_store: Store, suffix: str) -> None:
    import csv
    import io

    from exportctl.screening.batch import CSV_HEADER

    if suffix == ".csv":
        p = tmp_path / "in.csv"
        p.write_text("Name\nJane Roe\n", encoding="utf-8")
    else:
        p = _workbook(tmp_path / "in.xlsx", ("Only", [["Name"], ["Jane Roe"]]))
    out = tmp_path / "out.csv"
    write_results(out, screen_rows(un_store, list(read_rows(p))))
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER and len(rows[1]) == len(CSV_HEADER)
    empty = tmp_path / "none.csv"
    write_results(empty, iter([]))
    assert empty.read_text(encoding="utf-8").splitlines() == [",".join(CSV_HEADER)]


def test_a_surname_that_reads_as_a_country_code_does_not_shut_out_the_sheet(
    tmp_path: Path,
) -> None:
    """`Li`, `Ng`, `Ma` read as country codes: one of them in the surname column is a name
    (the lead's review: such a sheet was all error rows); a name column of codes in most rows
    is still a sheet of columns in another order (the `CD` case above)."""
    head = ["First Name", "Last Name", "Country"]
    p = _workbook(
        tmp_path / "in.xlsx",
        ("Page 1", [head, ["Wei", "Zhang", "CN"]]),
        ("Page 2", [["Min", "Li", "CN"], ["Anh", "Nguyen", "VN"], ["Jia", "Wang", "CN"]]),
    )
    rows = list(read_rows(p))[1:]
    assert [r.error for r in rows] == [None, None, None]
    assert rows[0].fields["name"] == "Min Li" and all(r.warnings for r in rows)
    p = _workbook(
        tmp_path / "in2.xlsx",
        ("Page 1", [head, ["Wei", "Zhang", "CN"]]),
        ("Page 2", [["Min", "CN", "Li"], ["Anh", "VN", "Nguyen"]]),
    )
    rows = list(read_rows(p))[1:]
    assert all(r.error is not None and "a country code" in r.error for r in rows)
