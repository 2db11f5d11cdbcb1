"""Name fields as compliance desks receive them: the name inside what else the field holds.

A customer file, a payment message or a shipping document rarely holds a bare name:
``Attn: KOREA DAESONG BANK``, ``M/S PELLA-MASH LLC``, ``X c/o Y``, ``X and/or Y``,
``KOREA DAESONG BANK ACC 31782856676439013492``, ``X, 12 Main Street, Dubai``, ``X
info@x.com``, ``MV SONG WON (IMO 8613360)``, ``BANK SEPAH, TEHRAN BRANCH``, ``ROSNEFT AND BP``,
SWIFT MT 50F's ``1/NAME`` ``2/ADDRESS`` ``3/CC/TOWN`` lines or 50K's ``/ACCOUNT`` line. Every
word the listing lacks counts against the name score, so such a field scored below the
threshold (BENCHMARKS.md, "Name fields": 29 % of such probes missed).

:func:`field_readings` gives the name(s) the field holds, each with what was left out and
why; the field as written is always screened as well, and the best reading counts (as the
parts of a compound name do). Everything it recognises is a line of
``text/data/name_fields.yaml``. :func:`imo_numbers` gives the IMO numbers written in the
field, which the query then also carries as identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from exportctl.text.desk_forms import (
    ampersand_readings,
    bank_field_readings,
    birth_name_readings,
    domain_readings,
    former_name_readings,
    generation_readings,
    keyboard_letter_readings,
    letters_and_readings,
    mojibake_readings,
    narrative_readings,
    ocr_digit_readings,
    ocr_readings,
    persian_suffix_readings,
    quoted_readings,
    repeat_readings,
    roman_one_readings,
    russian_system_readings,
    the_readings,
)
from exportctl.text.regex_guards import RUN_START
from exportctl.text.restricted import EXACT_ONLY_NOTE, only_against_note
from exportctl.text.tables import read_data

__all__ = [
    "ascii_field_compacts",
    "cut_mark",
    "field_compact",
    "field_readings",
    "function_word",
    "generic_word",
    "glued_place",
    "imo_numbers",
    "no_party_alone",
    "number_readings",
    "reads_as_business",
    "truncated_prefix",
]

_MAX_READINGS = 8  # (a field is a handful of names at most; each reading is a retrieval)
_MAX_BRANCH_PLACE = 3  # words of a branch's place before the branch word
_MIN_WORD = 3  # a side of a joined field holds a word this long (not "X & Y" initials)
_MAX_COUNTRY_WORDS = 4  # a country's name at the end of a field
_MAX_PLACE_PARTS = 3  # readings of a field ending in a place: up to its first three commas


@dataclass(frozen=True, slots=True)
class _Between:
    """Words between two parties in one field (``between`` of name_fields.yaml)."""

    pattern: re.Pattern[str]
    why: str
    orgs_only: bool  # not in a field typed as a person's name (``and``)
    min_words: int  # name words of a side after the first, to be read at least
    # For a word that joins a name's own words as often as two parties (``for``): name words
    # of every side at least (0: no such test), every side distinctive, the words the left
    # side may not end with (a body's kind, ``FRONT FOR …``), the right one not open with
    each_side: int
    not_after: frozenset[str]
    not_opening: frozenset[str]
    # For a word that is also a person's name (ALIAS, a Malay given name and surname): name
    # words of every side at least unless the field holds a business word (0: no such test)
    person_side: int = 0
    # A side of fewer name words than this (business words and legal forms aside) counts only
    # where it meets a listed name exactly (``@``: alias and `at`; 0: no such test)
    exact_side: int = 0
    # The trade or former-name markers (``trade_name``): a side the cut of the whole field took
    # away is read from the field as written at these only (at AND the cut was an address's)
    trade: bool = False


@dataclass(frozen=True, slots=True)
class _Tables:
    # (phrase at the start, why, name words it leaves at least, not before a business's name,
    # the rest is a name as written: no opening phrase read off after it, a word the lists
    # also write in names: kept in one reading where other opening words were read off first)
    leading: tuple[tuple[re.Pattern[str], str, int, bool, bool, bool], ...]
    # (phrase at the start, why, name words, entity type): an opening phrase that a business
    # word after it keeps, still read off for a reading against listed entities of that type
    # only (text/restricted.py: `aframax OCEANUS GAS` against listed vessels)
    leading_only: tuple[tuple[re.Pattern[str], str, int, str], ...]
    between: tuple[_Between, ...]
    trailing: re.Pattern[str]  # a marker word and the rest of the field
    titles: re.Pattern[str]  # a degree or courtesy title ending a person's name
    jobs: re.Pattern[str]  # a job set off after the name (`, Managing Director`)
    address: re.Pattern[str]  # a comma opening an address, and the rest
    branch: re.Pattern[str]  # a branch word at the end of the field
    numbers: dict[str, str]  # number word → numeral
    numerals: dict[str, str]  # numeral → English number word
    # Words any rule starts with (the usual name holds none of them, nor a digit, a line
    # break, a slash, @, #, a bracket or two commas: then nothing is read)
    trigger: frozenset[str]
    lead: frozenset[str]  # first words of the opening phrases: a trigger as the first word
    widths: frozenset[int]  # lengths at which systems cut a name field
    min_prefix: int  # letters and digits a cut field holds to be read as a prefix
    # Words that name no party on their own (legal forms, organisation and business words,
    # function words): a side of a field joined at "and" / "&" made only of these is part of
    # one name ("ENGINEERING & SERVICES PVT. LTD.")
    generic: frozenset[str]
    business: frozenset[str]  # the generic words but function words: a business's name
    # titles of office and salutations (their letters): a bracket of one ending the field
    bracket_titles: frozenset[str]
    forms: re.Pattern[str]  # a legal form as desks write it, ending the field
    form_as: dict[str, str]  # … → as the legal-form reader reads it
    glued_places: frozenset[str]  # cities glued to a name by a hyphen (besides countries)
    # An address after the name without a comma, and the rest: each pattern a reading of its
    # own (a house number or opener first; a street word and a house number after one or two
    # words of the street's name; a street's compound name and a house number)
    glued_address: tuple[re.Pattern[str], ...]
    street_compound: re.Pattern[str]  # a compound street name and a house number (Hauptstr. 5)
    status: re.Pattern[str]  # a company's status noted after its name, bracketed or after a dash
    lead_account: re.Pattern[str]  # an account marker and its number opening the field
    # A vessel's flag ending the field (`FLAG PANAMA`, `(FLAG: TOGO)`, `PANAMA FLAG`): group
    # `place` holds the country, read as one before the cut
    flag: re.Pattern[str]
    # A given name's abbreviation (its letters) → the name; and those that are also a degree
    # after a name (MD), spelt out only before another name word
    given_abbreviations: dict[str, str]
    given_before_name: frozenset[str]
    given_not_in_business: frozenset[str]  # … and those that are also a firm's letters (MHD)
    legal_phrases: frozenset[tuple[str, ...]]  # legal forms, each a tuple of its words' letters
    # A trade or former-name marker opening a bracket (`(alias FU YUAN YU 7628)`, `(aka M23)`):
    # the bracket is the party's other name, not a note to leave out for its digit
    trade_open: re.Pattern[str]


# Patterns below that open with a run of spaces begin with RUN_START (text/regex_guards.py);
# those whose run is of another class ([\s,;(], [\s,]) carry the same guard for that class.
# Patterns anchored at the start need none.


def _alt(phrases: list[str]) -> str:
    """A regex alternation of phrases (longest first), spaces matching any whitespace."""
    ordered = sorted({p.casefold() for p in phrases}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


def _word(alt: str) -> str:
    """The alternation as whole words (a phrase may start or end with punctuation)."""
    return rf"(?<![\w/])(?:{alt})(?![\w/])"


@cache
def _tables() -> _Tables:
    from exportctl._yaml import safe_load

    data = safe_load(read_data("name_fields.yaml"))
    leading = tuple(
        (
            re.compile(rf"^\s*{_word(_alt(g['phrases']))}[\s:,.-]*", re.IGNORECASE),
            g["why"],
            int(g.get("min_words", 1)),
            bool(g.get("unless_business", False)),
            bool(g.get("name_follows", False)),
            bool(g.get("written_in_names", False)),
        )
        for g in data["leading"].values()
    )
    leading_only = tuple(
        (pattern, why, min_words, str(g["otherwise_against"]))
        for (pattern, why, min_words, _, _, _), g in zip(
            leading, data["leading"].values(), strict=True
        )
        if g.get("otherwise_against")
    )
    between = tuple(
        _Between(
            re.compile(rf"{RUN_START}\s+{_word(_alt(g['phrases']))}\s+", re.IGNORECASE),
            g["why"],
            key == "joined",
            int(g.get("min_words", 1)),
            int(g.get("each_side_words", 0)),
            frozenset(str(w).casefold() for w in g.get("not_after", ())),
            frozenset(str(w).casefold() for w in g.get("not_opening", ())),
            int(g.get("person_side_words", 0)),
            int(g.get("exact_side_words", 0)),
            key == "trade_name",
        )
        for key, g in data["between"].items()
    )
    markers = [p for ps in data["trailing_markers"].values() for p in ps]
    # (the number in the marker's next word or the one after, `TEL +971 …`, `ACC NO. 12…`,
    # `REF: INV 123`; not anywhere after it: `UNIQUE STARS MOBILE PHONES LLC INN 77…` was cut
    # at MOBILE, leaving `UNIQUE STARS`; escape28)
    trailing = re.compile(
        rf"(?!(?<=[\s,;(])[\s,;(])[\s,;(]+{_word(_alt(markers))}"
        rf"(?=[\s:.#№/-]*(?:[^\s]*\d|[^\s]+\s+[^\s]*\d)).*$",
        re.IGNORECASE | re.DOTALL,
    )
    # ("(retd)" begins with a bracket: the word test of _word cannot see its start)
    titles = re.compile(
        rf"(?:(?!(?<=[\s,])[\s,])[\s,]+|(?<=\w)(?=\())(?:{_alt(data['trailing_titles'])})(?![\w/])\s*$",
        re.IGNORECASE,
    )
    # (the mark that sets the job off starts the match: a comma, a bracket, or a dash after a
    # space; a job written after a space alone may be the name's own word. The spaces taken
    # possessively: `X, director` and a run of spaces before no end was tried at each split
    # of the run between the two, n² steps)
    jobs = re.compile(
        rf"(?:,|\(|\s[-–—])\s*+(?:{_alt(data['trailing_jobs'])})(?![\w/])\s*+\)?\s*+$",
        re.IGNORECASE,
    )
    address = re.compile(
        rf",\s*(?=[^,]*(?:\d|{_word(_alt(data['address_words']))})).*$",
        re.IGNORECASE | re.DOTALL,
    )
    branch = re.compile(
        rf"{RUN_START}(\s*[,(]\s*|\s+[–—-]\s+|\s+)((?:[^\W\d_][\w'.-]*\s+){{0,{_MAX_BRANCH_PLACE}}})"
        rf"{_word(_alt(data['branch_words']))}\s*\)?\s*$",
        re.IGNORECASE,
    )
    numbers = {str(k).casefold(): str(v) for k, v in data["numbers"].items()}
    numerals = {v: k for k, v in numbers.items() if not _ROMAN.fullmatch(k)}
    # (an opening phrase is looked for at the start only: its first word triggers the reader
    # as the field's first word — OIL of `oil tanker`, THE, GENERAL open names too often)
    lead = frozenset(_bare(p.split()[0]) for g in data["leading"].values() for p in g["phrases"])
    words = [
        *(p for g in data["between"].values() for p in g["phrases"]),
        *data["branch_words"],
        *data["address_words"],
        # (a registration or identity marker wakes no reader: its words open names too,
        # COMPANY of `company no`, NATIONAL of `national id`; it applies before a digit only,
        # and a digit wakes the reader, _numbered_name asking the marker pattern)
        *(p for key, ps in data["trailing_markers"].items() if key != "registration" for p in ps),
        *numbers,
        *data["trailing_titles"],
        *data["trailing_jobs"],
        *data["trailing_forms"],
    ]
    openers = [str(p) for p in data["address_openers"]]
    streets = [*data["address_words"], *data["street_words"]]
    words += [*openers, *streets]
    # (a status note's longest word: IN of IN LIQUIDATION would wake the reader for every name
    # holding IN)
    notes = [str(p) for p in data["status_notes"]]
    words += [max(p.split(), key=len) for p in notes]
    status = re.compile(
        rf"{RUN_START}(?:\s*\(\s*(?:{_alt(notes)})\s*\)|\s+[-–—]+\s*(?:{_alt(notes)}))\s*$",
        re.IGNORECASE,
    )
    street_alt = _word(_alt(streets))
    # (a house number after a street word: VALIASR ST 45, SHEIKH ZAYED ROAD NO. 12; the street's
    # name one word or two before it, each a reading: a person's surname may stand before a
    # one-word street, `… NAQDI VALIASR ST 45`, and a two-word street after any name)
    house = r"[\s,]+(?:no[.:]?\s*)?\d{1,5}[A-Za-z]?(?![\w/-])"
    street_word = r"[^\W\d_][\w'.-]*\s+"
    compound = (
        rf"[^\W\d_]{{2,}}(?:{_alt(data['street_suffixes'])})(?=[\s,])"
        rf"(?:[\s,]+(?:no[.:]?\s*)?\d{{1,5}}[A-Za-z]?(?![\w/-]))"
    )
    glued_address = (
        re.compile(
            rf"{RUN_START}\s+(?:{_word(_alt(openers))}(?=\D*\d)|\d{{1,5}}[A-Za-z]?(?:[\s,]+[^\s,]+){{0,2}}"
            rf"[\s,]+{street_alt}).*$",
            re.IGNORECASE | re.DOTALL,
        ),
        *(
            re.compile(
                rf"{RUN_START}\s+(?:{street_word}){{{k}}}{street_alt}{house}.*$",
                re.IGNORECASE | re.DOTALL,
            )
            for k in (1, 2)
        ),
        re.compile(rf"{RUN_START}\s+{compound}.*$", re.IGNORECASE | re.DOTALL),
    )
    street_compound = re.compile(rf"(?<!\S){compound}", re.IGNORECASE)
    lead_account = re.compile(
        rf"^\s*{_word(_alt(markers))}[\s:.#№-]*[^\s]*\d[^\s]*\s+", re.IGNORECASE
    )
    flag_words = _alt([str(w) for w in data["vessel_flag"]])
    # (in round or square brackets: `X [FLAG: LIBERIA]` as OFAC's vessel entries write it
    # after the name was read whole, rev28b)
    flag = re.compile(
        rf"(?!(?<=[\s,/(\[-])[\s,/(\[-])(?:[\s,/(\[-]+(?:{flag_words})[\s:]+"
        rf"(?P<place>[^\W\d_][\w.' ]*?)"
        rf"|[\s,/(\[-]+(?P<before>[^\W\d_][\w.']*(?:\s+[^\W\d_][\w.']*)?)\s+(?:{flag_words}))"
        r"\s*[)\]]?\s*$",
        re.IGNORECASE,
    )
    words += [str(w) for w in data["vessel_flag"]]
    abbreviations = {
        _letters_of(str(a)): str(full)
        for full, forms in data["given_abbreviations"].items()
        for key in ("anywhere", "before_name", "not_in_business")
        for a in forms.get(key, ())
    }
    before_name = frozenset(
        _letters_of(str(a))
        for forms in data["given_abbreviations"].values()
        for a in forms.get("before_name", ())
    )
    not_in_business = frozenset(
        _letters_of(str(a))
        for forms in data["given_abbreviations"].values()
        for a in forms.get("not_in_business", ())
    )
    words += [
        str(a)
        for forms in data["given_abbreviations"].values()
        for key in ("anywhere", "before_name", "not_in_business")
        for a in forms.get(key, ())
    ]
    trigger = frozenset(_bare(p.split()[0]) for p in words)
    from exportctl.text.tables import legal_forms

    function = {str(w).casefold() for w in data["function_words"]}
    business = {str(w).casefold() for w in data["generic_words"]}
    business.update(w for phrase in legal_forms().phrases for w in phrase)
    generic = business | function
    business -= function  # (DE of S.A. DE C.V. is no business word alone)
    trade = [str(p) for p in data["between"]["trade_name"]["phrases"]]
    return _Tables(
        leading,
        leading_only,
        between,
        trailing,
        titles,
        jobs,
        address,
        branch,
        numbers,
        numerals,
        trigger,
        lead,
        frozenset(int(w) for w in data["truncation_widths"]),
        int(data["truncation_min_chars"]),
        frozenset(generic),
        frozenset(business),
        frozenset(
            _letters_of(p)
            for key in ("office", "salutation", "honour")
            for p in data["leading"][key]["phrases"]
        ),
        re.compile(rf"(?<=\S)\s+(?:{_alt(list(data['trailing_forms']))})\s*$", re.IGNORECASE),
        {" ".join(str(k).casefold().split()): str(v) for k, v in data["trailing_forms"].items()},
        frozenset(str(w).casefold() for w in data["glued_places"]),
        glued_address,
        street_compound,
        status,
        lead_account,
        flag,
        abbreviations,
        before_name,
        not_in_business,
        frozenset(legal_forms().phrases),
        # (the phrases written with their bracket, the ones the reader splits at after a name)
        re.compile(rf"^\s*{_word(_alt([p[1:] for p in trade if p.startswith('(')]))}", re.I),
    )


_ROMAN = re.compile(r"[ivx]+")
_DIGIT = re.compile(r"\d")
_DASH = re.compile(r"\s[-–—]")
_ADDRESS_LIKE = re.compile(r"\d|/")  # a house number, a post code, a SWIFT country/town
# (www. in any case, as _URL reads it: WWW.ACME.COM was left in the name)
# (a square bracket as a round one: `X [FLAG: LIBERIA]` was never read, rev28b)
_MARK_CHARS = re.compile(r"[\n\r\u2028\u2029\x85/@#([\d]|(?i:www\.)")


def _letters_of(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalpha())


def _has_business_word(text: str, t: _Tables) -> bool:
    """Whether a word of ``text`` (its letters: `S.A.`, `Ltd.`) is a business word or a legal
    form's. Whole words: the letter runs of `Sa'id` hold `sa`, S.A.'s letters (rev27b)."""
    return any(_letters_of(w) in t.business for w in text.split())


def _bare(word: str) -> str:
    return word.casefold().strip(".:,;")


# A word glued to the comma or hyphen before it (ACME,Street; Main-Street): split there too, so
# that the word test sees it (the address and branch rules read it so already). An en or em
# dash glues as a hyphen does, and a dot between two runs of two letters or more (`Md.Ali`,
# `Mohd.Harris`: 166 of 300 drawn listed Muhammads written `Md.Ali` / `Md–Ali` escaped,
# escape29); not a dot after one letter, an initial (`A.Q.KHAN`, `S.A.`).
_GLUED = re.compile(r"[,\-\u2013\u2014](?=\w)|(?<=[^\W\d_]{2})\.(?=[^\W\d_]{2})")
_GLUED_SPLIT = re.compile(r"[\s,\-\u2013\u2014]+|(?<=[^\W\d_]{2})\.(?=[^\W\d_]{2})")
# (the same glue inside one word, read as the hyphen `_glued_given` splits at; a dot before a
# dash is the abbreviation's own, `Md.-Ali`)
_GIVEN_GLUE = re.compile(r"\.?[\u2013\u2014]|(?<=[^\W\d_]{2})\.(?=[^\W\d_]{2})")


def _triggered(text: str, t: _Tables) -> bool:
    """Whether a rule may apply: a character one looks for, two commas, or a word one
    starts with (alone, or glued to the punctuation before it)."""
    if _MARK_CHARS.search(text) is not None or text.count(",") > 1:
        return True
    return _triggered_by_word(text, t)


def _triggered_by_word(text: str, t: _Tables) -> bool:
    """Whether a word of the text, alone or glued to the punctuation before it, starts a
    phrase of a rule."""
    words = text.split()
    if not t.trigger.isdisjoint(map(_bare, words)) or (words and _bare(words[0]) in t.lead):
        return True
    return _GLUED.search(text) is not None and not t.trigger.isdisjoint(
        map(_bare, _GLUED_SPLIT.split(text))
    )


_MARK_NOT_DIGIT = re.compile(r"[\n\r\u2028\u2029\x85/@#([]|(?i:www\.)")


def _numbered_name(text: str, t: _Tables) -> bool:
    """Whether a digit is all that triggered the reader and no rule but the number words can
    apply (``ANNA SANTOS 1``, ``ARCTICA 1``): no other mark, no comma (an address), no trigger
    word, no phone-like run, no token of five digits or more. Customer files number their
    parties often; the clutter rules then cost ~60 µs a row for nothing."""
    return (
        "," not in text
        and _MARK_NOT_DIGIT.search(text) is None
        and not _triggered_by_word(text, t)
        and _PHONE.search(text) is None
        and all(sum(ch.isdigit() for ch in tok) < _LONG_DIGITS for tok in text.split())
        and t.street_compound.search(text) is None
        and t.trailing.search(text) is None
    )


_IMO_LETTERS = re.compile("imo", re.IGNORECASE)
# (IMO 9187629, IMO: 9187629, IMO NO. 9187629, IMO Number 9187629, IMO9187629)
_IMO = re.compile(
    r"(?!(?<=[\s,;(\[])[\s,;(\[])[\s,;(\[]*\bIMO(?:[\s:.#№-]*(?:NO|NR|NUMBER|NUM)\b)?[\s:.#№-]*(\d{7})\b[)\]]?",
    re.IGNORECASE,
)
# (an account written before the name on its line: a payment message's /ACCOUNT line
# flattened, "/DE89370400440532013000 NAME"; the phone rule read its digits alone, leaving DE)
_ACCOUNT_TOKEN = re.compile(r"(?:^|(?<=\s))/[^\s/]*\d[^\s/]*(?=\s|$)")
_EMAIL = re.compile(r"[<(\[]?(?!(?<=[\w.+-])[\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+[>)\]]?")
# (the address without the run guard, tried only where the last address ended: _emails)
_EMAIL_HERE = re.compile(r"[<(\[]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[>)\]]?")
_URL = re.compile(r"[<(\[]?(?:https?://|www\.)\S+[>)\]]?", re.IGNORECASE)
# (not a run of digits glued to letters before it: an IBAN, DE89370400440532013000, is one
# account token, left out whole by _cut_long_numbers, not its digits leaving DE)
_PHONE = re.compile(r"(?<![^\W_])\+?\d[\d ()./-]{6,}\d")
_LONG_DIGITS = 5  # a token with this many digits is an account, reference or phone number
# ... but one of five or six digits alone, ending with a dot or not, may be the name's own
# (OFAC's `11420 CORP.`; an account or a phone number is longer or holds letters or marks)
_NAME_NUMBER = re.compile(r"\d{5,6}\.?")
_SWIFT_TAG = re.compile(r"^\s*([1-8])/\s*")
_ACCOUNT_LINE = re.compile(r"^\s*/")
_TRAILING_BRACKET = re.compile(RUN_START + r"\s*\(([^()]*)\)\s*$")
_TRAILING_BRACKETS = re.compile(RUN_START + r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")  # (round or square)
_BARE_IMO = re.compile(RUN_START + r"\s*[(\[]\s*(\d{7})\s*[)\]]\s*$")
# SWIFT option F's numbered lines written on one line (`1/NAME 2/ADDRESS 3/AE/DUBAI`, `50F:/acct
# 1/NAME`): a line number after a space or at the start, before a letter or digit
_SWIFT_INLINE = re.compile(r"(?:^|(?<=\s))([1-8])/(?=\w)")
_ONE_MORE = re.compile(r"(?<=\s)1/(?=[^\W\d_])")  # a further 1/ line run onto a 1/ line
_TAG_OR_ACCOUNT = re.compile(r"[:/]|\d{5}")  # (50F:, :59F:/…, /ACC/…, an account's digits)
_ALIAS_WORDS = re.compile(r"\b(?:a\.?k\.?a|f\.?k\.?a|formerly|known as)\b", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]{2,}")
# (a word of letters and digits with a letter and a digit side by side: M23, 3M, A1 — not a
# number with a unit or a lone letter)
_ALNUM_NAME = re.compile(r"(?<!\S)(?=\w*(?:[^\W\d_]\d|\d[^\W\d_]))\w{2,}(?!\S)")


