"""Belarusian and Ukrainian names read in their Russian forms (issue #12, original-script
recall; text/slavic_forms.py, table text/data/slavic_name_forms.yaml).

A Belarusian or Ukrainian party is often listed under the Russian form of its names: Сяргей
ХРЫПАЧ as Sergei KHRIPACH (0.79 before), Поклонська as POKLONSKAYA. Tried against UN + UK OFSI
with every non-Latin name removed (fixture ``latin_only``), as the recall probe does.
"""

from __future__ import annotations

import pytest
from _hits import find_match, hit_detail
from hypothesis import given
from hypothesis import strategies as st

from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.readings import token_forms
from exportctl.text.scripts import cyrillic_variants
from exportctl.text.slavic_forms import russian_forms, slavic_forms


@pytest.mark.parametrize(
    ("text", "source_id"),
    [
        ("Сяргей ХРЫПАЧ", "16291"),  # Belarusian Сяргей: Sergei
        ("Антон Уладзіміравіч КАЛЯГА", "16292"),  # Belarusian patronymic: Vladimirovich
        ("Наталія Поклонська", "12977"),  # Ukrainian -ська: POKLONSKAYA
        ("Сяргей Сіманенка", "14205"),  # Belarusian -енка: SIMONENKO
        ("Петр Зима", "12927"),  # Russian Петр printed without ё: PYOTR
    ],
)
def test_a_national_form_finds_the_russian_listing(
    latin_only: ScreeningIndex, text: str, source_id: str
) -> None:
    hit = find_match(latin_only, text, source_id, "person")
    assert "names also read in their Russian forms" in str(hit.features["name_match"]["detail"])


@pytest.mark.parametrize(
    ("raw", "russian"),
    [
        ("сяргей", "сергей"),
        ("уладзіміравіч", "владимирович"),
        ("фёдаравіч", "фёдорович"),
        ("володимирович", "владимирович"),
        ("олександрівна", "александровна"),
        ("поклонська", "поклонская"),
        ("зеленський", "зеленский"),
        ("сіманенка", "сіманенко"),
    ],
)
def test_russian_forms(raw: str, russian: str) -> None:
    assert russian in russian_forms(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "сергей",  # already Russian
        "иванович",  # a Russian patronymic is itself
        "ська",  # an ending with no stem
        "олексійович",  # a given name in й takes another Russian ending: left alone
        "хрыпач",
    ],
)
def test_no_russian_form(raw: str) -> None:
    assert russian_forms(raw) == ()


def test_a_different_name_stays_apart(latin_only: ScreeningIndex) -> None:
    # Сяргей is read as SERGEI, never as another given name: Сяргей ХРЫПАЧ does not reach
    # a listed person of another surname.
    for m in screen(Query("Сяргей ХРЫПАЧ", type="person"), latin_only, limit=20):
        assert "KHRIPACH" in m.name.upper() or "KRYPACH" in m.name.upper(), m.name


def test_latin_detail_names_the_reading(latin_only: ScreeningIndex) -> None:
    detail = hit_detail(latin_only, "Сяргей ХРЫПАЧ", "16291")
    assert "сяргей → сергей" in detail


@given(st.sampled_from(sorted(slavic_forms().given)))
def test_every_national_given_name_keeps_its_own_forms(raw: str) -> None:
    # The Russian form's spellings are added after the token's own romanisations, never in
    # their place (the token still matches a listing spelt the national way: SIARHEI).
    forms = token_forms(raw, False)[0]
    own = cyrillic_variants(raw)
    assert forms[: len(own)] == own
    for ru in russian_forms(raw):
        assert set(cyrillic_variants(ru)) <= set(forms)
