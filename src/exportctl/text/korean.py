"""Korean names in Latin letters: Hangul syllables in the spellings lists and passports use.

``김정은`` must meet ``KIM Jong Un`` (UN/OFAC, DPRK conventions), ``Kim Chong-un``
(McCune–Reischauer) and ``Kim Jeong-eun`` (Revised Romanization) alike, so every syllable gets
its spelling in each system of ``data/korean.yaml`` (DPRK list convention first), and a surname
syllable also the surname spellings (리 → Ri / Lee / Yi). Southern passport habits (Jung, Sung,
Hyun) are left to the surname table: as spellings of every syllable they made common Korean
names meet DPRK listings they are not (건 as "kun" is also 근). Syllables stay separate tokens, as
lists write Korean names; the index's joined forms meet ``Jong-un`` and ``Jongun``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from exportctl._yaml import safe_load
from exportctl.text.restricted import EXACT_ONLY_NOTE, only_against_note
from exportctl.text.tables import read_data, segment

__all__ = [
    "KoreanTables",
    "hangul_forms",
    "is_hangul_syllable",
    "korean_from_cyrillic",
    "korean_surname_readings",
    "korean_surnames",
    "korean_tables",
]

_BASE, _LAST = 0xAC00, 0xD7A3
_N_VOWELS, _N_FINALS = 21, 28


@dataclass(frozen=True, slots=True)
class KoreanTables:
    """Jamo spellings per system (in ``systems`` order) and surname spellings."""

    systems: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]
    surnames: dict[str, tuple[str, ...]]
    cyrillic: tuple[tuple[tuple[str, ...], ...], ...]  # options per initial, vowel, final


@cache
def korean_tables() -> KoreanTables:
    """The tables of ``data/korean.yaml``."""
    raw = safe_load(read_data("korean.yaml"))
    systems = []
    for spec in raw["systems"].values():
        parts = tuple(tuple(str(x) for x in spec[k]) for k in ("initials", "vowels", "finals"))
        assert tuple(map(len, parts)) == (19, _N_VOWELS, _N_FINALS), "korean.yaml: bad table"
        systems.append(parts)
    surnames = {str(k): tuple(map(_spelling, v)) for k, v in raw["surnames"].items()}
    cyr = tuple(
        tuple(tuple(str(x) for x in opts) for opts in raw["cyrillic"][k])
        for k in ("initials", "vowels", "finals")
    )
    assert tuple(map(len, cyr)) == (19, _N_VOWELS, _N_FINALS), "korean.yaml: bad cyrillic"
    return KoreanTables(tuple(systems), surnames, cyr)  # type: ignore[arg-type]


def _spelling(value: object) -> str:
    """A table's spelling, refused when YAML made it something else (a bare ``no`` is false)."""
    if not isinstance(value, str):
        raise ValueError(f"korean.yaml: spelling {value!r} is not a string (quote it)")
    return value


@cache
def korean_surnames() -> frozenset[str]:
    """Latin spellings of Korean surnames (``data/korean.yaml``): Kim, Ri, Lee, Pak, Choe …"""
    return frozenset(x for spellings in korean_tables().surnames.values() for x in spellings)


def is_hangul_syllable(ch: str) -> bool:
    """Whether ``ch`` is a precomposed Hangul syllable (가 … 힣)."""
    return _BASE <= ord(ch) <= _LAST


