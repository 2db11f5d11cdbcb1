"""Destinations as hostile or careless input: never decided for a country nobody named (fuzz18).

An unknown, historical, alpha-3, numeric or disguised destination raises UnknownCodeError; it
never yields a determination, least of all ``no_licence_required``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.errors import UnknownCodeError
from exportctl.licensing import determine
from exportctl.licensing.inputs import iso_countries, validate_country

REFUSED = [
    "ß",  # was SS (South Sudan): str.upper('ß') == 'SS'
    " ﬁ",  # was FI (Finland): the ligature upper-cases to 'FI'
    "ır",  # dotless i: upper-cases to 'IR'; refused rather than guessed
    "ＩＲ",
    "\u200bIR",
    "I\u200dR",
    "\u202eRI",
    "IRN",
    "364",
    "SU",
    "YU",
    "CS",
    "AN",
    "EU",
    "UK",
    "Iran, Islamic Republic of",
    "",
    " ",
]


@pytest.mark.parametrize("dest", REFUSED)
def test_unknown_destination_is_refused_regression(dest: str) -> None:
    for jurisdiction in ("us", "eu", "un"):
        with pytest.raises(UnknownCodeError):
            determine("EAR99", dest, jurisdiction=jurisdiction, date="2025-06-01")


def test_lower_case_and_spaces_are_read() -> None:
    assert validate_country(" ir ") == "IR"


@given(st.text(max_size=4))
def test_validate_country_yields_a_table_code_named_in_ascii(text: str) -> None:
    """Whatever comes in, what comes out is a code of the table that the input spelt in ASCII
    letters (case and surrounding whitespace aside)."""
    try:
        code = validate_country(text)
    except UnknownCodeError:
        return
    assert code in iso_countries()
    assert text.strip().upper() == code and text.strip().isascii()
