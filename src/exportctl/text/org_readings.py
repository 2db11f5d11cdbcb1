"""Organisation-name words in other scripts read the way lists write them (:mod:`.glossary`).

:func:`org_readings` adds to a word's transliterated forms its English forms (a generic word:
``завод`` → plant, factory, works), its place (a Cyrillic place adjective: ``челябинский`` →
chelyabinsk) or its compound reading (``гидромаш`` → hydromash), and cuts a Han organisation name
into glossary words and two-syllable pinyin words. :func:`org_notes` says which, for the
explanation a reviewer reads. :mod:`.names` applies both to names that may be organisations'.
"""

from __future__ import annotations

import itertools

from exportctl.text.arabic import spellings
from exportctl.text.glossary import (
    compound_forms,
    generic_forms,
    han_words,
    letter_acronym,
    loanword_forms,
    phrase_forms,
    place_stems,
)
from exportctl.text.scripts import char_script, cyrillic_variants, han_syllables
from exportctl.text.tables import legal_forms

__all__ = ["org_notes", "org_phrase", "org_readings"]


def org_phrase(first: str, second: str, spelt: tuple[str, str]) -> tuple[str, ...]:
    """Two organisation-name words that English writes as one word (``железные дороги`` →
    railways): their transliterations (``spelt``) written together, then the English forms;
    ``()`` when they are no such phrase."""
    english = phrase_forms(first, second)
    if not english:
        return ()
    return tuple(dict.fromkeys((spelt[0] + spelt[1], *english)))


def org_readings(raw: str, forms: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """An organisation-name word's forms with its English forms (a generic word) or its place
    (a Cyrillic place adjective) added; a Han word cut into glossary words and pinyin words.

    The English forms go after the transliterations (which stay the token's text) and before
    any consonant frames (which come last); a word whose English is a legal form (компания:
    company) has it first, so that the legal-form step reads it as one.
    """
    if "\u4e00" <= raw[0] <= "\u9fff":
        return _han_org_forms(raw) or forms
    if len(forms) != 1:
        return forms
    read = _readings(raw, forms)
    acronym = letter_acronym(raw)
    if acronym:
        # An abbreviation spelt out in English letter names (сипиэс: cps).
        return [tuple(dict.fromkeys((*read[0], acronym)))]
    if read[0] and "Cyrl" in {char_script(ch) for ch in raw}:
        # Latin loanword spellings of its first transliteration (аэроскан → aeroscan).
        loan = loanword_forms(read[0][0])
        if loan:
            return [tuple(dict.fromkeys((*read[0], *loan)))]
    return read


def _readings(raw: str, forms: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """``org_readings`` of a word that is not Han, before its loanword spellings."""
    english = generic_forms(raw)
    if english:
        return [_with_english(forms[0], english)]
    compound = compound_forms(raw)
    if compound:
        return [tuple(dict.fromkeys((*forms[0], *compound)))]
    places = place_stems(raw)
    if places:
        spelt = [v for stem in places for v in cyrillic_variants(stem)[:1]]
        return [tuple(dict.fromkeys((*forms[0], *spelt)))]
    return forms


def _with_english(forms: tuple[str, ...], english: tuple[str, ...]) -> tuple[str, ...]:
    """A word's forms with its English forms after its spellings, before its frames; first
    when one is a legal form (so that the legal-form step reads the word as one)."""
    if any((w,) in legal_forms().phrases for w in english):
        return tuple(dict.fromkeys((*english, *forms)))
    plain = spellings(forms)
    frames = forms[len(plain) :] if len(plain) < len(forms) else ()
    return tuple(dict.fromkeys((*plain, *english, *frames)))


_HAN_WORD = 2  # Chinese company names are romanised two syllables to a word (成都 chengdu)


def _han_org_forms(raw: str) -> list[tuple[str, ...]]:
    """A Han organisation name holding glossary words, cut into them (pinyin and English) and
    the rest read two syllables to a word (a last odd syllable joins the word before it); []
    when it holds no glossary word (then it is read as before)."""
    pieces = han_words(raw)
    if not any(english for _, english in pieces):
        return []
    out: list[tuple[str, ...]] = []
    for text, english in pieces:
        syl = han_syllables(text)
        if english:
            out.append(_with_english(("".join(syl),), english))
            continue
        words = [syl[i : i + _HAN_WORD] for i in range(0, len(syl), _HAN_WORD)]
        if len(words) > 1 and len(words[-1]) < _HAN_WORD:
            last = words.pop()
            words[-1] = [*words[-1], *last]
        out.extend(("".join(w),) for w in words if w)
    return out


def org_notes(raws: list[str]) -> list[str]:
    """The readings :func:`org_readings` gives a name's raw words, for the explanation."""
    words = [f"{raw} → {'/'.join(en)}" for raw in raws if (en := generic_forms(raw))]
    words += [
        f"{raw} → {'/'.join(c)}"
        for raw in raws
        if not generic_forms(raw) and (c := compound_forms(raw))
    ]
    places = [
        f"{raw} → {'/'.join(p)}"
        for raw in raws
        if not generic_forms(raw)
        and not compound_forms(raw)
        and "Cyrl" in {char_script(ch) for ch in raw}
        and (p := place_stems(raw))
    ]
    han = [
        f"{piece} → {'/'.join(en)}"
        for raw in raws
        if raw and "\u4e00" <= raw[0] <= "\u9fff"
        for piece, en in han_words(raw)
        if en
    ]
    loans = [
        f"{raw} → {'/'.join(lf)}"
        for raw in raws
        if raw
        and not generic_forms(raw)
        and "Cyrl" in {char_script(ch) for ch in raw}
        and (lf := loanword_forms(next(iter(cyrillic_variants(raw)), "")))  # (ь alone: none)
    ]
    phrases = [
        f"{a} {b} → {'/'.join(en)}"
        for a, b in itertools.pairwise(raws)
        if (en := phrase_forms(a, b))
    ]
    letters = [f"{raw} → {a}" for raw in raws if (a := letter_acronym(raw))]
    out = []
    if letters:
        out.append(f"abbreviations spelt in letter names (acronym): {', '.join(letters)}")
    if phrases:
        out.append(f"organisation phrases read as one English word: {', '.join(phrases)}")
    if words or han:
        out.append(f"organisation words read in English: {', '.join(words + han)}")
    if places:
        out.append(f"place adjectives read as the place: {', '.join(places)}")
    if loans:
        out.append(f"loanword spellings: {', '.join(loans)}")
    return out
