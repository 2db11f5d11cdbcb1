"""Names that still escape, round 10 (a) (issue #12, escape34; docs/reliability.md, "escape34").

Each query below cleared its listed party, or met it only through the field's other words,
against the bundled lists on the session's base (main f6906871), given without a type: a
typist's slip in a name inside a payment's text, a narrative padded past its first pieces,
one payment word and no number before the name, two names in one entry, a mailbox of an
initial and a surname, a number glued after a company's domain label, a domain leaving out
its name's AND (``benchmarks/desk_names.py``, round 10a). The detail each check asks for is
the reading that finds it. The guards hold each reading to its marks.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.screening.found import assert_found_with, found_details

from exportctl.screening import ScreeningIndex
from exportctl.text.desk_forms import narrative_readings
from exportctl.text.fields import field_readings
from exportctl.text.restricted import least_score, only_against

# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).

LIFG = ("un_sc", "QDe.011")  # LIBYAN ISLAMIC FIGHTING GROUP
MEAMAR = ("us_ofac_sdn", "29784")  # MEAMAR SARL

# (query as the desk wrote it, a listing it must find, what the detail says of the reading)
FOUND = [
    # -- a payment's text: a typo, padding, one marker and no digit, two names in a piece --
    ("RE: AL KAWTAR - FREIGHT", ("us_ofac_sdn", "28533"), "payment's text"),
    (
        "PMT FOR CONTRACT 12/2024 DD 03.05.2024 PER INVOICE 7781 GOODS DELIVERED WITH LIBYAN"
        " ISLAMIC FIGHTING GROUP",
        LIFG,
        "payment's text",
    ),
    ("PAYMENT TO LIBYAN ISLAMIC FIGHTING GROUP", LIFG, "payment's text"),
    ("/BNF/SAID ARIF AND MEAMAR SARL", ("un_sc", "QDi.323"), "payment's text"),
    ("INV 1 ALPHA BRAVO INV 2 GOLF HOTEL INV 3 KILO LIMA INV 99 MEAMAR SARL", MEAMAR, "payment"),
    ("BEING PAYMENT OF MEAMAR SARL", MEAMAR, "payment's text"),
    # (a one-word party after a leading word; a party with the text going on after it)
    (
        "PMT FOR PER INVOICE 7781 ADVANCE PORT CHARGES AS PER AGREEMENT TO CEIEC CONTRACT 12/2024",
        ("us_ofac_sdn", "30502"),
        "'CEIEC' read out of a payment's text",
    ),
    ("PMT FOR CONTRACT 12/2024 WITH MEAMAR SARL BALANCE PAYMENT", MEAMAR, "'MEAMAR SARL' read"),
    # -- a mailbox of an initial and a surname (Pavel KACHKAEV, as `pavelkachkaev@` finds) --
    ("p.kachkaev@mail.ru", ("au_dfat", "6574"), "initial and surname"),
    # -- a company's domain: a number glued after its name; its name's AND left out --
    ("omniaservicescyprus2020.com", ("us_ofac_sdn", "41499"), "cut into the lists' words"),
    ("glassgas.com", ("us_ofac_sdn", "30377"), "'glass and gas'"),  # GLASS AND GAS CO.
    ("INFO@KOSMOSAVIA365.COM", ("us_ofac_sdn", "44199"), "as 'kosmosavia'"),
]


@pytest.mark.parametrize(("query", "listing", "said"), FOUND)
def test_a_desk_written_name_finds_its_listing(
    bundled_index: ScreeningIndex, query: str, listing: tuple[str, str], said: str
) -> None:
    assert_found_with(bundled_index, query, listing, said)


def test_both_names_of_one_piece_are_found(bundled_index: ScreeningIndex) -> None:
    found = found_details(bundled_index, "/BNF/SAID ARIF AND MEAMAR SARL")
    assert ("un_sc", "QDi.323") in found and MEAMAR in found


# -- the guards: what each reading leaves alone --


@pytest.mark.parametrize(
    "text",
    [
        "ACME WIRE WORKS",  # (a marker inside a name, not opening it: escape33's guard)
        "TRANSFER",  # (nothing but the marker)
        "GOLDEN PAYMENT SOLUTIONS",
    ],
)
def test_no_narrative_reading_of_a_name_holding_a_marker(text: str) -> None:
    assert narrative_readings(text) == []


def test_a_piece_of_one_word_stays_nearly_whole_against_companies() -> None:
    (name, said), *_ = narrative_readings("PAYMENT TO TRINITI")
    how = "; ".join(said)
    assert name == "TRINITI" and least_score(how) == 0.95 and only_against(how) == "organization"
    # (two words, one an article: a letter off counts, against companies still)
    (name, said), *_ = narrative_readings("RE: AL KAWTAR - FREIGHT")
    how = "; ".join(said)
    assert least_score(how) == 0.90 and only_against(how) == "organization"


@pytest.mark.parametrize(
    "text",
    [
        "j.li@gmail.com",  # (a surname too short to say whose)
        "s.sales@acme.com",  # (a role)
        "a.b@mail.ru",
    ],
)
def test_no_initial_reading_of_a_short_surname_or_a_role(text: str) -> None:
    assert not [n for n, how in field_readings(text) if "initial and surname" in how]


def test_the_initial_reading_counts_against_persons_only() -> None:
    (name, how), *_ = [(n, h) for n, h in field_readings("p.kachkaev@mail.ru") if "initial" in h]
    assert name == "p kachkaev" and only_against(how) == "person"


def test_a_glued_number_and_a_left_out_and_keep_the_labels_terms(
    bundled_index: ScreeningIndex,
) -> None:
    from exportctl.screening import Query
    from exportctl.screening.__init__ import _context
    from exportctl.screening.domain_words import domain_word_readings

    for query, cut in [
        ("omniaservicescyprus2020.com", "omnia services cyprus"),
        ("glassgas.com", "glass and gas"),
    ]:
        ctx = _context(Query(query))
        domain_word_readings(ctx, bundled_index)
        cuts = {text: how for text, _, how in ctx.parts}
        assert cut in cuts, sorted(cuts)
        assert least_score(cuts[cut]) == 0.95 and only_against(cuts[cut]) == "organization"


# -- properties: a typo'd or padded name inside a payment's text is read out --

_PADS = ["GOODS DELIVERED", "SPARE PARTS", "DD 03.05.2024", "PER INVOICE 7781", "ADVANCE",
         "CONTRACT 12/2024", "ORDER NO 5531", "LC 0045/24", "PORT CHARGES"]  # fmt: skip
_NAME = "LIBYAN ISLAMIC FIGHTING GROUP"


@st.composite
def _typo(draw: st.DrawFn) -> str:
    """The name with one slip in one word (left out, doubled, swapped; never its first
    letter)."""
    words = _NAME.split()
    k = draw(st.integers(0, len(words) - 1))
    w = words[k]
    i = draw(st.integers(1, len(w) - 2))
    how = draw(st.sampled_from(["drop", "double", "swap"]))
    words[k] = {
        "drop": w[:i] + w[i + 1 :],
        "double": w[: i + 1] + w[i] + w[i + 1 :],
        "swap": w[:i] + w[i + 1] + w[i] + w[i + 2 :],
    }[how]
    return " ".join(words)


@given(
    st.lists(st.sampled_from(_PADS), min_size=0, max_size=6),
    st.sampled_from(["PMT FOR ", "RE: ", "/ROC/99812/", "INV 1 "]),
    st.sampled_from(["WITH", "TO", "BNF", "FOR"]),
    st.one_of(st.just(_NAME), _typo()),
)
def test_a_padded_or_typoed_name_is_a_piece_of_its_own(
    pads: list[str], lead: str, to: str, name: str
) -> None:
    text = f"{lead}{' '.join(pads)} {to} {name}"
    pieces = dict(narrative_readings(text))
    assert name in pieces, (text, list(pieces))
    assert least_score("; ".join(pieces[name])) == 0.90


@settings(max_examples=12, deadline=None)
@given(
    st.lists(st.sampled_from(_PADS), min_size=3, max_size=6),
    st.sampled_from(["WITH", "TO", "BNF"]),
    _typo(),
)
def test_a_padded_and_typoed_name_finds_its_listing(
    bundled_index: ScreeningIndex, pads: list[str], to: str, name: str
) -> None:
    assert_found_with(bundled_index, f"PMT FOR {' '.join(pads)} {to} {name}", LIFG)


@pytest.mark.parametrize(
    "query",
    [
        "g.ahmed@bath.com",  # (AHMED, A: the surname, no name G begins)
        "george.j@cook.com",  # (the one-word George)
        "green.r@hughes.org",  # (the one-word GREEN)
        "v_moreno@hoffman.com",
    ],
)
def test_an_initial_reading_needs_a_listed_holder_of_both(
    bundled_index: ScreeningIndex, query: str
) -> None:
    # (desk_overmatch's mailbox_initial class: each met a listed name of the surname alone at
    # 0.83–0.98 before the reading asked for a name the initial begins)
    found = found_details(bundled_index, query)
    assert not [d for d in found.values() if "initial and surname" in d], found


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("RE: RAHMAN, BROWN AND DAY - FREIGHT", "DAY"),  # (a half of one word: DAY COMPANY)
        ("Payment to Dr Beverley Duffy", "Dr Beverley"),  # (one word and a title: BEVERLEY)
        ("SETTLEMENT CORTEZ AND SIBAL INV. 4470", "CORTEZ"),
    ],
)
def test_a_guess_of_one_word_is_not_read(text: str, unread: str) -> None:
    # (desk_overmatch's narrative classes: each met a listed one-word name at 0.95–1.0)
    assert unread not in dict(narrative_readings(text))


def test_a_long_name_without_a_marker_is_not_read_inside_its_pieces() -> None:
    # (screening_phases' 10k answers: read at FOR, this listed name met POPULAR FRONT FOR THE
    # LIBERATION OF PALESTINE at 0.948; a field read for its length alone keeps its pieces
    # whole and nearly whole)
    got = dict(
        narrative_readings("DEMOCRATIC FRONT FOR THE LIBERATION OF PALESTINE - HAWATMEH FACTION")
    )
    assert list(got) == ["DEMOCRATIC FRONT FOR THE LIBERATION OF PALESTINE", "HAWATMEH FACTION"]
    assert all(least_score("; ".join(said)) == 0.95 for said in got.values())
