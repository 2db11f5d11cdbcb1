"""Recall of disguised listed names, per disguise: every Latin name of the UN list (or a seeded
sample of them) written the ways evaders write names, each screened against the UN index.

    nice python benchmarks/disguise_recall.py [--sample N] [--seed S] [--only FAMILY,...]
                                              [--show N] [--escapes FILE]

A query is *found* when its listed entity is among the matches at the default threshold,
*refused* when screen() raises InvalidQueryError (a reason, never a silent clear: counted as
caught), else it *escaped*. The disguises keep the name as displayed or as read aloud:

* ``homoglyph_all`` / ``homoglyph_third``: every letter (a third of them) swapped for a lookalike
  of another script (the confusables table, ``text/tables.homoglyphs``).
* ``zero_width``: 1–3 invisible format characters inside each word.
* ``bidi_wrap``: the name in an isolate / embedding / override that leaves its display as it is,
  or reversed under a right-to-left override; ``bidi_word``: one word reversed under an override.
* ``fullwidth``, ``math``: every letter full-width (NFKC folds it) or a mathematical letter.
* ``accents_nfkd``: a third of the letters with a combining accent, decomposed (NFKD).
* ``leet``: letters written as digits, the way evaders do (R0sn3ft): never two digits side by
  side, at most one per two letters of a word (the limit docs/screening.md states).
* ``spelt_word`` / ``spelt_all``: one word (every word) spelt letter by letter with a separator
  (U S A M A, U.S.A.M.A, U-S-A-M-A).
* ``reorder``: the last word first after a comma (LADEN, USAMA BIN), or the words reversed.
* ``punct_join``: the words joined by punctuation instead of spaces (USAMA_BIN_LADEN).
* combinations of two or three of these (``+``).

The figures are in BENCHMARKS.md ("Disguise recall per family").
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_corpus import latin_names, load_lists

from exportctl.screening import InvalidQueryError, Query, ScreeningIndex, screen
from exportctl.text.tables import homoglyphs

# The blocks the confusables table scanned in session 22: the homoglyph families draw from
# these only, so that a table grown since (disguise24's minor scripts, ``homoglyph_rare``)
# leaves their seeded draws as they were.
TABLE_BLOCKS = [
    (0x00C0, 0x024F), (0x0250, 0x02AF), (0x0370, 0x03FF), (0x0400, 0x052F), (0x0530, 0x058F),
    (0x13A0, 0x13FF), (0x1D00, 0x1DBF), (0x1E00, 0x1EFF), (0x2100, 0x214F), (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF), (0xAB30, 0xAB6F), (0xAB70, 0xABBF),
]  # fmt: skip
LOOKALIKES: dict[str, list[str]] = {}
for _ch, _ascii in homoglyphs().items():
    # (NFKC-unstable characters are undone by NFKC before any folding: not lookalikes)
    if not any(lo <= ord(_ch) <= hi for lo, hi in TABLE_BLOCKS):
        continue
    if len(_ascii) == 1 and _ch.casefold() != _ascii and unicodedata.normalize("NFKC", _ch) == _ch:
        LOOKALIKES.setdefault(_ascii, []).append(_ch)
for _v in LOOKALIKES.values():
    _v.sort()  # (the table's order is not fixed: the seeded draws must be)

ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
ACCENTS = ["\u0301", "\u0300", "\u0308", "\u0303", "\u0327", "\u030c", "\u0304"]
LEET = {"o": "0", "i": "1", "l": "1", "e": "3", "a": "4", "s": "5", "t": "7", "b": "8", "g": "9"}
SPELL_SEPS = [" ", ".", "-", "_", "·", ". "]
JOINERS = ["_", ".", "-", "/", "+", "*", "~"]
MATH_BOLD = 0x1D400  # (the bold block has no holes)


def _words_map(text: str, fn: Callable[[str], str]) -> str:
    return " ".join(fn(w) for w in text.split(" "))


def homoglyph(share: float) -> Callable[[str, random.Random], str]:
    def run(text: str, rng: random.Random) -> str:
        return "".join(
            rng.choice(LOOKALIKES[c.lower()])
            if c.lower() in LOOKALIKES and rng.random() < share
            else c
            for c in text
        )

    return run


def zero_width(text: str, rng: random.Random) -> str:
    def word(w: str) -> str:
        chars = list(w)
        for _ in range(rng.randint(1, 3)):
            chars.insert(rng.randint(1, max(1, len(chars) - 1)), rng.choice(ZERO_WIDTH))
        return "".join(chars)

    return _words_map(text, word)


def bidi_wrap(text: str, rng: random.Random) -> str:
    how = rng.randrange(5)
    if how == 0 and not any(c.isdigit() for c in text):
        return "\u202e" + text[::-1] + "\u202c"
    opener, closer = [("\u2066", "\u2069"), ("\u2068", "\u2069"), ("\u202a", "\u202c"),
                      ("\u202d", "\u202c"), ("\u2066", "\u2069")][how]  # fmt: skip
    return opener + text + closer


def bidi_word(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    i = rng.randrange(len(words))
    if any(w[:1].isdigit() for w in words[i:]):
        return text  # (a number after an overridden word moves: not a disguise)
    words[i] = "\u202e" + words[i][::-1] + "\u202c"
    return " ".join(words)


def fullwidth(text: str, rng: random.Random) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def math(text: str, rng: random.Random) -> str:
    def one(c: str) -> str:
        if c.isascii() and c.isalpha():
            off = ord(c) - 65 if c.isupper() else 26 + ord(c) - 97
            return chr(MATH_BOLD + off)
        return c

    return "".join(one(c) for c in text)


def accents_nfkd(text: str, rng: random.Random) -> str:
    out = "".join(
        c + rng.choice(ACCENTS) if c.isalpha() and rng.random() < 1 / 3 else c for c in text
    )
    return unicodedata.normalize("NFKD", out)


def leet(text: str, rng: random.Random) -> str:
    def word(m: re.Match[str]) -> str:
        w = m.group()
        if any(c.isdigit() for c in w):
            return w  # (a number or a code stays as listed)
        chars = list(w)
        order = list(range(len(chars)))
        rng.shuffle(order)
        for i in order:
            digits = sum(c.isdigit() for c in chars) + 1
            letters = len(chars) - digits
            near = chars[max(0, i - 1) : i] + chars[i + 1 : i + 2]
            if (
                chars[i].lower() in LEET
                and letters >= 2 * digits
                and not any(c.isdigit() for c in near)
            ):
                chars[i] = LEET[chars[i].lower()]
        return "".join(chars)

    # (per run of letters: the tokens the rule of data/leet.yaml counts in)
    return re.sub(r"[A-Za-z0-9]+", word, text)


def spelt(every: bool) -> Callable[[str, random.Random], str]:
    def run(text: str, rng: random.Random) -> str:
        words = text.split(" ")
        sep = rng.choice(SPELL_SEPS)
        pick = range(len(words)) if every else [rng.randrange(len(words))]
        for i in pick:
            if len(words[i]) > 1:
                words[i] = sep.join(words[i])
        return ("  " if every and sep in (" ", ". ") else " ").join(words)

    return run


def reorder(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    if len(words) < 2:
        return text
    if rng.random() < 0.5:
        return f"{words[-1]}, {' '.join(words[:-1])}"
    return " ".join(reversed(words))


def punct_join(text: str, rng: random.Random) -> str:
    return rng.choice(JOINERS).join(text.split(" "))


def _named(template: str) -> dict[str, str]:
    """Letter → the character Unicode names ``template`` with that letter (A–Z), where one is."""
    out: dict[str, str] = {}
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        try:
            out[letter] = unicodedata.lookup(template.format(letter))
        except KeyError:
            continue
    return out


SMALL_CAPS = _named("LATIN LETTER SMALL CAPITAL {}")
SUPER_CAPITAL = _named("MODIFIER LETTER CAPITAL {}")
SUPER_SMALL = {**_named("MODIFIER LETTER SMALL {}"), "I": "\u2071", "N": "\u207f"}
ENCLOSED_STYLES = [
    (_named("CIRCLED LATIN CAPITAL LETTER {}"), _named("CIRCLED LATIN SMALL LETTER {}")),
    (_named("PARENTHESIZED LATIN SMALL LETTER {}"), _named("PARENTHESIZED LATIN SMALL LETTER {}")),
    (_named("NEGATIVE CIRCLED LATIN CAPITAL LETTER {}"),) * 2,
    (_named("SQUARED LATIN CAPITAL LETTER {}"),) * 2,
    (_named("NEGATIVE SQUARED LATIN CAPITAL LETTER {}"),) * 2,
]
# Every mathematical alphanumeric and letterlike symbol NFKC reads as one ASCII letter (the
# styles' holes, ℛ ℜ ℝ ℎ ℯ, are letterlike symbols).
MATH_ANY: dict[str, list[str]] = {}
for _cp in [*range(0x2100, 0x2150), *range(0x1D400, 0x1D6A4)]:
    _folded = unicodedata.normalize("NFKC", chr(_cp))
    if len(_folded) == 1 and _folded.isascii() and _folded.isalpha():
        MATH_ANY.setdefault(_folded, []).append(chr(_cp))
COMBINING = [chr(cp) for cp in range(0x0300, 0x0370) if cp != 0x034F]
INVISIBLE = [
    "\u00ad", "\u034f", "\u115f", "\u1160", "\u17b4", "\u180b", "\u180e", "\u2060", "\u2061",
    "\u2062", "\u2063", "\u2064", "\u3164", "\ufe00", "\ufe0f", "\uffa0", "\U000e0001",
    "\U000e0020", "\U000e0041", "\U000e0061", "\U000e007f", "\U000e0100",
]  # fmt: skip
SPACES = ["\u00a0", "\u1680", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000", "  "]
LIGATURES = {
    "ffi": "ﬃ", "ffl": "ﬄ", "ff": "ﬀ", "fi": "ﬁ", "fl": "ﬂ", "st": "ﬆ", "ij": "ĳ", "ae": "æ",
    "oe": "œ", "aa": "ꜳ", "ao": "ꜵ", "au": "ꜷ", "av": "ꜹ", "ay": "ꜽ", "oo": "ꝏ", "vy": "ꝡ",
    "ue": "ᵫ", "dz": "ʣ", "ts": "ʦ", "ll": "ỻ", "IJ": "Ĳ", "AE": "Æ", "OE": "Œ", "AA": "Ꜳ",
    "AO": "Ꜵ", "AU": "Ꜷ", "AV": "Ꜹ", "AY": "Ꜽ", "OO": "Ꝏ", "VY": "Ꝡ", "DZ": "Ǳ", "LJ": "Ǉ",
    "NJ": "Ǌ", "LL": "Ỻ",
}  # fmt: skip
_LIGATURE_RE = re.compile("|".join(sorted(LIGATURES, key=len, reverse=True)))
ROMAN = {
    "iii": "ⅲ", "ii": "ⅱ", "iv": "ⅳ", "vi": "ⅵ", "ix": "ⅸ", "xi": "ⅺ", "III": "Ⅲ", "II": "Ⅱ",
    "IV": "Ⅳ", "VI": "Ⅵ", "IX": "Ⅸ", "XI": "Ⅺ", "i": "ⅰ", "v": "ⅴ", "x": "ⅹ", "l": "ⅼ",
    "c": "ⅽ", "d": "ⅾ", "m": "ⅿ", "I": "Ⅰ", "V": "Ⅴ", "X": "Ⅹ", "L": "Ⅼ", "C": "Ⅽ", "D": "Ⅾ",
    "M": "Ⅿ",
}  # fmt: skip
_ROMAN_RE = re.compile("|".join(sorted(ROMAN, key=len, reverse=True)))
# Lookalikes of scripts the confusables table of text/data/homoglyphs.csv did not scan (UTS #39
# skeletons of Lisu, Canadian syllabics, Coptic, Tifinagh, Runic, Old Italic, Carian, Lycian,
# Deseret, Osage, Warang Citi, Elbasan, Miao letters, a Cyrillic extra), as an
# evader's table: letter → lookalikes. Letters only: the symbols and digits UTS #39 also
# draws as letters (APL ⍳ ⍴ ⍺, Canadian ᙭, Warang Citi numbers 𑣯 𑣲) are no word's letters.
RARE = (
    "ꓐb ꓑp ꓒd ꓓd ꓔt ꓖg ꓗk ꓙj ꓚc ꓜz ꓝf ꓟm ꓠn ꓡl ꓢs ꓣr ꓦv ꓧh ꓪw ꓫx ꓬy ꓮa ꓰe ꓲl ꓳo ꓴu "
    "ᐯv ᑌu ᑭp ᑯd ᑲb ᒍj ᒪl ᕁx ᕼh ᖇr ᖯb ᖴf ᗅa ᗞd ᗪd ᗰm ᗷb "
    "Ⲏh Ⲓl Ⲕk Ⲙm Ⲛn Ⲟo ⲟo Ⲣp ⲣp Ⲥc ⲥc Ⲧt Ⲩy Ⲭx Ⳑl ⴸv ⴹe ⵏl ⵔo ⵕq ⵝx ᚷx ᛁl ᛕk ᛖm "
    "𐌁b 𐌂c 𐌉l 𐌑m 𐌕t 𐌗x 𐊠a 𐊡b 𐊢c 𐊥f 𐊫o 𐊰m 𐊱t 𐊲y 𐊴x 𐋏h 𐊂b 𐊆e 𐊇f 𐊊l 𐊒o 𐊕p 𐊖s 𐊗t "
    "𐐄o 𐐕c 𐐛l 𐐠s 𐒴r 𐓂o 𐓎u 𑢠v 𑢢f 𑢣l 𑢤y 𑢦e 𑢩z 𑢵o 𑢸u 𑢼t 𑣁s 𑣃i "
    "𐔓n 𐔖o 𐔘k 𐔜c 𐔝v 𐔥f 𐔧x 𖼈v 𖼊t 𖼵r 𖼺s 𖽀a 𖽂u 𖽃y ꙇi"
)
RARE_LOOKALIKES: dict[str, list[str]] = {}
for _pair in RARE.split():
    RARE_LOOKALIKES.setdefault(_pair[1], []).append(_pair[0])


def styled(capital: dict[str, str], small: dict[str, str]) -> Callable[[str, random.Random], str]:
    def run(text: str, rng: random.Random) -> str:
        def one(c: str) -> str:
            if not (c.isascii() and c.isalpha()):
                return c
            first, second = (capital, small) if c.isupper() else (small, capital)
            return first.get(c.upper()) or second.get(c.upper()) or c

        return "".join(one(c) for c in text)

    return run


def enclosed(text: str, rng: random.Random) -> str:
    capital, small = rng.choice(ENCLOSED_STYLES)
    return styled(capital, small)(text, rng)


def math_styles(text: str, rng: random.Random) -> str:
    return "".join(rng.choice(MATH_ANY[c]) if c in MATH_ANY else c for c in text)


def zalgo(text: str, rng: random.Random) -> str:
    return "".join(
        c + "".join(rng.choice(COMBINING) for _ in range(rng.randint(1, 5))) if c.isalpha() else c
        for c in text
    )


def invisible(text: str, rng: random.Random) -> str:
    def word(w: str) -> str:
        chars = list(w)
        for _ in range(rng.randint(1, 3)):
            chars.insert(rng.randint(1, max(1, len(chars) - 1)), rng.choice(INVISIBLE))
        return "".join(chars)

    return _words_map(text, word)


def spaces(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    return "".join(
        w + (rng.choice(SPACES) if i < len(words) - 1 else "") for i, w in enumerate(words)
    )


def dotless(text: str, rng: random.Random) -> str:
    return "".join(
        ("ı" if c == "i" else "İ" if c == "I" else c) if rng.random() < 0.5 else c for c in text
    )


def ligatures(text: str, rng: random.Random) -> str:
    return _LIGATURE_RE.sub(lambda m: LIGATURES[m.group()], text)


def roman_numerals(text: str, rng: random.Random) -> str:
    return _ROMAN_RE.sub(lambda m: ROMAN[m.group()], text)


def homoglyph_rare(text: str, rng: random.Random) -> str:
    return "".join(
        rng.choice(RARE_LOOKALIKES[c.lower()])
        if c.lower() in RARE_LOOKALIKES and rng.random() < 0.5
        else c
        for c in text
    )


# hostile33: what an evader's toolkit does with the hostile characters the brief names, beyond
# the families above: every one keeps the name as displayed.
ISOLATES = [("\u2066", "\u2069"), ("\u2067", "\u2069"), ("\u2068", "\u2069")]  # LRI RLI FSI … PDI
# Combining marks outside U+0300–U+036F (zalgo's): extended, supplement, for symbols
# (enclosing circles and squares, overlays) and half marks.
MARKS_WIDE = [
    chr(cp)
    for lo, hi in ((0x1AB0, 0x1ABE), (0x1DC0, 0x1DFF), (0x20D0, 0x20F0), (0xFE20, 0xFE2F))
    for cp in range(lo, hi + 1)
    if unicodedata.category(chr(cp)) in ("Mn", "Me")
]
VARIATION = [*map(chr, range(0xFE00, 0xFE10)), *map(chr, range(0xE0100, 0xE01F0))]
HANGUL_FILLERS = ["\u115f", "\u1160", "\u3164", "\uffa0"]


def isolate_words(text: str, rng: random.Random) -> str:
    """Each word in a bidi isolate (LRI, RLI or FSI … PDI): displayed as written."""

    def word(w: str) -> str:
        start, end = rng.choice(ISOLATES)
        return start + w + end

    return _words_map(text, word)


def marks_every(text: str, rng: random.Random) -> str:
    """One combining mark of the wider blocks (enclosing circles, overlays, extended and
    supplement marks) on every letter."""
    return "".join(c + rng.choice(MARKS_WIDE) if c.isalpha() else c for c in text)


def tag_text(text: str, rng: random.Random) -> str:
    """Tag characters (U+E0020–E007E, invisible) spelling other ASCII words inside each word:
    a reader that maps them to their ASCII letters would read a different name."""

    def word(w: str) -> str:
        k = rng.randint(1, max(1, len(w) - 1))
        hidden = "".join(chr(0xE0000 + ord(c)) for c in rng.choice(["clear", "ok", "JOHN", " x "]))
        return w[:k] + hidden + w[k:]

    return _words_map(text, word)


def variation(text: str, rng: random.Random) -> str:
    """A variation selector (VS1–VS256) after every letter."""
    return "".join(c + rng.choice(VARIATION) if c.isalpha() else c for c in text)


def hangul_space(text: str, rng: random.Random) -> str:
    """The spaces between words written as a Hangul filler (displayed blank, no space)."""
    words = text.split(" ")
    return "".join(
        w + (rng.choice(HANGUL_FILLERS) if i < len(words) - 1 else "") for i, w in enumerate(words)
    )


def letter_typo(text: str, rng: random.Random) -> str:
    """One letter of the longest word doubled (Rossneft) or, in a word of 6+ letters, one
    inner letter dropped (Rosnft)."""
    words = text.split(" ")
    i = max(range(len(words)), key=lambda k: (sum(c.isalpha() for c in words[k]), -k))
    w = words[i]
    spots = [k for k in range(1, len(w) - 1) if w[k].isalpha()]
    if not spots:
        return text
    k = rng.choice(spots)
    if len(w) >= 6 and rng.random() < 0.5:
        words[i] = w[:k] + w[k + 1 :]
    else:
        words[i] = w[:k] + w[k] + w[k:]
    return " ".join(words)


SINGLE: dict[str, Callable[[str, random.Random], str]] = {
    "homoglyph_all": homoglyph(1.0),
    "homoglyph_third": homoglyph(1 / 3),
    "zero_width": zero_width,
    "bidi_wrap": bidi_wrap,
    "bidi_word": bidi_word,
    "fullwidth": fullwidth,
    "math": math,
    "accents_nfkd": accents_nfkd,
    "leet": leet,
    "spelt_word": spelt(False),
    "spelt_all": spelt(True),
    "reorder": reorder,
    "punct_join": punct_join,
    # session 24 (disguise24): families the evader's toolkits have that the ones above lack
    "small_caps": styled(SMALL_CAPS, SMALL_CAPS),
    "superscript": styled(SUPER_CAPITAL, SUPER_SMALL),
    "enclosed": enclosed,
    "math_styles": math_styles,
    "zalgo": zalgo,
    "invisible": invisible,
    "spaces": spaces,
    "dotless": dotless,
    "ligatures": ligatures,
    "roman_numerals": roman_numerals,
    "homoglyph_rare": homoglyph_rare,
    "letter_typo": letter_typo,
    # hostile33
    "isolate_words": isolate_words,
    "marks_every": marks_every,
    "tag_text": tag_text,
    "variation": variation,
    "hangul_space": hangul_space,
}
# Applied left to right; bidi last (it wraps the name as displayed).
COMBOS = [
    "homoglyph_third+zero_width",
    "leet+homoglyph_third",
    "leet+zero_width",
    "spelt_word+homoglyph_all",
    "spelt_all+homoglyph_third",
    "reorder+homoglyph_third+zero_width",
    "leet+reorder",
    "leet+punct_join",
    "fullwidth+bidi_wrap",
    "accents_nfkd+homoglyph_third+bidi_wrap",
    "leet+spelt_word",
    "reorder+spelt_word",
    "reorder+spelt_word+bidi_word",
    "small_caps+zero_width",
    "superscript+invisible",
    "enclosed+spaces",
    "zalgo+homoglyph_third",
    "ligatures+homoglyph_third",
    "dotless+leet",
    "roman_numerals+zalgo",
    "homoglyph_rare+invisible",
    "letter_typo+homoglyph_third",
    "small_caps+reorder+bidi_wrap",
    # hostile33
    "math+isolate_words",
    "enclosed+variation",
    "homoglyph_third+marks_every",
    "tag_text+hangul_space",
    "math_styles+tag_text+bidi_wrap",
]
FAMILIES = [*SINGLE, *COMBOS]


def disguise(family: str, name: str, rng: random.Random) -> str:
    text = name
    for op in family.split("+"):
        text = SINGLE[op](text, rng)
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=0, help="names per family (0: all)")
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--only", default="", help="comma-separated families (default: all)")
    ap.add_argument("--show", type=int, default=5, help="escapes printed per family")
    ap.add_argument("--escapes", type=Path, help="write every escape here, one a line (TSV)")
    args = ap.parse_args()

    ents = load_lists("un")
    names = latin_names(ents)
    t0 = time.process_time()
    index = ScreeningIndex(ents)
    print(f"UN list: {len(ents)} entities, {len(names)} Latin names; "
          f"index {time.process_time() - t0:.1f} CPU s")  # fmt: skip
    families = args.only.split(",") if args.only else FAMILIES
    out = args.escapes.open("w", encoding="utf-8") if args.escapes else None
    total = [0, 0, 0]
    head = ("queries", "found", "refused", "escaped", "recall")
    print(f"{'disguise':42} {head[0]:>7} {head[1]:>6} {head[2]:>7} {head[3]:>7} {head[4]:>7}")
    for family in families:
        rng = random.Random(args.seed * 1000 + zlib.crc32(family.encode()))
        probes = rng.sample(names, args.sample) if 0 < args.sample < len(names) else names
        found = refused = 0
        escaped: list[tuple[str, str, str]] = []
        for name, source_id in probes:
            text = disguise(family, name, rng)
            try:
                hits = screen(Query(text), index, limit=50)
            except InvalidQueryError:
                refused += 1
                continue
            if any(m.source_id == source_id for m in hits):
                found += 1
            else:
                escaped.append((source_id, name, text))
        n = len(probes)
        total[0] += n
        total[1] += found + refused
        total[2] += len(escaped)
        print(f"{family:42} {n:7} {found:6} {refused:7} {len(escaped):7} "
              f"{(found + refused) / n:7.2%}")  # fmt: skip
        for source_id, name, text in escaped[: args.show]:
            print(f"    {source_id:10} {name!r:40} {text!r}")
        if out:
            for row in escaped:
                out.write(family + "\t" + "\t".join(map(repr, row)) + "\n")
    if out:
        out.close()
    print(f"{'all':42} {total[0]:7} {'':6} {'':7} {total[2]:7} {total[1] / total[0]:7.2%}")
    print(f"{time.process_time() - t0:.0f} CPU s")


if __name__ == "__main__":
    main()