def imo_numbers(text: str) -> tuple[str, ...]:
    """IMO numbers written in a name field (``MV X (IMO 9187629)``), seven digits each whose
    check digit holds (the last digit is the sum of the first six weighted 7 to 2, mod 10)."""
    if "imo" not in text.casefold() and (text.isascii() or _IMO_LETTERS.search(text) is None):
        # (a non-ASCII text read as _IMO reads it: İMO and ıMO hold no "imo" once casefolded)
        return ()
    return tuple(
        num for num in dict.fromkeys(m.group(1) for m in _IMO.finditer(text)) if _imo_valid(num)
    )


def _imo_valid(num: str) -> bool:
    return sum(int(d) * w for d, w in zip(num[:6], range(7, 1, -1), strict=True)) % 10 == int(
        num[6]
    )


def _has_name(text: str) -> bool:
    """Whether what is left of a field can be a name: two letters together, or one word of
    letters and digits together (the lists name parties so: ``M23``, the UN's CDe.006 — cut
    from ``M23 1 MAIN STREET`` it was refused as no name, and the listed group cleared)."""
    return _LETTERS.search(text) is not None or _ALNUM_NAME.search(text) is not None


def _collapse(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:-–—/")


def _lines(text: str) -> list[tuple[str, list[str]]]:
    """The field's name lines: SWIFT 50F's ``1/`` lines (the name), else every line but an
    account line (``/12345``), each reading with what it left out."""
    lines = [ln for ln in re.split(r"[\r\n\u2028\u2029\x85]+", text) if ln.strip()]
    if len(lines) <= 1:
        return [(text, []), *_inline_swift(text)]
    tagged = [(m, ln) for ln in lines if (m := _SWIFT_TAG.match(ln))]
    if tagged:
        # (a name over option F's 33 characters goes on in another 1/ line, which a paste may
        # run onto the same line: `1/… Limited 1/Liability Company`, escape28; a letter after
        # it, `1/2` is a fraction)
        names = [_ONE_MORE.sub(" ", ln[m.end() :]) for m, ln in tagged if m.group(1) == "1"]
        if names:
            said = "SWIFT 50F lines 2/ to 8/ left out (address, country, dates, identifiers)"
            return [(" ".join(names), [said])]
    kept = [ln for ln in lines if not _ACCOUNT_LINE.match(ln)]
    dropped = ["account line left out"] if len(kept) < len(lines) else []
    if not kept:
        return []
    # (the lines joined: a name broken over lines, read with the other rules as one line)
    out: list[tuple[str, list[str]]] = [(" ".join(kept), dropped)]
    if len(kept) > 2 or _ADDRESS_LIKE.search(" ".join(kept[1:])):
        # (the next lines an address, not the rest of a name cut by a line break: 'Soňa' of
        # 'Soňa\nKolář' read alone met a vessel SONA)
        out.append((kept[0], [*dropped, "first line read alone (the next ones an address)"]))
    if len(kept) > 2 and not _ADDRESS_LIKE.search(kept[1]):
        out.append((" ".join(kept[:2]), [*dropped, "first two lines read (the rest an address)"]))
    return out


def _inline_swift(text: str) -> list[tuple[str, list[str]]]:
    """The name of SWIFT option F's lines pasted on one line (``1/GATEWICK LLC 2/PO BOX 1234
    DUBAI UAE 3/AE/DUBAI``: 19 / 26 of 200 drawn organisations / persons escaped, escape27): the
    text of its ``1/`` lines, when a ``1/`` comes first and another line number follows (a
    name's own ``24/7`` or ``1/2`` is no line: a space or the start stands before it)."""
    marks = list(_SWIFT_INLINE.finditer(text))
    numbers = [m.group(1) for m in marks]
    if not numbers or numbers[0] != "1":
        return []
    # (a 1/ line alone: at the start or after a field tag or an account, `50F:/DE89… 1/NAME`,
    # and a letter after it: `1/2 MOON LLC`, `ACME 1/2 LTD` hold a fraction)
    before = text[: marks[0].start()].split()
    if len(set(numbers)) < 2 and (
        len(before) > 1
        or (before and not _TAG_OR_ACCOUNT.search(before[0]))
        or not text[marks[0].end() :][:1].isalpha()
    ):
        return []
    if numbers != sorted(numbers):
        return []  # (line numbers rise in a 50F field)
    names = [
        text[m.end() : marks[k + 1].start() if k + 1 < len(marks) else len(text)]
        for k, m in enumerate(marks)
        if m.group(1) == "1"
    ]
    name = _collapse(" ".join(names))
    if not _has_name(name):
        return []
    return [(name, ["SWIFT 50F lines 2/ to 8/ left out (address, country, dates, identifiers)"])]


def _is_country(place: str) -> bool:
    """Whether the words name a country (countrynames' spellings, or a two-letter code)."""
    from exportctl.countries import spelling_code

    place = place.strip(" .")
    return bool(place) and spelling_code(place) is not None


def _cut_clutter(
    text: str, t: _Tables, glued: re.Pattern[str] | None = None, keep_numbers: bool = False
) -> tuple[str, list[str]]:
    """Identifiers, contacts, account and reference numbers, addresses and a trailing
    bracket cut from the field, with what was left out; ``glued``: an address written after
    the name without a comma too, as the pattern reads it (``X 45 VALIASR ST TEHRAN``: a
    reading of its own, since the lists name parties so too, ``1425 BRICKELL AVE 63-F LLC``);
    ``keep_numbers``: a token of five or six digits stays (the name's own number, ``11420
    CORP.``: a reading of its own beside the one without it)."""
    said: list[str] = []

    def cut(
        pattern: re.Pattern[str], why: str, src: str, matches: list[re.Match[str]] | None = None
    ) -> str:
        ms = list(pattern.finditer(src)) if matches is None else matches
        found = [m.group(0).strip(" ,;") for m in ms]
        if not found:
            return src
        if matches is None:
            rest = _collapse(pattern.sub(" ", src))
        else:
            ends = [0, *(e for m in ms for e in m.span()), len(src)]
            rest = _collapse(" ".join(src[a:b] for a, b in zip(ends[::2], ends[1::2], strict=True)))
        if not _has_name(rest):
            return src
        said.extend(f"{f!r} left out ({why})" for f in found)
        return rest

    unflagged = text
    text = _cut_flag(text, t, said)
    flagged = text != unflagged
    text = cut(_IMO, "IMO number: screened as an identifier", text)
    if (m := _BARE_IMO.search(text)) and _imo_valid(m.group(1)) and _has_name(text[: m.start()]):
        # (a bracketed seven-digit number whose check digit is an IMO number's: MV X (9914606))
        said.append(f"{m.group(0).strip()!r} left out (IMO number: screened as an identifier)")
        text = _collapse(text[: m.start()])
    if not flagged:
        # (a flag before the IMO number, `OLGA [FLAG: PANAMA] IMO 9187629`, ends the field
        # once the number is cut: read as `OLGA [FLAG: PANAMA]` it met the listed OLGA at no
        # score, rev28b)
        text = _cut_flag(text, t, said)
    text = cut(_ACCOUNT_TOKEN, "account number", text)
    text = cut(t.lead_account, "account number", text)
    text = cut(_EMAIL, "email address", text, _emails(text))
    text = cut(_URL, "web address", text)
    if glued is not None:
        # (the address without a comma first: in "NAQDI, Mohammad Reza 45 VALIASR ST" the
        # comma is the name's own, and the comma rule would read the given names as one; and
        # before the trailing markers, whose ORDER needs a digit after it: the address's
        # house number made "… ORDER OF LENIN … JSC 45 VALIASR ST" a reference from ORDER on)
        text = cut(glued, "address after the name", text)
    # (a marker counts before a digit only: without one its long alternation is not run)
    digit = _DIGIT.search(text) is not None
    text = cut(t.trailing, "account, reference or contact", text) if digit else text
    text = cut(_PHONE, "phone or account number", text)
    text = _cut_long_numbers(text, said, keep_numbers)
    text = cut(t.address, "address", text)
    text = cut(t.titles, "a degree or title after the name", text)
    text = cut(t.jobs, "a job or role after the name", text)
    if text.endswith(")") or _DASH.search(text):  # (a status note is bracketed or after one)
        text = cut(t.status, "a company's status noted after the name", text)
    if m := t.forms.search(text):
        form = " ".join(m.group(0).casefold().split())
        said.append(f"{m.group(0).strip()!r} read as {t.form_as[form]!r} (a legal form)")
        text = f"{text[: m.start()]} {t.form_as[form]}"
    m = _TRAILING_BRACKET.search(text)
    # (a bracket holding a digit: a reference or a date, "(Ref 2024/17)"; a bracketed legal
    # form, "Газпромбанк (АО)", or acronym is part of the name, read by the name tokens)
    if (
        m
        and any(ch.isdigit() for ch in m.group(1))
        and not _ALIAS_WORDS.search(m.group(1))
        # (`X (alias FU YUAN YU 7628)` was cut as a note and the listed vessel cleared; aka33)
        and not t.trade_open.match(m.group(1))
        and _has_name(text[: m.start()])
    ):
        said.append(f"{m.group(0).strip()!r} left out (bracketed note)")
        text = _collapse(text[: m.start()])
    elif m and _letters_of(m.group(1)) in t.bracket_titles and _has_name(text[: m.start()]):
        # (NAQDI, Mohammad Reza (Brig. Gen.): a record's title after a surname-first name)
        said.append(f"{m.group(0).strip()!r} left out (a title in brackets after the name)")
        text = _collapse(text[: m.start()])
    return text, said


def _emails(text: str) -> list[re.Match[str]]:
    """The email addresses of ``text`` as a scan for them reads them (``finditer`` of the
    pattern without its run guard), in time linear in the text.

    The guard lets no address begin inside a run of address characters (a run of n such
    characters before no ``@`` was tried from each: n²; hang28). A scan also begins where the
    last address ended, though, and there the run goes on when addresses are glued by an
    address character: ``a@b.com+c@d.com`` is two addresses, and the guarded scan read the
    second as none, left ``+c@d.com`` in the name and cleared the listed ``Ali HASSAN`` it
    met at 1.0 (rev28b). So where the guard refuses the place the last address ended, the
    unguarded pattern is tried there once: an address that begins later inside that run
    begins there as well."""
    out: list[re.Match[str]] = []
    pos = 0
    while True:
        m = _EMAIL_HERE.match(text, pos) if out else None  # (an address is never empty)
        if m is None and (m := _EMAIL.search(text, pos)) is None:
            return out
        out.append(m)
        pos = m.end()


def _cut_flag(text: str, t: _Tables, said: list[str]) -> str:
    """The field without a vessel's flag ending it (``X FLAG PANAMA``, ``X [FLAG: LIBERIA]``,
    ``X (Panama flag)``), what was left out added to ``said``."""
    if (m := t.flag.search(text)) and _is_country(m.group("place") or m.group("before") or ""):
        rest = _collapse(text[: m.start()])
        if _has_name(rest):
            said.append(f"{m.group(0).strip(' ,/()[]-')!r} left out (a vessel's flag)")
            # (a flag is a vessel's: the name left, often one word, counts against listed
            # vessels only; `GREEN FLAG LIBERIA` read as GREEN met a person's listed alias
            # GREEN at 1.0, 21 of 200 Faker-made `<colour> FLAG <country>` names; escape28)
            said.append(only_against_note("vessel"))
            return rest
    return text


def _cut_long_numbers(text: str, said: list[str], keep_numbers: bool = False) -> str:
    """Tokens of five digits or more (accounts, references, phone numbers) left out;
    ``keep_numbers``: but a number of five or six digits alone (a name's own)."""
    kept: list[str] = []
    for tok in text.split():
        if keep_numbers and _NAME_NUMBER.fullmatch(tok):
            kept.append(tok)
        elif sum(ch.isdigit() for ch in tok) >= _LONG_DIGITS:
            said.append(f"{tok!r} left out (account or reference number)")
        else:
            kept.append(tok)
    rest = _collapse(" ".join(kept))
    if not _has_name(rest):
        del said[len(said) - (len(text.split()) - len(kept)) :]
        return text
    return rest


def _strip_leading(
    text: str, t: _Tables, named: list[bool] | None = None, keep_listed: bool = False
) -> tuple[str, list[str]]:
    """The field without its opening phrases, with what was left out; ``named`` is told
    (its one item set) when a phrase after which a name follows as written was read off;
    ``keep_listed``: a word the lists also write in names (``SULTAN``) ends the phrases."""
    said: list[str] = []
    for _ in range(3):  # ("Attn: M/S X", "For account of Messrs. X")
        for pattern, why, min_words, unless_business, name_follows, listed in t.leading:
            m = pattern.match(text)
            if m and keep_listed and listed:
                return text, said
            if m and _leaves_name(text[m.end() :], min_words, unless_business, t):
                said.append(f"{m.group(0).strip()!r} left out ({why})")
                text = _collapse(text[m.end() :])
                if name_follows:
                    if named is not None:
                        named[0] = True
                    return text, said
                break
        else:
            break
    return text, said


def _leaves_name(rest: str, min_words: int, unless_business: bool, t: _Tables) -> bool:
    """Whether the rest of a field after an opening phrase is a name to read: it holds letters,
    ``min_words`` words at least (``Seyed Ahmed DIBE``, not ``Sultan KHAN``), and, where the
    phrase also opens a business's name (``Tug``, ``General Cargo``), no legal form or business
    word (``BULKER Rust AG`` is a company)."""
    if not _has_name(rest):
        return False
    words = _LETTERS.findall(rest)
    if len(words) < min_words:
        return False
    return not unless_business or not any(w.casefold() in t.business for w in words)


def _readings_only_against(text: str, t: _Tables) -> list[tuple[str, list[str]]]:
    """The field without an opening phrase that a business word after it kept (a vessel's
    type that also opens company names: ``aframax OCEANUS GAS``), as a reading that counts
    against listed entities of the phrase's type only (text/restricted.py): a desk writing a
    tanker's type before its name is what a vessel screen meets, and against a company the
    reading would clear ``BULKER`` off ``BULKER Rust AG``."""
    out: list[tuple[str, list[str]]] = []
    for pattern, why, min_words, kind in t.leading_only:
        m = pattern.match(text)
        if not m:
            continue
        rest = _collapse(text[m.end() :])
        words = {w.casefold() for w in _LETTERS.findall(rest)}
        # (kept by a business word, and not made of such words alone: `General Cargo Trading
        # LLC` names no vessel)
        if (
            _leaves_name(rest, min_words, False, t)
            and not _leaves_name(rest, min_words, True, t)
            and not words <= t.generic
        ):
            clean, cut_said = _cut_clutter(rest, t)
            left = f"{m.group(0).strip()!r} left out ({why}, before a business word)"
            out.append((clean, [left, *cut_said, only_against_note(kind)]))
    return out


def _branch_readings(text: str, t: _Tables) -> list[tuple[str, list[str]]]:
    """The name before ``… BRANCH`` / ``(… Office)``. After a comma, dash or bracket the words
    up to the branch word are its place (``X, Tehran Branch``: X); without one, the place is
    at most the word before it, and the name is read with and without that word (``SPC DUBAI
    BRANCH``: SPC DUBAI and SPC; ``Patricia Lucas Wheeler TEHRAN BRANCH`` never Patricia)."""
    m = t.branch.search(text)
    if not m:
        return []
    sep, place = m.group(1), m.group(2).split()
    head = text[: m.start()]
    word = _collapse(m.group(0)[m.end(2) - m.start(0) :]).rstrip(" )")
    if sep.strip():
        options = [(head, [*place, word])]
    else:
        head = " ".join([head, *place[:-1]])
        options = [(" ".join([head, *place[-1:]]), [word]), (head, [*place[-1:], word])]
    out: list[tuple[str, list[str]]] = []
    for name, cut in options:
        name = _collapse(name)
        if _has_name(name):
            said = f"{' '.join(cut)!r} left out (a branch or office of the party)"
            out.append((name, [said]))
    return out


def _place_readings(text: str) -> list[tuple[str, list[str]]]:
    """The name before a place that ends the field with a country (``X, Gaza, Palestine``,
    ``X, Karachi, Pakistan``): the field up to each of its first commas (a name may hold one
    itself: ``SURNAME, Given``). Two commas at least: ``KHAN, Pakistan`` may be a name."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 3 or len(parts[-1].split()) > _MAX_COUNTRY_WORDS:
        return []
    # (countrynames' spellings of every country, read only for such a field)
    from exportctl.countries import spelling_code

    if not spelling_code(parts[-1]):
        return []
    out: list[tuple[str, list[str]]] = []
    for k in range(1, min(len(parts), 1 + _MAX_PLACE_PARTS)):
        name = ", ".join(parts[:k])
        if _has_name(name) and len(name.split()) > 1:  # (a name, not SINWAR alone)
            place = ", ".join(parts[k:])
            out.append((name, [f"{place!r} left out (a place ending in a country)"]))
    return out


def _sides(
    text: str, t: _Tables, person: bool, trade_only: bool = False
) -> list[tuple[str, list[str]]]:
    """Each side of a field that joins two parties (``X c/o Y``, ``X and/or Y``, ``X AND Y``);
    ``trade_only``: at a trade or former-name marker only."""
    for b in t.between:
        if trade_only and not b.trade:
            continue
        pattern, why, orgs_only, min_words = b.pattern, b.why, b.orgs_only, b.min_words
        if orgs_only and person:
            continue
        pieces = pattern.split(text)
        if len(pieces) < 2:
            continue
        # (a side opened by a bracketed joining word, `X (C/O Y)`, without its closing bracket)
        pieces = [code_side(_collapse(_unclosed(p))) for p in pieces]
        if any(not _has_name(p) for p in pieces):
            continue
        if (
            b.person_side
            and any(len(_LETTERS.findall(p)) < b.person_side for p in pieces)
            and not _has_business_word(text, t)
        ):
            continue  # (`Nor Alias Abdullah`: a person's own name, rev27b)
        exact = False
        if b.each_side:
            sides = _party_sides(pieces, b, t)
            if sides is None:
                continue  # (a name's own FOR: MIRAGE FOR ENGINEERING, FRONT FOR THE LIBERATION …)
            # (after a body's kind, `KOREA RYONBONG GENERAL CORPORATION FOR X`: the lists' own
            # names are written so, `… GENERAL CORPORATION FOR EXTERNAL CONSTRUCTION`; each
            # side counts only where it is a listed name as written, escape27)
            exact = sides == _AFTER_KIND
        # (a relative's name of one word, "X s/o KHAN", is no party's name to read alone)
        # (a word of letters and digits counts as a name word: `X aka M23` dropped the side M23,
        # no two letters together, and the listed group cleared; aka33)
        pieces = pieces[:1] + [p for p in pieces[1:] if _name_words(p) >= min_words]
        if orgs_only and any(not _distinctive(p, t) for p in pieces):
            continue  # (one name with "and" in it: ENGINEERING & MANUFACTURING CO., GMBH & CO KG)
        joint = pattern.search(text)
        word = joint.group(0).strip() if joint else ""
        said = f"one party of a field joined at {word!r} ({why})"
        return [(p, [said, *_side_notes(p, exact, b.exact_side, t)]) for p in pieces]
    return []


def _name_words(piece: str) -> int:
    """The name words of a side: runs of two letters or more, or else words of letters and
    digits together (``M23``, ``OT-2077``'s ``OT`` is a run of letters already)."""
    return len(_LETTERS.findall(piece)) or len(_ALNUM_NAME.findall(piece))


# (one to three letters and a number apart by a space or a hyphen, the side whole: `M 23`,
# `M-23`; read glued, as the lists write the code name M23)
_SPLIT_CODE = re.compile(r"\s*([^\W\d_]{1,3})[\s-]+(\d{1,4})\s*")


def code_side(piece: str) -> str:
    """A side that is a code name written apart (``M 23``, ``M-23``) read glued (``M23``): as
    written it holds no name (no two letters together, no word of letters and digits), and
    ``X aka M 23`` was not read apart at all, clearing the listed M23 (aka33). A side that
    holds a name already is as it was."""
    if _has_name(piece) or (m := _SPLIT_CODE.fullmatch(piece)) is None:
        return piece
    return m.group(1) + m.group(2)


def code_word(text: str) -> bool:
    """Whether ``text`` holds a word of letters and digits side by side (``M23``, ``3M``): a
    name the lists write so, though it holds no run of three letters."""
    return _ALNUM_NAME.search(text) is not None


def _side_notes(piece: str, exact: bool, least: int, t: _Tables) -> list[str]:
    """What a side of a joined field says of where it counts: only where it meets a listed
    name exactly (a side after a body's kind; a side of fewer than ``least`` name words), or,
    for such a side that ends in a legal form after a name word, against listed organisations
    only. (`X @ NEWSFRONT LLC`: the legal form is a company's, so the side is no shop's `at`
    word and no alias of a person; held to exact, it cleared the listed NEWSFRONT it met at
    0.95 before escape28 — rev28b. Against persons it stays out: `Florist @ Tata Pte Ltd` met a
    person's listed alias TATA at 0.90, escape28.)"""
    if exact:
        return [EXACT_ONLY_NOTE]
    if not _few_words(piece, least, t):
        return []
    if _ends_in_legal_form(piece, t):
        return [only_against_note("organization")]
    return [EXACT_ONLY_NOTE]


def _ends_in_legal_form(piece: str, t: _Tables) -> bool:
    """Whether ``piece`` ends in a legal form (its words' letters: `L.L.C.`, `Pte Ltd`) after
    a name word (no business word or legal form's: `Pte Ltd` alone is none)."""
    words = [w for w in map(_letters_of, piece.split()) if w]
    return any(
        tuple(words[-k:]) in t.legal_phrases and any(w not in t.business for w in words[:-k])
        for k in range(1, len(words))
    )


def _few_words(piece: str, least: int, t: _Tables) -> bool:
    """Whether a side holds fewer than ``least`` name words, business words and legal forms
    aside (never, where ``least`` is 0)."""
    return sum(w.casefold() not in t.business for w in _LETTERS.findall(piece)) < least


def _unclosed(piece: str) -> str:
    """The piece without a closing bracket that no bracket in it opens."""
    if piece.count(")") > piece.count("("):
        return piece.rstrip().removesuffix(")")
    return piece


_PARTIES = "parties"
_AFTER_KIND = "after a body's kind"


def _party_sides(pieces: list[str], b: _Between, t: _Tables) -> str | None:
    """Whether the sides of a field split at a word that joins a name's own words as often as
    two parties (``for``) read as parties: each holds ``each_side`` name words at least and a
    distinctive one, and none but the first opens with a word that continues a purpose (``…
    FOR THE LIBERATION OF …``): ``_PARTIES``; and so, but a side other than the last ends with
    a body's kind (``INSTITUTE FOR …``, ``COMPANY FOR …``, as the lists' own names are
    written): ``_AFTER_KIND``; else None."""
    after_kind = False
    for k, piece in enumerate(pieces):
        words = [w.casefold() for w in _LETTERS.findall(piece)]
        if len(words) < b.each_side or not _distinctive(piece, t):
            return None
        if k < len(pieces) - 1 and words[-1] in b.not_after:
            after_kind = True
        if k and words[0] in b.not_opening:
            return None
    return _AFTER_KIND if after_kind else _PARTIES


def glued_place(word: str) -> bool:
    """Whether ``word`` (any case) is a city or country the readers cut after a name
    (name_fields.yaml's ``glued_places``)."""
    return word.casefold() in _tables().glued_places


def generic_word(word: str) -> bool:
    """Whether ``word`` (any case) is a business's generic word, a legal form's or a function
    word (name_fields.yaml's ``generic_words``): no party's name alone."""
    return word.casefold() in _tables().generic


def function_word(word: str) -> bool:
    """Whether ``word`` (any case) is a function word of name_fields.yaml (``for``, ``of``,
    ``to``): a word of a sentence, not of a business's name or a legal form."""
    t = _tables()
    return word.casefold() in t.generic and word.casefold() not in t.business


def _distinctive(piece: str, t: _Tables) -> bool:
    """True when a side of a joined field holds a word that may name a party of its own: not a
    generic word (not "& CO", not SERVICES LTD), and three letters or more unless written in
    capitals (BP PLC; not "X & Y" initials, which are single letters). A legal-form phrase
    word with a typo is read as the word (``JIONT STOCK COMPANY``: text/form_phrases.py), as
    the name's reading reads it: no party of its own."""
    from exportctl.text.form_phrases import typo_readings

    typos = typo_readings(piece.casefold())
    return any(
        (len(w) >= _MIN_WORD or w.isupper())
        and typos.get(w.casefold(), w.casefold()) not in t.generic
        for w in _LETTERS.findall(piece)
    )


# A number sign before a numeral (`BOKWANG NO.5`, `SPARTA NO 4`, `No. 7`: a vessel's or a
# works' number as desks write it) and a hyphen gluing a number to the word before it
# (`ASTROL-ONE`): both read as the number alone, apart (escape31)
_NUMBER_SIGN = re.compile(r"(?<![^\W_])NO\.?[ \t]?(?=\d{1,2}(?![\w.]))", re.IGNORECASE)
# (a number word only, after a word of three letters: `GP-23`, `MiG-29` are codes, and
# `ASTROL-1` is read apart by the tokens already)
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_]{3})-(?=[^\W\d_]{3,9}$)")
_ROMAN_DIGITS = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_MAX_ROMAN = 20  # (the lists' numbered vessels and works: SEA STAR III, BICENTENARIO VII)


