"""Name normalisation: one function from a raw name to comparable ASCII tokens.

Pipeline (each step undoes one way two spellings of one name differ):

1. Bidi: text with explicit directional controls (an RLO that makes ``egedaB cirE`` display as
   "Eric Badege") is put into reading order (:mod:`.bidi`). Unicode NFKC (full-width,
   ligatures, compatibility forms) and removal of format characters (zero-width space/joiners,
   BOM, bidi controls, soft hyphen) and control characters.
2. Case folding; organisation legal forms canonicalised (rigour's table, then ours).
3. Split on spaces and punctuation: apostrophes join (``O'Brien`` → ``obrien``), dotted
   abbreviations join (``S.A.`` → ``sa``), hyphens and other punctuation split — the compact form
   (all tokens joined) makes ``Al-Qaida``, ``Al Qaida`` and ``Alqaida`` meet.
4. Per token, by script: homoglyph folding when Latin is mixed with lookalike letters (a
   Cyrillic ``а`` inside a Latin name; :mod:`.lookalikes`), transliteration otherwise (several
   Cyrillic schemes, Russian renderings of Korean and Chinese names, pinyin, Hangul syllables,
   Arabic and Hebrew consonant frames, anyascii; :mod:`.readings`), with the homoglyph reading
   kept as an alternative for all-lookalike tokens. Leetspeak: symbols inside a word are read
   as letters (``H@mas``), a token mixing letters and digits gains letter-folded forms
   (``r0sn3ft`` → ``rosneft``, :mod:`.leet`) and keeps its own.
5. Weak tokens marked: legal forms, particles (al, bin, van …), honorifics (Mullah, Haji, Dr)
   and initials.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from exportctl.text.arabic import (
    ABJAD_MARK,
    arabic_tables,
    article_frames,
    assimilated_article,
    is_arabic,
    spellings,
    split_article,
)
from exportctl.text.bidi import has_bidi_controls, reading_order
from exportctl.text.hebrew import drop_abbreviation_marks, is_hebrew
from exportctl.text.korean import korean_surnames
from exportctl.text.leet import fold_symbols, leet_rules
from exportctl.text.lookalikes import APOSTROPHES, prefold
from exportctl.text.org_readings import org_notes, org_phrase, org_readings
from exportctl.text.org_types import replace_org_types_compare
from exportctl.text.readings import chinese_reading, korean_reading, surname_slot, token_forms
from exportctl.text.scripts import char_script
from exportctl.text.tables import FUZZY_LEGAL_MIN, legal_forms, name_parts

__all__ = [
    "WEAK_WEIGHT",
    "NameToken",
    "NormName",
    "clean_text",
    "normalize_name",
    "syllabic",
]

WEAK_WEIGHT = 0.3  # share of its length a weak token (legal form, particle, initial) weighs

# Token kinds: weak tokens weigh less and never make a match alone.
NAME, PARTICLE, HONORIFIC, LEGAL, INITIAL = "name", "particle", "honorific", "legal", "initial"
PATRONYMIC = "patronymic"  # a Cyrillic patronymic (Юрьевна): a middle name lists often leave out


@dataclass(frozen=True, slots=True)
class NameToken:
    """One name part: its ASCII spellings (preferred first) and its kind."""

    forms: tuple[str, ...]
    kind: str = NAME

    @property
    def text(self) -> str:
        return self.forms[0]

    @property
    def weak(self) -> bool:
        return self.kind != NAME


@dataclass(frozen=True, slots=True)
class NormName:
    """A normalised name: tokens, compact forms (tokens joined) and the cleaned original."""

    tokens: tuple[NameToken, ...]
    compacts: tuple[str, ...]
    original: str  # NFKC, format characters removed, casefolded: for same-script comparison
    scripts: frozenset[str]
    weights: tuple[float, ...]  # per token: length, weak tokens at WEAK_WEIGHT of it
    total: float
    # Person names only: indices of the tokens that are neither the (first) given name nor the
    # surname — middle names, patronymics, lineage ("bin Muhammad"), particles. Empty otherwise.
    middle: frozenset[int] = frozenset()
    person: bool = False
    # Readings that are not the text as written (bidi reordering, leetspeak folding,
    # romanisation of another script), for the explanation a reviewer reads.
    notes: tuple[str, ...] = ()
    # Person names written surname + two given-name syllables (RI YONG MU): the index of the
    # syllable a record may leave out (RI MU), else -1. It is one of ``middle``.
    syllable: int = -1

    @property
    def digits(self) -> bool:
        """Whether any token is a number."""
        return any(t.text.isdigit() for t in self.tokens)

    @property
    def key(self) -> str:
        """Space-joined preferred forms (stable, human-readable)."""
        return " ".join(t.text for t in self.tokens)


_FORMAT_CATS = frozenset(("Cf", "Cc", "Cs", "Co", "Cn"))
_DOTTED = re.compile(r"^(?:\w\.){2,}\w?$|^\w\.\w$")
_SPLIT = re.compile(r"[^\w\u0300-\uffff]+|_")
_ZWNJ_WORD = re.compile(r"(?<=[\u0600-\u06ff])\u200c(?=[\u0600-\u06ff])")


def _strip_format(text: str) -> str:
    """Reading order, NFKC, format/control characters removed, whitespace collapsed; case kept."""
    if not text.isascii() and has_bidi_controls(text):
        text = reading_order(text)
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii() and "\u200c" in text:
        # A zero-width non-joiner between Arabic-script letters divides the parts of a Persian
        # name (احمدی‌مقدم: AHMADI-MOQADDAM); elsewhere it is dropped like any format character.
        text = _ZWNJ_WORD.sub(" ", text)
    if not text.isascii():
        text = "".join(
            " " if ch in "\t\n\r" else ch
            for ch in text
            if unicodedata.category(ch) not in _FORMAT_CATS or ch in "\t\n\r"
        )
    return " ".join(text.split())


def clean_text(text: str) -> str:
    """NFKC, format/control characters removed, whitespace collapsed, casefolded."""
    return _strip_format(text).casefold()


def _forms_of(
    text: str, alts: dict[str, str], scripts: set[str], org: bool = False
) -> list[tuple[str, ...]]:
    """Token forms of a casefolded text (collects the scripts seen into ``scripts``).

    ``org``: the name may be an organisation's, so a generic word in another script also gets
    its English forms and a Cyrillic place adjective its place (:mod:`.glossary`).
    """
    out: list[tuple[str, ...]] = []
    raws = _raw_tokens(text)
    article = arabic_tables().article
    if all(map(str.isascii, raws)) and not article.isascii():
        # Latin-only tokens (most listed and query names): no Arabic article to split or
        # assimilate, no Cyrillic reading (korean_reading / chinese_reading need a non-ASCII
        # first token), no script to collect, no org reading — the loop below without the
        # steps that cannot apply, same forms in the same order.
        alone = len(raws) == 1
        for k, raw in enumerate(raws):
            out.extend(_token_forms(raw, alone, alts.get(raw), surname_slot(raw, k, raws)))
        return out
    if any(not r.isascii() and is_arabic(r) for r in raws):
        raws = [part for r in raws for part in (split_article(r) if is_arabic(r) else [r])]
    korean = korean_reading(raws)
    chinese = chinese_reading(raws)
    joined = -1  # a word read together with the one before it (an organisation phrase)
    for k, raw in enumerate(raws):
        if k == joined:
            continue
        if not raw.isascii():
            scripts.update(char_script(ch) for ch in raw)
        forms = list(_token_forms(raw, len(raws) == 1, alts.get(raw), surname_slot(raw, k, raws)))
        if raw == article and k + 1 < len(raws):
            # Before a sun letter lists also write the article assimilated (AS-SAHNI, ASH-).
            forms = [(*forms[0], *assimilated_article(raws[k + 1]))]
        if k and raws[k - 1] == article and len(forms) == 1:
            # After the article: also the word as lists write it joined to it (ALRAWI, ESSAADI).
            forms = [tuple(dict.fromkeys((*forms[0], *article_frames(raw))))]
        if korean and len(forms) == 1:
            forms = [tuple(dict.fromkeys((*forms[0], *korean[k])))]
        if chinese and len(forms) == 1:
            forms = [tuple(dict.fromkeys((*forms[0], *chinese[k])))]
        if org and not raw.isascii():
            nxt = _token_forms(raws[k + 1], False) if k + 1 < len(raws) else ()
            phrase = (
                org_phrase(raw, raws[k + 1], (forms[0][0], nxt[0][0]))
                if len(forms) == 1 and len(nxt) == 1
                else ()
            )
            if phrase:
                forms, joined = [phrase], k + 1
            else:
                forms = org_readings(raw, forms)
        out.extend(forms)
    return out


def _raw_tokens(text: str) -> list[str]:
    return [p for chunk in text.split() for p in _chunk_tokens(chunk)]


# Per-token memoisation. Name parts repeat massively in any list (Mohammed, Ali, Company, LLC):
# a 1M-entity corpus has ~1.7M names but ~43k distinct tokens, so the per-word steps below run
# once per distinct word, not once per occurrence. The results are pure functions of their
# arguments (and of the static tables), bounded in number, and never stored in an index.
_TOKEN_CACHE = 1 << 15


@lru_cache(maxsize=_TOKEN_CACHE)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    """Raw tokens of one whitespace-separated chunk (apostrophes, dotted abbreviations,
    symbols inside a word, punctuation)."""
    for a in APOSTROPHES:
        if a in chunk:
            chunk = chunk.replace(a, "")
    if "." in chunk and _DOTTED.match(chunk.strip(".,;:")):
        chunk = chunk.replace(".", "")
    if not chunk.isascii():
        chunk = drop_abbreviation_marks(chunk)
    chunk = fold_symbols(chunk)
    if not chunk.isascii():
        chunk = "".join(ch if _wordish(ch) else " " for ch in chunk)
    return tuple(p for p in _SPLIT.split(chunk) if p)


@lru_cache(maxsize=_TOKEN_CACHE)
def _token_forms(
    raw: str, alone: bool, alt: str | None = None, surname: bool = False
) -> tuple[tuple[str, ...], ...]:
    """:func:`.readings.token_forms`, memoised (immutable: callers get a fresh list)."""
    return tuple(token_forms(raw, alone, alt, surname))


@lru_cache(maxsize=65_536)
def _wordish(ch: str) -> bool:
    """Letters, digits and combining marks (a mark belongs to the letter before it)."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _kind(token: str, legal: bool) -> str:
    parts = name_parts()
    if legal:
        return LEGAL
    if len(token) == 1 and token.isalpha():
        return INITIAL
    if token in parts.honorifics:
        return HONORIFIC
    if token in parts.particles:
        return PARTICLE
    return NAME


