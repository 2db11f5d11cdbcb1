"""Batch files as compliance desks export them: semicolon and tab delimiters, headers in the
desk's words (``Full Name``, ``Beneficiary``, ``Nom``, ``First Name`` + ``Last Name``), titles
above the header, workbooks of several sheets, headers repeated mid-file, long numbers. Each
is read row for row or refused with the reason; none is screened on the wrong cells."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from exportctl.errors import InputError
from exportctl.screening.batch import (
    CSV_HEADER,
    parse_row,
    read_rows,
    text_rows,
    write_results,
)
from exportctl.screening.batch.headers import (
    NAME_PARTS,
    header_keys,
    normalise_header,
    screening_header,
)
from exportctl.screening.runner import screen_rows
from exportctl.store import Store


def _rows(path: Path) -> list[tuple[int, dict[str, str], str | None]]:
    return [(r.number, r.fields, r.error) for r in read_rows(path)]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _screen(store: Store, path: Path) -> list[dict]:
    out = path.with_suffix(".out.jsonl")
    write_results(out, screen_rows(store, list(read_rows(path))))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


# --- delimiters ---------------------------------------------------------------------------


def test_a_semicolon_file_with_a_comma_in_a_quoted_name(tmp_path: Path) -> None:
    """European Excel's CSV: ``;`` between cells, a comma inside a name. It was refused whole
    ("no 'name' column": the header read as one column ``id;name;country``)."""
    p = _write(tmp_path / "in.csv", 'id;name;country\n1;"ACME, LLC";DE\n2;Eric Badege;CD\n')
    assert _rows(p) == [
        (1, {"id": "1", "name": "ACME, LLC", "country": "DE"}, None),
        (2, {"id": "2", "name": "Eric Badege", "country": "CD"}, None),
    ]


def test_a_tab_file_with_a_semicolon_in_a_name(tmp_path: Path) -> None:
    """A .txt export in tabs; the listed compound name ``CAGL ; GLBC`` keeps its ``;``."""
    p = _write(tmp_path / "in.txt", "id\tName\tCountry\n1\tCAGL ; GLBC\tCD\n2\tEric Badege\t\n")
    assert _rows(p) == [
        (1, {"id": "1", "name": "CAGL ; GLBC", "country": "CD"}, None),
        (2, {"id": "2", "name": "Eric Badege", "country": ""}, None),
    ]


def test_excels_unicode_text_export_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode Text (*.txt)": UTF-16 LE with its byte-order mark, tabs, CRLF."""
    text = '\ufeffCustomer Name\tCountry\r\nEric Badege\tCD\r\n"CAGL ; GLBC"\tCD\r\n'
    (tmp_path / "in.txt").write_bytes(text.encode("utf-16-le"))
    assert _rows(tmp_path / "in.txt") == [
        (1, {"name": "Eric Badege", "country": "CD"}, None),
        (2, {"name": "CAGL ; GLBC", "country": "CD"}, None),
    ]


def test_a_tsv_file_is_read_in_tabs_only(tmp_path: Path) -> None:
    p = _write(tmp_path / "in.tsv", 'id\tname\n1\t"Badege, Eric"\n2\tA;B,C\n')
    assert _rows(p) == [
        (1, {"id": "1", "name": "Badege, Eric"}, None),
        (2, {"id": "2", "name": "A;B,C"}, None),
    ]
    # A .tsv whose header is in semicolons is no tab file: refused, not guessed.
    q = _write(tmp_path / "semi.tsv", "id;name\n1;Eric Badege\n")
    with pytest.raises(InputError, match="no 'name' column"):
        list(read_rows(q))


