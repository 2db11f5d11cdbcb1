"""escape32's readings under disguise (rev32c; docs/reliability.md, "rev32c").

Each query below is one of round 9's escapes (tests/screening/test_escapes_round9.py) written
as a desk or an attacker may: full-width letters, a no-break space, a look-alike letter inside
a quoted name, a full stop or a semicolon after the field, the punctuation of a birth name's
mark (`nee.`, `born:`), a quote pair of another language, a mailbox's sub-address, two cells
unspaced or parted by a tab. Each cleared its listed party on main 7cf0d153 (escape32 merged).
The guards beside them hold the widened readings to their marks.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.screening.found import assert_found_with

from exportctl.screening import ScreeningIndex
from exportctl.text.desk_forms import (
    _birth_name,
    birth_name_readings,
    quoted_readings,
    repeat_readings,
    roman_one_readings,
)
from exportctl.text.fields import field_readings

# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).

NOOR = ("us_ofac_sdn", "25383")
KIM = ("us_ofac_sdn", "17622")
VIHRO = ("us_ofac_sdn", "32122")
NINA = ("au_dfat", "6350")
KORYO = ("au_dfat", "3256")

FOUND = [
    # -- full-width forms, a no-break space, a Roman numeral's sign, a look-alike letter --
    ("ＮＯＯＲ Ｉ", NOOR),
    ("NOOR Ⅰ", NOOR),
    ("Sergey\u00a0Pavlovych\u00a0CEKOV", ("gb_hmt", "12929")),
    ("Ｖｌａｄｉｍｉｒ ＹＥＪＩＫＯＶ", ("au_dfat", "7271")),
    ("PАYMENT TО 'BАNIHASHEMI, Mоhammad' FОR INVОICE 2231", ("us_ofac_sdn", "30290")),
    ("Payment to ＂VIHROGONIKA AD＂ for invoice 4471", VIHRO),
    ("Ｔｈｅ ＪＳＣ ＧＴＬＫ", ("gb_hmt", "15309")),
    # -- a full stop, a semicolon, spaces after the field --
    ("KORYO BANK (SWIFT: KORYKPDX).", KORYO),
    ("KORYO BANK, THE.", KORYO),
    ("XHAFERI, Shefit (born HASSAN) . ", ("us_ofac_sdn", "7811")),
    ("nina.ostanina@gmail.com;", NINA),
    # -- a Roman one and two letters joined, spaced otherwise --
    ("NOOR  I", NOOR),
    ("NOOR I.", NOOR),
    ("NOOR-I", NOOR),
    ("NOOR\tI", NOOR),
    ("noor i", NOOR),
    ("I  and  S HOLDING COMPANY, S.A.", ("us_ofac_sdn", "13356")),
    # -- a birth name's mark punctuated, or of another language, or a longer birth name --
    ("KIM, Sok Chol (nee. PETROVA)", KIM),
    ("KIM, Sok Chol (born: PETROVA)", KIM),
    ("KIM, Sok Chol (NEE: PETROVA)", KIM),
    ("KIM, Sok Chol (geb PETROVA)", KIM),
    ("KIM, Sok Chol (maiden name PETROVA)", KIM),
    ("KIM, Sok Chol (nee Anna PETROVA IVANOVA)", KIM),
    # -- a quote of another language's pair, or unspaced --
    ("Payment to ”VIHROGONIKA AD” for invoice 4471", VIHRO),
    ("Payment to `VIHROGONIKA AD` for invoice 4471", VIHRO),
    ('Payment to "VIHROGONIKA AD"for invoice 4471', VIHRO),
    ('Payment to:"VIHROGONIKA AD" for invoice 4471', VIHRO),
    # -- a mailbox's sub-address, a number after its name, a link's scheme --
    ("nina.ostanina+invoices@gmail.com", NINA),
    ("nina.ostanina1978@gmail.com", NINA),
    ("mailto:nina.ostanina@gmail.com", NINA),
    # -- a bank's code labelled with a hyphen; one word in two cells unspaced or tabbed --
    ("KORYO BANK SWIFT-KORYKPDX", KORYO),
    ("KORDELI/KORDELI", ("us_ofac_sdn", "47627")),
    ("KORDELI\tKORDELI", ("us_ofac_sdn", "47627")),
]


@pytest.mark.parametrize(("query", "listing"), FOUND)
def test_a_disguised_round9_name_finds_its_listing(
    bundled_index: ScreeningIndex, query: str, listing: tuple[str, str]
) -> None:
    assert_found_with(bundled_index, query, listing)


# (a full-width form, a no-break space, a trailing full stop: each as the plain field)
_DISGUISES = {
    "full-width": lambda s: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s),
    "no-break space": lambda s: s.replace(" ", "\u00a0"),
    "full stop after": lambda s: s + ".",
    "semicolon after": lambda s: s + " ;",
}
_PLAIN = [
    "KORYO BANK (SWIFT: KORYKPDX)",
    "KIM, Sok Chol (NEE PETROVA)",
    "nina.ostanina@gmail.com",
    "The JSC GTLK",
    "NOOR I",
    "Sergey Pavlovych CEKOV",
]


@given(st.sampled_from(_PLAIN), st.sampled_from(sorted(_DISGUISES)))
def test_a_disguise_keeps_the_reading_of_the_plain_field(plain: str, how: str) -> None:
    def names(text: str) -> set[str]:
        # (words only: a reading of the whole field keeps its full stop, as the screen drops it)
        return {" ".join(re.findall(r"\w+", n.casefold())) for n, _ in field_readings(text)}

    lost = names(plain) - names(_DISGUISES[how](plain))
    assert not lost, f"{how}: {lost}"


@pytest.mark.parametrize(
    "text",
    [
        "Mary Ann B. Smith",  # (a middle initial: `b.` marks no birth name)
        "Anna Ur Smith",
        "Maria Nata Rossi",
    ],
)
def test_no_birth_name_reading_of_an_initial_or_a_name(text: str) -> None:
    assert birth_name_readings(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ali's SHOP 'DELTA' x",  # (the apostrophe inside `Ali's` opens no quote)
        "James ”Forum” Lynch",  # (a nickname between names, in right quotes)
        "Payment to ”VIHROGONIKA AD“",  # (a right quote closed by a left one)
    ],
)
def test_no_quote_reading_of_an_apostrophe_a_nickname_or_a_mismatched_pair(text: str) -> None:
    assert [n for n, _ in quoted_readings(text)] in ([], ["DELTA"])


def test_a_one_cell_pair_needs_one_word_twice() -> None:
    assert repeat_readings("KORDELI/KORDELI")[0][0] == "KORDELI"
    assert repeat_readings("AB/AB") == []  # (two letters: too short a word alone)
    assert repeat_readings("KORDELI/ALKON") == []
    assert roman_one_readings("AB I") == []  # (a name word of three letters at least)


@pytest.mark.timeout(60)
def test_the_birth_name_pattern_scans_a_long_run_of_spaces_in_time() -> None:
    # (7cf0d153's pattern opened with `\s*[,(\[]?\s*`: tried at each place of a run of spaces it
    # split the run every way, 87 ms for 250 spaces and cubic beyond; 12,000 take milliseconds)
    for unit in (" ", "\t ", " ,", " ("):
        text = "KIM Sok" + unit * (12_000 // len(unit)) + "x"
        assert _birth_name().search(text) is None
