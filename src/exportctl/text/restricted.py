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

__all__ = [
    "EXACT_ONLY_NOTE",
    "INITIAL_NOTE",
    "READ_ONCE_NOTE",
    "exact_only",
    "least_score",
    "least_score_note",
    "only_against",
    "only_against_note",
    "read_once",
]

_NOTE = "counts against listed {}s only"
_READ_BACK = re.compile(r"counts against listed (\w+)s only")
# A reading that counts only where it is a listed name exactly (a side of a field split at a
# FOR after a body's kind: the lists write `… GENERAL CORPORATION FOR EXTERNAL CONSTRUCTION`
# as one name, so a side is a party only where a list names it so; text/fields.py)
EXACT_ONLY_NOTE = "counts only where it meets a listed name exactly"


# A reading of an initial and a surname (a mailbox's, `p.kachkaev@`): it counts only against a
# listed name holding that surname and another word the initial begins (escape34). The scorer
# weighs the initial little, so `g.ahmed@`, `r.green@`, `j.george@` met the one-word listed
# AHMED, A, GREEN and George at 0.96–0.98 in desk_overmatch's mailbox_initial class; the
# initial is what says which of the surname's holders the mailbox is (screening/features.py).
INITIAL_NOTE = "counts only where the listed name holds its surname and a name its initial begins"


def exact_only(how: str) -> bool:
    """Whether a reading that says ``how`` counts only where it equals a listed name."""
    return EXACT_ONLY_NOTE in how


# A reading that counts only where it meets a listed name at a score this high or more (a
# company's web domain read as its name: a guess at a glued, lower-cased name, which met
# ordinary words' listed look-alikes — `hotel.es` 0.89 on HOTEL HOLDING, `booth.org` 0.80 on
# B.O.T.H. — in rev31d's 2,000 Faker domains; text/desk_forms.py)
_LEAST = "counts only where it meets a listed name at {:.2f} or more"
_LEAST_BACK = re.compile(r"counts only where it meets a listed name at ([01]\.\d\d) or more")


def least_score_note(score: float) -> str:
    """What a reading says of itself when it counts only at ``score`` or more."""
    return _LEAST.format(score)


def least_score(how: str) -> float:
    """The least score at which a reading that says ``how`` counts (0.0: at any)."""
    m = _LEAST_BACK.search(how)
    return float(m.group(1)) if m else 0.0


# A reading of a field that holds the name, or one of its words, twice: the name read once. It
# stands in for the field where the evidence is weighed (screening/evidence.py): the field
# counts each word it repeats twice, and so `Mohammed Baker / Mohammed Baker` weighed 27 bits
# against BAGHERI, Mohammad where `Mohammed Baker` weighs 13.6, and alerted at 0.82 where the
# name written once clears (rev31d).
READ_ONCE_NOTE = "(read once)"


def read_once(how: str) -> bool:
    """Whether a reading that says ``how`` is the field's name read once."""
    return READ_ONCE_NOTE in how


def only_against_note(kind: str) -> str:
    """What a reading says of itself when it counts against listed entities of the type
    ``kind`` only (an ``EntityType`` value: ``person``, ``vessel``)."""
    return _NOTE.format(kind)


def only_against(how: str) -> str | None:
    """The entity type (its value) a reading that says ``how`` counts against alone, or None
    where it counts against every listed entity."""
    m = _READ_BACK.search(how)
    return m.group(1) if m else None
