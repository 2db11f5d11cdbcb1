"""UK Sanctions List (FCDO): the real reduced ODS export and a hand-written full-layout CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from _robustness import check, damaged, write_and_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import EntityType, FuzzyDate, NameKind
from exportctl.sources import FORMATS, _ods, detect_format, parser_module, uk_fcdo
from exportctl.sources._io import read_head
from exportctl.sources.base import ParseResult

ODS = "lists/uk/fcdo_uk_sanctions_list_2025-08-11_summary.ods"
CSV = Path(__file__).parent / "data" / "uk_sanctions_list_sample.csv"
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def ods(shared_data: Path) -> ParseResult:
    return uk_fcdo.parse([shared_data / ODS])


def test_reduced_ods_loads_what_it_has(ods: ParseResult, shared_data: Path) -> None:
    assert detect_format(shared_data / ODS) == "uk_fcdo"
    assert ods.source == "gb_fcdo"
    assert ods.records_seen == 5302  # SOURCES.md: rows=5302
    assert len(ods.entities) == 5300
    types = Counter(e.type for e in ods.entities)
    assert types == {EntityType.PERSON: 3752, EntityType.ORGANIZATION: 1087, EntityType.VESSEL: 461}
    src = Counter("|".join(e.properties["designation_source"]) for e in ods.entities)
    assert src == {"UK": 4384, "UN": 908, "UK|UN": 8}
    # Two individuals have no name in the file: each is a skipped record, not lost silently.
    assert [i.location for i in ods.skipped] == ["row 649 (BEL0174)", "row 3524 (RUS1467)"]
    assert max(e.listed_on for e in ods.entities if e.listed_on) == date(2025, 7, 23)


def test_reduced_ods_says_what_it_lacks(ods: ParseResult) -> None:
    warn = [i.reason for i in ods.issues if i.severity == "warning"]
    lacks = next(w for w in warn if w.startswith("reduced layout"))
    for what in ("aliases", "UN reference numbers", "dates of birth", "identifiers"):
        assert what in lacks
    assert any("no Report Date" in w and "2025-07-23" in w for w in warn)


def test_ods_entity_fields(ods: ParseResult) -> None:
    e = next(x for x in ods.entities if x.source_id == "AFG0001")
    assert e.caption == "HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE"
    assert e.programs == ["Afghanistan"]
    assert e.listed_on == date(2012, 6, 29)
    assert e.properties["ofsi_group_id"] == ["12703"]
    assert e.properties["sanctions_imposed"] == ["Asset freeze"]


def test_full_csv_layout() -> None:
    res = uk_fcdo.parse([CSV])
    assert res.published == date(2025, 8, 11)
    assert res.records_seen == 4
    assert res.issues == []
    by = {e.source_id: e for e in res.entities}
    yun = by["DPR0001"]
    assert yun.caption == "Ho-Jin YUN"
    kinds = {n.full: n.kind for n in yun.names}
    assert kinds["Ho-chin YUN"] is NameKind.ALIAS
    assert kinds["Mister YUN"] is NameKind.WEAK_ALIAS
    assert kinds["윤호진"] is NameKind.ORIGINAL_SCRIPT
    assert yun.properties["un_reference"] == ["KPi.001"]
    assert yun.birth_dates == [FuzzyDate.day(1944, 10, 13)]
    assert yun.nationalities == ["KP"]
    assert yun.identifiers[0].kind == "passport"
    orlova = by["RUS9001"]
    assert orlova.birth_dates == [FuzzyDate.month(1972, 6)]
    assert orlova.birth_places == ["Obninsk, Russia"]
    assert orlova.addresses[0].country == "RU"
    assert [n.lang for n in orlova.names if n.kind is NameKind.ORIGINAL_SCRIPT] == ["russian"]
    ship = by["RUS9003"]
    assert ship.type is EntityType.VESSEL
    assert ship.properties["designation_source"] == ["UK", "UN"]
    assert ("imo", "9123456") in {(i.kind, i.value) for i in ship.identifiers}
    sino = by["RUS9002"]
    assert [n.full for n in sino.names][:2] == [
        "SINO PRECISE ELECTRONICS TRADING CO. LIMITED",
        "华精电子贸易有限公司",
    ]
    assert ("registration", "2890417") in {(i.kind, i.value) for i in sino.identifiers}


def test_a_document_note_without_a_number_is_kept(tmp_path: Path) -> None:
    """A passport or national id given only by its note is no identifier, but what the list
    says of it is kept as a property, not dropped."""
    lines = CSV.read_text("utf-8").splitlines(keepends=True)
    rows = list(csv.reader(lines[1:]))
    col = {name: i for i, name in enumerate(rows[0])}
    for row in rows[1:]:
        if row[col["Unique ID"]] == "DPR0001":
            row[col["Passport number"]] = ""
            row[col["Passport additional information"]] = "Passport held, number not known"
            row[col["National Identifier additional information"]] = "Identity card (lost)"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "notes.csv"
    path.write_text(lines[0] + out.getvalue(), "utf-8")
    yun = next(e for e in uk_fcdo.parse([path]).entities if e.source_id == "DPR0001")
    assert [i.kind for i in yun.identifiers] == []
    assert yun.properties["passport_note"] == ["Passport held, number not known"]
    assert yun.properties["national_id_note"] == ["Identity card (lost)"]


def test_xlsx_form(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in csv.reader(io.StringIO(CSV.read_text("utf-8"))):
        ws.append(row)
    p = tmp_path / "UK-Sanctions-List.xlsx"
    wb.save(p)
    assert detect_format(p) == "uk_fcdo"
    a = uk_fcdo.parse([p])
    b = uk_fcdo.parse([CSV])
    assert [e.to_dict() for e in a.entities] == [e.to_dict() for e in b.entities]


def test_only_this_parser_claims_the_files(shared_data: Path) -> None:
    p = shared_data / ODS
    assert [f for f in FORMATS if parser_module(f).sniff(p, read_head(p))] == ["uk_fcdo"]
    assert [f for f in FORMATS if parser_module(f).sniff(CSV, read_head(CSV))] == ["uk_fcdo"]
    for other in (shared_data / "lists").rglob("*"):
        if other.is_file() and other != p:
            assert not uk_fcdo.sniff(other, read_head(other)), other


def test_no_header_and_bad_rows(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"x\.csv: no UK Sanctions List header"):
        uk_fcdo.parse([p])
    lines = CSV.read_text("utf-8").splitlines()
    q = tmp_path / "bad.csv"
    q.write_text("\n".join([*lines[:2], ",,1,,NO ID", *lines[2:]]) + "\n", encoding="utf-8")
    res = check(uk_fcdo.parse, q)
    assert res is not None
    assert [i.reason for i in res.skipped] == ["row has no Unique ID"]


def test_ods_repeats_are_bounded(tmp_path: Path) -> None:
    """A non-empty row repeated absurdly often is refused, not expanded."""
    import zipfile

    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="s"><table:table-row>'
        "<table:table-cell><text:p>Unique ID</text:p></table:table-cell>"
        "<table:table-cell><text:p>Designation source</text:p></table:table-cell>"
        "<table:table-cell><text:p>Name</text:p></table:table-cell>"
        '</table:table-row><table:table-row table:number-rows-repeated="1000000">'
        "<table:table-cell><text:p>X1</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    p = tmp_path / "rep.ods"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", _ods.MIMETYPE)
        z.writestr("content.xml", content)
    with pytest.raises(SourceError, match=r"rep\.ods: sheet 1 row 2: a non-empty row repeated"):
        uk_fcdo.parse([p])


@pytest.fixture(scope="module")
def small_ods(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The real ODS cut to its first 40 rows (same package, same XML), for fuzzing."""
    import re
    import zipfile

    src = shared_data / ODS
    with zipfile.ZipFile(src) as z:
        xml = z.read("content.xml").decode("utf-8-sig")
    rows = [m.start() for m in re.finditer("<table:table-row", xml)]
    cut = (
        xml[: rows[40]]
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    out = tmp_path_factory.mktemp("ods") / "small.ods"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", _ods.MIMETYPE, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", cut)
    return out.read_bytes()


@FUZZ
@given(data=st.data())
def test_damaged_ods(tmp_path: Path, small_ods: bytes, data: st.DataObject) -> None:
    write_and_check(uk_fcdo.parse, tmp_path / "damaged.ods", data.draw(damaged(small_ods)))


@FUZZ
@given(data=st.data())
def test_damaged_csv(tmp_path: Path, data: st.DataObject) -> None:
    write_and_check(uk_fcdo.parse, tmp_path / "damaged.csv", data.draw(damaged(CSV.read_bytes())))
