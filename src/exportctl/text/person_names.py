"""The parts of a person's name: patronymics, middle names, Korean given-name syllables."""

from __future__ import annotations

import re
from functools import lru_cache

from exportctl.text.arabic import ABJAD_MARK
from exportctl.text.korean import korean_surnames
from exportctl.text.name_tokens import HONORIFIC, NAME, PARTICLE, PATRONYMIC, NameToken
from exportctl.text.place_notes import is_person_country_note
from exportctl.text.restricted import EXACT_ONLY_NOTE, only_against_note
from exportctl.text.tables import name_parts
from exportctl.text.tokenize import TOKEN_CACHE, cached_token_forms, raw_tokens

__all__ = [
    "INITIALS_AS_PERSON",
    "address_form",
    "addressed_given",
    "droppable_syllable",
    "glued_initials",
    "initials_as_person",
    "joined_initials",
    "latin_patronymic",
    "middle_tokens",
    "patronymics",
    "quoted_middle_readings",
    "surname_count",
    "syllabic",
]


_PATRONYMIC_NAME = 3  # a patronymic is looked for in names of three Cyrillic words or more


def patronymics(tokens: list[NameToken], plain: str) -> list[NameToken]:
    """Tokens with the patronymic of a Cyrillic person name made weak (``name_parts.yaml``):
    the middle word of three with a patronymic ending, else the last one (never the first: a
    surname ends the same way, ПАШКЕВИЧ), or a Turkic patronymic word and the name before it
    (Марат кызы). Unchanged when the words and tokens do not correspond one to one."""
    if plain.isascii():
        return tokens
    raws = raw_tokens(plain)
    if len(raws) < _PATRONYMIC_NAME or len(raws) != len(tokens):
        return tokens
    if not all("\u0400" <= r[0] <= "\u04ff" for r in raws):
        return tokens
    parts = name_parts()
    places: list[int] = []
    for k, raw in enumerate(raws):
        if k and raw in parts.patronymic_words:
            places = [k - 1, k]
            break
    if not places:
        suffixed = [k for k, raw in enumerate(raws) if k and raw.endswith(parts.patronymic_endings)]
        if suffixed and len(raws) == _PATRONYMIC_NAME:
            places = [1 if 1 in suffixed else suffixed[-1]]
        elif suffixed and suffixed[-1] == len(raws) - 1:
            places = [suffixed[-1]]
    if not places or any(tokens[k].kind != NAME for k in places):
        return tokens
    out = list(tokens)
    for k in places:
        out[k] = NameToken(tokens[k].forms, PATRONYMIC)
    if all(t.weak for t in out):
        return tokens
    return out


def latin_patronymic(
    tokens: list[NameToken], plain: str, raws: list[str] | None = None
) -> frozenset[int]:
    """The romanised patronymic of a name of Latin words (``Igor *Aleksandrovich* KAZAREZOV``,
    ``KAZAREZOV Igor *Aleksandrovich*``, ``Yunus-Bek *Viktorovich* EVKUROV``;
    ``latin_patronymic_endings``), as a set of its token index, else empty: the middle word of
    three with such an ending, else the last word or the one before it (Latin writes the
    surname last), never the first. Asked of a query given without a type, whose patronymic
    then counts as a middle name the listing may leave out (screening/names.py): it cleared
    the listed party when it counted in full (fuzz25). The token stays a name token.
    ``raws``: the raw tokens of ``plain``, when the caller has them."""
    if raws is None:
        raws = raw_tokens(plain)
    if len(raws) < _PATRONYMIC_NAME or len(raws) != len(tokens):
        return frozenset()
    if not (all(map(str.isascii, raws)) and all(map(str.isalpha, raws))):
        return frozenset()
    endings = name_parts().latin_patronymic_endings
    suffixed = [k for k, raw in enumerate(raws) if k and raw.endswith(endings)]
    if not suffixed:
        return frozenset()
    if len(raws) == _PATRONYMIC_NAME:
        place = 1 if 1 in suffixed else suffixed[-1]
    elif suffixed[-1] >= len(raws) - 2:
        place = suffixed[-1]
    else:
        return frozenset()
    if tokens[place].kind != NAME or sum(t.kind == NAME for t in tokens) < _PATRONYMIC_NAME:
        return frozenset()
    return frozenset({place})


