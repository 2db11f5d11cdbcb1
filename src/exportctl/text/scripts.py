"""Script detection and script-aware transliteration to ASCII.

Cyrillic goes through several iuliia schemes (Wikipedia, ICAO Doc 9303 passports, BGN/PCGN,
MVD 782, scientific, Moscow metro, Yandex Maps) and the derived ones of
``data/cyrillic_schemes.yaml`` (х as h, дж as j, the German-style в as w and х as ch, German
Duden) because lists and customers use all of them;
Chinese goes through pypinyin; Hangul is romanised syllable by syllable; everything else (Latin
with diacritics, Greek, Arabic, Persian, Hebrew, Georgian, Armenian, kana …) through anyascii.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import iuliia
from anyascii import anyascii
from iuliia.schema import TranslitSchema

from exportctl._yaml import safe_load
from exportctl.text.tables import read_data

__all__ = [
    "char_script",
    "cyrillic_variants",
    "derived_schemes",
    "han_syllables",
    "han_wade_giles",
    "hangul_syllables",
    "latin_spellings",
    "named_spellings",
    "scheme_spellings",
    "to_ascii",
    "unmarked_spelling",
    "wade_giles_syllable",
]

_CYRILLIC_SCHEMES = (
    iuliia.WIKIPEDIA,
    iuliia.ICAO_DOC_9303,
    iuliia.BGN_PCGN,
    iuliia.MVD_782,
    iuliia.SCIENTIFIC,
    iuliia.MOSMETRO,
)
# Schemes whose spellings the explanation names (a reader would not expect them from the
# English-style schemes above), with how it names them. Yandex Maps: the adjective ending -ый
# as -iy (ВОСТОЧНЫЙ: VOSTOCHNIY), as lists write it beside the -y, -yy and -yi of the above.
_NAMED_SCHEMES = ((iuliia.YANDEX_MAPS, "-ый as -iy: Yandex Maps"),)


@cache
def derived_schemes() -> tuple[TranslitSchema, ...]:
    """The schemes of ``data/cyrillic_schemes.yaml``, in its order: an iuliia scheme with some
    letters spelt otherwise (х as h, as ISO 9 and UNGEGN write it; в as w, as German does)."""
    return tuple(scheme for scheme, _ in _derived())


@cache
def _derived() -> tuple[tuple[TranslitSchema, str], ...]:
    return tuple((scheme, label) for scheme, label, _ in _read_derived())


@cache
def _read_derived() -> tuple[tuple[TranslitSchema, str, bool], ...]:
    """Each derived scheme, its label, and whether its spellings go among a word's others,
    before the last (``among``), rather than after them."""
    out: list[tuple[TranslitSchema, str, bool]] = []
    for name, spec in safe_load(read_data("cyrillic_schemes.yaml"))["derived"].items():
        defn = _definition(str(spec["base"]))
        pairs = {str(k): str(v) for k, v in spec.get("pairs", {}).items()}
        # A letter spelt otherwise after another (``after``: "жё" → o) or at the start of a word
        # (a one-letter key), as iuliia's prev_mapping reads it.
        after = {str(k): str(v) for k, v in spec.get("after", {}).items()}
        scheme = TranslitSchema(
            name=str(name),
            mapping={**defn["mapping"], **spec.get("letters", {})},
            # A pair's spelling is its second letter's after the first (prev_mapping); the
            # first letter before the second writes nothing (next_mapping).
            prev_mapping={**(defn.get("prev_mapping") or {}), **after, **pairs},
            next_mapping={**(defn.get("next_mapping") or {}), **dict.fromkeys(pairs, "")},
            ending_mapping={**(defn.get("ending_mapping") or {}), **spec.get("endings", {})},
        )
        out.append((scheme, str(spec["label"]), bool(spec.get("among", False))))
    return tuple(out)


def _definition(name: str) -> dict[str, Any]:
    """An iuliia scheme's own definition (iuliia ships its schemes as JSON next to its code)."""
    path = Path(iuliia.__file__).parent / "schemas" / f"{name}.json"
    defn: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return defn


