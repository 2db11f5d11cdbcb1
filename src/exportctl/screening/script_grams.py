"""The listed non-ASCII names' letter pairs and letters, built with the index: what in-script
retrieval (:mod:`.script_retrieval`) looks a non-Latin query up in instead of comparing it with
every listed non-ASCII name.

A name's *pairs* are the adjacent character pairs of each of its words with a space on either
side (``Иван Ли``: `` И``, ``Ив``, ``ва``, ``ан``, ``н ``, `` Л``, ``Ли``, ``и ``), its
*characters* those of its words joined by one space, both read from its cleaned text
(:func:`~exportctl.text.clean_text`) with traditional Han folded to simplified
(:func:`~exportctl.text.han_variants.fold_han_variants`). Neither depends on the order of the
words, which the in-script comparison sorts. A pair or character written several times in one
name is several *elements*, (pair, 1), (pair, 2), …: the elements two names share are their
pairs' (characters') common multiset. A character's key is its code point and occurrence, a
pair's its two code points (the first never 0, so the two never meet) and occurrence.

Stored (all numpy arrays, rows of the table ordered by length, then by name row):

* ``sg_rows`` — the name row of each table row (every listed name that is not all ASCII: the
  names the in-script comparison reads);
* ``sg_text`` — its cleaned text, what the comparison reads (Han folded on reading, for a
  query holding Han);
* ``sg_len`` — its length as the comparison reads it (words joined by one space), ascending;
* ``sg_keys`` — the elements, sorted (:func:`element_keys`);
* ``sg_ptr``, ``sg_post`` — per element, the table rows holding it, ascending (CSR).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from exportctl.screening.columns import StrColumn
from exportctl.text import clean_text
from exportctl.text.han_variants import fold_han_variants

__all__ = ["ScriptGrams", "build_script_grams", "char_keys", "gram_text", "padded", "pair_keys"]

# An element's key: the pair's code points (21 bits each) and its occurrence in the name.
# Occurrences past the 255th of one pair share the key of the 255th: the table then holds
# fewer elements than the name has and a query counts that key once per occurrence — more
# shared elements than the truth, never fewer (retrieval stays a superset).
_CP_BITS = 21
_K_BITS = 8
_K_MAX = (1 << _K_BITS) - 1

ScriptGrams = tuple[
    npt.NDArray[np.int32],  # sg_rows
    StrColumn,  # sg_text
    npt.NDArray[np.int32],  # sg_len
    npt.NDArray[np.int64],  # sg_keys
    npt.NDArray[np.integer[Any]],  # sg_ptr
    npt.NDArray[np.int32],  # sg_post
]


def gram_text(text: str) -> str:
    """A listed name's text as its pairs are read: cleaned, Han folded."""
    return fold_han_variants(clean_text(text))


def padded(text: str) -> str:
    """``text``'s words joined by one space, with a space before and after."""
    return " " + " ".join(text.split()) + " "


def pair_keys(text: str) -> list[int]:
    """The keys of ``text``'s pair elements (each pair with its occurrence), in text order."""
    s = padded(text)
    seen: dict[int, int] = {}
    out: list[int] = []
    for a, b in pairwise(s):
        pair = (ord(a) << _CP_BITS) | ord(b)
        k = seen.get(pair, 0) + 1
        seen[pair] = k
        out.append((pair << _K_BITS) | min(k, _K_MAX))
    return out


def char_keys(text: str) -> list[int]:
    """The keys of ``text``'s character elements (its words joined by one space: each
    character with its occurrence), in text order."""
    seen: dict[str, int] = {}
    out: list[int] = []
    for ch in " ".join(text.split()):
        k = seen.get(ch, 0) + 1
        seen[ch] = k
        out.append((ord(ch) << _K_BITS) | min(k, _K_MAX))
    return out


