"""Place qualifiers of organisation names: the name a record writes without them.

A listed organisation is often named with the place it operates in: ``ISLAMIC STATE IN IRAQ
AND THE LEVANT``, ``Islamic State–Libya``, ``Daesh Tunisia``, ``AL-HARAMAIN (ALBANIA
BRANCH)``, ``BANK MELLI IRAN``. A customer record, a payment message or a news report writes
the short form, the name without its place, and scored against the whole listed name it lost
the place's share of the name and then the evidence weight's (``Islamic State``: 0.34 against
``Islamic State–Libya``; ``Daesh`` found nothing against ``Daesh Tunisia``). The index holds
that short form too, as a name derived from the listed one (screening/index_build.py).

A place is a country as the country spellings write it (:func:`exportctl.countries.place_spellings`)
or a region of ``data/place_qualifiers.yaml``, possibly two joined by ``and`` (Iraq and the
Levant), after ``in``/``of``/``for`` (``the``), a dash, a comma, a colon, in brackets, or after
a space alone, and possibly followed by a designator (Sinai *Province*, Albania *Branch*).
Only what is left is derived, and only when it still names one organisation:

* it holds a distinctive word — one of three letters or more that is no generic organisation
  word (the data file's ``generic``: ``Central Bank``, ``National Bank``, ``Ministry of
  Defence``, ``The State`` are generic) — so that a generic rest never alerts alone;
* it does not end in a particle or a word that takes the place as its object (``Hay'at Tahrir
  al``-Sham, ``Front for the Liberation`` of the Levant);
* after ``of``/``for`` or a bare space it holds no ``in``/``of``/``for`` of its own (``Mujahidin
  of Eastern`` Indonesia: the place is part of the phrase, not the name's qualifier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from exportctl._yaml import safe_load
from exportctl.countries import place_spellings
from exportctl.text.tables import read_data

__all__ = ["PLACE_DROPPED", "drop_place", "place_words"]

PLACE_DROPPED = "place qualifier dropped"  # how such a derived name is derived (explanation)
# A word: letters and digits, with an apostrophe inside (AL-QA'IDA, ISIL's: one word each).
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_POSSESSIVE = re.compile(r"['\u2019]s$")
# Letters of a distinctive word: an acronym of three (VTB, RAH) names an organisation, as a
# bracketed acronym does (text/compound.py); two (IS, UN) are too ambiguous alone.
_MIN_DISTINCTIVE = 3
# What else may set a place apart from the name: brackets, a colon, a comma, a dash.
_SEPARATORS = frozenset("(:,-\u2010\u2011\u2012\u2013\u2014\u2015")


@dataclass(frozen=True, slots=True)
class _Table:
    places: frozenset[str]  # place names, lower case, words separated by a space
    last_words: frozenset[str]  # the last word of each (the quick test of a name's end)
    longest: int  # words of the longest place name
    connectors: frozenset[str]
    designators: frozenset[str]
    particles: frozenset[str]
    generic: frozenset[str]

    def distinctive(self, word: str) -> bool:
        """Whether a word of a name may name an organisation: three letters or more, no
        generic organisation word, particle or connector (a possessive 's aside: ISIL's)."""
        word = _POSSESSIVE.sub("", word)
        return (
            sum(map(str.isalpha, word)) >= _MIN_DISTINCTIVE
            and word not in self.generic
            and word not in self.particles
            and word not in self.connectors
        )


@cache
def _table() -> _Table:
    raw = safe_load(read_data("place_qualifiers.yaml"))

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).casefold() for w in raw[key])

    places = place_spellings() | words("regions")
    return _Table(
        places=places,
        last_words=frozenset(p.rsplit(" ", 1)[-1] for p in places),
        longest=max(p.count(" ") + 1 for p in places),
        connectors=words("connectors"),
        designators=words("designators"),
        particles=words("particles"),
        generic=words("generic"),
    )


def place_words() -> frozenset[str]:
    """Every place name :func:`drop_place` reads (lower case, words separated by a space)."""
    return _table().places


def _place_start(words: list[str], end: int, t: _Table) -> int:
    """Where the longest place name ending at word ``end`` starts (-1: none), leaving at
    least one word before it."""
    for k in range(min(t.longest, end - 1), 0, -1):
        if " ".join(words[end - k : end]) in t.places:
            return end - k
    return -1


def drop_place(text: str) -> str:
    """The organisation name ``text`` without its place qualifier, or ``""``.

    >>> drop_place("ISLAMIC STATE IN IRAQ AND THE LEVANT")
    'ISLAMIC STATE'
    >>> drop_place("Central Bank of Iran")
    ''
    """
    spans = [(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]
    if len(spans) < 2:
        return ""
    t = _table()
    words = [w for w, _, _ in spans]
    end = len(words) - 1 if words[-1] in t.designators else len(words)
    if end < 2 or words[end - 1] not in t.last_words:
        return ""  # (the usual name: its last word ends no place name)
    start = _place_start(words, end, t)
    if start < 0:
        return ""
    j = start - 1 if start > 1 and words[start - 1] == "the" else start
    if j > 1 and words[j - 1] == "and":  # Iraq and the Levant
        other = _place_start(words, j - 1, t)
        if other >= 0:
            start = other
    if start > 1 and words[start - 1] == "the":
        start -= 1
    connector = ""
    if start > 1 and words[start - 1] in t.connectors:
        connector = words[start - 1]
        start -= 1
    rest = words[:start]
    gap = text[spans[start - 1][2] : spans[start][1]]
    bare = not connector and not any(ch in _SEPARATORS for ch in gap)
    if rest[-1] in t.particles or rest[-1] in t.connectors:
        return ""
    # After of/for or a bare space the place may be the object of a phrase of the name
    # (Mujahidin of Eastern Indonesia): only a rest with no such phrase of its own.
    if (connector in ("of", "for") or bare) and any(w in t.connectors for w in rest):
        return ""
    if not any(map(t.distinctive, rest)):
        return ""  # a generic rest (Central Bank): no one organisation's name
    name = text[: spans[start - 1][2]].rstrip()
    if name.count("(") > name.count(")"):
        return ""  # the place was inside a bracket of the name (a branch's address)
    return name
