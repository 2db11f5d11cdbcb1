"""Compact columns for the screening index: few Python objects, cheap to pickle and to load.

A million-entity index held as lists of Python objects (a ``str`` per caption, a ``frozenset`` per
entity's countries, a ``tuple`` per entity's name rows) costs 50-250 bytes per cell and one
pickle opcode per object on every load. These columns keep the same read interface
(``column[i]``, ``len``, iteration) over flat buffers:

* :class:`StrColumn` — strings as one UTF-8 buffer and end offsets, decoded on access;
* :class:`CodeColumn` — few distinct values (countries, types, scripts) interned, one small
  integer per cell;
* :class:`RecordsColumn` — per cell a tuple of records (birth dates, identifiers), field by field;
* :class:`SparseColumn` — mostly-empty cells (derivation notes) as a dict of the others;
* :class:`RangeColumn` — consecutive row ranges per entity (its name rows) as one offset array.

Each has a builder-style ``append`` so that a build never holds the values twice, and an
``extend`` that appends another column of its kind (a build's worker parts, in order: the same
column as their cells appended one by one).
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterator, Sequence
from typing import Any, Generic, TypeVar

__all__ = [
    "CodeColumn",
    "RangeColumn",
    "RecordsColumn",
    "SparseColumn",
    "StrColumn",
    "joined",
    "split_joined",
]

T = TypeVar("T")
H = TypeVar("H", bound=Hashable)
_SEP = "\x00"  # never inside a name or token (normalisation drops control characters)


class _Column(Generic[T]):
    """Read interface shared by the columns: ``column[i]`` (an int, negative too), ``len``,
    iteration. Lookups skip generic checks: they sit on the scoring path."""

    __slots__ = ()

    def __getitem__(self, i: int) -> T:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __iter__(self) -> Iterator[T]:
        return (self[k] for k in range(len(self)))


class StrColumn(_Column[str]):
    """Strings stored as one UTF-8 buffer with end offsets (about 9 bytes per string plus its
    text, against 50 + text for a ``str`` in a list)."""

    __slots__ = ("_buf", "_ends")

    def __init__(self, items: Sequence[str] = ()) -> None:
        self._buf: bytes | bytearray = bytearray()
        self._ends = array("q", [0])
        for s in items:
            self.append(s)

    def append(self, s: str) -> None:
        if isinstance(self._buf, bytes):  # loaded from a file: made growable on first append
            self._buf = bytearray(self._buf)
        # surrogatepass: a stray surrogate in a list file round-trips instead of failing a build
        self._buf += s.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._buf))

    def extend(self, other: StrColumn) -> None:
        if isinstance(self._buf, bytes):
            self._buf = bytearray(self._buf)
        base = len(self._buf)
        self._buf += other._buf
        self._ends += _shifted(other._ends, base)

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, i: int) -> str:
        if i < 0:
            i += len(self)
        ends = self._ends
        return self._buf[ends[i] : ends[i + 1]].decode("utf-8", "surrogatepass")

    def rows_of_bytes(self, least: int) -> list[int]:
        """The rows whose UTF-8 text is at least ``least`` bytes long (no string decoded)."""
        import numpy as np  # (the columns module itself stays numpy-free to import)

        ends = np.frombuffer(self._ends, dtype=np.int64)
        return [int(i) for i in np.flatnonzero(np.diff(ends) >= least)]

    def rows_not_ascii(self) -> list[int]:
        """The rows whose text is not all ASCII, ascending (no string decoded: a UTF-8 text
        is ASCII exactly when none of its bytes has the high bit set)."""
        import numpy as np

        ends = np.frombuffer(self._ends, dtype=np.int64)
        high = np.flatnonzero(np.frombuffer(self._buf, dtype=np.uint8) >= 0x80)
        # (the row of a byte at offset p is the one whose end is the first end above p)
        return [int(i) for i in np.unique(np.searchsorted(ends, high, side="right") - 1)]

    def encoded(self, rows: Sequence[int]) -> list[bytes]:
        """The UTF-8 text of each of ``rows``, not decoded (one slice each)."""
        buf, ends = self._buf, self._ends
        return [bytes(buf[ends[i] : ends[i + 1]]) for i in rows]

    def __getstate__(self) -> tuple[bytes, array[int]]:
        return bytes(self._buf), self._ends

    def __setstate__(self, state: tuple[bytes, array[int]]) -> None:
        self._buf, self._ends = state  # bytes as loaded: no copy


class CodeColumn(_Column[H]):
    """Cells drawn from few distinct values: a table of the values and one code per cell."""

    __slots__ = ("_codes", "_ids", "table")

    def __init__(self, items: Sequence[H] = ()) -> None:
        self.table: list[H] = []
        self._ids: dict[H, int] = {}
        self._codes = array("I")
        for v in items:
            self.append(v)

    def append(self, value: H) -> None:
        code = self._ids.get(value)
        if code is None:
            code = self._ids[value] = len(self.table)
            self.table.append(value)
        self._codes.append(code)

    def extend(self, other: CodeColumn[H]) -> None:
        # (other's values interned here in the order other first met them: the same table
        # as other's cells appended one by one)
        ids = self._ids
        remap = []
        for value in other.table:
            code = ids.get(value)
            if code is None:
                code = ids[value] = len(self.table)
                self.table.append(value)
            remap.append(code)
        self._codes += array("I", [remap[c] for c in other._codes])

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, i: int) -> H:
        return self.table[self._codes[i]]

    def codes(self) -> array[int]:
        """Each cell's position in :attr:`table`."""
        return self._codes

    def __getstate__(self) -> tuple[list[H], array[int]]:
        # Few distinct values: the narrowest code type that holds them.
        width = "B" if len(self.table) <= 0xFF else "H" if len(self.table) <= 0xFFFF else "I"
        return self.table, array(width, self._codes)

    def __setstate__(self, state: tuple[list[H], array[int]]) -> None:
        self.table, self._codes = state
        self._ids = {v: k for k, v in enumerate(self.table)}


