"""UK Sanctions List (FCDO), XML form: the hand-written schema-faithful sample file.

The FCDO's ``UK-Sanctions-List.xml`` could not be obtained for ../shared (SOURCES.md, Gaps), so
``data/uk_sanctions_list_sample.xml`` was written by hand from the published element layout
(``Designations/DateGenerated``, ``Designation`` with ``UniqueID``, ``OFSIGroupID``,
``UNReferenceNumber``, ``Names/Name`` (``Name1``…``Name6``, ``NameType``, ``AliasStrength``),
``NonLatinNames/NonLatinName``, ``IndividualEntityShip``, ``DesignationSource``,
``IndividualDetails``, ``EntityDetails``, ``ShipDetails`` …). Its first four designations are
those of ``uk_sanctions_list_sample.csv``, so the two forms can be compared entity for entity;
the last three use real UN reference numbers (TAi.002, KPe.001) and the publisher's quirks
(``ALias``, ``Primary name variation``, ``dd/mm/1955`` and ``15/08/19yy`` birth dates, an empty
``<Name>``, an IMO number with and without its ``IMO`` prefix, a repeated passport).
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from _robustness import check, damaged, write_and_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import Entity, EntityType, FuzzyDate, NameKind
from exportctl.sources import (
    FORMATS,
    detect_format,
    parse_files,
    parser_module,
    uk_fcdo,
    uk_fcdo_xml,
)
from exportctl.sources._io import read_head
from exportctl.sources.base import ParseResult

DATA = Path(__file__).parent / "data"
XML = DATA / "uk_sanctions_list_sample.xml"
CSV = DATA / "uk_sanctions_list_sample.csv"
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def xml() -> ParseResult:
    return uk_fcdo_xml.parse([XML])


@pytest.fixture(scope="module")
def by_id(xml: ParseResult) -> dict[str, Entity]:
    return {e.source_id: e for e in xml.entities}


def test_counts_date_and_source(xml: ParseResult) -> None:
    assert detect_format(XML) == "uk_fcdo_xml"
    assert (xml.source, xml.format) == ("gb_fcdo", "uk_fcdo_xml")  # the same source as the CSV
    assert xml.published == date(2025, 8, 11)
    assert xml.records_seen == 7
    assert [e.source_id for e in xml.entities] == [
        "DPR0001",
        "RUS9001",
        "RUS9002",
        "RUS9003",
        "AFG0006",
        "DPR0064",
        "DPR0075",
    ]
    assert xml.issues == []
    types = [e.type for e in xml.entities]
    assert types.count(EntityType.PERSON) == 3
    assert types.count(EntityType.VESSEL) == 2


def test_same_entities_as_the_csv_form(xml: ParseResult) -> None:
    csv_form = uk_fcdo.parse([CSV])
    assert [e.to_dict() for e in xml.entities[:4]] == [e.to_dict() for e in csv_form.entities]


def test_names_kinds_strength_and_scripts(by_id: dict[str, Entity]) -> None:
    akhund = by_id["AFG0006"]
    assert akhund.caption == "MOHAMMAD HASSAN AKHUND"  # Name1 Name2 … Name6, in that order
    kinds = {n.full: n.kind for n in akhund.names}
    assert kinds == {
        "MOHAMMAD HASSAN AKHUND": NameKind.PRIMARY,
        "Mohammad Hasan Akhund": NameKind.ALIAS,  # "Primary name variation"
        "Haji Mohammad Hassan": NameKind.ALIAS,  # "ALias", good quality
        "Mullah Sahib": NameKind.WEAK_ALIAS,  # "Low quality a.k.a"
        "محمد حسن آخوند": NameKind.ORIGINAL_SCRIPT,
    }  # the empty <Name> is no name
    arabic = next(n for n in akhund.names if n.kind is NameKind.ORIGINAL_SCRIPT)
    assert (arabic.script, arabic.lang) == ("Arab", "pashto")
    yun = {n.full: n for n in by_id["DPR0001"].names}
    assert yun["Mister YUN"].kind is NameKind.WEAK_ALIAS
    assert (yun["윤호진"].script, yun["윤호진"].lang) == ("Hang", "korean")
    komid = by_id["DPR0064"]
    assert [n.full for n in komid.names if n.kind is NameKind.ORIGINAL_SCRIPT] == [
        "조선광업개발무역회사"
    ]


def test_designation_source_un_reference_and_regime(by_id: dict[str, Entity]) -> None:
    assert by_id["DPR0001"].properties["designation_source"] == ["UN"]
    assert by_id["RUS9001"].properties["designation_source"] == ["UK"]
    assert by_id["RUS9003"].properties["designation_source"] == ["UK", "UN"]
    assert by_id["AFG0006"].properties["un_reference"] == ["TAi.002"]
    assert by_id["DPR0064"].properties["un_reference"] == ["KPe.001"]
    assert "un_reference" not in by_id["RUS9001"].properties
    assert by_id["AFG0006"].programs == ["Afghanistan"]
    assert by_id["AFG0006"].properties["sanctions_imposed"] == [
        "Asset freeze",
        "Travel Ban",
        "Arms embargo",
    ]
    assert by_id["AFG0006"].properties["ofsi_group_id"] == ["7172"]
    assert "ofsi_group_id" not in by_id["DPR0075"].properties  # designated without one


def test_dates_places_and_documents(by_id: dict[str, Entity]) -> None:
    e = by_id["AFG0006"]
    assert e.listed_on == date(2001, 1, 25)
    assert e.birth_dates == [FuzzyDate.year(1955), FuzzyDate.year(1958), FuzzyDate.day(1950, 3, 1)]
    assert e.properties["birth_date_text"] == ["15/08/19yy"]  # kept as text, never lost
    assert e.birth_places == ["Pashmul village, Afghanistan"]
    assert e.nationalities == ["AF", "PK"]
    assert e.properties["title"] == ["Mullah", "Haji"]
    assert len(e.properties["position"]) == 2
    assert e.gender == "male"
    assert [a.full for a in e.addresses] == [
        "Kandahar, Afghanistan",
        "Pashmul village, Panjwai District, Afghanistan",
    ]
    # The repeated passport once, with its note; a passport without a number is no id …
    assert [(i.kind, i.value, i.note) for i in e.identifiers] == [
        ("passport", "SE-011697", "Afghan passport, issued on 25 Jan. 1988 in Kabul"),
        ("national_id", "1402-0127-8891", "Tazkira"),
    ]
    assert e.properties["passport_note"] == ["Lost in 2010"]  # … but its note is kept


def test_entity_and_ship_details(by_id: dict[str, Entity]) -> None:
    komid = by_id["DPR0064"]
    assert komid.type is EntityType.ORGANIZATION
    assert komid.countries == ["KP"]
    assert komid.properties["subsidiaries"] == [
        "Korea Kwangson Banking Corporation",
        "Tosong Technology Trading Corporation",
    ]
    assert komid.properties["parent_company"] == ["Second Economic Committee"]
    assert komid.properties["phone"] == ["+850 2 18111"]
    assert komid.properties["email"] == ["komid@example.kp"]
    petrel = by_id["DPR0075"]
    assert petrel.type is EntityType.VESSEL
    assert [(i.kind, i.value) for i in petrel.identifiers] == [("imo", "9562233")]
    # "IMO9123456" and "9123456" are one number: the prefix is not part of it.
    assert [(i.kind, i.value) for i in by_id["RUS9003"].identifiers] == [("imo", "9123456")]
    assert petrel.properties["previous_flags"] == ["India", "Panama"]
    assert petrel.properties["flag"] == ["Comoros"]
    assert petrel.properties["vessel_owner"] == ["Global United Shipping India"]
    assert petrel.properties["build_year"] == ["2011"]


def test_only_this_parser_claims_it(shared_data: Path, tmp_path: Path) -> None:
    assert [f for f in FORMATS if parser_module(f).sniff(XML, read_head(XML))] == ["uk_fcdo_xml"]
    for other in (shared_data / "lists").rglob("*"):
        if other.is_file():
            assert not uk_fcdo_xml.sniff(other, read_head(other)), other
    gz = tmp_path / "UK-Sanctions-List.xml.gz"
    gz.write_bytes(gzip.compress(XML.read_bytes()))
    (res,) = parse_files([gz])
    assert (res.format, len(res.entities)) == ("uk_fcdo_xml", 7)


def test_bad_designations_are_reported(tmp_path: Path) -> None:
    p = tmp_path / "mini.xml"
    p.write_text(
        "<Designations>\n<DateGenerated>01/02/2026</DateGenerated>\n"
        "<Designation><Names><Name><Name6>NO ID</Name6><NameType>Primary Name</NameType>"
        "</Name></Names><IndividualEntityShip>Entity</IndividualEntityShip></Designation>\n"
        "<Designation><UniqueID>X1</UniqueID><Names><Name><NameType>Alias</NameType></Name>"
        "</Names><IndividualEntityShip>Individual</IndividualEntityShip></Designation>\n"
        "<Designation><UniqueID>X2</UniqueID><Names><Name><Name6>ODD</Name6>"
        "<NameType>Primary Name</NameType></Name></Names>"
        "<IndividualEntityShip>Aircraft</IndividualEntityShip></Designation>\n"
        "<Designation><UniqueID>X2</UniqueID><Names><Name><Name6>DUP</Name6>"
        "<NameType>Primary Name</NameType></Name></Names></Designation>\n"
        "</Designations>\n",
        encoding="utf-8",
    )
    res = check(uk_fcdo_xml.parse, p, expected_records=4)
    assert res is not None
    assert res.published == date(2026, 2, 1)
    assert [e.source_id for e in res.entities] == ["X2", "X2"]  # the differing repeat is kept
    got = [(i.severity, i.location, i.reason) for i in res.issues]
    assert got == [
        ("skipped", "line 3 (Designation ?)", "designation has no UniqueID"),
        ("skipped", "line 4 (Designation X1)", "designation has no name"),
        ("warning", "line 5 (Designation X2)", "unknown designation type 'aircraft'"),
        ("warning", "line 6 (Designation X2)", "unknown designation type ''"),
        ("warning", "line 6 (Designation X2)", "UniqueID X2 repeats another record's; both kept"),
    ]


def test_wrong_root_truncation_and_encoding(tmp_path: Path) -> None:
    p = tmp_path / "other.xml"
    p.write_text("<Designation><UniqueID>A</UniqueID></Designation>", encoding="utf-8")
    with pytest.raises(SourceError, match=r"other\.xml: line 1: root element is <Designation>"):
        uk_fcdo_xml.parse([p])
    data = XML.read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: data.index(b"<UniqueID>AFG0006")])  # cut between two designations
    with pytest.raises(SourceError, match=r"cut\.xml: line \d+, column \d+: malformed XML"):
        uk_fcdo_xml.parse([cut])
    latin = tmp_path / "latin.xml"
    latin.write_bytes(data.replace(b'encoding="utf-8"', b'encoding="ISO-8859-1"'))
    with pytest.raises(SourceError, match="declares encoding ISO-8859-1 but its bytes are UTF-8"):
        uk_fcdo_xml.parse([latin])
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(SourceError, match=r"empty\.xml"):
        uk_fcdo_xml.parse([empty])


_MEASURE = """
import resource, sys
from pathlib import Path
from exportctl.sources import uk_fcdo_xml
uk_fcdo_xml.parse([Path(sys.argv[2])])  # warm: imports, country tables
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
res = uk_fcdo_xml.parse([Path(sys.argv[1])])
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(len(res.entities), grown)
"""


def test_memory_stays_bounded(tmp_path: Path) -> None:
    """600 copies of the sample (~8.5 MB): the parse grows RSS by less than the file's size.

    A whole-tree parse of the same file alone takes about 8x its size (measured: 226 MB for
    a 28 MB file, against 49 MB for this parser with its 14,000 entities)."""
    text = XML.read_text("utf-8")
    head, _, rest = text.partition("<Designation>")
    body = "<Designation>" + rest.rsplit("</Designations>", 1)[0]
    big = tmp_path / "big.xml"
    with big.open("w", encoding="utf-8") as fh:
        fh.write(head)
        for i in range(600):
            fh.write(body.replace("<UniqueID>", f"<UniqueID>{i}-"))
        fh.write("</Designations>\n")
    size_kib = big.stat().st_size // 1024
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(big), str(XML)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    assert int(out[0]) == 600 * 7
    assert int(out[1]) < size_kib, (out, size_kib)


@FUZZ
@given(data=st.data())
def test_damaged_xml(tmp_path: Path, data: st.DataObject) -> None:
    write_and_check(
        uk_fcdo_xml.parse, tmp_path / "damaged.xml", data.draw(damaged(XML.read_bytes()))
    )


@FUZZ
@given(data=st.data())
def test_a_file_cut_short_is_refused_whole(tmp_path: Path, data: st.DataObject) -> None:
    whole = XML.read_bytes()
    end = whole.rindex(b"</Designations>") + len(b"</Designations>")
    p = tmp_path / "cut.xml"
    p.write_bytes(whole[: data.draw(st.integers(0, end - 1))])  # anywhere before the root ends
    with pytest.raises(SourceError, match=r"cut\.xml"):
        uk_fcdo_xml.parse([p])


def test_un_designations_join_their_un_entries(xml: ParseResult, shared_data: Path) -> None:
    from exportctl.screening import Query, ScreeningIndex, screen
    from exportctl.sources import un_xml

    un = un_xml.parse([shared_data / "lists/un/un_consolidated_2026-02-27.xml"]).entities
    index = ScreeningIndex([*un, *xml.entities])
    for name, uk_id, un_id in (
        ("Yun Ho-jin", "DPR0001", "KPi.001"),
        ("Mohammad Hassan Akhund", "AFG0006", "TAi.002"),
        ("Korea Mining Development Trading Corporation", "DPR0064", "KPe.001"),
    ):
        hits = [m for m in screen(Query(name), index) if m.source_id in (uk_id, un_id)]
        assert len(hits) == 1, name  # one party with two legal bases
        assert {(b["source"], b["source_id"]) for b in hits[0].legal_bases} == {
            ("gb_fcdo", uk_id),
            ("un_sc", un_id),
        }
    (orlova,) = screen(Query("Marina Orlova"), index, sources=["gb_fcdo"])
    assert orlova.legal_bases == []  # a UK-only designation stands alone
