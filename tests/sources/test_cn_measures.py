"""China's measures with dated events: OpenSanctions CSV (tests only) and YAML transcriptions."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from _robustness import check, damaged, write_and_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import EntityType, NameKind
from exportctl.screening import BindingProfile, Query, ScreeningIndex, screen
from exportctl.screening.legal import events_of, status_at
from exportctl.sources import FORMATS, cn_measures, detect_format, parser_module
from exportctl.sources._io import read_head
from exportctl.sources.base import ParseResult

CSV = "lists/opensanctions/cn_sanctions.csv"
YAML = Path(__file__).parent / "data" / "cn_measures_sample.yaml"
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def os_csv(shared_data: Path) -> ParseResult:
    return cn_measures.parse([shared_data / CSV])


def test_opensanctions_csv(os_csv: ParseResult, shared_data: Path) -> None:
    assert detect_format(shared_data / CSV) == "cn_measures"
    subs = Counter(e.properties["sublist"][0] for e in os_csv.entities)
    # SOURCES.md: UEL 66, List of Export Controls 153, Export Control Watch List 40 rows.
    assert (subs["UEL"], subs["ECL"], subs["WATCH"]) == (66, 153, 40)
    assert sum(subs.values()) == len(os_csv.entities) == os_csv.records_seen
    assert not os_csv.skipped
    # The one row with neither body nor list is kept, with a warning saying where it was filed.
    assert any("unknown list ''/''" in i.reason for i in os_csv.issues)


def test_csv_rows_of_one_party_are_one_entity_with_events(os_csv: ParseResult) -> None:
    by = {e.source_id: e for e in os_csv.entities}
    rubio = by["MFA_CM:marco-rubio"]
    assert rubio.type is EntityType.PERSON
    assert [e.split("|")[:2] for e in rubio.properties["events"]] == [
        ["2020-07-13", "designated"],
        ["2020-08-10", "designated"],
    ]
    assert any(n.kind is NameKind.ORIGINAL_SCRIPT and n.lang == "zh" for n in rubio.names)
    bank = by["MOFCOM_CM:uab-urbo-bankas"]
    assert [e.split("|")[:2] for e in bank.properties["events"]] == [
        ["2025-08-13", "designated"],
        ["2026-04-24", "removed"],
    ]
    events = events_of(bank)
    assert status_at(events, date(2025, 12, 1))[0] is True
    assert status_at(events, date(2026, 5, 1))[0] is False
    assert status_at(events, date(2025, 1, 1)) == (
        False,
        "not yet designated on 2025-01-01 (designated 2025-08-13)",
    )


def test_yaml_transcription_events() -> None:
    res = cn_measures.parse([YAML])
    assert detect_format(YAML) == "cn_measures"
    assert res.published == date(2025, 11, 10)
    assert res.issues == []
    by = {e.source_id: e for e in res.entities}
    assert set(by) == {
        "UEL:example-aerospace-systems-inc",
        "UEL:northwind-defense-llc",
        "ECL:example-aerospace-systems-inc",
        "MFA_CM:jane-q-example",
    }
    uel = by["UEL:example-aerospace-systems-inc"]
    assert [e.split("|")[1:3] for e in uel.properties["events"]] == [
        ["designated", "UEL Working Mechanism Announcement 2025 No. 1"],
        ["suspended", "UEL Working Mechanism Announcement 2025 No. 7"],
        ["resumed", "UEL Working Mechanism Announcement 2026 No. 2"],
    ]
    assert uel.listed_on == date(2025, 1, 2)
    assert [n.full for n in uel.names] == ["Example Aerospace Systems Inc.", "示例航天系统公司"]
    assert by["UEL:northwind-defense-llc"].names[1].full == "Northwind Defence"
    jane = by["MFA_CM:jane-q-example"]
    assert jane.type is EntityType.PERSON
    assert jane.nationalities == ["US"]


def test_as_of_gives_the_state_then() -> None:
    res = cn_measures.parse([YAML])
    index = ScreeningIndex(res.entities)
    q = Query("Example Aerospace Systems")
    states = {}
    for day in ("2024-12-01", "2025-06-01", "2026-01-01", "2027-01-01"):
        ms = screen(q, index, sources=["cn_measures:UEL"], as_of=date.fromisoformat(day))
        assert len(ms) == 1  # never dropped: the state is reported
        states[day] = (ms[0].in_force, ms[0].listing_status)
    assert states["2024-12-01"][0] is False
    assert states["2025-06-01"] == (
        True,
        "in force on 2025-06-01: designated 2025-01-02 "
        "(UEL Working Mechanism Announcement 2025 No. 1)",
    )
    assert states["2026-01-01"][0] is False
    assert "suspended 2025-11-10" in (states["2026-01-01"][1] or "")
    assert states["2027-01-01"][0] is True
    # A measure not in force does not bind even a user bound by Chinese law.
    (m,) = screen(
        q,
        index,
        sources=["cn_measures:UEL"],
        as_of=date(2026, 1, 1),
        profile=BindingProfile.parse(["CN"]),
    )
    assert m.binding is False
    assert "suspended" in (m.binding_reason or "")
    (e,) = screen(q, index, sources=["cn_measures:ECL"], profile=BindingProfile.parse(["CN"]))
    assert e.binding is True
    assert e.to_dict()["sublist"] == "ECL"


def test_bad_announcements_are_reported(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text(
        "format: exportctl-cn-measures/1\nannouncements:\n"
        "  - {number: A1, list: XYZ, date: 2025-01-01, parties: [{name: A}, {name: B}]}\n"
        "  - {number: A2, list: UEL, date: 2025-01-01, parties: [{name: C}, {aliases: [x]}]}\n"
        "  - {number: A3, list: UEL, date: 2025-02-01, action: remove, parties: [{name: D}]}\n"
        "  - just text\n",
        encoding="utf-8",
    )
    res = check(cn_measures.parse, p)
    assert res is not None
    assert [e.source_id for e in res.entities] == ["UEL:c", "UEL:d"]
    reasons = [i.reason for i in res.skipped]
    assert (
        reasons.count("unknown list 'XYZ' (known: UEL, ECL, WATCH, MOFCOM_CM, MFA_CM, AFSL, TAO)")
        == 2
    )
    assert "party has no name" in reasons
    assert "announcement is not a mapping" in reasons
    warn = [i.reason for i in res.issues if i.severity == "warning"]
    assert any("removed before any designation of UEL:d" in w for w in warn)
    q = tmp_path / "nofmt.yaml"
    q.write_text("announcements: []\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"nofmt\.yaml: not a transcription file"):
        cn_measures.parse([q])


def test_sniff(shared_data: Path) -> None:
    for p in (shared_data / CSV, YAML):
        assert [f for f in FORMATS if parser_module(f).sniff(p, read_head(p))] == ["cn_measures"]
    for other in (shared_data / "lists").rglob("*"):
        if other.is_file() and other.name != "cn_sanctions.csv":
            assert not cn_measures.sniff(other, read_head(other)), other


@FUZZ
@given(data=st.data())
def test_damaged_yaml(tmp_path: Path, data: st.DataObject) -> None:
    write_and_check(
        cn_measures.parse, tmp_path / "damaged.yaml", data.draw(damaged(YAML.read_bytes()))
    )


@FUZZ
@given(data=st.data())
def test_damaged_csv(tmp_path: Path, shared_data: Path, data: st.DataObject) -> None:
    head = (shared_data / CSV).read_bytes()[:12000]
    write_and_check(cn_measures.parse, tmp_path / "damaged.csv", data.draw(damaged(head)))
