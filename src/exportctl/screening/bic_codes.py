"""A bank's SWIFT/BIC code written in the name field, read as the bank's identifier
(escape35, issue #12).

A payment's bank field or a reference line gives a bank by its code alone, often in lower
case (``korbkppy``, ``ref korbkppy xxx``): no reading of its words names the bank, and the
field cleared the listed bank whose code the lists give (OFAC's KORYO BANK, ``KORBKPPY``).
text/desk_forms.bank_field_readings reads a code off after a bank's name; this reads the
code itself, as an IMO number in a vessel's field is read (screening/__init__.py), against
the index's listed codes: a word shaped as a BIC (four letters, a country's two, two of
letters or digits, an optional branch of three) counts only where the lists give it as a
``swift`` identifier — an eight-letter word (``HOLDINGS``, ``NATIONAL``) is shaped so, and
counts only if a listed bank's code were that word. A head office's ``XXX`` is read both
ways (lists write ``KORBKPPY`` and ``KORBKPPYXXX``).
"""

from __future__ import annotations

import re

from exportctl.screening.features import QueryContext
from exportctl.screening.index import ScreeningIndex, normalize_identifier
from exportctl.text.lookalikes import prefold

__all__ = ["listed_bic_readings"]

# (its four parts may be set apart by a space or a hyphen, as a code is read out or printed
# in groups: `KORB KP PY`, `KORB-KP-PY XXX` — rev33b; one space or hyphen at most, so a run of
# separators is no cost; looked for at each word's start, as the words before may take a
# code's first parts, `BANK KORB KP PY`)
_BIC_WORD = re.compile(
    r"(?<![^\W_])(?=([A-Za-z]{4}[ -]?[A-Za-z]{2}[ -]?[A-Za-z0-9]{2}(?:[ -]?[A-Za-z0-9]{3})?)"
    r"(?![^\W_]))"
)
_SEPARATORS = re.compile("[ -]")
_KIND = "swift"
_MAX_FIELD = 512  # (a reference line holds a code or two; a longer field is not read)


def _forms(word: str) -> tuple[str, ...]:
    code = normalize_identifier(_SEPARATORS.sub("", word))
    if len(code) == 11:
        # (a branch's code is the bank's code and three more: `KORBKPPY001` is KORYO BANK's
        # branch, the bank itself — rev33b; and a separated field's next word may have been
        # read as a branch, `KORB KP PY REF`)
        return code, code[:8], code[:8] + "XXX"
    return (code, code + "XXX") if len(code) == 8 else (code,)


def listed_bic_readings(ctx: QueryContext, index: ScreeningIndex) -> None:
    """Adds to ``ctx.identifiers`` each SWIFT/BIC code of the name field that the lists give
    as a bank's ``swift`` identifier (any case, ``XXX`` or not); nothing for a field without
    a word shaped as a code (the usual name) or with none listed."""
    text = ctx.original
    if len(text) > _MAX_FIELD:
        return
    words = _BIC_WORD.findall(text)
    folded = text if text.isascii() else prefold(text)[0]
    if folded != text:
        # (a code written with lookalike letters, `КОRВKPPY` with Cyrillic К, О, В — rev33b)
        words += _BIC_WORD.findall(folded)
    if not words:
        return
    listed = index.ident_index
    found = {
        form
        for word in words
        for form in _forms(word)
        for e in listed.get(form, ())
        if any(kind == _KIND and value == form for kind, value in index.ent_idents[e])
    }
    if found - ctx.identifiers:
        ctx.identifiers = ctx.identifiers | found