def _roman(value: int) -> str:
    out = []
    for size, letters in _ROMAN_DIGITS:
        while value >= size:
            out.append(letters)
            value -= size
    return "".join(out)


def number_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name with number words as numerals and numerals as words (``ARCTICA ONE`` /
    ``ARCTICA 1``, ``SEA STAR III`` / ``SEA STAR 3``), and its last numeral as a Roman one
    (``ARGO 1`` / ``ARGO ONE`` → ``ARGO I``: lists write a vessel's number so, and a desk
    the other way; escape31); a number sign before a numeral and a hyphen before a number
    word left out first (``BICENTENARIO NO.7`` → ``BICENTENARIO 7`` / ``… VII``); none when
    the name holds no number."""
    t = _tables()
    unsigned = _NUMBER_SIGN.sub("", text)
    last = unsigned.split()[-1:] if unsigned.split() else []
    if last and _GLUED_NUMBER.search(last[0]):
        head, _, tail = last[0].rpartition("-")
        if tail.casefold() in t.numbers:
            unsigned = f"{unsigned.rstrip()[: -len(last[0])]}{head} {tail}"
    words = unsigned.split()
    to_num = [t.numbers.get(w.casefold(), w) for w in words]
    to_word = [t.numerals.get(w, w).upper() if w.isdigit() else w for w in words]
    to_roman = list(to_num)
    # (decimal digits only: `²` is a digit int() refuses — escape35's mojibake reading gives
    # `ARGO ²` for `ARGO Â²`, and screen() raised ValueError; rev33b)
    if len(to_num) > 1 and to_num[-1].isdecimal() and 0 < int(to_num[-1]) <= _MAX_ROMAN:
        to_roman[-1] = _roman(int(to_num[-1]))
    out: list[tuple[str, str]] = []
    if words != text.split() and len(words) > 1:
        out.append((" ".join(words), "a number sign or a hyphen before the number read apart"))
    for form, how in (
        (to_num, "number words read as numerals"),
        (to_word, "numerals read as number words"),
        # (exact only: a Roman numeral is a letter, which the scorer weighs as an initial —
        # NEW DECISIONS V met the listed NEW DECISIONS 1 at 0.97 where FIVE had 0.85)
        (to_roman, f"the number read as a Roman numeral; {EXACT_ONLY_NOTE}"),
    ):
        if form != words and len(words) > 1 and " ".join(form) not in (o for o, _ in out):
            out.append((" ".join(form), how))
    return tuple(out)


_FORMULA = re.compile(r"^\s*[=+@-]")
_LITERAL = re.compile(r'"((?:[^"]|"")*)"')


def _formula_readings(text: str) -> list[tuple[str, list[str]]]:
    """The text a spreadsheet formula in the field displays: each string literal of it, and
    all of them joined (``=HYPERLINK("http://x","ROSNEFT OIL COMPANY")``, ``="ROS"&"NEFT"``).
    A cell exported from a spreadsheet, or written to inject one, shows the name its literals
    hold while its own words (HYPERLINK, CONCAT) matched nothing (fuzz25: the listed party
    cleared)."""
    if not _FORMULA.match(text):
        return []
    literals = [m.group(1).replace('""', '"') for m in _LITERAL.finditer(text)]
    literals = [lit.strip() for lit in literals if _has_name(lit)]
    said = ["the text of a spreadsheet formula (its string literals) read as the name"]
    out = [(lit, said) for lit in dict.fromkeys(literals)]
    if len(literals) > 1:
        out.append(("".join(literals), said))
    return out[:_MAX_READINGS]


# (the word before the hyphen three letters at least: AL-IRAQI is an article and a nisba)
# (the place's initials dotted too: `ADF-I.R.IRAN`, glued_places' i.r.iran — a place the data
# lists that this pattern could not read, found by test_desk_names' glued-place property)
# (or two letters after another word: `SAMA TV-IRAN`, `… VTB DC-IRAN`, escape28; alone they
# are an article, AL-IRAN, EL-DUBAI)
_GLUED_PLACE = re.compile(
    r"(?:(?<![^\W_])[^\W_]{3,}|(?<=[^\W_]\s)[^\W\d_]{2})-((?:[^\W\d_]\.)*[^\W\d_]{2,})\s*$"
)


def _glued_place_readings(text: str, t: _Tables) -> list[tuple[str, list[str]]]:
    """The name before a country or city glued to its last word by a hyphen (``ROSNEFT-
    MOSCOW``, ``LLC Synesis-Damascus``, ``X-UAE``): a desk's record names the office, the list
    the party. A name of three letters at least must be left."""
    m = _GLUED_PLACE.search(text)
    if not m:
        return []
    place = m.group(1)
    head = text[m.start() : m.start(1) - 1]
    if len(head) == 2:
        from exportctl.text.latin_articles import article_words

        if head.casefold() in article_words():
            return []  # (the article before a nisba or place: Abu AL-IRAN)
    if place.casefold() not in t.glued_places:
        from exportctl.countries import spelling_code

        # (a country's name, not its code: the two letters after a hyphen are as often a
        # name's syllable, KWANG-IL, SUNG-IL)
        if len(place) < _MIN_COUNTRY_NAME or not spelling_code(place):
            return []
    name = _collapse(text[: m.start(1) - 1])
    if len(_field_letters(name)) < _MIN_PLACE_NAME:
        return []
    return [(name, [f"{place!r} left out (a place glued to the name)"])]


_MIN_PLACE_NAME = 3
_MIN_COUNTRY_NAME = 4
# (a place of one to three words ending the field after a comma, a spaced dash or a slash)
_PLACE_AFTER = re.compile(
    RUN_START + r"(?:\s*,\s*|\s+[-–—/]\s*|\s*/\s+)((?:[^\W\d_]+\.?)(?:\s+[^\W\d_]+\.?){0,2})\s*$"
)


def _place_after_readings(text: str, t: _Tables) -> list[tuple[str, list[str]]]:
    """The name of an organisation before a city or country after a comma, a spaced dash or a
    slash (``SARMAYEH BANK, HONG KONG``, ``ABU SAYYAF GROUP - DUBAI``): a desk's record names
    the office, the list the party. Only where the name before holds a legal form or business
    word: after a person's surname the word is a given name (``SMITH, Jordan``)."""
    m = _PLACE_AFTER.search(text)
    if not m:
        return []
    name = _collapse(text[: m.start()])
    # (a legal form's letters with their dots, L.L.C., read as the word they spell; asked
    # first: most fields with a comma are a person's SURNAME, Given)
    words = {_letters_of(w) for w in name.split()} | {w.casefold() for w in _LETTERS.findall(name)}
    # (after a spaced dash or a slash a place is a record's office note whatever the name
    # before: `Transneft - MOSCOW`, `SYRIATEL - DUBAI`, 4 of 300 drawn organisations escaped,
    # escape28; a person's given name follows a comma, not a dash)
    if words.isdisjoint(t.business) and "," in text[m.start() : m.start(1)]:
        return []
    place = m.group(1)
    if "".join(place.casefold().split()) not in t.glued_places:
        from exportctl.countries import spelling_code

        if len(_field_letters(place)) < _MIN_COUNTRY_NAME or not spelling_code(place):
            return []
    return [(name, [f"{place!r} left out (a place after the name)"])]