_VOWEL_RUNS = re.compile(r"[aeiouy]+")
_SYLLABIC_NAME = 3  # surname + a two-syllable given name, one token a syllable (RI YONG MU)


def syllabic(tokens: tuple[NameToken, ...] | list[NameToken]) -> bool:
    """Whether every strong token of a name is one syllable (romanised Korean and Chinese
    names written syllable by syllable: KIM JONG UN, CHOE CHUN YONG). An Arabic- or Hebrew-
    script name is not, though its letters, transliterated without the short vowels the script
    leaves out (wsym nwr qtn), have one vowel run or none per word."""
    if any(t.forms[-1][0] == ABJAD_MARK for t in tokens):
        return False
    return all(_one_syllable(t.forms[0]) for t in tokens if t.kind == NAME)


@lru_cache(maxsize=TOKEN_CACHE)
def _one_syllable(text: str) -> bool:
    """Whether a token has one vowel run or none (memoised per token, like the steps above:
    every person name of a build asks it of each of its tokens)."""
    return len(_VOWEL_RUNS.findall(text)) <= 1


def surname_count(plain: str, alts: dict[str, str]) -> int:
    """Tokens before the comma of a "Surname, Given names" form; 0 when not in that form."""
    if plain.count(",") != 1:
        return 0
    left, right = plain.split(",")
    if not raw_tokens(right):
        return 0
    # With tokens on both sides no raw token is the whole name, hence alone=False.
    return sum(len(cached_token_forms(raw, False, alts.get(raw))) for raw in raw_tokens(left))


def droppable_syllable(tokens: list[NameToken]) -> int:
    """Index of the given-name syllable after a Korean surname in a name of three one-syllable
    tokens (RI *YONG* MU), which a record may leave out; -1 for any other name."""
    strong = [i for i, t in enumerate(tokens) if not t.weak]
    if len(strong) != _SYLLABIC_NAME or tokens[strong[0]].text not in korean_surnames():
        return -1
    return strong[1] if syllabic(tokens) else -1


def _opens(first: NameToken) -> bool:
    """Whether a name's first token is a title or the particle of a kunya."""
    return first.kind == HONORIFIC or (
        first.kind == PARTICLE and first.text in name_parts().kunya_particles
    )


def address_form(tokens: tuple[NameToken, ...] | list[NameToken]) -> int:
    """Index of the one name word of a form of address (Sheikh *AHMED*, Abu *AL-AMRIKI*: a
    title or kunya particle first, then particles and a single strong word), else -1."""
    if len(tokens) < 2 or not _opens(tokens[0]):
        return -1
    strong = [i for i, t in enumerate(tokens) if not t.weak]
    return strong[0] if len(strong) == 1 else -1


def addressed_given(tokens: tuple[NameToken, ...] | list[NameToken]) -> int:
    """Index of the given name after an opening title or kunya particle, else -1.

    ``Sheikh *Abubakar* AHMED``, ``Colonel-General *Alexander* DVORNIKOV``, ``Abu *Mansur*
    AL-AMRIKI``: a person name whose first word is a title (an honorific, ``name_parts.yaml``)
    or the particle of a kunya (Abu, Abou), followed by a given name and a surname. A record
    may write such a person with the opening word and the surname alone — a form of address
    (Sheikh AHMED) or the kunya cut short (Abu AL-AMRIKI) — and the given name it leaves out
    then counts as a left-out middle name (screening/names.py: only when the query holds the
    opening word too). Names of one strong word (Mullah OMAR) have no such given name.
    """
    if not tokens or not _opens(tokens[0]):
        return -1
    given = -1
    for i, t in enumerate(tokens):  # (the scorer asks this of every titled candidate name)
        if t.kind == NAME:
            if given >= 0:
                # A romanised Korean or Chinese name's first syllable is its surname.
                return -1 if syllabic(tokens) else given
            given = i
    return -1


