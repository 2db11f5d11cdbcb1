"""The library API: Query in, explained Match out; index persistence; batch order."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

from exportctl.errors import ExportCtlError
from exportctl.model import Entity, EntityType, FuzzyDate, Identifier, Name, NameKind
from exportctl.screening import (
    DEFAULT_THRESHOLD,
    FEATURES,
    IndexLoadError,
    InvalidQueryError,
    Match,
    Query,
    ScreeningIndex,
    screen,
    screen_many,
)


def _entities() -> list[Entity]:
    return [
        Entity(
            "un_sc",
            "QDi.001",
            EntityType.PERSON,
            [
                Name("Abu Bakr al-Baghdadi"),
                Name("Ibrahim Awwad Ibrahim al-Badri", NameKind.ALIAS),
                Name("Dr. Ibrahim", NameKind.WEAK_ALIAS),
            ],
            birth_dates=[FuzzyDate.year(1971)],
            nationalities=["IQ"],
            identifiers=[Identifier("passport", "A-1234567", "IQ")],
        ),
        Entity(
            "us_ofac_sdn",
            "12345",
            EntityType.VESSEL,
            [Name("OCEAN STAR")],
            identifiers=[Identifier("imo", "IMO 9187629")],
        ),
        Entity(
            "us_ofac_sdn",
            "555",
            EntityType.ORGANIZATION,
            [Name("Rosoboronexport OAO"), Name("Рособоронэкспорт", NameKind.ORIGINAL_SCRIPT)],
            countries=["RU"],
        ),
        Entity(
            "gb_hmt",
            "RUS0001",
            EntityType.PERSON,
            [Name("Vladimir Vladimirovich PUTIN")],
            birth_dates=[FuzzyDate.day(1952, 10, 7)],
            nationalities=["RU"],
        ),
    ]


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex(_entities())


def test_match_fields_and_explanation(index: ScreeningIndex) -> None:
    [m] = screen(Query("Ibrahim Awad Ibrahim al Badri", type="person"), index)
    assert isinstance(m, Match)
    assert (m.source, m.source_id, m.scope, m.jurisdiction) == (
        "un_sc",
        "QDi.001",
        "multilateral",
        "UN",
    )
    assert m.name == "Abu Bakr al-Baghdadi"
    assert m.matched_name == "Ibrahim Awwad Ibrahim al-Badri"
    assert m.entity_type == "person" and DEFAULT_THRESHOLD <= m.score <= 1.0
    assert set(m.features["name_match"]) == {"score", "detail"}
    d = m.to_dict()
    assert d["features"] == m.features and d["matched_name"] == m.matched_name


def test_features_have_explanations() -> None:
    for func, weight in FEATURES:
        assert func.__doc__ and isinstance(weight, float)


def test_reordered_transliterated_and_original_script(index: ScreeningIndex) -> None:
    assert screen(Query("PUTIN, Vladimir"), index)[0].source_id == "RUS0001"
    assert screen(Query("Владимир Владимирович Путин"), index)[0].source_id == "RUS0001"
    hits = screen(Query("ООО Рособоронэкспорт"), index)
    assert hits and hits[0].source_id == "555"


def test_secondary_facts_raise_and_lower(index: ScreeningIndex) -> None:
    base = screen(Query("Vladimir Putin"), index, threshold=0.0)[0].score
    same = screen(
        Query("Vladimir Putin", birth_date="1952-10-07", country="RU"), index, threshold=0.0
    )[0]
    other = screen(Query("Vladimir Putin", birth_date="1990"), index, threshold=0.0)[0]
    assert same.score > base > other.score
    assert "birth_date_mismatch" in other.features


def test_type_mismatch_and_identifier_alone(index: ScreeningIndex) -> None:
    # A wrong type lowers an exact name's score and says so; it never hides it.
    [m] = screen(Query("Ocean Star", type="person"), index)
    assert m.score == 0.9 and m.features["type_mismatch"]["score"] == 1.0
    assert "query is a person" in str(m.features["type_mismatch"]["detail"])
    assert screen(Query("Ocean Star", type="vessel"), index)[0].score == 1.0
    assert "type_mismatch" not in screen(Query("Ocean Star", type="vessel"), index)[0].features
    [m] = screen(Query("Unrelated Name Ltd", identifiers=("imo9187629",)), index)
    assert m.source_id == "12345" and m.score >= 0.99
    assert m.features["identifier_match"]["score"] == 1.0


def test_legal_form_alone_never_matches(index: ScreeningIndex) -> None:
    assert screen(Query("OAO", type="organization"), index) == []
    assert screen(Query("Rosoboronexport JSC"), index)[0].source_id == "555"


def test_sources_filter_and_errors(index: ScreeningIndex) -> None:
    assert screen(Query("Vladimir Putin"), index, sources=["un_sc"]) == []
    assert screen(Query("Vladimir Putin"), index, sources=["gb_hmt"])
    with pytest.raises(ExportCtlError):
        screen(Query("x"), index, sources=["nope"])
    for bad in (Query(""), Query("x", type="ship"), Query("x", birth_date="soon"), Query("--")):
        with pytest.raises(InvalidQueryError):
            screen(bad, index)


def test_a_name_of_marks_alone_is_refused_and_says_why(index: ScreeningIndex) -> None:
    # ع alone (an ʿayn, romanised as an apostrophe) leaves nothing to compare: refused, never
    # screened as clear, with a message that does not claim the name holds no letter.
    for name in ("ع", "ع ء", "ʿ"):
        with pytest.raises(InvalidQueryError, match="ʿayn or hamza alone"):
            screen(Query(name), index)


def test_screen_many_keeps_order(index: ScreeningIndex) -> None:
    names = ["Vladimir Putin", "nobody at all", "Ocean Star"] * 30
    got = screen_many([Query(n) for n in names], index, workers=2)
    want = [screen(Query(n), index) for n in names]
    assert [[m.source_id for m in r] for r in got] == [[m.source_id for m in r] for r in want]


def test_index_pickles_and_saves(index: ScreeningIndex, tmp_path: Path) -> None:
    clone = pickle.loads(pickle.dumps(index))
    assert screen(Query("PUTIN Vladimir"), clone)[0].source_id == "RUS0001"
    path = tmp_path / "index.pkl"
    index.save(path)
    assert len(ScreeningIndex.load(path)) == len(index)
    (tmp_path / "bad.pkl").write_bytes(b"not a pickle")
    with pytest.raises(IndexLoadError):
        ScreeningIndex.load(tmp_path / "bad.pkl")


def test_real_list_smoke(un_index: ScreeningIndex) -> None:
    hits = screen(Query("Al Qaida"), un_index)
    assert hits[0].source_id == "QDe.004" and hits[0].score == 1.0
    assert screen(Query("Jane Q. Public"), un_index) == []
    assert date.today().year > 2000