def _bracket_country_readings(text: str, t: _Tables) -> list[tuple[str, list[str]]]:
    """The name before a country in brackets ending the field (``CAPRIKAT LIMITED (I.R.
    IRAN)``, ``X (RUSSIAN FEDERATION)``: 19 of 200 drawn organisations escaped, escape27): a
    record's note of where the party is, as the bracketed city is (``X (DUBAI)``)."""
    m = _TRAILING_BRACKETS.search(text)
    if not m:
        return []
    place = m.group(1).strip()
    # (a vessel's prefix read off as well: MT LINDA (PANAMA))
    name, lead = _strip_leading(_collapse(text[: m.start()]), t)
    if not _has_name(name) or not _LETTERS.search(place):
        return []
    # (a country's name, not its code: a bracketed legal form or acronym is as short,
    # GAZPROMBANK (AO))
    if "".join(place.casefold().split()) not in t.glued_places and (
        len(_field_letters(place)) < _MIN_COUNTRY_NAME or not _is_country(place)
    ):
        return []
    return [(name, [*lead, f"{place!r} left out (a country in brackets after the name)"])]


def _given_readings(text: str, t: _Tables) -> list[tuple[str, str]]:
    """The name with a given name's abbreviation spelt out (``Mohd``, ``Md.``: Muhammad), and
    how; none when it holds none. One that is also a degree or a company's letters (MD) only
    before a name word, and never in a business's name."""
    words = text.split()
    # (MD HELICOPTERS INC, MD Anderson Cancer Center: MD is no Muhammad in a business's name,
    # and reading it so sends every MD firm against the lists' many Muhammads; rev27b)
    business = _has_business_word(text, t)
    out = list(words)
    spelt: list[str] = []
    for k, w in enumerate(words):
        w_glue = _GIVEN_GLUE.sub("-", w)
        if "-" in w_glue.strip("-"):
            glued = _glued_given(w_glue, t, business)
            if glued != w_glue:
                out[k] = glued
                spelt.append(w)
            continue
        key = _letters_of(w)
        full = t.given_abbreviations.get(key)
        # (the word itself, a dot, an apostrophe or a comma aside)
        if full is None or not w.rstrip(",.").replace("'", "").isalpha():
            continue
        # (before a name word; with a comma only as the first word, a surname written first:
        # `Md., Faqir`; `John SMITH MD, PhD` holds the degree)
        if key in t.given_not_in_business and business:
            continue
        if key in t.given_before_name and (
            business
            or not (
                k + 1 < len(words) and _LETTERS.search(words[k + 1]) and (k == 0 or "," not in w)
            )
        ):
            continue
        out[k] = full + ("," if w.endswith(",") else "")
        spelt.append(w)
    if not spelt:
        return []
    how = f"{', '.join(map(repr, spelt))} read as the given name it shortens"
    return [(" ".join(out), how)]


