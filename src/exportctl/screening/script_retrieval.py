"""Retrieval of the listed names a query's in-script comparison may score above the floor.

A query holding a non-Latin script is also compared with each listed entity's non-Latin names
in their own script (:func:`.features.name_original_script`, ``token_sort_ratio`` of the texts
as written): a name feature, as the token alignment is, and an entity's name score is the best
of the two. Retrieval bounds each row by the token alignment only, so a row the in-script
comparison scores above the floor while its alignment lies below it was never retrieved: the
Arabic ``غازي حمد العبrدي`` (ي typed as Latin r) scores 0.9091 × 0.95 in script against IQi.051's
غازي حمود العبيدي and 0.58 aligned; a screen at 0.5 reported it at 0.8636, a screen at the
default 0.80 did not report it at all.

Here the rows whose in-script comparison times its weight reaches the floor are found and
bounded at the score the comparison gives them (rapidfuzz's, the same call), so a row's bound is
the best of what either name feature can give it. They are found without comparing the query
with every listed non-ASCII name — hundreds of thousands in a list of a million entities — by
the pairs of letters the two must share (:mod:`.script_grams`, stored with the index).

**Why a row the comparison can score at the floor shares enough elements.**
``token_sort_ratio`` is ``100 × 2L / (n + m)``: ``L`` the longest common subsequence of the two
texts with their words sorted and joined by one space, ``n`` and ``m`` their lengths. A row
reaches the floor only if ``2L / (n + m) ≥ r`` (``r`` = floor / weight, taken ``LEAST`` lower
against the float arithmetic), so ``L ≥ ⌈r (n + m) / 2⌉ =: Lmin(n)``, and as ``L ≤ min(n, m)``
its length lies in ``[r m / (2 - r), m (2 - r) / r]`` (the table is ordered by length: one
slice).

* Characters: the ``L`` matched positions pair equal characters at distinct positions, so the
  texts share at least ``Lmin(n)`` character elements (each character with its occurrence).
* Pairs: pad both sorted texts with a space at each end; they then have a common subsequence
  of ``L' ≥ L + 2``, matching query positions ``i₁ < … < i_L'`` with listed ``j₁ < … < j_L'``.
  Of its ``L' - 1`` consecutive matches ``(k, k+1)``, those with a gap in the query
  (``i_{k+1} > i_k + 1``) are at most its ``m + 2 - L'`` unmatched characters, those with a gap
  in the listed text at most its ``n + 2 - L'``; every other one is a pair of adjacent
  characters written in both, at distinct positions of each. So they share at least
  ``3L' - 5 - n - m ≥ 3 Lmin(n) + 1 - n - m =: T(n)`` pairs. The pairs of a padded sorted text
  are exactly the stored pairs of its words (each word padded), whatever the words' order.
* Folding traditional Han to simplified on both sides (a character for a character) only makes
  more elements equal; an occurrence past the 255th shares the 255th's key (script_grams.py):
  more counted, never fewer.

So such a row holds ``T(n)`` of the query's pair elements and ``Lmin(n)`` of its characters.
Counting (``_counted``): of the query's ``E`` elements a row holding ``t`` holds one of any
``E - t + 1``, so the ``t - 1`` longest posting lists are left out, the others counted
(``ScanCount``), and a row is kept where that count plus the lists left out can reach its
length's need; it is then looked up in the long lists (``_held``: shortest first, dropping the
rows that can no longer reach). Where many rows are left, their characters are counted too (a
second necessary condition). Only rows holding what they need are compared — by the comparison
itself, which decides exactly as the scan did.

**Where the bound is weak or absent.** ``T(n) > 0`` wherever ``r > 2/3`` (a floor above 0.633:
the default threshold whatever the query's other facts), and pairs are counted where a length
needs three or more; below, characters are counted (in an alphabet every name of the script
uses they keep more rows, but the rows of other scripts and most of the script's own go). Only
``r ≤ 0`` (a floor at or below zero, which ``screen`` never passes: it floors at 0.05) bounds
nothing: every name of the length window is then compared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from exportctl.screening.features import QueryContext
from exportctl.screening.index import Candidate, Candidates, ScreeningIndex
from exportctl.screening.script_grams import char_keys, pair_keys
from exportctl.text import clean_text
from exportctl.text.han_variants import fold_han_variants

__all__ = ["linear_script_candidates", "script_candidates"]

I64 = npt.NDArray[np.int64]
Rows = npt.NDArray[np.int32]  # table rows (sg_post's)

# How far below floor / weight the bounds read r: far above any float error of the score
# (rapidfuzz's and the product's, ~1e-15), far below any step between two scores (1 / 2n).
LEAST = 1e-6
# How far below floor / weight × 100 the comparison's ``score_cutoff`` is set. rapidfuzz's
# ``process`` functions apply a cutoff less exactly than the scorer they call: a score 1e-6
# above the cutoff is dropped (`박 Петров` against `محمد Петров`, 73.684210… at a cutoff of
# 73.684209…; 6 % of random pairs at 1e-6, none at 1e-5: rev29b), which lost a row whose
# bound met the floor exactly. The rows the slack lets through are then held to
# ``bound >= floor`` exactly, as before.
_CUTOFF_SLACK = 1e-3
# Rows left by the pair count past which their characters are counted too before they are
# compared (a comparison costs ~3 µs with its text; counting, a few ms at most).
_CONFIRM_FROM = 1000
# The least pair need a length's rows are counted by pairs at; below it, by characters (a need
# of one or two pairs leaves most lists to read and most rows to keep: benchmarks/script_scale.py
# at a floor of 0.60, p50 3.3 ms by pairs from 1, 2.0 from 3).
_PAIRS_FROM = 3


def script_candidates(
    ctx: QueryContext,
    index: ScreeningIndex,
    floor: float,
    weight: float,
    max_candidates: int,
    mask: npt.NDArray[np.bool_] | None = None,
) -> Candidates:
    """Non-ASCII rows whose in-script comparison with the query, times ``weight`` (the
    feature's), reaches ``floor``, each bounded at that product (the name part the feature
    gives the row's entity), best first (then by row), at most ``max_candidates``; ``[]`` for
    a query in Latin script only. The same rows as :func:`linear_script_candidates`."""
    if ctx.name.scripts <= {"Latn"} or floor > weight:
        return Candidates()
    sg_len = index.sg_len
    if not sg_len.size:
        return Candidates()
    han = "Hani" in ctx.name.scripts
    query = fold_han_variants(ctx.original) if han else ctx.original
    m = len(" ".join(query.split()))
    r = floor / weight - LEAST
    if r <= 0.0:
        return _compared(ctx, index, query, han, floor, weight, max_candidates, mask, None)
    # The lengths a row can have and, per length, the elements it must share.
    lo = max(0, math.ceil(r * m / (2.0 - r) - 1e-9))
    hi = min(int(sg_len[-1]), math.floor(m * (2.0 - r) / r + 1e-9))
    if hi < lo:
        return Candidates()
    ns = np.arange(lo, hi + 1, dtype=np.int64)
    least = np.ceil(r * (ns + m) / 2.0 - 1e-9).astype(np.int64)  # Lmin(n)
    pairs_need = 3 * least + 1 - ns - m  # T(n)
    starts = np.searchsorted(sg_len, ns, side="left")
    ends = np.searchsorted(sg_len, ns, side="right")
    some = ends > starts
    by_pairs = some & (pairs_need >= _PAIRS_FROM)
    by_chars = some & ~by_pairs & (least > 0)
    bare = some & ~by_pairs & ~by_chars  # (r ~ 0: nothing bounds the comparison)
    parts = [np.arange(s, e, dtype=np.int64) for s, e in zip(starts[bare], ends[bare], strict=True)]
    folded = fold_han_variants(query)
    chars = char_keys(folded)
    none = np.iinfo(np.int64).max // 4  # (a length of another group: never enough)
    if by_pairs.any():
        # Rows holding the pairs their length needs; where many are left (long names of one
        # alphabet at a low floor), those also holding the characters it needs (a second
        # necessary condition: several times fewer rows to compare).
        first, last = int(starts[by_pairs][0]), int(ends[by_pairs][-1])
        need = np.where(by_pairs, pairs_need, none)
        lists = _lists(index, pair_keys(folded), first, last)
        rows = _counted(lists, need, int(need[by_pairs].min()), sg_len, lo, first, last)
        if rows.size > _CONFIRM_FROM:
            want = least[sg_len[rows] - lo]
            other = _lists(index, chars, int(rows.min()), int(rows.max()) + 1)
            rows = _held(rows, np.zeros(rows.size, dtype=np.int64), want, other, first, last)
        parts.append(rows)
    if by_chars.any():
        first, last = int(starts[by_chars][0]), int(ends[by_chars][-1])
        need = np.where(by_chars, least, none)
        lists = _lists(index, chars, first, last)
        parts.append(_counted(lists, need, int(need[by_chars].min()), sg_len, lo, first, last))
    pick = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)
    return _compared(ctx, index, query, han, floor, weight, max_candidates, mask, pick)


def _lists(index: ScreeningIndex, query_keys: list[int], first: int, last: int) -> list[Rows]:
    """The table rows in ``[first, last)`` holding each of the query's elements (the
    elements the table holds), shortest list first."""
    keys, ptr, post = index.sg_keys, index.sg_ptr, index.sg_post
    elems = np.asarray(query_keys, dtype=np.int64)
    pos = np.searchsorted(keys, elems)
    pos_in = np.minimum(pos, max(keys.size - 1, 0))
    held = (pos < keys.size) & (keys[pos_in] == elems) if keys.size else pos < 0
    lists = []
    for p in pos[held].tolist():
        seg = post[int(ptr[p]) : int(ptr[p + 1])]
        a, b = np.searchsorted(seg, (first, last))
        if b > a:
            lists.append(seg[a:b])
    lists.sort(key=len)
    return lists


def _counted(
    lists: list[Rows],
    need: I64,
    t_min: int,
    sg_len: Rows,
    lo: int,
    first: int,
    last: int,
) -> Rows:
    """Table rows holding the elements their length needs (``need[n - lo]``) of the query's
    elements held by ``lists`` (table rows in ``[first, last)``, shortest list first), where
    ``t_min`` is the least of those needs."""
    # The t_min - 1 longest lists are left out of the count: every row holding t_min
    # elements holds one of the others (the fewest rows counted; each row kept is then
    # looked up in the long lists).
    out = min(max(t_min - 1, 0), len(lists))
    short, long = lists[: len(lists) - out], lists[len(lists) - out :]
    if not short:
        return np.zeros(0, dtype=np.int32)
    flat = np.concatenate(short)
    rows: Rows
    count: I64
    if flat.size * 8 < last - first:
        rows, count = np.unique(flat, return_counts=True)
    else:
        tally = np.bincount(flat - first, minlength=last - first)
        rows = (np.flatnonzero(tally) + first).astype(np.int32)
        count = tally[rows - first]
    want = need[sg_len[rows] - lo]
    keep = count + out >= want
    return _held(rows[keep], count[keep], want[keep], long, first, last)


def _held(rows: Rows, count: I64, want: I64, lists: list[Rows], first: int, last: int) -> Rows:
    """Those of ``rows`` whose count, plus the ``lists`` holding them, reaches ``want``:
    the lists looked up shortest first, and after each the rows the rest can no longer
    lift to what they need dropped."""
    mark: npt.NDArray[np.bool_] | None = None
    for left, seg in enumerate(lists):
        if not rows.size:
            break
        if rows.size * 16 < seg.size:  # (few rows: a binary search each)
            at = np.searchsorted(seg, rows)
            count = count + (seg[np.minimum(at, seg.size - 1)] == rows)
        else:  # (many: the list marked, read, and unmarked)
            if mark is None:
                mark = np.zeros(last - first, dtype=bool)
            marked = seg - first
            mark[marked] = True
            count = count + mark[rows - first]
            mark[marked] = False
        keep = count + (len(lists) - left - 1) >= want
        rows, count, want = rows[keep], count[keep], want[keep]
    return rows[count >= want]


def _capped(ranked: list[Candidate], max_candidates: int) -> Candidates:
    """The first ``max_candidates`` of ``ranked`` (best first), the rest counted as dropped."""
    if len(ranked) <= max_candidates:
        return Candidates(ranked)
    return Candidates.cut(
        ranked[:max_candidates],
        len(ranked) - max_candidates,
        ranked[max_candidates].bound,
        max_candidates,
    )


def _listed(text: str, han: bool) -> str:
    # (as name_original_script reads a listed name)
    return fold_han_variants(clean_text(text)) if han else clean_text(text)


def _compared(
    ctx: QueryContext,
    index: ScreeningIndex,
    query: str,
    han: bool,
    floor: float,
    weight: float,
    max_candidates: int,
    mask: npt.NDArray[np.bool_] | None,
    pick: npt.NDArray[np.int64] | None,
) -> Candidates:
    """The rows of ``pick`` (table rows; None: all) the comparison scores at the floor."""
    sg_rows = index.sg_rows
    if pick is None:
        pick = np.arange(sg_rows.size, dtype=np.int64)
    if not pick.size:
        return Candidates()
    rows = sg_rows[pick]
    if mask is not None:
        keep = mask[index.name_ent[rows]]
        pick, rows = pick[keep], rows[keep]
    # (each row's cleaned text as stored: what name_original_script compares, Han folded alike)
    sg_text = index.sg_text
    texts = [sg_text[k] for k in pick.tolist()]
    if han:
        texts = [fold_han_variants(t) for t in texts]
    ratio = floor / weight
    cutoff = max(0.0, ratio * 100.0 - _CUTOFF_SLACK)
    out: list[Candidate] = []
    for _, score, k in process.extract(
        query, texts, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=None
    ):
        # (as name_original_script scores it and LogicV1 weighs it: the same float)
        bound = score / 100.0 * weight
        if bound >= floor:
            out.append(Candidate(int(rows[k]), bound))
    out.sort(key=lambda c: (-c.bound, c.row))
    return _capped(out, max_candidates)


# -- the reference: every listed non-ASCII name compared ---------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    """The index's non-ASCII name rows as the in-script comparison reads them."""

    rows: list[int]
    texts: list[str]  # clean_text of each row's name (Han folded in the Han table)


