"""Codes and numbers as users paste them: Unicode digits, dashes and invisible characters folded.

A listed code or CAS number written with full-width or Arabic-Indic digits (``５A００２``,
``١٠٧-٤٤-٨``), a minus sign for a hyphen or a zero-width space inside must resolve to the same
entry as its ASCII form, or be refused; it must never miss every key and read as "no entry
found" (fail open). Python's ``re`` ``\\d`` and ``str.isdigit`` accept those digits, so a
pattern check alone lets them through to lookups keyed by ASCII.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_code"]

# hyphen, non-breaking hyphen, figure/en/em dash, horizontal bar, minus sign, small and
# full-width hyphen-minus
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_INVISIBLE = frozenset(("Cf", "Cc", "Cs", "Co", "Cn"))


def fold_code(text: str) -> str:
    """NFKC; every Unicode decimal digit → its ASCII digit; dashes → ``-``; format and control
    characters (zero-width space, bidi marks, BOM), surrogates, private-use and unassigned
    code points dropped; whitespace kept. ASCII text is
    returned as it is."""
    if text.isascii() and text.isprintable():
        return text
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", text))
    out: list[str] = []
    for ch in text:
        if ch.isspace():
            out.append(ch)
            continue
        if unicodedata.category(ch) in _INVISIBLE:
            continue
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    return "".join(out)