def _named_schemes() -> tuple[tuple[iuliia.Schema, str], ...]:
    return (*_NAMED_SCHEMES, *_derived())


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


@cache
def _latin_letters() -> dict[str, str]:
    letters = safe_load(read_data("latin_letters.yaml"))["letters"]
    return {str(k): str(v) for k, v in letters.items()}


@lru_cache(maxsize=65_536)
def latin_spellings(token: str) -> tuple[str, ...]:
    """A Latin token's ASCII spelling by ``data/latin_letters.yaml`` where a letter of it is
    spelt otherwise than anyascii spells it (Serbian đ as dj: đorđe → djordje), else ``()``."""
    table = _latin_letters()
    if not any(ch in table for ch in token):
        return ()
    spelt = to_ascii("".join(table.get(ch, ch) for ch in token))
    return (spelt,) if spelt and spelt != to_ascii(token) else ()


@cache
def _cyrillic_unmarked() -> dict[str, str]:
    table = safe_load(read_data("latin_letters.yaml"))["cyrillic_unmarked"]
    return {str(k): str(v) for k, v in table.items()}


def unmarked_spelling(token: str) -> str:
    """A Cyrillic token spelt as its Serbian Latin letters are typed without their marks
    (``data/latin_letters.yaml``: Ђорђе → dorde, as Đorđe is typed DORDE), or ``""`` when it
    holds no such letter or that spelling is no other than the schemes' first."""
    table = _cyrillic_unmarked()
    lower = token.lower()
    if not any(ch in table for ch in lower):
        return ""
    spelt = to_ascii(_CYRILLIC_SCHEMES[0].translate("".join(table.get(ch, ch) for ch in lower)))
    return spelt if spelt != _spellings(token)[0] else ""


@cache
def _all_schemes() -> tuple[iuliia.Schema, ...]:
    """Every scheme a Cyrillic word is read in: the English-style ones, the named ones, then the
    derived ones, in :func:`_spellings`' order."""
    return (*_CYRILLIC_SCHEMES, *(s for s, _ in _NAMED_SCHEMES), *derived_schemes())


@lru_cache(maxsize=65_536)
def _spellings(token: str) -> tuple[str, ...]:
    """The token's ASCII spelling in each scheme of :func:`_all_schemes`, in its order (empty
    where a scheme leaves no letter): one reading shared by :func:`cyrillic_variants` and
    :func:`named_spellings`, which both ask for every Cyrillic word of a build."""
    return tuple(to_ascii(scheme.translate(token)) for scheme in _all_schemes())


@lru_cache(maxsize=65_536)
def cyrillic_variants(token: str) -> tuple[str, ...]:
    """A Cyrillic token in each supported romanisation scheme, distinct, Wikipedia's first."""
    out: list[str] = []
    inner: list[str] = []
    spellings = _spellings(token)
    plain = len(_CYRILLIC_SCHEMES) + len(_NAMED_SCHEMES)
    for v in spellings[:plain]:
        _add(out, v)
    # An acronym (СТЦ) or an initial (Е.) is spelt letter by letter English-style, STC and E,
    # not STZ and JE; keeping them out also keeps an initial's spellings in the order that
    # the name's spacing-free forms join them in (text/names.py: Е. Х. сο. → exco).
    spelt = len(token) > 1 and _has_vowel(token)
    for v, (_, _, among) in zip(spellings[plain:], _read_derived(), strict=True):
        if among and not spelt:
            continue
        _add(inner if among else out, v)
    unmarked = unmarked_spelling(token)
    if unmarked:
        _add(inner, unmarked)
    inner = [v for v in inner if v not in out]
    if len(out) < 2:
        return (*out, *inner)
    # A scheme marked `among` puts its spellings before the word's last one, which stays what
    # it was: text/legal_forms.py reads a legal form written letter for letter in Cyrillic
    # (ЙОИНТ СТОЦК ЦОМПАНЫ: joint stock company) from a word's last spelling.
    return (*out[:-1], *inner, out[-1])


