"""The key hashes the query side computes in Python agree with the index's vectorised ones,
and the bitmap that rules keys out never rules out a key the table holds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.screening._keys import (
    HashFilter,
    delete_hashes,
    deletes,
    hash_keys,
    key_hash,
)

# Keys are any text without NUL (tokens, compact forms, tagged phonetic keys), non-ASCII too.
_KEY = st.text(st.characters(blacklist_characters="\x00"), max_size=40)


@given(_KEY)
def test_key_hash_is_the_index_hash(key: str) -> None:
    assert key_hash(key) == int(hash_keys([key])[0])


@settings(max_examples=20, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_characters="\x00"), max_size=60), max_size=40))
def test_a_large_block_hashes_each_key_as_alone(sample: list[str]) -> None:
    # A build's block of keys is hashed flat (_keys._flat: code points one after the other,
    # no padding): each key must hash as it does alone, whatever the lengths beside it.
    keys = (sample or ["a"]) * (1100 // max(len(sample), 1) + 1)
    assert len(keys) >= 1024
    assert hash_keys(keys).tolist() == [key_hash(k) for k in keys]


@given(_KEY)
def test_delete_hashes_are_the_hashes_of_the_deletions(token: str) -> None:
    expected = hash_keys(list(deletes(token))).tolist()
    got = delete_hashes(token)
    assert got[0] == expected[0]  # the token itself first
    assert set(got) == set(expected)
    assert len(got) == len(token) + 1  # a repeated deletion is hashed again, not dropped


@given(st.lists(_KEY, min_size=1, max_size=300), st.lists(_KEY, max_size=50))
def test_hash_filter_keeps_every_key_of_the_table(table: list[str], others: list[str]) -> None:
    filt = HashFilter(hash_keys(table))  # unsorted, repeats: the filter sorts what it needs
    assert all(filt.may_hold(key_hash(k)) for k in table)
    held = [key_hash(k) for k in table]
    assert filt.kept(held) == held
    # A key outside the table may pass (a false positive), never the other way round.
    for k in others:
        if not filt.may_hold(key_hash(k)):
            assert k not in table


def test_hash_filter_rules_out_most_absent_keys() -> None:
    rng = np.random.default_rng(12)
    table = rng.integers(0, 2**64, 20_000, dtype=np.uint64)
    filt = HashFilter(np.unique(table))
    absent = rng.integers(0, 2**64, 20_000, dtype=np.uint64).tolist()
    passed = sum(filt.may_hold(h) for h in absent)
    assert passed < 0.1 * len(absent)  # about 3 % at 16 bits a key


@given(st.lists(_KEY, min_size=1, max_size=300), st.lists(_KEY, max_size=50))
def test_hash_filter_spans_are_the_runs_of_the_sorted_table(
    table: list[str], others: list[str]
) -> None:
    # The joined-form lookup reads rows by these runs: each key's run of equal hashes in the
    # sorted table, exactly where numpy's binary search puts it; keys not held give none.
    hashes = np.sort(hash_keys(table))
    filt = HashFilter(hash_keys(table))
    wanted = [key_hash(k) for k in table + others]
    expected = {
        (int(hashes.searchsorted(h)), int(hashes.searchsorted(h, "right")))
        for h in np.asarray(wanted, dtype=np.uint64)
        if int(h) in set(hashes.tolist())
    }
    assert filt.spans(wanted) == sorted(expected)


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.text(st.characters(blacklist_categories=()), max_size=30), min_size=1, max_size=40),
    st.integers(0, 39),
)
def test_a_large_block_hashes_odd_keys_as_alone(sample: list[str], at: int) -> None:
    # Lone surrogates, NUL, empty keys beside others: the flat hashing reads code points as
    # a str holds them, as key_hash does.
    sample.insert(at % (len(sample) + 1), "")
    keys = sample * (1100 // len(sample) + 1)
    assert hash_keys(keys).tolist() == [key_hash(k) for k in keys]
