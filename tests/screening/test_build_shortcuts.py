"""Shortcuts of the index build held to the long way: the fuzzy-key table built a token's keys
at a time against key by key, and the build's pause of the garbage collector."""

from __future__ import annotations

import gc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import ScreeningIndex
from exportctl.screening._keys import (
    MAX_DELETE_LEN,
    SKEL_DELETE_MAX,
    SKEL_DELETE_MIN,
    deletes,
    hash_keys,
)
from exportctl.screening.heap import collector_paused
from exportctl.screening.index_build import (
    SKELETON_TAG,
    VARIANT_TAG,
    build_fuzzy_keys,
    skeleton_uncached,
)

# Tokens of every length class (under 3, 3, 4 to 24, over 24 letters), repeated letters
# (deletions that coincide), digits, and variant keys present or not.
_TOKEN = st.text(alphabet="aabkmhy19", min_size=1, max_size=28)
_VOCAB = st.lists(st.tuples(_TOKEN, st.one_of(st.just(""), _TOKEN)), max_size=30)


def _long_way(vocab: list[str], var: list[str]) -> tuple[list[str], list[int]]:
    """Every key and its tagged token id, one at a time, in the build's order."""
    keys: list[str] = []
    toks: list[int] = []

    def add(key: str, tagged: int) -> None:
        keys.append(key)
        toks.append(tagged)

    for t, tok in enumerate(vocab):
        if 3 <= len(tok) <= MAX_DELETE_LEN:
            for d in deletes(tok):
                add(d, t << 1)
        else:
            add(tok, t << 1)
        if var[t]:
            for d in deletes(var[t]):
                add(VARIANT_TAG + d, t << 1 | 1)
        if len(tok) >= 4:
            sk = skeleton_uncached(tok)
            if SKEL_DELETE_MIN <= len(sk) <= SKEL_DELETE_MAX:
                for d in deletes(sk):
                    add(SKELETON_TAG + d, t << 1)
    return keys, toks


@given(_VOCAB)
def test_fuzzy_keys_are_the_long_ways(pairs: list[tuple[str, str]]) -> None:
    vocab = [p[0] for p in pairs]
    var = [p[1] for p in pairs]
    fz = build_fuzzy_keys(vocab, var)
    keys, toks = _long_way(vocab, var)
    h = hash_keys(keys) if keys else np.zeros(0, dtype=np.uint64)
    order = np.argsort(h, kind="stable")
    distinct, starts = np.unique(h[order], return_index=True)
    assert fz.fz_hash.tolist() == distinct.tolist()
    assert fz.fz_ptr.tolist() == [*starts.tolist(), len(keys)]
    assert fz.fz_tok.tolist() == np.asarray(toks, dtype=np.int32)[order].tolist()


def test_collector_paused_restores_its_state() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: the outer one turns it back on
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("a build that fails")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_a_build_leaves_the_collector_on() -> None:
    ents = [Entity("t", str(i), EntityType.PERSON, [Name(f"Ivan Petrov{i}")]) for i in range(3)]
    index = ScreeningIndex(ents)
    assert len(index.name_text) == 3
    assert gc.isenabled()
