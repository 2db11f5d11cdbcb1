"""Name normalisation: one function from a raw name to comparable ASCII tokens.

Pipeline (each step undoes one way two spellings of one name differ):

1. Bidi: text with explicit directional controls (an RLO that makes ``egedaB cirE`` display as
   "Eric Badege") is put into reading order (:mod:`.bidi`). Unicode NFKC (full-width,
   ligatures, compatibility forms) and removal of format characters (zero-width space/joiners,
   BOM, bidi controls, soft hyphen) and control characters.
2. Case folding; organisation legal forms canonicalised (rigour's table, then ours;
   :mod:`.legal_forms`).
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
   and initials (:mod:`.name_tokens`); in a person's name, patronymics and middle names
   (:mod:`.person_names`). Steps 1 and 3 are :mod:`.tokenize`.
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter, itemgetter

from exportctl.text.arabic import (
    ABJAD_MARK,
    arabic_tables,
    article_frames,
    article_tail_frames,
    assimilated_article,
    is_arabic,
    spellings,
    split_article,
)
from exportctl.text.bidi import has_bidi_controls
from exportctl.text.ethiopic import ethiopic_forms, is_ethiopic
from exportctl.text.form_phrases import regroup_forms, regroup_note
from exportctl.text.hebrew import drop_abbreviation_marks, is_hebrew
from exportctl.text.leet import fold_symbols, has_symbols, leet_forms, leet_rules
from exportctl.text.legal_forms import (
    apply_legal_forms,
    leet_reading,
    order_note,
    scheme_notes,
    standing_words,
)
from exportctl.text.lookalikes import bar_readings, latin_readings, prefold
from exportctl.text.name_tokens import NAME, WEAK_WEIGHT, NameToken, NormName, name_token
from exportctl.text.org_readings import org_notes, org_phrase, org_readings
from exportctl.text.org_symbols import SYMBOL_MARK, symbol_forms
from exportctl.text.person_names import (
    droppable_syllable,
    latin_patronymic,
    middle_tokens,
    patronymics,
    surname_count,
)
from exportctl.text.readings import chinese_reading, korean_reading, surname_slot
from exportctl.text.scripts import (
    char_script,
    han_syllables,
    han_wade_giles,
    latin_spellings,
    named_spellings,
)
from exportctl.text.slavic_forms import russian_forms
from exportctl.text.tokenize import (
    TOKEN_CACHE,
    ascii_token_forms,
    cached_token_forms,
    clean_text,
    raw_tokens,
    strip_format,
    word_scripts,
)

__all__ = ["normalize_name"]

_FORMS = attrgetter("forms")
_LATN = frozenset({"Latn"})  # the scripts of a name that collected none (shared: immutable)
_FIRST = itemgetter(0)


def _forms_of(
    text: str,
    alts: dict[str, str],
    scripts: set[str],
    org: bool = False,
    raws: list[str] | None = None,
) -> list[tuple[str, ...]]:
    """Token forms of a casefolded text (collects the scripts seen into ``scripts``).

    ``org``: the name may be an organisation's, so a generic word in another script also gets
    its English forms and a Cyrillic place adjective its place (:mod:`.glossary`). ``raws``:
    the text's raw tokens, when the caller has them.
    """
    out: list[tuple[str, ...]] = []
    if raws is None:
        raws = raw_tokens(text)
    article = arabic_tables().article
    if (
        all(map(str.isascii, raws))
        and not article.isascii()
        and (not alts or alts.keys().isdisjoint(raws))
    ):
        # Latin-only tokens (most listed and query names): no Arabic article to split or
        # assimilate, no Cyrillic reading (korean_reading / chinese_reading need a non-ASCII
        # first token), no script to collect, no org reading — the loop below without the
        # steps that cannot apply, same forms in the same order.
        # An ASCII word reads the same in any place of the name (tokenize.ascii_token_forms):
        # one cache lookup a word.
        return list(map(ascii_token_forms, raws))
    if all(map(_latin_raw, raws)) and not word_scripts(article) <= _LATIN_SCRIPTS:
        # Latin letters with diacritics (Müller, FERNÁNDEZ; a third of the non-ASCII names
        # screened): none of the loop's steps that look past the token can apply (no Arabic
        # article, every token not Cyrillic: no Korean or Chinese reading, no organisation
        # phrase), so each token's forms are its own, memoised with its organisation readings
        # (tests/text/test_normalisation_shortcuts.py holds it equal to the loop).
        alone = len(raws) == 1
        for k, raw in enumerate(raws):
            if not raw.isascii():
                scripts.update(word_scripts(raw))
            out.extend(_latin_forms(raw, alone, alts.get(raw), surname_slot(raw, k, raws), org))
        return out
    return _forms_loop(raws, alts, scripts, org)


_LATIN_SCRIPTS = frozenset(("Latn", ""))


@lru_cache(maxsize=TOKEN_CACHE)
def _latin_raw(raw: str) -> bool:
    """Whether a raw token takes :func:`_forms_of`' Latin path: ASCII, or Latin letters (at
    least one, so no Arabic-script word) with digits, marks or punctuation only, and not
    opening with a character of the Cyrillic block (an organisation phrase's first word)."""
    if raw.isascii():
        return True
    scripts = word_scripts(raw)
    return "Latn" in scripts and scripts <= _LATIN_SCRIPTS and not "\u0400" <= raw[0] <= "\u04ff"


@lru_cache(maxsize=TOKEN_CACHE)
def _latin_forms(
    raw: str, alone: bool, alt: str | None, surname: bool, org: bool
) -> tuple[tuple[str, ...], ...]:
    """The forms :func:`_forms_loop` gives a token of a name of :func:`_latin_raw` tokens."""
    forms = list(cached_token_forms(raw, alone, alt, surname))
    if org and not raw.isascii():
        forms = org_readings(raw, forms)
    return tuple(forms)


def _forms_loop(
    raws: list[str], alts: dict[str, str], scripts: set[str], org: bool
) -> list[tuple[str, ...]]:
    """:func:`_forms_of` token by token, each step that may apply (the long way)."""
    out: list[tuple[str, ...]] = []
    article = arabic_tables().article
    if any(not r.isascii() and is_arabic(r) for r in raws):
        raws = [part for r in raws for part in (split_article(r) if is_arabic(r) else [r])]
    korean = korean_reading(raws)
    chinese = chinese_reading(raws)
    joined = -1  # a word read together with the one before it (an organisation phrase)
    for k, raw in enumerate(raws):
        if k == joined:
            continue
        if not raw.isascii():
            scripts.update(word_scripts(raw))
        forms = list(
            cached_token_forms(raw, len(raws) == 1, alts.get(raw), surname_slot(raw, k, raws))
        )
        if raw == article and k + 1 < len(raws):
            # Before a sun letter lists also write the article assimilated (AS-SAHNI, ASH-).
            forms = [(*forms[0], *assimilated_article(raws[k + 1]))]
        if k + 1 < len(raws) and raw.endswith(article) and raw != article and len(forms) == 1:
            # The article written with the word before its own, assimilated (BILADIS SUDAN).
            forms = [tuple(dict.fromkeys((*forms[0], *article_tail_frames(raw, raws[k + 1]))))]
        if k and raws[k - 1] == article and len(forms) == 1:
            # After the article: also the word as lists write it joined to it (ALRAWI, ESSAADI).
            forms = [tuple(dict.fromkeys((*forms[0], *article_frames(raw))))]
        if korean and len(forms) == 1:
            forms = [tuple(dict.fromkeys((*forms[0], *korean[k])))]
        if chinese and len(forms) == 1:
            forms = [tuple(dict.fromkeys((*forms[0], *chinese[k])))]
        if org and not raw.isascii():
            nxt = cached_token_forms(raws[k + 1], False) if k + 1 < len(raws) else ()
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


@lru_cache(maxsize=100_000)
def normalize_name(text: str, org: bool | None = None) -> NormName:
    """Normalise a name for comparison; ``org=False`` skips legal-form handling (persons).

    >>> normalize_name("Al-Qa'ida").key
    'al qaida'
    """
    base = strip_format(text)
    cleaned = base.casefold()
    folded_text, alts = prefold(base)
    # (prefold gives an ASCII text back as it is: casefolded already)
    plain = cleaned if folded_text is base else folded_text.casefold()
    scripts: set[str] = set()
    raws = raw_tokens(plain)  # (read once: the legal-form step asks them too)
    plain_forms = _forms_of(plain, alts, scripts, raws=raws)
    if scripts and any(r.isascii() and not r.isdigit() for r in raws):
        # A Latin word as written beside another script's words: the name is not written in
        # that script alone, so no same-script comparison may cap it (`Alfa Trеid ООО`; a
        # legal form read into English later is no Latin word of the name).
        scripts.add("Latn")
    middle: frozenset[int] = frozenset()
    schemes = order = ""
    if org is False:
        tokens = patronymics(list(map(name_token, plain_forms)), plain)
        middle = middle_tokens(tokens, surname_count(plain, alts))
    else:
        # (a phrase word with a typo, a phrase cut around the name: read as the phrase first)
        grouped, regrouped = regroup_forms(plain) if plain else (plain, ())
        work, standing = (
            standing_words(grouped, raws if grouped == plain else None)
            if plain
            else (plain, frozenset())
        )
        # (rigour's reading of a legal form, LIMITED as ltd, is a text of its own: its raw
        # tokens are read once, for its forms and for the scheme notes)
        work_raws = raws if work == plain else raw_tokens(work)
        forms = (
            _forms_of(work, alts, scripts, org=True, raws=work_raws)
            if not work.isascii()
            else (plain_forms if work == plain else _forms_of(work, alts, scripts, raws=work_raws))
        )
        tokens = apply_legal_forms(forms, standing)
        # (the words the legal-form step read: rigour's forms, ООО and OAO spelt out, are gone)
        schemes = scheme_notes(work_raws, tokens)
        # (the reverse reading of the name's words, asked already: a memo's answer)
        order = order_note(plain) if plain else ""
        if not order and not all(map(str.isalpha, raws)):
            # (C0mp4ny V3n7ure J0int: the phrase search read the words' leetspeak readings)
            folded = [leet_reading((r,)) or r for r in raws]
            order = order_note(" ".join(folded)) if folded != raws else ""
        if org is None:
            tokens = patronymics(tokens, plain)
            if plain.isascii():
                middle = latin_patronymic(tokens, plain, raws)
        tokens = _with_symbols(tokens)
    # Compact forms (tokens joined) of the canonical tokens and of the text as written, so that
    # a legal-form reading of a fragment ("Ab-u" → "as u") never hides the spacing-free name.
    compacts: list[str] = []
    canonical = list(map(spellings, map(_FORMS, tokens)))
    written = list(map(spellings, plain_forms))
    # (the written forms add nothing when they are the canonical ones: a person's name, an
    # organisation's without a legal form; one spelling a token joins in one C call)
    for seq in (canonical,) if written == canonical else (canonical, written):
        width = max(map(len, seq), default=0)
        if width == 1:
            c = "".join(map(_FIRST, seq))
            if c and c not in compacts:
                compacts.append(c)
            if c.isalpha():  # (no digit: nothing for the spelt reading to read otherwise)
                continue
        else:
            for k in range(width):
                c = "".join([f[k] if k < len(f) else f[-1] for f in seq])
                if c and c not in compacts:
                    compacts.append(c)
        for c in _spelt_compacts(seq):
            if c not in compacts:
                compacts.append(c)
    scripts.discard("")
    # (t.text, t.weak spelt out: properties cost a call each, on every query name)
    weights = tuple(len(t.forms[0]) * (WEAK_WEIGHT if t.kind != NAME else 1.0) for t in tokens)
    return NormName(
        tuple(tokens),
        tuple(compacts),
        cleaned,
        frozenset(scripts) if scripts else _LATN,
        weights,
        sum(weights),
        middle,
        org is False,
        _notes(
            text,
            tokens,
            scripts,
            org is not False,
            schemes,
            order,
            raws if plain == cleaned else None,
            regroup_note(regrouped) if org is not False else "",
        ),
        droppable_syllable(tokens) if org is False else -1,
    )


def _spelt_compacts(seq: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The compact forms reading each run of letters spelt one by one (two or more tokens,
    each with a one-letter spelling, the last) as those letters, the other words as first
    written; () when no run reads otherwise than the index-wise compacts do.

    The index-wise compacts take every token's k-th spelling together: a word spelt letter
    by letter in lookalikes (``օ|Ꮶ|о|Ι|ս``, each letter also read as its Latin lookalike,
    second) beside a word with a second spelling of its own (``ᏕɑΙɪꮇ``: salim, also saiim)
    never gave ``okolusalim`` (found by test_composed_disguises.py, a random run).

    A lone digit inside such a run is a letter written in leetspeak (``G O D 4 N 3``,
    ``M u 5 c a 8``) where the run, read as one word, keeps the limits of ``data/leet.yaml``
    (letters per digit, digits side by side): a number spelt out (``1 9 8 4``) or a letter
    beside a number (``Flat 4 B``) stays as written. A digit with two readings (1: i or l)
    gives a compact form with each (found by benchmarks/disguise_recall.py)."""
    # (a letter's lookalike reading is its last spelling: prefold's alternatives come after
    # the reading in the letter's own script)
    letters: list[tuple[str, ...]] = [
        next(((f,) for f in reversed(forms) if len(f) == 1 and f.isalpha()), ()) for forms in seq
    ]
    if any(len(f[0]) == 1 and f[0].isdigit() for f in seq):
        _leet_spelt_letters(seq, letters)
    spelt: list[tuple[str, ...]] = []  # (): the token as written
    changed = False
    run = 0
    for k, forms in enumerate(seq):
        read = letters[k]
        run = run + 1 if read else 0
        ahead = k + 1 < len(seq) and bool(letters[k + 1])
        is_spelt = bool(read) and (run >= 2 or ahead)
        spelt.append(read if is_spelt else ())
        changed |= is_spelt and read[0] != forms[0]
    if not changed:
        return ()
    # The other words in each of their spellings, as the index-wise compacts take them: a
    # spelt word beside a word in leetspeak (A_B_B_4_S RA5HID1) read both.
    width = max(map(len, seq))
    reads = (0, -1) if any(len(r) > 1 for r in spelt) else (0,)
    out = [
        "".join(
            [
                r[i] if r else (f[k] if k < len(f) else f[-1])
                for f, r in zip(seq, spelt, strict=True)
            ]
        )
        for i in reads
        for k in range(width)
    ]
    return tuple(dict.fromkeys(out))


def _leet_spelt_letters(seq: list[tuple[str, ...]], letters: list[tuple[str, ...]]) -> None:
    """Gives each lone digit of a spelt run its letter readings in ``letters``, where the run
    as one word keeps the leetspeak limits."""
    rules = leet_rules()
    k = 0
    while k < len(seq):
        start = k
        while k < len(seq) and (letters[k] or seq[k][0] in rules.digits):
            k += 1
        if k == start:
            k += 1
            continue
        run = [seq[j][0] if not letters[j] else "" for j in range(start, k)]  # ("": a letter)
        digits = sum(1 for d in run if d)
        n_letters = len(run) - digits
        longest = max((len(g) for g in "".join(d or " " for d in run).split(" ")), default=0)
        if (
            digits
            and n_letters >= rules.min_letters
            and n_letters >= rules.letters_per_digit * digits
            and longest <= rules.max_digit_run
        ):
            for j, d in enumerate(run, start):
                if d:
                    letters[j] = rules.digits[d]


def _with_symbols(tokens: list[NameToken]) -> list[NameToken]:
    """The tokens with the organisation symbols of their name words as last forms (words of
    an Arabic- or Hebrew-script token, whose frames come last, are left as they are)."""
    out = tokens
    for k, t in enumerate(tokens):
        forms = t.forms
        if t.kind != NAME or forms[-1][0] == ABJAD_MARK:
            continue
        extra = symbol_forms(forms[0])
        if not extra and not forms[0].isalpha() and forms[0].isascii():
            # An organisation word in leetspeak (1nt3rn4t1on4l, T3ch) has its letter-folded
            # readings' symbols, as the word written plainly has: symbol_forms takes letters
            # only, and its spelling met the listing's abbreviation (INTL, TECH) in no form.
            extra = tuple(dict.fromkeys(s for r in leet_forms(forms[0]) for s in symbol_forms(r)))
        if extra:
            if out is tokens:
                out = list(tokens)
            out[k] = NameToken((*forms, *extra), NAME)
    return out


def _notes(
    text: str,
    tokens: list[NameToken],
    scripts: set[str],
    org: bool = False,
    schemes: str = "",
    order: str = "",
    words: list[str] | None = None,
    regrouped: str = "",
) -> tuple[str, ...]:
    """What the normalisation read into the name beyond its letters (for the explanation);
    ``schemes``: what :func:`.legal_forms.scheme_notes` said of its legal-form words,
    ``order``: what :func:`.legal_forms.order_note` said of phrase words read backwards,
    ``words``: the raw tokens of ``clean_text(text)``, when the caller has them,
    ``regrouped``: what :func:`.form_phrases.regroup_note` said of phrase words read through
    a typo or from around the name."""
    said = [n for n in (schemes, order, regrouped) if n]
    if text.isascii() and text.replace(" ", "").isalpha():
        # the usual name: letters as written (a legal form in a scheme's spelling aside)
        return tuple(said)
    notes: list[str] = said

    def cleaned_words() -> list[str]:
        """The raw tokens of the cleaned text, read once (several notes ask them)."""
        nonlocal words
        if words is None:
            words = raw_tokens(clean_text(text))
        return words

    if not text.isascii() and (bars := bar_readings(text)):
        notes.append(
            "a capital bar in a Latin word also read as I (homoglyph reading: l): "
            + ", ".join(f"{word} → {read}" for word, read in bars)
        )
    if not text.isascii() and (drawn := latin_readings(strip_format(text))):
        # (words another script's letters draw, read as Latin rather than romanised: the
        # reviewer sees what each was taken for)
        mixed = [f"{w} → {r}" for w, r, why in drawn if why.startswith("lookalikes")]
        single = [f"{w} → {r}" for w, r, why in drawn if why.startswith("one letter")]
        if mixed:
            notes.append(
                "lookalike letters of several scripts read as the Latin word they draw: "
                + ", ".join(mixed)
            )
        if single:
            notes.append(
                "a one-letter lookalike beside Latin words read as the Latin letter: "
                + ", ".join(single)
            )
    if not text.isascii() and has_bidi_controls(text):
        notes.append("bidi controls applied: read in display order")
    if not text.isascii() and (plain := drop_abbreviation_marks(text)) != text:
        notes.append(f"Hebrew abbreviation mark dropped (acronym read as one word): {plain}")
    if has_symbols(text) and fold_symbols(text.casefold()) != text.casefold():
        notes.append("symbols inside a word read as letters")
    for t in tokens:
        if len(t.forms) > 1 and t.text.isascii() and not t.text.isalpha():
            read = [f for f in t.forms[1:] if f[:1] != SYMBOL_MARK]
            notes.append(f"letter-folded {t.text} → {'/'.join(read)}")
    if org:
        # (a word in leetspeak read into a legal form or an organisation phrase is in no
        # token's text now: the reading is named here)
        raws = cleaned_words()
        legal: list[str] = []
        # (leet_reading reads only a word holding a digit or symbol: most names hold none)
        if not all(map(str.isalpha, raws)):
            texts = {t.text for t in tokens}
            legal = [
                f"{raw} → {word}"
                for raw in raws
                if raw not in texts and (word := leet_reading((raw,)))
            ]
        if legal:
            notes.append(
                "words in leetspeak read as a legal form or organisation phrase (its weight as "
                f"the plain words'): {', '.join(legal)}"
            )
    if any(t.forms[-1][0] == ABJAD_MARK for t in tokens):
        abjads = [
            n for n, test in (("Arabic", is_arabic), ("Hebrew", is_hebrew)) if any(map(test, text))
        ]
        notes.append(f"{'/'.join(abjads)} script compared by consonants and written long vowels")
    other = sorted(scripts - {"Latn", ""})
    if other:
        notes.append(f"romanised from {'+'.join(other)}: {' '.join(t.text for t in tokens)}")
    if "Hani" in scripts:
        han = [raw for raw in cleaned_words() if "Hani" in map(char_script, raw)]
        wade_giles = [
            f"{raw} → {' '.join(wg)}"
            for raw in han
            if (wg := han_wade_giles(raw)) != han_syllables(raw)
        ]
        if wade_giles:
            notes.append(f"Han also read in Wade–Giles: {', '.join(wade_giles)}")
    if "Latn" in scripts and not text.isascii():
        latin = [f"{raw} → {also[0]}" for raw in cleaned_words() if (also := latin_spellings(raw))]
        if latin:
            notes.append(f"Latin letters also spelt as their orthography does: {', '.join(latin)}")
    if other and is_ethiopic(text):
        read = [
            f"{raw} → {'/'.join(fs)}" for raw in raw_tokens(text) if (fs := ethiopic_forms(raw))
        ]
        notes.append(
            "Ethiopic read in BGN/PCGN, the sixth-order vowel written where it is pronounced: "
            + ", ".join(read)
        )
    if "Cyrl" in scripts:
        raws = cleaned_words()
        for how, reading in (
            ("Russian rendering of a Korean name", korean_reading(raws)),
            ("Palladius (Russian) rendering of a Chinese name", chinese_reading(raws)),
        ):
            if reading:
                notes.append(f"read as a {how}, spelt e.g. {' '.join(r[0] for r in reading)}")
        # Spellings of schemes a reader would not expect (х as h, -ый as -iy).
        spelt = [n for raw in raws for n in named_spellings(raw)]
        if spelt:
            notes.append(f"Cyrillic also spelt: {', '.join(spelt)}")
        # Belarusian and Ukrainian names (and Russian written without ё) in their Russian forms.
        national = [f"{raw} → {'/'.join(ru)}" for raw in raws if (ru := russian_forms(raw))]
        if national:
            notes.append(f"names also read in their Russian forms: {', '.join(national)}")
    if org and other:
        notes.extend(org_notes(cleaned_words()))
    return tuple(notes)
