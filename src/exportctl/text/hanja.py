"""Han characters read in Korean: a Korean name written in Han (金鐵三, 金铁三) as the Hangul
it stands for (김철삼), so that the Hangul romanisation (:mod:`.korean`) meets the spellings
lists use for North and South Koreans (KIM CHOL SAM).

The readings are Unicode's (Unihan ``kHangul``, the personal-name reading first; simplified
characters through their traditional variant), built into ``data/hanja.txt`` by
``scripts/build_hanja.py``. Han text is also Chinese, so the screen compares this reading only
with listed entities linked to Korea (:data:`KOREAN_COUNTRIES`); pinyin stays the reading
against everyone.
"""

from __future__ import annotations

from functools import cache, lru_cache

from exportctl.text.names import normalize_name
from exportctl.text.scripts import char_script
from exportctl.text.tables import read_data

__all__ = ["KOREAN_COUNTRIES", "han_korean_reading", "han_words", "hangul_of", "hanja_table"]

# Entities linked to either Korea (nationality or country, ISO 3166 alpha-2) are those a Han
# name may be the Korean name of.
KOREAN_COUNTRIES = frozenset({"KP", "KR"})
# Korean personal names are two to four syllables; a longer Han text (an organisation's name in
# Chinese) read syllable by syllable in Korean would only add noise.
_MIN_HAN, _MAX_HAN = 2, 6


@cache
def hanja_table() -> dict[str, tuple[str, ...]]:
    """Han character → its Hangul readings, the personal-name reading first (``data/hanja.txt``)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in read_data("hanja.txt").splitlines():
        if line and not line.startswith("#"):
            ch, readings = line.split("\t")
            out[ch] = tuple(readings.split())
    return out


def hangul_of(text: str) -> str | None:
    """``text`` with every Han character replaced by its Korean (personal-name) reading; None
    when it has no Han character or one without a reading.

    >>> hangul_of("金铁三"), hangul_of("Kim"), hangul_of("金 Jong")
    ('김철삼', None, '김 Jong')
    """
    table = hanja_table()
    out: list[str] = []
    seen = False
    for ch in text:
        if char_script(ch) == "Hani":
            readings = table.get(ch)
            if not readings:
                return None
            out.append(readings[0])
            seen = True
        else:
            out.append(ch)
    return "".join(out) if seen else None


def han_words(text: str) -> list[str]:
    """The runs of Han characters in ``text`` (``Jin Tiesan (金铁三)`` → [金铁三])."""
    words: list[str] = []
    run: list[str] = []
    for ch in f"{text} ":
        if char_script(ch) == "Hani":
            run.append(ch)
        elif run:
            words.append("".join(run))
            run = []
    return words


@lru_cache(maxsize=4096)
def han_korean_reading(text: str) -> tuple[str, str] | None:
    """The Han characters of a name read in Korean: (the Hangul text, how it was read, for the
    explanation), or None unless the name holds two to six Han characters, all with a Korean
    reading. Other characters are left out: a list's ``Jin Tiesan (金铁三)`` reads as 김철삼,
    its Latin part is compared as written anyway.

    >>> han_korean_reading("金铁三")
    ('김철삼', 'Han read in Korean: 金铁三 → 김철삼 → kim chol sam')
    """
    words = han_words(text)
    if not _MIN_HAN <= sum(map(len, words)) <= _MAX_HAN:
        return None
    han = " ".join(words)
    hangul = hangul_of(han)
    if hangul is None:
        return None
    latin = normalize_name(hangul, org=False).key
    return hangul, f"Han read in Korean: {han} → {hangul} → {latin}"
