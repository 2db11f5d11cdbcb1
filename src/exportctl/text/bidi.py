"""Reading order of text that uses Unicode bidirectional controls (UAX #9).

``"\\u202eegedaB cirE"`` is stored reversed but *displays* as "Eric Badege": the right-to-left
override (RLO) reverses it on screen. Matching the stored order would miss the name a reviewer
sees, so text with explicit bidi controls (embeddings, overrides, isolates: LRE RLE PDF LRO
RLO LRI RLI FSI PDI) is put into the order a reader reads it, by ICU's implementation of the
bidirectional algorithm (PyICU), and the controls are removed.

Reading order is the visual order (left to right) with every right-to-left run read right to
left again: ICU's visual reordering applied twice. Once gives the screen; the second pass
turns right-to-left runs on that screen (an Arabic word, displayed reversed) back into the
order they are read. Text without explicit controls is returned as it is.

The stored order is read too (:func:`stored_order_readings`): ``"\\u202eIvan Sidorov"`` displays
as "vorodiS navI", but every system that reads the field (a bank's, a carrier's, a list
provider's search) reads "Ivan Sidorov"; screened in reading order alone, a listed name behind
an RLO was cleared (hunt27).
"""

from __future__ import annotations

import re

__all__ = [
    "EXPLICIT_CONTROLS",
    "has_bidi_controls",
    "reading_order",
    "stored_order_readings",
]

#: Explicit directional embeddings, overrides and isolates (and their terminators).
EXPLICIT_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS = re.compile(f"[{EXPLICIT_CONTROLS}]")
#: The implicit marks (LRM, RLM, ALM): invisible strong letters that only place their
#: neighbours; ICU's control removal keeps them.
_MARKS = re.compile("[\u200e\u200f\u061c]")


def has_bidi_controls(text: str) -> bool:
    """Whether ``text`` holds an explicit bidi control (only those change the order)."""
    return _CONTROLS.search(text) is not None


def _visual(text: str) -> str:
    # start-up: PyICU (9 ms by -X importtime) only for text that holds a bidi control.
    import icu  # type: ignore[import-not-found,import-untyped,unused-ignore]

    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(text))  # paragraph direction from the first strong letter
    return str(bidi.writeReordered(icu.Bidi.REMOVE_BIDI_CONTROLS | icu.Bidi.DO_MIRRORING))


def reading_order(text: str) -> str:
    """``text`` in the order a reader of its display reads it, explicit controls removed.

    >>> reading_order("\\u202eegedaB cirE")
    'Eric Badege'
    """
    if not has_bidi_controls(text):
        return text
    # The marks have placed their neighbours on the screen; left in for the second pass, a
    # mark before the first letter made a Latin name a right-to-left paragraph, and its
    # words came out in the wrong order ('\u202d\u061cAB\u061cBAS RASHIDI\u202c' read as
    # 'BAS RASHIDIAB'; found by tests/screening/test_composed_disguises.py).
    return _visual(_MARKS.sub("", _visual(text)))


def stored_order_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The text in the order it is stored, explicit controls removed, with how it was read;
    none when it holds no control or the controls change no order. A query is screened in
    both orders (as the parts of a compound query are): its reading order is what a reviewer
    sees, its stored order what every other system matches.

    >>> stored_order_readings("\\u202eIvan Sidorov")
    (('Ivan Sidorov', 'bidi controls ignored: the stored order'),)
    """
    if not has_bidi_controls(text):
        return ()
    stored = _CONTROLS.sub("", text)
    if " ".join(stored.split()) == " ".join(reading_order(text).split()):
        return ()
    return ((stored, "bidi controls ignored: the stored order"),)
