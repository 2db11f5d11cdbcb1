"""Han characters read in Korean: a Korean name written in Han (金鐵三, 金铁三) as the Hangul
it stands for (김철삼), so that the Hangul romanisation (:mod:`.korean`) meets the spellings
lists use for North and South Koreans (KIM CHOL SAM).

The readings are Unicode's (Unihan ``kHangul``, the personal-name reading first; simplified
characters through their traditional variant), built into ``data/hanja.txt`` by
``scripts/build_hanja.py``. Han text is also Chinese, so the screen compares this reading with
listed entities linked to Korea (:data:`KOREAN_COUNTRIES`), and at a lower factor with those
that give no country (screening/features.py ``STATELESS_HAN_FACTOR``); pinyin stays the
reading against everyone.
"""

from __future__ import annotations

from functools import cache, lru_cache
from itertools import product

from exportctl.text.korean import hangul_forms, korean_surnames, korean_tables
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


@cache
def _syllable_of_spelling() -> dict[str, str]:
    """Each Latin spelling of a Hangul syllable (DPRK list convention, McCune–Reischauer,
    Revised Romanization; data/korean.yaml) → one syllable spelt so: the first in Unicode
    order, so a plain consonant before its aspirate (정 before 청 for ``chong``, which
    McCune–Reischauer without apostrophes writes for both) and ㅓ before ㅗ; syllables with a
    final consonant cluster (ㄻ in 긺 is spelt m, as ㅁ in 김: names are written with the
    latter) left out. Read from ``data/korean_spellings.txt``, which
    ``scripts/build_korean_spellings.py`` builds from korean.yaml: spelling all 11,172
    syllables here cost each process 20-50 ms on its first Latin name of a Korean shape."""
    lines = [ln for ln in read_data("korean_spellings.txt").splitlines() if ln and ln[0] != "#"]
    # (one split in C: spelling, syllable, spelling, syllable …)
    cells = "\t".join(lines).split("\t")
    if len(cells) != 2 * len(lines):
        raise ValueError("data/korean_spellings.txt: a line is not spelling<TAB>syllable")
    return dict(zip(cells[::2], cells[1::2], strict=True))


@cache
def _surname_of_spelling() -> dict[str, str]:
    """Each surname spelling of data/korean.yaml (Kim, Choe, Lee …) → its syllable."""
    out: dict[str, str] = {}
    for syllable, spellings in korean_tables().surnames.items():
        for spelling in spellings:
            out.setdefault(spelling, syllable)
    return out


# Readings of one name at most: a given name written as one word may divide into syllables
# more than one way (jeongeun: 정은 or 전근), each a reading the screen compares.
_MAX_READINGS = 4


def _given_syllables(token: str, table: dict[str, str]) -> list[tuple[tuple[str, str], ...]]:
    """The ways a given-name word reads as Hangul syllables, each (syllable, its spelling):
    one syllable (``chong``), or two written as one word (``jeongeun``: 전근 and 정은), as
    customer files and passports write a Korean given name."""
    if token in table:
        return [((table[token], token),)]
    return [
        ((table[token[:k]], token[:k]), (table[token[k:]], token[k:]))
        for k in range(1, len(token))
        if token[:k] in table and token[k:] in table
    ]


@lru_cache(maxsize=4096)
def latin_korean_readings(tokens: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """A Latin name spelt as a Korean one, syllable by syllable, read back into Hangul: (the
    Hangul text, how it was read) per way of reading it, or ().

    Lists write DPRK names in their own convention (KIM JONG UN) where a customer file may
    use McCune–Reischauer (Kim Chong Un, Kim Chŏng-ŭn) or Revised Romanization (Kim Jeong
    Eun, Kim Jeongeun); read back into Hangul, the name gets every system's spelling, as a
    Hangul name does. Only a name of two to four words with a Korean surname first or last,
    the other words one Korean syllable each or a given name of two written as one word (two
    to four syllables in all), whose words are not all in DPRK spelling already (nothing to
    add then: the index's joined forms meet Jongun).

    >>> latin_korean_readings(("kim", "jeongeun"))[-1]
    ('김정은', 'read as a Korean name: kim jeong|eun → 김정은 → kim jong un')
    """
    if not 2 <= len(tokens) <= 4:
        return ()
    surnames = korean_surnames()
    if tokens[0] not in surnames and tokens[-1] not in surnames:
        return ()
    table = _syllable_of_spelling()
    first = 0 if tokens[0] in surnames else len(tokens) - 1
    options: list[list[tuple[tuple[str, str], ...]]] = []
    for k, t in enumerate(tokens):
        found = _surname_of_spelling().get(t) if k == first else None
        divided: list[tuple[tuple[str, str], ...]] = (
            [((found, t),)] if found else _given_syllables(t, table)
        )
        if not divided:
            return ()
        options.append(divided)
    out: list[tuple[str, str]] = []
    for ways in product(*options):
        if sum(map(len, ways)) > 4:
            continue
        if all(
            "".join(hangul_forms(s, surname=k == first)[0] for s, _ in way) == t
            for k, (way, t) in enumerate(zip(ways, tokens, strict=True))
        ):
            continue  # already as the lists write it
        words = ["".join(s for s, _ in way) for way in ways]
        # Korean order (surname first) is written as one word, as Korean writes a name; a
        # surname written last stays a word apart, where the Hangul reading finds it.
        hangul = "".join(words) if first == 0 else " ".join(words)
        latin = normalize_name(hangul, org=False).key
        written = " ".join("|".join(p for _, p in way) for way in ways)
        out.append((hangul, f"read as a Korean name: {written} → {hangul} → {latin}"))
        if len(out) == _MAX_READINGS:
            break
    return tuple(out)


def latin_korean_reading(tokens: tuple[str, ...]) -> tuple[str, str] | None:
    """The first of :func:`latin_korean_readings`, or None.

    >>> latin_korean_reading(("kim", "chong", "un"))
    ('김정운', 'read as a Korean name: kim chong un → 김정운 → kim jong un')
    """
    readings = latin_korean_readings(tokens)
    return readings[0] if readings else None
