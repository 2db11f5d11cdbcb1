"""Russian legal forms spelt out in ISO 9 or Telegram Latin (fail-open hunt, fuzz24).

The table of transliterated legal forms held the English-style spellings only (AKTSIONERNOE
OBSHCHESTVO); ISO 9, which libraries, Russian registers' Latin exports and the UN's UNGEGN
system write (č š šč ž j, ISO 9:1995 ŝ â û), left the legal form three strong words the listed
name does not have: ``Akcionernyj Kommerčeskij Bank NOVIKOMBANK`` scored 0.44 against the
listed ``Акционерный Коммерческий Банк НОВИКОМБАНК`` (UK OFSI), ``OBŠČESTVO S OGRANIČENNOJ
OTVETSTVENNOSTʹJU "SOVREMENNYJ MORSKOJ ARKTIČESKIJ TRANSPORT SPG"`` 0.68 against its listing.
"""

from __future__ import annotations

import iuliia
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import Query, ScreeningIndex, screen

# (legal form, name) as the UK list writes them in Cyrillic.
_LISTED = (
    ("Акционерный Коммерческий Банк", "НОВИКОМБАНК"),
    ("ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ", "СОВРЕМЕННЫЙ МОРСКОЙ АРКТИЧЕСКИЙ ТРАНСПОРТ СПГ"),
    ("ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО", "СПЕЦИАЛЬНОГО МАШИНОСТРОЕНИЯ И МЕТАЛЛУРГИИ МОТОВИЛИХА"),
    ("АКЦИОНЕРНОЕ ОБЩЕСТВО", "КОНЦЕРН ГРАНИТ"),
)
_SCHEMES = {
    "ISO 9:1954": iuliia.ISO_9_1954,
    "ISO 9:1995": iuliia.GOST_779,
    "UNGEGN 1987": iuliia.UNGEGN_1987,
    "Telegram": iuliia.TELEGRAM,
}


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex(
        [
            Entity(
                source="x",
                source_id=str(k),
                type=EntityType.ORGANIZATION,
                names=[Name(f"{form} {name}", NameKind.PRIMARY)],
            )
            for k, (form, name) in enumerate(_LISTED)
        ]
    )


def _score(index: ScreeningIndex, text: str, which: int) -> float:
    hit = [m for m in screen(Query(text), index, threshold=0.0) if m.source_id == str(which)]
    return hit[0].score if hit else 0.0


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("Akcionernyj Kommerčeskij Bank NOVIKOMBANK", 0),  # 0.44
        ("Aktcionernyi Kommercheskii Bank NOVIKOMBANK", 0),  # 0.43 (GOST 52535, passports)
        (
            "OBŠČESTVO S OGRANIČENNOJ OTVETSTVENNOSTʹJU SOVREMENNYJ MORSKOJ ARKTIČESKIJ "
            "TRANSPORT SPG",
            1,
        ),  # 0.68
        (
            "OBScESTVO S OGRANIChENNOI OTVETSTVENNOSTIu SOVREMENNYI MORSKOI ARKTIChESKII "
            "TRANSPORT SPG",
            1,
        ),  # 0.68 (Telegram)
    ],
)
def test_iso9_legal_forms_are_legal_forms(index: ScreeningIndex, text: str, which: int) -> None:
    assert _score(index, text, which) >= 0.95


@settings(max_examples=120, deadline=None)
@given(
    which=st.integers(0, len(_LISTED) - 1),
    scheme=st.sampled_from(sorted(_SCHEMES)),
    form_latin=st.booleans(),
    mask=st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_any_iso9_spelling_of_form_and_words_is_found(
    index: ScreeningIndex, which: int, scheme: str, form_latin: bool, mask: list[bool]
) -> None:
    """Property: the legal form in Cyrillic or romanised whole, each word of the name in
    Cyrillic or romanised, by one of the ISO 9 family or Telegram."""
    form, name = _LISTED[which]
    spell = _SCHEMES[scheme].translate
    words = [spell(w) if keep else w for w, keep in zip(name.split(), mask, strict=False)]
    text = " ".join([spell(form) if form_latin else form, *words])
    assert _score(index, text, which) >= 0.8
