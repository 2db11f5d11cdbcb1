"""A place written beside an organisation's name as a record's note: ``ROSNEFT, RU``,
``ROSNEFT - RU``, ``ROSNEFT/RU``, ``ROSNEFT MOSCOW RU``, ``SBERBANK MOSCOW``, ``Hamas Gaza``,
``Rosneft Germany``, or the party's website given as its name (``rosneft.ru``,
``www.sberbank.com``).

The listed word is then held exactly beside one word the listing lacks: the name score is
0.875–0.96, and the evidence weight (screening/evidence.py) lowers it below the threshold
where the listed word is common in the lists (Rosneft's and Sberbank's subsidiaries, the same
party on several lists: 16–84 names). The readers of text/fields.py take a place off only
after a business word, after a spaced dash or slash, or in brackets (a comma before a given
name, ``SMITH, Jordan``, and a code before a bracketed legal form, ``GAZPROMBANK (AO)``, kept
them from more: place29's finds).

:func:`place_note_readings` gives the name without the place(s) at its end, or the label of a
website, each as a reading that counts only where it meets a listed *organisation's* name
exactly (text/restricted.py): dropping a word that may be a place is a guess, and a guess may
only turn a near name into an exact one of a listed body — never raise a near one (a
person's surname before a given name that is a country, ``KHAN, Pakistan``; a Faker company
``Simon Holistic`` beside a place). The query as written is still scored; readings only add.
The vocabulary is ``text/data/place_notes.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from exportctl.text.restricted import EXACT_ONLY_NOTE, only_against_note
from exportctl.text.tokenize import strip_format

__all__ = [
    "glued_place_readings",
    "is_person_country_note",
    "person_place_readings",
    "place_note_readings",
    "type_word_readings",
]

_MAX_PLACES = 3  # place notes at the end of a field (city, country, code: `X MOSCOW RU`)
_MAX_PLACE_WORDS = 3  # words of one place (`SAINT PETERSBURG`, `UNITED ARAB EMIRATES`)
_MIN_NAME_LETTERS = 3  # the name left: a word, not initials
_MIN_COUNTRY_LETTERS = 4  # a country's name (a code is two letters, read apart)
# A place glued to a one-word field's end (`ministryofinteriorsanaa`): four letters at least
# (ADEN, DOHA, GAZA, BAKU, IRAN; a code or UAE glued is too often a name's own letters)
_MIN_GLUED_PLACE = 4
_MAX_GLUED_WORD = 256  # (the longest listed names run to 200 letters glued)
# (words, and what stands between them: a comma, a semicolon, a slash, a dash or spaces)
_WORD = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*\.?")
_SEPARATOR = re.compile(r"\s*[,;/]\s*|\s+[-–—]\s+|\s+")
# A website as the whole field: an optional scheme and www, labels, an ending
_SITE = re.compile(
    r"(?:https?://)?(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*?)"
    r"([a-z](?:[a-z0-9-]*[a-z0-9])?)\.([a-z]{2,8})(?:\.([a-z]{2}))?/?",
    re.IGNORECASE,
)
_NOTE = "{} left out (a place beside an organisation's name: {})"
_PERSON_NOTE = "{!r} left out (a country's abbreviation beside a person's name)"
_PERSON_RESTRICTED = f"{only_against_note('person')}; {EXACT_ONLY_NOTE}"
# `NAME, UAE`, `NAME (UAE)`, `NAME - UAE`, `NAME / UAE`: the abbreviation last, set off
_PERSON_FIELD = re.compile(
    r"(?P<name>[^,()/]*?[^\W\d_][^,()/]*?)\s*(?:,|\s[-–—/]|/)\s*"
    r"(?P<abbr>[A-Z]{2,4})\s*|(?P<name2>[^,()/]+?)\s*\((?P<abbr2>[A-Z]{2,4})\)\s*"
)
_ABBR_AT_END = re.compile(r"([A-Z]{2,4})\s*+\)?\s*+$")  # (the abbreviation _PERSON_FIELD ends in)
_SITE_NOTE = "{!r} read as the name of the website it gives"
_MAX_SITE = 253 + len("https://www./")  # (a domain name is 253 characters at most, RFC 1035)
_RESTRICTED = f"{only_against_note('organization')}; {EXACT_ONLY_NOTE}"


@dataclass(frozen=True, slots=True)
class _Tables:
    places: frozenset[str]  # cities and territories, casefolded, spaces as written
    not_codes: frozenset[str]
    domains: frozenset[str]
    type_words: frozenset[str]
    # the words a place or a country's spelling ends with (None: countrynames' own table
    # is asked, its spellings unknown here): a field ending in none of them names no place
    last_words: frozenset[str] | None
    # places and countries' English names without spaces, as a word glued to the name ends
    glued: frozenset[str]
    person_notes: frozenset[str]  # country abbreviations read beside a person's name


@cache
def _tables() -> _Tables:
    from exportctl._yaml import safe_load
    from exportctl.text.latin_articles import article_words
    from exportctl.text.tables import read_data

    data = safe_load(read_data("place_notes.yaml"))
    fields = safe_load(read_data("name_fields.yaml"))
    places = {str(p).casefold() for p in data["places"]}
    places |= {str(p).casefold() for p in fields["glued_places"] if "." not in str(p)}
    not_codes = {str(w).casefold() for w in data["not_codes"]} | set(article_words())
    not_codes |= _legal_form_words()
    return _Tables(
        frozenset(places),
        frozenset(not_codes),
        frozenset(str(d).casefold() for d in data["generic_domains"]),
        frozenset(str(w).casefold() for w in data["type_words"]),
        _last_words(places),
        _glued_places(places),
        frozenset(str(w) for w in data["person_country_notes"]),
    )


def _glued_places(places: set[str]) -> frozenset[str]:
    """The places and the countries' English names (countries.py's table, the same in every
    install) written without spaces or marks, of ``_MIN_GLUED_PLACE`` letters or more: the
    ends :func:`glued_place_readings` looks for."""
    from exportctl.countries import country_names

    out = {p.replace(" ", "") for p in places}
    out |= {"".join(ch for ch in n.casefold() if ch.isalpha()) for n in country_names().values()}
    return frozenset(p for p in out if p.isalpha() and p.isascii() and len(p) >= _MIN_GLUED_PLACE)


def _last_words(places: set[str]) -> frozenset[str] | None:
    """The last word of each place and of each country's spelling (countrynames' keys), and
    each place written without its spaces (``HONGKONG``)."""
    from exportctl.countries import _spellings

    table = _spellings()
    if table is None:
        return None
    words = {p.split()[-1] for p in places if p.split()} | {p.replace(" ", "") for p in places}
    return frozenset(words | {k.split()[-1] for k in table[0] if k.split()})


def _legal_form_words() -> set[str]:
    """Two-letter words that are a legal form (legal_forms.yaml's forms, and rigour's org
    types on their own): `AG`, `SA`, `SE`, `KG` end company names and are no country's code
    there."""
    from rigour.names.org_types import extract_org_types

    from exportctl._yaml import safe_load
    from exportctl.text.tables import read_data

    forms = safe_load(read_data("legal_forms.yaml"))["forms"]
    out = {str(k) for k in forms} | {str(v) for vs in forms.values() for v in vs}
    out = {w.casefold() for w in out if len(w) == 2}
    from exportctl.countries import country_names

    for code in country_names():
        if extract_org_types(f"x {code}"):
            out.add(code.casefold())
    return out


def _place_kind(words: list[str], t: _Tables) -> str | None:
    """What the words name as a place (``city or territory``, ``country``, ``country code``),
    or None."""
    from exportctl.countries import spelling_code

    text = " ".join(w.rstrip(".") for w in words)
    key = text.casefold()
    if key in t.places or key.replace(" ", "") in t.places:
        return "city or territory"
    if len(words) == 1 and len(text) == 2:
        # (a code as desks write one: in capitals, and no legal form, article or name syllable)
        if text.isupper() and key not in t.not_codes and spelling_code(text) == text:
            return "country code"
        return None
    letters = sum(ch.isalpha() for ch in text)
    if letters >= _MIN_COUNTRY_LETTERS and spelling_code(text) is not None:
        return "country"
    return None


def _site_reading(text: str, t: _Tables) -> list[tuple[str, str]]:
    """The label of a website given as the whole field (``rosneft.ru``, ``www.sberbank.com``,
    ``https://gazprombank.ru/``): the name the site is the party's."""
    from exportctl.countries import spelling_code

    text = text.strip()
    # (the length first: the pattern's labels are asked one by one, and a long word with dots
    # and no ending would be tried at each)
    m = _SITE.fullmatch(text) if len(text) <= _MAX_SITE else None
    if not m:
        return []
    label, ending, country = m.group(2), m.group(3).casefold(), m.group(4)
    known = ending in t.domains or (len(ending) == 2 and spelling_code(ending.upper()) is not None)
    if country is not None and spelling_code(country.upper()) is None:
        known = False
    if not known or sum(ch.isalpha() for ch in label) < _MIN_NAME_LETTERS:
        return []
    name = label.replace("-", " ")
    return [(name, f"{_SITE_NOTE.format(m.group(0))}; {_RESTRICTED}")]


def place_note_readings(text: str) -> tuple[tuple[str, str], ...]:
    """:func:`place_readings` and :func:`type_word_readings` of a field, each naming more than
    an organisation's type (``LLC NK`` is never read as ``LLC``: a list holds that alone as a
    name). Read as the name score reads a field (``strip_format``: NFKC, format characters
    dropped): a zero-width space or soft hyphen inside a code or the name (``ROSNEFT R\u200bU``,
    ``ROS\u00adNEFT RU``) or a full-width code (``ROSNEFT ＲＵ``) kept the words from the place
    test, and the name as written cleared (rev29b)."""
    text = strip_format(text)
    return tuple(
        (name, how)
        for name, how in (
            *place_readings(text),
            *glued_place_readings(text),
            *type_word_readings(text),
        )
        if _names_something(name)
    )


def glued_place_readings(text: str) -> tuple[tuple[str, str], ...]:
    """A one-word field of Latin letters that ends in a place or a country's name glued to
    it (``ministryofinteriorsanaa``, ``ROSNEFTMOSCOW``: a system that drops spaces, or a desk
    that glued the city to the name), read without the place; the name left is compared as
    the index compares any glued name (its spacing-free form), and the reading counts only
    where it meets a listed organisation's name exactly (module docstring). Each place the
    word ends in is a reading (``…SANAA`` and a shorter place inside it, were there one).

    In a word of both cases the place must begin with a capital (``MinistryOfInteriorSanaa``):
    a capitalised word whose letters end in a place's is one word, a town's or a surname
    (``Cecchina`` met CHINA ELECTRONICS CORPORATION's CEC at 1.0 through ``Cec`` + ``china``,
    ``Intercuba`` the listed alias INTER; rev30a)."""
    word = text.strip()
    if not (len(word) <= _MAX_GLUED_WORD and word.isascii() and word.isalpha()):
        return ()
    glued = _tables().glued
    key = word.casefold()
    mixed = not (word.islower() or word.isupper())
    out: list[tuple[str, str]] = []
    for cut in range(_MIN_NAME_LETTERS, len(key) - _MIN_GLUED_PLACE + 1):
        if key[cut:] in glued and not (mixed and word[cut].islower()):
            how = _NOTE.format(repr(word[cut:]), "glued to the name")
            out.append((word[:cut], f"{how}; {_RESTRICTED}"))
    return tuple(out)


def _names_something(name: str) -> bool:
    """Whether a reading holds a name besides legal forms (rigour's org types)."""
    from rigour.names.org_types import remove_org_types

    rest = remove_org_types(name.casefold())
    return sum(ch.isalpha() for ch in rest) >= _MIN_NAME_LETTERS


def place_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name without the place(s) written at its end (each step: ``ROSNEFT MOSCOW RU`` gives
    ``ROSNEFT MOSCOW`` and ``ROSNEFT``) or the label of a website given as the field, each
    with how it was read; ``()`` when the field ends in no place. Each reading counts only
    where it meets a listed organisation's name exactly (module docstring)."""
    t = _tables()
    if "." in text and " " not in text.strip():
        site = _site_reading(text, t)
        if site:
            return tuple(site)
    words = list(_WORD.finditer(text))
    if len(words) < 2:
        return ()
    # (the field is words and separators only: an address, a number or a bracket is the
    # other readers' business)
    for a, b in pairwise(words):
        if not _SEPARATOR.fullmatch(text[a.end() : b.start()]):
            return ()
    if text[words[-1].end() :].strip(" ,") or text[: words[0].start()].strip():
        return ()
    last = words[-1].group(0).rstrip(".")
    if t.last_words is not None and last.isascii() and not (len(last) == 2 and last.isupper()):
        from exportctl.countries import spelling_key

        key = (spelling_key(last) or "").split()
        if not key or (key[-1] not in t.last_words and last.casefold() not in t.last_words):
            return ()  # (the usual name: its last word ends no place or country, is no code)
    out: list[tuple[str, str]] = []
    end = len(words)
    left: list[str] = []
    for _ in range(_MAX_PLACES):
        for size in range(min(_MAX_PLACE_WORDS, end - 1), 0, -1):
            kind = _place_kind([w.group(0) for w in words[end - size : end]], t)
            if kind is not None:
                break
        else:
            break
        place = text[words[end - size].start() : words[end - 1].end()]
        end -= size
        left.insert(0, _NOTE.format(repr(place), kind))
        name = text[: words[end - 1].end()].strip()
        if sum(ch.isalpha() for ch in name) < _MIN_NAME_LETTERS:
            break
        out.append((name, f"{'; '.join(left)}; {_RESTRICTED}"))
    return tuple(out)


_QUOTES = re.compile('[«»"„“”‘’‹›]')


def type_word_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name without an organisation type's abbreviation written as a word of it (``NK
    ROSNEFT``, ``ПАО «НК «Роснефть»``: НК, нефтяная компания, oil company; place_notes.yaml's
    type_words) and without the quotes around the name, as a reading that counts only where
    it meets a listed organisation's name exactly."""
    t = _tables()
    words = _QUOTES.sub(" ", text).split()
    kept = [w for w in words if w.casefold() not in t.type_words]
    if len(kept) == len(words) or sum(ch.isalpha() for w in kept for ch in w) < _MIN_NAME_LETTERS:
        return ()
    cut = ", ".join(repr(w) for w in words if w.casefold() in t.type_words)
    how = f"{cut} left out (an organisation type's abbreviation); {_RESTRICTED}"
    return ((" ".join(kept), how),)


