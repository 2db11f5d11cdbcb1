"""rev27b: review finds in escape27's readings (docs/reliability.md, "rev27b").

Each exact input below over-matched on main after escape27 (84c3a74): ``MD`` spelt out as
Muhammad in a business's name sent every MD firm against the lists' many Muhammads.
"""

from __future__ import annotations

import pytest

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.fields import field_readings


@pytest.mark.parametrize(
    "name", ["MD HELICOPTERS INC", "MD Anderson Cancer Center", "MD Pharma Ltd", "MD Trading LLC"]
)
def test_md_in_a_business_name_is_not_muhammad(name: str) -> None:
    assert not any("Muhammad" in r for r in dict(field_readings(name)))


@pytest.mark.parametrize(
    ("query", "listed", "etype"),
    [
        ("MD HELICOPTERS INC", "MUHAMMAD HELICOPTERS", EntityType.ORGANIZATION),
        ("MD Pharma Ltd", "Muhammad PHARMA", EntityType.PERSON),
    ],
)
def test_an_md_firm_does_not_alert_on_a_muhammad(
    query: str, listed: str, etype: EntityType
) -> None:
    """Both alerted at 0.969 through the 'Muhammad …' reading."""
    index = ScreeningIndex([Entity("t", "1", etype, [Name(listed)])])
    assert screen(Query(query), index) == []


@pytest.mark.parametrize(
    ("query", "reading"),
    [
        ("MD Rahman", "Muhammad Rahman"),
        ("Md Abdul Karim", "Muhammad Abdul Karim"),
        ("NASR, Md. Sayyah", "NASR, Muhammad Sayyah"),
        # (Sa'id's letter runs hold `sa`, S.A.'s: no business word)
        ("Md. Sa'id BUKHAYTAN", "Muhammad Sa'id BUKHAYTAN"),
        # (Mohd is no degree nor a firm's letters: spelt out in a business's name too)
        ("Mohd Ali Trading LLC", "Muhammad Ali Trading LLC"),
    ],
)
def test_md_before_a_name_is_still_muhammad(query: str, reading: str) -> None:
    assert reading in dict(field_readings(query))


def test_a_person_written_md_still_meets_the_listed_muhammad() -> None:
    index = ScreeningIndex([Entity("t", "1", EntityType.PERSON, [Name("Muhammad ANDERSON")])])
    [hit] = screen(Query("MD Anderson"), index)
    assert hit.score >= 0.9


# -- ALIAS written bare: a Malay given name and surname as well ----------------------------------


@pytest.mark.parametrize(
    "name", ["Nor Alias Abdullah", "Rosli Alias Hamid", "Ahmad Alias Bin Ismail"]
)
def test_a_malay_name_holding_alias_is_not_split(name: str) -> None:
    assert not any("joined at" in how for _, how in field_readings(name, person=True))


def test_a_malay_name_holding_alias_does_not_alert_on_its_last_word() -> None:
    """'Nor Alias Abdullah' was read as 'Nor' and 'Abdullah', and 'Abdullah' met the listed
    'Abdullah AZZAM' at 0.81."""
    index = ScreeningIndex([Entity("t", "1", EntityType.PERSON, [Name("Abdullah AZZAM")])])
    assert screen(Query("Nor Alias Abdullah"), index) == []


@pytest.mark.parametrize(
    ("query", "sides"),
    [
        (
            "Mohammad KARIMI ALIAS Dmitriy Viktorovich PODLIPANOV",
            {"Mohammad KARIMI", "Dmitriy Viktorovich PODLIPANOV"},
        ),
        ("Ali Hassan alias Abu Bakr", {"Ali Hassan", "Abu Bakr"}),
        ("GLOBAL STAR TRADING ALIAS CFU SHIPPING", {"GLOBAL STAR TRADING", "CFU SHIPPING"}),
        # (a one-word firm beside a business's name: desk_names' alias_between escape)
        ("Eastern Horizon Logistics ALIAS AVANGARD", {"Eastern Horizon Logistics", "AVANGARD"}),
        # (the marked forms split whatever their sides' length)
        ("Ramesh alias: Ramu", {"Ramesh", "Ramu"}),
    ],
)
def test_alias_between_two_names_still_splits(query: str, sides: set[str]) -> None:
    assert sides <= set(dict(field_readings(query, person=True)))
