"""Characters that hide a name's letters from NFKC and the format-character filter.

Found by composing disguises of real listed names (tests/screening/test_composed_disguises.py):

- **Enclosed letters NFKC leaves alone or breaks up.** Negative circled and squared letters
  (🅐, 🅰), regional indicators (🇦) and dingbat digits (❶, ➊) have no compatibility
  decomposition: as symbols they divided a word, and ``🅼🅾CHAMMAD`` read as ``chammad``.
  Parenthesized letters have one, but into ``(a)``, which also divides the word. Each is read
  as its letter or digit before NFKC. Two regional indicators that stand alone and name a
  country are displayed as its flag (``Rosneft 🇷🇺``), not as letters, and stay symbols;
  glued to a word they are read as letters (``AL-🇲🇺HAMMAD``, a disguise), and
  :func:`flag_readings` reads them as a flag too (``ROSNEFT🇷🇺``, lead session 29).
- **Letter-like symbols NFKC spells out.** ``™`` and ``℠`` decompose into ``TM`` and ``SM``,
  which glued to the word before it (``Rosneft™`` read as ROSNEFTTM cleared ROSNEFT): they
  are marks after a name, read as a space.
- **Invisible letters.** Unicode's default-ignorable code points that are not format
  characters (Hangul fillers, Khmer inherent vowels, variation selectors, the combining
  grapheme joiner, Mongolian variation selectors) show as nothing but were kept as letters or
  marks inside a word; the Braille blank shows as a space and is read as one.
- **Signs an abjad leaves unwritten.** Arabic vowel signs and tatweel, Hebrew points
  (:data:`_ABJAD_SIGNS`).
- **Combining marks that spell letters.** A mark drawn on a Latin letter that NFKC could not
  compose with it, or on no letter at all (a digit, punctuation, a space), is decoration
  (strike-through, underline, "zalgo" stacks), never a letter of a Latin name; but the
  ASCII reading turned some into letters (anyascii: U+0489 ``҉`` as ``1000000``, Arabic
  fatha as ``a``; casefold: U+0345 as ``ι``). Such marks are dropped; an enclosing mark
  (⃝, ҉) is dropped after any letter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from exportctl.text.scripts import char_script
from exportctl.text.tables import read_data

__all__ = ["filler_readings", "flag_readings", "nfkc_unmasked", "unmask", "unmask_marks"]

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt) minus the format (Cf) and
# unassigned (Cn) characters, which tokenize.strip_format drops already.
_IGNORABLE_RANGES = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180D),  # Mongolian free variation selectors
    (0x180F, 0x180F),
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xE0100, 0xE01EF),  # variation selectors supplement
)
_BLANKS = {0x2800: " "}  # Braille pattern blank: drawn as a space
_SIGNS = {0x2120: " ", 0x2122: " "}  # service mark, trade mark sign (NFKC: SM, TM)

# Enclosed alphanumerics, read by their Unicode names (no table to keep in step by hand).
_ENCLOSED_NAME = re.compile(
    r"^(?:NEGATIVE |DINGBAT |DOUBLE )*(?:CIRCLED|SQUARED|PARENTHESIZED|REGIONAL INDICATOR SYMBOL)"
    r"(?: SANS-SERIF)?(?: LATIN (?:CAPITAL|SMALL))? (?:LETTER|DIGIT) ([A-Z]+)$"
)
_DIGITS = {
    "ZERO": "0",
    "ONE": "1",
    "TWO": "2",
    "THREE": "3",
    "FOUR": "4",
    "FIVE": "5",
    "SIX": "6",
    "SEVEN": "7",
    "EIGHT": "8",
    "NINE": "9",
}
_ENCLOSED_BLOCKS = ((0x2460, 0x24FF), (0x2776, 0x2793), (0x1F100, 0x1F1FF))
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]+")


@cache
def _table() -> dict[int, str]:
    """Code point → what it is read as: enclosed letters and digits, blanks, ignorables."""
    table: dict[int, str] = {**_BLANKS, **_SIGNS}
    for lo, hi in _IGNORABLE_RANGES:
        table.update(dict.fromkeys(range(lo, hi + 1), ""))
    for lo, hi in _ENCLOSED_BLOCKS:
        for cp in range(lo, hi + 1):
            m = _ENCLOSED_NAME.match(unicodedata.name(chr(cp), ""))
            if m is None:
                continue
            word = m.group(1)
            small = " SMALL " in unicodedata.name(chr(cp))
            if cp >= 0x1F1E6:
                continue  # regional indicators: read by _regional (a pair alone is a flag)
            if len(word) == 1:
                table[cp] = word.lower() if small else word
            elif word in _DIGITS:
                table[cp] = _DIGITS[word]
    return table


@cache
def _masked() -> re.Pattern[str]:
    """Any character of the BMP :func:`unmask` rewrites (a class of BMP characters only is a
    bitmap to the regex engine, one lookup a character; one past it is a list of ranges)."""
    return re.compile(_char_class(sorted(cp for cp in _table() if cp < 0x10000)))


def _indicator_letters(run: str) -> str:
    """The letters a run of regional indicators spells (🇷🇺: RU)."""
    return "".join(chr(ord(ch) - 0x1F1E6 + ord("A")) for ch in run)


def _regional(match: re.Match[str]) -> str:
    run = match.group()
    text = match.string
    start, end = match.span()
    letters = _indicator_letters(run)
    alone = (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace())
    if alone and len(run) == 2:
        from exportctl.countries import is_country  # (only for a text holding a flag)

        if is_country(letters):
            return run  # a country's flag: displayed as a flag, not as its letters
    return letters


_FLAG_NOTE = "a country's flag glued to the name read as a flag, not as its letters"


def flag_readings(text: str) -> list[tuple[str, str]]:
    """The field with each pair of regional indicators that names a country and is glued to
    a word read as a flag (a space), as a reading beside the letters :func:`unmask` reads:
    ``ROSNEFT🇷🇺`` is ROSNEFT and a flag to the eye, ROSNEFTRU to the letters (lead, session
    29: it cleared ROSNEFT); ``AL-🇲🇺HAMMAD`` is a disguise the letters read."""
    if not text or max(text) < "\U0001f1e6":
        return []
    from exportctl.countries import is_country

    def flag(match: re.Match[str]) -> str:
        run = match.group()
        return " " if len(run) == 2 and is_country(_indicator_letters(run)) else run

    read = _REGIONAL.sub(flag, text)
    return [(read, _FLAG_NOTE)] if read != text and read.strip() else []


# The Hangul fillers (choseong, jungseong, compatibility, halfwidth). In Hangul they hold an
# empty place of a syllable, inside a word, and are read as nothing (_IGNORABLE_RANGES); between
# letters of another script they are drawn as a blank as wide as a syllable: a space to the eye.
_FILLERS = "\u115f\u1160\u3164\uffa0"
# Hangul jamo (conjoining, compatibility, extended, halfwidth; the fillers left out): a filler
# beside one holds an empty place of its syllable.
_JAMO = re.compile(
    "[\u1100-\u115e\u1161-\u11ff\u3131-\u3163\u3165-\u318e\ua960-\ua97f\ud7b0-\ud7ff\uffa1-\uffdc]"
)
_FILLER_RUN = re.compile(f"[\\s{_FILLERS}]*[{_FILLERS}][\\s{_FILLERS}]*")
_FILLER_NOTE = "Hangul fillers between words read as spaces (drawn as blanks)"


def _filler_gap(match: re.Match[str]) -> str:
    """A run of fillers (and the spaces beside it): a space, or, beside a Hangul jamo, the
    run without its fillers."""
    text, (start, end) = match.string, match.span()
    if _JAMO.match(text, start - 1 if start else 0) or _JAMO.match(text, end):
        return match.group().translate(dict.fromkeys(map(ord, _FILLERS)))
    return " "


def filler_readings(text: str) -> list[tuple[str, str]]:
    """The field with each Hangul filler that stands outside Hangul read as a space, as a
    reading beside the one :func:`unmask` gives (every filler read as nothing).

    A filler is drawn as a blank: ``Al\\uffa0Kawthar\\uffa0Company`` shows as AL KAWTHAR COMPANY
    (QDe.157), but read as nothing it glued the words (``AlKawtharCompany``), which met no
    listed name: the listed party escaped (hostile33's *Left*, rev33a). Inside a word
    (``KO\\u3164MID``) the glued reading is the one that finds it; both are screened and the
    better counts, as for the other separators (:func:`exportctl.text.leet.separator_readings`).
    A filler beside a Hangul jamo holds a syllable's empty place and stays nothing.
    """
    if not text or not any(f in text for f in _FILLERS):
        return []
    read = " ".join(_FILLER_RUN.sub(_filler_gap, text).split())
    glued = " ".join(text.translate(dict.fromkeys(map(ord, _FILLERS))).split())
    return [(read, _FILLER_NOTE)] if read and read != glued else []


def unmask(text: str) -> str:
    """Enclosed letters read as letters, invisible letters dropped (before NFKC)."""
    if not text or (_masked().search(text) is None and max(text) < "\U00010000"):
        return text  # (the usual non-ASCII name: Latin-1, Cyrillic, Arabic, Han …)
    if max(text) >= "\U0001f1e6":
        text = _REGIONAL.sub(_regional, text)
    return text.translate(_table())


# Where combining marks are (the BMP, the SMP, the variation selectors supplement), and the
# blocks of Latin letters NFKC leaves as they are.
_MARK_PLANES = ((0x0300, 0x20000), (0xE0100, 0xE01F0))
_LATIN_BLOCKS = (
    (0x0041, 0x0250),
    (0x0250, 0x02B0),
    (0x1D00, 0x1F00),
    (0x2C60, 0x2C80),
    (0xA720, 0xA800),
    (0xAB30, 0xAB70),
)


def mark_code_points() -> tuple[list[int], list[int], list[int], list[int]]:
    """The code points of :func:`_marks_pattern` and :func:`_suspect`, from the running
    Python's Unicode database, each sorted: what a combining mark may follow (no letter, or a
    Latin one), the combining marks, the enclosing marks, and the BMP characters that
    :func:`nfkc_unmasked` must not read by NFKC alone. The long way: ~200k category lookups,
    35-40 ms (``scripts/build_unicode_marks.py`` writes them to ``data/unicode_marks.txt``)."""
    bases: list[int] = []
    marks: list[int] = []
    enclosing: list[int] = []
    for lo, hi in _MARK_PLANES:
        for cp in range(lo, hi):
            cat = unicodedata.category(chr(cp))
            if cat[0] == "M":
                marks.append(cp)
                if cat == "Me":
                    enclosing.append(cp)
            elif cat[0] != "L" and cp < 0x10000:
                bases.append(cp)
    bases.extend(cp for cp in range(0x0300) if unicodedata.category(chr(cp))[0] != "L")
    for lo, hi in _LATIN_BLOCKS:
        bases.extend(cp for cp in range(lo, hi) if char_script(chr(cp)) == "Latn")
    suspect = {cp for cp in _table() if cp < 0x10000}
    suspect.add(0x0640)
    for cp in range(0x00A0, 0x10000):  # (NFKC turns ¯ into a space and a combining macron)
        ch = chr(cp)
        if unicodedata.category(ch)[0] == "M" or (
            unicodedata.decomposition(ch)
            and any(unicodedata.category(c)[0] == "M" for c in unicodedata.normalize("NFKC", ch))
        ):
            suspect.add(cp)
    return sorted(set(bases)), marks, enclosing, sorted(suspect)


def code_point_ranges(cps: list[int]) -> list[tuple[int, int]]:
    """Sorted code points as runs ``(first, last)``."""
    out: list[tuple[int, int]] = []
    for cp in cps:
        if out and cp == out[-1][1] + 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


# The three sets of code points in data/unicode_marks.txt, in its line order.
MARK_SETS = ("bases", "marks", "enclosing", "suspect")


def marks_stamp() -> str:
    """The stamp data/unicode_marks.txt holds: the Unicode version its sets were read from."""
    return f"unicodedata {unicodedata.unidata_version}"


def _stored_mark_ranges() -> list[list[tuple[int, int]]] | None:
    """The runs of each of :data:`MARK_SETS` as ``data/unicode_marks.txt`` gives them; None
    when the file was built from another Unicode version than this Python's (its sets may
    differ: they are then read from the database)."""
    lines = [ln for ln in read_data("unicode_marks.txt").splitlines() if not ln.startswith("#")]
    if not lines or lines[0] != marks_stamp():
        return None
    out: list[list[tuple[int, int]]] = []
    for line, name in zip(lines[1:], MARK_SETS, strict=True):
        label, runs = line.split("\t")
        if label != name:
            raise ValueError(f"data/unicode_marks.txt: {label!r} where {name!r} belongs")
        out.append(
            [(int(a, 16), int(b or a, 16)) for a, _, b in (r.partition("-") for r in runs.split())]
        )
    return out


@cache
def _mark_ranges() -> list[list[tuple[int, int]]]:
    """The runs of each of :data:`MARK_SETS`: from ``data/unicode_marks.txt`` when it was built
    from this Python's Unicode version (the long way, :func:`mark_code_points`, cost each
    process 35-40 ms on its first name with a mark or read without NFKC alone), else from
    the database."""
    stored = _stored_mark_ranges()
    if stored is None:
        stored = [code_point_ranges(cps) for cps in mark_code_points()]
    return stored


@cache
def _marks_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A run of combining marks after a Latin letter or after no letter at all (a digit, a
    space, punctuation, a symbol, the start), or any enclosing mark; and any combining mark
    of the BMP (NFKC leaves none in the usual name: a quick test first)."""
    bases, marks, enclosing, _ = _mark_ranges()
    base, mark = _class_of_runs(bases), _class_of_runs(marks)
    encl = _class_of_runs(sorted([*enclosing, *_DECORATION]))
    bmp = _class_of_runs([(a, min(b, 0xFFFF)) for a, b in marks if a < 0x10000])
    return re.compile(f"(?:^|(?<={base})){mark}+|{encl}+|{_ABJAD_SIGNS}+"), re.compile(
        bmp + "|\u0640"
    )


