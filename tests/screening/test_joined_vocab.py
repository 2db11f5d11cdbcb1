"""The index's per-token note that no joined form has a token's keys (``vocab_joined``) lets a
query position skip the two joined-form lookups: it must be exact for every listed token, and
a position of listed tokens must get the union the lookups would give."""

from __future__ import annotations

import random

import numpy as np

from exportctl.screening import ScreeningIndex
from exportctl.screening._keys import ABJAD_SIM, key_hash
from exportctl.text import skeleton


def _looked_up(index: ScreeningIndex, forms: tuple[str, ...]) -> int:
    keys = [key_hash(f) for f in forms] + [key_hash("~" + skeleton(f)) for f in forms]
    return int(index._joined_hits(keys)[0].size)


def test_the_note_is_exact_for_every_listed_token(un_index: ScreeningIndex) -> None:
    flags = un_index.vocab_joined
    assert flags.shape == (len(un_index.vocab),)
    for t, token in enumerate(un_index.vocab):
        assert bool(flags[t]) == (_looked_up(un_index, (token,)) > 0), token
    # Both kinds occur: tokens that are a compact name (one-word names) and plain words.
    assert 0 < int(flags.sum()) < flags.size


def test_a_position_of_listed_tokens_gets_the_looked_up_union(un_index: ScreeningIndex) -> None:
    rng = random.Random(12)
    vocab = un_index.vocab
    joined = [vocab[t] for t in np.flatnonzero(un_index.vocab_joined).tolist()]
    plain = [vocab[t] for t in np.flatnonzero(~un_index.vocab_joined).tolist()]
    cases = [(w,) for w in rng.sample(joined, 40) + rng.sample(plain, 80)]
    cases += [(a, b) for a, b in zip(rng.sample(plain, 20), rng.sample(joined, 20), strict=True)]
    cases += [(a, b) for a, b in zip(rng.sample(plain, 20), rng.sample(plain, 20), strict=True)]
    for forms in cases:
        un_index._pos_cache.pop(forms, None)
        got = un_index.position_rows(forms)
        found = [un_index.form_tokens(f) for f in forms]
        toks = np.concatenate([t for t, _ in found])
        sims = np.concatenate([s for _, s in found])
        keys = [key_hash(f) for f in forms] + [key_hash("~" + skeleton(f)) for f in forms]
        x_rows, x_w = un_index._joined_hits(keys)
        framed = un_index.listed_frame_hits(forms)  # (names listed in Arabic script only)
        if framed is None:
            want = un_index._postings(toks, sims, x_rows, x_w)
        else:
            f_rows, f_w = framed
            want = un_index._postings(
                toks,
                sims,
                np.concatenate((x_rows, f_rows)),
                np.concatenate((x_w, ABJAD_SIM * f_w)),
                np.concatenate((np.ones(x_rows.size), np.full(f_rows.size, ABJAD_SIM))),
            )
        for g, w in zip(got, want, strict=True):
            assert g.dtype == w.dtype and np.array_equal(g, w), forms