def middle_tokens(tokens: list[NameToken], surname_count: int) -> frozenset[int]:
    """Tokens of a person's name other than the first given name and the surname.

    "Surname, Given Middle" (the way OFAC and OFSI write names): the strong tokens before the
    comma and the first strong one after it are the name; otherwise the first and the last
    strong tokens are (given-name-first and family-name-first orders alike). Names of one-
    syllable tokens only (romanised Chinese and Korean) have no middle names.
    """
    strong = [i for i, t in enumerate(tokens) if not t.weak]
    if syllabic(tokens):
        # Romanised Chinese and Korean names split the given name into syllables (CHOE CHUN
        # YONG, Kim Jong Un): no syllable of it is a middle name. But a record may drop one
        # syllable of a name written as surname + two syllables (RI MU for RI YONG MU, KIM OK
        # for KIM KYONG OK): the syllable after the surname counts as left out, no more.
        weak = {i for i in range(len(tokens)) if i not in strong}
        syllable = droppable_syllable(tokens)
        if syllable >= 0:
            weak.add(syllable)
        return frozenset(weak)
    before = [i for i in strong if i < surname_count]
    after = [i for i in strong if i >= surname_count]
    if before and after:
        core = {*before, after[0]}
    elif strong:
        core = {strong[0], strong[-1]}
    else:
        return frozenset()
    return frozenset(i for i in range(len(tokens)) if i not in core)


# Initials written together, each letter with its dot (``V.K.``, ``M.R.``), as a word of its own.
_INITIALS_REST = 3  # most words besides glued initials in a name they are read apart in
_GLUED_INITIALS = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,4})(?![\w.])")


def glued_initials(text: str, person: bool = False) -> tuple[tuple[str, str], ...]:
    """The name with initials written together read apart (``GARTUNG, V.K.`` →
    ``GARTUNG, V. K.``); none when it holds no such run, or a run that is a legal form
    (``S.A.``, ``B.V.``) in a name not known to be a person's (``person``: the query is typed
    a person, ``ANDRIANOV, N.V.``), or no other word of two letters or more, or more than three.

    The name as written reads ``V.K.`` as one word (``vk``; ``M.R.`` even as the title Mr), so
    the given names as initials (screening/names.py, ``INITIALS_FLOOR``) were never seen: most
    of the initials desk_names drew were written so.
    """
    if "." not in text:
        return ()  # (the usual query)
    written, text = text, _unglued(text)
    runs = list(_GLUED_INITIALS.finditer(text))
    rest = re.findall(r"[^\W\d_]{2,}", _GLUED_INITIALS.sub(" ", text))
    # A person's name beside its initials: one to three words (a surname, a double one). An
    # organisation named for a person (… IMENI V.V. BAKHIREVA) keeps ``vv`` one word: read
    # apart, its initials weigh less, and another institute of the same words came to review.
    if not (runs or text != written) or not 1 <= len(rest) <= _INITIALS_REST:
        return ()
    if not person and _reads_legal(text):
        return ()  # (a company's S.A., B.V.: read as its legal form)
    return ((_apart(text, runs), "initials written together read apart"),)


# Dotted initials glued to the name after them (``A.S.BANAKH``, ``K.CHOE``): a system that
# drops spaces wrote them so; the name as written is one word (`asbanakh`) that meets no
# listed name (5 of 300 drawn listed persons with their initials so, escape29).
_LEADING_GLUED = re.compile(r"^\s*(?:[A-Z]\.){1,4}(?=[A-Z][^\W\d_]{2,})")


def _unglued(text: str) -> str:
    """``text`` with dotted initials glued to the word after them set apart from it."""
    m = _LEADING_GLUED.match(text)
    return text if m is None else f"{text[: m.end()]} {text[m.end() :]}"


# What :func:`joined_initials` says of its reading: it counts against listed persons only (a
# company's letters, `BP OIL`, `HP INC`, are written so too).
JOINED_INITIALS = "initials written without dots read apart; " + only_against_note("person")
# Two or three capitals written as one word without dots (``TRAVNIKOV, AA``, ``AA TRAVNIKOV``):
# after the surname's comma, or leading a name of one or two words more; the name besides
# them one to three words of two letters or more (a surname, a double one).
_JOINED_AFTER_COMMA = re.compile(r"^(?P<name>[^,]+),\s*(?P<ini>[A-Z]{2,3})\s*$")
_JOINED_LEADING = re.compile(r"^(?P<ini>[A-Z]{2,3})\s+(?P<name>[^,]+)$")


