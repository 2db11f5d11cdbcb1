"""Korean names in Latin letters: Hangul syllables in the spellings lists and passports use.

``김정은`` must meet ``KIM Jong Un`` (UN/OFAC, DPRK conventions), ``Kim Jeong-eun`` (Revised
Romanization) and ``Kim Jung Eun`` (Southern passport habit) alike, so every syllable gets its
spelling in each system of ``data/korean.yaml`` (DPRK list convention first), and a name's first
syllable also the surname spellings (리 → Ri / Lee / Yi). Syllables stay separate tokens, as
lists write Korean names; the index's joined forms meet ``Jong-un`` and ``Jongun``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import yaml

from exportctl.text.tables import read_data

__all__ = ["KoreanTables", "hangul_forms", "is_hangul_syllable", "korean_tables"]

_BASE, _LAST = 0xAC00, 0xD7A3
_N_VOWELS, _N_FINALS = 21, 28


@dataclass(frozen=True, slots=True)
class KoreanTables:
    """Jamo spellings per system (in ``systems`` order) and surname spellings."""

    systems: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]
    surnames: dict[str, tuple[str, ...]]


@cache
def korean_tables() -> KoreanTables:
    """The tables of ``data/korean.yaml``."""
    raw = yaml.safe_load(read_data("korean.yaml"))
    systems = []
    for spec in raw["systems"].values():
        parts = tuple(tuple(str(x) for x in spec[k]) for k in ("initials", "vowels", "finals"))
        assert tuple(map(len, parts)) == (19, _N_VOWELS, _N_FINALS), "korean.yaml: bad table"
        systems.append(parts)
    surnames = {str(k): tuple(str(x) for x in v) for k, v in raw["surnames"].items()}
    return KoreanTables(tuple(systems), surnames)  # type: ignore[arg-type]


def is_hangul_syllable(ch: str) -> bool:
    """Whether ``ch`` is a precomposed Hangul syllable (가 … 힣)."""
    return _BASE <= ord(ch) <= _LAST


@lru_cache(maxsize=16_384)
def hangul_forms(syllable: str, surname: bool = False) -> tuple[str, ...]:
    """Spellings of one Hangul syllable, DPRK list convention first (``surname``: the first
    syllable of a name, which also gets the surname spellings).

    >>> hangul_forms("정"), hangul_forms("리", surname=True)[:3]
    (('jong', 'chong', 'jeong', 'jung'), ('ri', 'li', 'lee'))
    """
    if not is_hangul_syllable(syllable):
        return ()
    code = ord(syllable) - _BASE
    i, v, f = code // (_N_VOWELS * _N_FINALS), (code // _N_FINALS) % _N_VOWELS, code % _N_FINALS
    tables = korean_tables()
    out = [ini[i] + vow[v] + fin[f] for ini, vow, fin in tables.systems]
    if surname and syllable in tables.surnames:
        out = [*tables.surnames[syllable], *out]
    return tuple(dict.fromkeys(x for x in out if x))
