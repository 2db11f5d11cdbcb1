"""The gates at the top of a query's readers let through every name their reader reads.

A query reader that finds nothing in most names (a legal form glued to a word, …) first asks
one cheap question of the whole text and returns ``()`` when the answer is no. A gate that
says no where the reader would have read something drops that reading: the listed party it
would have found is not looked for (fail-open). Each gate is held here to its reader run with
the gate always open, on generated names built from the reader's own data words in every
case, glued to and beside other words, with the characters where casefolding, lower-casing
and ``re.IGNORECASE`` part (İ, ı, ſ, ß, the Kelvin sign, a combining ypogegrammeni that
casefolds to a letter, final sigma), digits, punctuation and other whitespace.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.text import glued_forms
from exportctl.text.glued_forms import glued_form_readings

_OPEN = re.compile("")  # (found in every text: the gate always open)


def _glued_long(text: str) -> tuple[tuple[str, str], ...]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(glued_forms, "_gates", lambda: (_OPEN, _OPEN))
        return glued_form_readings(text)


def _cases(word: str) -> list[str]:
    return [word, word.upper(), word.capitalize(), word.swapcase(), word[:-1] + word[-1].upper()]


_SUFFIXES, _PREFIXES, _ARTICLES = glued_forms._forms()
_FORM = st.sampled_from(sorted({*_SUFFIXES, *_PREFIXES})).flatmap(
    lambda f: st.sampled_from(_cases(f))
)
_TRAPS = "İıſßKΣσς\u0345\u0301ÅéÉöЖж"
_LETTERS = st.text(
    st.sampled_from("abcdefghkmnoprstuzABCDLOT0239" + _TRAPS), min_size=0, max_size=7
)
_ARTICLE = st.sampled_from(sorted(_ARTICLES)).flatmap(lambda a: st.sampled_from(_cases(a)))
_WORD = st.one_of(
    st.tuples(_LETTERS, _FORM, _LETTERS).map("".join),  # (a form glued inside or at an end)
    # (a form before an article and its hyphen: OOOAL-QAIDA)
    st.tuples(_FORM, _ARTICLE, st.just("-"), _LETTERS).map("".join),
    _FORM,
    _LETTERS,
    st.sampled_from(
        [
            "M23Corp",
            "TIRInc",
            "OOOAL-QAIDA",
            "Rosneft",
            "HADLERCO",
            "Zinc",
            "Cacao",
            "PROVINCE",
            "corporation",
            "12",
        ]
    ),
)
_SPACE = st.sampled_from([" ", "  ", "-", ",", ".", "\t", "\u00a0", "7", "_", "'", "\u3000"])
_TEXT = st.lists(st.tuples(_WORD, _SPACE), min_size=1, max_size=5).map(
    lambda parts: "".join(w + sp for w, sp in parts)
)


@settings(max_examples=2000)
@given(_TEXT)
def test_glued_form_gate_lets_through_every_reading(text: str) -> None:
    assert glued_form_readings(text) == _glued_long(text)


@pytest.mark.parametrize("form", sorted({*_SUFFIXES, *_PREFIXES}))
def test_glued_form_gate_is_open_for_each_form_of_the_data(form: str) -> None:
    # (the reader's own data words: each form glued after and before a name, in every case)
    for written in _cases(form):
        for text in (
            f"Rosneft{written}",
            f"{written}HADLERCO LIMITED",
            f"ACME {written}Zinc",
            f"M23{written}",
            f"TIR{written}",
            f"{written}AL-QAIDA",
        ):
            assert glued_form_readings(text) == _glued_long(text), text
        if form in _SUFFIXES:
            assert glued_form_readings(f"Rosneft{written}"), written
        if form in _PREFIXES:
            assert glued_form_readings(f"{written}HADLERCO"), written


def test_glued_form_gate_is_closed_for_the_usual_name() -> None:
    # (the gate is what saves the loop over the forms: it must say no to most names)
    ascii_gate, any_form = glued_forms._gates()
    for name in ("Ivan Petrov", "VINCENT PRINCE", "ROSNEFT OIL CORPORATION", "Acme Corp Ltd"):
        assert ascii_gate.search(name.lower()) is None, name
    assert any_form.search("Müller Händel".casefold()) is None


@settings(max_examples=2000)
@given(st.text(max_size=6), st.text(max_size=6))
def test_casefold_maps_each_character_on_its_own(a: str, b: str) -> None:
    # (the non-ASCII gate rests on it: a word's casefolded form is a piece of the text's)
    assert (a + b).casefold() == a.casefold() + b.casefold()