def test_a_comma_file_whose_names_hold_semicolons_stays_comma(tmp_path: Path) -> None:
    """The delimiter is the header's: data rows full of ``;`` change nothing."""
    rows = "".join(f"{i},CAGL ; GLBC ; X{i};CD\n" for i in range(20))
    p = _write(tmp_path / "in.csv", "id,name\n" + rows + '20,"A;B"\n')
    got = _rows(p)
    assert [f["name"] for _, f, _ in got[:20]] == [f"CAGL ; GLBC ; X{i};CD" for i in range(20)]
    assert got[20][1]["name"] == "A;B" and all(e is None for _, _, e in got)


def test_an_ambiguous_header_is_refused_naming_the_delimiters(tmp_path: Path) -> None:
    p = _write(tmp_path / "in.csv", "name;ref,name\nA;1,B\n")
    with pytest.raises(InputError, match="more than one delimiter") as exc:
        list(read_rows(p))
    assert "comma: 'name;ref', 'name'" in str(exc.value)
    assert "semicolon: 'name', 'ref,name'" in str(exc.value)


def test_the_reading_that_knows_every_header_cell_decides(tmp_path: Path) -> None:
    """``Name, Vorname;Land`` names a name column with "," (`Name`) and with ";" (`Name,
    Vorname`); only ";" reads every cell as a known header: not ambiguous."""
    p = _write(tmp_path / "in.csv", 'Name, Vorname;Land\n"BADEGE, Eric";CD\n')
    assert _rows(p) == [(1, {"name": "BADEGE, Eric", "country": "CD"}, None)]


def test_excels_sep_line_names_the_delimiter_and_is_no_row(tmp_path: Path) -> None:
    """``sep=;`` opens some Excel exports: the delimiter is the file's word, the line no row
    (row numbers run on from 1 without it: Spark sizes a file by its largest row number)."""
    p = _write(tmp_path / "in.csv", 'sep=;\nName;Country\n"ACME, LLC";DE\n')
    assert _rows(p) == [(1, {"name": "ACME, LLC", "country": "DE"}, None)]
    q = _write(tmp_path / "title.csv", "sep=,\nList,\nname,country\nA;B,DE\n")
    assert [(n, e) for n, _, e in _rows(q)] == [
        (1, "line 2: above the header row, not screened (a title?): 'List'"),
        (2, None),
    ]
    with pytest.raises(InputError, match="names a delimiter that is not read"):
        list(read_rows(_write(tmp_path / "pipe.csv", "sep=|\nname|country\n")))


def test_a_one_column_file_is_no_ambiguity(tmp_path: Path) -> None:
    p = _write(tmp_path / "in.csv", "Name\nCAGL ; GLBC\n")
    assert _rows(p) == [(1, {"name": "CAGL ; GLBC"}, None)]


def test_a_semicolon_row_with_a_bare_semicolon_in_the_name_is_an_error_row(tmp_path: Path) -> None:
    """In a ``;`` file an unquoted ``;`` inside a name cannot be told from a delimiter: the
    row is an error (more fields than the header), never screened on half a name."""
    p = _write(tmp_path / "in.csv", "name;country\nCAGL ; GLBC;CD\nEric Badege;CD\n")
    got = _rows(p)
    assert got[0][2] == "line 2: row has 3 fields, header has 2"
    assert got[1] == (2, {"name": "Eric Badege", "country": "CD"}, None)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([";", "\t"]),
    st.lists(
        st.tuples(
            st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"))
            .map(str.strip)
            .filter(bool),
            st.sampled_from(["DE", "CD", ""]),
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_any_delimited_file_a_writer_writes_reads_back_row_for_row(
    delimiter: str, rows: list[tuple[str, str]]
) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(["id", "name", "country"])
    for i, (name, country) in enumerate(rows):
        w.writerow([f"r{i}", name, country])
    got = list(text_rows(buf.getvalue().encode(), ".tsv" if delimiter == "\t" else ".csv"))
    assert [r.error for r in got if r.error and "line break" not in r.error] == []
    assert [(r.fields["id"], r.fields["name"], r.fields["country"]) for r in got] == [
        (f"r{i}", name.strip(), country) for i, (name, country) in enumerate(rows)
    ]


# --- headers as desks write them ----------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Name",
        "Full Name",
        "FULL_NAME",
        "Party Name",
        "Customer Name",
        "Beneficiary",
        "Beneficiary Name",
        "Company",
        "Company Name",
        "Nom",
        "Nombre",
        "Name des Kunden",
        "Raison sociale",
        "Name*",
        "Name:",
    ],
)
def test_a_name_column_headed_as_desks_head_it(tmp_path: Path, header: str) -> None:
    p = _write(tmp_path / "in.csv", f"Customer ID,{header},Date of Birth\nc1,Eric Badege,1971\n")
    assert _rows(p) == [(1, {"id": "c1", "name": "Eric Badege", "birth_date": "1971"}, None)]


