"""Organisation words abbreviated as trade documents write them (issue #12, recall; session 21).

rigour's organisation tagger reads ``Inds`` as INDUSTRY but not ``Ind``, ``Aero``, ``Res`` …;
``text/data/org_abbreviations.yaml`` gives those abbreviations the symbol of the words they
shorten. Before it, each query below found nothing at the default threshold against the
bundled lists, although the party is listed with the word spelt out: the abbreviation was an
unmatched word and the distinctive words alone carried too little of the name.
``benchmarks/org_abbreviations.py`` measures the same over every listed organisation name.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.screening.test_escapes_org_words import _index as _one

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex, screen
from exportctl.text import normalize_name
from exportctl.text.org_symbols import SYMBOL_MARK, reading, symbol_forms

# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).

# (query, listed name as a bundled list prints it, best score before at threshold 0.3)
BUNDLED = [
    ("Shahid Hemmat Ind Group", "SHAHID HEMMAT INDUSTRIAL GROUP", 0.77),
    ("Iran Electronics Ind", "IRAN ELECTRONICS INDUSTRIES", 0.77),
    ("Sanam Ind Group", "SANAM INDUSTRIAL GROUP", 0.75),
    ("Iran Aviation Ind Org", "IRAN AVIATION INDUSTRIES ORGANIZATION", 0.70),
    # found by benchmarks/org_abbreviations.py
    ("8th Imam Ind Group", "8th Imam Industries Group", 0.59),
    ("Physics Res Centre", "Physics Research Centre", 0.79),
    ("27TH Sci CENTER", "27TH SCIENTIFIC CENTER", 0.71),
    ("Min OF INTERIOR", "MINISTRY OF INTERIOR", 0.72),
    ("ABU REIHAN Grp", "ABU REIHAN GROUP", 0.79),
    (
        "90 EXPERIMENTAL PLANT OPEN JOINT STOCK Co",
        "90 EXPERIMENTAL PLANT OPEN JOINT STOCK COMPANY",
        0.72,
    ),
]


def _hits(index: ScreeningIndex, text: str, threshold: float = 0.3) -> list[tuple[float, str, str]]:
    return [
        (m.score, m.matched_name, str(m.features["name_match"]["detail"]))
        for m in screen(Query(text), index, threshold=threshold)
    ]


@pytest.mark.parametrize(("query", "listed", "before"), BUNDLED)
def test_an_abbreviated_organisation_word_finds_the_bundled_listing(
    bundled_index: ScreeningIndex, query: str, listed: str, before: float
) -> None:
    hits = _hits(bundled_index, query)
    assert hits, query
    score, name, _ = hits[0]
    assert name.casefold() == listed.casefold(), hits[:3]
    assert score >= DEFAULT_THRESHOLD > before


def test_the_alignment_names_the_abbreviation(bundled_index: ScreeningIndex) -> None:
    _, _, detail = _hits(bundled_index, "Shahid Hemmat Ind Group")[0]
    assert "ind~industrial 0.90 (one organisation symbol: INDUSTRY, abbreviation ind)" in detail
    _, _, detail = _hits(bundled_index, "Iran Aviation Ind Org")[0]
    # rigour's own reading keeps its name
    assert "org~organization 0.90 (one organisation symbol: ORG, rigour)" in detail


def test_an_abbreviation_alone_is_no_match(bundled_index: ScreeningIndex) -> None:
    """``Ind`` (or ``Aero``, ``Res``) alone, or beside other generic words, alerts on no listed
    name — not even on FAJR AVIATION IND, whose IND as written only 4 listed names hold: an
    abbreviation counts as common as the words it shortens (INDUSTRY: 814 names)."""
    for words in ("Ind", "Aero", "Res", "Ind Group", "Intl Trading", "Aero Ind", "Res Ctr"):
        assert not _hits(bundled_index, words, DEFAULT_THRESHOLD), words


def test_generic_words_alone_do_not_alert_on_a_named_organisation(
    bundled_index: ScreeningIndex,
) -> None:
    """A name of one distinctive-looking generic word and an abbreviation is not the listed
    organisation that has them beside its own name (`Electronics Ind` alerted on SHIRAZ
    ELECTRONIC IND. at 0.84 before, through the rarity of IND as written)."""
    for words in ("Electronics Ind", "Electronics Inds", "Optics Ind"):
        assert not _hits(bundled_index, words, DEFAULT_THRESHOLD), words


def test_an_abbreviated_generic_name_alerts_where_the_spelt_out_one_does(
    bundled_index: ScreeningIndex,
) -> None:
    """A listed name made only of generic words (SCIENTIFIC RESEARCH INSTITUTE NO 6, an alias
    listed as such) is found spelt out; abbreviated it is still that name, below it."""
    full = _hits(bundled_index, "Scientific Research Institute", DEFAULT_THRESHOLD)
    short = _hits(bundled_index, "Sci Res Inst", DEFAULT_THRESHOLD)
    assert full and short
    assert short[0][1] == full[0][1] and short[0][0] < full[0][0]


def test_an_abbreviation_meets_only_its_own_words() -> None:
    """``Ind`` is industry's, not any other word's: against a name with another word in its
    place it scores as a word that matches nothing does."""
    listed = _one("SHAHID HEMMAT TRADING GROUP")
    ind = _hits(listed, "Shahid Hemmat Ind Group")
    other = _hits(listed, "Shahid Hemmat Qxz Group")
    assert ind and other and ind[0][0] == other[0][0]
    assert "unmatched ind trading" in ind[0][2]
    assert set(symbol_forms("ind")).isdisjoint(symbol_forms("trading"))


def test_a_person_name_word_is_no_abbreviation() -> None:
    """Min, Gen and Mar are words of persons' names (Min Aung Hlaing): a person's name gets
    no organisation symbol."""
    for name in ("Min Aung Hlaing", "Gen Yamamoto", "Res Kim"):
        person = normalize_name(name, False)
        assert not any(f[0] == SYMBOL_MARK for t in person.tokens for f in t.forms), name


def test_a_name_word_spelt_alike_keeps_its_full_similarity() -> None:
    """``Ye Min Hein`` against the listed YE MIN HEIN COMPANY LIMITED: the word as written
    compares at 1.0, the symbol form beside it takes nothing away."""
    hits = _hits(_one("YE MIN HEIN COMPANY LIMITED"), "Ye Min Hein Co Ltd")
    assert hits and hits[0][0] >= 0.95
    assert "organisation symbol" not in hits[0][2]


def test_the_reading_names_its_source() -> None:
    assert reading("ind", "industries", "INDUSTRY") == "abbreviation ind"
    assert reading("industries", "aero", "AVIATION") == "abbreviation aero"
    assert reading("inds", "industries", "INDUSTRY") == "rigour"
    assert reading("tech", "technologies", "TECH") == "rigour"


# A listed organisation's name with one organisation word written out, the abbreviations trade
# documents write for it, and distinctive words around it.
_WORDS = [
    ("Industries", ["Ind", "Inds", "Indus"]),
    ("Industrial", ["Ind", "Indl"]),
    ("Aerospace", ["Aero"]),
    ("Aeronautical", ["Aero", "Aeron"]),
    ("Research", ["Res"]),
    ("Electronics", ["Elec", "Electr"]),
    ("Petrochemical", ["Petrochem"]),
    ("Services", ["Serv", "Svcs"]),
    ("Marine", ["Mar"]),
    ("Navigation", ["Nav"]),
    ("Scientific", ["Sci"]),
    ("Machinery", ["Mach"]),
    ("International", ["Int", "Intl"]),
    ("Investment", ["Inv"]),
    ("Enterprise", ["Ent"]),
    ("Group", ["Grp"]),
]
_DISTINCT = ["Zarnegar", "Kavoshgar", "Tolid", "Pardis", "Sahand", "Arvand", "Parsian"]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.sampled_from(_DISTINCT), min_size=1, max_size=2, unique=True),
    st.sampled_from(_WORDS),
    st.data(),
)
def test_abbreviating_one_word_keeps_a_listed_organisation_found(
    distinct: list[str], word: tuple[str, list[str]], data: st.DataObject
) -> None:
    full, abbreviations = word
    short = data.draw(st.sampled_from(abbreviations))
    at = data.draw(st.integers(0, len(distinct)))
    listed = [*distinct]
    listed.insert(at, full)
    query = [*distinct]
    query.insert(at, short)
    hits = _hits(_one(" ".join(listed).upper()), " ".join(query), DEFAULT_THRESHOLD)
    assert hits, (query, listed)


def test_an_abbreviation_counts_as_common_as_its_words_for_organisations_only() -> None:
    """The evidence floor: MIN as written against an organisation counts as many names as
    MINISTRY's words hold; against a person (Zaw Min) Min is a name, counted as written."""
    names = [(EntityType.PERSON, "ZAW MIN"), (EntityType.ORGANIZATION, "YE MIN HEIN GROUP")]
    names += [(EntityType.ORGANIZATION, f"MINISTRY OF {w}") for w in _DISTINCT]
    index = ScreeningIndex(
        [
            Entity(source="x", source_id=str(k), type=t, names=[Name(n, NameKind.PRIMARY)])
            for k, (t, n) in enumerate(names)
        ]
    )

    def evidence(query: str, listed: str) -> str:
        found = [m for m in screen(Query(query), index, threshold=0.0) if m.name == listed]
        assert found, (query, listed)
        return str(found[0].features["name_evidence"]["detail"])

    # the two names that write MIN; against the organisation, those and the MINISTRY names
    person = evidence("Zaw Min Tun", "ZAW MIN").split("min ")[1]
    assert "(2 names)" in person.split(",")[0]
    org = evidence("Ye Min Hein Trading", "YE MIN HEIN GROUP").split("min ")[1]
    assert f"({len(_DISTINCT) + 1} names)" in org.split(",")[0]
