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
from collections.abc import Callable
from functools import cache
from typing import cast

__all__ = ["release_freed_memory"]


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
    """Collect cyclic garbage, then return free heap pages to the operating system; whether
    the C library could."""
    trim = _malloc_trim()
    if trim is None:
        return False
    # Cycles among the build's temporaries hold pages that the trim could otherwise return.
    gc.collect()
    trim(0)
    return True
