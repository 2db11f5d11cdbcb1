"""Script readings of one name token: the ASCII spellings each script's romanisation gives.

Cyrillic in several schemes, and as a Russian rendering of a Korean or Chinese name; Han in
pinyin; Hangul per syllable in the list conventions; Arabic and Hebrew letters as consonant
frames; leetspeak folded. :mod:`.names` puts the tokens of a name together.
"""

from __future__ import annotations

from exportctl.text.arabic import arabic_frames, arabic_tables, is_arabic
from exportctl.text.ethiopic import ethiopic_forms
from exportctl.text.hebrew import hebrew_frames, is_hebrew
from exportctl.text.korean import hangul_forms, korean_from_cyrillic
from exportctl.text.leet import leet_forms
from exportctl.text.palladius import pinyin_from_palladius
from exportctl.text.scripts import (
    char_script,
    cyrillic_variants,
    han_syllables,
    han_wade_giles,
    hangul_syllables,
    latin_spellings,
    to_ascii,
)
from exportctl.text.slavic_forms import russian_forms

__all__ = ["chinese_reading", "korean_reading", "surname_slot", "token_forms"]


# (a frame's gap written with a letter, as the vowel a Latin spelling gives it: V any vowel)
_GAP_VOWEL = {"V": "a", "A": "a", "I": "i", "U": "u"}


def _spelt_word(plain: str, frames: tuple[str, ...]) -> str:
    """An abjad word's Latin letters: as they stand, unless that is one letter while the word
    holds more (``عز``, Izz: its ayin spells nothing, leaving ``z``). A word is no initial: a
    one-letter form paired at 0.9 with every Latin word of that first letter (``z`` ~ ``zyz``
    of ``عزيز``, and through the initials rule ``طارق عز`` met ``طارق عزيز`` at 0.80;
    escape26); the vowels its first frame writes are spelt around the consonant (``az``)."""
    if len(plain) != 1 or not frames or len(frames[0]) != 4 or frames[0][1::2] == "--":
        return plain
    frame = frames[0]
    first, last = (_GAP_VOWEL.get(g, "a") if g != "-" else "" for g in frame[1::2])
    return f"{first}{plain}{last}"