@pytest.mark.parametrize(
    ("header", "row", "name"),
    [
        ("First Name,Last Name", "Eric,Badege", "Eric Badege"),
        ("Given name,Middle name,Surname", "Dokka,Khamatovich,Umarov", "Dokka Khamatovich Umarov"),
        ("Last Name,First Name", "Badege,Eric", "Eric Badege"),
        ("Forename,Family Name", "Eric,Badege", "Eric Badege"),
        ("Nom,Prénom", "Badege,Eric", "Eric Badege"),
        ("Name,Vorname", "Badege,Eric", "Eric Badege"),
        ("Nombre,Apellidos", "Eric,Badege", "Eric Badege"),
        ("Nome,Cognome", "Eric,Badege", "Eric Badege"),
        ("first_name,middle_name,last_name", "Eric,,Badege", "Eric Badege"),
        # SAP's name lines: a long organisation name goes on in the next line
        ("Name 1,Name 2", "ISLAMIC REVOLUTIONARY,GUARD CORPS", "ISLAMIC REVOLUTIONARY GUARD CORPS"),
        ("Name,Name 2", "ISLAMIC REVOLUTIONARY,GUARD CORPS", "ISLAMIC REVOLUTIONARY GUARD CORPS"),
        ('"Surname, First Name"', '"BADEGE, Eric"', "BADEGE, Eric"),
        # Spanish and Portuguese second surnames: Nombre Apellido1 Apellido2, however ordered
        ("Nombre,Primer Apellido,Segundo Apellido", "Juan,García,López", "Juan García López"),
        ("Nombre,Apellido Paterno,Apellido Materno", "Juan,García,López", "Juan García López"),
        ("Apellido 2,Nombre,Apellido 1", "López,Juan,García", "Juan García López"),
        ("Apellido_1,Apellido_2,Nombre", "García,López,Juan", "Juan García López"),
        (
            "Nombre,Apellidos,Segundo apellido",
            "Juan Carlos,García,López",
            "Juan Carlos García López",
        ),
        ("Nome,Sobrenome", "João,Silva", "João Silva"),
        ("Nome,Sobrenome,Último sobrenome", "João,Souza,Silva", "João Souza Silva"),
        ("Nombre,Segundo Apellido", "Juan,López", "Juan López"),
    ],
)
def test_name_parts_in_columns_are_joined(tmp_path: Path, header: str, row: str, name: str) -> None:
    p = _write(tmp_path / "in.csv", f"ID,{header}\nc1,{row}\n")
    ((number, fields, error),) = _rows(p)
    assert (number, fields["name"], error) == (1, name, None)


