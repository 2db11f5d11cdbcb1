"""rev32e: a review of escape33's payment-narrative reading (docs/reliability.md, "rev32e").

Each input below failed on main a32828bd against the bundled lists, untyped: an address line
of more than nine words (read as a narrative for its length alone) alerted on a listed
organisation through a one-word piece — its country (``Indonesia``: Majelis Mujahidin
Indonesia's alias ``INDONESIA (MMI)``) or ``Tel`` (El-Tel) — and a marker written against its
number (``PMT-1022``, ``INV#1022``) or SWIFT's field codes (``/ROC/``, ``/RFB/``) kept the
listed name inside a longer piece, or past the reader's three pieces, and it cleared.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.screening.found import found_details

from exportctl.screening import ScreeningIndex
from exportctl.text.desk_forms import narrative_readings

# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).

MEAMAR = ("us_ofac_sdn", "29784")  # MEAMAR SARL

FOUND = [
    "PMT-1022 MEAMAR SARL GOODS",
    "INV#1022 MEAMAR SARL GOODS",
    "INV.1022 MEAMAR SARL GOODS",
    "INV1022 MEAMAR SARL GOODS",
    "/ROC/123/RFB/456/ORD/BLUE SKY LTD/BNF/MEAMAR SARL",
]


@pytest.mark.parametrize("query", FOUND)
def test_a_marker_against_its_number_still_cuts(bundled_index: ScreeningIndex, query: str) -> None:
    found = found_details(bundled_index, query)
    assert MEAMAR in found, f"{query!r} cleared MEAMAR SARL"
    assert "payment's text" in found[MEAMAR], found[MEAMAR]


# (query, listings it must not alert on)
QUIET = [
    (
        "300, rue Hélène Descamps Flat 94B Nördlingen Saarland 921675 Indonesia",
        {("us_ofac_sdn", "22484"), ("au_dfat", "6275")},
    ),
    (
        "3630 Patrick Rest Apt. 46 Tel +99 Nigeria 95740 Fax 9290479",
        {("au_dfat", "2356")},
    ),
    ("SHIPMENT TO INDONESIA INV 55", {("us_ofac_sdn", "22484"), ("au_dfat", "6275")}),
]


@pytest.mark.parametrize(("query", "listings"), QUIET)
def test_an_address_or_a_country_in_a_narrative_does_not_alert(
    bundled_index: ScreeningIndex, query: str, listings: set[tuple[str, str]]
) -> None:
    found = found_details(bundled_index, query)
    assert not listings & set(found), {k: found[k] for k in listings & set(found)}


def test_markers_glued_by_punctuation_cut() -> None:
    # (`SARL;INV`: read `MEAMAR SARL;INV` on a32828bd)
    pieces = [n for n, _ in narrative_readings("INV 1022 MEAMAR SARL;INV 1023 BLUE SKY")]
    assert pieces == ["MEAMAR SARL", "BLUE SKY"]


def test_a_marked_narrative_still_reads_one_word_pieces() -> None:
    # (the one-word piece stays where the field holds a marker: escape33's TRINITI)
    assert [n for n, _ in narrative_readings("INV 1022 TRINITI GOODS")] == ["TRINITI"]


_WORD = st.text(alphabet=st.sampled_from("ABCDEFGHKLMNOPRSTUVWZ"), min_size=4, max_size=9)


_NUMBER = st.integers(1, 99999).map(str)


@settings(max_examples=200, deadline=None)
@given(
    tokens=st.tuples(
        st.lists(_WORD, min_size=10, max_size=16), st.lists(_NUMBER, min_size=1, max_size=4)
    ).flatmap(lambda t: st.permutations([*t[0], *t[1]]))
)
def test_a_field_without_a_marker_gives_no_one_word_piece(tokens: list[str]) -> None:
    # (an address line's shape: words and numbers in any order, no marker; every piece it
    # gives has two words or more — its one-word pieces are a street's, a town's, `Tel`)
    from exportctl.text.desk_forms import _narrative

    if any(w.casefold() in _narrative()[0] for w in tokens):
        return
    text = " ".join(tokens)
    for name, _ in narrative_readings(text):
        assert len(name.split()) >= 2, (text, name)