def _token_kind(forms: tuple[str, ...]) -> str:
    """Kind of a token by its forms. An Arabic- or Hebrew-script word (it has consonant frames)
    is a name: its letter-by-letter transliteration (``st``, ``lt``) is no Latin abbreviation;
    unless it is one of the script's lineage particles (``بن``, ``ولد``: arabic.yaml)."""
    if len(forms) > 1 and forms[-1][0] == ABJAD_MARK and len(forms[0]) > 1:
        return PARTICLE if forms[0] in arabic_tables().particle_forms else NAME
    return _kind(forms[0], False)


@lru_cache(maxsize=65_536)
def _legal_word(token: str) -> str:
    """The legal-form word a token is one typo away from (one edit, a transposition), else
    the token: "LIMIYED LIABILITY RCOMPANY" is still a limited liability company."""
    lf = legal_forms()
    if len(token) < FUZZY_LEGAL_MIN or (token in lf.fuzzy and lf.fuzzy[token] == token):
        return token
    found = {lf.fuzzy[k] for k in deletes_of(token) if k in lf.fuzzy}
    found = {w for w in found if OSA.distance(token, w, score_cutoff=1) <= 1}
    return found.pop() if len(found) == 1 else token


def deletes_of(token: str) -> set[str]:
    """The token and its one-character deletions."""
    return {token, *(token[:i] + token[i + 1 :] for i in range(len(token)))}


