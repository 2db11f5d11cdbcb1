"""A Russian legal form spelt out, whose tail rigour reads as a form of its own, is read whole
(lead, session 28; found by rev28b's random draw of tests/text/test_form_phrases.py).

rigour's org-type table reads ``aktsionernoe obschestvo`` as ``ao`` but not ``publichnoe
aktsionernoe obschestvo``: the head stayed a word of the name on both sides. OFAC lists
``PUBLICHNOE AKTSIONERNOE OBSCHESTVO SOLLERS``; `PAO SOLLERS` and `PJSC SOLLERS` found nothing,
and `PUBLICHNOE AKTSIONERNOE OBSCHESTVO SBERBANK ROSSII` nothing against OFAC's `SBERBANK
ROSSII OAO`."""

from __future__ import annotations

import pytest

from exportctl.model import EntityType
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import name_for


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("PUBLICHNOE AKTSIONERNOE OBSCHESTVO SOLLERS", ["jsc", "sollers"]),
        ("Zakrytoe Aktsionernoe Obschestvo Kompas", ["jsc", "kompas"]),
        ("NEPUBLICHNOE AKTSIONERNOE OBSCHESTVO KOMPAS", ["jsc", "kompas"]),
        ("PAO SOLLERS", ["jsc", "sollers"]),
        # (the head alone is no legal form: a word of the name)
        ("PUBLICHNOE OBSCHESTVO KOMPAS", ["publichnoe", "obschestvo", "kompas"]),
    ],
)
def test_the_spelt_out_form_is_one_legal_form(written: str, read: list[str]) -> None:
    assert [t.text for t in name_for(written, EntityType.ORGANIZATION).tokens] == read


@pytest.mark.parametrize(
    ("query", "source", "listed"),
    [
        ("PAO SOLLERS", "us_ofac_sdn", "PUBLICHNOE AKTSIONERNOE OBSCHESTVO SOLLERS"),
        ("PJSC SOLLERS", "us_ofac_sdn", "PUBLICHNOE AKTSIONERNOE OBSCHESTVO SOLLERS"),
        (
            "PUBLICHNOE AKTSIONERNOE OBSCHESTVO SBERBANK ROSSII",
            "us_ofac_cons",
            "SBERBANK ROSSII OAO",
        ),
    ],
)
def test_the_listed_company_is_found(
    bundled_index: ScreeningIndex, query: str, source: str, listed: str
) -> None:
    found = [(m.source, m.matched_name) for m in screen(Query(query), bundled_index)]
    assert (source, listed) in found, found