def _glued_given(word: str, t: _Tables, business: bool) -> str:
    """A word of hyphen-glued name parts with an abbreviation among them spelt out (``Md-Ali``,
    ``Abu-Md``, ``AL-Md.``: Muhammad-Ali, Abu-Muhammad, AL-Muhammad; 12 of 200 drawn listed
    Muhammads written so escaped, escape27/28). Glued to a name part, MD is no degree; every
    part must be letters (``MD-11`` is an aircraft), and none of it in a business's name."""
    parts = word.split("-")
    bare = [p.rstrip(",.").replace("'", "") for p in parts]
    if business or not all(b.isalpha() for b in bare):
        return word
    out = [
        full + ("," if p.endswith(",") else "")
        if (full := t.given_abbreviations.get(b.casefold()))
        else p
        for p, b in zip(parts, bare, strict=True)
    ]
    return "-".join(out)


def _field_letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


# (a single quote at a word's edge: prefold reads it as part of the word, O'Brien, and drops it
# with the word's look-alike letters; kept apart, so that a quoted name keeps its quotes)
_EDGE_QUOTE = re.compile(r"(?:(?<=\s)|^)['‘’‚`]+|['‘’`]+(?=[\s,.;:]|$)")


_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)  # (a link's scheme before an address: rev32c)


