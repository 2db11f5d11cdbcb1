"""JOINT STOCK COMMERCIAL BANK is the joint-stock legal form (issue #12, original-script
recall; text/data/legal_forms.yaml): rigour reads Акционерный Коммерческий Банк (АКБ) as it,
and lists write it in English spelt out, so the Cyrillic name was 0.63 from its own listing."""

from __future__ import annotations

from _hits import find_match

from exportctl.screening import ScreeningIndex
from exportctl.screening._keys import name_for


def _tokens(text: str) -> list[tuple[str, str]]:
    return [(t.text, t.kind) for t in name_for(text, "organization").tokens]


def test_the_spelt_out_form_is_the_legal_form() -> None:
    assert _tokens("JOINT-STOCK COMMERCIAL BANK NOVIKOMBANK") == _tokens(
        "Акционерный Коммерческий Банк НОВИКОМБАНК"
    )
    assert ("jsc", "legal") in _tokens("JOINT-STOCK COMMERCIAL BANK NOVIKOMBANK")


def test_a_commercial_bank_alone_stays_its_words() -> None:
    # Without "joint stock" the words are the name's own (COMMERCIAL BANK OF SYRIA).
    toks = _tokens("COMMERCIAL BANK OF SYRIA")
    assert ("commercial", "name") in toks
    assert ("bank", "name") in toks


def test_the_cyrillic_name_finds_its_listing(latin_only: ScreeningIndex) -> None:
    hit = find_match(
        latin_only, "Акционерный Коммерческий Банк НОВИКОМБАНК", "16337", "organization"
    )
    assert hit.score >= 0.9