def is_place(word: str) -> bool:
    """Whether ``word`` names a city or territory of the places read here or a country (its
    name as countrynames spells one; not a two-letter code)."""
    return _place_kind(word.split(), _tables()) in ("city or territory", "country")


def is_person_country_note(letters: str) -> bool:
    """Whether capitals written beside a person's name are a country's abbreviation a desk
    notes there (``UAE``, ``KSA``: place_notes.yaml's person_country_notes), not initials."""
    return letters in _tables().person_notes


def person_place_readings(text: str) -> tuple[tuple[str, str], ...]:
    """A person's name with a country's abbreviation set off after it (``HASSAN, UAE``,
    ``Ali KHAN (KSA)``, ``Ivan PETROV - USA``) read without it: a desk's note of where the
    party is. Counts only where it meets a listed person's name exactly (the abbreviation's
    letters may yet be a person's initials somewhere; a guess only turns a near name into an
    exact one, as the organisations' place notes do)."""
    if len(text) > _MAX_SITE:
        return ()
    text = strip_format(text).strip()
    # (the abbreviation ends the field: looked at first, so that the pattern, whose name part
    # is tried at every split, ~9 ms on a 265-letter field without one, runs only where one is)
    if not (tail := _ABBR_AT_END.search(text)) or tail.group(1) not in _tables().person_notes:
        return ()
    m = _PERSON_FIELD.fullmatch(text)
    if m is None:
        return ()
    name = (m.group("name") or m.group("name2")).strip()
    abbr = m.group("abbr") or m.group("abbr2")
    if abbr not in _tables().person_notes or sum(ch.isalpha() for ch in name) < _MIN_NAME_LETTERS:
        return ()
    return ((name, f"{_PERSON_NOTE.format(abbr)}; {_PERSON_RESTRICTED}"),)