def test_a_person_file_in_parts_finds_the_listed_person(tmp_path: Path, un_store: Store) -> None:
    p = _write(
        tmp_path / "in.csv",
        "Customer ID;First Name;Last Name;Nationality\n"
        "c1;Eric;BADEGE;CD\nc2;;;\nc3;Dokka;Umarov;\n",
    )
    recs = _screen(un_store, p)
    assert [r["id"] for r in recs] == ["c1", "c2", "c3"]
    assert recs[0]["matches"][0]["source_id"] == "CDi.001"
    assert recs[1]["error"] == "missing name" and recs[1]["matches"] == []
    assert recs[2]["error"] is None and recs[2]["matches"]


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ("id,Customer Name,Beneficiary Name", "each name the party"),
        ("id,Full Name,First Name,Last Name", "gives the whole name and"),
        ("id,First Name,Given Name", "are each the first name"),
        ("id,Account,Reference Number", "no 'name' column"),
        ("id,Customer,Amount", "no 'name' column"),
        ("id,name,Name", "'name' more than once"),
        ("id,name,Country Code,Nationality", "are each read as country"),
        ("id,First Name,Name 1", "give a person's name and 'name 1' name lines"),
        ("id,Name,Name 1,Name 2", "gives the whole name and"),
        ("id,Nombre completo,Segundo apellido", "gives the whole name and"),
        ("id,Nombre,Apellido 2,Apellido materno", "are each the second last name"),
        ("id,Segundo apellido,Name 1", "give a person's name and 'name 1' name lines"),
    ],
)
def test_a_header_that_does_not_name_one_name_is_refused(
    tmp_path: Path, header: str, why: str
) -> None:
    p = _write(tmp_path / "in.csv", f"{header}\n1,A,B,C\n")
    with pytest.raises(InputError, match=why):
        list(read_rows(p))


def test_the_column_headed_with_the_key_wins_over_its_synonyms(tmp_path: Path) -> None:
    """``Country`` beside ``Nationality``: country is read (as before the synonym table),
    nationality kept under its own header, unread."""
    p = _write(tmp_path / "in.csv", "Name,Nationality,Country\nEric Badege,RW,CD\n")
    assert _rows(p) == [(1, {"name": "Eric Badege", "nationality": "RW", "country": "CD"}, None)]


def test_headers_are_normalised_as_written() -> None:
    assert normalise_header(" Date_of-Birth: ") == "date of birth"
    assert normalise_header("\ufeffFULL\u00a0NAME") == "full name"
    assert normalise_header("\u200eName\u200b\u2003") == "name"
    assert normalise_header("Passport #") == "passport"
    assert screening_header(["Passport No.", "IMO Number", "Name", "Bound By"]) == [
        "passport",
        "imo",
        "name",
        "bound_by",
    ]
    keys, why = header_keys(["Notes", "Name"])
    assert keys == ["notes", "name"] and why is None


def test_json_and_parquet_records_are_read_under_the_same_names(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    recs = [
        {"Customer ID": "a", "Full Name": "Eric Badege"},
        {"id": "b", "First Name": "Eric", "Last Name": "Badege"},
        {"id": "c", "Full Name": "X", "Beneficiary": "Y"},
        {"id": "d", "First Name": 12, "Last Name": "Badege"},
    ]
    p.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    rows = list(read_rows(p))
    assert rows[0].fields["name"] == "Eric Badege" and rows[0].id == "a"
    assert rows[1].fields["name"] == "Eric Badege" and rows[1].error is None
    assert rows[2].error is not None and "more than one name key" in rows[2].error
    assert rows[3].error == "first_name is a number, not text: give one name as a string"
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"ID": ["x"], "Given Name": ["Eric"], "Surname": ["Badege"]})
    pq.write_table(table, tmp_path / "in.parquet")
    (row,) = read_rows(tmp_path / "in.parquet")
    assert (row.id, row.fields["name"], row.error) == ("x", "Eric Badege", None)


# --- rows around the header ---------------------------------------------------------------


def test_a_title_above_the_header_is_reported_and_the_rows_read(tmp_path: Path) -> None:
    """Excel's CSV of a sheet with a title: ``Customer list;;`` and a blank line above the
    header. It was refused ("no 'name' column"); now each line above is a row not screened."""
    p = _write(
        tmp_path / "in.csv",
        "Customer list 2026-12;;\n;;\nid;name;country\nc1;Eric Badege;CD\n",
    )
    got = _rows(p)
    assert (
        got[0][2]
        == "line 1: above the header row, not screened (a title?): 'Customer list 2026-12'"
    )
    assert got[1] == (2, {}, "empty row")
    assert got[2] == (3, {"id": "c1", "name": "Eric Badege", "country": "CD"}, None)


