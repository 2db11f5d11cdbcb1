"""Organisation words in other scripts read as the English words lists use for them.

Lists often publish an organisation's own-script name next to a Latin name that translates its
generic part: ``558 АВИАЦИОННЫЙ РЕМОНТНЫЙ ЗАВОД`` is ``558 AIRCRAFT REPAIR PLANT``, ``شركة بنك
الخليج`` is ``ALKHALEEJ BANK CO``. Transliteration alone (``aviatsionnyy remontnyy zavod``) never
meets the translation, so a generic word of an organisation name (``data/org_glossary.yaml``:
a stem and the script's endings) also gets its English forms; the distinctive words are
transliterated as before. Cyrillic adjectives of place names (``Челябинский``) are read as the
place (``chelyabinsk``), the way lists write them. Han names are cut into the glossary's words
and two-syllable pinyin words (``成都景昕科技`` → chengdu jingxin technology).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from exportctl._yaml import safe_load
from exportctl.text.scripts import cyrillic_variants
from exportctl.text.tables import read_data

__all__ = [
    "Glossary",
    "compound_forms",
    "generic_forms",
    "glossary",
    "han_words",
    "letter_acronym",
    "loanword_forms",
    "phrase_forms",
    "place_stems",
]

_WHOLE_WORD = 3  # shorter stems match only as a whole word (في, кл)
_HAN_LONGEST = 6  # 有限责任公司


@dataclass(frozen=True, slots=True)
class Glossary:
    """The tables of ``data/org_glossary.yaml``, stems → English forms per script."""

    cyrillic: dict[str, tuple[str, ...]]
    cyrillic_endings: frozenset[str]
    # English letter names in Cyrillic → the letter (си: c), longest first.
    letter_names: tuple[tuple[str, str], ...]
    # Two-word phrases: (first stem, second stem) → English forms (железн дорог: railways).
    cyrillic_phrases: dict[tuple[str, str], tuple[str, ...]]
    compound_prefixes: dict[str, tuple[str, ...]]
    compound_min_rest: int
    place_suffixes: tuple[str, ...]
    place_min_stem: int
    place_alternations: dict[str, tuple[str, ...]]
    arabic: dict[str, tuple[str, ...]]
    arabic_fold: dict[int, str]
    arabic_prefixes: tuple[str, ...]
    arabic_suffixes: frozenset[str]
    han: dict[str, tuple[str, ...]]
    # Latin loanword spellings of a transliterated Cyrillic word: each a list of (pattern,
    # replacement) applied in order (aeroskan → aeroscan, tekhnika → technika).
    loanword_spellings: tuple[tuple[tuple[re.Pattern[str], str], ...], ...] = ()


def _words(raw: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """stem → English forms (a stem under several keys gets all their forms, in file order)."""
    out: dict[str, list[str]] = {}
    for english, stems in raw.items():
        for stem in stems:
            forms = out.setdefault(str(stem).casefold(), [])
            for w in str(english).split():
                # A phrase: the words written together, then each word alone.
                parts = w.split("+")
                words = ["".join(parts), *parts] if len(parts) > 1 else parts
                forms.extend(x for x in words if x not in forms)
    return {k: tuple(v) for k, v in out.items()}


@cache
def glossary() -> Glossary:
    """The glossary, loaded once."""
    raw = safe_load(read_data("org_glossary.yaml"))
    cyr, ar, han = raw["cyrillic"], raw["arabic"], raw["han"]
    # Longest suffixes first: "ского" before "ск…" forms of the same word.
    suffixes = sorted({str(s) for s in cyr["place_suffixes"]}, key=len, reverse=True)
    return Glossary(
        cyrillic=_words(cyr["words"]),
        cyrillic_endings=frozenset(str(e) for e in cyr["endings"]),
        letter_names=tuple(
            sorted(
                ((str(n), str(letter)) for letter, ns in cyr["letter_names"].items() for n in ns),
                key=lambda x: -len(x[0]),
            )
        ),
        cyrillic_phrases={
            (a, b): forms
            for stems, forms in _words(cyr["phrases"]).items()
            for a, b in [stems.split()]
        },
        compound_prefixes=_words(cyr["compound_prefixes"]),
        compound_min_rest=int(cyr["compound_min_rest"]),
        place_suffixes=tuple(suffixes),
        place_min_stem=int(cyr["place_min_stem"]),
        place_alternations={
            str(k): tuple(str(x) for x in v) for k, v in cyr["place_alternations"].items()
        },
        arabic=_words(ar["words"]),
        arabic_fold=str.maketrans({str(k): str(v) for k, v in ar["fold"].items()}),
        arabic_prefixes=tuple(sorted((str(p) for p in ar["prefixes"]), key=len, reverse=True)),
        arabic_suffixes=frozenset(str(s) for s in ar["suffixes"]),
        han=_words(han["words"]),
        loanword_spellings=tuple(
            tuple((re.compile(str(a)), str(b)) for a, b in rules)
            for rules in cyr["loanword_spellings"]
        ),
    )


def loanword_forms(spelt: str) -> tuple[str, ...]:
    """Latin loanword spellings of a Cyrillic organisation word's transliteration that differ
    from it: ``aeroskan`` → aeroscan, ``garanteks`` → garantex, ``belspetsvneshtekhnika`` →
    belspetsvneshtechnika (the rules of ``loanword_spellings``)."""
    out: list[str] = []
    for rules in glossary().loanword_spellings:
        form = spelt
        for pattern, repl in rules:
            form = pattern.sub(repl, form)
        if form != spelt and form not in out:
            out.append(form)
    return tuple(out)


def _stem_lookup(
    word: str, table: dict[str, tuple[str, ...]], endings: frozenset[str]
) -> tuple[str, ...]:
    """Forms of the longest stem that ``word`` is, plus one of ``endings``."""
    for cut in range(len(word), 0, -1):
        forms = table.get(word[:cut])
        if forms and word[cut:] in endings and (cut >= _WHOLE_WORD or cut == len(word)):
            return forms
    return ()


def _bare(raw: str) -> str:
    """The word without combining marks (stress marks of dictionaries and Wikipedia: завóд)."""
    if all(unicodedata.category(ch) != "Mn" for ch in raw):
        return raw
    return "".join(ch for ch in raw if unicodedata.category(ch) != "Mn")


_MIN_LETTERS = 2  # an abbreviation spelt in letter names has two letters at least


@lru_cache(maxsize=65_536)
def letter_acronym(raw: str) -> str:
    """The Latin abbreviation a casefolded Cyrillic word spells in English letter names
    (``сипиэс`` → cps, ``эйчэсбиси`` → hsbc), or ``""`` when the word is not wholly such
    names (``letter_names``)."""
    names = glossary().letter_names
    word = _bare(raw)
    if not word or not "\u0400" <= word[0] <= "\u04ff":
        return ""

    @cache
    def read(i: int) -> str | None:
        if i == len(word):
            return ""
        for name, letter in names:
            if word.startswith(name, i):
                rest = read(i + len(name))
                if rest is not None:
                    return letter + rest
        return None

    letters = read(0)
    return letters if letters and len(letters) >= _MIN_LETTERS else ""


@lru_cache(maxsize=65_536)
def phrase_forms(first: str, second: str) -> tuple[str, ...]:
    """English forms of two casefolded Cyrillic words that English writes as one, or ``()``:
    ``железные дороги`` → railways, railway (``phrases``: each word a stem plus an ending)."""
    g = glossary()
    if not first or not second or not "\u0400" <= first[0] <= "\u04ff":
        return ()
    a, b = _bare(first).replace("ё", "е"), _bare(second).replace("ё", "е")
    for (sa, sb), forms in g.cyrillic_phrases.items():
        if (
            a.startswith(sa)
            and b.startswith(sb)
            and a[len(sa) :] in g.cyrillic_endings
            and b[len(sb) :] in g.cyrillic_endings
        ):
            return forms
    return ()


@lru_cache(maxsize=65_536)
def generic_forms(raw: str) -> tuple[str, ...]:
    """English forms of a casefolded Cyrillic or Arabic-script generic organisation word, or
    ``()``: ``заводом`` → plant, factory, works; ``للتجارة`` → trading, trade, commercial."""
    g = glossary()
    if not raw or raw.isascii():
        return ()
    raw = _bare(raw)
    if not raw:  # combining marks only
        return ()
    first = raw[0]
    if "\u0400" <= first <= "\u04ff":
        return _stem_lookup(raw.replace("ё", "е"), g.cyrillic, g.cyrillic_endings) or (
            _stem_lookup(raw, g.cyrillic, g.cyrillic_endings)
        )
    if "\u0600" <= first <= "\u06ff":
        word = raw.translate(g.arabic_fold)
        found = _stem_lookup(word, g.arabic, g.arabic_suffixes)
        if found:
            return found
        for prefix in g.arabic_prefixes:
            if word.startswith(prefix) and len(word) > len(prefix) + 1:
                found = _stem_lookup(word[len(prefix) :], g.arabic, g.arabic_suffixes)
                if found:
                    return found
    return ()


_MAX_COMPOUND_FORMS = 6


@lru_cache(maxsize=65_536)
def compound_forms(raw: str) -> tuple[str, ...]:
    """A Cyrillic compound of a glossary prefix and a word, read as the prefix's English joined
    to the word's (its English forms, else its transliteration): ``электрооборудования`` →
    electroequipment, electricequipment …; ``гидромаш`` → hydromash; else ``()``."""
    g = glossary()
    raw = _bare(raw)
    if not raw or not "\u0400" <= raw[0] <= "\u04ff":
        return ()
    longest = max(map(len, g.compound_prefixes))
    for cut in range(min(len(raw) - g.compound_min_rest, longest), 2, -1):
        heads = g.compound_prefixes.get(raw[:cut])
        if heads:
            rest = raw[cut:]
            tails = generic_forms(rest) or cyrillic_variants(rest)[:1]
            out = [h + t for h in heads for t in tails]
            return tuple(dict.fromkeys(out))[:_MAX_COMPOUND_FORMS]
    return ()


@lru_cache(maxsize=65_536)
def place_stems(raw: str) -> tuple[str, ...]:
    """A Cyrillic adjective of a place name read as the place, with and without the -ск of its
    suffix (``челябинский`` → челябинск, челябин; ``самарская`` → самарск, самар), or ``()``.
    A doubled consonant before the suffix is kept once (``арзамасский`` → арзамас); a last
    consonant the adjective changed is read back too (``волжский`` → … волга, волг)."""
    g = glossary()
    raw = _bare(raw)
    for suffix in g.place_suffixes:
        if raw.endswith(suffix):
            stem = raw[: -len(suffix)]
            if len(stem) < g.place_min_stem:
                return ()
            stem = stem.removesuffix("ь")
            sk = suffix[:2] if suffix[1] == "к" else suffix[0]
            short = stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem
            back = tuple(short[:-1] + x for x in g.place_alternations.get(short[-1], ()))
            return tuple(dict.fromkeys((stem + sk, short, *back)))
    return ()


def han_words(run: str) -> list[tuple[str, tuple[str, ...]]]:
    """A Han run cut into glossary words (with their English forms) and the text between them
    (English forms ``()``), longest glossary word first at each place."""
    table = glossary().han
    out: list[tuple[str, tuple[str, ...]]] = []
    rest = ""
    i = 0
    while i < len(run):
        for size in range(min(_HAN_LONGEST, len(run) - i), 0, -1):
            forms = table.get(run[i : i + size])
            # A one-character word (市 city) only between others: alone it is too ambiguous.
            if forms and (size > 1 or 0 < i < len(run) - 1):
                if rest:
                    out.append((rest, ()))
                    rest = ""
                out.append((run[i : i + size], forms))
                i += size
                break
        else:
            rest += run[i]
            i += 1
    if rest:
        out.append((rest, ()))
    return out
