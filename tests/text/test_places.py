"""Place qualifiers of organisation names (text/places.py): what is dropped and what is not."""

from __future__ import annotations

import pytest

from exportctl.text.places import drop_place, place_words

DROPPED = [
    ("ISLAMIC STATE IN IRAQ AND THE LEVANT", "ISLAMIC STATE"),
    ("Islamic State–Libya", "Islamic State"),
    ("Islamic State of Iraq", "Islamic State"),
    ("Islamic State Sinai Province", "Islamic State"),
    ("Daesh Tunisia", "Daesh"),
    ("AL-HARAMAIN (ALBANIA BRANCH)", "AL-HARAMAIN"),
    ("Al-Haramain: Afghanistan Branch", "Al-Haramain"),
    ("AL-QA'IDA IN THE ARABIAN PENINSULA", "AL-QA'IDA"),
    ("BANK MELLI IRAN", "BANK MELLI"),
    ("Aid Organization of the Ulema, Pakistan", "Aid Organization of the Ulema"),
    ("ISIL’S SOUTH ASIA BRANCH", "ISIL’S"),
    ("VTB BANK BELARUS", "VTB BANK"),
    ("Eximbank of Russia", "Eximbank"),
]

KEPT = [
    "Central Bank of the Russian Federation",  # generic rest
    "National Bank of Iran",
    "Ministry of Defence of Iran",
    "CREDIT BANK OF MOSCOW",
    "The State of Sinai",
    "IS-Sinai",  # two letters: no name alone
    "Bank Rossiya",
    "Hayat Tahrir al-Sham",  # the place after a particle: part of a word
    "Front for the Liberation of the Levant",  # the place is the phrase's object
    "Mujahidin of Eastern Indonesia",
    "Combatant Force for the Liberation of Rwanda",
    "HANIFA MONEY EXCHANGE OFFICE (BRANCH LOCATED IN ALBU KAMAL, SYRIAN ARAB REPUBLIC)",
    "COMMUNIST PARTY OF THE PHILIPPINES",  # a party of any country
    "PROVINCE OF YEMEN",  # a designator alone
    "DAYAN GLOBAL",  # global: countrynames' ZZ, no place
    "Iran",  # a place alone
    "Rosneft",  # no place at all
]


@pytest.mark.parametrize(("listed", "rest"), DROPPED)
def test_a_place_qualifier_is_dropped(listed: str, rest: str) -> None:
    assert drop_place(listed) == rest


@pytest.mark.parametrize("listed", KEPT)
def test_nothing_is_dropped_where_the_rest_names_no_one(listed: str) -> None:
    assert drop_place(listed) == ""


def test_places_come_from_the_country_spellings_and_the_regions() -> None:
    places = place_words()
    assert {"iraq", "tunisia", "russian federation", "levant", "arabian peninsula"} <= places
    assert "and" not in places and "uk" not in places  # (codes and short spellings left out)
