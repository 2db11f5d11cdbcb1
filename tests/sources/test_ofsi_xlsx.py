"""UK OFSI ConList XLSX parser, on the real 2025-04-10 file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from _robustness import damaged, write_and_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import Entity, EntityType, NameKind
from exportctl.sources import FORMATS, ofsi_xlsx, parser_module
from exportctl.sources._io import read_head
from exportctl.sources.base import ParseResult

REL = "lists/uk/ofsi_conlist_2025-04-10.xlsx"
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def xlsx(shared_data: Path) -> Path:
    return shared_data / REL


@pytest.fixture(scope="module")
def result(xlsx: Path) -> ParseResult:
    return ofsi_xlsx.parse([xlsx])


@pytest.fixture(scope="module")
def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.source_id: e for e in result.entities}


def test_counts_and_date(result: ParseResult) -> None:
    assert result.source == "gb_hmt"
    assert len(result.entities) == 4686  # distinct Group IDs over 18,796 name rows
    assert result.records_seen == 4686
    assert result.skipped == []
    assert str(result.published) == "2025-04-10"
    types = {t: sum(1 for e in result.entities if e.type is t) for t in EntityType}
    assert types[EntityType.VESSEL] == 15
    assert types[EntityType.PERSON] + types[EntityType.ORGANIZATION] == 4671
    assert all(sum(n.kind is NameKind.PRIMARY for n in e.names) == 1 for e in result.entities)
    refs = [e for e in result.entities if "uk_sanctions_list_ref" in e.properties]
    assert len(refs) == 4685  # one group's Other Information has no (UK Sanctions List Ref)


def test_person_names_and_original_script(by_id: dict[str, Entity]) -> None:
    e = by_id["14253"]
    assert e.type is EntityType.PERSON
    assert e.caption == "Leonid Ivanovich BABASHOV"  # Name 1, Name 2, then Name 6 (surname)
    orig = [n for n in e.names if n.kind is NameKind.ORIGINAL_SCRIPT]
    # "Non-Latin Script Language" is empty here: the script is detected, no language guessed.
    assert [(n.full, n.script, n.lang) for n in orig] == [("Бабашов Леонид Иванович", "Cyrl", None)]
    assert e.birth_dates[0].iso() == "1966-01-31"
    assert e.nationalities == ["RU"]
    assert e.programs == ["Russia"]
    assert e.properties["uk_sanctions_list_ref"] == ["RUS0308"]
    assert e.gender == "male"
    assert str(e.listed_on) == "2022-03-11"


def test_original_script_language(by_id: dict[str, Entity]) -> None:
    orig = [(n.full, n.script, n.lang) for n in by_id["15713"].names if n.kind == "original_script"]
    assert orig == [("سالار آبنوش", "Arab", "fa"), ("سالار ولایتمدار", "Arab", "fa")]
    zh = [n for n in by_id["16643"].names if n.kind is NameKind.ORIGINAL_SCRIPT]
    assert [(n.full, n.lang) for n in zh] == [("道通机器人有限公司", "zh")]


def test_low_quality_aliases_and_year_dobs(by_id: dict[str, Entity]) -> None:
    e = by_id["10674"]
    kinds = {n.full: n.kind for n in e.names}
    assert kinds["BIGARUKA"] is NameKind.WEAK_ALIAS  # AKA, Alias Quality "Low quality"
    assert kinds["Jules Mateso MLAMBA"] is NameKind.ALIAS
    assert {(d.iso(), d.precision) for d in e.birth_dates} == {
        ("1966-01-01", "day"),
        ("1967", "year"),  # 00/00/1967
        ("1966-08-28", "day"),
    }
    assert e.properties["un_ref"] == ["CDi.026"]


def test_rows_repeated_per_dob_are_merged(by_id: dict[str, Entity]) -> None:
    # Group 15672 has five rows: one primary name and four variations, no duplicates kept.
    e = by_id["15672"]
    assert e.caption == "Mian Abdul HAQ"
    assert len(e.names) == len({n.full for n in e.names}) == 5


def test_vessel_and_identifiers(by_id: dict[str, Entity], result: ParseResult) -> None:
    ship = by_id["13651"]
    assert ship.type is EntityType.VESSEL
    assert ship.caption == "SAM JONG 2"
    assert ("imo", "7408873") in {(i.kind, i.value) for i in ship.identifiers}
    assert "KP" in ship.countries
    passports = [i for e in result.entities for i in e.identifiers if i.kind == "passport"]
    assert len(passports) > 500
    assert not any(i.value.startswith("(") for i in passports)  # "(1) X (2) Y" split apart


def test_former_names(result: ParseResult) -> None:
    assert sum(n.kind is NameKind.FORMER for e in result.entities for n in e.names) >= 10


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("31/01/1966", "1966-01-31", "day"),
        ("00/00/1970", "1970", "year"),
        ("00/05/1970", "1970-05", "month"),
        ("09/1962", "1962-09", "month"),
        ("1951", "1951", "year"),
    ],
)
def test_parse_dob(text: str, iso: str, precision: str) -> None:
    d = ofsi_xlsx.parse_dob(text)
    assert (d.iso(), d.precision, d.text) == (iso, precision, text)


def test_split_numbered() -> None:
    assert ofsi_xlsx.split_numbered("(1) Germany. (2) Morocco") == ["Germany", "Morocco"]
    assert ofsi_xlsx.split_numbered("(1) 20645897 (2) -") == ["20645897"]
    assert ofsi_xlsx.split_numbered("S335026") == ["S335026"]


def _sniffers(path: Path) -> list[str]:
    """Every available parser that claims the file (parsers still being written are skipped)."""
    out = []
    for fmt in FORMATS:
        try:
            mod = parser_module(fmt)
        except ImportError:
            continue
        if mod.sniff(path, read_head(path)):
            out.append(fmt)
    return out


def test_sniff_own_and_others(shared_data: Path, xlsx: Path) -> None:
    assert ofsi_xlsx.sniff(xlsx, read_head(xlsx))
    assert _sniffers(xlsx) == ["ofsi_xlsx"]  # no other parser claims it
    others = [p for p in (shared_data / "lists").rglob("*") if p.is_file() and p != xlsx]
    assert len(others) > 20
    for p in others:
        assert not ofsi_xlsx.sniff(p, read_head(p)), p


# --- damaged input: a clear SourceError or entities + issues, never anything else ------------


def _check(path: Path, data: bytes) -> None:
    write_and_check(ofsi_xlsx.parse, path, data)


class Small:
    """Holds the cut-down workbook; a plain object so hypothesis does not print its bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Small({len(self.data)} bytes)"