def scheme_spellings(token: str, schemes: tuple[str, ...]) -> tuple[str, ...]:
    """A Cyrillic word's spellings: :func:`cyrillic_variants`' (Wikipedia's first), then those
    of the iuliia schemes named (``gost_779``: ISO 9), distinct."""
    out = list(cyrillic_variants(token))
    for name in schemes:
        scheme: iuliia.Schema = getattr(iuliia, name.upper())
        _add(out, to_ascii(scheme.translate(token)))
    return tuple(out)


_VOWELS = frozenset("аеёиоуыэюяієїў")


def _has_vowel(token: str) -> bool:
    return any(ch in _VOWELS for ch in token.lower())


def _add(out: list[str], v: str) -> None:
    if v and v not in out:
        out.append(v)


@lru_cache(maxsize=65_536)
def named_spellings(token: str) -> tuple[str, ...]:
    """The spellings of a Cyrillic token that only the named schemes give (х as h, -ый as
    -iy), each as ``"хусан → husan (х as h: ISO 9, UNGEGN 1987)"``, for the explanation."""
    spellings = _spellings(token)
    common = set(spellings[: len(_CYRILLIC_SCHEMES)])
    read = set(cyrillic_variants(token))  # (an acronym is not read the German way)
    out: list[str] = []
    named = spellings[len(_CYRILLIC_SCHEMES) :]
    for v, (_, label) in zip(named, _named_schemes(), strict=True):
        if v and v in read and v not in common:
            common.add(v)
            out.append(f"{token} → {v} ({label})")
    unmarked = unmarked_spelling(token)
    if unmarked and unmarked not in common:
        out.append(f"{token} → {unmarked} (Serbian Latin without its marks: đ as d)")
    return tuple(out)


def han_syllables(token: str) -> list[str]:
    """Pinyin syllables of a Chinese token (non-Han parts are transliterated as they are)."""
    # Imported here: pypinyin loads a 0.3 s phrase dictionary, paid only when Han text appears.
    from pypinyin import lazy_pinyin

    return [s for s in (to_ascii(p) for p in lazy_pinyin(token)) if s]


def han_wade_giles(token: str) -> list[str]:
    """Wade–Giles syllables of a Chinese token (``data/wade_giles.yaml``), as
    :func:`han_syllables` gives pinyin ones; the aspiration apostrophe dropped, as lists drop
    it (習近平: hsi chin ping)."""
    from pypinyin import lazy_pinyin

    return [s for s in (to_ascii(wade_giles_syllable(p)) for p in lazy_pinyin(token)) if s]


@cache
def _wade_giles_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    data = safe_load(read_data("wade_giles.yaml"))
    initials, finals, syllables = (
        {str(k): str(v) for k, v in data[part].items()}
        for part in ("initials", "finals", "syllables")
    )
    return initials, finals, syllables


def wade_giles_syllable(syllable: str) -> str:
    """A pinyin syllable (ü as v) in Wade–Giles, the aspiration apostrophe and ü written
    (``ping`` → p'ing, ``lv`` → lü)."""
    initials, finals, syllables = _wade_giles_tables()
    if syllable in syllables:
        return syllables[syllable]
    # zh, ch, sh before their one-letter heads (z, c, s)
    initial = syllable[:2] if syllable[:2] in ("zh", "ch", "sh") else syllable[:1]
    if not initial or initial in "aeiouvwy":
        initial = ""
    final = syllable[len(initial) :]
    return initials.get(initial, initial) + finals.get(final, final)


def hangul_syllables(token: str) -> list[str]:
    """Revised-romanisation syllables of a Korean token, one per Hangul block."""
    return [s for s in (to_ascii(ch) for ch in token) if s]
