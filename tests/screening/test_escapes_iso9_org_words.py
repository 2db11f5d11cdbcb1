"""Russian organisation words that rigour's org-type table abbreviates, spelt in ISO 9 Latin, and
the abbreviation ГК (fail-open hunt, fuzz24).

``FEDERALʹNOE KAZENNOE PREDPRIJATIE GOSUDARSTVENNYJ NAUČNO-ISSLEDOVATELʹSKIJ INSTITUT
HIMIČESKIH PRODUKTOV`` scored 0.40 against its OFSI listing in Cyrillic: rigour reads the listed
words as ФКП (the legal form fsue) and ГосНИИ (a word of the name), and the ISO 9 words were
seven strong words the listing lacked. ``GK Struktura`` scored 0.64 against the listed ``Группа
Компаний Структура`` (group co struktura): GK, the abbreviation of группа компаний, was a
strong word.
"""

from __future__ import annotations

import pytest

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text import normalize_name


def _hit(listed: str, query: str) -> tuple[float, str]:
    index = ScreeningIndex(
        [Entity("x", "0", EntityType.ORGANIZATION, names=[Name(listed, NameKind.PRIMARY)])]
    )
    hits = screen(Query(query), index, threshold=0.0)
    assert hits, query
    return hits[0].score, hits[0].features["name_match"]["detail"]


_FKP = (
    "ФЕДЕРАЛЬНОЕ КАЗЕННОЕ ПРЕДПРИЯТИЕ ГОСУДАРСТВЕННЫЙ НАУЧНО-ИССЛЕДОВАТЕЛЬСКИЙ ИНСТИТУТ "
    "ХИМИЧЕСКИХ ПРОДУКТОВ"
)


@pytest.mark.parametrize(
    "query",
    [
        "FEDERALʹNOE KAZENNOE PREDPRIJATIE GOSUDARSTVENNYJ NAUČNO-ISSLEDOVATELʹSKIJ INSTITUT "
        "HIMIČESKIH PRODUKTOV",
        "Federalnoe Kazennoe Predpriyatie Gosudarstvennyi Nauchno-Issledovatelskii Institut "
        "Khimicheskikh Produktov",  # GOST 52535 / ICAO
        "FKP GOSNII KHIMICHESKIKH PRODUKTOV",
    ],
)
def test_iso9_organisation_words_are_read_as_the_listed_abbreviations(query: str) -> None:
    score, detail = _hit(_FKP, query)
    assert score >= 0.85, detail


def test_the_explanation_names_the_iso9_reading() -> None:
    query = (
        "FEDERALʹNOE KAZENNOE PREDPRIJATIE GOSUDARSTVENNYJ NAUČNO-ISSLEDOVATELʹSKIJ INSTITUT "
        "HIMIČESKIH PRODUKTOV"
    )
    _, detail = _hit(_FKP, query)
    assert "federalnoe → federalnoye" in detail
    assert "gosudarstvennyj → gosudarstvenny" in detail
    tokens = normalize_name(query, True).tokens
    assert [t.forms[0] for t in tokens][:2] == ["fsue", "gosnii"]
    assert tokens[1].kind == tokens[2].kind  # (gosnii a word of the name, as listed)


def test_gk_is_a_group_of_companies() -> None:
    score, detail = _hit("Группа Компаний Структура", "GK Struktura")
    assert score >= 0.85, detail
    assert "unmatched gk" not in detail
