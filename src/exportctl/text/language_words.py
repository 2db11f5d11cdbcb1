"""Which of the bundled lists' words are words of the languages, read from wordfreq once,
offline (``scripts/build_listed_coined_words.py``), and shipped as two tables of text/data:

* ``listed_coined_words.txt``: the lists' organisation and vessel words (five letters or more)
  that are no word of wordfreq's languages (RUSATOM, KATAIB, SOVCOMFLOT; not DESARROLLO,
  PROGRESS, nor a group's word the news names often, ROSNEFT, GAZPROM);
* ``listed_near_words.txt``: the words of the Latin-script languages (six letters or more)
  one slip off one of the lists' organisation or vessel words (PROGRESSO, ALGORITMO, OPTIMAL,
  NOVATE): such a word in a query is itself, not the listed word mistyped;
* ``listed_cut_words.txt``: the lists' words of seven letters or more that are no word of the
  Latin-script languages but whose form without the last letter is one (NOVATEK: NOVATE).

The word frequencies are wordfreq 3.1.1's (Robyn Speer, https://github.com/rspeer/wordfreq;
code Apache-2.0, data CC-BY-SA 4.0): the tables derived from them are CC-BY-SA 4.0
(each table's header says so; text/data/NOTICE.txt states the attribution and the
share-alike's scope: the tables, not this code). A word a later list or a customer corpus
brings is in no table until the script is rerun: it is then read as word30 read every word (no
coined-word note where it does not stand alone; a query's word near it is not known as a word
of the languages; a query's word one cut letter off it is a typo, as before word31 — the cut
table, the only one that clears an alert, fails closed: rev31c).
"""

from __future__ import annotations

from functools import cache

from exportctl.text.tables import read_data

__all__ = ["coined_words", "cut_words", "near_words"]


@cache
def coined_words() -> frozenset[str]:
    """The bundled lists' organisation and vessel words that are no word of the languages."""
    return _table("listed_coined_words.txt")


@cache
def near_words() -> frozenset[str]:
    """The words of the languages one letter off a bundled list's organisation or vessel
    word."""
    return _table("listed_near_words.txt")


@cache
def cut_words() -> frozenset[str]:
    """The bundled lists' words (seven letters or more) that are no word of the Latin-script
    languages but are one with their last letter left out."""
    return _table("listed_cut_words.txt")


def _table(name: str) -> frozenset[str]:
    """A generated word table's words, one a line (``#`` lines are its header)."""
    return frozenset(ln for ln in read_data(name).splitlines() if ln and not ln.startswith("#"))
