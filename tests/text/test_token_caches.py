"""The per-token caches inside normalize_name change no result (issue #12, build speed).

Each name is normalised once with the token caches empty and again after other names (sharing
its words, in other scripts and spellings) have filled them: the two results must be equal.
A cached value shared and then changed by a caller, or a cache key missing an argument the
result depends on, would make them differ.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.screening.heap import release_freed_memory
from exportctl.text import lookalikes, name_tokens, names, tokenize
from exportctl.text.readings import token_forms

_WORDS = [
    "Müller", "Łukasz", "Rоsneft", "АВС", "Максiм", "—",
    "Mohammed", "ALI", "al", "bin", "O'Brien", "S.A.", "R0sn3ft", "H@mas", "Ltd", "LLC",
    "Ким", "Чен", "Ын", "Юрьевна", "김정은", "김", "قاسم", "سليماني", "التكريتي", "习近平",
    "Иван", "Iпатаў", "Company", "Bank", "Sepah", "Kim", "Jong", "Un", "ООО", "Ri",
]  # fmt: skip

_uncached = names.normalize_name.__wrapped__


def _clear() -> None:
    tokenize.chunk_tokens.cache_clear()
    tokenize.cached_token_forms.cache_clear()
    tokenize.ascii_token_forms.cache_clear()
    name_tokens.name_token.cache_clear()
    lookalikes._word_reading.cache_clear()
    tokenize.word_scripts.cache_clear()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4), max_size=6),
    st.sampled_from([None, True, False]),
    st.sampled_from([" ", ", ", "-"]),
)
def test_warm_token_caches_give_the_cold_result(
    name: list[str], others: list[list[str]], org: bool | None, sep: str
) -> None:
    text = sep.join(name)
    _clear()
    cold = _uncached(text, org)
    for other in others:
        for o in (None, True, False):
            _uncached(" ".join(other), o)
    assert _uncached(text, org) == cold


def test_token_caches_are_bounded() -> None:
    assert tokenize.chunk_tokens.cache_info().maxsize == tokenize.TOKEN_CACHE
    assert tokenize.cached_token_forms.cache_info().maxsize == tokenize.TOKEN_CACHE
    assert tokenize.ascii_token_forms.cache_info().maxsize == tokenize.TOKEN_CACHE
    assert name_tokens.name_token.cache_info().maxsize == tokenize.TOKEN_CACHE
    assert lookalikes._word_reading.cache_info().maxsize == tokenize.TOKEN_CACHE
    assert tokenize.word_scripts.cache_info().maxsize == tokenize.TOKEN_CACHE


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=8),
    st.booleans(),
    st.sampled_from([None, "x", "abc"]),
    st.booleans(),
)
def test_ascii_token_forms_are_token_forms_in_any_place(
    raw: str, alone: bool, alt: str | None, surname: bool
) -> None:
    # The normalisation takes an ASCII word's forms by the word alone: token_forms must not
    # depend on the word's place (alone, surname slot) for ASCII. A lookalike alternative of an
    # ASCII word (its capital bars read as I: lookalikes.prefold) is its last form, and
    # names._forms_of takes the long way for a name holding one.
    raw = raw.casefold()
    own = tokenize.ascii_token_forms(raw)
    more = tuple(dict.fromkeys((*own, *alt.split()))) if alt else own
    assert token_forms(raw, alone, alt, surname) == [more]


def test_person_tokens_are_shared_and_kinded() -> None:
    a = name_tokens.name_token(("al",))
    assert a is name_tokens.name_token(("al",))
    assert a == name_tokens.NameToken(("al",), name_tokens.token_kind(("al",)))


def test_release_freed_memory_on_glibc() -> None:
    import platform
    import sys

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert release_freed_memory() is glibc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ros\x07neft", "Rosneft"),
        ("Ros\x1b\x00neft", "Rosneft"),
        ("\x1b\u00b2", "2"),
        ("A\tB\r\nC", "A B C"),
        ("A\x0cB\x1fC\x85D", "A B C D"),
    ],
)
def test_ascii_controls_are_dropped_not_left_to_split_a_word(text: str, expected: str) -> None:
    # An ASCII text skips NFKC; its control characters must still go, as in any other text
    # (left in, BEL split 'Ros\x07neft' into two tokens).
    assert tokenize.strip_format(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=12))
def test_strip_format_of_printable_text_is_nfkc_with_spaces_collapsed(text: str) -> None:
    # The isprintable shortcut: a printable text has no format or control character to drop.
    import unicodedata

    from exportctl.text.bidi import has_bidi_controls
    from exportctl.text.unmask import unmask, unmask_marks

    out = tokenize.strip_format(text)
    # (and the disguises NFKC leaves: enclosed letters, invisible letters, stray marks)
    nfkc = unmask_marks(unicodedata.normalize("NFKC", unmask(text)))
    if nfkc.isprintable() and not has_bidi_controls(text) and "\u200c" not in nfkc:
        assert out == " ".join(nfkc.split())
    else:
        assert all(unicodedata.category(ch) not in ("Cf", "Cc", "Co", "Cn") for ch in out)
