"""Names that still escaped (issue #12, escape28; docs/reliability.md, "escape28").

Each desk input below cleared its listed party on the session's base (main bd42b8a):
``benchmarks/desk_names.py``'s leftovers (a hyphen-glued ``Md``, ``Alhaji`` / ``Shri`` /
``Smt.``, a place after a spaced dash or glued to a two-letter word, a SWIFT name line run on,
a contact word inside a name, a word lists write as a title on a SWIFT name line). The guards
beside them hold the readings to their marks, and pin the over-matches the session measured
(an honour before a business's name or a one-word name, MHD as a firm's letters).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import name_for
from exportctl.screening.evidence import exact_apart
from exportctl.text.fields import field_readings

DESK = [
    # (query as the desk wrote it, the listed name, the reading that finds it)
    ("Md-Ali JAFARI", "Mohamed-Ali JAFARI", "Muhammad-Ali JAFARI"),
    ("AL-SHIMALI, Abu-Md", "AL-SHIMALI, Abu-Muhammad", "AL-SHIMALI, Abu-Muhammad"),
    ("KHAMIS SIRHAN AL-Md.", "KHAMIS SIRHAN AL-MUHAMMAD", "KHAMIS SIRHAN AL-Muhammad"),
    ("Muhd.-Omar JADRAN", "Mohammad-Omar JADRAN", "Muhammad-Omar JADRAN"),
    ("Alhaji Said SAID", "Said SAID", "Said SAID"),
    ("Smt. Ibrahim MA'ALA", "Ibrahim MA'ALA", "Ibrahim MA'ALA"),
    ("Shri SAYYED, Jamil", "SAYYED, Jamil", "SAYYED, Jamil"),
    ("Transneft - MOSCOW", "Transneft", "Transneft"),
    ("SYRIATEL - DUBAI", "SYRIATEL", "SYRIATEL"),
    ("MANIA D.O.O. - DUBAI", "MANIA D.O.O.", "MANIA D.O.O."),
    ("SAMA TV-IRAN", "SAMA TV", "SAMA TV"),
    (
        "LIMITED LIABILITY COMPANY VTB DC-IRAN",
        "LIMITED LIABILITY COMPANY VTB DC",
        "LIMITED LIABILITY COMPANY VTB DC",
    ),
    (
        "UNIQUE STARS MOBILE PHONES LLC INN/KPP 7707083893/770701001",
        "UNIQUE STARS MOBILE PHONES LLC",
        "UNIQUE STARS MOBILE PHONES LLC",
    ),
    (
        "1/Marine Trans Shipping Limited 1/Liability Company\n2/PO BOX 1234 DUBAI UAE",
        "Marine Trans Shipping Limited Liability Company",
        "Marine Trans Shipping Limited Liability Company",
    ),
    (
        "1/OTKRYTOE AKTSIONERNOE 1/OBSHCHESTVO PLANAR\n2/UL. LENINA 5 MOSCOW",
        "OTKRYTOE AKTSIONERNOE OBSHCHESTVO PLANAR",
        "OTKRYTOE AKTSIONERNOE OBSHCHESTVO PLANAR",
    ),
    ("1/SULTAN AZIZ AZAM\n3/IR/TEHRAN", "SULTAN AZIZ AZAM", "SULTAN AZIZ AZAM"),
]


@pytest.mark.parametrize(("query", "listed", "reading"), DESK)
def test_a_desk_written_name_is_read_and_found(query: str, listed: str, reading: str) -> None:
    assert reading in dict(field_readings(query))
    person = "," in listed or listed in {"Said SAID", "SULTAN AZIZ AZAM"} or "Md" in query
    etype = EntityType.PERSON if person else EntityType.ORGANIZATION
    index = ScreeningIndex([Entity("t", "1", etype, [Name(listed)])])
    assert [m.source_id for m in screen(Query(query), index)] == ["1"]


# -- the marks each reading needs ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        # an honour before a business's name, or before a one-word name (rev27b's candidates)
        "TAN Sri Lanka Holdings",
        "Tan Sri Lanka Holdings Ltd",
        "Datuk Lim",
        "Shri Ram Pistons Ltd",
        # MHD is a firm's letters as often as Muhammad
        "MHD Group",
        "MHD Technologies LLC",
        # MD beside digits or in a business's name stays
        "MD-11 Freighter",
        "MD-Pharma Ltd",
        # the article before a hyphen is no name word before a place
        "Abu AL-IRAN",
        # a comma before a place after a person's surname: a given name
        "SMITH, Jordan",
    ],
)
def test_no_reading_without_its_mark(name: str) -> None:
    assert field_readings(name) == ()


def test_a_fraction_is_no_further_swift_line() -> None:
    assert dict(field_readings("1/ACME 1/2 LTD\n2/PO BOX 1 DUBAI")).keys() == {"ACME 1/2 LTD"}


def test_a_further_mhd_is_still_muhammad_outside_a_business() -> None:
    assert "Muhammad Bakr ZOLQADR" in dict(field_readings("Mhd Bakr ZOLQADR"))
    assert "ZOLQADR, Muhammad" in dict(field_readings("ZOLQADR, Mhd"))


def test_a_contact_word_needs_its_number_next() -> None:
    """A contact or account marker is followed by its number (the next word or the one after):
    a contact word further from a digit is a word of the name."""
    assert "ACME LLC" in dict(field_readings("ACME LLC TEL +971 4 1234567"))
    assert "ACME LLC" in dict(field_readings("ACME LLC REF: INV 12345"))
    assert "UNIQUE STARS" not in dict(field_readings("UNIQUE STARS MOBILE PHONES LLC INN 77070"))


def test_an_honour_before_a_business_name_does_not_alert_on_its_rest() -> None:
    """`TAN Sri Lanka Holdings` was read as `Lanka Holdings`, an ordinary firm's name."""
    index = ScreeningIndex([Entity("t", "1", EntityType.ORGANIZATION, [Name("LANKA HOLDINGS")])])
    assert all(m.score < 0.9 for m in screen(Query("Tan Sri Lanka Holdings"), index))


