"""Names that still escape, round 9 (b) (issue #12, escape33; docs/reliability.md, "escape33").

Each query below cleared its listed party against the bundled lists on the session's base
(main 7cf0d153), given without a type as desk files give names: a person's mailbox run
together or with a number after the name (``benchmarks/desk_names.py`` ``person_email``), a
name unquoted inside a payment's free text (``in_sentence``, ``in_sentence_person``), and a
generation after a person's name (``generation``). The guards beside them hold each reading
to its marks: nearly whole (0.95), a mailbox against listed persons only, a role's mailbox
never read, an ordinary name left alone.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.screening.found import assert_found_with

from exportctl.screening import ScreeningIndex
from exportctl.text.desk_forms import (
    generation_readings,
    glued_mailbox,
    narrative_readings,
)
from exportctl.text.restricted import least_score, only_against

# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).

# (query as the desk wrote it, a listing it must find, what the detail says of the reading)
FOUND = [
    # -- a person's mailbox run together, at a free mail provider or a company's domain --
    ("pavelkachkaev@hotmail.com", ("au_dfat", "6574"), "run together"),
    ("soethein@yahoo.com", ("us_ofac_sdn", "31776"), "run together"),
    ("ganxuebi@mail.ru", ("us_ofac_sdn", "45397"), "run together"),
    ("nikolainikolaevichivanov@hotmail.com", ("gb_hmt", "14338"), "run together"),
    ("pavelkachkaev@rosneft.ru", ("au_dfat", "6574"), "run together"),
    # -- a number after a mailbox's name --
    ("kachkaev.pavel77@mail.ru", ("au_dfat", "6574"), "personal mailbox"),
    # -- a name unquoted in a payment's text --
    ("RE: AL KAWTHAR - FREIGHT", ("us_ofac_sdn", "28533"), "payment's text"),
    ("INV 1022 MEAMAR SARL GOODS", ("us_ofac_sdn", "29784"), "payment's text"),
    (
        "PMT FOR CONTRACT 12/2024 WITH LIBYAN ISLAMIC FIGHTING GROUP",
        ("un_sc", "QDe.011"),
        "payment's text",
    ),
    ("/BNF/LIMITED LIABILITY COMPANY FIVEL INV 3321", ("us_ofac_sdn", "44164"), "payment's text"),
    ("INV 1022 TRINITI GOODS", ("gb_hmt", "15927"), "payment's text"),
    (
        "PMT FOR CONTRACT 12/2024 WITH MEDVEDEV, Dmitry Anatolievich",
        ("us_ofac_sdn", "36407"),
        "payment's text",
    ),
    ("SETTLEMENT AL-BAKUR, Khalid INV. 55", ("us_ofac_sdn", "22140"), "payment's text"),
    ("/BNF/SAID ARIF INV 3321", ("un_sc", "QDi.323"), "payment's text"),
    # -- a generation after a person's name --
    ("HRYB, Mikhail Junior", ("us_ofac_sdn", "31831"), "generation"),
    ("NASSER, Rim Junior", ("us_ofac_sdn", "42307"), "generation"),
    ("Ko Tae Hun Junior", ("au_dfat", "3159"), "generation"),
]


@pytest.mark.parametrize(("query", "listing", "said"), FOUND)
def test_a_desk_written_name_finds_its_listing(
    bundled_index: ScreeningIndex, query: str, listing: tuple[str, str], said: str
) -> None:
    assert_found_with(bundled_index, query, listing, said)


# -- the guards: what each reading leaves alone --


@pytest.mark.parametrize(
    "text",
    [
        "salesteam@mail.ru",
        "infodesk@gmail.com",
        "exportmanager@acme.com",
        "ivan@mail.ru",  # (short: a nickname)
        "p.kachkaev@mail.ru",  # (not run together: the dotted reader's)
        "Pavel Kachkaev",
        "pavelkachkaev",
    ],
)
def test_no_glued_mailbox_of_a_role_a_short_name_or_no_address(text: str) -> None:
    assert glued_mailbox(text) is None


@given(st.sampled_from(["gmail.com", "mail.ru", "rosneft.ru"]), st.integers(0, 9999))
def test_a_glued_mailbox_is_its_letters_without_the_number(host: str, n: int) -> None:
    assert glued_mailbox(f"pavelkachkaev{n}@{host}") == "pavelkachkaev"


def test_a_glued_mailbox_cut_counts_against_persons_nearly_whole(
    bundled_index: ScreeningIndex,
) -> None:
    from exportctl.screening import Query
    from exportctl.screening.__init__ import _context
    from exportctl.screening.domain_words import mailbox_word_readings

    ctx = _context(Query("pavelkachkaev@hotmail.com"))
    mailbox_word_readings(ctx, bundled_index)
    cuts = {text: how for text, _, how in ctx.parts if "run together" in how}
    assert "pavel kachkaev" in cuts
    assert all(only_against(h) == "person" and least_score(h) == 0.95 for h in cuts.values())


@pytest.mark.parametrize(
    "text",
    [
        "ROSNEFT TRADING",  # (a name: no marker)
        "ACME WIRE WORKS",  # (one marker, no number)
        "SAID ARIF",
        "Unit 4, 12 Main Street",  # (a number, no marker)
        "INV 1022",  # (nothing but the narrative)
    ],
)
def test_no_narrative_reading_of_a_name_or_an_address(text: str) -> None:
    assert narrative_readings(text) == []


def test_a_narrative_piece_counts_nearly_whole_and_one_word_against_companies() -> None:
    (name, said), *_ = narrative_readings("PMT FOR CONTRACT 12/2024 WITH MIRAGE FOR KAWTHAR")
    how = "; ".join(said)
    # (a function word inside the name is kept; at its ends, read off)
    # (two words or more: a listed name a letter off counts too, 0.90 — escape34)
    assert name == "MIRAGE FOR KAWTHAR" and least_score(how) == 0.90 and only_against(how) is None
    (name, said), *_ = narrative_readings("INV 1022 TRINITI GOODS")
    how = "; ".join(said)
    assert name == "TRINITI" and only_against(how) == "organization" and least_score(how) == 0.95


@given(st.sampled_from(["Jr.", "JR", "Sr.", "III", "Junior", "Snr", "the second"]))
def test_a_generation_is_left_out_against_persons_only(gen: str) -> None:
    (name, said), *_ = generation_readings(f"HRYB, Mikhail {gen}")
    assert name == "HRYB, Mikhail" and only_against("; ".join(said)) == "person"


@pytest.mark.parametrize("text", ["Smith Jr", "JUNIOR", "KIM JONG UN", "SENIOR CARE LTD", "II"])
def test_no_generation_reading_of_one_word_or_no_generation(text: str) -> None:
    assert generation_readings(text) == []