@lru_cache(maxsize=16_384)
def hangul_forms(syllable: str, surname: bool = False) -> tuple[str, ...]:
    """Spellings of one Hangul syllable, DPRK list convention first (``surname``: the first
    syllable of a name, which also gets the surname spellings).

    >>> hangul_forms("정"), hangul_forms("리", surname=True)[:3]
    (('jong', 'chong', 'jeong'), ('ri', 'li', 'lee'))
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


@cache
def _cyrillic_syllables() -> dict[str, tuple[str, ...]]:
    """Russian rendering → the Hangul syllables it may stand for (every option combination)."""
    ini, vow, fin = korean_tables().cyrillic
    out: dict[str, dict[str, int]] = {}
    for code in range(_LAST - _BASE + 1):
        i, v = code // (_N_VOWELS * _N_FINALS), (code // _N_FINALS) % _N_VOWELS
        f = code % _N_FINALS
        syl = chr(_BASE + code)
        for ka, a in enumerate(ini[i]):
            for kb, b in enumerate(vow[v]):
                for kc, c in enumerate(fin[f]):
                    bucket = out.setdefault(a + b + c, {})
                    bucket[syl] = min(bucket.get(syl, 99), ka + kb + kc)
    # Syllables whose usual rendering this is come first (Kontsevich before older forms).
    return {k: tuple(sorted(v, key=lambda s: (v[s], s))) for k, v in out.items()}


_MAX_SYLLABLE = 5  # longest Russian rendering of one syllable (чхоль)
_MAX_FORMS = 8


def _segment(token: str) -> list[str] | None:
    """The token as renderings of one to three syllables (fewest syllables), or None."""
    seg = segment(token, _cyrillic_syllables(), _MAX_SYLLABLE)
    return seg if seg and len(seg) <= 3 else None


@lru_cache(maxsize=16_384)
def korean_from_cyrillic(token: str, surname: bool = False) -> tuple[str, ...]:
    """Latin spellings of a lower-case Cyrillic token read as a Russian rendering of a Korean
    name part (``чен`` → jong …, ``ын`` → un), DPRK list convention first; () when it is
    not one.

    >>> korean_from_cyrillic("ын")[:2], korean_from_cyrillic("ким", surname=True)[0]
    (('un', 'ung'), 'kim')
    """
    seg = _segment(token)
    if seg is None:
        return ()
    table = _cyrillic_syllables()
    per_syllable: list[list[str]] = []
    for k, part in enumerate(seg):
        # Each syllable it may stand for in the list convention, then in the other systems.
        spellings = [hangul_forms(syl, surname=surname and k == 0) for syl in table[part]]
        forms = [f[0] for f in spellings] + [x for f in spellings for x in f[1:]]
        per_syllable.append(list(dict.fromkeys(forms))[:_MAX_FORMS])
    # Joined syllables (a token of two syllables is one token in the lists too: Yongsu).
    out = [""]
    for forms in per_syllable:
        out = [a + b for a in out for b in forms][: _MAX_FORMS * 4]
    return tuple(dict.fromkeys(out))[:_MAX_FORMS]


# A romanised Korean name: its surname (leading, or alone before the comma), then one or two
# syllables of the given name, apart or joined by a hyphen (`JO IL U`, `Ri YONG-MU`, `OH, In
# Chun`); letters and an apostrophe of McCune–Reischauer (`Ch'un`) only.
_KOREAN_NAME = re.compile(
    r"^\s*(?P<sur>[A-Za-z]+)(?P<sep>\s*,\s*|\s+)(?P<given>[A-Za-z']+(?:[\s-][A-Za-z']+)?)\s*$"
)
_VOWEL_RUNS = re.compile(r"[aeiouwy]+")
_MAX_SURNAME_READINGS = 6


@cache
def _surname_spellings() -> dict[str, tuple[str, ...]]:
    """Each Latin surname spelling → every other spelling of a Hangul surname it spells
    (``jo`` → ``cho``; ``ri`` → ``li``, ``lee``, ``yi``, ``rhee``, ``i``)."""
    out: dict[str, list[str]] = {}
    for spellings in korean_tables().surnames.values():
        for s in spellings:
            bucket = out.setdefault(s, [])
            bucket += [x for x in spellings if x != s and x not in bucket]
    return {k: tuple(v) for k, v in out.items()}


@cache
def _last_surnames() -> frozenset[str]:
    """The spellings of the commonest surnames (``korean.yaml``'s ``commonest_surnames``): a
    name ending in one is written given names first."""
    raw = safe_load(read_data("korean.yaml"))
    surnames = korean_tables().surnames
    return frozenset(x for h in raw["commonest_surnames"] for x in surnames[str(h)])


def korean_surname_readings(text: str) -> tuple[tuple[str, str], ...]:
    """A romanised Korean name read with its surname in the other spellings of the same
    Hangul surname (``JO IL U`` → ``CHO IL U``, ``OH, In Chun`` → ``O, In Chun``), each with
    how it was read; ``()`` when the name is not one.

    The lists spell the North's names by the DPRK convention (RI, PAK, JO, O) and the South's
    by Revised Romanization or passports (LEE, PARK, CHO, OH); the name score's spelling keys
    meet some pairs (LEE / RI at 0.9) but not the short ones a letter apart in length (JO /
    CHO, O / OH): 23 of 300 drawn listed Koreans with the surname spelt otherwise escaped
    (escape29). Only a name of a surname and one or two one-syllable given parts, the
    surname a spelling of ``korean.yaml``'s table; each reading counts only where it meets a
    listed name exactly (``EXACT_ONLY_NOTE``): read fuzzily, `PYON Chol` read `BYUN Chol` met
    the listed `Chol Yun` at 0.88 (byun~yun) on the 10k guard; and against listed persons
    only: `RI MU` read `I MU` is exactly the organisation `IMU` by its joined form.
    """
    m = _KOREAN_NAME.match(text)
    if m is None:
        return ()
    sur = m.group("sur")
    others = _surname_spellings().get(sur.casefold())
    given = re.split(r"[\s-]", m.group("given").replace("'", ""))
    if not others or not all(len(_VOWEL_RUNS.findall(g.casefold())) == 1 for g in given):
        return ()
    # (each given part the spelling of a Hangul syllable, or of a surname's, the South's
    # `Woo`: `RI Jones` is no Korean name, and its reading `LEE Jones` would meet an English
    # Lee Jones exactly — the 1M corpus's Faker names hold such pairs)
    from exportctl.text.hanja import _syllable_of_spelling

    syllables = _syllable_of_spelling()
    if not all((g := p.casefold()) in syllables or g in korean_surnames() for p in given):
        return ()
    # (given names first, as Western records order them: `Chong Un Kim` ends in one of the
    # commonest surnames, which no given syllable is spelt as; its first word is no surname)
    if m.group("sep").strip() != "," and given[-1].casefold() in _last_surnames():
        return ()
    out: list[tuple[str, str]] = []
    for other in others[:_MAX_SURNAME_READINGS]:
        spelt = other.upper() if sur.isupper() else other.capitalize()
        reading = spelt + text[m.start("sep") :]
        how = f"the Korean surname {sur!r} spelt {spelt!r}, another romanisation"
        out.append((reading, f"{how}; {only_against_note('person')}; {EXACT_ONLY_NOTE}"))
    return tuple(out)