@pytest.fixture(scope="module")
def small(xlsx: Path) -> Small:
    """A small workbook cut from the real sheet (date row, header, first 80 name rows)."""
    import openpyxl

    from exportctl.sources._xlsx import iter_rows

    wb = openpyxl.Workbook()
    ws = wb.active
    for row_no, cells in iter_rows(xlsx):
        if row_no > 82:
            break
        width = max(cells, default=0) + 1
        ws.append([cells.get(i) for i in range(width)])
    buf = io.BytesIO()
    wb.save(buf)
    return Small(buf.getvalue())


def test_small_workbook_parses(tmp_path: Path, small: Small) -> None:
    p = tmp_path / "small.xlsx"
    p.write_bytes(small.data)
    res = ofsi_xlsx.parse([p])
    assert 5 < len(res.entities) < 80
    assert ofsi_xlsx.sniff(p, read_head(p))


@FUZZ
@given(data=st.data())
def test_damaged_file(tmp_path: Path, small: Small, data: st.DataObject) -> None:
    """Truncated, byte-flipped, spliced, cut or noise versions of a real file."""
    _check(tmp_path / "damaged.xlsx", data.draw(damaged(small.data)))


@FUZZ
@given(data=st.data())
def test_garbled_cells(tmp_path: Path, small: Small, data: st.DataObject) -> None:
    """Random values written into random cells of real rows (dates, types, group ids …)."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(small.data))
    ws = wb.active
    junk = st.one_of(
        st.none(),
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
        st.sampled_from(["00/00/0000", "x", "99"]),
    )
    for _ in range(data.draw(st.integers(1, 12))):
        r = data.draw(st.integers(1, 82))
        c = data.draw(st.integers(1, 36))
        value = data.draw(junk)
        ws.cell(r, c).value = value
    buf = io.BytesIO()
    wb.save(buf)
    _check(tmp_path / "garbled.xlsx", buf.getvalue())


def test_real_file_truncated(tmp_path: Path, xlsx: Path) -> None:
    raw = xlsx.read_bytes()
    p = tmp_path / "real-cut.xlsx"
    p.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(SourceError, match=r"real-cut\.xlsx"):
        ofsi_xlsx.parse([p])


def test_not_a_zip(tmp_path: Path) -> None:
    p = tmp_path / "plain.xlsx"
    p.write_text("Name 6,Group ID\n")
    with pytest.raises(SourceError, match=r"plain\.xlsx.*unreadable XLSX"):
        ofsi_xlsx.parse([p])


def test_other_workbook_rejected(tmp_path: Path, shared_data: Path) -> None:
    dfat = shared_data / "lists/au/dfat_regulation8_consolidated_2024-11-11.xlsx"
    with pytest.raises(SourceError, match="not an OFSI ConList header"):
        ofsi_xlsx.parse([dfat])


def test_zip_without_sheet(tmp_path: Path) -> None:
    p = tmp_path / "empty.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(SourceError, match=r"empty\.xlsx"):
        ofsi_xlsx.parse([p])


def test_un_references_join_the_un_entries(result: ParseResult, shared_data: Path) -> None:
    """Every OFSI "UN Ref" is read in the UN's own form and joins its UN entry at screening.

    Four are published in another spelling ("QDE.145", "CDi. 038"); read as printed, they
    named no UN entry (862 of 866 did)."""
    from exportctl.screening import Query, ScreeningIndex, screen
    from exportctl.screening.legal import un_reference_of
    from exportctl.sources import un_xml

    un = un_xml.parse([shared_data / "lists/un/un_consolidated_2024-11-30.xml.gz"]).entities
    un_ids = {e.source_id for e in un}
    linked = [e for e in result.entities if un_reference_of(e)]
    assert len(linked) == 866
    assert all(un_reference_of(e) in un_ids for e in linked)
    refs = {e.source_id: un_reference_of(e) for e in linked}
    assert (refs["13169"], refs["16180"], refs["16181"]) == ("QDe.145", "CDi.038", "CDi.037")
    assert not [i for i in result.issues if "UN Ref" in i.reason]
    index = ScreeningIndex([*un, *linked])
    for name, ofsi_id, un_id in (
        ("ALI KONY", "13378", "CFi.010"),
        ("Ansar al Charia Derna", "13169", "QDe.145"),
        ("Bernard Maheshe Byamungu", "16180", "CDi.038"),
    ):
        hits = [m for m in screen(Query(name), index) if m.score == 1.0]
        assert len(hits) == 1, name  # one party, not an OFSI hit and a UN hit
        bases = {(b["source"], b["source_id"]) for b in hits[0].legal_bases}
        assert bases == {("gb_hmt", ofsi_id), ("un_sc", un_id)}, name


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("QDi.028", "QDi.028"),
        ("QDE.145", "QDe.145"),
        ("CDi. 038", "CDi.038"),
        ("kpe.18 (see resolution 1718)", "KPe.018"),
        ("CDi", None),
        ("RUS0308", None),
        ("", None),
    ],
)
def test_un_reference_forms(text: str, ref: str | None) -> None:
    from exportctl.sources._util import un_reference

    assert un_reference(text) == ref