def _standing_words(plain: str) -> tuple[str, frozenset[str]]:
    """The name for rigour's org-type table, and the function words standing as legal forms.

    A legal-form word that is also a function word (``in``, ``as``: legal_forms.yaml) is a
    legal form only where legal forms stand: the name's last word, or beside a comma. Elsewhere
    (AL-QAIDA IN IRAQ) it is a word, kept from rigour (which reads "in" as "inc"): the chunks
    holding it are passed by and the text between them is replaced. Returns the text to hand to
    :func:`_apply_legal_forms` and the function words it may read as legal forms.
    """
    words = legal_forms().function_words
    chunks = plain.split()
    toks = [_chunk_tokens(c) for c in chunks]
    if not any(t in words for ts in toks for t in ts):
        return replace_org_types_compare(plain), words
    last = max((k for k, ts in enumerate(toks) if ts), default=-1)
    standing: set[str] = set()
    kept: set[int] = set()
    for k, ts in enumerate(toks):
        for j, t in enumerate(ts):
            if t not in words:
                continue
            comma_after = j == len(ts) - 1 and (
                chunks[k].endswith(",") or (k + 1 < len(chunks) and chunks[k + 1][0] == ",")
            )
            comma_before = j == 0 and (chunks[k][0] == "," or (k > 0 and chunks[k - 1][-1] == ","))
            if (k == last and j == len(ts) - 1) or comma_after or comma_before:
                standing.add(t)
            else:
                kept.add(k)
    parts: list[str] = []
    run: list[str] = []
    for k, chunk in enumerate(chunks):
        if k in kept:
            if run:
                parts.append(replace_org_types_compare(" ".join(run)))
                run = []
            parts.append(chunk)
        else:
            run.append(chunk)
    if run:
        parts.append(replace_org_types_compare(" ".join(run)))
    return " ".join(parts), frozenset(standing)


