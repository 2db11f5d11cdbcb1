"""Batch inputs as a hostile or careless desk file gives them (batch26): each file below is
the exact content of a case, what it did before in the comment, and what it must do: screened
when the reading is unambiguous, else an error row or a refusal that says why — never a row
screened on something that is not its name, never a value dropped without a word.
docs/reliability.md, "batch26"."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from exportctl.errors import InputError
from exportctl.screening.batch import read_rows, text_rows, write_results
from exportctl.screening.batch.query import not_a_name
from exportctl.screening.runner import screen_rows
from exportctl.store import Store


def _screen(store: Store, path: Path, encoding: str | None = None) -> list[dict]:
    out = path.with_suffix(".out.jsonl")
    write_results(out, screen_rows(store, list(read_rows(path, encoding))))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _bytes(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --- encodings ----------------------------------------------------------------------------


def test_utf16_without_a_byte_order_mark_is_refused_naming_the_encoding(tmp_path: Path) -> None:
    """Before: refused as "no 'name' column (columns: n\\x00a\\x00m\\x00e …)"."""
    text = "Name,Country\nEric Badege,CD\n"
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le"):
        p = _bytes(tmp_path, "in.csv", text.encode(codec))
        with pytest.raises(InputError, match=f"looks like {codec.upper()} text") as exc:
            list(read_rows(p))
        assert f"--encoding {codec}" in str(exc.value)
        rows = list(read_rows(p, codec))  # given, it is read
        assert [r.fields for r in rows] == [{"name": "Eric Badege", "country": "CD"}]


def test_a_few_nul_bytes_in_a_utf8_files_first_row_are_that_rows_problem(tmp_path: Path) -> None:
    """The wide-text refusal once counted NULs (a quarter of the first bytes): three NULs in
    the first row of a 12-byte UTF-8 file refused the whole file as UTF-32 (found by
    test_batch_hostile's property). Only the wide encodings' byte pattern refuses it now."""
    p = _bytes(tmp_path, "in.csv", b"id,name\n\x00\x00\x00\n")
    (row,) = read_rows(p)
    assert any("U+0000" in w for w in row.warnings)
    p = _bytes(tmp_path, "in2.csv", b"id,name\n\x00\x00\x00\nc2,Eric Badege\n")
    rows = list(read_rows(p))
    assert len(rows) == 2 and rows[1].fields == {"id": "c2", "name": "Eric Badege"}


def test_utf16_and_utf8_with_a_byte_order_mark_are_screened(
    tmp_path: Path, un_store: Store
) -> None:
    for data in (
        "Name;Country\r\nEric Badege;CD\r\n".encode("utf-16"),
        b"\xef\xbb\xbfName\tCountry\nEric Badege\tCD\n",
    ):
        recs = _screen(un_store, _bytes(tmp_path, "in.csv", data))
        assert recs[0]["matches"][0]["source_id"] == "CDi.001"


def test_a_cp1252_file_is_an_error_row_per_legacy_byte_and_read_with_encoding(
    tmp_path: Path, un_store: Store
) -> None:
    data = "Name,Country\nJosé Müller,DE\nEric Badege,CD\n".encode("cp1252")
    p = _bytes(tmp_path, "in.csv", data)
    recs = _screen(un_store, p)
    assert "byte 0xE9 is not utf-8 text" in recs[0]["error"] and "--encoding" in recs[0]["error"]
    assert recs[1]["matches"][0]["source_id"] == "CDi.001"
    rows = list(read_rows(p, "cp1252"))
    assert rows[0].fields["name"] == "José Müller" and rows[0].error is None


def test_a_nul_byte_in_a_cell_is_said(tmp_path: Path, un_store: Store) -> None:
    """Before: screened without a word (a NUL is a damaged or binary file)."""
    p = _bytes(tmp_path, "in.csv", b"id,name\na,Eric\x00Badege\nb,\x00\nc,Dokka Umarov\n")
    recs = _screen(un_store, p)
    assert recs[0]["matches"][0]["source_id"] == "CDi.001"
    assert any("U+0000" in w for w in recs[0]["warnings"])
    assert recs[1]["error"] is not None  # nothing but a NUL: no name to screen
    assert recs[2]["warnings"] == []


# --- delimiters and quoting ---------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"Name;Country\nEric Badege;CD\n",
        b"Name\tCountry\nEric Badege\tCD\n",
        b'id,Name\nx,"Eric\nBadege"\n',
    ],
)
def test_delimiters_and_a_quoted_line_break_are_read(
    tmp_path: Path, un_store: Store, data: bytes
) -> None:
    recs = _screen(un_store, _bytes(tmp_path, "in.csv", data))
    assert recs[0]["error"] is None and recs[0]["matches"][0]["source_id"] == "CDi.001"


def test_an_extremely_long_cell_is_an_error_row_or_a_warning(tmp_path: Path) -> None:
    data = f"id,name,country\na,{'A' * 100_000},DE\nb,Eric Badege,{'C' * 200_000}\n"
    recs = list(read_rows(_bytes(tmp_path, "in.csv", data.encode())))
    assert len(recs) == 2 and recs[1].fields["name"] == "Eric Badege"
    from exportctl.errors import InputError as Err
    from exportctl.screening.batch import parse_row

    with pytest.raises(Err, match="100000 characters long"):
        parse_row(recs[0].fields)
    _, warnings = parse_row(recs[1].fields)
    assert "not a country" in warnings[0]


# --- names that are not names -------------------------------------------------------------


_NOT_NAMES = ["12345", "3.5", "0", "1/2/1970", "+49 30 1234", "١٢٣", "#N/A", "#VALUE!", "TRUE",
              "false", "NULL", "None", "nan", "N/A", "n.a.", "(blank)", "Unknown"]  # fmt: skip


def test_numbers_and_placeholders_in_the_name_column_are_error_rows(
    tmp_path: Path, un_store: Store
) -> None:
    """Before: each screened as a name, no listed party found, the row clear."""
    body = "".join(f"r{i},{v}\n" for i, v in enumerate(_NOT_NAMES))
    recs = _screen(
        un_store, _bytes(tmp_path, "in.csv", f"id,name\n{body}r99,Eric Badege\n".encode())
    )
    for value, rec in zip(_NOT_NAMES, recs, strict=False):
        assert rec["error"] is not None and "not a name" in rec["error"], (value, rec)
        assert repr(value) in rec["error"]
    assert recs[-1]["error"] is None and recs[-1]["matches"][0]["source_id"] == "CDi.001"


@pytest.mark.parametrize(
    "name",
    ["Eric Badege", "7TH OF TIR", "NAN Yang", "Nil", "Blank", "Unknown Soldier Ltd", "李明", "ʿAli",
     "Na", "Trueman", "NaN Trading"],
)  # fmt: skip
def test_names_that_hold_a_placeholder_word_are_names(name: str) -> None:
    assert not_a_name(name) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Nd", "P", "Zs", "S"]), min_size=1))
def test_a_cell_without_a_letter_is_never_screened(value: str) -> None:
    """A name cell with digits and no letter is never a name; without digits either, the
    screen itself refuses it (no letters or digits to compare)."""
    why = not_a_name(value)
    assert (why is not None) == any(ch.isdigit() for ch in value)


def test_jsonl_records_whose_name_is_not_a_string(tmp_path: Path, un_store: Store) -> None:
    lines = [
        '{"id":"a","name":{"first":"Eric","last":"Badege"}}',
        '{"id":"b","name":["Eric Badege"]}',
        '{"id":"c","name":null}',
        '{"id":"d","name":12345}',
        '{"id":"e","name":"Eric Badege","name":"Acme Ltd"}',
        '{"id":"f","first_name":"Eric"}',
        '{"id":"g","first_name":"Eric","last_name":null}',
    ]
    recs = _screen(un_store, _bytes(tmp_path, "in.jsonl", "\n".join(lines).encode()))
    assert [r["id"] for r in recs] == ["a", "b", "c", "d", "row-5", "f", "g"]
    assert recs[0]["error"] == "name is an object, not text: give one name as a string"
    assert recs[1]["error"] == "name is a list, not text: give one name as a string"
    assert recs[2]["error"] == "missing name"
    assert recs[3]["error"] == "name is a number, not text: give one name as a string"
    # Before: the last `name` won, "Eric Badege" was never screened nor reported.
    assert (
        recs[4]["error"] == "the record has the key 'name' twice: which value to read is not known"
    )
    # Before: the given name alone was screened, clear.
    assert "no key gives the surname" in recs[5]["error"]
    assert recs[6]["error"] is None
    assert any("last_name is empty" in w for w in recs[6]["warnings"])


def test_a_json_array_element_with_a_key_twice_is_its_own_error_row(tmp_path: Path) -> None:
    items = '[{"name": "Eric Badege"}, {"name": "A", "country": "CD", "country": "RW"}]'
    rows = list(read_rows(_bytes(tmp_path, "in.json", items.encode())))
    assert rows[0].error is None
    assert rows[1].error == (
        "the record has the key 'country' twice: which value to read is not known"
    )


def test_json_objects_in_read_columns_are_warnings_and_lists_of_identifiers_are_read(
    tmp_path: Path,
) -> None:
    """Before: ``{'code': 'CD'}`` read as a country cell, ``['P1', 'P2']`` split at its
    comma with its brackets and quotes, ``{'type': 'passport', …}`` compared as TYPEPASSPORT."""
    lines = [
        '{"name":"Eric Badege","country":{"code":"CD"}}',
        '{"name":"Eric Badege","identifiers":["P1234567","C7654321"]}',
        '{"name":"Eric Badege","identifiers":{"type":"passport","number":"P1234567"}}',
        '{"name":"Eric Badege","notes":{"any":"thing"}}',
    ]
    rows = list(read_rows(_bytes(tmp_path, "in.jsonl", "\n".join(lines).encode())))
    assert rows[0].fields["country"] == "" and rows[0].warnings == (
        "country is an object, not text: not used (give the value as a string)",
    )
    assert rows[1].fields["identifiers"] == "P1234567; C7654321" and rows[1].warnings == ()
    assert rows[2].fields["identifiers"] == "" and "identifiers is an object" in rows[2].warnings[0]
    assert rows[3].warnings == ()  # a column nothing reads


def test_parquet_with_a_null_or_nested_name(tmp_path: Path) -> None:
    pq.write_table(
        pa.table({"id": ["a", "b", "c"], "name": ["Eric Badege", None, ""]}), tmp_path / "n.parquet"
    )
    rows = list(read_rows(tmp_path / "n.parquet"))
    assert [r.fields["name"] for r in rows] == ["Eric Badege", "", ""]  # b, c: missing name
    pq.write_table(pa.table({"id": ["a"], "name": [{"f": "Eric"}]}), tmp_path / "s.parquet")
    (row,) = read_rows(tmp_path / "s.parquet")
    assert row.error == "name is an object, not text: give one name as a string"
    pq.write_table(
        pa.table({"name": ["Eric Badege"], "identifiers": [["P1234567", "C7654321"]]}),
        tmp_path / "l.parquet",
    )
    (row,) = read_rows(tmp_path / "l.parquet")
    assert row.fields["identifiers"] == "P1234567; C7654321"


# --- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Nom;Pays\nEric Badege;CD\n",
        "Name des Empfängers;Land\nEric Badege;CD\n",
        "Наименование,Страна\nEric Badege,CD\n",
        "ФИО,Дата рождения\nEric Badege,1970\n",
        "Фамилия,Имя\nBadege,Eric\n",
    ],
)
def test_a_name_header_in_another_language_is_read(
    tmp_path: Path, un_store: Store, data: str
) -> None:
    """Before: `Name des Empfängers`, `Наименование`, `ФИО` refused the file (no name column)."""
    recs = _screen(un_store, _bytes(tmp_path, "in.csv", data.encode()))
    assert recs[0]["error"] is None and recs[0]["matches"][0]["source_id"] == "CDi.001"


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ("id,First Name,Last", "give a person's given names but no column gives the surname"),
        ("id,Vorname,Familie", "give a person's given names but no column gives the surname"),
        ("id,Name 2,Name 3", "name lines without the first one"),
        ("id,Name,Name", "'name' more than once"),
        ("id,Name,Notes,NOTES", "'notes' more than once"),
    ],
)
def test_a_header_that_would_screen_part_of_a_name_is_refused(
    tmp_path: Path, header: str, why: str
) -> None:
    """Before: `First Name` + `Last` screened the given names alone (the surname column was
    read by nothing) and the rows came back clear."""
    p = _bytes(tmp_path, "in.csv", f"{header}\n1,Eric,Badege,x\n".encode())
    with pytest.raises(InputError, match=why):
        list(read_rows(p))


# --- workbooks ----------------------------------------------------------------------------


def test_a_formula_without_a_saved_value(tmp_path: Path, un_store: Store) -> None:
    """openpyxl and other scripts write formulas without their value: read as absent, the name
    ``=B2&" "&C2`` was "missing name" (no reason given), a country or identifier formula a
    value silently dropped, a surname formula a name screened as the given names alone."""
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "Given", "Family", "Name", "Country", "Passport"])
    ws.append(["a", "Eric", "Badege", '=B2&" "&C2', "CD", None])
    ws.append(["b", None, None, "Eric Badege", '="C"&"D"', "=A1"])
    wb.save(tmp_path / "f.xlsx")
    recs = _screen(un_store, tmp_path / "f.xlsx")
    assert recs[0]["error"].startswith("name is a formula without a saved value: the program")
    assert recs[1]["error"] is None and recs[1]["matches"][0]["source_id"] == "CDi.001"
    assert [w.split(":")[0] for w in recs[1]["warnings"]] == ["country", "passport"]
    assert all("formula without a saved value, read as empty" in w for w in recs[1]["warnings"])
    wb = Workbook()
    ws = wb.active
    ws.append(["First Name", "Last Name"])
    ws.append(["Eric", "=UPPER(A1)"])
    wb.save(tmp_path / "p.xlsx")
    (row,) = read_rows(tmp_path / "p.xlsx")
    assert row.error == (
        "last_name is a formula without a saved value: the program that wrote the workbook did "
        "not calculate its formulas (open and save it in a spreadsheet program, or paste the "
        "values)"
    )


def test_a_formula_with_its_saved_value_is_read(tmp_path: Path) -> None:
    """What a spreadsheet program saves: the formula and its value (here written by hand)."""
    import zipfile

    wb = Workbook()
    wb.active.append(["Name", "Country"])
    wb.active.append(["x", "CD"])
    wb.save(tmp_path / "v.xlsx")
    src = zipfile.ZipFile(tmp_path / "v.xlsx")
    out = zipfile.ZipFile(tmp_path / "w.xlsx", "w")
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            cell = b'<c r="A2" t="inlineStr"><is><t>x</t></is></c>'
            assert cell in data
            data = data.replace(
                cell, b'<c r="A2" t="str"><f>"Eric "&amp;"Badege"</f><v>Eric Badege</v></c>'
            )
        out.writestr(item, data)
    out.close()
    (row,) = read_rows(tmp_path / "w.xlsx")
    assert row.error is None and row.fields["name"] == "Eric Badege" and row.warnings == ()


def test_numbers_as_names_in_a_workbook(tmp_path: Path, un_store: Store) -> None:
    wb = Workbook()
    wb.active.append(["Name"])
    for value in (12345, "12345", "#N/A", True, "Eric Badege"):
        wb.active.append([value])
    wb.save(tmp_path / "n.xlsx")
    recs = _screen(un_store, tmp_path / "n.xlsx")
    assert [r["error"] is not None for r in recs] == [True, True, True, True, False]
    assert (
        recs[1]["error"]
        == "name '12345' is a number, not a name: not screened (check the row's cells)"
    )


def test_the_web_upload_reads_the_same_bytes_the_same_way() -> None:
    """Spark's executors and the web UI read text through text_rows: the same refusals."""
    with pytest.raises(InputError, match="UTF-16-LE"):
        list(text_rows("Name\nEric Badege\n".encode("utf-16-le"), ".csv"))
    rows = list(text_rows(b'{"name":"A","name":"B"}\n', ".jsonl"))
    assert rows[0].error is not None and "twice" in rows[0].error


def test_csv_output_of_a_hostile_file_reads_back(tmp_path: Path, un_store: Store) -> None:
    """The CSV output of the rows above is one record per input row."""
    body = 'id,name\na,Eric\x00Badege\nb,#N/A\nc,"Eric\nBadege"\n'
    p = _bytes(tmp_path, "in.csv", body.encode())
    out = tmp_path / "out.csv"
    write_results(out, screen_rows(un_store, list(read_rows(p))))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert rows[1]["error"].startswith("name '#N/A' is a spreadsheet's error value")


def test_a_row_shorter_than_the_header_is_read_and_said(tmp_path: Path) -> None:
    """``Eric Badege,CD`` under ``id,name,country`` (the id left out, no empty cell for it):
    read into the first columns its name is ``CD`` — before without a word."""
    data = b"id,name,country\nEric Badege,CD\nb,Dokka Umarov\nc,Jane Roe,FR\n"
    rows = list(read_rows(_bytes(tmp_path, "in.csv", data)))
    assert rows[0].fields["name"] == "CD"
    assert rows[0].warnings == (
        "line 2: the row has 2 cells, the header 3: read as the first 2 columns (id, name)",
    )
    assert rows[1].fields["name"] == "Dokka Umarov" and len(rows[1].warnings) == 1
    assert rows[2].warnings == ()
    # a name in the first column cannot have moved: a row of the name alone is no warning
    rows = list(read_rows(_bytes(tmp_path, "in.csv", b"Name,Country,Type\nEric Badege\n")))
    assert rows[0].fields == {"name": "Eric Badege"} and rows[0].warnings == ()


def test_phonetic_hints_of_an_inline_string_are_not_the_name(tmp_path: Path) -> None:
    """A Japanese workbook's cell carries its reading (``<rPh>``); in a shared string it was
    left out, in an inline string it was read into the name."""
    import zipfile

    wb = Workbook()
    wb.active.append(["Name"])
    wb.active.append(["x"])
    wb.save(tmp_path / "v.xlsx")
    src = zipfile.ZipFile(tmp_path / "v.xlsx")
    out = zipfile.ZipFile(tmp_path / "w.xlsx", "w")
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            cell = b'<c r="A2" t="inlineStr"><is><t>x</t></is></c>'
            assert cell in data
            phonetic = '<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh>'.encode()
            data = data.replace(cell, b'<c r="A2" t="inlineStr"><is>' + phonetic + b"</is></c>")
        out.writestr(item, data)
    out.close()
    (row,) = read_rows(tmp_path / "w.xlsx")
    assert row.fields["name"] == "東京"


def test_records_wrapped_in_one_object_say_so(tmp_path: Path) -> None:
    """``{"data": [...]}`` on one line was one row, ``missing name``, and none of its parties
    screened nor named; it is still one error row, saying what it holds."""
    data = json.dumps({"data": [{"name": "Eric Badege"}, {"name": "Dokka Umarov"}]})
    (row,) = read_rows(_bytes(tmp_path, "in.json", data.encode()))
    assert row.error == (
        "the record holds 2 records under 'data' and no name: give the records one per line "
        "(JSONL) or as a top-level JSON array"
    )


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (an Excel workbook saved as text?"),
        (b"\x1f\x8b\x08\x00", "gzip-compressed"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel or Word file"),
        (b"PAR1\x15\x04", "a Parquet file"),
    ],
)
def test_a_binary_file_under_a_text_name_is_refused_saying_what_it_is(
    tmp_path: Path, data: bytes, what: str
) -> None:
    """Before: refused for a header of binary noise (`no 'name' column (columns: PK…)`)."""
    with pytest.raises(InputError, match=f"the file is not text but {what[:12]}"):
        list(read_rows(_bytes(tmp_path, "in.csv", data + b"name\nEric Badege\n")))
