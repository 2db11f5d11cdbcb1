"""The one country table (licensing/rulebooks/iso3166.csv via exportctl.countries).

Its codes and regions are checked against an independent source, rigour.territories (installed
with exportctl), and its names against the list-name reader: a table edit that drifts from
either fails here.
"""

from __future__ import annotations

import pytest
from rigour.territories import get_territory

from exportctl.countries import country_name, country_names, is_country, region_of, to_iso2
from exportctl.licensing.engine import iso_countries

TABLE = country_names()


def test_every_code_is_a_territory_with_the_same_m49_region() -> None:
    assert len(TABLE) == 250
    for code in TABLE:
        territory = get_territory(code.lower())
        assert territory is not None, code
        assert region_of(code) == territory.region, code


def test_every_name_reads_back_as_its_code() -> None:
    for code, name in TABLE.items():
        assert to_iso2(name) == code, (code, name)


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("NO", "Europe"),  # the old regions.yaml read a bare NO as YAML false: Norway was Unknown
        ("UA-CRI", "Europe"),  # a covered region counts as its country
        ("kp", "Asia"),
        ("XK", "Europe"),  # not in M49; placed with its geography
        ("ZZ", "Unknown"),
        (None, "Unknown"),
    ],
)
def test_region_of(code: str | None, region: str) -> None:
    assert region_of(code) == region


def test_names_and_membership() -> None:
    assert country_name("HK") == "Hong Kong SAR China"
    assert country_name("ZZ") == "ZZ"
    assert is_country("IR") and not is_country("ir") and not is_country("ZZ")
    assert not is_country(None) and not is_country("")


def test_licensing_reads_the_same_table() -> None:
    assert iso_countries() == TABLE
