"""BIS Denied Persons List TSV parser, on the real 2022-09 file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from _robustness import check, damaged
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import EntityType
from exportctl.sources import bis_dpl
from exportctl.sources.base import ParseResult

DPL = "lists/us/bis/dpl_2022-09.txt"


@pytest.fixture(scope="module")
def res(shared_data: Path) -> ParseResult:
    return bis_dpl.parse([shared_data / DPL])


def test_counts_and_date(res: ParseResult) -> None:
    assert (len(res.entities), res.records_seen, res.skipped) == (581, 581, [])
    assert res.published == date(2022, 9, 2)  # latest Last_Update that is not in the future
    assert len({e.source_id for e in res.entities}) == 581


def test_absurd_dates_kept_and_flagged(res: ParseResult) -> None:
    future = [i for i in res.issues if "in the future" in i.reason]
    assert {i.reason.split()[1] for i in future} == {"2922-09-01", "3017-08-22"}
    assert all(i.severity == "warning" for i in future)
    mansour = [e for e in res.entities if e.properties.get("last_update") == ["3017-08-22"]]
    assert mansour
    assert "MANSOUR" in mansour[0].caption


def test_fields(res: ParseResult) -> None:
    ash = res.entities[0]
    assert ash.caption == "I. ASH"  # leading space stripped
    assert ash.listed_on == date(2003, 6, 19)
    assert ash.properties["expiration_date"] == ["2056-06-29"]
    assert ash.addresses[0].country == "US"
    assert "SEAGOVILLE" in ash.addresses[0].full
    assert ash.source_id == bis_dpl.dpl_id(
        " I. ASH",
        "UPON THE DATE OF THE ORDER INCARCERATED AT USM NO: 26265-177, FCI SEAGOVILLE, "
        "2113 NORTH HIGHWAY 175",
        "SEAGOVILLE",
        "TX",
        "US",
        "75159",
    )
    air = [e for e in res.entities if e.caption == "AIR FREIGHT LTD"]
    assert len(air) == 4
    assert all(e.type is EntityType.ORGANIZATION for e in air)
    assert {e.addresses[0].country for e in air} == {"IQ", "AE", "JO"}


def test_sniff_and_bad_header(shared_data: Path, tmp_path: Path) -> None:
    p = shared_data / DPL
    assert bis_dpl.sniff(p, p.read_bytes()[:8192])
    bad = tmp_path / "x.txt"
    bad.write_text("a\tb\n", encoding="utf-8")
    assert not bis_dpl.sniff(bad, bad.read_bytes())
    with pytest.raises(SourceError, match=r"x\.txt: line 1"):
        bis_dpl.parse([bad])


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> bytes:
    return b"\n".join((shared_data / DPL).read_bytes().split(b"\n")[:120])


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_files(sample: bytes, tmp_path: Path, data: st.DataObject) -> None:
    blob = data.draw(damaged(sample))
    p = tmp_path / "dpl.txt"
    p.write_bytes(blob)
    res = check(bis_dpl.parse, p)
    if res is not None:
        lines = blob.decode("latin-1").split("\n")[1:]
        assert res.records_seen == sum(1 for ln in lines if ln.rstrip("\r").strip())