# -- `@` and FLAG in ordinary business names (over-matches measured, escape28) ------------------


@pytest.mark.parametrize(
    ("query", "listed", "etype"),
    [
        # `@` for `at`: a one-word side alerted on a near listed name
        ("Coffee @ Hunterhaven", "KAVE COFFEE S.A.", EntityType.ORGANIZATION),
        ("Florist @ Tata Pte Ltd", "TATA", EntityType.PERSON),
        ("Bakes @ Dhar Pte Ltd", "DHAR, Abu", EntityType.PERSON),
        # a flag is a vessel's: GREEN is a person's listed alias
        ("GREEN FLAG LIBERIA", "GREEN", EntityType.PERSON),
        ("SILVER FLAG MALTA", "SILVER", EntityType.PERSON),
    ],
)
def test_a_business_name_with_at_or_flag_does_not_alert(
    query: str, listed: str, etype: EntityType
) -> None:
    index = ScreeningIndex([Entity("t", "1", etype, [Name(listed)])])
    assert screen(Query(query), index) == []


@pytest.mark.parametrize(
    ("query", "listed", "etype"),
    [
        # an alias of one word after `@` still meets the listed name exactly
        ("GLOBAL STAR TRADING @ NEWSFRONT", "NEWSFRONT", EntityType.ORGANIZATION),
        ("Mohd Iqbal @ Bittu", "Muhammad IQBAL", EntityType.PERSON),
        ("Ali HASSAN @ Abu HAMZA", "Abu HAMZA", EntityType.PERSON),
        # and a vessel's flag is still read off against a listed vessel
        ("GREEN FLAG LIBERIA", "GREEN", EntityType.VESSEL),
        ("MV SV KONSTANTIN FLAG PANAMA", "SV KONSTANTIN", EntityType.VESSEL),
    ],
)
def test_an_alias_after_at_and_a_flagged_vessel_are_still_found(
    query: str, listed: str, etype: EntityType
) -> None:
    index = ScreeningIndex([Entity("t", "1", etype, [Name(listed)])])
    assert [m.source_id for m in screen(Query(query), index)] == ["1"]


# -- properties over the forms (field readings only: no index, fast) ---------------------------

