"""Hebrew-script names against their Latin spellings, through the Arabic consonant frames.

Hebrew, like Arabic, writes consonants and some long vowels and leaves short vowels out, so a
Hebrew name token is written letter by letter as the Arabic letter of the same sound
(``data/hebrew.yaml``: נ → ن, ע → ع …) and read as a consonant frame by :mod:`.arabic`, which
every Latin spelling of the name fits (``נעם`` fits NOAM, ``פדרמן`` FEDERMAN). Letters with two
readings (bet b/v, pe p/f, het h/kh, vav and yod as consonant or vowel) give one spelling each,
and the frames of all are kept.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

from exportctl._yaml import safe_load
from exportctl.text.arabic import arabic_frames
from exportctl.text.tables import read_data

__all__ = ["drop_abbreviation_marks", "hebrew_frames", "hebrew_letters", "is_hebrew"]

_MAX_SPELLINGS = 16  # Arabic-letter spellings of one token tried (two readings per letter)
_MAX_FRAMES = 8


@cache
def _hebrew_yaml() -> dict[str, Any]:
    """``data/hebrew.yaml``, parsed once a process (with libyaml where PyYAML has it: the
    pure-Python parser, three times, cost ~25 ms on the first Hebrew-script name)."""
    raw: dict[str, Any] = safe_load(read_data("hebrew.yaml"))
    return raw


@cache
def hebrew_letters() -> dict[str, tuple[str, ...]]:
    """Hebrew letter → the Arabic letters it may be read as (``data/hebrew.yaml``)."""
    raw = _hebrew_yaml()
    return {str(k): tuple(str(x) for x in v) for k, v in raw["letters"].items()}


@cache
def _abbreviation_mark() -> re.Pattern[str]:
    """A gershayim or geresh between two Hebrew letters (``data/hebrew.yaml``)."""
    marks = _hebrew_yaml()["abbreviation_marks"]
    return re.compile(f"(?<=[\u05d0-\u05ea])[{re.escape(''.join(marks))}](?=[\u05d0-\u05ea])")


@cache
def _any_mark() -> re.Pattern[str]:
    """Any abbreviation mark, wherever it stands (``data/hebrew.yaml``)."""
    marks = _hebrew_yaml()["abbreviation_marks"]
    return re.compile(f"[{re.escape(''.join(marks))}]")


def drop_abbreviation_marks(chunk: str) -> str:
    """A Hebrew word without the gershayim (or geresh) that marks it as an abbreviation or
    acronym: ``להב"ה`` is read as the word ``להבה`` (LEHAVA), not as two words."""
    # Most non-ASCII words (Müller, Łukasz) hold no mark at all: one scan in C answers them
    # (a per-character test in Python cost ~1 CPU-s per million names of a build).
    if chunk.isascii() or _any_mark().search(chunk) is None:
        return chunk
    return _abbreviation_mark().sub("", chunk)


@lru_cache(maxsize=4096)
def _is_hebrew_char(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("HEBREW")


def is_hebrew(token: str) -> bool:
    """Whether every character of ``token`` is a Hebrew-script character."""
    return bool(token) and all(_is_hebrew_char(ch) for ch in token)


@lru_cache(maxsize=16_384)
def hebrew_frames(token: str) -> tuple[str, ...]:
    """Consonant frames of a Hebrew token (``()`` when a letter is not in the table)."""
    table = hebrew_letters()
    options: list[tuple[str, ...]] = []
    for ch in token:
        if unicodedata.category(ch) == "Mn":
            continue  # points (niqqud), dagesh: not relied on, as Arabic harakat
        if ch not in table:
            return ()
        options.append(table[ch])
    out: list[str] = []
    for letters in itertools.islice(itertools.product(*options), _MAX_SPELLINGS):
        out.extend(f for f in arabic_frames("".join(letters)) if f not in out)
    return tuple(out[:_MAX_FRAMES])
