"""A listed organisation's distinctive word inside a new name: a note beside the answer.

``ROSNEFT MARKETING``, ``MOSCOW SBERBANK``, ``RU ROSNEFT``: a name that carries the coined word
of a listed company's name and something else scores below the threshold (the rest of the name
is no listed name's), and the screen answered "no match" and nothing more. Such a party is very
often the listed company's subsidiary or affiliate, which the 50 % ownership rules (OFAC, EU,
BIS, MOFCOM) make a compliance officer's business. Making every such name an alert would flood
reviewers with the many ordinary names that hold a listed company's word (the scale
benchmark's ``hard_listed_org_word`` negatives are labelled negatives), so the screen says it
as a note (:class:`ListedWord`, ``Matches.listed_words``), which changes no match, score or
alert.

A listed word is *distinctive* when the index itself says so, with no list of companies:

* a word of at least :data:`MIN_LETTERS` letters of a listed organisation's or vessel's name,
  held by no listed person's name (a word persons are named by is a given name or surname,
  which a company may carry by chance: ``SMITH``, ``KALASHNIKOV``);
* held by at most :data:`MAX_HOLDERS` listed entities: a group's word (ROSNEFT: ten listed
  entities of one group and its copies on other lists; SBERBANK: 35; GAZPROM: 56 in the
  bundled lists) is held by a few tens, a word of the language by hundreds — and in a corpus
  where it is common (a customer corpus full of ``SOLUTIONS``) it is no longer distinctive;
* no given name or surname (``data/listed_person_words.txt``: the bundled lists' organisation
  and vessel words rigour's person-name tagger knows, JENNIFER, LAUREN, BAILEY);
* no generic word: not a legal form (the token's kind), no organisation symbol (rigour's and
  ``data/org_symbols.yaml``: MARKETING, TRADING, INDUSTRIAL, SOLUTIONS), no English form of
  ``data/org_glossary.yaml`` (PLANT, FACTORY, BANK), no place (``data/place_notes.yaml``'s
  cities, a country, its people or capital as ``countries.spelling_code`` reads it: MOSCOW,
  SYRIAN), no particle or honorific or given-name spelling (``data/name_parts.yaml``).

The query's word meets the listed word exactly after the index's normalisation (case, NFKC,
transliteration: ``Роснефть`` is ``rosneft``); an Arabic- or Hebrew-script word meets the Latin
words its consonant frame fits (``روسنفت``: ROSNEFT), as the screen's own comparison reads
them. A typo'd word gets no note (the near matches are the scorer's business). Persons' queries
get no note (a person is nobody's subsidiary). A word of an entity the screen did report gets
no note either: the match is already before the reviewer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

import numpy as np
import numpy.typing as npt

from exportctl.model import EntityType
from exportctl.screening._keys import name_for
from exportctl.screening.features import QueryContext
from exportctl.screening.index import ScreeningIndex
from exportctl.text import NormName
from exportctl.text.arabic import ABJAD_MARK
from exportctl.text.language_words import coined_words, near_words
from exportctl.text.name_tokens import LEGAL, NAME, NameToken
from exportctl.text.org_symbols import SYMBOL_MARK, symbol_forms

__all__ = [
    "MAX_HOLDERS",
    "MIN_LETTERS",
    "NEAR_MIN_LETTERS",
    "ListedWord",
    "WordStanding",
    "abjad_word",
    "listed_words",
    "person_holders",
    "word_notes",
    "word_standing",
]

#: A shorter word (BANK, OIL, GAS, an acronym) names no one company.
MIN_LETTERS = 5
#: A word more listed entities than this hold is a word of the language (KOREA 179, RUSSIAN
#: 174, TRADING 460 in the bundled lists), not one group's: a group and its listed subsidiaries
#: and their copies on other lists hold a few tens (SBERBANK 35, GAZPROM 56).
MAX_HOLDERS = 64
_NOTED_TYPES = (EntityType.ORGANIZATION, EntityType.VESSEL)


@dataclass(frozen=True, slots=True)
class ListedWord:
    """A word of the query that is a listed organisation's (or vessel's) distinctive word,
    whose entity the screen did not report: a note for the reviewer, not a match."""

    word: str  # the query's word as written
    listed_word: str  # the listed word it is (the index's key: rosneft), or is one letter off
    source: str  # the listed entity named in the note (of those holding the word: the one
    source_id: str  # whose name holds fewest other words, the most about the word)
    name: str  # its listed primary name
    entity_type: str
    holders: int  # listed entities whose names hold the word
    why: str  # why the word is distinctive (one clause)
    slip: str = ""  # how the query's word is one letter off the listed word; "" when it is it

    def message(self) -> str:
        """The one line a reviewer reads (CLI note, batch rows, API, web job page)."""
        more = f"; {self.holders - 1} more listed name(s) hold it" if self.holders > 1 else ""
        said = self.word.upper()
        if self.slip:
            said = f"{said}, one letter off {self.listed_word.upper()} ({self.slip})"
        elif said != self.listed_word.upper():
            said = f"{said} ({self.listed_word.upper()})"
        return (
            f"contains {said}, the distinctive word of the listed {self.name} "
            f"({self.source} {self.source_id}{more}): may be related or owned: check ownership"
        )

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ListedWord:
        """A note back from :meth:`to_dict`'s dict (a batch row's, for its ledger record)."""
        return cls(
            word=str(d["word"]),
            listed_word=str(d["listed_word"]),
            source=str(d["source"]),
            source_id=str(d["source_id"]),
            name=str(d["name"]),
            entity_type=str(d["entity_type"]),
            holders=int(d["holders"]),
            why=str(d["why"]),
            slip=str(d.get("slip", "")),  # (a record from before word31 has none)
        )

    def to_dict(self) -> dict[str, str | int]:
        """JSON-ready dict (an item of the ``listed_words`` of the CLI's, API's and batch
        output)."""
        return {
            "word": self.word,
            "listed_word": self.listed_word,
            "source": self.source,
            "source_id": self.source_id,
            "name": self.name,
            "entity_type": self.entity_type,
            "holders": self.holders,
            "why": self.why,
            "slip": self.slip,
            "message": self.message(),
        }


_UNDECIDED = -1  # (_Listed's named holder not looked for yet: entities count from 0)


class _Listed:
    """A listed word that passed the cheap tests (:func:`_distinctive`): its vocabulary token,
    holders (entities) and why; and, once a note about it is due, the entity the note names
    (:meth:`named`: None when no holder is named by the word alone, and then the word is not
    distinctive after all). That last test decodes holders' names, the dearest part of a fresh
    word's look; a word whose holder the screen reported (most words of a listed name's query)
    never needs it (rev30b)."""

    __slots__ = ("_coined", "_held", "_keys", "_named", "holders", "t", "word")

    def __init__(self, word: str, t: int, holders: tuple[int, ...], held: str) -> None:
        self.word, self.t, self.holders, self._held = word, t, holders, held
        self._named: int | None = _UNDECIDED
        self._keys: tuple[tuple[str, str], ...] | None = None
        self._coined = False  # (named for being coined, not for standing alone: named())

    @property
    def why(self) -> str:
        """Why the word is distinctive (the note's ``why``), once :meth:`named` has decided."""
        if self._coined:
            return f"a coined word (no word of the languages, by wordfreq), {self._held}"
        return f"the name of a listed entity apart from generic words, {self._held}"

    @property
    def common(self) -> bool:
        """Whether :meth:`named` found no holder named by the word alone (then no screen
        notes it: a word of the language, not a group's)."""
        return self._named is None

    def keys(self, index: ScreeningIndex) -> tuple[tuple[str, str], ...]:
        """The holders' (source, source_id), which each screen asks of the matches it
        reported (read once: a column look-up per holder per screen had cost the warm pass)."""
        if self._keys is None:
            src, sid = index.ent_source, index.ent_source_id
            self._keys = tuple((src[e], sid[e]) for e in self.holders)
        return self._keys

    def named(self, index: ScreeningIndex) -> int | None:
        """The holder a note names, or None (the word is not distinctive): module docstring."""
        if self._named == _UNDECIDED:
            # A group's word is some listed entity's name on its own, apart from generic words
            # (Rosneft, BANK SEPAH, Sberbank); a word of the language stands beside another
            # distinctive word in every name holding it (TATES DESARROLLO, LA FAMILIA
            # MICHOACANA). The entity the note names: of those so named, one whose primary name
            # shows the word, of fewest words, then list order (ROSNEFT's own listing before
            # ROSNEFT TRADING S.A.). The holders are tried in that order and the first so named
            # is taken: decoding every holder's names cost a fresh word tens of ms.
            word, t = self.word, self.t
            ordered = sorted(self.holders, key=lambda e: _named_order(index, e, word))
            self._named = next((e for e in ordered if _named_by(index, e, t)), None)
            if self._named is None and word in coined_words():
                # A word no language has (RUSATOM, KATAIB, SOVCOMFLOT) is a group's even where
                # every name holding it holds another distinctive word too (STATE ATOMIC
                # ENERGY CORPORATION ROSATOM beside RUSATOM OVERSEAS): the standing-alone test
                # is for the words of the languages (DESARROLLO), which the table leaves out.
                self._named, self._coined = ordered[0], True
        return self._named


class _Memo:
    """Per index (never changed once built): per vocabulary token its _Listed, or None where
    it is not distinctive (filled as queries ask: a few thousand tokens in a long batch); per
    query token's spellings the _Listed words it is or is one slip off (at most _FORMS_MEMO
    kept); and per name row whether its entity is of a noted type (built on the first word
    that asks: one numpy pass over the entity types, so that a word some person's or other
    non-organisation's name holds — most words a query shares with the index — is turned away
    by one array look-up, not by collecting and typing its holders one by one)."""

    __slots__ = ("by_forms", "by_token", "persons", "row_noted", "row_person", "standing")

    def __init__(self) -> None:
        self.by_token: dict[int, _Listed | None] = {}
        self.by_forms: dict[tuple[str, ...], tuple[tuple[_Listed, str], ...]] = {}
        self.row_noted: npt.NDArray[np.bool_] | None = None
        self.row_person: npt.NDArray[np.bool_] | None = None
        self.persons: dict[int, int] = {}  # vocabulary token -> listed persons holding it
        self.standing: dict[tuple[int, bool], WordStanding] = {}  # word_standing's, unmasked

    def noted_rows(self, index: ScreeningIndex) -> npt.NDArray[np.bool_]:
        """Per name row: whether its entity is an organisation or a vessel."""
        if self.row_noted is None:
            self.row_noted = _rows_of(index, _NOTED_TYPES)
        return self.row_noted

    def person_rows(self, index: ScreeningIndex) -> npt.NDArray[np.bool_]:
        """Per name row: whether its entity is a person."""
        if self.row_person is None:
            self.row_person = _rows_of(index, (EntityType.PERSON,))
        return self.row_person


def _rows_of(index: ScreeningIndex, kinds: tuple[EntityType, ...]) -> npt.NDArray[np.bool_]:
    """Per name row of ``index``: whether its entity is of one of ``kinds`` (one numpy pass)."""
    types = index.ent_type
    wanted = np.array([t in kinds for t in types.table], dtype=np.bool_)
    codes = np.asarray(types.codes(), dtype=np.intp)
    per_ent = wanted[codes] if codes.size else np.zeros(0, dtype=np.bool_)
    out: npt.NDArray[np.bool_] = per_ent[index.name_ent]
    return out


def _memo_of(index: ScreeningIndex) -> _Memo:
    memo = _MEMO.get(index)
    if memo is None:
        memo = _MEMO[index] = _Memo()
    return memo


def person_holders(index: ScreeningIndex, text: str) -> list[int] | None:
    """For each word of ``text`` (read as the index reads a name: case, accents,
    transliteration), how many listed persons' names hold it: ANNA 37, JULIA 9, BLUE 1 (a
    nickname), HARBOUR 0 in the bundled lists. What tells a comma part of a batch row's cell
    that is a person's given names from a company's name (``runner._given_names``: batch32's
    ``Kulakova, Anna Maria``) without a table of given names: the lists' persons are one.
    None where ``text`` holds a legal form read as a company's name (``АО «Панова Попов»``:
    surnames, but a company's)."""
    read = name_for(text, None).tokens
    if any(t.kind == LEGAL for t in read):
        return None
    memo = _memo_of(index)
    out: list[int] = []
    for token in read:
        if token.kind != NAME:
            continue
        t = index.vocab_id(token.forms[0])
        if t is None:
            out.append(0)
        elif (n := memo.persons.get(t)) is not None:
            out.append(n)  # (a given name comes back row after row: counted once)
        else:
            rows = memo.person_rows(index)
            held = index.post_rows[int(index.post_ptr[t]) : int(index.post_ptr[t + 1])]
            n = memo.persons[t] = len(np.unique(index.name_ent[held[rows[held]]]))
            out.append(n)
    return out


class WordStanding(NamedTuple):
    """What the lists say of a one-word comma part that has a listed-word note
    (:func:`word_standing`): whether an organisation holds the word at all (``company``),
    and whether one is *named* by it — some listed name of an organisation is the word as
    written and nothing else but a legal form (``own``: Rosneft, KOMID, JOINT STOCK COMPANY
    AVTOVAZ; not JOINT STOCK COMPANY ZAVOD KULAKOVA, a plant named after a person)."""

    company: bool
    own: bool


def word_standing(
    index: ScreeningIndex, word: str, mask: npt.NDArray[np.bool_] | None = None
) -> WordStanding:
    """:class:`WordStanding` of ``word`` (one word of a batch row's comma cell) within
    ``mask``'s entities: what tells a person's cell ``ROSNEFT, Ivan`` (a listed company's own
    name before a given name: runner._alone, batch33) from ``Кулакова, Илья`` and ``Giralt,
    Pascuala Palmira`` (surnames that a listed plant's name and a listed vessel's carry).
    Only the word's own spellings count, as the index keys them: not an Arabic- or
    Hebrew-script word's consonant frame (``هاشم`` is no HASM), nor a word one letter off.
    An abjad-script word has no own spelling in another script at all: its plain form is a
    consonant skeleton too (rev33c: ``שור`` — Shor, an Israeli surname — is keyed ``svr``, and
    ``שור, אגם`` as a person's name cell alerted at 1.0 on the SVR, a listed organisation
    called SVR alone)."""
    company = own = False
    memo = _memo_of(index)
    for token in name_for(word, None).tokens:
        if token.kind != NAME or _abjad(token.forms):
            continue
        for form in token.forms:
            if form[:1] in (SYMBOL_MARK, ABJAD_MARK) or (t := index.vocab_id(form)) is None:
                continue
            key = (t, mask is None)
            got = memo.standing.get(key) if mask is None else None
            if got is None:
                got = _standing(index, t, mask)
                if mask is None:
                    memo.standing[key] = got
            company, own = company or got.company, own or got.own
    return WordStanding(company, own)


def abjad_word(word: str) -> bool:
    """Whether ``word`` holds a word the index reads by consonant frames (Arabic or Hebrew
    script: ``דן``, ``سالم``), whose listed-word notes are frames' meetings, not spellings'
    (:func:`word_standing`; runner._alone_why: a given name ``דן`` beside a surname is no
    listed organisation's word, rev33c)."""
    return any(_abjad(t.forms) for t in name_for(word, None).tokens)


def _abjad(forms: Sequence[str]) -> bool:
    return any(f[:1] == ABJAD_MARK for f in forms)


def _standing(index: ScreeningIndex, t: int, mask: npt.NDArray[np.bool_] | None) -> WordStanding:
    a, b = int(index.post_ptr[t]), int(index.post_ptr[t + 1])
    if b - a > 4 * MAX_HOLDERS:  # (no note's word: too common, _distinctive)
        return WordStanding(False, False)
    company = own = False
    for row in index.post_rows[a:b].tolist():
        e = int(index.name_ent[row])
        if (mask is not None and not mask[e]) or index.ent_type[e] is not EntityType.ORGANIZATION:
            continue
        company = True
        tokens = index.listed_name(row).tokens
        if all(x.kind == LEGAL or index.vocab_id(x.forms[0]) == t for x in tokens):
            return WordStanding(True, True)
    return WordStanding(company, own)


_MEMO: WeakKeyDictionary[ScreeningIndex, _Memo] = WeakKeyDictionary()
_FORMS_MEMO = 1 << 16


@cache
def _generic_words() -> frozenset[str]:
    """Words no company is named by alone: the glossary's English forms (PLANT, BANK, …), the
    places of place_notes.yaml and the name parts (particles, honorifics, given-name
    spellings)."""
    from exportctl.text.glossary import glossary
    from exportctl.text.place_notes import _tables as place_tables  # (its cities' table)
    from exportctl.text.tables import name_parts

    g = glossary()
    out: set[str] = set()
    for table in (g.cyrillic, g.arabic, g.han, g.compound_prefixes):
        for forms in table.values():
            out.update(f.casefold() for f in forms)
    for forms in g.cyrillic_phrases.values():
        out.update(f.casefold() for f in forms)
    out |= {p for p in place_tables().places if " " not in p}
    parts = name_parts()
    out |= parts.particles | parts.honorifics | set(parts.given_spellings)
    return frozenset(out)


def _place(word: str) -> bool:
    """Whether ``word`` names a country, its people or its capital (SYRIAN, MOSCOW) or more
    than one country (KOREA) as countrynames reads it exactly (countries.spelling_code,
    memoised). Not ``query_country``: for a word it cannot read it tries a fuzzy guess, ~25 ms
    a word, which made the first pass over fresh names four times slower."""
    from exportctl.countries import spelling_code

    return spelling_code(word) is not None


@lru_cache(maxsize=1 << 16)
def _generic(word: str) -> bool:
    """Whether ``word`` (an index word) is generic (module docstring). Memoised: the named
    holder's search asks it of every other word of each name holding a fresh word, the same
    LLC, TRADING and COMPANY over and over (a few index vocabularies' words at most)."""
    return bool(symbol_forms(word)) or word in _generic_words() or _place(word)


def _distinctive(index: ScreeningIndex, t: int, memo: _Memo) -> _Listed | None:
    """The vocabulary token ``t`` as a listed word that may be distinctive (module
    docstring), or None. The cheapest tests first (rev30b: the same notes for less): the
    word's shape, its names' count, whether every name holding it is an organisation's or a
    vessel's (one array look-up), the given-name and generic tables; only a word that passes
    them all has its holders collected, and whether one of them is named by the word alone
    (:meth:`_Listed.named`) is asked only when a note about it is due."""
    word = index.vocab[t]
    if len(word) < MIN_LETTERS or not word.isascii() or not word.isalpha():
        return None
    a, b = int(index.post_ptr[t]), int(index.post_ptr[t + 1])
    if b - a > 4 * MAX_HOLDERS:  # (names, at most a few per entity: too common already)
        return None
    rows = index.post_rows[a:b]
    noted = memo.noted_rows(index)[rows]  # (count_nonzero: ndarray.all is a Python frame)
    if np.count_nonzero(noted) < noted.size or _person_name(word) or _generic(word):
        return None
    ents = np.unique(index.name_ent[rows]).tolist()
    if len(ents) > MAX_HOLDERS:
        return None
    kinds = sorted({index.ent_type[e].value for e in ents})
    held = (
        f"held by {len(ents)} listed {' and '.join(kinds)} name(s) (at most {MAX_HOLDERS}), by "
        "no listed person's; no given name or surname, generic, legal-form or place word"
    )
    return _Listed(word, t, tuple(ents), held)


def _named_by(index: ScreeningIndex, e: int, t: int) -> bool:
    """Whether one of entity ``e``'s names holding token ``t`` holds no other distinctive
    word: every other word generic, a legal form, a number or of two letters at most."""
    ptr, tok = index.row_ptr, index.row_tok
    for row in index.ent_names[e]:
        if not np.count_nonzero(tok[ptr[row] : ptr[row + 1]] == t):
            continue
        others = [
            x
            for x in index.listed_name(row).tokens
            if x.kind == NAME
            and index.vocab_id(x.forms[0]) != t
            and len(x.forms[0]) > 2
            and x.forms[0].isalpha()
            and not any(f.startswith(SYMBOL_MARK) for f in x.forms)
            and not _generic(x.forms[0])
        ]
        if not others:
            return True
    return False


@cache
def _person_words() -> frozenset[str]:
    """The bundled lists' organisation and vessel words that are given names or surnames
    (JENNIFER, LAUREN, BAILEY: Wikidata's names, as rigour's person-name tagger knows them),
    read from ``text/data/listed_person_words.txt``. The tagger itself costs ~8-23 s CPU to load,
    once a process, which a CLI user's first screen cannot pay;
    ``scripts/build_listed_person_words.py`` asks it once, of every word a note could be about,
    and writes the ones it knows (a word a later list brings is unchecked until it is rerun: a
    note too many, never a match lost)."""
    from exportctl.text.tables import read_data

    lines = read_data("listed_person_words.txt").splitlines()
    return frozenset(ln for ln in lines if ln and not ln.startswith("#"))


def _person_name(word: str) -> bool:
    """Whether ``word`` is a given name or surname a company or vessel may carry by chance."""
    return word in _person_words()


def _named_order(index: ScreeningIndex, e: int, word: str) -> tuple[bool, int, int]:
    """Which holder a note names first: one whose primary name shows the word, of fewest
    words, then list order (ROSNEFT's own listing before ROSNEFT TRADING S.A.)."""
    caption = index.ent_caption[e]
    return (word not in caption.casefold(), len(caption.split()), e)


_Found = tuple[tuple[_Listed, str], ...]  # (a listed word, how the query's word is off it)


def _listed_of(index: ScreeningIndex) -> Callable[[NameToken], _Found]:
    """The distinctive listed words a query token is or is one letter off (with the slip:
    ``""`` for the word itself), memoised per index: by vocabulary token (:func:`_distinctive`,
    once each) and by the token's spellings, so that a query's word seen before costs one
    dict look-up (every screen asks this of each word: a look-up of each spelling's vocabulary
    id and each id's memo had cost the warm pass ~8 %)."""
    memo = _memo_of(index)
    by_token, by_forms = memo.by_token, memo.by_forms

    def distinctive(t: int) -> _Listed | None:
        if t not in by_token:
            by_token[t] = _distinctive(index, t, memo)
        return by_token[t]

    def listed(token: NameToken) -> _Found:
        found = by_forms.get(token.forms)
        if found is None:
            out: list[tuple[_Listed, str]] = []
            for t in _word_tokens(index, token):
                if (hit := distinctive(t)) is not None and all(hit is not h for h, _ in out):
                    out.append((hit, ""))
            if not out:
                for form, t in _near_tokens(index, token):
                    hit = distinctive(t)
                    if (
                        hit is not None
                        and len(hit.word) >= NEAR_MIN_LETTERS  # (THANE / Thanel: rev30a's Corte)
                        and all(hit is not h for h, _ in out)
                    ):
                        out.append((hit, _slip(form, hit.word)))
            if len(by_forms) >= _FORMS_MEMO:  # (a long batch of fresh words: start again)
                by_forms.clear()
            found = by_forms[token.forms] = tuple(out)
        return found

    return listed


#: A query's word one letter off a distinctive listed word (ROSNEFTI, ROSNEFTT, ROSNEF,
#: ROSENFT) is noted as it (a note, never a match: the scorer weighs such a word as a near
#: match, and counts only some slips as typos, typos.py) when both have this many letters: a
#: shorter word one letter off is another word as often (rev30a's Corte / CORTEZ; Thanel /
#: THANE on the benchmark's company names).
NEAR_MIN_LETTERS = MIN_LETTERS + 1
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _near_tokens(index: ScreeningIndex, token: NameToken) -> Iterable[tuple[str, int]]:
    """(the query's spelling, vocabulary token) for each listed word a query token is one
    slip off (:func:`_one_off`: a letter added, an added last letter too, ROSNEFTI; two
    adjacent letters swapped; a doubled letter written once; the last letter left out) where
    no spelling of the token is a
    listed word (then the word is that listed word, not a slip of another) and none is a word
    of the languages one letter off a listed one (``text.language_words``: PROGRESSO, CARBONE,
    ALGORITMO are words, not PROGRESS, CARBON, ALGORITM mistyped). The query's word is read
    at every such slip (~50 look-ups for eight letters, once per fresh word: the screen's
    memo keeps its answer)."""
    forms = [f for f in token.forms if f[:1] not in (SYMBOL_MARK, ABJAD_MARK)]
    vocab_id = index.vocab_id
    if any(vocab_id(f) is not None for f in forms):
        return
    near = near_words()
    seen: set[str] = set()
    for form in forms:
        if len(form) < NEAR_MIN_LETTERS or not form.isascii() or not form.isalpha():
            continue
        if form in near:
            continue
        for cand in _one_off(form):
            if cand not in seen:
                seen.add(cand)
                if (t := vocab_id(cand)) is not None:
                    yield form, t


def _one_off(word: str) -> Iterable[str]:
    """Every string one slip off ``word`` (a Latin word in lower case) as a near note reads
    it: a letter added anywhere but before the first (ROSNEFTI, ROSNEFTT: the listed word is
    the query's with one letter left out), two adjacent letters swapped (ROSENFT), a doubled
    letter written once, or the last letter left out (ROSNEF). Not a letter changed, nor the
    first letter added or left out: on the benchmark's 6,000 ordinary person names they made
    other names of the lists' words (Budner / BUDKER, Weihmann / WEITMANN, Pechel / MECHEL,
    Grotek / ROTEK: 19 notes; BENCHMARKS.md ``## word31``), as typos.py found for persons'
    names. Nor any other letter left out (ROSNFT): each place of it is 26 look-ups, which
    doubled the note's cost on the benchmark's first pass for no note more there."""
    n = len(word)
    for i in range(1, n):
        yield word[:i] + word[i + 1 :]
    for i in range(n - 1):
        yield word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    for i in range(n):
        yield word[: i + 1] + word[i:]
    for c in _LETTERS:
        yield word + c


def _slip(query: str, listed: str) -> str:
    """How ``query`` is one letter off ``listed`` (the note says it), as typos.py names it."""
    lq, ll = len(query), len(listed)
    if lq != ll:
        longer, shorter = (query, listed) if lq > ll else (listed, query)
        i = next((k for k in range(len(shorter)) if longer[k] != shorter[k]), len(shorter))
        c = longer[i]
        if (i > 0 and longer[i - 1] == c) or (i + 1 < len(longer) and longer[i + 1] == c):
            return f"{'a doubled' if lq > ll else 'an undoubled'} letter ({c})"
        where = " at the end" if i == len(longer) - 1 else ""
        return f"a letter {'added' if lq > ll else 'left out'}{where} ({c})"
    i = next(k for k in range(lq) if query[k] != listed[k])  # (_one_off changes no letter)
    return f"two letters swapped ({listed[i : i + 2]} written {query[i : i + 2]})"


def _word_tokens(index: ScreeningIndex, token: NameToken) -> Iterable[int]:
    """The vocabulary tokens a query token is exactly: its spellings' (a listed word), and
    the Latin words an Arabic- or Hebrew-script word's consonant frame fits."""
    for form in token.forms:
        if form.startswith(SYMBOL_MARK):
            continue
        if form.startswith(ABJAD_MARK):
            yield from index.form_tokens(form)[0].tolist()
        elif (t := index.vocab_id(form)) is not None:
            yield t


def listed_words(
    ctx: QueryContext,
    index: ScreeningIndex,
    reported: Iterable[tuple[str, str]],
    mask: npt.NDArray[np.bool_] | None = None,
    written: str | None = None,
) -> tuple[ListedWord, ...]:
    """The notes of a screen: each word of the query (its name and the names read inside it)
    that is a distinctive listed word whose holders the screen did not report
    (``reported``: the matches' (source, source_id)); none for a person's query. ``written``:
    the query's name as the user wrote it, whose words the notes quote (the normalised name's
    are lower case)."""
    if ctx.type is EntityType.PERSON:
        return ()
    names = [ctx.name, *(part for _, part, _ in ctx.parts)]
    typed_org = ctx.type is EntityType.ORGANIZATION
    return _notes(names, index, reported, mask, written or ctx.name.original, typed_org)


def word_notes(
    index: ScreeningIndex, word: str, mask: npt.NDArray[np.bool_] | None = None
) -> tuple[ListedWord, ...]:
    """The notes a screen of ``word`` without a type would carry about its own words (not the
    names read inside it, nor less the entities it reports): what a person's comma cell's
    one-word part is asked (``runner._row_answer``, batch32: ``KOMID, Blue Harbour`` on a
    person's row), for the cost of the word's look-ups, not a screen."""
    return _notes([name_for(word, None)], index, (), mask, word, typed_org=False)


def _notes(
    names: Sequence[Any],
    index: ScreeningIndex,
    reported: Iterable[tuple[str, str]],
    mask: npt.NDArray[np.bool_] | None,
    written: str,
    typed_org: bool,
) -> tuple[ListedWord, ...]:
    """:func:`listed_words` over ``names`` (normalised names), quoting ``written``'s words;
    ``typed_org``: the query was typed as an organisation."""
    out: dict[str, ListedWord] = {}
    listed = _listed_of(index)
    shown: set[tuple[str, str]] | None = None
    quoted: _Written | None = None
    for name in names:
        company: bool | None = None  # (asked once a name, where a near word is found)
        for token in name.tokens:
            if token.kind != NAME:
                continue
            for found, slip in listed(token):
                if found.word in out or found.common:
                    continue
                if slip:
                    if company is None:
                        # (typed as an organisation, the name is a company's whatever its
                        # words: `ROSNEFTI Kazan` so typed lost its note to the rule, rev32b)
                        company = typed_org or _company_name(name)
                    if not company:
                        continue
                if shown is None:
                    shown = set(reported)
                if mask is None:
                    holders: Sequence[int] = found.holders
                    keys: Iterable[tuple[str, str]] = found.keys(index)
                else:
                    holders = [e for e in found.holders if mask[e]]
                    keys = [(index.ent_source[e], index.ent_source_id[e]) for e in holders]
                if not holders or not shown.isdisjoint(keys):
                    continue
                if (named := found.named(index)) is None:
                    continue  # (no holder is named by the word alone: not distinctive)
                if named not in holders:
                    named = holders[0]
                if quoted is None:
                    quoted = _Written([w for w in _BETWEEN_WORDS.split(written) if w])
                out[found.word] = ListedWord(
                    word=quoted.word(token),
                    listed_word=found.word,
                    source=index.ent_source[named],
                    source_id=index.ent_source_id[named],
                    name=index.ent_caption[named],
                    entity_type=index.ent_type[named].value,
                    holders=len(holders),
                    why=found.why,
                    slip=slip,
                )
    return tuple(out.values())


def _company_name(name: NormName) -> bool:
    """Whether a near word's note may read ``name`` as a company's: the word stands alone
    (``ROSNEFTI``), or beside a word only companies carry — a legal form (``GmbH``,
    ``Holdings``) or an organisation word (``MARKETING``, ``TRADING``, ``PLANT``: its
    organisation symbol). Beside other names only, the words read as a person's name as well
    (an untyped query): a given name or surname one letter off a listed company's coined word
    is such a name by chance (``Bilender Arsoy``: the Turkish given name, BLENDER with a
    letter more; 1 of 24,000 person names in word31's benchmark), and a note of a one-letter
    guess about it says nothing of a subsidiary. (A listed word itself, not one letter off,
    is still noted in any name: that is word30's note, not a guess.) Asked of untyped queries
    only: a query typed as an organisation is a company's name whatever its words."""
    tokens = name.tokens
    if len(tokens) == 1:
        return True
    return any(t.kind == LEGAL or any(f[:1] == SYMBOL_MARK for f in t.forms) for t in tokens)


class _Written:
    """The query's words as the user wrote them, for the notes to quote: the word that is a
    token's spelling, else the first whose own reading is the token's key (``Zorbanex``,
    ``Роснефть``: the user's word, not the index's). One per screen, read once in order and
    as far as a note needs (rev30b: each note had split the whole name and read its words
    again, notes × words: a 40 KB query of listed words spent ~0.7 s there)."""

    __slots__ = ("_at", "_first", "_keyed", "_words")

    def __init__(self, words: Sequence[str]) -> None:
        # (a word as the user wrote it, less the separator a list puts after it or before
        # it: `ROSNEFT, Blue Harbour` quoted `ROSNEFT,` — batch32. Its other punctuation
        # stays: `Co.`, `(ROSNEFT)` are as written)
        self._words = [w.strip(_SEPARATORS) or w for w in words]
        self._first: dict[str, int] | None = None  # word -> its first position
        self._keyed: dict[str, str] = {}  # a word's own reading's key -> the first such word
        self._at = 0  # the words read into _keyed so far

    def word(self, token: NameToken) -> str:
        """The word a note about ``token`` quotes, its invisible characters left out."""
        if self._first is None:
            self._first = {}
            for i, w in enumerate(self._words):
                self._first.setdefault(w, i)
        at = [self._first[f] for f in token.forms if f in self._first]
        if at:
            return _visible(self._words[min(at)]) or token.forms[0]
        key = token.forms[0]
        while key not in self._keyed and self._at < len(self._words):
            w = self._words[self._at]
            self._at += 1
            own = name_for(w, None).tokens
            if own:
                self._keyed.setdefault(own[0].forms[0], w)
        found = self._keyed.get(key)
        return (_visible(found) if found is not None else "") or key


#: What separates the names of a list in one cell (``query._NAMES_SPLIT``, its commas).
_SEPARATORS = ",;|"
#: What a quoted word ends at: spacing, and the separators of a cell's names in every form a
#: keyboard writes (batch33: ``KOMID，Blue Harbour``'s note quoted ``KOMID，Blue``, which no
#: comma part of the cell is, so the part was never screened alone). A slash only where
#: ``query._COMMA`` reads one, between two words of two letters or more: elsewhere it is inside
#: the word as written (``Zorbanex</td><script>`` is quoted whole, markup and all, not as
#: ``Zorbanex<``; ``NORDIC A/S``).
_BETWEEN_WORDS = re.compile(
    r"(?<=[^\W\d_]{2})\s*[/\uff0f]\s*(?=[^\W\d_]{2})"
    r"|[\s,\uff0c\u3001\uff64\ufe50\ufe51\u060c;\uff1b\u061b|\uff5c]+"
)


def _visible(word: str) -> str:
    """``word`` without control and format characters (NUL, zero-width, bidi overrides,
    soft hyphen): the note quotes the word as it reads, and a right-to-left override the
    note carried into a terminal's, a CSV's or a log's line turned the rest of that line
    round (``\u202eTFENSOR MARKETING``: the message read backwards from the word on)."""
    if word.isprintable():
        return word
    return "".join(c for c in word if unicodedata.category(c) not in ("Cc", "Cf"))