def _shown_char(ch: str) -> str:
    """A full-width form (`ＮＯＯＲ`), a no-break or other space, or a Roman numeral's sign
    (`Ⅰ`) as the ASCII it shows; every other character as it is."""
    import unicodedata

    if unicodedata.category(ch) == "Zs":
        return " "  # (a no-break or ideographic space; not a tab or a line break: cells)
    tag = unicodedata.decomposition(ch).split(" ")[0]
    if tag == "<wide>" or "\u2160" <= ch <= "\u217f":
        return unicodedata.normalize("NFKC", ch)
    return ch


def _as_shown(text: str) -> str:
    """The field as it shows: format characters (zero-width spaces and joiners, bidi marks,
    soft hyphens) left out, full-width forms and odd spaces read as ASCII, and look-alike
    letters inside a Latin word read as Latin ones (rev32c: `ＮＯＯＲ Ｉ`, `CEKOV` after a
    no-break space and `'BАNIHASHEMI'` with a Cyrillic А hid escape32's readings)."""
    if text.isascii():
        return text
    import unicodedata

    from exportctl.text.lookalikes import prefold

    text = "".join(_shown_char(ch) for ch in text if unicodedata.category(ch) != "Cf")
    if text.isascii():
        return text
    out, at = [], 0
    for m in _EDGE_QUOTE.finditer(text):
        out += [prefold(text[at : m.start()])[0], m.group()]
        at = m.end()
    return "".join([*out, prefold(text[at:])[0]])