# (name words of two or three open syllables: no legal form, business word, abbreviation or
# honour is spelt so)
_SYLLABLE = st.sampled_from([c + v for c in "bdkrtz" for v in "aiu"])
_WORD = st.lists(_SYLLABLE, min_size=2, max_size=3).map(lambda s: "".join(s).capitalize())
_ABBREVIATIONS = ["Md", "Md.", "Mohd", "Muhd.", "Mhd", "Moh'd"]
_HONOURS = ["Alhaji", "Al-Hajj", "Shri", "Smt.", "Shrimati", "Tan Sri", "Datuk", "Dato' Sri"]


@given(st.sampled_from(_ABBREVIATIONS), _WORD, _WORD, st.booleans())
def test_a_hyphen_glued_abbreviation_is_spelt_out(
    abbreviation: str, glued: str, surname: str, before: bool
) -> None:
    """``Md-Ali JAFARI`` / ``JAFARI Abu-Md``: the glued abbreviation read as Muhammad."""
    if before:
        query, reading = f"{abbreviation}-{glued} {surname}", f"Muhammad-{glued} {surname}"
    else:
        query, reading = f"{surname} {glued}-{abbreviation}", f"{surname} {glued}-Muhammad"
    assert reading in dict(field_readings(query))


@given(st.sampled_from(_HONOURS), _WORD, _WORD, st.sampled_from([str, str.upper]))
def test_an_honour_before_two_name_words_is_read_off(
    honour: str, given_name: str, surname: str, case: Callable[[str], str]
) -> None:
    name = f"{given_name} {surname}"
    assert name in dict(field_readings(f"{case(honour)} {name}"))
    # (and before one name word, or a business's name, it stays)
    assert not any("honorific" in how for _, how in field_readings(f"{honour} {surname}"))
    assert not any("honorific" in how for _, how in field_readings(f"{honour} {name} Ltd"))


# -- Muhammad spelt otherwise than the listing (the evidence weight) ---------------------------


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Muhammad HOSSEINI", "Mohammad HOSSEINI"),
        ("Mohamed Qasim", "Muhammad Qasim"),
        ("OMAR, Mohamed", "OMAR, Mohammed"),
        ("Fares Mohamed Manaa", "Fares Mohammed Manaa"),
        ("Mohamud Ali ABDI", "Mohamed Ali ABDI"),
    ],
)
def test_a_given_names_other_spelling_is_exact_for_the_evidence(query: str, listed: str) -> None:
    what = exact_apart(name_for(query, "person"), name_for(listed, "person"))
    assert what.startswith("a given name's spelling")


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Mohamed", "MUHAMMAD"),  # (one word: stays weighed)
        ("Abu Mohamed", "Abu Muhammad"),  # (one distinctive word)
        ("Mahmud HOSSEINI", "Mohammad HOSSEINI"),  # (another name)
        ("Muhammad Ali HOSSEINI", "Mohammad HOSSEINI"),  # (a word more)
        ("Muhammad HUSSEINI", "Mohammad HOSSEINI"),  # (two words written otherwise)
    ],
)
def test_only_a_given_names_spelling_sets_the_names_apart(query: str, listed: str) -> None:
    what = exact_apart(name_for(query, "person"), name_for(listed, "person"))
    assert not what.startswith("a given name's spelling")


@pytest.mark.parametrize(
    ("query", "source_id"),
    [
        # (the four lists: `Muhammad HOSSEINI` 0.595 for OFSI's Mohammad HOSSEINI, the evidence
        # weight taking 0.34 off a 0.94 name score; on UN + OFSI alike)
        # (each cleared on UN + OFSI at the session's base: 11 of their two-word listed
        # Muhammads so written did)
        ("Muhammad HOSSEINI", "12201"),  # (OFSI: Mohammad HOSSEINI)
        ("Muhammad HEJAZI", "IRi.017"),  # (UN: MOHAMMAD HEJAZI)
        ("Muhammad AHMADI", "TAi.031"),  # (UN: MOHAMMAD AHMADI)
        ("Mohammed IBRAHIM", "13452"),  # (OFSI: Muhammad IBRAHIM)
    ],
)
def test_a_listed_muhammad_spelt_otherwise_is_found(
    un_ofsi_index: ScreeningIndex, query: str, source_id: str
) -> None:
    found = {
        sid
        for m in screen(Query(query), un_ofsi_index)
        for sid in (m.source_id, *(b["source_id"] for b in m.legal_bases))
    }
    assert source_id in found
