"""Bounds on what one list load may read: decompressed bytes and the compression ratio.

A list file is small (the largest official one is tens of MB), but a gzip, ZIP or XLSX can
claim or hold far more: a 1.5 MB ``.xml.gz`` of repeated tags expands to gigabytes, a 6 MB
XLSX to a gigabyte of sheet XML. Every reader that decompresses counts the bytes it actually
produces against :class:`Limits` and stops at the first byte over, so memory and time stay
bounded before any parsing starts:

* ``max_bytes`` — most bytes one list file may hold, decompressed or plain (the ZIP archives
  of one load share one such budget) (``EXPORTCTL_MAX_UNPACKED_BYTES``, default 1 GiB);
* ``max_ratio`` — most decompressed bytes per compressed byte of one member or stream once it
  passes :data:`RATIO_FLOOR` (``EXPORTCTL_MAX_UNPACK_RATIO``, default 100; the official files
  compress 3–11×, a bomb 200–1000×).

The limits in force come from the environment, or from :func:`limits_scope` (the API derives
its own from its upload limit).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from exportctl.errors import SourceError
from exportctl.settings import env_int

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_RATIO",
    "RATIO_FLOOR",
    "BoundedStream",
    "Limits",
    "check_zip",
    "current_limits",
    "limits_scope",
]

DEFAULT_MAX_BYTES = 1 << 30
DEFAULT_MAX_RATIO = 100
#: Below this many decompressed bytes the ratio is not checked: a tiny member of repeated
#: bytes (an empty sheet, a header-only CSV) compresses far beyond any real list and is harmless.
RATIO_FLOOR = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """What one load may decompress: ``max_bytes`` in all, ``max_ratio`` per stream."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_ratio: int = DEFAULT_MAX_RATIO

    def check(self, what: str, produced: int, compressed: int | None = None) -> str | None:
        """Why ``produced`` decompressed bytes (from ``compressed``) are too many, or None."""
        if produced > self.max_bytes:
            return f"{what} unpacks to more than the {self.max_bytes:,} bytes allowed"
        if (
            compressed is not None
            and produced > RATIO_FLOOR
            and produced > self.max_ratio * max(compressed, 1)
        ):
            return (
                f"{what} unpacks to more than {self.max_ratio}× its {compressed:,} compressed "
                f"bytes (a decompression bomb?; at most {self.max_ratio}× and "
                f"{self.max_bytes:,} bytes allowed)"
            )
        return None


_SCOPE: ContextVar[Limits | None] = ContextVar("exportctl_load_limits", default=None)


def current_limits() -> Limits:
    """The limits in force: those of the innermost :func:`limits_scope`, else the environment."""
    scoped = _SCOPE.get()
    if scoped is not None:
        return scoped
    return Limits(
        env_int("EXPORTCTL_MAX_UNPACKED_BYTES", DEFAULT_MAX_BYTES),
        env_int("EXPORTCTL_MAX_UNPACK_RATIO", DEFAULT_MAX_RATIO),
    )


@contextmanager
def limits_scope(limits: Limits) -> Iterator[Limits]:
    """Use ``limits`` for every read inside the block (this thread or task only)."""
    token = _SCOPE.set(limits)
    try:
        yield limits
    finally:
        _SCOPE.reset(token)


def check_zip(path: Path, z: zipfile.ZipFile) -> None:
    """Refuse a ZIP container (XLSX, ODS) whose members claim more bytes or ratio than allowed.

    zipfile never yields more than a member's declared size (and fails its CRC when the data
    holds more), so checking the declared sizes bounds what reading can cost, before any of it
    is decompressed: a 6 MB workbook that unpacks to a gigabyte of XML fails at once.
    """
    limits = current_limits()
    infos = z.infolist()
    for info in infos:
        why = limits.check(f"member {info.filename}", info.file_size, info.compress_size)
        if why is not None:
            raise SourceError(why, path=str(path))
    why = limits.check("the archive", sum(i.file_size for i in infos))
    if why is not None:
        raise SourceError(why, path=str(path))


class BoundedStream:
    """A read-only stream over decompressed data that stops at the load's limits.

    For streaming parsers (``iterparse``) over a gzip file: every ``read`` counts the bytes
    produced against :class:`Limits` and the compressed size, and raises SourceError at the
    first byte over.
    """

    def __init__(self, inner: IO[bytes], path: Path, compressed: int) -> None:
        self._inner = inner
        self._path = path
        self._compressed = compressed
        self._limits = current_limits()
        self._produced = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._inner.read(size)
        self._produced += len(chunk)
        why = self._limits.check("the gzip data", self._produced, self._compressed)
        if why is not None:
            raise SourceError(why, path=str(self._path))
        return chunk

    def close(self) -> None:
        self._inner.close()

    def __enter__(self) -> BoundedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
