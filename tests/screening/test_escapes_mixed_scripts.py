"""A name written partly in Latin letters and partly in another script (issue #12, recall).

A listed Cyrillic name was compared "in script" with a query holding Latin words too (the
query's ASCII words did not count among its scripts), and that comparison capped the score:
``Alfa Trеid ООО`` (a Cyrillic е) scored 0.28 against ``ООО Альфа Трейд`` (found by the
ownership lookup, session 19). A name holding a Latin word is not written in one non-Latin
script alone, so no same-script comparison caps it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text import normalize_name

# Listed Cyrillic names with each word as a customer file romanises it.
_NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ООО Альфа Трейд", ("OOO", "Alfa", "Treid")),
    ("Банк Россия", ("Bank", "Rossiya")),
    ("Газпром Нефть", ("Gazprom", "Neft")),
    ("Торговый Дом Восток", ("Torgovyy", "Dom", "Vostok")),
)
# Cyrillic letters that look like Latin ones: the disguise typed into a Latin word.
_LOOKALIKE = str.maketrans("aeopcxyAEOPCXKMTHB", "аеорсхуАЕОРСХКМТНВ")


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex(
        [
            Entity(
                source="x",
                source_id=str(k),
                type=EntityType.ORGANIZATION,
                names=[Name(listed, NameKind.PRIMARY)],
            )
            for k, (listed, _) in enumerate(_NAMES)
        ]
    )


def _score(index: ScreeningIndex, text: str, source_id: str) -> float:
    hit = [m for m in screen(Query(text), index, threshold=0.0) if m.source_id == source_id]
    return hit[0].score if hit else 0.0


@pytest.mark.parametrize("text", ["ＡLFＡ Treid ООО", "Alfa Trеid ООО", "Alfa Treid ООО"])
def test_latin_words_beside_a_cyrillic_legal_form_find_the_cyrillic_listing(
    index: ScreeningIndex, text: str
) -> None:
    assert _score(index, text, "0") >= 0.95


def test_a_name_with_a_latin_word_is_not_read_as_one_script() -> None:
    assert normalize_name("Alfa Trеid ООО").scripts == {"Latn", "Cyrl"}
    assert normalize_name("ООО Альфа Трейд").scripts == {"Cyrl"}
    assert normalize_name("ООО Альфа 7").scripts == {"Cyrl"}  # (a number is no Latin word)


@settings(max_examples=120, deadline=None)
@given(
    which=st.integers(0, len(_NAMES) - 1),
    mask=st.lists(st.booleans(), min_size=3, max_size=3),
    disguise=st.booleans(),
)
def test_any_mix_of_written_and_romanised_words_scores_as_the_romanised_name(
    index: ScreeningIndex, which: int, mask: list[bool], disguise: bool
) -> None:
    """Property: each word written in Cyrillic as listed or romanised (and the romanised
    words optionally disguised with Cyrillic lookalikes) never scores below the name
    romanised whole."""
    listed, latin = _NAMES[which]
    words = listed.split()
    mixed = [
        (lat.translate(_LOOKALIKE) if disguise else lat) if keep else cyr
        for cyr, lat, keep in zip(words, latin, mask, strict=False)
    ]
    whole = _score(index, " ".join(latin), str(which))
    assert whole >= 0.9
    assert _score(index, " ".join(mixed), str(which)) >= min(whole, 0.95)
