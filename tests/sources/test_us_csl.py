"""trade.gov Consolidated Screening List CSV parser, both layouts."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from _robustness import check, damaged
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import EntityType, NameKind
from exportctl.sources import us_csl
from exportctl.sources.base import ParseResult

OLD = "lists/us/csl/csl_sample_2019.csv"
NEW = "lists/us/csl/csl_sample_2025.csv"


@pytest.fixture(scope="module")
def old(shared_data: Path) -> ParseResult:
    return us_csl.parse([shared_data / OLD])


@pytest.fixture(scope="module")
def new(shared_data: Path) -> ParseResult:
    return us_csl.parse([shared_data / NEW])


def test_counts(old: ParseResult, new: ParseResult) -> None:
    assert (len(old.entities), old.records_seen, old.skipped) == (115, 115, [])
    assert (len(new.entities), new.records_seen, new.skipped) == (13, 13, [])
    subs = Counter(e.properties["csl_source"][0] for e in old.entities)
    assert subs["EL"] == 22
    assert subs["DPL"] == 8
    assert subs["UVL"] == 4
    assert subs["ISN"] == 3
    assert len(Counter(e.properties["csl_source"][0] for e in new.entities)) == 10
    for res in (old, new):
        assert len({e.source_id for e in res.entities}) == len(res.entities)
        assert all(e.programs[0] == e.properties["csl_source"][0] for e in res.entities)


def test_old_layout_fields(old: ParseResult) -> None:
    by = {e.source_id: e for e in old.entities}
    psa = by["20264"]
    assert psa.caption == "200G PSA HOLDINGS LLC"
    assert psa.programs == ["SDN", "SDNTK"]
    assert [(i.kind, i.value, i.country) for i in psa.identifiers] == [("tax", "80-0890696", "US")]
    assert psa.addresses[0].country == "US"
    canada = by["8124"]
    assert [n.full for n in canada.names if n.kind is NameKind.ALIAS] == [
        "CARIBE SOL",
        "HAVANTUR CANADA INC.",
    ]
    adrian = next(e for e in old.entities if e.caption == "ADRIAN MANUEL HERNANDEZ")
    assert adrian.source_id.startswith("csl-")
    assert adrian.listed_on == date(2017, 10, 16)
    assert adrian.properties["end_date"] == ["2020-10-13"]


def test_new_layout_fields(new: ParseResult) -> None:
    by = {e.source_id: e for e in new.entities}
    rim = by["52291"]
    assert rim.caption == "RIM, Ryong Nam"
    assert rim.type is EntityType.PERSON
    assert rim.birth_dates[0].iso() == "1978-12-05"
    assert rim.nationalities == ["KP"]
    assert ("passport", "836238033", "KP") in {
        (i.kind, i.value, i.country) for i in rim.identifiers
    }
    assert rim.gender == "male"
    assert {a.country for a in rim.addresses} == {"CN", "KP"}
    assert by["233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b"].programs == [
        "ISN",
        "INKSNA",
    ]
    plc = by["9673"]
    assert plc.birth_dates[0].iso() == "1955"
    assert plc.birth_places == ["Izna, Hebron"]


def test_sniff(shared_data: Path) -> None:
    for rel in (OLD, NEW):
        p = shared_data / rel
        assert us_csl.sniff(p, p.read_bytes()[:8192])


def test_not_csl_raises(tmp_path: Path) -> None:
    p = tmp_path / "other.csv"
    p.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"other\.csv: line 1"):
        us_csl.parse([p])


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_files(shared_data: Path, tmp_path: Path, data: st.DataObject) -> None:
    blob = data.draw(damaged((shared_data / NEW).read_bytes()))
    p = tmp_path / "csl.csv"
    p.write_bytes(blob)
    check(us_csl.parse, p)
