"""Row-set operations of candidate retrieval: sorted unions, memberships and per-row maxima
over numpy arrays of name rows, with a reusable dense scratch for unions over a large share
of a big corpus."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import numpy.typing as npt

__all__ = ["F64", "I32", "Hits", "Scratch", "group_max", "member", "sorted_unique", "sums"]

I32 = npt.NDArray[np.int32]
F64 = npt.NDArray[np.float64]
Hits = tuple[npt.NDArray[np.int32], npt.NDArray[np.float64], npt.NDArray[np.float64]]
_EMPTY = np.zeros(0, dtype=np.int32)
_EMPTY_F = np.zeros(0, dtype=np.float64)


def member(haystack: I32, needles: I32) -> npt.NDArray[np.bool_]:
    """Which needles occur in a sorted haystack."""
    if haystack.size == 0:
        return np.zeros(needles.size, dtype=bool)
    idx = np.searchsorted(haystack, needles)
    np.minimum(idx, haystack.size - 1, out=idx)
    return haystack[idx] == needles  # type: ignore[no-any-return]


def sorted_unique(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Sorted distinct values (np.unique hashes first, several times slower here)."""
    if a.size < 2:
        return a
    a = a.copy()
    # The default (unstable) sort: equal values are interchangeable, and numpy's vectorised
    # quicksort beats timsort's run merging several times over, even on presorted runs.
    a.sort()
    keep = np.empty(a.size, dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


def sums(slots: npt.NDArray[np.integer[Any]], values: F64, n: int) -> F64:
    """Per slot < n, the sum of its values, added one by one in order (bincount's loop)."""
    return cast(F64, np.bincount(slots, values, n + 1)[:n])  # (float64: the weights' type)


class Scratch:
    """Dense work arrays over all name rows, lent to one call at a time.

    Between calls ``hit`` is all False and ``sim``/``simw`` all 0.
    """

    __slots__ = ("hit", "sim", "simw")

    def __init__(self, n: int) -> None:
        # Zeroed pages are mapped lazily: a small corpus or a call that needs only one of
        # these pays only for what it touches.
        self.hit = np.zeros(n, dtype=bool)
        self.sim = np.zeros(n, dtype=np.float64)
        self.simw = np.zeros(n, dtype=np.float64)

    def distinct(self, rows: I32) -> I32:
        """Sorted distinct ``rows`` through the bitmap (linear; leaves ``hit`` all False)."""
        lo, hi = int(rows.min()), int(rows.max()) + 1
        self.hit[rows] = True
        out: I32 = self.hit[lo:hi].nonzero()[0].astype(np.int32)
        out += lo
        self.hit[out] = False
        return out


def group_max(rows: I32, a: F64, b: F64) -> Hits:
    """Sorted unique rows with the maxima of ``a`` and ``b`` over each row's entries."""
    if rows.size == 0:
        return _EMPTY, _EMPTY_F, _EMPTY_F
    order = rows.argsort()  # (unstable: the maxima do not depend on the order of ties)
    rows, a, b = rows[order], a[order], b[order]
    new = rows[1:] != rows[:-1]
    # (no row reached twice, about half the positions: nothing to reduce; count_nonzero, as
    # ndarray.all goes through a Python frame: ~2 µs a call, on every new position)
    if np.count_nonzero(new) == new.size:
        return rows, a, b
    starts = np.concatenate(([True], new)).nonzero()[0]
    return rows[starts], np.maximum.reduceat(a, starts), np.maximum.reduceat(b, starts)