def build_script_grams(name_text: StrColumn) -> ScriptGrams:
    """The pair table of the non-ASCII names of ``name_text`` (one pass over them, the
    elements ranked and sorted by numpy: ~10 CPU-s for a million names)."""
    rows = name_text.rows_not_ascii()
    cleaned = [clean_text(name_text[r]) for r in rows]
    words = [" ".join(fold_han_variants(c).split()) for c in cleaned]
    lens = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    # Table rows by length, then name row: a length window is one slice of the table.
    order = np.lexsort((np.asarray(rows, dtype=np.int64), lens))
    sg_rows = np.asarray(rows, dtype=np.int32)[order]
    sg_len = lens[order].astype(np.int32)
    words = [words[k] for k in order.tolist()]
    sg_text = StrColumn([cleaned[k] for k in order.tolist()])
    del cleaned
    count = len(words)
    if not count:
        empty = np.zeros(0, dtype=np.int32)
        keys = np.zeros(0, dtype=np.int64)
        return sg_rows, sg_text, sg_len, keys, np.zeros(1, dtype=np.int32), empty
    text = "".join(" " + w + " " for w in words)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    plen = sg_len.astype(np.int64) + 2
    owner = np.repeat(np.arange(count, dtype=np.int64), plen)
    at = np.arange(cps.size, dtype=np.int64) - np.repeat(np.cumsum(plen) - plen, plen)
    # Dense codes in key order (keep the sort keys small): the characters (code point
    # order), then the pairs (by first, then second character).
    present = np.zeros(0x110000, dtype=bool)
    present[cps] = True
    chars = np.flatnonzero(present)
    cid = (np.cumsum(present, dtype=np.int64) - 1)[cps]
    del present
    n_chars = np.int64(chars.size)
    same = owner[1:] == owner[:-1]
    inner = (at >= 1) & (at <= np.repeat(plen - 2, plen))  # (not the padding spaces)
    code = np.concatenate(
        [cid[inner], (n_chars + cid[:-1].astype(np.int64) * n_chars + cid[1:])[same]]
    )
    own = np.concatenate([owner[inner], owner[:-1][same]])
    del cps, cid, owner, same, inner, at
    # Occurrence of each element within its name: its rank among equal (code, row) entries.
    n_codes = n_chars + n_chars * n_chars
    if n_codes * count < 2**62:
        comb = code * count + own
        comb.sort()
        code, own = comb // count, comb % count
    else:  # (an astronomically varied corpus: the same order, sorted field by field)
        by = np.lexsort((own, code))
        code, own = code[by], own[by]
    idx = np.arange(code.size, dtype=np.int64)
    starts = np.ones(code.size, dtype=bool)
    starts[1:] = (code[1:] != code[:-1]) | (own[1:] != own[:-1])
    k = idx - np.maximum.accumulate(np.where(starts, idx, 0)) + 1
    np.minimum(k, _K_MAX, out=k)
    # Elements in key order, each one's rows ascending (and once: see _K_MAX).
    elem = code * (_K_MAX + 1) + k
    del k, idx, starts
    if int(elem.max()) * count < 2**62:
        comb = elem * count + own
        comb.sort()
        elem, own = comb // count, comb % count
        del comb
    else:
        by = np.lexsort((own, elem))
        elem, own = elem[by], own[by]
    keep = np.ones(elem.size, dtype=bool)
    keep[1:] = (elem[1:] != elem[:-1]) | (own[1:] != own[:-1])
    elem, own = elem[keep], own[keep]
    first = np.flatnonzero(np.concatenate(([True], elem[1:] != elem[:-1])))
    keys_dense = elem[first]
    ptr = np.empty(keys_dense.size + 1, dtype=np.int64)
    ptr[:-1] = first
    ptr[-1] = elem.size
    code, k_d = keys_dense >> _K_BITS, keys_dense & _K_MAX
    is_pair = code >= n_chars
    pair_d = np.where(is_pair, code - n_chars, 0)
    a = np.where(is_pair, chars[pair_d // n_chars].astype(np.int64), 0)
    b = np.where(is_pair, chars[pair_d % n_chars], chars[np.minimum(code, n_chars - 1)])
    sg_keys = (((a << _CP_BITS) | b.astype(np.int64)) << _K_BITS) | k_d
    sg_ptr = ptr.astype(np.int32) if ptr[-1] < 2**31 else ptr
    return sg_rows, sg_text, sg_len, sg_keys, sg_ptr, own.astype(np.int32)
