"""Australia DFAT consolidated list XLSX parser, on the real 2024-11-11 file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from _robustness import damaged, write_and_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.errors import SourceError
from exportctl.model import Entity, EntityType, NameKind
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.sources import FORMATS, dfat_xlsx, parser_module
from exportctl.sources._io import read_head
from exportctl.sources._util import language_label
from exportctl.sources.base import ParseResult

REL = "lists/au/dfat_regulation8_consolidated_2024-11-11.xlsx"
FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def xlsx(shared_data: Path) -> Path:
    return shared_data / REL


@pytest.fixture(scope="module")
def result(xlsx: Path) -> ParseResult:
    return dfat_xlsx.parse([xlsx])


@pytest.fixture(scope="module")
def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.source_id: e for e in result.entities}


def test_counts_and_date(result: ParseResult) -> None:
    assert result.source == "au_dfat"
    # 9,553 name rows grouped by the Reference number (2, 2a, 2b, 34c1 …) → 3,062 parties.
    assert len(result.entities) == 3062
    assert result.records_seen == 3062
    assert result.skipped == []
    assert str(result.published) == "2024-11-11"  # newest Control Date (Excel serial 45607)
    types = {t: sum(1 for e in result.entities if e.type is t) for t in EntityType}
    assert (types[EntityType.PERSON], types[EntityType.ORGANIZATION]) == (2316, 746)
    assert all(sum(n.kind is NameKind.PRIMARY for n in e.names) == 1 for e in result.entities)
    # Only a handful of birth-date texts resist parsing; each is reported, none lost.
    warnings = [i for i in result.issues if i.severity == "warning"]
    assert 0 < len(warnings) < 15
    assert all("birth date" in i.reason for i in warnings)


def test_primary_original_script_and_ranges(by_id: dict[str, Entity]) -> None:
    e = by_id["2"]
    assert e.caption == "MOHAMMAD HASSAN AKHUND"
    assert [(n.full, n.script) for n in e.names if n.kind is NameKind.ORIGINAL_SCRIPT] == [
        ("محمد حسن أخوند", "Arab")
    ]
    assert [(d.iso(), d.precision) for d in e.birth_dates] == [
        ("1955/1958", "range"),
        ("1945/1950", "range"),
    ]
    assert e.nationalities == ["AF"]
    assert e.programs == ["1988 (Taliban)"]
    assert str(e.listed_on) == "2001-01-25"


def test_language_label_of_an_original_script_name(by_id: dict[str, Entity]) -> None:
    # The list writes "ኤርሚኣስ ግርማይ (Tigrinya)": the label is the name's language, not a word
    # of the name, so the exact Ethiopic name must be listed without it.
    for ref, name in (("3580", "ኤርሚኣስ ግርማይ"), ("3581", "ፍትዊ ዓብዱረዛቕ")):
        (orig,) = [n for n in by_id[ref].names if n.kind is NameKind.ORIGINAL_SCRIPT]
        assert (orig.full, orig.script, orig.lang) == (name, "Ethi", "ti")
        (hit,) = screen(Query(name), ScreeningIndex([by_id[ref]]))
        assert (hit.score, hit.matched_name) == (1.0, name)
    # A Latin name's parenthesised part stays: it may be a place or another spelling.
    assert "Al-Haramain Foundation (Indonesia)" in [n.full for n in by_id["487"].names]
    assert "Lom-ali Butayev (Butaev)" in [n.full for n in by_id["1241"].names]


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("ኤርሚኣስ ግርማይ (Tigrinya)", ("ኤርሚኣስ ግርማይ", "ti")),
        ("محمد حسن (Arabic)", ("محمد حسن", "ar")),
        ("Иван Петров (russian)", ("Иван Петров", "ru")),
        ("محمد حسن (Hassan)", ("محمد حسن (Hassan)", None)),  # a name, not a language
        ("Al-Haramain Foundation (Indonesian)", ("Al-Haramain Foundation (Indonesian)", None)),
        ("(Arabic)", ("(Arabic)", None)),
    ],
)
def test_language_label(full: str, expected: tuple[str, str | None]) -> None:
    assert language_label(full) == expected


def test_excel_serial_dob_and_aliases(by_id: dict[str, Entity]) -> None:
    e = by_id["7789"]
    assert e.caption == "Musa Muhammad Salim DUDIN"
    assert {"Mousa Doudin", "Musa Dudin"} <= {n.full for n in e.names if n.kind is NameKind.ALIAS}
    assert [d.iso() for d in e.birth_dates] == ["1972-06-12"]  # serial 26462
    assert e.nationalities == ["PS"]
    assert e.properties["control_date"] == ["2023-11-18"]


def test_lettered_dobs_and_former_names(by_id: dict[str, Entity]) -> None:
    assert [d.iso() for d in by_id["6270"].birth_dates] == ["1994-10-28", "1990-05-24"]
    former = {n.full for n in by_id["2943"].names if n.kind is NameKind.FORMER}
    assert "ADF/NALU" in former
    assert by_id["1131"].type is EntityType.ORGANIZATION
    assert len(by_id["1131"].names) == 22


@pytest.mark.parametrize(
    ("text", "isos"),
    [
        ("a) Approximately 1955- 1958 b) Approximately 1945-1950", ["1955/1958", "1945/1950"]),
        ("26462", ["1972-06-12"]),
        ("12 Jan. 1970", ["1970-01-12"]),
        ("Between 1945 and 1950", ["1945/1950"]),
        ("a) 1960; b) 1962", ["1960", "1962"]),
        ("circa 1958", ["1958"]),
        ("March 16, 1972", ["1972-03-16"]),
        ("03/1965", ["1965-03"]),
        ("5/06/1953 15/06/1953", ["1953-06-05", "1953-06-15"]),
        ("na", []),
    ],
)
def test_parse_dates(text: str, isos: list[str]) -> None:
    dates, bad = dfat_xlsx.parse_dates(text)
    assert [d.iso() for d in dates] == isos
    assert bad == []


def test_unknown_type_is_a_warning(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Reference", "Name of Individual or Entity", "Type", "Name Type", "Control Date"])
    ws.append(["1", "ACME", "Widget", "Primary Name", "45607"])
    ws.append(["1a", "ACME 2", "Entity", "Nickname", "45607"])
    ws.append(["x", "NO REF", "Entity", "Primary Name", "45607"])
    p = tmp_path / "tiny.xlsx"
    wb.save(p)
    res = dfat_xlsx.parse([p])
    assert [e.source_id for e in res.entities] == ["1"]
    assert res.records_seen == 2
    reasons = [(i.severity, i.reason) for i in res.issues]
    assert ("warning", "Reference 1: unknown Type 'Widget'") in reasons
    assert ("warning", "Reference 1: unknown Name Type 'Nickname', kept as alias") in reasons
    assert ("skipped", "bad Reference 'x'") in reasons


def _sniffers(path: Path) -> list[str]:
    out = []
    for fmt in FORMATS:
        try:
            mod = parser_module(fmt)
        except ImportError:  # a parser still being written
            continue
        if mod.sniff(path, read_head(path)):
            out.append(fmt)
    return out


def test_sniff_own_and_others(shared_data: Path, xlsx: Path) -> None:
    assert _sniffers(xlsx) == ["dfat_xlsx"]
    others = [p for p in (shared_data / "lists").rglob("*") if p.is_file() and p != xlsx]
    for p in others:
        assert not dfat_xlsx.sniff(p, read_head(p)), p


# --- damaged input ------------------------------------------------------------------------------


def _check(path: Path, data: bytes) -> None:
    write_and_check(dfat_xlsx.parse, path, data)


class Small:
    """The cut-down workbook; a plain object so hypothesis does not print its bytes."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Small({len(self.data)} bytes)"


