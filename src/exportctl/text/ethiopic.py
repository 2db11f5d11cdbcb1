"""Ethiopic script (Amharic, Tigrinya) read the way lists spell its names.

Each Ethiopic character is a syllable: a consonant and one of seven vowel orders. ICU's
``Amharic-Latin/BGN`` transform (PyICU, already a dependency through countrynames) spells every
character by the BGN/PCGN system: ``ግ`` gi, ``ር`` ri, ``ማ`` ma, ``ይ`` yi. The sixth order (BGN's
plain *i*) is a consonant with no vowel or with the short epenthetic one, and lists write it
only where it is pronounced: ``ግርማይ`` is GIRMAY or GHERMAY, not GIRIMAYI, ``ተስፋዬ`` TESFAYE, and
anyascii, which drops it everywhere, gives GRMAY. The vowel is pronounced where the consonant
cannot close a syllable: at the start of a word before another consonant (``ግ``-``ር``: GIR-) and
after a consonant that already closes one; else it is silent (``ር`` of GIRMAY closes GIR, the
last ``ይ`` closes MAY). :func:`ethiopic_forms` spells a word so, the epenthetic vowel as i and as
e (GIRMAY, GERMAY), each folded to ASCII.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from exportctl.text.scripts import to_ascii

__all__ = ["ethiopic_forms", "is_ethiopic"]

_SIXTH = "i"  # BGN's sixth order; the third is ī, so a plain i is the sixth order alone
_EPENTHETIC = ("i", "e")  # how lists write the pronounced sixth-order vowel


def is_ethiopic(word: str) -> bool:
    """Whether the word holds an Ethiopic syllable (U+1200–U+139F, U+2D80–U+2DDF, U+AB00–)."""
    return any(
        "\u1200" <= ch <= "\u139f" or "\u2d80" <= ch <= "\u2ddf" or "\uab00" <= ch <= "\uab2f"
        for ch in word
    )


@cache
def _bgn() -> Any:  # an icu.Transliterator (PyICU ships no type information)
    # PyICU, imported here: paid only when Ethiopic text appears.
    import icu  # type: ignore[import-not-found,import-untyped,unused-ignore]

    return icu.Transliterator.createInstance("Amharic-Latin/BGN")


@lru_cache(maxsize=4096)
def _syllable(ch: str) -> tuple[str, bool]:
    """A character's BGN spelling without its sixth-order vowel, and whether it had one."""
    spelt = str(_bgn().transliterate(ch))
    if spelt.endswith(_SIXTH) and spelt != _SIXTH:
        return spelt[: -len(_SIXTH)], True
    return spelt, False


@lru_cache(maxsize=4096)
def ethiopic_forms(word: str) -> tuple[str, ...]:
    """ASCII spellings of an Ethiopic word as lists write them (module docstring), distinct;
    ``()`` when it holds no Ethiopic syllable."""
    if not is_ethiopic(word):
        return ()
    out: list[str] = []
    for vowel in _EPENTHETIC:
        parts: list[str] = []
        closes = False  # the syllable so far ends in a vowel: a consonant may close it
        for k, ch in enumerate(word):
            spelt, sixth = _syllable(ch)
            if not sixth:
                parts.append(spelt)
                closes = bool(spelt) and spelt[-1:] not in "’‘'"
                continue
            if closes or k == len(word) - 1:
                parts.append(spelt)  # silent: it closes the syllable (or ends the word)
                closes = False
            else:
                parts.append(spelt + vowel)  # pronounced: nothing for it to close
                closes = True
        form = to_ascii("".join(parts))
        if not form:
            # Only silent glottal or pharyngeal consonants (ዕ: ʿ), which have no Latin letter:
            # the vowel is all a list can write, and a word must not vanish from the query.
            form = to_ascii("".join(s + vowel if sixth else s for s, sixth in map(_syllable, word)))
        if form and form not in out:
            out.append(form)
    return tuple(out)
