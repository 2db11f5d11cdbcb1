#!/usr/bin/env python3
"""Build the tables of which bundled-list words are words of the languages, from wordfreq
(src/exportctl/text/data/listed_coined_words.txt, listed_near_words.txt, listed_cut_words.txt).

    pip install wordfreq==3.1.1   # (build time only: no runtime dependency)
    python scripts/build_listed_coined_words.py [--out DIR] [--check]

``listed_coined_words.txt``: the bundled lists' organisation and vessel words (at least five
ASCII letters, as the index keys them) that are no word of the lists' languages — wordfreq
gives none of them a Zipf frequency of ``ZIPF`` or more in any of ``LATIN`` (as written, the
marks folded) or ``CYRILLIC`` (transliterated as the index keys a Cyrillic word:
STROITELNAYA, KOMPANIYA). screening/listed_words.py notes such a *coined* word even where it
never stands alone as a listed name (RUSATOM, KATAIB beside HIZBALLAH).

``listed_near_words.txt``: the words of the Latin-script languages (``ZIPF`` or more, at
least six letters) one slip off (screening/listed_words.py's ``_one_off``: a letter added, a
doubled letter written once, the last letter left out, two adjacent letters swapped) one of
those listed words a note may be about: PROGRESSO, ALGORITMO, OPTIMAL, NOVATE. A query's
word in it is that word, not the listed one mistyped: screening/listed_words.py gives it no
note for the listed word it is near.

``listed_cut_words.txt``: the listed words of seven letters or more that are no word of the
Latin-script languages but whose form without the last letter is one (NOVATEK: NOVATE, an
Italian town's name). screening/typos.py does not read a query's word as such a listed word
with its last letter left out: a coined word cut into a word of the languages is that word
(``Novate``; ``ROSNEF`` for ROSNEFT still is a typo, ROSNEF being no word). A listed word of
the languages cut short (TALIBAN / TALIBA, CONSTANTA / CONSTANT) keeps the reading: a field
cut short is how desks meet it as often, and the base found those names.

Zipf ``ZIPF`` (2.0) is a word seen about once in ten million: the languages' ordinary words
are above it (DESARROLLO 5.4, COMERCIALIZADORA 2.5, PROGRESS 4.8, NOVATE 2.4 in Italian), the
lists' coined words below (RUSATOM 1.5, KATAIB, BALASHIKHINSKIY 0). A group's name the news
names often is above it too (ROSNEFT 2.3 in Spanish, 3.5 in Russian; GAZPROM; NOVATEK 2.6 in
Russian), so it is not in the coined table and keeps word30's rule (it must stand alone as a
listed name, which those do); frequency does not tell a proper noun from a word. The lists'
Arabic and Persian words written in Latin letters are in none of wordfreq's Latin lists
(KATAIB, the Arabic for "battalions", reads as coined): a limit, docs/reliability.md
``## word31``.

Licence: wordfreq's code is Apache-2.0; its word frequencies are CC-BY-SA 4.0 (Robyn Speer,
wordfreq 3.1.1, https://github.com/rspeer/wordfreq, which names its sources). The tables are
derived from them and are shipped under CC-BY-SA 4.0 with that attribution (their headers
say so). Edit this script, never the tables; ``--check`` rebuilds and
compares (needs wordfreq; ~3-4 min CPU, most of it the Cyrillic lists' transliteration).
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from _generated import generator_args, table_text, write_or_check
from build_listed_person_words import MIN_LETTERS, candidate_words

from exportctl.model import EntityType
from exportctl.screening._keys import name_for
from exportctl.text.name_tokens import NAME
from exportctl.text.org_symbols import SYMBOL_MARK

OUT = Path(__file__).resolve().parent.parent / "src/exportctl/text/data"
COINED = "listed_coined_words.txt"
NEAR = "listed_near_words.txt"
CUT = "listed_cut_words.txt"
WORDFREQ = "3.1.1"
ZIPF = 2.0
#: wordfreq's Latin-script languages (the lists' and customers' languages among them).
LATIN = (
    "ca", "cs", "da", "de", "en", "es", "fi", "fil", "fr", "hu", "id", "is", "it", "lt", "lv",
    "ms", "nb", "nl", "pl", "pt", "ro", "sh", "sk", "sl", "sv", "tr", "vi",
)  # fmt: skip
#: Its Cyrillic-script languages, read through the index's transliteration.
CYRILLIC = ("bg", "mk", "ru", "uk")
_FOLD = str.maketrans({"ß": "ss", "ł": "l", "ø": "o", "ı": "i", "đ": "d", "æ": "ae", "œ": "oe"})


def _fold(word: str) -> str:
    """A Latin word as the index keys a plain word: lower case, marks left out."""
    w = unicodedata.normalize("NFKD", word.casefold().translate(_FOLD))
    return "".join(c for c in w if not unicodedata.combining(c))


def _keys(word: str) -> Iterable[str]:
    """A Cyrillic word's Latin spellings as the index keys them (its organisation-symbol and
    glossary forms aside, which are English)."""
    toks = name_for(word, EntityType.ORGANIZATION).tokens
    if len(toks) == 1 and toks[0].kind == NAME:
        yield from (f for f in toks[0].forms if not f.startswith(SYMBOL_MARK))


def language_words() -> tuple[set[str], set[str]]:
    """The words of at least MIN_LETTERS - 1 letters wordfreq gives a Zipf frequency of ZIPF
    or more in one of the languages, as the index keys them: (Latin-script languages',
    Cyrillic-script languages' transliterated). One letter fewer than a note's word: a listed
    word's form without its last letter is asked too."""
    from importlib.metadata import version

    from wordfreq import iter_wordlist, zipf_frequency

    if (found := version("wordfreq")) != WORDFREQ:  # (another release's data: another table)
        sys.exit(f"wordfreq {WORDFREQ} wanted, {found} found")
    latin: set[str] = set()
    cyrillic: set[str] = set()
    for lang in (*LATIN, *CYRILLIC):
        for w in iter_wordlist(lang, "best"):  # (most frequent first)
            if zipf_frequency(w, lang) < ZIPF:
                break
            if len(w) < MIN_LETTERS - 1:
                continue
            if lang in CYRILLIC:
                cyrillic.update(_keys(w))
            else:
                latin.add(_fold(w))
    return latin, cyrillic


def near(listed: set[str], latin: set[str]) -> list[str]:
    """The ``latin`` words of at least NEAR_MIN_LETTERS letters that screening/listed_words.py
    would read as one slip off a ``listed`` word a note may be about (one of its ``_one_off``
    forms is that word; the listed word no given name or surname, no generic word: the
    screen's own tests of a word). Latin languages' words only: a Cyrillic one near a listed
    word is most often that word inflected (ROSNEFTI, the Russian genitive of ROSNEFT), which
    is the listed word. Each language word's forms are read, as the screen reads a query's
    (~1.5 million words: about a minute)."""
    from exportctl.screening.listed_words import NEAR_MIN_LETTERS, _generic, _one_off, _person_name

    eligible = {w for w in listed if not _person_name(w) and not _generic(w)}
    return sorted(
        q
        for q in latin
        if len(q) >= NEAR_MIN_LETTERS
        and q.isascii()
        and q.isalpha()
        and not eligible.isdisjoint(_one_off(q))
    )


def main() -> None:
    args = generator_args(__doc__ or "", OUT)
    words = candidate_words()
    latin, cyrillic = language_words()
    coined = sorted(w for w in words if w not in latin and w not in cyrillic)
    nearby = near(words, latin)
    # (Latin-script languages only: NOVATEK is a Russian word by its news, 2.6 in Russian)
    cut = sorted(
        w for w in words if len(w) > MIN_LETTERS + 1 and w not in latin and w[:-1] in latin
    )
    # (CC BY-SA 4.0 section 3(a): the creator, the licence and its address, that the work is
    # modified; 3(b): the adaptation's licence. Said in each file, since a packager or a user
    # may meet a table without the script or the docs: rev31c)
    source = [
        f"Derived from wordfreq {WORDFREQ} (Robyn Speer, https://github.com/rspeer/wordfreq;",
        "code Apache-2.0, word frequencies CC-BY-SA 4.0): this table is CC-BY-SA 4.0 too.",
        "Modified: only the words described above are kept, their frequencies left out.",
        "Licence: Creative Commons Attribution-ShareAlike 4.0 International,",
        "https://creativecommons.org/licenses/by-sa/4.0/ ; provided as is, without warranty.",
        "The share-alike covers this table and adaptations of it, not the exportctl code",
        "that reads it (Apache-2.0): src/exportctl/text/data/NOTICE.txt.",
        "Generated by scripts/build_listed_coined_words.py: edit the script, never this file.",
    ]
    langs = f"{', '.join(LATIN)};\n{', '.join(CYRILLIC)} transliterated"
    write_or_check(
        args.out / COINED,
        table_text(
            [
                "Organisation and vessel words of the bundled lists (>= 5 ASCII letters, as the",
                f"index keys them) that are no word of wordfreq's languages (Zipf < {ZIPF} in",
                *f"each of {langs}):".split("\n"),
                f"{len(coined)} of {len(words)} such words; screening/listed_words.py notes them",
                "even where they stand in no listed name alone.",
                *source,
            ],
            coined,
        ),
        args.check,
        "build_listed_coined_words",
    )
    write_or_check(
        args.out / NEAR,
        table_text(
            [
                f"Words of wordfreq's Latin-script languages (Zipf >= {ZIPF}, >= 6 letters, as the",
                "index keys them) one letter off an organisation or vessel word of the bundled",
                "lists that is no given name, surname or generic word:",
                f"{len(nearby)} words. screening/listed_words.py gives a query's word in it no",
                "note for the listed word it is near.",
                *source,
            ],
            nearby,
        ),
        args.check,
        "build_listed_coined_words",
    )
    write_or_check(
        args.out / CUT,
        table_text(
            [
                f"Organisation and vessel words of the bundled lists (>= {MIN_LETTERS + 2}",
                "letters, as the index keys them) that are no word of wordfreq's Latin-script",
                f"languages (Zipf < {ZIPF}) but whose form without the last letter is one:",
                "screening/typos.py reads no query word as such a listed word with its last",
                "letter left out (Novate / NOVATEK).",
                f"{len(cut)} words.",
                *source,
            ],
            cut,
        ),
        args.check,
        "build_listed_coined_words",
    )


if __name__ == "__main__":
    main()
