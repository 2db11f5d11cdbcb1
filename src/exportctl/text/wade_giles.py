"""A Latin name in Wade–Giles read back to pinyin: ``Hsi Chin-p'ing`` is XI Jinping.

Taiwan's passports, Hong Kong's older records and English-language sources before pinyin write
Chinese names in Wade–Giles; lists write mainland names in pinyin. A Han name is read in both
(text/scripts.py, ``data/wade_giles.yaml``); a Latin one written in Wade–Giles met a pinyin
listing in nothing (0.00). Read backwards, the table gives each Wade–Giles syllable its
pinyin: every syllable of ``data/pinyin_syllables.txt`` spelt in Wade–Giles, with the
aspiration apostrophe (p' is p, p is b) and as lists write it without (ping is ping or bing).
A name that marks aspiration anywhere is read as marked throughout (Chin-p'ing: chin is jin).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache, lru_cache
from itertools import product

from exportctl.text.name_tokens import NormName, name_token
from exportctl.text.names import normalize_name
from exportctl.text.scripts import to_ascii, wade_giles_syllable
from exportctl.text.tables import read_data, segment

__all__ = ["pinyin_syllables", "wade_giles_name", "wade_giles_reading"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʻ": "'", "ʼ": "'", "`": "'", "´": "'"})
_MAX_SYLLABLE = 7  # longest Wade–Giles syllable (ch'uang)
_MAX_SYLLABLES = 2  # syllables of one word (a given name has one or two)
_MAX_FORMS = 4  # pinyin spellings of one word
_WORDS = (2, 4)  # a Chinese name: surname and given name, written in two to four words


@cache
def pinyin_syllables() -> frozenset[str]:
    """Every pinyin syllable, toneless, ü as v (``data/pinyin_syllables.txt``)."""
    text = read_data("pinyin_syllables.txt")
    return frozenset(w for w in text.splitlines() if w and not w.startswith("#"))


@cache
def _tables() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Wade–Giles spelling → its pinyin syllables: (as written, apostrophes kept; with the
    apostrophes dropped). Both also hold ü written as u, and every pinyin syllable as itself
    (a name may mix the systems: Xi Chin-p'ing)."""
    marked: dict[str, list[str]] = {}
    plain: dict[str, list[str]] = {}

    def add(table: dict[str, list[str]], key: str, value: str) -> None:
        bucket = table.setdefault(key, [])
        if value not in bucket:
            bucket.append(value)

    syllables = sorted(pinyin_syllables())
    for syllable in syllables:
        wg = wade_giles_syllable(syllable)
        for key in (wg, wg.replace("ü", "u")):
            add(marked, key, syllable)
        add(plain, to_ascii(wg).replace("'", ""), syllable)
    for syllable in syllables:
        spelt = syllable.replace("v", "u")  # (pinyin lv as written: lu)
        add(marked, spelt, spelt)
        add(plain, spelt, spelt)
    return (
        {k: tuple(v) for k, v in marked.items()},
        {k: tuple(v) for k, v in plain.items()},
    )


def _plain(word: str) -> str:
    """A word as the table without apostrophes holds it (ü as u, no apostrophe)."""
    return (word if word.isascii() else to_ascii(word)).replace("'", "")


def _is_wade_giles_only(piece: str) -> bool:
    """Whether a syllable as written is Wade–Giles and no pinyin (hsi, chin, p'ing, kuo)."""
    return "'" in piece or piece.replace("ü", "v") not in pinyin_syllables()


@lru_cache(maxsize=4096)
def _word(word: str, marked: bool) -> tuple[tuple[str, ...], int, bool] | None:
    """A word's pinyin spellings (syllables joined, as lists write a given name), its number
    of syllables and whether it holds one only Wade–Giles writes so; None unless it reads as
    one or two syllables."""
    table = _tables()[0 if marked else 1]
    pieces: list[str] = []
    for part in word.split("-"):
        plain = part if marked else _plain(part)
        seg = segment(plain, table, _MAX_SYLLABLE)
        if not seg:
            return None
        pieces.extend(seg)
    if not 1 <= len(pieces) <= _MAX_SYLLABLES:
        return None
    forms = [
        "".join(p).replace("v", "u")  # (ü as lists write pinyin: LU)
        for p in product(*(table[p] for p in pieces))
    ]
    only = any(map(_is_wade_giles_only, pieces))
    return tuple(dict.fromkeys(forms))[:_MAX_FORMS], len(pieces), only


def wade_giles_reading(text: str) -> tuple[tuple[tuple[str, ...], ...], str] | None:
    """The pinyin spellings of each word of a Latin name written in Wade–Giles (all of it, or
    mixed with pinyin), and how it was read (for the explanation); None unless every word
    reads as one or two syllables, the first or the last word (the surname) as one, and one
    syllable at least is Wade–Giles only (a name all in pinyin, or in spellings both systems
    share, reads as itself anyway). Names of other languages that happen to divide into
    Chinese syllables (Nikolai Lange: ni-ko-lai lan-ge) have no one-syllable word at an end.

    >>> wade_giles_reading("Hsi Chin-p'ing")
    ((('xi',), ('jinping',)), "read as Wade–Giles: hsi chin-p'ing → xi jinping")
    """
    if text.isascii():
        plain = text if "`" not in text else text.translate(_APOSTROPHES)
    elif any(ch in text for ch in "üÜ’‘ʻʼ´"):
        plain = text.translate(_APOSTROPHES)
    else:
        return None
    words = plain.replace(",", " ").casefold().split()
    if not _WORDS[0] <= len(words) <= _WORDS[1]:
        return None
    marked = "'" in plain
    # (the surname first: most names have no one-syllable word at either end, and a table
    # lookup rules them out before any word is divided into syllables)
    table = _tables()[0 if marked else 1]
    ends = (words[0], words[-1]) if marked else (_plain(words[0]), _plain(words[-1]))
    if ends[0] not in table and ends[1] not in table:
        return None
    if not all(w.replace("-", "").replace("'", "").replace("ü", "u").isalpha() for w in words):
        return None
    read = [_word(w.strip("-"), marked) for w in words]
    done = [r for r in read if r is not None]
    if len(done) < len(read) or not any(r[2] for r in done):
        return None
    if done[0][1] != 1 and done[-1][1] != 1:
        return None
    forms = tuple(r[0] for r in done)
    said = " ".join("/".join(f) for f in forms)
    return forms, f"read as Wade–Giles: {' '.join(words)} → {said}"


def wade_giles_name(text: str) -> tuple[str, NormName, str] | None:
    """A person's name in Wade–Giles as a name to compare: (its first pinyin reading, the
    normalised name whose words carry every pinyin spelling, how it was read), or None.

    >>> wade_giles_name("Hsi Chin-ping")[1].tokens[1].forms[:2]
    ('jinbing', 'jinping')
    """
    reading = wade_giles_reading(text)
    if reading is None:
        return None
    forms, how = reading
    first = " ".join(f[0] for f in forms)
    base = normalize_name(first, org=False)
    if len(base.tokens) != len(forms):
        return first, base, how
    # Each word with all its spellings, as a Hangul syllable carries each system's (the
    # apostrophe a list drops leaves chin jin or qin); joined forms likewise.
    compacts = tuple(dict.fromkeys("".join(c) for c in product(*forms)))[: _MAX_FORMS * 2]
    return first, replace(base, tokens=tuple(map(name_token, forms)), compacts=compacts), how
