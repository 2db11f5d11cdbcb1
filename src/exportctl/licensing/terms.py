"""Whether an end user's name mentions a term a rule names (``end_user_terms``: targeted groups).

A name is compared in the forms a disguise cannot escape: format characters out and NFKC
(``ＴＡＬＩＢＡＮ``, ``Talib\\u00adan``, ``Hou\\u200bthi``), lookalike letters of other scripts read
as Latin (Greek ``Η`` in ``Ηouthi``), case folded, and every run of punctuation, dashes and spaces
read as one space (``al–shabaab``, ``al‑Shabaab``, ``Al  Shabaab``, ``Da’esh``); a name in
Cyrillic is also read transliterated (``ТАЛИБАН``). A term matches where a word of the name starts
with it (``Houthis``, not ``Crisis`` for ``isis``), or, for a term of several words, where it
occurs with all spaces removed (``Alshabaab``, ``Daesh``). Plain substring matching, as before,
let each of those disguises clear a rule that prohibits supply.

A place name (``word_start=True``: the rulebook's ``word_start_term_sets``) matches with its
spaces removed only where a word of the name starts: ``San'a`` (compact ``sana``) sits inside
``Hassan``, and a Yemeni firm named Hassan is not thereby in Sana'a (rev28a), while
``San'aTrading`` and ``S a n a a`` still mention it. A group's name keeps the unanchored
reading: ``HarakatalShabaab`` holds ``al-Shabaab`` mid-word.

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


def _ascii_word(word: re.Match[str]) -> str:
    return to_ascii(word.group(0)).casefold()


def _cased(ch: str) -> bool:
    return ch.isupper() or ch.islower()


def _camel_split(text: str) -> str:
    """``text`` with a space where a lower-case letter meets an upper-case one, or a letter of a
    script with case meets one without (Latin, Arabic): a name written without spaces keeps its
    word starts there (``MinistryofInteriorSanaa``, ``Interiorصنعاء``), which a place term read
    only where a word starts needs (rev29a). Only ever a reading more."""
    out: list[str] = []
    prev = ""
    for ch in text:
        if (prev.islower() and ch.isupper()) or (
            prev.isalpha() and ch.isalpha() and _cased(prev) != _cased(ch)
        ):
            out.append(" ")
        out.append(ch)
        prev = ch
    return "".join(out)


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
        plain = strip_format(order)
        split = _camel_split(plain)  # before prefold, which lower-cases a mixed-script word
        for cased in (plain, split) if split != plain else (plain,):
            folded, alts = prefold(cased)
            base = folded.casefold()
            readings.append(base)
            if alts:
                readings.append(_WORD.sub(partial(_latin_word, alts), base))
            if not base.isascii():
                # Word by word, so the words keep their places: to_ascii reads one token and
                # drops the spaces, and a place term read only where a word starts was then
                # missed in "Ministry of Interior, Sanʿa" or "…, Сана" (rev29a). The reading
                # of the whole stays too (a reading more, never fewer).
                readings.append(_WORD.sub(_ascii_word, base))
                readings.append(to_ascii(base).casefold())
    out: list[tuple[str, str]] = []
    for reading in readings:
        reading = _ACRONYM.sub(lambda m: m.group(0).replace(".", "") + " ", reading)
        spaced = _GAPS.sub(" ", reading).strip()
        out.append((spaced, spaced.replace(" ", "")))
    return tuple(dict.fromkeys(out))


def _word_starts(spaced: str) -> frozenset[int]:
    """Where each word of ``spaced`` starts in its compact reading (spaces removed)."""
    starts, at = [], 0
    for word in spaced.split(" "):
        starts.append(at)
        at += len(word)
    return frozenset(starts)


def _compact_at_word_start(t_compact: str, spaced: str, compact: str) -> bool:
    starts = _word_starts(spaced)
    at = compact.find(t_compact)
    while at >= 0:
        if at in starts:
            return True
        at = compact.find(t_compact, at + 1)
    return False


def mentions_any(name: str, terms: Iterable[str], *, word_start: bool = False) -> bool:
    """Whether ``name`` mentions one of ``terms`` in any of the readings above; ``word_start``:
    a term's compact reading counts only where a word of the name starts (place names)."""
    names = term_forms(name)
    for term in terms:
        for t_spaced, t_compact in term_forms(term):
            if not t_compact:
                continue
            for spaced, compact in names:
                if f" {t_spaced}" in f" {spaced}":
                    return True
                if word_start:
                    # a one-word place too: "S a n a a" (a reading more, never fewer)
                    if _compact_at_word_start(t_compact, spaced, compact):
                        return True
                elif " " in t_spaced and t_compact in compact:
                    return True
    return False


def has_name(text: str) -> bool:
    """Whether ``text`` holds a letter or digit once format characters are gone."""
    return any(ch.isalnum() for ch in strip_format(text))
