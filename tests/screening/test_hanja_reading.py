"""Han names read in Korean, compared only with listed entities linked to Korea (issue #12).

The named case is real: UN KPi.035 (and OFSI 13420), KIM CHOL SAM, North Korean, lists his name
in characters as 金铁三 (and its pinyin, Jin Tiesan). Screened against the UN list with every
non-Latin name removed (as ``benchmarks/screening_recall.py`` does) and without the pinyin alias,
only the Korean reading of the characters can find him; the same listing made Chinese must not
be found that way.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening.features import READING_FACTOR, STATELESS_HAN_FACTOR

KIM_CHOL_SAM = "KPi.035"
AU_FILE = "lists/au/dfat_regulation8_consolidated_2024-11-11.xlsx"


def _latin_only(e: Entity) -> Entity:
    return replace(e, names=[n for n in e.names if n.full.isascii()])


@pytest.fixture(scope="module")
def kim(un_entities: list[Entity]) -> Entity:
    """KPi.035 with its Korean spelling only: its Han name and the pinyin of it (Jin Tiesan)
    dropped, so that only the Korean reading can reach KIM CHOL SAM."""
    e = next(e for e in un_entities if e.source_id == KIM_CHOL_SAM)
    assert {c.upper() for c in e.nationalities} == {"KP"}
    assert "金铁三" in [n.full for n in e.names]  # the listing's own Han spelling
    return replace(e, names=[n for n in e.names if n.full.upper() == "KIM CHOL SAM"])


@pytest.fixture(scope="module")
def un_latin(un_entities: list[Entity], kim: Entity) -> ScreeningIndex:
    """The UN list with its names in other scripts removed (Latin spellings only), KPi.035
    with its Korean spelling only."""
    return ScreeningIndex(
        [kim if e.source_id == KIM_CHOL_SAM else _latin_only(e) for e in un_entities]
    )


@pytest.mark.parametrize("text", ["金铁三", "金鐵三", "金 铁三"])
def test_han_name_finds_the_korean_listing(un_latin: ScreeningIndex, text: str) -> None:
    matches = screen(Query(text, type="person"), un_latin, limit=10)
    hit = next((m for m in matches if m.source_id == KIM_CHOL_SAM), None)
    assert hit is not None, [m.name for m in matches]
    assert hit.score >= READING_FACTOR
    detail = str(hit.features["name_match"]["detail"])
    assert "Han read in Korean:" in detail and "kim chol sam" in detail, detail


def test_korean_reading_only_against_korean_entities(kim: Entity) -> None:
    korean = ScreeningIndex([kim])
    [hit] = screen(Query("金铁三"), korean)
    assert hit.score == READING_FACTOR
    assert "Han read in Korean: 金铁三 → 김철삼 → kim chol sam" in str(
        hit.features["name_match"]["detail"]
    )
    # The same listing as a Chinese entity: the characters are Chinese there.
    other = ScreeningIndex([replace(kim, nationalities=["CN"], countries=["CN"])])
    assert screen(Query("金铁三"), other, threshold=0.5) == []
    for m in screen(Query("金铁三"), other, threshold=0.0):
        assert "Korean" not in str(m.features)
    # A listing that gives no country: the reading counts, one guess more (Han may be
    # Chinese), and says so.
    stateless = ScreeningIndex([replace(kim, nationalities=[], countries=[])])
    [hit] = screen(Query("金铁三"), stateless)
    assert hit.score == STATELESS_HAN_FACTOR < READING_FACTOR
    assert "the listing gives no country; counts 0.85" in str(hit.features["name_match"])


def test_south_korean_entity_too(kim: Entity) -> None:
    index = ScreeningIndex([replace(kim, nationalities=["KR"], countries=[])])
    [hit] = screen(Query("金铁三"), index)
    assert hit.score == READING_FACTOR


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=6))
def test_any_han_query_screens_and_names_its_readings(kim: Entity, text: str) -> None:
    index = ScreeningIndex([kim])
    if not text.strip():
        return
    for m in screen(Query(text), index, threshold=0.0):
        detail = str(m.features["name_match"]["detail"])
        if "query part" in detail:
            assert "Han read in Korean: " in detail, detail


def test_latin_and_han_in_one_name_field(shared_data: Path) -> None:
    """AU DFAT 3205 (KIM CHOL SAM, KP) writes its alias "Jin Tiesan (金铁三)" in one field: as a
    query against the listing's Latin name, the characters are read in Korean."""
    from exportctl.sources import dfat_xlsx

    ents = dfat_xlsx.parse([shared_data / AU_FILE]).entities
    e = next(e for e in ents if e.source_id == "3205")
    assert "Jin Tiesan (金铁三)" in [n.full for n in e.names]
    index = ScreeningIndex([_latin_only(e)])
    [hit] = screen(Query("Jin Tiesan (金铁三)"), index)
    assert hit.score == READING_FACTOR
    assert "Han read in Korean: 金铁三 → 김철삼 → kim chol sam" in str(hit.features)