def test_a_header_after_rows_of_data_is_no_title(tmp_path: Path) -> None:
    """Only rows of one filled cell at most are taken for a title; a row of data is not."""
    p = _write(tmp_path / "in.csv", "Eric Badege,CD\nname,country\n")
    with pytest.raises(InputError, match="no 'name' column"):
        list(read_rows(p))


def test_a_header_repeated_mid_file_is_a_row_not_screened(tmp_path: Path, un_store: Store) -> None:
    """Two exports appended: the second header was screened as a party named 'name'."""
    p = _write(tmp_path / "in.csv", "id,name\nc1,Eric Badege\nID,Name\nc2,Dokka Umarov\n")
    recs = _screen(un_store, p)
    assert [r["id"] for r in recs] == ["c1", "row-2", "c2"]
    assert recs[1]["error"] == "line 3: repeats the header row, not screened"
    assert recs[0]["matches"] and recs[2]["matches"]


def test_a_header_of_other_columns_mid_file_is_refused(tmp_path: Path) -> None:
    """``name,id`` appended under ``id,name``: every later row would be screened on its id."""
    p = _write(tmp_path / "in.csv", "id,name\nc1,Eric Badege\nname,id\nDokka Umarov,c2\n")
    with pytest.raises(InputError, match="line 3 is a header row of other columns"):
        list(read_rows(p))


def test_a_row_of_type_words_is_no_header(tmp_path: Path) -> None:
    """``company`` is a name header and a type value: a row holding it is still data."""
    p = _write(tmp_path / "in.csv", "id,name,type\nc1,Company,company\n")
    assert _rows(p) == [(1, {"id": "c1", "name": "Company", "type": "company"}, None)]


# --- workbooks ----------------------------------------------------------------------------