def token_forms(
    raw: str, alone: bool, alt: str | None = None, surname: bool = False
) -> list[tuple[str, ...]]:
    """ASCII forms for one raw (casefolded, punctuation-free) token; may yield several tokens.

    ``alt``: the token's lookalike reading (an all-lookalike word's Latin letters), or for an
    ASCII token its capital-bar readings, space-separated. ``alone``: the raw token is the
    whole name (an unspaced Chinese personal name is then read as surname + given name, the
    way it is romanised: 习近平 → xi jinping). ``surname``: the token's first syllable stands
    where a Korean surname stands.
    """
    if raw.isascii():
        own = (raw,) if raw.isalpha() or raw.isdigit() else (raw, *leet_forms(raw))
        if not alt:
            return [own]
        # (``alt`` of an ASCII token: a Latin word's readings with its capital bars as I where
        # its homoglyph reading took them for l, space-separated: lookalikes.prefold)
        return [tuple(dict.fromkeys((*own, *alt.split())))]
    scripts = {char_script(ch) for ch in raw} - {""}
    if "Hani" in scripts:
        syl = han_syllables(raw)
        # Wade–Giles beside pinyin: Taiwan's and older lists' spelling (蔣介石 CHIANG CHIEHSHIH,
        # 習近平 HSI CHINPING), which pinyin alone left a different name (0.00, fuzz24).
        wg = han_wade_giles(raw)
        if len(wg) != len(syl):
            wg = syl
        if len(raw) <= 3 and len(syl) == len(raw):
            if alone and len(syl) > 1:
                return [_both(syl[0], wg[0]), _both("".join(syl[1:]), "".join(wg[1:]))]
            return [_both("".join(syl), "".join(wg))]
        return [_both(s, w) for s, w in zip(syl, wg, strict=True)]
    if "Hang" in scripts:
        # A syllable per token, as lists write Korean names, in every romanisation system;
        # the name's first syllable also as a surname (리 → ri, lee, yi).
        out_h: list[tuple[str, ...]] = []
        for k, ch in enumerate(raw):
            forms_h = hangul_forms(ch, surname=surname and k == 0) or tuple(hangul_syllables(ch))
            if forms_h:
                out_h.append(forms_h)
        return out_h
    folded = alt
    forms: list[str] = []
    if scripts == {"Other"} and is_arabic(raw):
        if raw == arabic_tables().article:
            return [arabic_tables().article_spellings]  # al, el, ul
        # Its letters as they stand, and its consonant frames (the vowels the script leaves
        # out are what every Latin spelling differs in).
        plain = to_ascii(raw)
        frames = arabic_frames(raw)
        return [(_spelt_word(plain, frames), *frames)] if plain else []
    if scripts == {"Other"} and is_hebrew(raw):
        # Hebrew is an abjad too: read through the same frames (text/hebrew.py).
        plain = to_ascii(raw)
        frames = hebrew_frames(raw)
        return [(_spelt_word(plain, frames), *frames)] if plain else []
    if scripts == {"Cyrl"}:
        forms.extend(cyrillic_variants(raw))
        # A Belarusian or Ukrainian name also in its Russian form (Сяргей: SERGEI too).
        for ru in russian_forms(raw):
            forms.extend(v for v in cyrillic_variants(ru) if v not in forms)
    else:
        plain = to_ascii(raw)
        if plain:
            forms.append(plain)
        # A letter a national orthography spells otherwise in ASCII (Serbian Đorđe: DJORDJE
        # beside anyascii's DORDE; data/latin_letters.yaml).
        forms.extend(f for f in latin_spellings(raw) if f not in forms)
        # Ethiopic: after anyascii's letter-by-letter spelling (grmay, the token's text as
        # before), the BGN/PCGN one with the sixth-order vowel written where it is pronounced
        # (ግርማይ: girmay, germay).
        forms.extend(f for f in ethiopic_forms(raw) if f not in forms)
    if folded and folded not in forms:
        forms.append(folded)
    for f in list(forms):
        if not f.isalpha():  # an accented or lookalike-disguised R0sñ3ft
            forms.extend(x for x in leet_forms(f) if x not in forms)
    return [tuple(forms)] if forms else []


def _both(pinyin: str, wade_giles: str) -> tuple[str, ...]:
    return (pinyin,) if wade_giles == pinyin else (pinyin, wade_giles)


def surname_slot(raw: str, k: int, raws: list[str]) -> bool:
    """Whether a Hangul word's first syllable stands where a surname stands: a one-syllable
    word first or last in the name (김 정은, 정은 김), or a three-syllable word written first
    (김정은). A two-syllable word is a given name."""
    if len(raw) == 1:
        return k in (0, len(raws) - 1)
    return len(raw) == 3 and k == 0


_KOREAN_TOKENS = (2, 4)  # Korean names in Russian: surname and one to three given syllables


def korean_reading(raws: list[str]) -> list[tuple[str, ...]] | None:
    """Latin spellings per token when a Cyrillic name reads as a Russian rendering of a Korean
    one (Ким Чен Ын: every token one to three Korean syllables), else None."""
    lo, hi = _KOREAN_TOKENS
    if not lo <= len(raws) <= hi or raws[0].isascii():
        return None
    if not all(char_script(ch) == "Cyrl" for raw in raws for ch in raw):
        return None
    out = [korean_from_cyrillic(raw, surname=k == 0) for k, raw in enumerate(raws)]
    return out if all(out) else None


_CHINESE_TOKENS = (1, 4)  # Chinese names in Russian: surname, given name (one or two words)


def chinese_reading(raws: list[str]) -> list[tuple[str, ...]] | None:
    """Pinyin spellings per token when a Cyrillic name reads as a Palladius rendering of a
    Chinese one (Си Цзиньпин: every token one to three Chinese syllables), else None."""
    lo, hi = _CHINESE_TOKENS
    if not lo <= len(raws) <= hi or raws[0].isascii():
        return None
    if not all(char_script(ch) == "Cyrl" for raw in raws for ch in raw):
        return None
    out = [pinyin_from_palladius(raw) for raw in raws]
    return out if all(out) else None
