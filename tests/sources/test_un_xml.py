"""UN SC consolidated XML parser, on both real editions."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from _robustness import check, damaged
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import Entity, EntityType, FuzzyDate, NameKind
from exportctl.sources import un_xml
from exportctl.sources._io import read_bytes
from exportctl.sources.base import ParseResult

NEW = "lists/un/un_consolidated_2026-02-27.xml"
OLD = "lists/un/un_consolidated_2024-11-30.xml.gz"


@pytest.fixture(scope="module")
def new(shared_data: Path) -> ParseResult:
    return un_xml.parse([shared_data / NEW])


@pytest.fixture(scope="module")
def old(shared_data: Path) -> ParseResult:
    return un_xml.parse([shared_data / OLD])


@pytest.fixture(scope="module")
def by_id(new: ParseResult) -> dict[str, Entity]:
    return {e.source_id: e for e in new.entities}


def _count(res: ParseResult, t: EntityType) -> int:
    return sum(1 for e in res.entities if e.type is t)


def test_counts_and_dates(new: ParseResult, old: ParseResult) -> None:
    assert (len(new.entities), _count(new, EntityType.PERSON)) == (1003, 730)
    assert _count(new, EntityType.ORGANIZATION) == 273
    assert (len(old.entities), _count(old, EntityType.PERSON)) == (879, 686)
    assert new.records_seen == 1003
    assert not new.skipped
    assert not old.skipped
    assert new.published is not None
    assert new.published.isoformat().startswith("2026-02-27T00:00:09")
    assert old.published is not None
    assert old.published.date() == date(2024, 11, 30)
    assert new.source == "un_sc"
    assert new.format == "un_xml"


def test_diff_by_reference_number(new: ParseResult, old: ParseResult) -> None:
    a = {e.source_id for e in old.entities}
    b = {e.source_id for e in new.entities}
    assert (len(b - a), len(a - b)) == (130, 6)
    assert sum(1 for r in b - a if r.startswith("IR")) == 121


def test_person_fields(by_id: dict[str, Entity]) -> None:
    e = by_id["CDi.001"]
    assert e.caption == "ERIC BADEGE"
    assert e.birth_dates == [FuzzyDate.year(1971)]
    assert e.nationalities == ["CD"]
    assert e.gender == "male"
    assert e.programs == ["DRC"]
    assert e.listed_on == date(2012, 12, 31)
    assert e.remarks
    assert e.remarks.startswith("He fled to Rwanda")
    k = by_id["KPi.033"]
    assert k.caption == "RI WON HO"
    assert k.birth_dates[0].iso() == "1964-07-17"
    assert [(i.kind, i.value) for i in k.identifiers] == [("passport", "381310014")]


def test_four_name_parts_and_original_script(by_id: dict[str, Entity]) -> None:
    e = by_id["QDi.299"]
    assert e.caption == "IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI"
    orig = [n for n in e.names if n.kind is NameKind.ORIGINAL_SCRIPT]
    assert orig
    assert orig[0].script == "Arab"
    weak = {n.full for n in e.names if n.kind is NameKind.WEAK_ALIAS}
    # "أبو بكر البغدادي الحسيني القريشي (Abu Bakr …; Abu Bakr al-Baghdadi)" is unpacked
    assert {"Abu Bakr al-Baghdadi", "Abu Bakr al-Baghdadi al-Husayni al-Quraishi"} <= weak


def test_packed_entity_aliases_are_split(by_id: dict[str, Entity]) -> None:
    names = {n.full: n.kind for n in by_id["QDe.137"].names}
    assert names["Jabhat al-Nusrah"] is NameKind.ALIAS
    assert names["Hay’at Tahrir al-Sham (HTS)"] is NameKind.ALIAS
    assert names["Tahrir al-Sham Hay’at"] is NameKind.ALIAS
    assert names["هيئة تحرير الشام"] is NameKind.ORIGINAL_SCRIPT
    assert not any(";" in n for n in names)


def test_no_empty_or_packed_names(new: ParseResult) -> None:
    for e in new.entities:
        for n in e.names:
            assert n.full
            assert n.full == n.full.strip()
            assert ";" not in n.full, (e.source_id, n.full)


def test_birth_date_kinds(new: ParseResult) -> None:
    precisions = {d.precision for e in new.entities for d in e.birth_dates}
    assert precisions == {"day", "year", "range"}
    ranged = [d for e in new.entities for d in e.birth_dates if d.precision == "range"]
    assert all(d.earliest.year < d.latest.year for d in ranged)


def test_split_alias_rules() -> None:
    split = un_xml.split_alias
    assert [n.full for n in split("A B; C D b) E F")] == ["A B", "C D", "E F"]
    assert [n.full for n in split("EL PARA (COMBAT NAME)")] == ["EL PARA (COMBAT NAME)"]
    got = split("Amir Khazmat (original script: Амир Хазмат)")
    assert [(n.full, n.kind) for n in got] == [
        ("Amir Khazmat", NameKind.ALIAS),
        ("Амир Хазмат", NameKind.ORIGINAL_SCRIPT),
    ]
    assert got[1].script == "Cyrl"
    assert split("   ") == []
    assert [n.kind for n in split("X; Y", NameKind.WEAK_ALIAS)] == [NameKind.WEAK_ALIAS] * 2


def test_sniff(shared_data: Path) -> None:
    for rel in (NEW, OLD):
        p = shared_data / rel
        assert un_xml.sniff(p, read_bytes(p)[:8192])
    xsd = shared_data / "lists/un/sc-sanctions.xsd"
    assert not un_xml.sniff(xsd, xsd.read_bytes()[:8192])


def test_truncated_file_raises_with_line(shared_data: Path, tmp_path: Path) -> None:
    data = read_bytes(shared_data / NEW)
    bad = tmp_path / "cut.xml"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError, match=r"cut\.xml: line \d+, column \d+: malformed XML"):
        un_xml.parse([bad])


def test_record_without_reference_is_reported(tmp_path: Path) -> None:
    p = tmp_path / "mini.xml"
    p.write_text(
        '<?xml version="1.0"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00Z">'
        "<INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL>\n"
        "<INDIVIDUAL><FIRST_NAME>B</FIRST_NAME><REFERENCE_NUMBER>X.1</REFERENCE_NUMBER>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    res = un_xml.parse([p])
    assert [e.source_id for e in res.entities] == ["X.1"]
    assert len(res.skipped) == 1
    assert res.skipped[0].location.startswith("line 3")
    assert res.records_seen == 2


def _small_edition(data: bytes) -> bytes:
    """A well-formed file with the first 15 individuals and 5 entities of the real one."""
    text = data.decode("utf-8")
    inds = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text, re.S)[:15]
    ents = re.findall(r"<ENTITY>.*?</ENTITY>", text, re.S)[:5]
    head = text[: text.index("<INDIVIDUALS>")]
    body = "<INDIVIDUALS>" + "".join(inds) + "</INDIVIDUALS><ENTITIES>" + "".join(ents)
    return (head + body + "</ENTITIES></CONSOLIDATED_LIST>").encode("utf-8")


@pytest.fixture(scope="module")
def small(shared_data: Path) -> bytes:
    return _small_edition(read_bytes(shared_data / NEW))


def test_small_edition_parses(small: bytes, tmp_path: Path) -> None:
    p = tmp_path / "small.xml"
    p.write_bytes(small)
    res = check(un_xml.parse, p)
    assert res is not None
    assert len(res.entities) == 20


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_files_never_crash(small: bytes, tmp_path: Path, data: st.DataObject) -> None:
    blob = data.draw(damaged(small))
    p = tmp_path / "damaged.xml"
    p.write_bytes(blob)
    check(un_xml.parse, p)
