"""A word's organisation symbols through rigour's compiled core are those the public
``rigour.names.analyze.analyze_names`` gives (the long way, as text/org_symbols.py asked it
before): for every word of the data files that name organisation words, and for generated words.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rigour.names.analyze import analyze_names
from rigour.names.tag import NameTypeTag

from exportctl._yaml import safe_load
from exportctl.text import org_symbols
from exportctl.text.org_symbols import SYMBOL_MARK, symbol_forms
from exportctl.text.tables import read_data

_CATEGORIES = ("SYMBOL", "DOMAIN")


def _long_way(word: str) -> tuple[str, ...]:
    """symbol_forms as it was written before the core call: the public wrapper, imported and
    called for the word, its spans sorted after the data files' symbols."""
    if len(word) < 2 or not word.isalpha() or not word.isascii():
        return ()
    found: list[str] = list(org_symbols._extra().get(word, ()))
    names = analyze_names(
        NameTypeTag.ORG, [word], phonetics=False, numerics=False, consolidate=False
    )
    found += sorted(
        str(span.symbol.id).lower()
        for name in names
        for span in name.spans
        if str(span.symbol.category.value) in _CATEGORIES and len(span.parts) == 1
    )
    return tuple(SYMBOL_MARK + s for s in dict.fromkeys(found))


def _words(value: object) -> set[str]:
    """Every lower-case ASCII word in a YAML value, keys and values alike."""
    if isinstance(value, dict):
        return {w for k, v in value.items() for w in _words(k) | _words(v)}
    if isinstance(value, list | tuple | set):
        return {w for v in value for w in _words(v)}
    return set(re.findall(r"[a-z]+", str(value).casefold()))


def _vocabulary() -> list[str]:
    words: set[str] = set()
    for name in ("org_symbols.yaml", "org_abbreviations.yaml", "org_glossary.yaml"):
        words |= _words(safe_load(read_data(name)))
    words |= _words(safe_load(read_data("legal_forms.yaml"))["forms"])
    # (person names, particles and words rigour tags otherwise: LOCATION, NAME, ORGCLS)
    words |= {"kim", "mohammed", "bin", "al", "the", "of", "iran", "russia", "limited", "inc"}
    return sorted(words)


VOCABULARY = _vocabulary()


def test_the_vocabulary_holds_tagged_words() -> None:
    # (a test that compares only untagged words would pass whatever the core gave)
    tagged = [w for w in VOCABULARY if _long_way(w)]
    assert len(VOCABULARY) > 300 and len(tagged) > 100, (len(VOCABULARY), len(tagged))


def test_every_organisation_word_as_the_long_way() -> None:
    symbol_forms.cache_clear()
    assert [symbol_forms(w) for w in VOCABULARY] == [_long_way(w) for w in VOCABULARY]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=14),
        st.sampled_from(VOCABULARY).map(lambda w: w[: max(2, len(w) - 1)]),
        st.text(max_size=6),
    )
)
def test_generated_words_as_the_long_way(word: str) -> None:
    assert symbol_forms.__wrapped__(word) == _long_way(word)


def test_the_public_fallback_gives_the_cores_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    # (the path taken where rigour's core lacks analyze_names)
    public = org_symbols._public(analyze_names), NameTypeTag.ORG
    words = VOCABULARY[::7]
    core = [symbol_forms.__wrapped__(w) for w in words]
    monkeypatch.setattr(org_symbols, "_analyzer", lambda: public)
    assert [symbol_forms.__wrapped__(w) for w in words] == core


def test_a_core_of_another_signature_is_not_called_blind(monkeypatch: pytest.MonkeyPatch) -> None:
    # (rigour is pinned >=2.6 only: a later core taking other arguments falls back to the
    # public wrapper, with the same forms, instead of failing every organisation name)
    import rigour._core

    def changed(tag: object, names: list[str]) -> set[object]:
        raise AssertionError("called with a signature it does not have")

    words = VOCABULARY[::11]
    expected = [_long_way(w) for w in words]
    monkeypatch.setattr(rigour._core, "analyze_names", changed)
    org_symbols._analyzer.cache_clear()
    try:
        analyze, _ = org_symbols._analyzer()
        assert analyze is not changed
        assert [symbol_forms.__wrapped__(w) for w in words] == expected
    finally:
        org_symbols._analyzer.cache_clear()
