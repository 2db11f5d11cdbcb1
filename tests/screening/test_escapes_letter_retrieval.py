"""Retrieval of the names an Arabic-script query spells letter by letter (issue #12,
original-script recall; screening/letter_retrieval.py).

The strict letter fit lifts a listed person's name to an exact reading (0.9), but retrieval
bounded each row by its consonant-frame alignment: ``احمد کدام`` scored 0.9 against Ahmad KADEM
when screened with threshold 0 and was not found at the default threshold (its row bounded
below the floor, never scored). Tried against UN + UK OFSI with every non-Latin name removed
(fixture ``latin_only``), as ``benchmarks/screening_recall.py`` does.
"""

from __future__ import annotations

import pytest
from _hits import find_match

from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import name_for
from exportctl.screening.features import READING_FACTOR, QueryContext
from exportctl.screening.letter_retrieval import letter_fit_candidates
from exportctl.text.arabic_letters import arabic_words, latin_alphabet, name_letter_fit

STRICT = "(strict letter fit; an exact reading"


@pytest.mark.parametrize(
    ("text", "source_id"),
    [
        ("احمد کدام", "15892"),  # Ahmad KADEM: the frame kdm is no close match of kadem
        ("عبدالحسین خسروپناه", "16001"),  # Abdol Hossein Khosrow PANAH, reached respaced
        ("حبیب\u200cالله سیاری", "16606"),  # Habibollah SAYYARI (a ZWNJ inside the word)
        ("عزیز الرحمان عبد الاحد", "TAi.121"),  # AZIZIRAHMAN ABDUL AHAD
        # Nine Latin words (each article its own): paired word by word up to ten now.
        ("راضي عبد السميع أبواليزيد العياشي", "QDi.142"),
    ],
)
def test_a_name_spelt_letter_by_letter_is_retrieved(
    latin_only: ScreeningIndex, text: str, source_id: str
) -> None:
    hit = find_match(latin_only, text, source_id, "person")
    assert STRICT in str(hit.features["name_match"]["detail"])
    assert hit.score >= READING_FACTOR


@pytest.mark.parametrize(
    "text", ["احمد کدام", "عبدالحسین خسروپناه", "ثريا سيد", "محمد علي", "جمال مصطفى"]
)
def test_the_default_threshold_finds_what_a_full_screen_scores_above_it(
    latin_only: ScreeningIndex, text: str
) -> None:
    # Retrieval prunes rows whose bound cannot reach the threshold: every match a screen of
    # every reachable row (threshold 0) scores at or above the threshold must be found too.
    full = {
        (m.source, m.source_id)
        for m in screen(Query(text, type="person"), latin_only, threshold=0.0, limit=400)
        if m.score >= 0.8
    }
    default = {
        (m.source, m.source_id) for m in screen(Query(text, type="person"), latin_only, limit=400)
    }
    assert full <= default


def _ctx(text: str) -> QueryContext:
    norm = name_for(text, "person")
    return QueryContext(norm, norm.original, None, None, None, frozenset())


def test_only_rows_that_fit_are_lifted(latin_only: ScreeningIndex) -> None:
    # ثريا سيد reaches CERO SIETE-like rows by its frames but spells none letter by letter:
    # nothing is lifted, and no lifted row is an organisation's or fails the fit.
    assert letter_fit_candidates(_ctx("ثريا سيد"), latin_only) == []
    words = arabic_words("احمد کدام")
    assert words is not None
    lifted = letter_fit_candidates(_ctx("احمد کدام"), latin_only)
    assert lifted
    for c in lifted:
        listed = latin_only.listed_name(c.row)
        assert listed.person
        assert name_letter_fit(words, [t.text for t in listed.tokens])
        assert c.bound == READING_FACTOR


def test_latin_and_mixed_queries_are_not_lifted(latin_only: ScreeningIndex) -> None:
    assert letter_fit_candidates(_ctx("Ahmad Kadem"), latin_only) == []
    assert letter_fit_candidates(_ctx("احمد Kadem"), latin_only) == []


def test_nine_latin_words_pair_and_an_unspelt_one_fails() -> None:
    words = arabic_words("راضي عبد السميع أبواليزيد العياشي")
    assert words is not None
    latin = ["radi", "abd", "el", "samie", "abou", "el", "yazid", "el", "ayashi"]
    assert name_letter_fit(words, latin)
    assert not name_letter_fit(words, [*latin, "ali"])  # a listed word no Arabic word spells


def test_the_alphabet_holds_every_letter_a_fit_writes() -> None:
    words = arabic_words("عبدالحسین خسروپناه")
    assert words is not None
    alphabet = latin_alphabet(words)
    assert set("abdolhosseinkhosrowpanah") <= alphabet
    assert "z" not in alphabet  # no letter of the query is spelt z
