"""Row-set operations of retrieval (screening/rowsets.py) and the ways retrieval picks between
them: each way gives the same rows and the same floats, so a threshold that routes a union to
a sort or to the dense scratch is a speed choice only."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import exportctl.screening.retrieval as retrieval
from exportctl.screening import ScreeningIndex
from exportctl.screening.retrieval import REC_EXTRA, REC_INIT, REC_KEEP, REC_STRONG
from exportctl.screening.rowsets import Scratch, group_max, sorted_unique

_ENTRY = st.tuples(st.integers(0, 60), st.floats(0, 1), st.floats(0, 3))


@given(st.lists(_ENTRY, max_size=80), st.booleans())
def test_group_max_is_the_maximum_of_each_row(
    entries: list[tuple[int, float, float]], dup: bool
) -> None:
    if not dup:  # rows reached once each: the shortcut that skips the reduction
        entries = list({r: (r, a, b) for r, a, b in entries}.values())
    rows = np.asarray([r for r, _, _ in entries], dtype=np.int32)
    a = np.asarray([x for _, x, _ in entries], dtype=np.float64)
    b = np.asarray([y for _, _, y in entries], dtype=np.float64)
    want: dict[int, tuple[float, float]] = {}
    for r, x, y in entries:
        old = want.get(r, (x, y))
        want[r] = (max(old[0], x), max(old[1], y))
    got_rows, got_a, got_b = group_max(rows, a, b)
    assert got_rows.dtype == np.int32
    assert got_rows.tolist() == sorted(want)
    assert got_a.tolist() == [want[r][0] for r in sorted(want)]
    assert got_b.tolist() == [want[r][1] for r in sorted(want)]


@given(st.lists(st.lists(st.integers(0, 200), max_size=40), max_size=6))
def test_the_bitmap_union_is_the_sorted_union(parts: list[list[int]]) -> None:
    arrays = [np.asarray(sorted(set(p)), dtype=np.int32) for p in parts]
    flat = np.concatenate([np.zeros(0, dtype=np.int32), *arrays])
    want = sorted(set(flat.tolist()))
    assert sorted_unique(flat).tolist() == want
    if flat.size:
        sc = Scratch(201)
        assert sc.distinct(flat).tolist() == want
        assert not sc.hit.any()  # left clean for the next call


def _positions(index: ScreeningIndex) -> list[tuple[str, ...]]:
    rng = random.Random(19)
    vocab = [t for t in index.vocab if t.isalpha()]
    words = rng.sample(vocab, 150)
    typos = [w[:1] + w[2:] for w in rng.sample([w for w in vocab if len(w) > 4], 40)]
    joined = [index.vocab[t] for t in np.flatnonzero(index.vocab_joined).tolist()[:30]]
    cases = [(w,) for w in words + typos + joined]
    cases += [(a, b) for a, b in zip(words[:20], typos[:20], strict=True)]
    return cases


def test_a_posting_union_is_the_same_sorted_or_dense(
    un_index: ScreeningIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The dense scratch (np.maximum.at over all rows) and the sort (group_max) must give the
    # same rows and floats for every position: which runs depends on the corpus size only.
    got = {}
    for ratio in (10**9, 1):  # every union dense, then every union sorted
        monkeypatch.setattr(retrieval, "_DENSE_RATIO", ratio)
        monkeypatch.setattr(retrieval, "_UNION_DENSE_RATIO", ratio)
        out = []
        for forms in _positions(un_index):
            un_index._pos_cache.clear()
            hits = un_index.position_rows(forms)
            out.append(hits)
        got[ratio] = out
    for dense, sort in zip(got[10**9], got[1], strict=True):
        for d, s in zip(dense, sort, strict=True):
            assert d.dtype == s.dtype and np.array_equal(d, s)
    # And the union of several positions' rows, both ways.
    rows = [h[0] for h in got[1][:12]]
    monkeypatch.setattr(retrieval, "_UNION_DENSE_RATIO", 10**9)
    dense_union = un_index._union(rows)
    monkeypatch.setattr(retrieval, "_UNION_DENSE_RATIO", 1)
    assert np.array_equal(dense_union, un_index._union(rows))


def test_the_token_records_are_the_posting_table(un_index: ScreeningIndex) -> None:
    # A position reads a token's posting start and length from one record
    # (retrieval._token_records): the same integers as the columns themselves; the weights
    # are read per posting entry (post_w, speed29).
    rec = un_index._token_records()
    ptr = un_index.post_ptr
    assert rec.shape == (len(un_index.vocab), 2)
    assert rec[:, 0].astype(np.int64).tolist() == ptr[:-1].tolist()
    assert rec[:, 1].astype(np.int64).tolist() == np.diff(ptr).tolist()


def test_the_bound_columns_are_each_names_own(un_index: ScreeningIndex) -> None:
    # name_rec holds, per name row, the left-out weight, the kept share, the initials'
    # credit and the strong tokens' share complement side by side (one gather per
    # candidate): each as the name's own tokens give it.
    from exportctl.screening.names import extra_shares
    from exportctl.text.name_tokens import INITIAL, NAME

    rng = random.Random(7)
    for row in rng.sample(range(un_index.name_count), 200):
        norm = un_index.listed_name(row)
        shares = extra_shares(norm)
        rec = un_index.name_rec[row]
        assert rec[REC_EXTRA] == sum(s * w for s, w in zip(shares, norm.weights, strict=True))
        assert rec[REC_KEEP] == 1.0 - max(shares)
        init = sum(
            retrieval.INITIAL_CREDIT * w
            for t, w in zip(norm.tokens, norm.weights, strict=True)
            if t.kind == INITIAL
        )
        assert rec[REC_INIT] == init
        strong = [
            (1.0 - s) * w
            for s, w, t in zip(shares, norm.weights, norm.tokens, strict=True)
            if t.kind == NAME
        ]
        assert rec[REC_STRONG] == sum(strong)
