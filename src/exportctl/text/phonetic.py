"""A cheap, transliteration-tolerant phonetic key for ASCII name tokens.

Keeps the first letter, drops later vowels (and y/w, which transliteration schemes add or drop
freely), folds letters that schemes swap (k/q/c, z/s, v/w, j/y ...) and collapses doubles:
``mohammed``, ``muhammad``, ``mohamad`` and the vowel-less Arabic transliteration ``mhmd`` all
give ``mhmd``. Used for candidate retrieval only; scores come from edit distance.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["DIGRAPHS", "FOLD", "skeleton"]

FOLD = str.maketrans(
    {
        "q": "k",
        "c": "k",
        "g": "k",
        "z": "s",
        "v": "f",
        "w": "f",
        "p": "b",
        "d": "t",
        "j": "y",
        "x": "ks",
    }
)
DIGRAPHS = (
    ("kh", "k"),
    ("gh", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("zh", "s"),
    ("dh", "t"),
    ("ck", "k"),
    ("ts", "s"),
    ("dj", "y"),
    ("dzh", "y"),
)
_DROP_TABLE = str.maketrans("", "", "aeiouyw")


@lru_cache(maxsize=200_000)
def skeleton(token: str) -> str:
    """Phonetic key of an ASCII token (``""`` for an empty token)."""
    if not token:
        return ""
    t = token
    for a, b in DIGRAPHS:
        if a in t:
            t = t.replace(a, b)
    first = t[0]
    if first in "ei":
        first = "a"  # Ebrahim / Ibrahim, Emad / Imad: vowel-initial names keep one vowel class
    elif first in "ou":
        first = "a"
    # (a deletion table: one C pass instead of a generator step per character — a build
    # takes the skeleton of every compact name, ~2M strings for a million entities)
    t = (first + t[1:].translate(_DROP_TABLE)).translate(FOLD)
    out: list[str] = []
    prev = ""
    for ch in t:
        if ch != prev:  # runs of one letter kept once
            out.append(ch)
            prev = ch
    return "".join(out)
