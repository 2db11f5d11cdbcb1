"""Readings of a query that count against listed entities of one type only.

A reading of a query (text/fields.py, text/person_names.py) may hold only where the listed
entity is of one type: initials the untyped reading took for a legal form read as a
person's (``S. A. OBOZOV``) say something of a listed person only, and a field's name read
without a vessel's type that also opens company names (``aframax OCEANUS GAS``) says
something of a listed vessel only — against a company, ``BULKER Rust AG`` read as ``Rust
AG`` met RUST CLOSED JOINT-STOCK COMPANY at 0.88. Such a reading says so at the end of what
it says of itself (its ``how``), and the scorer reads it back (screening/features.py).
"""

from __future__ import annotations

import re

__all__ = ["only_against", "only_against_note"]

_NOTE = "counts against listed {}s only"
_READ_BACK = re.compile(r"counts against listed (\w+)s only")


def only_against_note(kind: str) -> str:
    """What a reading says of itself when it counts against listed entities of the type
    ``kind`` only (an ``EntityType`` value: ``person``, ``vessel``)."""
    return _NOTE.format(kind)


def only_against(how: str) -> str | None:
    """The entity type (its value) a reading that says ``how`` counts against alone, or None
    where it counts against every listed entity."""
    m = _READ_BACK.search(how)
    return m.group(1) if m else None