def _nfkc(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def field_readings(text: str, person: bool = False) -> tuple[tuple[str, str], ...]:
    """The names a name field holds, each with what was left out of it (none when the
    field holds nothing but a name). ``person``: the field is typed as a person's name (two
    persons are not read as joined by ``and``)."""
    t = _tables()
    formula = _formula_readings(text) if '"' in text else []
    formula += _glued_place_readings(text, t) if "-" in text and not person else []
    if not person and ("," in text or " - " in text or "/" in text):
        formula += _place_after_readings(text, t)
    if text.rstrip().endswith((")", "]")):
        formula += _bracket_country_readings(text, t)
    # (the desk forms read as the field shows: a zero-width character or a look-alike letter
    # inside `rn`, `NO.7`, `&amp;` or a Persian word hid the form from its reading — rev31d:
    # `Dr\u200bnitriy`, `Alexan\u0441ler`, `سهی\u200cل` cleared their listed names)
    seen = _as_shown(text)
    # (an address typed in full-width forms, `ｗｗｗ．ｘ．ｃｏｍ`, is read as its ASCII: its dots
    # are no "." until NFKC, and the domain reading never saw it — rev32b; the readings of what
    # ends a field read it without a full stop, comma or semicolon after it:
    # `KORYO BANK (SWIFT: KORYKPDX).`, `nina.ostanina@gmail.com;`, `NOOR I.` — rev32c)
    end = seen.strip().rstrip(" .,;:")
    dotted = end if end.isascii() else _nfkc(end)
    if "." in dotted and ("@" in dotted or " " not in dotted.strip()):
        formula += domain_readings(_MAILTO.sub("", dotted))
    formula += repeat_readings(seen) + ampersand_readings(seen) + persian_suffix_readings(seen)
    formula += ocr_readings(seen) + keyboard_letter_readings(seen) + ocr_digit_readings(seen)
    # (escape32's: a Russian name's letters of another system, two letters joined by `and`,
    # a Roman one, a bank's BIC, a birth name, a quoted name in a sentence, THE before a name)
    formula += russian_system_readings(seen) + letters_and_readings(seen)
    formula += roman_one_readings(end) + bank_field_readings(end)
    formula += birth_name_readings(end) + quoted_readings(seen) + the_readings(end)
    # (escape33's: an unquoted name in a payment's text, a generation after a person's name;
    # added after the others, never in their place: a piece equal to a name another reader
    # gives, `DASS LLC` of `DASS LLC INV 60232`, would put its 0.95 on that reading)
    narrowed = narrative_readings(seen) + generation_readings(seen)
    # (escape35's: a former name after `ex`; a field in the wrong code page, read from the
    # field as received: `_as_shown` turned mojibake's no-break space, `Å\xa0`, into a space)
    narrowed += former_name_readings(seen) + mojibake_readings(text)
    if not formula and not narrowed and not _triggered(text, t):
        return ()  # (the usual name)
    original = _collapse(text)
    found: dict[str, list[str]] = {}
    for name, said in formula:
        found.setdefault(name, said)

    def add(name: str, said: list[str]) -> None:
        name = _collapse(name)
        if name and name != original and _has_name(name) and name not in found:
            found[name] = said

    for line, line_said in _lines(text) if not _numbered_name(text, t) else ():
        for seg, seg_said in [(line, line_said)]:
            # (the opening words first: "For account of X REF: 123" holds the marker word
            # "account", which would otherwise cut the field before its name)
            stripped = _strip_leading(_collapse(seg), t)[0]
            # (an address after the name without a comma: read apart, after the field's
            # readings as they were, once for each way an address may start)
            modes: list[re.Pattern[str] | None] = [None]
            if _DIGIT.search(stripped):  # (every address pattern holds a digit)
                # (the field with its opening words too: an address after a name that the
                # opening words' rule read off, `MIRZA 1 MAIN STREET`, starts the stripped field)
                whole_seg = _collapse(seg)
                modes += [p for p in t.glued_address if p.search(stripped) or p.search(whole_seg)]
            # (a number of five or six digits in the field: once more keeping it, the name's own
            # number, `11420 CORP. ROOM 1203 …`)
            keeps = (
                (False, True) if any(map(_NAME_NUMBER.fullmatch, stripped.split())) else (False,)
            )
            for glued, keep in ((g, k) for k in keeps for g in modes):
                named = [False]
                clean, lead_said = _strip_leading(_collapse(seg), t, named)
                clean, cut_said = _cut_clutter(clean, t, glued, keep)
                # (after a vessel's prefix the name as written: MV MARSHAL ZHUKOV keeps it)
                clean, lead_again = (clean, []) if named[0] else _strip_leading(clean, t)
                said = [*seg_said, *lead_said, *cut_said, *lead_again]
                add(clean, said)
                if len(lead_said) > 1:
                    # (a title of office before a word the lists also write in names: the
                    # field without the title alone, `air marshal SULTAN AZIZ AZAM` for UN's
                    # SULTAN AZIZ AZAM, which cleared read as AZIZ AZAM; the field as written
                    # keeps the title. prop32)
                    kept, kept_lead = _strip_leading(_collapse(seg), t, keep_listed=True)
                    kept, kept_cut = _cut_clutter(kept, t, glued, keep)
                    add(kept, [*seg_said, *kept_lead, *kept_cut])
                if glued is not None and lead_said:
                    # (the address cut before the opening words too: their words-left rule
                    # counted the address's, `MIRZA 1 MAIN STREET` read MIRZA as a title before
                    # MAIN STREET, then kept the address as the name with nothing left beside
                    # it, and OFSI's organisation MIRZA cleared; fix31)
                    cut_first, first_cut = _cut_clutter(_collapse(seg), t, glued, keep)
                    first, first_lead = _strip_leading(cut_first, t)
                    add(first, [*seg_said, *first_cut, *first_lead])
                sides, side_base = _sides(clean, t, person), said
                if not sides and cut_said:
                    # (a cut of the whole field may take a side away whole: `X (aka RA-78850`
                    # lost the listed aircraft's registration as a reference number, and no
                    # side was left to read. The field as written is split then, each side
                    # cut on its own — at a trade-name marker only: at AND the cut was an
                    # address's, `H1GG1NS, SHAFFER AND BA1LEY` read BAILEY; aka33)
                    sides = _sides(_strip_leading(_collapse(seg), t)[0], t, person, True)
                    side_base = [*seg_said, *lead_said]
                for side, side_said in sides:
                    side_clean, side_lead = _strip_leading(side, t)
                    side_clean, side_cut = _cut_clutter(side_clean, t, glued, keep)
                    add(side_clean, [*side_base, *side_said, *side_lead, *side_cut])
                    for name, b_said in _branch_readings(side_clean, t):
                        add(name, [*side_base, *side_said, *side_lead, *side_cut, *b_said])
                for name, b_said in _branch_readings(clean, t):
                    add(name, [*said, *b_said])
            if seg_said and stripped != _collapse(seg):
                # (a name line read out of the field is also read with its opening words: the
                # field as written holds the line numbers and address, and a word the lists
                # write in names as well as before them was read off above, `1/SULTAN AZIZ
                # AZAM\n3/IR/TEHRAN` for a listed SULTAN AZIZ AZAM; escape28)
                whole, whole_cut = _cut_clutter(_collapse(seg), t)
                add(whole, [*seg_said, *whole_cut])
            if "," in seg:
                placed, place_lead = _strip_leading(_collapse(seg), t)
                for name, p_said in _place_readings(placed):
                    add(name, [*seg_said, *place_lead, *p_said])
    for name, narrow_said in narrowed:
        add(name, narrow_said)
    for name, only_said in _readings_only_against(original, t):
        add(name, only_said)
    for name, said in [(original, []), *found.items()]:
        for form, how in _given_readings(name, t):
            add(form, [*said, how])
    for name, said in list(found.items()):
        if "," in name:
            continue  # (an address part's house number is no name's number)
        for form, how in number_readings(name):
            add(form, [*said, how])
    if not found:
        for form, how in number_readings(_as_shown(original)):
            add(form, [how])
    read = list(found.items())[:_MAX_READINGS]
    if len(found) > _MAX_READINGS and narrowed:
        # (a narrative's pieces past the cap are read still, as many as its reader gives: the
        # other readers' names of the whole field filled the eight, and the narrative's last
        # piece, its party, was never screened — escape34)
        names = dict.fromkeys(_collapse(n) for n, _ in narrowed)
        read += [(n, found[n]) for n in names if n in found and (n, found[n]) not in read]
    return tuple(
        (name, "name field: " + "; ".join(said or ["read as written"])) for name, said in read
    )


_NOT_ALNUM = re.compile(r"[\W_]+")  # (\w is str.isalnum() and "_")
# The ASCII characters _NOT_ALNUM removes: all but A-Z, a-z, 0-9 (deleted by bytes.translate
# in one C pass, ~4x quicker than the regex; tests/text/test_reader_prechecks.py)
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def field_compact(text: str) -> str:
    """A name's letters and digits, casefolded, without spaces or punctuation: how a cut
    field is compared with the beginning of a listed name."""
    if text.isascii():
        # (the same as below for ASCII: NFKC and format characters change nothing that is a
        # letter or digit, casefold is lower; ascii_field_compacts does the same for many)
        return text.encode("ascii").translate(None, _ASCII_NOT_ALNUM).decode("ascii").lower()
    from exportctl.text.tokenize import clean_text

    return _NOT_ALNUM.sub("", clean_text(text))


# (the same, keeping NUL: the separator of texts compacted together)
_ASCII_NOT_ALNUM_NUL = _ASCII_NOT_ALNUM.replace(b"\x00", b"")


def ascii_field_compacts(encoded: Sequence[bytes]) -> list[str]:
    """:func:`field_compact` of each of several ASCII texts given as bytes without NUL (the
    stored listed names, not decoded): joined by NUL and compacted by one translate, one
    lower-casing and one decode — a C pass over all of them, not four calls a name (the
    index build's cut-field table, screening/index_build.py)."""
    if not encoded:
        return []
    joined = b"\x00".join(encoded).translate(None, _ASCII_NOT_ALNUM_NUL).lower()
    out = joined.decode("ascii").split("\x00")
    if len(out) != len(encoded):  # (a NUL inside a text: never silently misaligned)
        raise ValueError("ascii_field_compacts: a text holds NUL")
    return out


def truncated_prefix(text: str) -> str:
    """The compact form of a field that may have been cut at a system's width (its length,
    as received or without surrounding spaces, is one of ``truncation_widths`` and it holds two
    words and ``truncation_min_chars`` letters and digits); ``""`` otherwise.

    Such a field is the beginning of the party's name (``LIMITED LIABILITY COMPANY AVIAKOMPA``
    for LIMITED LIABILITY COMPANY AVIAKOMPANIYA DALNEVOSTOCHNAYA KSM): the listed words after
    the cut are not missing from the party's name, only from the field.
    """
    t = _tables()
    if len(text) not in t.widths and len(text.strip()) not in t.widths:
        if len(text) > _MAX_MARKED:
            return ""
        # (as it shows: a full-width `＞＞`, a zero-width space after the mark — rev33b)
        text = _as_shown(text)
        marked = _CUT_MARK.search(text)
        if marked is None:
            return ""
        # (a field that says it was cut, whatever its width: an ERP's `…`, `>` or `~` after
        # the cut word — `OPEN JOINT STOCK COMPANY TAMBO >>`, `LIMITED LIABILITY COMPANY
        # PROIZVODS…`; 48 of 100 drawn listed names cut so escaped, escape35)
        text = text[: marked.start()]
    if len(text.split()) < 2:
        return ""
    compact = field_compact(text)
    return compact if len(compact) >= t.min_prefix else ""


def cut_mark(text: str) -> str:
    """The mark of a cut ending ``text`` as :func:`truncated_prefix` reads one (``>>``,
    ``…``), stripped; ``""`` where there is none, the field is too long to be read so, or its
    length is a system's width (read as cut there, mark or not)."""
    t = _tables()
    if len(text) > _MAX_MARKED or len(text) in t.widths or len(text.strip()) in t.widths:
        return ""
    marked = _CUT_MARK.search(_as_shown(text))
    return marked.group().strip() if marked else ""


# A mark of a cut at a field's end: an ellipsis, two or more full stops, `>`, `>>`, `~` or
# `+` glued to the cut word or after a space, a hyphen glued to it (`REGIONA-`); and as an
# attacker or another system writes them (rev33b): `>>>`, `~~`, a spaced `. . .`, the
# two-dot leader `‥` and the midline ellipsis `⋯`, `›`, `»`, an arrow `→` or `->`
_CUT_MARK = re.compile(r"(?<=[^\W_])(?: ?(?:\.(?: ?\.)+|[…‥⋯]+|[>›»]+|~+|\+|→|->)|-)\s*$")
_MAX_MARKED = 512


def no_party_alone(text: str) -> bool:
    """Whether ``text`` names no party on its own: each word a legal form's, a business or a
    function word, one at least a legal form's or business word (``Inc.``, ``Ltd``,
    ``S.A. de C.V.``). A batch alias cell's comma part such as this ends the name before it
    (``ACME Trading Co., Ltd``), never a name to screen alone (screening/batch/query.py)."""
    t = _tables()
    words = [w for w in map(_letters_of, text.split()) if w]
    generic = all(w in t.generic for w in words)
    return bool(words) and generic and any(_business(w, t) for w in words)


def reads_as_business(text: str) -> bool:
    """Whether ``text`` reads as a business's name: a legal form's or business word beside a
    word that is none (``Blue Harbour Logistics``, ``ROSNEFT Ltd``; not ``Inc.`` alone, not
    ``John``). What tells a comma list of companies (``ROSNEFT, Blue Harbour Ltd``) from a
    person's inverted name (``SMITH, John``) in an untyped batch row's alias cell."""
    t = _tables()
    words = [w for w in map(_letters_of, text.split()) if w]
    return any(_business(w, t) for w in words) and any(w not in t.generic for w in words)


def _business(word: str, t: _Tables) -> bool:
    """A legal form's or business word of two letters or more: one letter is an initial
    (``SMITH, X A``), though the legal-form table holds ``a`` (of ``A/S``)."""
    return len(word) > 1 and word in t.business