def test_every_sheet_of_a_workbook_is_read(tmp_path: Path, un_store: Store) -> None:
    """A desk's workbook of individuals and entities: only the first sheet was read, the
    second's parties were never screened. A cover sheet with no header is reported row by
    row; a hidden sheet and a hidden row are read like any other."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Read me"
    cover.append(["Screening request, December"])
    cover.append(["Prepared by", "desk 4"])
    people = wb.create_sheet("Individuals")
    people.append(["Screening list"])
    people.append([])
    people.append(["Customer ID", "First Name", "Last Name"])
    people.append(["p1", "Eric", "Badege"])
    people.append(["p2", "Dokka", "Umarov"])
    people.row_dimensions[5].hidden = True
    orgs = wb.create_sheet("Entities")
    orgs.append(["Ref", "Company Name", "Country"])
    orgs.append(["e1", "Acme Trading", "DE"])
    orgs.sheet_state = "hidden"
    wb.save(tmp_path / "in.xlsx")
    recs = _screen(un_store, tmp_path / "in.xlsx")
    assert [r["id"] for r in recs] == [
        "row-1",
        "row-2",
        "row-3",
        "row-4",
        "p1",
        "p2",
        "e1",
    ]
    assert "sheet 'Read me' row 1: the sheet has no header row" in recs[0]["error"]
    assert "sheet 'Read me' row 2" in recs[1]["error"]
    assert recs[2]["error"].startswith("sheet 'Individuals' row 1: above the header row")
    assert recs[3]["error"] == "sheet 'Individuals' row 2: empty row"
    assert recs[4]["matches"][0]["source_id"] == "CDi.001"
    assert [r["sheet"] for r in recs] == [
        {"name": "Read me", "row": 1},
        {"name": "Read me", "row": 2},
        {"name": "Individuals", "row": 1},
        {"name": "Individuals", "row": 2},
        {"name": "Individuals", "row": 4},
        {"name": "Individuals", "row": 5},
        {"name": "Entities", "row": 2},
    ]
    assert recs[5]["error"] is None and recs[5]["matches"]  # the hidden row
    assert recs[6]["error"] is None  # the hidden sheet


def test_a_row_of_a_later_sheet_names_its_sheet_and_row(tmp_path: Path, un_store: Store) -> None:
    """Rows are numbered on through the sheets, so `row-5` of a workbook is no line a reviewer
    can find. In a workbook of several sheets each row's errors and warnings (the reader's and
    the screening's) start with its sheet and the sheet's own row number, and a JSONL record
    carries ``sheet`` (name, row), a CSV row the columns ``sheet`` and ``sheet_row`` after the
    others (batch26); the id stays as it was."""
    wb = Workbook()
    people = wb.active
    people.title = "Individuals"
    people.append(["Name", "Type"])
    people.append(["Eric Badege", "person"])
    people.append(["Dokka Umarov", "spaceship"])
    orgs = wb.create_sheet("Entities")
    orgs.append(["Screening list"])
    orgs.append(["Company Name", "Country", "Tax"])
    orgs.append([None, "DE", None])
    orgs.append(["Acme Trading", "Atlantis", 12345678901234567890])
    orgs.append(["Acme Holding", "DE", None])
    wb.save(tmp_path / "in.xlsx")
    recs = _screen(un_store, tmp_path / "in.xlsx")
    assert [r["id"] for r in recs] == [f"row-{n}" for n in range(1, 7)]
    assert [(r["sheet"]["name"], r["sheet"]["row"]) for r in recs] == [
        ("Individuals", 2),
        ("Individuals", 3),
        ("Entities", 1),
        ("Entities", 3),
        ("Entities", 4),
        ("Entities", 5),
    ]
    assert recs[1]["warnings"] == [
        "sheet 'Individuals' row 3: type 'spaceship' is not person, organization, vessel or "
        "aircraft; screened without a type"
    ]
    assert recs[2]["error"].startswith("sheet 'Entities' row 1: above the header row")
    assert recs[3]["error"] == "sheet 'Entities' row 3: missing name"
    warnings = recs[4]["warnings"]
    # the reader's (a long number) and the screening's (the country, the identifier's digits)
    assert len(warnings) == 3 and all(w.startswith("sheet 'Entities' row 4: ") for w in warnings)
    assert "more than 15 digits" in warnings[0] and any("'Atlantis'" in w for w in warnings)
    assert recs[5]["error"] is None and recs[5]["warnings"] == []
    # The CSV output: the same columns, then the sheet and its row (batch26: a clean row of a
    # later sheet named no sheet); the errors and warnings name the sheet.
    out = tmp_path / "out.csv"
    write_results(out, screen_rows(un_store, list(read_rows(tmp_path / "in.xlsx"))))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == [*CSV_HEADER, "sheet", "sheet_row"]
    assert rows[3]["error"] == "sheet 'Entities' row 3: missing name"
    assert (rows[5]["sheet"], rows[5]["sheet_row"], rows[5]["warnings"]) == ("Entities", "5", "")


def test_a_one_sheet_workbook_keeps_its_rows_as_they_were(tmp_path: Path) -> None:
    """One sheet: row-N is sheet row N + 1 (rows above the header are rows of the output), so
    nothing is added."""
    wb = Workbook()
    wb.active.append(["Screening list"])
    wb.active.append(["Name", "Type"])
    wb.active.append(["Dokka Umarov", "spaceship"])
    wb.save(tmp_path / "in.xlsx")
    rows = list(read_rows(tmp_path / "in.xlsx"))
    assert [(r.id, r.sheet) for r in rows] == [("row-1", None), ("row-2", None)]
    assert rows[0].error is not None and rows[0].error.startswith("sheet 1 row 1: above")


def test_data_on_the_second_sheet_only(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Empty"
    data = wb.create_sheet("Data")
    data.append(["Name"])
    data.append(["Eric Badege"])
    wb.save(tmp_path / "in.xlsx")
    assert _rows(tmp_path / "in.xlsx") == [(1, {"name": "Eric Badege"}, None)]


def test_a_workbook_without_any_header_is_refused(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["Payment Ref", "Amount"])
    wb.active.append(["Eric Badege", 10])
    wb.create_sheet("Other").append(["x", "y"])
    wb.save(tmp_path / "in.xlsx")
    with pytest.raises(InputError, match="no 'name' column"):
        list(read_rows(tmp_path / "in.xlsx"))


def test_merged_name_cells_leave_rows_reported_not_dropped(tmp_path: Path) -> None:
    """A name merged over two rows holds its value in the first cell only: the second row is
    an error row (missing name), never dropped nor cleared."""
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "name", "country"])
    ws.append(["a", "Eric Badege", "CD"])
    ws.append(["b", None, "RW"])
    ws.merge_cells("B2:B3")
    wb.save(tmp_path / "in.xlsx")
    rows = list(read_rows(tmp_path / "in.xlsx"))
    assert [r.id for r in rows] == ["a", "b"]
    with pytest.raises(InputError, match="missing name"):
        parse_row(rows[1].fields)


def test_a_header_repeated_in_a_sheet(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for row in (["id", "name"], ["a", "Eric Badege"], ["ID", "NAME"], ["b", "Dokka Umarov"]):
        ws.append(row)
    wb.save(tmp_path / "in.xlsx")
    got = _rows(tmp_path / "in.xlsx")
    assert got[1] == (2, {}, "sheet 1 row 3: repeats the header row, not screened")
    assert got[2][1]["name"] == "Dokka Umarov"


# --- numbers a spreadsheet changed --------------------------------------------------------


def test_an_identifier_in_scientific_notation_is_a_warning_not_a_silent_miss() -> None:
    _, warnings = parse_row({"name": "Eric Badege", "passport": "1.23E+08"})
    assert warnings == [
        "identifier '1.23E+08' is a number in scientific notation: its digits are lost "
        "(format the column as text); not used"
    ]
    query, warnings = parse_row({"name": "X", "passport": "1234E567"})
    assert warnings == [] and query.identifiers == ("1234E567",)
    with pytest.raises(InputError, match="scientific notation"):
        parse_row({"name": "X", "imo": "9.19E+06"}, strict=True)


def test_a_long_number_in_a_sheet_is_a_warning(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["name", "tax"])
    wb.active.append(["Eric Badege", 12345678901234567890])
    wb.active.append(["Dokka Umarov", 9187629])
    wb.save(tmp_path / "in.xlsx")
    rows = list(read_rows(tmp_path / "in.xlsx"))
    assert "more than 15 digits" in rows[0].warnings[0]
    assert rows[1].warnings == () and rows[1].fields["tax"] == "9187629"


def test_the_web_upload_takes_the_same_text_files() -> None:
    """The UI's batch (web/jobs.py) reads uploads with :func:`read_rows`; its upload check
    refused a .tsv or .txt export before the reader could read it."""
    from exportctl.web.jobs import check_upload

    assert check_upload("kunden.tsv", b"Name\tLand\nX\tDE\n") == ".tsv"
    assert check_upload("kunden.txt", b"Name;Land\nX;DE\n") == ".txt"


def _synonyms() -> list[tuple[str, str]]:
    from importlib import resources

    from exportctl._yaml import safe_load

    path = resources.files("exportctl.screening.batch").joinpath("headers.yaml")
    data = safe_load(path.read_text("utf-8"))
    return [(key, str(name)) for key, names in data["columns"].items() for name in names]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_synonyms()), st.sampled_from(["{}", "{}:", " {} ", "{}*"]), st.booleans())
def test_every_listed_header_is_read_as_its_key_however_cased(
    entry: tuple[str, str], frame: str, upper: bool
) -> None:
    key, name = entry
    written = frame.format(name.upper() if upper else name.replace(" ", "_"))
    if key == "name" or key in NAME_PARTS:
        header = ["ref no", written]
        want = ["ref no", key]
        # (given names need a surname column, later name lines the first: batch26)
        if key in ("first_name", "middle_name"):
            header, want = [*header, "Last Name"], [*want, "last_name"]
        elif key in NAME_PARTS[5:]:
            header, want = [*header, "Name 1"], [*want, "name_1"]
    else:
        header = ["Full Name", written]
        want = ["name", key]
    if key == "id":
        header[0], want[0] = "Full Name", "name"
    assert screening_header(header) == want


@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_array_export_is_read_element_by_element(tmp_path: Path, indent: int | None) -> None:
    """ "Export as JSON" writes an array: read line by line, every element but the last was an
    error row (``{…},`` is no JSON line), or the whole array one error row."""
    items = [{"id": "a", "Full Name": "Eric Badege"}, {"id": "b", "name": "Dokka Umarov"}, 7]
    p = tmp_path / "in.json"
    p.write_text(json.dumps(items, indent=indent), encoding="utf-8")
    assert _rows(p) == [
        (1, {"id": "a", "name": "Eric Badege"}, None),
        (2, {"id": "b", "name": "Dokka Umarov"}, None),
        (3, {}, "an element of the JSON array must be an object"),
    ]
    p.write_text('[{"name": "Eric Badege"},', encoding="utf-8")
    with pytest.raises(InputError, match="JSON array that does not parse"):
        list(read_rows(p))


def test_a_header_wrapped_over_lines_is_read(tmp_path: Path) -> None:
    """Excel wraps a long header cell: ``"Customer<LF>Name"`` is one quoted cell."""
    p = _write(tmp_path / "in.csv", 'id;"Customer\nName";"Date of\nBirth"\n1;Eric Badege;1971\n')
    assert _rows(p) == [(1, {"id": "1", "name": "Eric Badege", "birth_date": "1971"}, None)]


def test_an_ownership_table_in_semicolons_is_read(tmp_path: Path) -> None:
    """Ownership tables go through the same reader with their own header check: a `;`
    register was refused ("needs owner_id or owner_name"); the screening's header names are
    not applied to it."""
    from exportctl.ownership.table import parse_table

    p = _write(
        tmp_path / "reg.csv",
        "Register 2026;;\nowner_name;owned_name;share\nEric Badege;Acme, SARL;51\n",
    )
    data = parse_table(p)
    (link,) = data.links
    assert (link.owner, link.asset, link.share.lo) == ("name:eric badege", "name:acme, sarl", 51)
    assert any("above the header row" in i.reason for i in data.issues)


def test_json_nested_too_deeply_is_refused_or_one_error_row() -> None:
    """`[[[[…` or `{"a":{"a":…` thousands deep exhausts the JSON parser's stack: the CLI and
    the UI's job ended with a RecursionError traceback. An array file is refused; a JSONL line
    is one error row, the others read."""
    with pytest.raises(InputError, match="nested too deeply"):
        list(text_rows(b"[" * 100_000, ".json"))
    lines = b'{"name": "Eric Badege"}\n' + b'{"a":' * 100_000 + b'\n{"name": "Dokka Umarov"}\n'
    rows = list(text_rows(lines, ".jsonl"))
    assert [(r.number, r.error) for r in rows] == [
        (1, None),
        (2, "JSON nested too deeply to be a record"),
        (3, None),
    ]


def test_a_json_record_without_a_name_key_is_a_row_without_a_name(tmp_path: Path) -> None:
    # (the record's own row says what is missing; the file's other records are read)
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": "1", "country": "IR"}\n{"id": "2", "name": "ACME"}\n')
    assert _rows(path) == [
        (1, {"id": "1", "country": "IR"}, None),
        (2, {"id": "2", "name": "ACME"}, None),
    ]