# Combining marks that are no accent of any written name, dropped after any letter like an
# enclosing mark: the combining Latin small letters (medieval superscript letters: U+0363–036F
# and those of the supplement) and the blocks of marks for phonetics and symbols (extended,
# supplement, for symbols, half marks). After a lookalike of another script's letters (р, հ,
# Ꭱ) they were kept — only marks after a Latin letter were dropped — and a combining Latin
# letter was even read as letters: ``р`` + U+1DD6 (ᷖ, "combining Latin small letter av")
# read as ``rav``. Every UN name with a third of its letters lookalikes and one such mark on
# every letter lost 15 % of them (hostile33, disguise_recall.py ``homoglyph_third+
# marks_every``: 448 of 3,017). An accent of a name's own script (a Cyrillic stress mark,
# U+0301) is no such mark and stays; no name of the bundled lists holds one of these.
_DECORATION = [
    (0x0363, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
]

# Arabic vowel signs, shadda, sukun, Quranic marks and tatweel; Hebrew points and cantillation.
# The consonant frames never read them (text/arabic.py, text/hebrew.py), but left in a word
# they kept it from equalling the listed word written without them: a name typed fully
# vowelled and stretched (اِنْتِصَار العَبِيدِي, انـتـصار) met its listing only through the frames, at
# 0.9 a word, and with another disguise fell below the threshold (found by fuzzing UN names).
_ABJAD_SIGNS = (
    "[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8"
    "\u06ea-\u06ed\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"
)


def _char_class(cps: list[int]) -> str:
    """A regex character class holding exactly the given (sorted) code points."""
    return _class_of_runs(code_point_ranges(cps))


def _class_of_runs(runs: list[tuple[int, int]]) -> str:
    """A regex character class holding exactly the code points of the given (sorted) runs."""
    parts = [re.escape(chr(a)) + ("" if a == b else "-" + re.escape(chr(b))) for a, b in runs]
    return "[" + "".join(parts) + "]"


def unmask_marks(text: str) -> str:
    """Combining marks drawn on a Latin letter or a digit, and enclosing marks, dropped (after
    NFKC, which composes the accents that have a letter of their own)."""
    drop, any_mark = _marks_pattern()
    if not text or (any_mark.search(text) is None and max(text) < "\U00010000"):
        return text
    return drop.sub("", text)


@cache
def _suspect() -> re.Pattern[str]:
    """Any BMP character that :func:`unmask` rewrites, that is a combining mark or tatweel,
    or whose NFKC form holds a combining mark (presentation forms, ``ﹰ``, ``क़``): a text of
    none of them, wholly in the BMP, needs NFKC alone."""
    return re.compile(_class_of_runs(_mark_ranges()[3]))


def nfkc_unmasked(text: str) -> str:
    """NFKC of ``text`` with :func:`unmask` before it and :func:`unmask_marks` after it,
    skipping both (one scan) for the usual name, which holds nothing they change."""
    if text and max(text) < "\U00010000" and _suspect().search(text) is None:
        return unicodedata.normalize("NFKC", text)
    return unmask_marks(unicodedata.normalize("NFKC", unmask(text)))
