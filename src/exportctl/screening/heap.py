"""Give the memory an index build freed back to the operating system.

A build allocates and frees far more than it keeps (a normalised name per listed name, growing
posting lists, temporary arrays). glibc keeps freed heap pages mapped for reuse, so after a
1M-entity build the process holds hundreds of MiB of free heap on top of the index itself.
``malloc_trim(0)`` returns the free pages; nothing live moves, so nothing the index answers
can change. Elsewhere (macOS, musl, Windows) there is no such call and this does nothing.
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import cast

__all__ = ["collector_paused", "release_freed_memory"]


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        # The running process's own symbols: glibc's malloc_trim where the C library is glibc.
        return cast("Callable[[int], int]", ctypes.CDLL(None).malloc_trim)
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> bool:
    """Collect the young generation's cyclic garbage, then return free heap pages to the
    operating system; whether the C library could."""
    trim = _malloc_trim()
    if trim is None:
        return False
    # Cycles among the build's temporaries hold pages that the trim could otherwise return.
    # They are all young: the collector was paused for the build (collector_paused), so
    # nothing it made has been promoted. A full collection also walked every older object of
    # the process, a caller's corpus included, for nothing more: 1.0 CPU-s at the end of a
    # 300,000-entity build, 0 objects found, the same resident size after the trim as with
    # the young collection alone (12 µs).
    gc.collect(0)
    trim(0)
    return True


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, back as it was after.

    A build allocates millions of objects that live as long as it does (normalised names,
    posting lists, per-name rows), so every few hundred allocations a young collection walks
    them and every so often a full one walks the whole process, the corpus it reads included,
    to find almost no garbage: ~4 % of a build whose corpus is not frozen. A large build ends
    with a young collection (:func:`release_freed_memory`). Nesting, or builds in two
    threads, leave it enabled at the end if it was at the start of any of them.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
