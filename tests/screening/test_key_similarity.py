"""The shortcuts of the token similarity give what the long way gives.

``tok_sim`` computes ``max(_edit_sim, variant_sim)`` in one frame and skips the edit
similarities of pairs it can tell apart from their lengths and phonetic keys; ``delete_set``
builds the deletions without :func:`deletes`; ``_share_deletion`` asks an Indel distance instead
of building both sets of deletions. Each is compared with the long way on tokens that are often
near each other (a small alphabet, typo'd copies), in several scripts, and on the UN list's words.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.screening import ScreeningIndex
from exportctl.screening._keys import (
    _edit_sim,
    _share_deletion,
    delete_set,
    deletes,
    tok_sim,
    variant_sim,
)
from exportctl.text.org_symbols import SYMBOL_MARK, SYMBOL_SIM

# Letters that the phonetic and the variant keys fold together, so that close pairs abound.
_TOKEN = st.text(st.sampled_from("aeiouykcqgszjhdtvwmn1"), min_size=1, max_size=12)


def _long_way(a: str, b: str) -> float:
    """The token similarity as its parts define it (tok_sim's own cases first)."""
    if SYMBOL_MARK in (a[0], b[0]):  # an organisation symbol meets only itself
        return SYMBOL_SIM if a == b else 0.0
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    return max(_edit_sim(a, b), variant_sim(a, b))


def _typo(text: str, rng: random.Random) -> str:
    k = rng.randrange(len(text))
    how = rng.randrange(4)
    if how == 0:
        return text[:k] + rng.choice("aehiknosuyz") + text[k + 1 :]
    if how == 1:
        return text[:k] + text[k + 1 :] or text
    if how == 2:
        return text[:k] + text[k] + text[k:]
    return text[:k] + rng.choice("aeiou") + text[k:]


@settings(max_examples=400, deadline=None)
@given(_TOKEN, _TOKEN)
def test_token_similarity_is_the_long_way(a: str, b: str) -> None:
    assert tok_sim.__wrapped__(a, b) == _long_way(a, b)


@settings(max_examples=200, deadline=None)
@given(_TOKEN, st.randoms(use_true_random=False))
def test_token_similarity_of_near_spellings_is_the_long_way(a: str, rng: random.Random) -> None:
    b = _typo(_typo(a, rng), rng)
    assert tok_sim.__wrapped__(a, b) == _long_way(a, b)
    assert tok_sim.__wrapped__(b, a) == _long_way(b, a)


def test_token_similarity_of_listed_words_is_the_long_way(un_index: ScreeningIndex) -> None:
    rng = random.Random(12)
    words = sorted({t for t in un_index.vocab if t and t[0].isascii()})
    sample = rng.sample(words, min(400, len(words)))
    pairs = [(a, b) for a in sample for b in rng.sample(words, 25)]
    pairs += [(a, _typo(a, rng)) for a in sample] + [(_typo(a, rng), a) for a in sample]
    nonzero = 0
    for a, b in pairs:
        got = tok_sim.__wrapped__(a, b)
        assert got == _long_way(a, b), (a, b)
        nonzero += got > 0.0
    assert nonzero > len(sample)  # the typo'd copies are mostly similar: the test sees both


@given(st.text(max_size=20))
def test_delete_set_is_the_deletions(token: str) -> None:
    assert delete_set.__wrapped__(token) == frozenset(deletes(token))


def _share_deletion_long_way(a: str, b: str) -> bool:
    return not frozenset(deletes(a)).isdisjoint(deletes(b))


# Latin, Cyrillic, Arabic and Han letters, so that equal letters (and near strings) abound in
# each script and strings of mixed scripts occur too.
_MIXED = st.text(st.sampled_from("aeiknsyмиша斯坦قاسم"), max_size=10)


@settings(max_examples=600, deadline=None)
@given(_MIXED, _MIXED)
def test_shared_deletion_is_the_sets_of_deletions(a: str, b: str) -> None:
    assert _share_deletion(a, b) == _share_deletion_long_way(a, b)
    assert _share_deletion(b, a) == _share_deletion(a, b)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=14), st.randoms(use_true_random=False))
def test_shared_deletion_of_near_strings_is_the_sets_of_deletions(
    a: str, rng: random.Random
) -> None:
    """Strings one or two edits apart (any characters): the cases where the answer is yes."""
    b = _typo(a, rng)
    c = _typo(b, rng)
    for x, y in ((a, b), (a, c), (c, a), (b, c)):
        assert _share_deletion(x, y) == _share_deletion_long_way(x, y), (x, y)


def test_shared_deletion_cases() -> None:
    assert _share_deletion("", "")
    assert _share_deletion("", "x")
    assert not _share_deletion("", "xy")
    assert _share_deletion("abcd", "abdc")  # a transposition: abc / abd ... abd
    assert _share_deletion("abcd", "axcd")  # one substitution
    assert _share_deletion("abcd", "abd")  # one deletion
    assert not _share_deletion("abcd", "axyd")  # two substitutions
    assert not _share_deletion("abcd", "ab")  # two deletions
    assert _share_deletion("абвг", "абг")
    assert _share_deletion("سمير", "سيرم")  # (سير of each)
    assert not _share_deletion("سمير", "سلام")
