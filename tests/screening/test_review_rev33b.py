"""Review of escape35's round-10b readings (rev33b; docs/reliability.md, "rev33b").

Each input below failed on main 85544109 (escape35 merged), screened untyped against the
bundled lists: a birthplace after ``b.``/``born`` read as a birth name for the surname, a tag
in brackets after a company's name read as a quoted name (false alerts at 1.0); and the
readings under disguise — a BIC spaced in groups, a branch's code, lookalike letters in a
code, a cut mark written in full width or another way, an en dash after ``ex``, ``fka``, a
zero-width space in mojibake, East Asian angle brackets (each cleared its listed party).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.screening.found import assert_found_with, found_details

from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.desk_forms import (
    birth_name_readings,
    former_name_readings,
    mojibake_readings,
    quoted_readings,
)
from exportctl.text.fields import field_readings, truncated_prefix

# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).

# -- false alerts ---------------------------------------------------------------------------

# (a query, a listing it alerted on at 0.95 or more through the new reading)
NOT_FOUND = [
    # (a birthplace after `b.`/`born`: AU DFAT's and OFSI's Aziz CAIRO, Kirill I of Moscow)
    ("Aziz HASSAN (b. Cairo)", ("au_dfat", "1234")),
    ("Aziz HASSAN (born Cairo)", ("au_dfat", "1234")),
    ("Kirill SMIRNOV (b. Moscow)", ("au_dfat", "7434")),
    # (a tag in brackets after a company's whole name: a department, a project, a branch)
    ("Acme Ltd <Phoenix>", ("us_ofac_sdn", "47650")),
    ("Acme Ltd [Phoenix]", ("us_ofac_sdn", "47650")),
    ("Acme GmbH [Crest]", ("gb_hmt", "12263")),
    ("Acme Ltd <Integral>", ("gb_hmt", "14202")),
    ("Acme Ltd <Router>", ("us_ofac_sdn", "47406")),
    ("Acme Ltd <<Medic>>", ("us_ofac_sdn", "28529")),
    # (a Ukrainian surname as it is, read back from the Russian layout as `cnec`: OFAC's CNEC)
    ("Стус", ("us_ofac_cons", "30958")),
]


@pytest.mark.parametrize(("query", "listing"), NOT_FOUND)
def test_a_birthplace_or_a_tag_in_brackets_alerts_on_no_listed_name(
    bundled_index: ScreeningIndex, query: str, listing: tuple[str, str]
) -> None:
    assert listing not in found_details(bundled_index, query)


@pytest.mark.parametrize(
    "text",
    [
        "Aziz HASSAN (b. Cairo)",
        "Karuna DEVI (b. Amman)",
        "Anna SMITH geb. Berlin",
        "Anna SMITH (born Egypt)",
        "Anna SMITH (b. Tel Aviv)",
    ],
)
def test_a_place_after_a_birth_mark_is_not_read_for_the_surname(text: str) -> None:
    assert len(birth_name_readings(text)) == 1  # (the name before it, left as it was)


def test_a_name_after_a_birth_mark_is_still_read_for_the_surname() -> None:
    assert [n for n, _ in birth_name_readings("Anna SMITH (nee Paris)")][1] == "Anna Paris"
    assert [n for n, _ in birth_name_readings("Zineb TOURAY (b. SUMA)")][1] == "Zineb SUMA"


@pytest.mark.parametrize(
    "text",
    ["Acme Ltd <Phoenix>", "Acme GmbH [Crest]", "Acme Ltd <<Phoenix>>", "Acme Ltd [Phoenix] 22"],
)
def test_one_word_in_brackets_beside_no_function_word_is_no_quote(text: str) -> None:
    assert quoted_readings(text) == []


def test_a_name_of_two_words_in_brackets_after_a_name_is_still_read(
    bundled_index: ScreeningIndex,
) -> None:
    assert_found_with(bundled_index, "Acme Ltd [KORYO BANK]", ("gb_hmt", "13486"), "bracketed")


# -- readings under disguise ---------------------------------------------------------------

FOUND = [
    # (a listed BIC spaced or hyphenated in its groups, a branch's code, lookalike letters)
    ("KORB KP PY", ("us_ofac_sdn", "20572"), None),
    ("korb kp py xxx", ("us_ofac_sdn", "20572"), None),
    ("KORB-KP-PY", ("us_ofac_sdn", "20572"), None),
    ("KORBKPPY001", ("us_ofac_sdn", "20572"), None),
    ("КОRВKPPY", ("us_ofac_sdn", "20572"), None),
    # (a cut mark in full width, or as other systems write one)
    ("OPEN JOINT STOCK COMPANY TAMBO ＞＞", ("us_ofac_sdn", "46746"), None),
    ("OPEN JOINT STOCK COMPANY TAMBO ⋯", ("us_ofac_sdn", "46746"), None),
    ("OPEN JOINT STOCK COMPANY TAMBO ‥", ("us_ofac_sdn", "46746"), None),
    ("OPEN JOINT STOCK COMPANY TAMBO »", ("us_ofac_sdn", "46746"), None),
    ("OPEN JOINT STOCK COMPANY TAMBO >>>", ("us_ofac_sdn", "46746"), None),
    ("OPEN JOINT STOCK COMPANY TAMBO ~~", ("us_ofac_sdn", "46746"), None),
    ("OPEN JOINT STOCK COMPANY TAMBO . . .", ("us_ofac_sdn", "46746"), None),
    ("OPEN JOINT STOCK COMPANY TAMBO ->", ("us_ofac_sdn", "46746"), None),
    # (an en or em dash after `ex`, as a word processor writes it; `fka`, `prev.`)
    ("ORIENT GLORY (EX–PARMIS)", ("us_ofac_sdn", "25264"), "present name"),
    ("ORIENT GLORY (EX—PARMIS)", ("us_ofac_sdn", "25264"), "present name"),
    ("ORIENT GLORY (fka PARMIS)", ("us_ofac_sdn", "25264"), "present name"),
    ("ORIENT GLORY (prev. PARMIS)", ("us_ofac_sdn", "25264"), "present name"),
    # (a zero-width space inside mojibake)
    ("Viktor Ivanovich Ratu\u200bÅ¡njak", ("gb_hmt", "12892"), "mojibake"),
    # (East Asian angle and lenticular brackets, `<<<…>>>`)
    ("shipment for 〈ROSNEFT〉 as agreed", ("ca_sema", "ru-3-2"), "bracketed"),
    ("shipment for 《ROSNEFT》 as agreed", ("ca_sema", "ru-3-2"), "bracketed"),
    ("shipment for 【KORYO BANK】 as agreed", ("gb_hmt", "13486"), "bracketed"),
    ("shipment for <<<ROSNEFT>>> as agreed", ("ca_sema", "ru-3-2"), "bracketed"),
]


@pytest.mark.parametrize(("query", "listing", "said"), FOUND)
def test_a_disguised_round10b_form_finds_its_listing(
    bundled_index: ScreeningIndex, query: str, listing: tuple[str, str], said: str | None
) -> None:
    assert_found_with(bundled_index, query, listing, said)


@pytest.mark.parametrize("query", ["KORB KP PY", "KORBKPPY001", "КОRВKPPY"])
def test_a_disguised_bic_is_found_as_the_banks_identifier(
    bundled_index: ScreeningIndex, query: str
) -> None:
    (match,) = [m for m in screen(Query(query), bundled_index) if m.source_id == "20572"]
    assert match.features["identifier_match"]["detail"] == "swift KORBKPPY listed"


@pytest.mark.parametrize(
    "query",
    [
        "MSKU1234567",  # (a container's number: four letters, seven digits)
        "GB29NWBK60161331926819",  # (an IBAN)
        "DEUTDEFF500",  # (a branch of a bank no list names)
        "GOLD BERG AG XX",  # (words in a code's groups that spell no listed code)
    ],
)
def test_a_code_of_no_listed_bank_alerts_on_nothing(
    bundled_index: ScreeningIndex, query: str
) -> None:
    assert found_details(bundled_index, query) == {}


@pytest.mark.parametrize("mark", ["-", "–", "*", "/"])
def test_a_spaced_dash_or_another_sign_is_no_cut_mark(mark: str) -> None:
    assert truncated_prefix(f"OPEN JOINT STOCK COMPANY TAMBO {mark}") == ""


def test_an_en_dash_inside_a_name_is_no_former_name_mark() -> None:
    assert former_name_readings("KOREA EX–IM BANK") == []


def test_the_former_name_is_read_off_the_first_mark_with_a_name_after_it() -> None:
    readings = dict(former_name_readings("X LINE (ex TET KHAM (S) PTE. LTD.)"))
    assert set(readings) == {"TET KHAM (S) PTE. LTD.", "X LINE"}
    (then, _), _ = former_name_readings("SEA STAR ex TET KHAM (S)")
    assert then == "TET KHAM (S)"


@pytest.mark.parametrize(
    "field",
    [
        "x" + " ex–" * 60,
        "a former " * 28,
        "А " * 120 + "ex !",
        "Ã\u200b" * 250,
        "a " + "> " * 250,
        "a " + ". " * 250,
        "for " + "<" * 500 + "x" + ">" * 500,
        "KORB " * 100,
        "KORB-" * 100,
    ],
)
def test_the_reviewed_readers_are_quick_on_hostile_fields(field: str) -> None:
    from exportctl.screening.bic_codes import _BIC_WORD

    start = time.perf_counter()
    former_name_readings(field)
    mojibake_readings(field)
    quoted_readings(field)
    truncated_prefix(field)
    _BIC_WORD.findall(field)
    assert time.perf_counter() - start < 0.25


def test_a_superscript_read_back_from_mojibake_raises_nothing(
    bundled_index: ScreeningIndex,
) -> None:
    # (`ARGO Â²` read back as `ARGO ²`: the number reading took `²` for a numeral and int()
    # raised ValueError out of screen())
    assert_found_with(bundled_index, "ARGO Â²", ("us_ofac_sdn", "15038"), "mojibake")


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_the_field_readings_of_any_mojibake_raise_nothing(text: str) -> None:
    field_readings("ARGO " + text.encode("utf-8").decode("cp1252", errors="ignore"))
