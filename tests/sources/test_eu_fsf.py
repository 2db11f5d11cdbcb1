"""EU FSF consolidated list (XML 1.1 and CSV): the hand-written schema-faithful sample files.

No official FSF file could be obtained for ../shared (see its SOURCES.md, Gaps), so
``data/eu_fsf_sample.xml`` and ``.csv`` were written by hand from the published layout: five
entities using every element the parser reads, non-Latin aliases (Korean, Russian, Chinese,
Arabic, Persian) and UN cross-references to real UN reference numbers (KPi.001, KPe.001).
"""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from _robustness import check, damaged, write_and_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import Entity, EntityType, FuzzyDate, NameKind
from exportctl.sources import FORMATS, detect_format, eu_fsf, parser_module
from exportctl.sources._io import read_head
from exportctl.sources.base import ParseResult

DATA = Path(__file__).parent / "data"
XML = DATA / "eu_fsf_sample.xml"
CSV = DATA / "eu_fsf_sample.csv"
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def xml() -> ParseResult:
    return eu_fsf.parse([XML])


@pytest.fixture(scope="module")
def by_id(xml: ParseResult) -> dict[str, Entity]:
    return {e.source_id: e for e in xml.entities}


def test_counts_and_date(xml: ParseResult) -> None:
    assert xml.source == "eu_fsf"
    assert xml.format == "eu_fsf"
    assert xml.records_seen == 5
    assert len(xml.entities) == 5
    assert xml.issues == []
    assert xml.published is not None
    assert xml.published.isoformat() == "2026-08-05T17:04:32.615000+02:00"
    assert [e.type for e in xml.entities].count(EntityType.PERSON) == 3


def test_person_with_un_cross_reference(by_id: dict[str, Entity]) -> None:
    e = by_id["EU.3.12"]
    assert e.caption == "Yun Ho-jin"
    assert e.properties["un_reference"] == ["KPi.001"]
    assert e.properties["logical_id"] == ["9001"]
    assert e.programs == ["PRK"]
    assert e.listed_on == date(2009, 7, 27)
    assert e.birth_dates == [FuzzyDate.day(1944, 10, 13)]
    assert e.birth_places == []  # country "00" (unknown) is no place
    assert e.nationalities == ["KP"]
    assert e.gender == "male"
    assert e.properties["position"] == ["Director of Namchongang Trading Corporation"]
    assert [(i.kind, i.value, i.country) for i in e.identifiers] == [
        ("passport", "654410078", "KP")
    ]
    assert e.properties["publication_url"][0].startswith("https://eur-lex.europa.eu/")


def test_every_alias_with_language_and_strength(by_id: dict[str, Entity]) -> None:
    names = {n.full: n for n in by_id["EU.3.12"].names}
    assert names["Yun Ho-chin"].kind is NameKind.ALIAS
    assert names["윤호진"].kind is NameKind.ORIGINAL_SCRIPT
    assert (names["윤호진"].lang, names["윤호진"].script) == ("ko", "Hang")
    assert names["Mr Yun"].kind is NameKind.WEAK_ALIAS
    orlova = {n.full: n for n in by_id["EU.7421.55"].names}
    assert orlova["Марина Сергеевна Орлова"].lang == "ru"
    assert orlova["Marina Orlowa"].lang == "de"
    assert orlova["Masha"].kind is NameKind.WEAK_ALIAS
    sino = {n.full: n for n in by_id["EU.5580.91"].names}
    assert sino["华精电子贸易有限公司"].script == "Hani"
    assert sino["شركة سينو للإلكترونيات الدقيقة"].lang == "ar"
    assert sino["SPE Trading"].kind is NameKind.WEAK_ALIAS


def test_birth_dates_identifications_addresses(by_id: dict[str, Entity]) -> None:
    e = by_id["EU.7421.55"]
    assert [d.iso() for d in e.birth_dates] == ["1971/1973", "1972-06"]
    assert e.birth_dates[0].text == "circa 1971-1973"
    assert e.birth_places == ["Obninsk, Kaluga Oblast, RUSSIA"]
    assert e.gender == "female"
    notes = {i.value: i.note or "" for i in e.identifiers}
    assert "reported lost" in notes["752318846"]
    assert "Foreign travel passport" in notes["752318846"]
    assert "known false" in notes["4511 223344"]
    assert e.properties["regulation"] == ["2022/260 (OJ L42I)", "2023/571 (OJ L75I)"]
    s = by_id["EU.5580.91"]
    assert s.addresses[0].country == "HK"
    assert "PO Box 4471" in s.addresses[0].full
    assert s.properties["contact"] == ["Phone +852 2345 6789"]
    assert {i.kind for i in s.identifiers} == {"registration", "other"}
    k = by_id["EU.6120.13"]
    assert k.listed_on == date(2024, 2, 23)  # no designationDate: the regulation's date
    assert k.nationalities == ["IR", "AE"]
    assert k.birth_dates == [FuzzyDate.year(1968)]


