"""OFAC classic CSV parser: lone sdn.csv, the 4-file SDN set and the consolidated non-SDN set."""

from __future__ import annotations

from pathlib import Path

import pytest
from _robustness import check, damaged
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import Entity, EntityType, FuzzyDate, NameKind
from exportctl.sources import ofac_csv
from exportctl.sources.base import ParseResult

SDN = "lists/us/ofac/sdn_2024-05-03.csv"
SET = "lists/us/ofac/classic_2021-07-07"
CONS = "lists/us/ofac/consolidated_nonsdn_2025-12"


@pytest.fixture(scope="module")
def sdn(shared_data: Path) -> ParseResult:
    return ofac_csv.parse([shared_data / SDN])


@pytest.fixture(scope="module")
def four(shared_data: Path) -> ParseResult:
    return ofac_csv.parse(sorted((shared_data / SET).glob("*.csv")))


@pytest.fixture(scope="module")
def cons(shared_data: Path) -> ParseResult:
    return ofac_csv.parse(sorted((shared_data / CONS).glob("*.csv")))


def _ids(res: ParseResult) -> dict[str, Entity]:
    return {e.source_id: e for e in res.entities}


def test_lone_sdn_counts(sdn: ParseResult) -> None:
    # SOURCES.md's "malformed=1" is the trailing Ctrl-Z EOF line: tolerated, not a record.
    assert (len(sdn.entities), sdn.records_seen, len(sdn.issues)) == (14965, 14965, 0)
    types = {t: sum(1 for e in sdn.entities if e.type is t) for t in EntityType}
    assert types == {
        EntityType.ORGANIZATION: 6884,
        EntityType.PERSON: 6854,
        EntityType.VESSEL: 851,
        EntityType.AIRCRAFT: 376,
    }
    assert sdn.source == "us_ofac_sdn"
    assert max(int(e.source_id) for e in sdn.entities) == 48907


def test_lone_sdn_remarks_spot_checks(sdn: ParseResult) -> None:
    by = _ids(sdn)
    bnc = by["306"]
    assert bnc.caption == "BANCO NACIONAL DE CUBA"
    assert bnc.programs == ["CUBA"]
    assert [(n.full, n.kind) for n in bnc.names[1:]] == [("BNC", NameKind.ALIAS)]
    robow = by["11313"]
    assert robow.type is EntityType.PERSON
    assert FuzzyDate.year(1969) in robow.birth_dates
    assert any(d.iso() == "1969-10-10" for d in robow.birth_dates)
    assert robow.birth_places[:2] == ["Xudur, Somalia", "Keren, Eritrea"]
    assert robow.nationalities == ["ER"]
    pp = [i for i in robow.identifiers if i.kind == "passport"]
    assert pp[0].value == "0310857"
    assert pp[0].country == "ER"
    assert pp[0].note
    assert "issued 21 Aug 2006" in pp[0].note
    assert any(i.kind == "national_id" and i.country == "KE" for i in robow.identifiers)
    assert {"ABU MANSUR", "ABU MANSOUR"} <= {n.full for n in robow.names}
    ebano = by["4243"]
    assert ebano.type is EntityType.VESSEL
    assert ("imo", "7406784") in {(i.kind, i.value) for i in ebano.identifiers}
    assert {n.full for n in ebano.names if n.kind is NameKind.FORMER} == {"ANA I", "SAND SWAN"}
    assert "PA" in ebano.countries
    assert ebano.properties["vessel_type"] == ["General Cargo"]
    tug = by["4238"]
    assert ("call_sign", "CL2192", "CU") in {(i.kind, i.value, i.country) for i in tug.identifiers}


def test_programs_split(four: ParseResult) -> None:
    li = _ids(four)["28264"]
    assert li.programs == ["DPRK3", "CYBER2"]
    assert li.gender == "male"
    assert li.birth_dates[0].iso() == "1987-01-10"


def test_four_file_set(four: ParseResult) -> None:
    assert (len(four.entities), four.records_seen, four.skipped) == (8976, 8976, [])
    assert len(four.files) == 4
    by = _ids(four)
    cuba = by["306"]
    assert "NATIONAL BANK OF CUBA" in {n.full for n in cuba.names}
    assert any(a.country == "CH" and "Zurich" in a.full for a in cuba.addresses)
    # sdn_comments continues the cut Remarks: the alias split across files is whole again
    lazarus = by["28264"]
    assert lazarus.remarks
    assert "Identification Number 210302198701102136" in lazarus.remarks
    assert {"blackjack1987", "khaleesi"} <= {n.full for n in lazarus.names}
    fka = sum(1 for e in four.entities for n in e.names if n.kind is NameKind.FORMER)
    assert fka >= 369