def _apply_legal_forms(
    tokens: list[tuple[str, ...]], standing: frozenset[str] | None = None
) -> list[NameToken]:
    """Legal-form phrases as one weak token each; a function word among the legal forms
    (``in``) only as the last token or where ``standing`` holds it (beside a comma)."""
    lf = legal_forms()
    if standing is None:
        standing = lf.function_words
    if any(len(t[0]) >= FUZZY_LEGAL_MIN and t[0] not in lf.fuzzy for t in tokens):
        # Typo'd legal-form words read as the word, only where a whole phrase then matches.
        fixed = [(_legal_word(t[0]), *t) for t in tokens]
    else:
        fixed = tokens
    out: list[NameToken] = []
    i = 0
    while i < len(tokens):
        # Most tokens start no phrase: skip the window lookups (a third of a cold query's
        # normalisation) when neither reading of the token is a phrase's first word.
        first = fixed[i]
        span = min(lf.max_len, len(tokens) - i)
        starts = first[0] in lf.starts or first[-1] in lf.starts
        if not starts and (fixed is tokens or first[1] not in lf.starts):
            span = 0
        for n in range(span, 0, -1):
            window = fixed[i : i + n]
            # The first reading of a token is its transliteration; an all-lookalike word
            # (Greek/Cyrillic/Cherokee letters spelling CORPORATION) has its homoglyph reading
            # last. Either reading can be the legal form, or a disguised "Corp" would stay a
            # strong token on one side only.
            canon = lf.phrases.get(tuple(t[0] for t in window))
            if canon is None:
                canon = lf.phrases.get(tuple(t[-1] for t in window))
            if canon is None and fixed is not tokens:
                canon = lf.phrases.get(tuple(t[1] for t in window))
            if (
                canon is not None
                and n == 1
                and window[0][0] in lf.function_words
                and window[0][0] not in standing
                and i < len(tokens) - 1
            ):
                canon = None  # a function word mid-name: a word, not a legal form
            if canon is not None and (n > 1 or len(tokens) > 1):
                out.append(NameToken((canon,), LEGAL))
                i += n
                break
        else:
            forms = tokens[i]
            out.append(NameToken(forms, _token_kind(forms)))
            i += 1
    return out


@lru_cache(maxsize=100_000)
def normalize_name(text: str, org: bool | None = None) -> NormName:
    """Normalise a name for comparison; ``org=False`` skips legal-form handling (persons).

    >>> normalize_name("Al-Qa'ida").key
    'al qaida'
    """
    base = _strip_format(text)
    cleaned = base.casefold()
    folded_text, alts = prefold(base)
    plain = folded_text.casefold()
    scripts: set[str] = set()
    plain_forms = _forms_of(plain, alts, scripts)
    middle: frozenset[int] = frozenset()
    if org is False:
        tokens = _patronymics([NameToken(f, _token_kind(f)) for f in plain_forms], plain)
        middle = _middle_tokens(tokens, _surname_count(plain, alts))
    else:
        work, standing = _standing_words(plain) if plain else (plain, frozenset())
        forms = (
            _forms_of(work, alts, scripts, org=True)
            if not work.isascii()
            else (plain_forms if work == plain else _forms_of(work, alts, scripts))
        )
        tokens = _apply_legal_forms(forms, standing)
        if org is None:
            tokens = _patronymics(tokens, plain)
    # Compact forms (tokens joined) of the canonical tokens and of the text as written, so that
    # a legal-form reading of a fragment ("Ab-u" → "as u") never hides the spacing-free name.
    compacts: list[str] = []
    for seq in ([spellings(t.forms) for t in tokens], [spellings(f) for f in plain_forms]):
        width = max(map(len, seq), default=0)
        for k in range(width):
            c = "".join([f[k] if k < len(f) else f[-1] for f in seq])
            if c and c not in compacts:
                compacts.append(c)
    scripts.discard("")
    # (t.text, t.weak spelt out: properties cost a call each, on every query name)
    weights = tuple(len(t.forms[0]) * (WEAK_WEIGHT if t.kind != NAME else 1.0) for t in tokens)
    return NormName(
        tuple(tokens),
        tuple(compacts),
        cleaned,
        frozenset(scripts or {"Latn"}),
        weights,
        sum(weights),
        middle,
        org is False,
        _notes(text, tokens, scripts, org is not False),
        _droppable_syllable(tokens) if org is False else -1,
    )