_TABLES: WeakKeyDictionary[ScreeningIndex, dict[bool, _Table]] = WeakKeyDictionary()


def linear_script_candidates(
    ctx: QueryContext,
    index: ScreeningIndex,
    floor: float,
    weight: float,
    max_candidates: int,
    mask: npt.NDArray[np.bool_] | None = None,
) -> Candidates:
    """What :func:`script_candidates` returns, found by comparing the query with every
    listed non-ASCII name (session 22's retrieval, linear in them): the reference the
    tests and ``benchmarks/script_scale.py`` hold the counted retrieval to."""
    if ctx.name.scripts <= {"Latn"} or floor > weight:
        return Candidates()
    han = "Hani" in ctx.name.scripts
    query = fold_han_variants(ctx.original) if han else ctx.original
    tables = _TABLES.setdefault(index, {})
    table = tables.get(han)
    if table is None:
        rows = [row for row, text in enumerate(index.name_text) if not text.isascii()]
        texts = [_listed(index.name_text[row], han) for row in rows]
        table = tables[han] = _Table(rows, texts)
    cutoff = max(0.0, floor / weight * 100.0 - _CUTOFF_SLACK)
    out: list[Candidate] = []
    for _, score, k in process.extract(
        query, table.texts, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=None
    ):
        row = table.rows[k]
        if mask is not None and not mask[index.entity_of(row)]:
            continue
        bound = score / 100.0 * weight
        if bound >= floor:
            out.append(Candidate(row, bound))
    out.sort(key=lambda c: -c.bound)  # (extract's order: best first, then in row order)
    return _capped(out, max_candidates)