def test_csv_variant_gives_the_same_entities(xml: ParseResult) -> None:
    res = eu_fsf.parse([CSV])
    assert res.published == date(2026, 8, 5)
    assert res.records_seen == 5
    assert [i.severity for i in res.issues] == ["warning"]  # the CSV has no alias strength
    assert "NameAlias_Strong" in res.issues[0].reason
    for a, b in zip(xml.entities, res.entities, strict=True):
        da, db = a.to_dict(), b.to_dict()
        # The CSV cannot mark weak aliases: they come as plain aliases.
        da["names"] = [
            {**n, "kind": "alias"} if n["kind"] == "weak_alias" else n for n in da["names"]
        ]
        assert da == db


def test_gzip_and_detection(tmp_path: Path) -> None:
    gz = tmp_path / "eu.xml.gz"
    gz.write_bytes(gzip.compress(XML.read_bytes()))
    assert detect_format(gz) == "eu_fsf"
    assert detect_format(CSV) == "eu_fsf"
    assert len(eu_fsf.parse([gz]).entities) == 5


def test_sniff_only_fsf(shared_data: Path) -> None:
    found = [f for f in FORMATS if parser_module(f).sniff(XML, read_head(XML))]
    assert found == ["eu_fsf"]
    for p in (shared_data / "lists").rglob("*"):
        if p.is_file():
            assert not eu_fsf.sniff(p, read_head(p)), p


def test_wrong_root_and_truncation(tmp_path: Path) -> None:
    p = tmp_path / "other.xml"
    p.write_text('<export xmlns="http://example.org/x"><a/></export>', encoding="utf-8")
    with pytest.raises(SourceError, match=r"other\.xml: line 1: root element is <export>"):
        eu_fsf.parse([p])
    cut = tmp_path / "cut.xml"
    data = XML.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match=r"cut\.xml: line \d+, column \d+: malformed XML"):
        eu_fsf.parse([cut])


def test_bad_records_are_reported(tmp_path: Path) -> None:
    p = tmp_path / "mini.xml"
    p.write_text(
        f'<export xmlns="{eu_fsf.NS}" generationDate="2026-01-01">\n'
        '<sanctionEntity euReferenceNumber="EU.1.1" logicalId="1">'
        '<subjectType code="person"/></sanctionEntity>\n'
        '<sanctionEntity logicalId="2"><subjectType code="enterprise"/>'
        '<nameAlias wholeName="X Ltd" strong="true"/></sanctionEntity>\n'
        '<sanctionEntity euReferenceNumber="EU.3.3"><subjectType code="vessel"/>'
        '<nameAlias wholeName="Only Weak" strong="false"/></sanctionEntity>\n'
        '<sanctionEntity euReferenceNumber="EU.3.3"><subjectType code="person"/>'
        '<nameAlias wholeName="Dup" strong="true"/></sanctionEntity>\n'
        "</export>",
        encoding="utf-8",
    )
    res = check(eu_fsf.parse, p, expected_records=4)
    assert res is not None
    # A second record under EU.3.3 that differs is kept too (the store files it as EU.3.3#2).
    assert [e.source_id for e in res.entities] == ["logicalId:2", "EU.3.3", "EU.3.3"]
    reasons = [(i.severity, i.location.split(" ")[1], i.reason) for i in res.issues]
    assert ("skipped", "2", "entity has no name") in reasons
    assert any("unknown subjectType 'vessel'" in r for _, _, r in reasons)
    assert any("only weak aliases" in r for _, _, r in reasons)
    assert (
        "warning",
        "5",
        "euReferenceNumber EU.3.3 repeats another record's; both kept",
    ) in reasons
    assert res.entities[1].names[0].kind is NameKind.PRIMARY


def test_csv_malformed_rows(tmp_path: Path) -> None:
    lines = CSV.read_text("utf-8-sig").splitlines()
    bad = [*lines[:3], "05/08/2026;9999;EU.1", *lines[3:]]
    p = tmp_path / "bad.csv"
    p.write_text("\n".join(bad) + "\n", encoding="utf-8")
    res = check(eu_fsf.parse, p)
    assert res is not None
    assert len(res.entities) == 5
    assert [i.location for i in res.skipped] == ["line 4"]


@FUZZ
@given(data=st.data())
def test_damaged_xml(tmp_path: Path, data: st.DataObject) -> None:
    write_and_check(eu_fsf.parse, tmp_path / "damaged.xml", data.draw(damaged(XML.read_bytes())))


@FUZZ
@given(data=st.data())
def test_damaged_csv(tmp_path: Path, data: st.DataObject) -> None:
    write_and_check(eu_fsf.parse, tmp_path / "damaged.csv", data.draw(damaged(CSV.read_bytes())))