class SparseColumn(_Column[T]):
    """A column whose cells are mostly ``default``: only the others are stored."""

    __slots__ = ("_cells", "_default", "_n")

    def __init__(self, default: T) -> None:
        self._default = default
        self._cells: dict[int, T] = {}
        self._n = 0

    def append(self, value: T) -> None:
        if value != self._default:
            self._cells[self._n] = value
        self._n += 1

    def extend(self, other: SparseColumn[T]) -> None:
        self._cells.update((self._n + i, v) for i, v in sorted(other._cells.items()))
        self._n += other._n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i: int) -> T:
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("column index out of range")
        return self._cells.get(i, self._default)

    def items(self) -> Iterator[tuple[int, T]]:
        """The cells that are not ``default``, with their positions, in order."""
        return iter(sorted(self._cells.items()))

    def __getstate__(self) -> tuple[T, dict[int, T], int]:
        return self._default, self._cells, self._n

    def __setstate__(self, state: tuple[T, dict[int, T], int]) -> None:
        self._default, self._cells, self._n = state


Record = tuple[Any, ...]


class RecordsColumn(_Column[tuple[Record, ...]]):
    """Per cell a tuple of records of one shape (an entity's birth dates, its identifiers),
    stored field by field: ``kinds`` has a letter per field — ``i`` an integer, ``c`` one of
    few distinct values, ``s`` a string."""

    __slots__ = ("_ends", "_fields")

    def __init__(self, kinds: str) -> None:
        self._ends = array("q", [0])
        self._fields: list[array[int] | CodeColumn[Any] | StrColumn] = [
            array("q") if k == "i" else CodeColumn() if k == "c" else StrColumn() for k in kinds
        ]

    def append(self, records: Sequence[Record]) -> None:
        for rec in records:
            for col, value in zip(self._fields, rec, strict=True):
                col.append(value)
        self._ends.append(self._ends[-1] + len(records))

    def extend(self, other: RecordsColumn) -> None:
        for mine, theirs in zip(self._fields, other._fields, strict=True):
            mine.extend(theirs)  # type: ignore[arg-type]
        self._ends += _shifted(other._ends, self._ends[-1])

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, i: int) -> tuple[Record, ...]:
        if i < 0:
            i += len(self)
        a, b = self._ends[i], self._ends[i + 1]
        if a == b:
            return ()
        return tuple(tuple(col[k] for col in self._fields) for k in range(a, b))

    def items(self) -> Iterator[tuple[int, tuple[Record, ...]]]:
        """The cells that hold records, with their positions, in order."""
        ends = self._ends
        return ((i, self[i]) for i in range(len(self)) if ends[i + 1] > ends[i])

    def __getstate__(self) -> tuple[array[int], list[array[int] | CodeColumn[Any] | StrColumn]]:
        return self._ends, self._fields

    def __setstate__(
        self, state: tuple[array[int], list[array[int] | CodeColumn[Any] | StrColumn]]
    ) -> None:
        self._ends, self._fields = state


class RangeColumn(_Column[range]):
    """Per entity, its consecutive run of rows (``range``), from one offset array."""

    __slots__ = ("_ends",)

    def __init__(self) -> None:
        self._ends = array("q", [0])

    def append(self, count: int) -> None:
        """The next entity owns the next ``count`` rows."""
        self._ends.append(self._ends[-1] + count)

    def extend(self, other: RangeColumn) -> None:
        self._ends += _shifted(other._ends, self._ends[-1])

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, i: int) -> range:
        if i < 0:
            i += len(self)
        return range(self._ends[i], self._ends[i + 1])

    def __getstate__(self) -> array[int]:
        return self._ends

    def __setstate__(self, state: array[int]) -> None:
        self._ends = state


def _shifted(ends: array[int], base: int) -> array[int]:
    """End offsets after the leading 0, each plus ``base``."""
    return array(ends.typecode, [base + x for x in ends[1:]])


def joined(items: Sequence[str]) -> tuple[int, str]:
    """A list of strings as one string (one pickle object instead of one per string)."""
    return len(items), _SEP.join(items)


def split_joined(packed: tuple[int, str]) -> list[str]:
    """The list :func:`joined` packed (``str.split`` builds it at C speed)."""
    n, text = packed
    return text.split(_SEP) if n else []
