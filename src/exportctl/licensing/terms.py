"""Whether an end user's name mentions a term a rule names (``end_user_terms``: targeted groups).

A name is compared in the forms a disguise cannot escape: format characters out and NFKC
(``ＴＡＬＩＢＡＮ``, ``Talib\\u00adan``, ``Hou\\u200bthi``), lookalike letters of other scripts read
as Latin (Greek ``Η`` in ``Ηouthi``), case folded, and every run of punctuation, dashes and spaces
read as one space (``al–shabaab``, ``al‑Shabaab``, ``Al  Shabaab``, ``Da’esh``); a name in
Cyrillic is also read transliterated (``ТАЛИБАН``). A term matches where a word of the name starts
with it (``Houthis``, not ``Crisis`` for ``isis``), or, for a term of several words, where it
occurs with all spaces removed (``Alshabaab``, ``Daesh``). Plain substring matching, as before,
let each of those disguises clear a rule that prohibits supply.

Spelling variants that are not disguises (``Qaeda``/``Qaida``) are data: the rulebook lists them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache, partial

from exportctl.text.bidi import stored_order_readings
from exportctl.text.lookalikes import prefold
from exportctl.text.scripts import to_ascii
from exportctl.text.tokenize import strip_format

__all__ = ["has_name", "mentions_any", "term_forms"]

_GAPS = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
_ACRONYM = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.){2,}")  # "w.m.d." → "wmd"


def _latin_word(alts: dict[str, str], word: re.Match[str]) -> str:
    return alts.get(word.group(0), word.group(0))


@lru_cache(maxsize=4096)
def term_forms(text: str) -> tuple[tuple[str, str], ...]:
    """``(spaced, compact)`` readings of a name or term (one, or two when a word made wholly of
    lookalike letters also has a Latin reading; those of its stored order too when it holds
    bidi controls)."""
    readings: list[str] = []
    orders = [text, *(stored for stored, _ in stored_order_readings(text))]
    if "\u200c" in text:
        # strip_format reads a zero-width non-joiner between Arabic-script letters as a word
        # break (the parts of a Persian name); inside a group's name it is a disguise: "حوث\u200cي"
        # did not mention "حوثي" (rev28a). Read without it too.
        orders += [o.replace("\u200c", "") for o in orders]
    # (a name stored behind a bidi control is read in display order by strip_format, and also
    # as stored, the order every other system reads: "\u202eHouthi" displays "ihtuoH" — hunt27)
    for order in orders:
        folded, alts = prefold(strip_format(order))
        base = folded.casefold()
        readings.append(base)
        if alts:
            readings.append(_WORD.sub(partial(_latin_word, alts), base))
        if not base.isascii():
            readings.append(to_ascii(base).casefold())
    out: list[tuple[str, str]] = []
    for reading in readings:
        reading = _ACRONYM.sub(lambda m: m.group(0).replace(".", "") + " ", reading)
        spaced = _GAPS.sub(" ", reading).strip()
        out.append((spaced, spaced.replace(" ", "")))
    return tuple(dict.fromkeys(out))


def mentions_any(name: str, terms: Iterable[str]) -> bool:
    """Whether ``name`` mentions one of ``terms`` in any of the readings above."""
    names = term_forms(name)
    for term in terms:
        for t_spaced, t_compact in term_forms(term):
            if not t_compact:
                continue
            for spaced, compact in names:
                if f" {t_spaced}" in f" {spaced}" or (" " in t_spaced and t_compact in compact):
                    return True
    return False


def has_name(text: str) -> bool:
    """Whether ``text`` holds a letter or digit once format characters are gone."""
    return any(ch.isalnum() for ch in strip_format(text))