def joined_initials(text: str) -> tuple[tuple[str, str], ...]:
    """The name with two or three capitals written as one word read as initials apart
    (``TRAVNIKOV, AA`` → ``TRAVNIKOV, A. A.``; ``AA TRAVNIKOV`` → ``A. A. TRAVNIKOV``), where
    a person's initials stand: after the surname's comma, or leading the name. None when the
    letters read as a legal form, a title or a particle (``ACME, AG``, ``SMITH, JR``, ``AL
    ZAHRANI``), or the rest of the name is not one to three words of letters.

    A record's initials dotted (``A.A. TRAVNIKOV``) were read (:func:`glued_initials`); a
    customer system that keeps no dots wrote ``AA``, one word, which meets no listed given
    name: 85 of 300 drawn listed persons written with initials so escaped (escape29). Counted
    against listed persons only: a company's letters lead its name as often (``BP OIL``), and
    trailing letters are a legal form's more often than a person's (``Kiss BV``; the lead's
    1M run, session 25), so no reading without a comma trails.
    """
    if "," in text:
        m = _JOINED_AFTER_COMMA.match(text.strip())
    elif text.isupper():
        # (leading only in a field written in capitals, as a system that keeps no dots writes
        # it: `Ed Jones`, `Ana Garcia` are given names, and the 1M corpus's negatives are
        # Faker's title-case names, `RI Schmidt` a listed Korean surname before one)
        m = _JOINED_LEADING.match(text.strip())
    else:
        return ()
    if m is None:
        return ()
    ini, name = m.group("ini"), m.group("name")
    if "," in text and is_person_country_note(ini):
        return ()  # (HASSAN, UAE: a country noted beside the name; text/place_notes.py)
    words = name.split()
    if not 1 <= len(words) <= _INITIALS_REST or not all(
        re.fullmatch(r"[^\W\d_][^\W\d_'-]+", w) for w in words
    ):
        return ()
    # (a Korean surname leads a Korean name, `KIM JONG UN`, `RI CHANG HO`; a pinyin syllable
    # a Chinese one written in pinyin, `LI WEI`, `XI JINPING`: no initials there. After the
    # surname's comma the given names stand, `RIVERA SANDOVAL, RI`)
    low = ini.casefold()
    if "," not in text and (
        low in korean_surnames()
        or (low in _pinyin() and all(_pinyin_word(w.casefold()) for w in words))
    ):
        return ()
    # (the letters a word the name tables know: a title, a particle, a legal form)
    from exportctl.text.names import normalize_name

    if any(t.kind != NAME for t in normalize_name(ini).tokens) or _reads_legal(text):
        return ()
    apart = " ".join(f"{c}." for c in ini)
    reading = f"{name.strip()}, {apart}" if "," in text else f"{apart} {name.strip()}"
    return ((reading, JOINED_INITIALS),)


def _pinyin() -> frozenset[str]:
    from exportctl.text.wade_giles import pinyin_syllables

    return pinyin_syllables()


def _pinyin_word(word: str) -> bool:
    """Whether ``word`` is written in pinyin syllables alone (``jinping``: jin + ping)."""
    syllables = _pinyin()
    ok = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        ok[end] = any(ok[k] and word[k:end] in syllables for k in range(max(0, end - 6), end))
    return ok[-1]


def _reads_legal(text: str) -> bool:
    """Whether the untyped reading of ``text`` holds a legal form."""
    from exportctl.text.name_tokens import LEGAL
    from exportctl.text.names import normalize_name

    return any(t.kind == LEGAL for t in normalize_name(text).tokens)


def _apart(text: str, runs: list[re.Match[str]]) -> str:
    """``text`` with each run of initials written together (``N.V.``) read apart."""
    out: list[str] = []
    at = 0
    for m in runs:
        run = m.group(1)
        out += (text[at : m.start()], " ".join(run[k : k + 2] for k in range(0, len(run), 2)))
        at = m.end()
    out.append(text[at:])
    return "".join(out)


# What :func:`initials_as_person` says of its reading (and how the scorer knows it: it counts
# against listed persons only, screening/features.py).
INITIALS_AS_PERSON = "initials read as a person's, beside the legal form; " + only_against_note(
    "person"
)
# Initials, together or apart (``S. A.``, ``N.V.``, ``S.A.``): a run of two to four.
_INITIALS_RUN = re.compile(r"(?<![\w.])(?:[A-Z]\.\s*){2,4}(?!\w)")


