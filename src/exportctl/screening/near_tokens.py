"""The build's table of near tokens: per vocabulary token, the tokens a query holding it reaches
and their similarity — :meth:`~exportctl.screening.retrieval.Retrieval.expand` of every
vocabulary token, with the fuzzy-key lookups of all tokens done at once.

``expand`` of one token hashes its few tens of keys, binary-searches them and gathers the token
ids of the keys found: a handful of numpy calls whose fixed cost is most of its time. Here the
keys of the whole vocabulary (~1.5M for 43k tokens) are hashed and searched in one pass, the
ids found grouped by token in one sort, and only the per-token similarity (the same ``cdist``
call, the same phonetic floor and variant scores, in the same order) stays a loop — so the
table is the one ``expand`` gives, float for float (tests/screening/test_near_tokens.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from rapidfuzz.process import cdist

from exportctl.screening._keys import (
    MIN_TOKEN_SIM,
    SKEL_DELETE_MAX,
    SKEL_DELETE_MIN,
    SKELETON_SIM,
    VARIANT_FACTOR,
    VARIANT_NEAR_MIN_LEN,
    deletes,
    hash_keys,
)
from exportctl.screening.index_build import SKELETON_TAG, VARIANT_TAG, FuzzyKeys
from exportctl.screening.rowsets import sorted_unique
from exportctl.text.arabic import ABJAD_MARK
from exportctl.text.org_symbols import SYMBOL_MARK

__all__ = ["near_tokens"]

_LEV_SIM = OSA.normalized_similarity
Expansion = tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]


def _spans(
    ptr: npt.NDArray[np.integer[Any]], at: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Positions of the CSR rows ``at`` (``ptr[a]:ptr[a + 1]`` each, concatenated) and the
    index into ``at`` each position comes from."""
    starts = ptr[at].astype(np.int64)
    lens = ptr[at + 1].astype(np.int64) - starts
    owner = np.repeat(np.arange(at.size, dtype=np.int64), lens)
    first = np.cumsum(lens) - lens
    return starts[owner] + np.arange(owner.size, dtype=np.int64) - first[owner], owner


_BLOCK = 4096  # tokens whose keys are looked up together (bounds the keys held at once)


def near_tokens(
    vocab: Sequence[str],
    vocab_var: Sequence[str],
    fz: FuzzyKeys,
    skel: Callable[[str], str],
    expand: Callable[[str], Expansion],
) -> list[Expansion]:
    """``expand(token)`` for each vocabulary token (``skel``: the phonetic key ``expand``
    uses). Numbers and frames take ``expand`` itself (they look up no fuzzy key)."""
    out: list[Expansion] = []
    for lo in range(0, len(vocab), _BLOCK):
        out += _block(vocab, vocab_var, fz, skel, expand, lo, min(lo + _BLOCK, len(vocab)))
    return out


def _block(
    vocab: Sequence[str],
    vocab_var: Sequence[str],
    fz: FuzzyKeys,
    skel: Callable[[str], str],
    expand: Callable[[str], Expansion],
    lo: int,
    hi: int,
) -> list[Expansion]:
    """:func:`near_tokens` of the tokens ``lo`` to ``hi``."""
    n = len(vocab)
    keys: list[str] = []
    key_tok = array("i")
    own = np.arange(lo, hi, dtype=np.int64)
    pairs_tok: list[npt.NDArray[np.int64]] = [own]  # each token reaches itself
    pairs_id: list[npt.NDArray[np.int64]] = [own]
    phonetic: dict[int, npt.NDArray[np.int32]] = {}
    special: set[int] = set()
    for t in range(lo, hi):
        form = vocab[t]
        if form.startswith((ABJAD_MARK, SYMBOL_MARK)) or form.isdigit():
            special.add(t)
            continue
        ks: list[str] = list(deletes(form)) if len(form) >= 2 else []
        if len(form) >= 4:
            sk = skel(form)
            g = fz.skel_keys.get(sk)
            if g is not None:
                phonetic[t] = fz.skel_tok[fz.skel_ptr[g] : fz.skel_ptr[g + 1]]
            if SKEL_DELETE_MIN <= len(sk) <= SKEL_DELETE_MAX:
                ks += [SKELETON_TAG + d for d in deletes(sk)]
        vq = vocab_var[t]
        if vq:
            ks += [VARIANT_TAG + d for d in deletes(vq)]
        keys += ks
        key_tok.extend(repeat(t, len(ks)))
    # The block's keys looked up at once; the token ids of each key found, tagged (low bit:
    # reached through the variant key).
    variant = np.zeros(0, dtype=np.int64)  # (token, id) pairs reached through a variant key
    if keys and fz.fz_hash.size:
        h = hash_keys(keys)
        at = fz.fz_hash.searchsorted(h)
        np.minimum(at, fz.fz_hash.size - 1, out=at)
        found = fz.fz_hash[at] == h
        owner = np.frombuffer(key_tok, dtype=np.int32)[found].astype(np.int64)
        pos, k = _spans(fz.fz_ptr, at[found].astype(np.int64))
        tagged = fz.fz_tok[pos].astype(np.int64)
        pairs_tok.append(owner[k])
        pairs_id.append(tagged >> 1)
        via = (tagged & 1) == 1
        variant = sorted_unique(owner[k][via] * n + (tagged[via] >> 1))
    for t, group in phonetic.items():
        pairs_tok.append(np.full(group.size, t, dtype=np.int64))
        pairs_id.append(group.astype(np.int64))
    # Distinct (token, id) pairs in order: each token's ids sorted, as expand's sorted_unique.
    pair = sorted_unique(np.concatenate(pairs_tok) * n + np.concatenate(pairs_id))
    owners, ids_all = np.divmod(pair, n)
    span = np.arange(lo, hi + 1, dtype=np.int64)
    bounds = np.searchsorted(owners, span)
    v_owner, v_ids = np.divmod(variant, n)
    v_bounds = np.searchsorted(v_owner, span)
    out: list[Expansion] = []
    for t in range(lo, hi):
        form = vocab[t]
        if t in special:
            out.append(expand(form))
            continue
        ids = ids_all[bounds[t - lo] : bounds[t - lo + 1]]
        strings = [vocab[int(ids[0])]] if ids.size == 1 else itemgetter(*ids.tolist())(vocab)
        sims = cdist([form], strings, scorer=_LEV_SIM, dtype=np.float64)[0]
        ph = phonetic.get(t)
        if ph is not None and ph.size:
            at_ph = ids.searchsorted(ph)
            sims[at_ph] = np.maximum(sims[at_ph], SKELETON_SIM)
        va, vb = int(v_bounds[t - lo]), int(v_bounds[t - lo + 1])
        if va < vb:
            vq = vocab_var[t]
            long_q = len(vq) >= VARIANT_NEAR_MIN_LEN
            for v in v_ids[va:vb].tolist():  # (sorted, distinct: as expand's sorted(set()))
                vk = vocab_var[v]
                vs = _LEV_SIM(vq, vk)
                if vs == 1.0 or (long_q and len(vk) >= VARIANT_NEAR_MIN_LEN):
                    j = int(ids.searchsorted(v))
                    sims[j] = max(float(sims[j]), VARIANT_FACTOR * vs)
        ok = sims >= MIN_TOKEN_SIM
        out.append((ids[ok], sims[ok]))
    return out
