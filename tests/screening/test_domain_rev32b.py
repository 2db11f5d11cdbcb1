"""rev32b (review of domain32): a listed company's web domain written otherwise, the ``&`` of
its name spelt ``and``, the near note of a name typed as an organisation, the cut's cost.

Each FOUND query cleared its listing on main 8c22f7ff (bundled lists, untyped): the domain
reader took no ``mailto:``, port, root's trailing dot, display name, full-width forms or
internationalised (``xn--``) label as an address, and a cut holding ``and`` scored under the
cut's 0.95 against the lists' ``&``.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.screening.found import assert_found_with

from exportctl.model import EntityType
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening.domain_words import domain_cuts
from exportctl.text.desk_forms import domain_readings

# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).

OMNIA = ("us_ofac_sdn", "41499")  # OMNIA SERVICES (CYPRUS) LTD
AVIA = ("au_dfat", "2936")  # AVIA GROUP NORD

FOUND = [
    ("mailto:info@omniaservicescyprus.com", OMNIA),
    ("www.omniaservicescyprus.com:8080", OMNIA),
    ("https://www.omniaservicescyprus.com:8080/", OMNIA),
    ("www.omniaservicescyprus.com.", OMNIA),
    ("Sales <sales@omniaservicescyprus.com>", OMNIA),
    ("ｗｗｗ．ａｖｉａｇｒｏｕｐｎｏｒｄ．ｃｏｍ", AVIA),
    ("www.aviagroupnord.xn--p1ai", AVIA),
]


@pytest.mark.parametrize(("query", "listing"), FOUND)
def test_a_domain_written_otherwise_finds_the_listed_company(
    bundled_index: ScreeningIndex, query: str, listing: tuple[str, str]
) -> None:
    assert_found_with(bundled_index, query, listing)


def test_the_reader_takes_the_address_forms() -> None:
    for field in ("mailto:info@kekor.com", "www.kekor.com:8080", "www.kekor.com.",
                  "https://kekor.com:443/about?x=1", "Sales <sales@kekor.com>",
                  "kekor.xn--p1ai"):  # fmt: skip
        assert [n for n, _ in domain_readings(field)] == ["kekor"], field
    # (a punycode label is the name it encodes: `газпром`)
    assert [n for n, _ in domain_readings("www.xn--80afnujfh.ru")] == ["газпром"]
    # (still no address: a space inside, a port with letters, no suffix)
    for field in ("kekor .com", "www.kekor.com:80a", "Mohd.Reza"):
        assert domain_readings(field) == [], field


@pytest.mark.parametrize(
    "query",
    [
        "www.ramakcontractingandtrading.com",
        "info@ramakcontractingandtrading.com",
        "www.khan-and-schirindel.com",
        "info@iranandshargh.com",
    ],
)
def test_a_domain_spelling_the_ampersand_finds_the_listed_company(
    bundled_index: ScreeningIndex, query: str
) -> None:
    words = {"ramak": "RAMAK CONTRACTING", "phyongchon": "PHYONGCHON SHIPPING",
             "khan": "KHAN & SCHIRINDEL", "iran": "IRAN & SHARGH"}  # fmt: skip
    want = next(v for k, v in words.items() if k in query)
    names = [m.name.upper() for m in screen(Query(query), bundled_index, limit=50)]
    names += [m.matched_name.upper() for m in screen(Query(query), bundled_index, limit=50)]
    assert any(want in n for n in names), (query, names)


def test_the_ampersand_word_is_left_out_only_between_words(bundled_index: ScreeningIndex) -> None:
    cuts = domain_cuts("ramakcontractingandtrading", bundled_index)
    assert "ramak contracting trading" in cuts and "ramak contracting and trading" in cuts
    # (a label opening in AND keeps it: it is no `&` between two words)
    assert "trading" not in domain_cuts("andtrading", bundled_index)


def test_a_near_word_typed_as_an_organisation_keeps_its_note(
    bundled_index: ScreeningIndex,
) -> None:
    # (domain32's rule reads the untyped `ROSNEFTI Kazan` as a person's name too, KAZAN being
    # a surname; typed as an organisation it is a company's, and it lost its note)
    for q in ("ROSNEFTI Kazan", "Rosnefti Kazan"):
        result = screen(Query(q, type=EntityType.ORGANIZATION), bundled_index)
        assert [(n.listed_word, bool(n.slip)) for n in result.listed_words] == [
            ("rosneft", True)
        ], q
    # (untyped, and typed as a person, still none: domain32's Bilender Arsoy)
    assert screen(Query("Bilender Arsoy"), bundled_index).listed_words == ()
    person = Query("ROSNEFTI Kazan", type=EntityType.PERSON)
    assert screen(person, bundled_index).listed_words == ()


# -- cost: the screen of a hostile domain, not the cut alone --

HOSTILE = [
    "1" * 61,  # (231 cuts of the fewest words: the enumeration's bound)
    "ab" * 31 + "a",
    ("international" * 5)[:63],
    ("altonet" * 10)[:63],
    "andand" * 10 + "and",
]


def test_a_hostile_domain_screens_in_bounded_time(bundled_index: ScreeningIndex) -> None:
    screen(Query("www.omniaservicescyprus.com"), bundled_index)  # (the tables loaded)
    for label in HOSTILE:
        t0 = time.process_time()
        screen(Query(f"www.{label}.com"), bundled_index)
        # (~0.2 s at worst on the dev VM under load; 2 s leaves room for a slow runner, and a
        # cut enumerated without bound or screened per split would take far longer)
        assert time.process_time() - t0 < 2.0, label
        assert len(domain_cuts(label, bundled_index)) <= 12


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    label=st.text(alphabet="aeinorstl12", min_size=6, max_size=63),
)
def test_any_label_cuts_into_at_most_a_few_readings(
    bundled_index: ScreeningIndex, label: str
) -> None:
    cuts = domain_cuts(label, bundled_index)
    assert len(cuts) <= 12
    # (every word of a cut is a piece of the label)
    for c in cuts:
        assert all(w in label for w in c.split()), (label, c)