def _notes(
    text: str, tokens: list[NameToken], scripts: set[str], org: bool = False
) -> tuple[str, ...]:
    """What the normalisation read into the name beyond its letters (for the explanation)."""
    if text.isascii() and text.replace(" ", "").isalpha():
        return ()  # the usual name: letters as written
    notes: list[str] = []
    if not text.isascii() and has_bidi_controls(text):
        notes.append("bidi controls applied: read in display order")
    if not text.isascii() and (plain := drop_abbreviation_marks(text)) != text:
        notes.append(f"Hebrew abbreviation mark dropped (acronym read as one word): {plain}")
    symbols = leet_rules().symbols
    if any(ch in text for ch in symbols) and fold_symbols(text.casefold()) != text.casefold():
        notes.append("symbols inside a word read as letters")
    for t in tokens:
        if len(t.forms) > 1 and t.text.isascii() and not t.text.isalpha():
            notes.append(f"letter-folded {t.text} → {'/'.join(t.forms[1:])}")
    if any(t.forms[-1][0] == ABJAD_MARK for t in tokens):
        abjads = [
            n for n, test in (("Arabic", is_arabic), ("Hebrew", is_hebrew)) if any(map(test, text))
        ]
        notes.append(f"{'/'.join(abjads)} script compared by consonants and written long vowels")
    other = sorted(scripts - {"Latn", ""})
    if other:
        notes.append(f"romanised from {'+'.join(other)}: {' '.join(t.text for t in tokens)}")
    if "Cyrl" in scripts:
        raws = _raw_tokens(clean_text(text))
        for how, reading in (
            ("Russian rendering of a Korean name", korean_reading(raws)),
            ("Palladius (Russian) rendering of a Chinese name", chinese_reading(raws)),
        ):
            if reading:
                notes.append(f"read as a {how}, spelt e.g. {' '.join(r[0] for r in reading)}")
    if org and other:
        notes.extend(org_notes(_raw_tokens(clean_text(text))))
    return tuple(notes)


_PATRONYMIC_NAME = 3  # a patronymic is looked for in names of three Cyrillic words or more


def _patronymics(tokens: list[NameToken], plain: str) -> list[NameToken]:
    """Tokens with the patronymic of a Cyrillic person name made weak (``name_parts.yaml``):
    the middle word of three with a patronymic ending, else the last one (never the first: a
    surname ends the same way, ПАШКЕВИЧ), or a Turkic patronymic word and the name before it
    (Марат кызы). Unchanged when the words and tokens do not correspond one to one."""
    if plain.isascii():
        return tokens
    raws = _raw_tokens(plain)
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


@lru_cache(maxsize=_TOKEN_CACHE)
def _one_syllable(text: str) -> bool:
    """Whether a token has one vowel run or none (memoised per token, like the steps above:
    every person name of a build asks it of each of its tokens)."""
    return len(_VOWEL_RUNS.findall(text)) <= 1


def _surname_count(plain: str, alts: dict[str, str]) -> int:
    """Tokens before the comma of a "Surname, Given names" form; 0 when not in that form."""
    if plain.count(",") != 1:
        return 0
    left, right = plain.split(",")
    if not _raw_tokens(right):
        return 0
    # With tokens on both sides no raw token is the whole name, hence alone=False.
    return sum(len(_token_forms(raw, False, alts.get(raw))) for raw in _raw_tokens(left))


def _droppable_syllable(tokens: list[NameToken]) -> int:
    """Index of the given-name syllable after a Korean surname in a name of three one-syllable
    tokens (RI *YONG* MU), which a record may leave out; -1 for any other name."""
    strong = [i for i, t in enumerate(tokens) if not t.weak]
    if len(strong) != _SYLLABIC_NAME or tokens[strong[0]].text not in korean_surnames():
        return -1
    return strong[1] if syllabic(tokens) else -1


def _middle_tokens(tokens: list[NameToken], surname_count: int) -> frozenset[int]:
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
        syllable = _droppable_syllable(tokens)
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