@pytest.fixture(scope="module")
def small(xlsx: Path) -> Small:
    """Header and the first 80 real rows, rewritten as a small workbook."""
    import openpyxl

    from exportctl.sources._xlsx import iter_rows

    wb = openpyxl.Workbook()
    ws = wb.active
    for row_no, cells in iter_rows(xlsx):
        if row_no > 81:
            break
        ws.append([cells.get(i) for i in range(12)])
    buf = io.BytesIO()
    wb.save(buf)
    return Small(buf.getvalue())


def test_small_workbook(tmp_path: Path, small: Small) -> None:
    p = tmp_path / "small.xlsx"
    p.write_bytes(small.data)
    assert dfat_xlsx.sniff(p, read_head(p))
    assert 10 < len(dfat_xlsx.parse([p]).entities) < 80


@FUZZ
@given(data=st.data())
def test_damaged_file(tmp_path: Path, small: Small, data: st.DataObject) -> None:
    """Truncated, byte-flipped, spliced, cut or noise versions of a real file."""
    _check(tmp_path / "damaged.xlsx", data.draw(damaged(small.data)))


@FUZZ
@given(data=st.data())
def test_garbled_cells(tmp_path: Path, small: Small, data: st.DataObject) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(small.data))
    ws = wb.active
    junk = st.one_of(
        st.none(),
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
        st.sampled_from(["INDIVIDUAL ", " aka", "99999999", "a) b) c)", "0", "Between 1 and"]),
    )
    for _ in range(data.draw(st.integers(1, 12))):
        ws.cell(data.draw(st.integers(1, 81)), data.draw(st.integers(1, 12))).value = data.draw(
            junk
        )
    buf = io.BytesIO()
    wb.save(buf)
    _check(tmp_path / "garbled.xlsx", buf.getvalue())


def test_real_file_truncated(tmp_path: Path, xlsx: Path) -> None:
    p = tmp_path / "real-cut.xlsx"
    p.write_bytes(xlsx.read_bytes()[:400_000])
    with pytest.raises(SourceError, match=r"real-cut\.xlsx"):
        dfat_xlsx.parse([p])


def test_other_workbook_rejected(shared_data: Path) -> None:
    with pytest.raises(SourceError, match="not a DFAT consolidated list header"):
        dfat_xlsx.parse([shared_data / "lists/uk/ofsi_conlist_2025-04-10.xlsx"])


def test_no_un_reference_no_join(result: ParseResult) -> None:
    """DFAT's file names the UN committee of a listing but never its UN reference number, so
    no DFAT row is joined to a UN entry (a join by name would be a guess; see docs/sources.md).
    866 of its 3,062 entries are listed under a UN sanctions committee (resolution 1373
    listings, which are national designations, not counted)."""
    from exportctl.screening.legal import un_reference_of

    assert [e.source_id for e in result.entities if un_reference_of(e)] == []
    un_committee = [e for e in result.entities if e.programs and e.programs[0][:1].isdigit()]
    assert any(
        "Listed by UN" in " ".join(e.properties["listing_information"]) for e in un_committee
    )
