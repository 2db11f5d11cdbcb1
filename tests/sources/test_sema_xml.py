"""Canada SEMA XML parser, on the real April 2020 file."""

from __future__ import annotations

from pathlib import Path

import pytest
from _robustness import damaged, write_and_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import Entity, EntityType, NameKind
from exportctl.sources import FORMATS, parser_module, sema_xml
from exportctl.sources._io import read_head
from exportctl.sources.base import ParseResult

REL = "lists/ca/sema-lmes_2020-04.xml"
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


class Raw:
    """The file's bytes; a plain object so hypothesis does not print them."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Raw({len(self.data)} bytes)"


@pytest.fixture(scope="module")
def xml(shared_data: Path) -> Path:
    return shared_data / REL


@pytest.fixture(scope="module")
def raw(xml: Path) -> Raw:
    return Raw(xml.read_bytes())


@pytest.fixture(scope="module")
def result(xml: Path) -> ParseResult:
    return sema_xml.parse([xml])


@pytest.fixture(scope="module")
def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.source_id: e for e in result.entities}


def test_counts(result: ParseResult) -> None:
    assert result.source == "ca_sema"
    assert len(result.entities) == result.records_seen == 1369
    assert result.issues == []  # keys are unique on this file: no duplicate-key warnings
    assert len({e.source_id for e in result.entities}) == 1369
    assert sum(e.type is EntityType.PERSON for e in result.entities) == 985
    assert sum(e.type is EntityType.ORGANIZATION for e in result.entities) == 384
    assert result.published is None  # the file carries no date of its own


def test_organisation_with_aliases(by_id: dict[str, Entity]) -> None:
    e = by_id["mm-1-1"]
    assert e.caption == "Air Bagan"
    assert [n.full for n in e.names if n.kind is NameKind.ALIAS] == [
        "Air Bagan Holdings Pte. Ltd.",
        "Air Bagan Limited",
    ]
    assert e.countries == ["MM"]
    assert e.programs == ["Burma"]  # English half of "Burma / Birmanie"


def test_person_name_order_and_dob(by_id: dict[str, Entity]) -> None:
    e = by_id["zw-na-181"]
    assert e.caption == "Beauty Lily Zhuwao"  # GivenName LastName; trailing NBSP removed
    assert [(d.iso(), d.precision) for d in e.birth_dates] == [("1965-01-10", "day")]
    two = by_id["jvcfor-1-54"]
    assert [d.iso() for d in two.birth_dates] == ["1972-08-10", "1972-08-11"]  # "A or B"
    assert two.programs[0].startswith("Justice for Victims of Corrupt Foreign Officials")
    assert two.countries == []


def test_split_aliases_keeps_legal_forms() -> None:
    assert sema_xml.split_aliases("Htoo Trading Co., Ltd., Htoo Wood") == [
        "Htoo Trading Co., Ltd.",
        "Htoo Wood",
    ]
    assert sema_xml.split_aliases("Shvabe Holding, JSC") == ["Shvabe Holding, JSC"]
    assert sema_xml.split_aliases(None) == []


def test_record_key() -> None:
    assert sema_xml.record_key("Russia / Russie", "1, Part 2", "7") == "ru-1p2-7"
    assert sema_xml.record_key("Zimbabwe", "N/A", "3") == "zw-na-3"


def test_duplicate_keys_reported(tmp_path: Path) -> None:
    p = tmp_path / "dup.xml"
    rec = (
        "<record><Country>Iran</Country><Entity>X</Entity>"
        "<Schedule>1</Schedule><Item>1</Item></record>"
    )
    p.write_text(f"<data-set>{rec}{rec}<record><Country>Iran</Country></record></data-set>")
    res = sema_xml.parse([p])
    assert [e.source_id for e in res.entities] == ["ir-1-1", "ir-1-1~2"]
    assert res.records_seen == 3
    assert [i.severity for i in res.issues] == ["warning", "warning", "skipped"]
    assert "duplicate key ir-1-1" in res.issues[0].reason


def test_sniff(shared_data: Path, xml: Path) -> None:
    found = []
    for fmt in FORMATS:
        try:
            mod = parser_module(fmt)
        except ImportError:  # a parser still being written
            continue
        if mod.sniff(xml, read_head(xml)):
            found.append(fmt)
    assert found == ["sema_xml"]
    for p in (shared_data / "lists").rglob("*"):
        if p.is_file() and p != xml:
            assert not sema_xml.sniff(p, read_head(p)), p


def _check(path: Path, data: bytes) -> None:
    write_and_check(sema_xml.parse, path, data)


@FUZZ
@given(data=st.data())
def test_damaged_file(tmp_path: Path, raw: Raw, data: st.DataObject) -> None:
    """Truncated, byte-flipped, spliced, cut or noise versions of a real file."""
    _check(tmp_path / "damaged.xml", data.draw(damaged(raw.data)))


@FUZZ
@given(data=st.data())
def test_garbled_records(tmp_path: Path, raw: Raw, data: st.DataObject) -> None:
    """Field values of random records replaced by junk (empty, odd dates, markup-free text)."""
    from xml.sax.saxutils import escape

    text = raw.data.decode("utf-8")
    chunks = text.split("<record>")
    junk = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=15)
    for _ in range(data.draw(st.integers(1, 10))):
        i = data.draw(st.integers(1, len(chunks) - 1))
        tag = data.draw(st.sampled_from(["Entity", "LastName", "DateOfBirth", "Item", "Aliases"]))
        start, end = chunks[i].find(f"<{tag}>"), chunks[i].find(f"</{tag}>")
        if start >= 0 and end > start:
            value = escape(data.draw(junk))
            chunks[i] = chunks[i][: start + len(tag) + 2] + value + chunks[i][end:]
    _check(tmp_path / "garbled.xml", "<record>".join(chunks).encode("utf-8"))


def test_wrong_root(tmp_path: Path) -> None:
    p = tmp_path / "other.xml"
    p.write_text("<CONSOLIDATED_LIST/>")
    with pytest.raises(SourceError, match=r"other\.xml: line 1: root element"):
        sema_xml.parse([p])