def initials_as_person(text: str) -> tuple[tuple[str, str], ...]:
    """A query of unknown type whose initials read as a company's legal form (``S. A.
    OBOZOV``: sa; ``ANDRIANOV, N.V.``: bv, from nv) read also as a person's name: the text,
    with initials written together read apart, to be normalised as a person's, and what was
    read (for the explanation). None when no run of initials reads as the legal form, or the
    name holds no other word of two letters or more, or more than three (a company's name
    with its S.A. keeps its legal-form reading beside this one: the given-name rule needs a
    listed person's surname equal and every initial agreeing, in order).
    """
    if "." not in text:
        return ()  # (the usual query)
    text = _unglued(text)
    runs = list(_INITIALS_RUN.finditer(text))
    rest = _INITIALS_RUN.sub(" ", text)
    if not runs or not 1 <= len(re.findall(r"[^\W\d_]{2,}", rest)) <= _INITIALS_REST:
        return ()
    # Only where a person's initials stand: leading the name (``S. A. OBOZOV``) or after the
    # surname's comma (``ANDRIANOV, N.V.``). Trailing a name without a comma (``Kiss B.V.``,
    # ``Patel S.A.``) or twice (``S.A. Gregory B.V.``) they are a company's legal form: read as
    # a person's, five such company queries alerted on listed persons at 1M (lead, session 25).
    before = text[: runs[0].start()].strip()
    if len(runs) > 1 or (before and not before.endswith(",")):
        return ()
    # (the legal form is the initials' reading, as written or apart — ``A.S.`` is the word
    # as, ``A. S.`` the legal form — and the rest of the name reads none)
    apart = _apart(text, list(_GLUED_INITIALS.finditer(text)))
    if _reads_legal(rest) or not (_reads_legal(text) or _reads_legal(apart)):
        return ()
    return ((apart, INITIALS_AS_PERSON),)


# A quoted or bracketed part between two parts of a person's name (`Joaquin "El Chapo"
# GUZMAN`, `Fitiwi 'Abdulrazak' Abdelrazak`, `Shams ABDUL (SHAMSURRAHMAN) ZAHIR`): the quote
# stands apart, a space each side (O'Brien's apostrophe does not), and holds one to three
# words of letters. No quote or bracket outside it.
_QUOTE_MARKS = "\"'“”‘’«»()"
# Each side is the text up to the quote (or from it), holding a letter: a look-ahead finds the
# letter and the side ends at its last character that is not a space, so that no split of a
# side is tried twice. The sides written as `[^Q]*letter[^Q]*?` took time cubic in the text under
# finditer and quadratic under fullmatch (12 s for 1,000 letters; the 200-character bound below
# kept fields from it; benchmarks/regex_hostile.py, prop32); the pattern is for whole fields
# only (\A): linear either way.
_QUOTED_MIDDLE = re.compile(
    rf"\A(?P<a>(?=[^{_QUOTE_MARKS}]*?[^\W\d_])[^{_QUOTE_MARKS}]*[^{_QUOTE_MARKS}\s])\s+"
    rf"(?P<q>[\"'“‘«(][^\W\d_][\w.'-]*(?:\s[\w.'-]+){{0,2}}[\"'”’»)])"
    rf"\s+(?P<b>(?=[^{_QUOTE_MARKS}]*?[^\W\d_])[^{_QUOTE_MARKS}]*)"
)
_MAX_QUOTED_FIELD = 200  # (a person's name field; a longer one is another reader's)


def quoted_middle_readings(text: str) -> tuple[tuple[str, str], ...]:
    """A person's name with a nickname or another name quoted or bracketed between its parts
    read without it (``Fitiwi 'Abdulrazak' Abdelrazak`` → ``Fitiwi Abdelrazak``): the desk
    copied the listing's alias in as a nickname, and the extra word kept the name from the
    listed one (25 of 200 drawn listed persons written so escaped, escape30). Counted against
    listed persons only (a company's bracket in its middle is its own, ``ACME (PVT) LTD``),
    and only where the rest meets a listed name exactly: a word left out is a guess, which
    may turn a near name into an exact one, never raise a near one."""
    if len(text) > _MAX_QUOTED_FIELD or not any(ch in text for ch in _QUOTE_MARKS):
        return ()
    m = _QUOTED_MIDDLE.fullmatch(text.strip())
    if m is None:
        return ()
    name = f"{m.group('a').strip()} {m.group('b').strip()}"
    how = f"{m.group('q')!r} left out (a nickname or alias between the name's parts); "
    return ((name, f"{how}{only_against_note('person')}; {EXACT_ONLY_NOTE}"),)
