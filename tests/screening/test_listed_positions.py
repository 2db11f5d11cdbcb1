"""The build's table of listed positions (screening/listed_positions.py) is what query-time
``position_rows`` computes for each vocabulary token's one-form position: the same rows, in the
same order and dtype, the same floats."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import exportctl.screening.listed_positions as lp
from exportctl.model import Entity, EntityType, Name
from exportctl.screening import ScreeningIndex
from exportctl.screening._keys import key_hash


def _computed(index: ScreeningIndex, tok: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``position_rows((tok,))`` with the table out of the way (computed as before it)."""
    stored = index.lp_ptr
    index.lp_ptr = np.zeros_like(stored)
    index._pos_cache.clear()
    try:
        return index.position_rows((tok,))
    finally:
        index.lp_ptr = stored
        index._pos_cache.clear()


def _assert_table_is_computed(index: ScreeningIndex) -> int:
    """Every vocabulary token's position, stored or not, equal to the computed one; returns
    how many are stored."""
    assert index.lp_ptr.size == len(index.vocab) + 1
    assert index.lp_code.size == index.lp_row.size
    stored = 0
    for t, tok in enumerate(index.vocab):
        a, b = int(index.lp_ptr[t]), int(index.lp_ptr[t + 1])
        stored += a < b
        index._pos_cache.clear()
        got = index.position_rows((tok,))
        want = _computed(index, tok)
        assert got[0].dtype == want[0].dtype == np.int32, tok
        assert got[0].tolist() == want[0].tolist(), tok
        assert got[1].dtype == got[2].dtype == np.float64, tok
        assert np.array_equal(got[1], want[1]), tok
        assert np.array_equal(got[2], want[2]), tok
        if a < b:
            # A stored span never holds more than the cap's entries nor reaches a script
            # name through its frame (those are computed at query time).
            assert b - a <= lp.MAX_ENTRIES, tok
            assert index.listed_frame_hits((tok,)) is None, tok
    return stored


def test_un_list_table_is_computed(un_index: ScreeningIndex) -> None:
    # Every script of the UN list: numbers, symbols, joined forms.
    assert un_index.vocab_joined.any()
    stored = _assert_table_is_computed(un_index)
    assert stored > len(un_index.vocab) // 2


def test_small_cap_and_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    # A cap that leaves tokens out, blocks of a few entries (a block boundary between tokens),
    # joined forms (alqaida), transliteration variants, numbers and symbols.
    monkeypatch.setattr(lp, "MAX_ENTRIES", 6)
    monkeypatch.setattr(lp, "_BLOCK_ENTRIES", 5)
    names = [
        "Sergey Ivanov", "Sergejs Ivanovs", "Mohammed Ali", "Muhammad Aly", "J Smith",
        "Fund 8 Ltd", "Brigade 44", "Aleksandrs Petrovs", "Alexander Petrov", "Kim Jong Un",
        "Al-Qaida", "Alqaida Network", "Al Qaida Organization", "Omar", "Umar Abd",
        "Abdul Rahman", "Abdulrahman Trading Company", "Mohamed Alqaida", "Petrov Industries",
    ]  # fmt: skip
    ents = [
        Entity("test", f"e{i}", EntityType.PERSON if i % 2 else EntityType.ORGANIZATION, [Name(n)])
        for i, n in enumerate(names)
    ]
    # Names listed only in Arabic script: their frames reach Latin tokens (mohammed, ali),
    # whose positions are computed at query time.
    ents += [
        Entity("test", "s1", EntityType.PERSON, [Name("محمد علي")]),
        Entity("test", "s2", EntityType.ORGANIZATION, [Name("شركة الرحمن")]),
    ]
    index = ScreeningIndex(ents)
    assert index.lf_keys
    framed = [t for t in index.vocab if index.listed_frame_hits((t,)) is not None]
    assert framed
    stored = _assert_table_is_computed(index)
    assert 0 < stored < len(index.vocab)  # the cap left some out
    # Stored positions that hold joined rows (alqaida of Al-Qaida, abdulrahman of Abdul Rahman).
    joined = [
        t
        for t in np.flatnonzero(index.vocab_joined).tolist()
        if index.lp_ptr[t] < index.lp_ptr[t + 1]
        and index._joined_hits([key_hash(index.vocab[t])])[0].size
    ]
    assert joined


_SYLLABLES = ["al", "ab", "du", "ma", "mo", "ha", "med", "mad", "rah", "man", "ser", "gey", "ov"]
_word = st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=3).map("".join)
_name = st.lists(_word, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_name, st.booleans()), min_size=1, max_size=12),
    st.integers(min_value=1, max_value=40),
)
def test_random_corpora(names: list[tuple[str, bool]], cap: int) -> None:
    # Words from a few syllables: many near tokens per token, joined pairs (ab dul /
    # abdul), repeated rows; a random cap leaves a random share of the tokens out.
    ents = [
        Entity("test", f"e{i}", EntityType.PERSON if person else EntityType.ORGANIZATION, [Name(n)])
        for i, (n, person) in enumerate(names)
    ]
    saved = lp.MAX_ENTRIES
    lp.MAX_ENTRIES = cap
    try:
        index = ScreeningIndex(ents)
        _assert_table_is_computed(index)
    finally:
        lp.MAX_ENTRIES = saved


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_name, st.booleans()), min_size=1, max_size=12),
    st.integers(min_value=0, max_value=200) | st.just(0),
)
def test_a_table_cap_keeps_the_commonest_tokens(names: list[tuple[str, bool]], cap: int) -> None:
    # Over the whole table's cap, the tokens most postings hold are stored (a prefix of them
    # by postings, then fewer entries) and the rest computed at query time, as before.
    ents = [
        Entity("test", f"e{i}", EntityType.PERSON if person else EntityType.ORGANIZATION, [Name(n)])
        for i, (n, person) in enumerate(names)
    ]
    full = ScreeningIndex(ents)
    saved = lp.MAX_TABLE_ENTRIES
    lp.MAX_TABLE_ENTRIES = cap
    try:
        index = ScreeningIndex(ents)
    finally:
        lp.MAX_TABLE_ENTRIES = saved
    _assert_table_is_computed(index)
    assert index.lp_row.size <= cap
    df = np.diff(index.post_ptr)
    span = np.diff(index.lp_ptr) > 0
    eligible = np.diff(full.lp_ptr) > 0
    assert not (span & ~eligible).any()
    if span.any():
        # Every eligible token commoner than a stored one is stored too.
        assert not (eligible & ~span & (df > df[span].min())).any()
    if cap == 0:
        assert not span.any()
