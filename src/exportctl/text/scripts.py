"""Script detection and script-aware transliteration to ASCII.

Cyrillic goes through several iuliia schemes (Wikipedia, ICAO Doc 9303 passports, BGN/PCGN,
MVD 782, scientific, Moscow metro) because lists and customers use all of them; Chinese goes
through pypinyin; Hangul is romanised syllable by syllable; everything else (Latin with
diacritics, Greek, Arabic, Persian, Hebrew, Georgian, Armenian, kana …) through anyascii.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import iuliia
from anyascii import anyascii

__all__ = ["char_script", "cyrillic_variants", "han_syllables", "hangul_syllables", "to_ascii"]

_CYRILLIC_SCHEMES = (
    iuliia.WIKIPEDIA,
    iuliia.ICAO_DOC_9303,
    iuliia.BGN_PCGN,
    iuliia.MVD_782,
    iuliia.SCIENTIFIC,
    iuliia.MOSMETRO,
)


@lru_cache(maxsize=65_536)
def char_script(ch: str) -> str:
    """Coarse script class of one character: Latn, Cyrl, Grek, Hani, Hang, Kana, Other, or ''."""
    if ch.isascii():
        return "Latn" if ch.isalpha() else ""
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "")
    head = name.split(" ", 1)[0]
    if head == "LATIN":
        return "Latn"
    if head == "CYRILLIC":
        return "Cyrl"
    if head == "GREEK":
        return "Grek"
    if head == "CJK":
        return "Hani"
    if head == "HANGUL":
        return "Hang"
    if head in ("HIRAGANA", "KATAKANA"):
        return "Kana"
    return "Other"


def _clean(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


@lru_cache(maxsize=65_536)
def to_ascii(token: str) -> str:
    """ASCII letters/digits of a token (diacritics removed, any script via anyascii)."""
    if token.isascii():
        return _clean(token)
    return _clean(anyascii(token))


@lru_cache(maxsize=65_536)
def cyrillic_variants(token: str) -> tuple[str, ...]:
    """A Cyrillic token in each supported romanisation scheme, distinct, Wikipedia's first."""
    out: list[str] = []
    for scheme in _CYRILLIC_SCHEMES:
        v = to_ascii(scheme.translate(token))
        if v and v not in out:
            out.append(v)
    return tuple(out)


def han_syllables(token: str) -> list[str]:
    """Pinyin syllables of a Chinese token (non-Han parts are transliterated as they are)."""
    # Imported here: pypinyin loads a 0.3 s phrase dictionary, paid only when Han text appears.
    from pypinyin import lazy_pinyin

    return [s for s in (to_ascii(p) for p in lazy_pinyin(token)) if s]


def hangul_syllables(token: str) -> list[str]:
    """Revised-romanisation syllables of a Korean token, one per Hangul block."""
    return [s for s in (to_ascii(ch) for ch in token) if s]