def test_consolidated_set(cons: ParseResult) -> None:
    assert cons.source == "us_ofac_cons"
    assert (len(cons.entities), cons.records_seen, cons.skipped) == (442, 442, [])
    h = _ids(cons)["9639"]
    assert h.caption == "HANIYA, Ismail Abdul Salah"
    assert h.programs == ["NS-PLC"]
    assert h.birth_dates == [
        FuzzyDate(h.birth_dates[0].earliest, h.birth_dates[0].latest, "year", "1962")
    ]
    assert h.birth_places == ["Shati"]
    assert {"HANIYA, Ismail", "HANIYYA, Ismaeel"} <= {n.full for n in h.names}


def test_group_and_source_override(shared_data: Path) -> None:
    files = [
        *sorted((shared_data / SET).glob("*.csv")),
        *sorted((shared_data / CONS).glob("*.csv")),
        shared_data / SDN,
    ]
    groups = ofac_csv.group(files)
    sizes = sorted(len(g) for g in groups)
    assert sizes == [1, 4, 4]
    assert {ofac_csv.role_of(p) for p in groups[0]} <= {"primary", "address", "alt", "comments"}
    res = ofac_csv.parse([shared_data / CONS / "cons_prim.csv"], source="us_ofac_sdn")
    assert res.source == "us_ofac_sdn"
    assert res.entities[0].source == "us_ofac_sdn"


def test_malformed_row_is_reported_with_line(shared_data: Path, tmp_path: Path) -> None:
    lines = (shared_data / SDN).read_bytes().split(b"\r\n")
    lines[9] = b'999999,"BROKEN ROW","individual","SDGT",-0- '  # 5 fields, line 10
    lines[19] = b'999998,"UNCLOSED,"individual",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '
    p = tmp_path / "sdn.csv"
    p.write_bytes(b"\r\n".join(lines))
    res = ofac_csv.parse([p])
    assert len(res.entities) == 14963
    assert res.records_seen == 14965
    assert [(i.location, i.severity) for i in res.issues] == [
        ("line 10", "skipped"),
        ("line 20", "skipped"),
    ]
    assert "expected 12 fields, got 5" in res.issues[0].reason


def test_orphans_are_reported(shared_data: Path, tmp_path: Path) -> None:
    src = shared_data / CONS
    for name in ("cons_prim.csv", "cons_add.csv", "cons_comments.csv"):
        (tmp_path / name).write_bytes((src / name).read_bytes())
    alt = (src / "cons_alt.csv").read_bytes().replace(b"\x1a", b"")
    (tmp_path / "cons_alt.csv").write_bytes(alt + b'77777777,1,"aka","NOBODY",-0- \r\n\x1a')
    res = ofac_csv.parse(sorted(tmp_path.glob("*.csv")))
    assert len(res.entities) == 442
    assert [i.reason for i in res.issues] == ["alt name for unknown ent_num 77777777"]
    assert res.issues[0].location == "line 1074"


def test_set_without_primary_raises(shared_data: Path) -> None:
    with pytest.raises(SourceError, match="no primary"):
        ofac_csv.parse([shared_data / SET / "alt.csv"])


def test_sniff_roles(shared_data: Path) -> None:
    roles = {p.name: ofac_csv.role_of(p) for p in (shared_data / SET).glob("*.csv")}
    assert roles == {
        "sdn.csv": "primary",
        "add.csv": "address",
        "alt.csv": "alt",
        "sdn_comments.csv": "comments",
    }


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> bytes:
    """The first 300 records of the real sdn.csv plus its Ctrl-Z line."""
    lines = (shared_data / SDN).read_bytes().split(b"\r\n")
    return b"\r\n".join([*lines[:300], b"\x1a"])


def _records_in(blob: bytes) -> int:
    text = blob.decode("latin-1")
    return sum(1 for ln in text.split("\n") if ln.rstrip("\r").strip() and ln.strip() != "\x1a")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_files_account_for_every_line(
    sample: bytes, tmp_path: Path, data: st.DataObject
) -> None:
    blob = data.draw(damaged(sample))
    p = tmp_path / "sdn.csv"
    p.write_bytes(blob)
    try:
        role = ofac_csv.role_of(p)
    except SourceError:
        return  # first line no longer an OFAC row: refused, one clear line
    if role != "primary":
        return
    res = check(ofac_csv.parse, p)
    if res is not None:
        # every physical line is an entity or a skipped issue: nothing vanishes
        assert res.records_seen == _records_in(blob)
