"""Batch XLSX input goes through the list files' reader (sources/_xlsx.py): cells as shown,
rows numbered as in the sheet, the same bounds and the same refusal of a damaged workbook."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from exportctl.errors import InputError
from exportctl.screening.batch import read_rows
from exportctl.sources._bounds import Limits, limits_scope


def _save(path: Path, rows: list[list[object]], *, date1904: bool = False, fmt: str = "") -> Path:
    wb = Workbook()
    wb.epoch = dt.datetime(1904, 1, 1) if date1904 else wb.epoch
    ws = wb.active
    for row in rows:
        ws.append(row)
    if fmt:
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, dt.date | dt.datetime):
                    cell.number_format = fmt
    wb.save(path)
    return path


@pytest.mark.parametrize("date1904", [False, True])
@pytest.mark.parametrize("fmt", ["", "dd/mm/yyyy", 'd" of "mmmm yyyy', "[$-409]mmm d, yyyy"])
def test_date_cells_read_as_their_day(tmp_path: Path, date1904: bool, fmt: str) -> None:
    days = [dt.date(1970, 5, 1), dt.datetime(1900, 2, 27, 13, 30), dt.date(2024, 12, 31)]
    p = _save(
        tmp_path / "in.xlsx",
        [["id", "name", "birth_date"]] + [[f"r{i}", "Acme", d] for i, d in enumerate(days)],
        date1904=date1904,
        fmt=fmt,
    )
    got = [r.fields["birth_date"] for r in read_rows(p)]
    want = [d.date() if isinstance(d, dt.datetime) else d for d in days]
    assert got == [d.isoformat() for d in want]


def test_numbers_booleans_and_missing_rows(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["ID", " Name ", None, "Country"])
    ws.append([1, "Alpha", "ignored: no header", "DE"])
    ws.append([2.0, "  Beta  ", None, True])
    ws.cell(row=6, column=1, value=1.5)
    ws.cell(row=6, column=2, value="Gamma")
    wb.save(tmp_path / "in.xlsx")
    rows = list(read_rows(tmp_path / "in.xlsx"))
    assert [r.number for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].fields == {"id": "1", "name": "Alpha", "country": "DE"}
    assert rows[1].fields == {"id": "2", "name": "Beta", "country": "TRUE"}
    assert [r.error for r in rows[2:4]] == ["empty row", "empty row"]
    assert rows[4].fields == {"id": "1.5", "name": "Gamma", "country": ""}


def test_a_name_cell_that_is_not_text_is_an_error_row(tmp_path: Path) -> None:
    """TRUE, 12345, a date or #N/A in the name column (a shifted or broken sheet) was screened
    as its text and cleared (fuzz17's open question): now an error row, the others unchanged."""
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "name", "country"])
    ws.append(["a", True, "DE"])
    ws.append(["b", 12345, "DE"])
    ws.append(["c", dt.date(2024, 1, 2), "DE"])
    ws.append(["d", "=NA()", "DE"])  # a formula whose cached value openpyxl leaves empty
    ws.append(["e", "Eric Badege", True])  # a boolean elsewhere stays a cell as shown
    wb.save(tmp_path / "in.xlsx")
    # openpyxl writes no cached value for a formula: put an error cell in by hand.
    path = tmp_path / "in.xlsx"
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = members[sheet].decode()
    start = xml.index('<c r="B5"')
    end = xml.index("</c>", start) + len("</c>")
    members[sheet] = (xml[:start] + '<c r="B5" t="e"><v>#N/A</v></c>' + xml[end:]).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in members.items():
            z.writestr(n, data)
    rows = list(read_rows(path))
    assert [r.error for r in rows[:4]] == [
        "name is a boolean, not text: give one name as text",
        "name is a number, not text: give one name as text",
        "name is a number, not text: give one name as text",
        "name is an error value, not text: give one name as text",
    ]
    assert rows[4].error is None and rows[4].fields["country"] == "TRUE"


def test_a_header_below_blank_rows_is_found_and_the_rows_above_reported(tmp_path: Path) -> None:
    """The header was required on row 1 (a blank row above it refused the file); it is the
    first row that names the columns, the rows above it are reported, rows keep their
    numbers (sheet row - 1)."""
    wb = Workbook()
    wb.active.cell(row=2, column=1, value="name")
    wb.active.cell(row=3, column=1, value="Acme")
    wb.save(tmp_path / "in.xlsx")
    rows = list(read_rows(tmp_path / "in.xlsx"))
    assert [(r.number, r.error, r.fields.get("name")) for r in rows] == [
        (1, "empty row", None),
        (2, None, "Acme"),
    ]
    Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(InputError, match="no 'name' column"):
        list(read_rows(tmp_path / "empty.xlsx"))


def _rewrite(src: Path, dst: Path, edit: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, edit.get(info.filename, zin.read(info.filename)))
    return dst


def test_damaged_cut_short_and_oversized_workbooks_are_refused_whole(tmp_path: Path) -> None:
    rows: list[list[object]] = [["id", "name"]] + [[i, f"Name {i}"] for i in range(1, 200)]
    good = _save(tmp_path / "good.xlsx", rows)
    data = good.read_bytes()
    (tmp_path / "trunc.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=r"cannot read workbook: .*trunc\.xlsx"):
        list(read_rows(tmp_path / "trunc.xlsx"))

    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    cut = sheet[: sheet.index(b'<row r="150"')] + b"</sheetData></worksheet>"
    _rewrite(good, tmp_path / "cut.xlsx", {"xl/worksheets/sheet1.xml": cut})
    with pytest.raises(InputError, match="declares rows up to 200 but ends at row 149"):
        list(read_rows(tmp_path / "cut.xlsx"))

    with limits_scope(Limits(max_bytes=4096)), pytest.raises(InputError, match="more than"):
        list(read_rows(good))
    assert len(list(read_rows(good))) == 199


_cell = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=20
    ).filter(lambda s: not s.startswith("=")),  # openpyxl writes "=..." as a formula
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.booleans(),
)


def _shown(value: object) -> str:
    """What a person sees in the cell, as the batch reader must give it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_cell, _cell), min_size=1, max_size=15))
def test_any_workbook_reads_back_cell_for_cell(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[object, object]]
) -> None:
    p = _save(tmp_path_factory.mktemp("x") / "in.xlsx", [["name", "other"], *map(list, rows)])
    got = list(read_rows(p))
    assert len(got) == len(rows)
    for (name, other), row in zip(rows, got, strict=True):
        if _shown(name) == "" and _shown(other) == "":
            assert row.error == "empty row"
            continue
        for key, value in (("name", name), ("other", other)):
            if isinstance(value, float) and _shown(value) != str(int(value)):
                # openpyxl writes at most 16 significant digits: the value, not its last digit
                assert float(row.fields[key]) == pytest.approx(value, rel=1e-15)
            else:
                assert row.fields[key] == _shown(value)
        # A name cell that is not a string is an error row, never screened as its text.
        assert (row.error is not None and "not text" in row.error) == (
            name is not None and not isinstance(name, str)
        )
