"""Arabic-script names against their Latin spellings: consonant frames.

Arabic (and Persian, Urdu) writes a name's consonants and long vowels and leaves the short
vowels out, so one written name has many Latin spellings — ``قاسم``: Qasim, Qasem, Qassem,
Kasim; ``سليماني``: Soleimani, Sulaimani, Suleymani. Rather than guess vowels, a query token in
Arabic script gets a *frame* form (marked with :data:`ABJAD_MARK`): its consonants as the
phonetic classes of :mod:`.phonetic` and, between them, what the script writes there (nothing,
alif, ya, waw, ayn/hamza). A Latin token *fits* the frame when its phonetic key is the frame's
and each vowel gap holds letters that fit the written letter (``data/arabic.yaml``): Hussein
fits ``حسين`` but not ``حسن`` (Hasan), whose second gap writes no long vowel.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from exportctl._yaml import safe_load
from exportctl.text.org_symbols import SYMBOL_MARK
from exportctl.text.phonetic import DIGRAPHS, FOLD, skeleton
from exportctl.text.scripts import to_ascii
from exportctl.text.tables import read_data

__all__ = [
    "ABJAD_MARK",
    "ArabicTables",
    "arabic_frames",
    "arabic_tables",
    "article_frames",
    "article_tail_frames",
    "assimilated_article",
    "frame_fits",
    "frame_key",
    "frame_keys",
    "is_arabic",
    "spellings",
    "split_article",
]

#: First character of a frame form: never a letter, so no Latin token or listed form equals it.
ABJAD_MARK = "\x03"
# Marks of forms that are no spelling: frames, and organisation symbols (text/org_symbols.py).
_NOT_SPELT = frozenset((ABJAD_MARK, SYMBOL_MARK))
_MAX_FRAMES = 6
_MAX_KEYS = 8
_MAX_DOUBLED = 2  # places per token where one class stands twice (each read two ways)
_NONE = "-"


@dataclass(frozen=True, slots=True)
class ArabicTables:
    """Letters → consonant classes or gap codes, and what Latin vowels fit each gap code."""

    consonants: dict[str, tuple[str, ...]]
    vowels: dict[str, str]
    initial: dict[str, str]
    gap_letters: dict[str, tuple[int, frozenset[str]]]
    gap_requires: dict[str, frozenset[str]]
    article: str
    article_spellings: tuple[str, ...]
    compound_heads: tuple[str, ...]
    compound_tails: tuple[str, ...]
    final_none: frozenset[str]
    sun_letters: frozenset[str]
    initial_vowel: frozenset[str]
    final_vowels: dict[str, str]
    inner_consonants: dict[str, str]
    joined_heads: tuple[str, ...]
    digraph_pairs: dict[str, tuple[str, ...]]
    soft_c: str
    construct_finals: dict[str, str] = field(default_factory=dict)
    # The particles' plain transliterations (the first form of their tokens): bn, wld …
    particle_forms: frozenset[str] = frozenset()
    # Neighbouring words also read as one: at most this many letters in one of them, in a name
    # of at most this many words.
    join_short: int = 0
    join_max_words: int = 0
    # Letters that do not join the next one, and (min letters per part, places per word) of a
    # word also read divided after one (arabic_spacing.unjoined_splits).
    non_joining: frozenset[str] = frozenset()
    unjoined_split: tuple[int, int] = (0, 0)
    # Two-letter Latin spellings of one vowel a gap code also holds beyond its max_len in a
    # word's first syllable (the French ou of a short u where nothing is written: المرابطون,
    # AL MOURABITOUN; not MAHMOUD for محمد, whose long u محمود writes).
    gap_spellings: dict[str, frozenset[str]] = field(default_factory=dict)
    # Letters a word joined to a following article may end in: consonants, long vowels, hamza.
    joined_before_article: frozenset[str] = frozenset()
    # Urdu's heh written before an aspirated consonant: (heh letters, after, consonants).
    aspirate_swap: tuple[frozenset[str], frozenset[str], frozenset[str]] = (
        frozenset(),
        frozenset(),
        frozenset(),
    )
    # The article also read with the word before it: (max words in the name, max places).
    article_to_previous: tuple[int, int] = (0, 0)
    # Proclitics written joined before the article (wa-) and the letters left after both.
    article_proclitics: tuple[str, ...] = ()
    proclitic_min_rest: int = 0


@cache
def arabic_tables() -> ArabicTables:
    """The tables of ``data/arabic.yaml``."""
    raw = safe_load(read_data("arabic.yaml"))
    return ArabicTables(
        consonants={str(k): tuple(str(x) for x in v) for k, v in raw["consonants"].items()},
        vowels={str(k): str(v) for k, v in raw["vowels"].items()},
        initial={str(k): str(v) for k, v in raw["initial_consonants"].items()},
        gap_letters={
            str(k): (int(v["max_len"]), frozenset(str(v["letters"])))
            for k, v in raw["gap_letters"].items()
        },
        gap_requires={str(k): frozenset(str(v)) for k, v in raw["gap_requires"].items()},
        article=str(raw["article"]),
        article_spellings=tuple(str(x) for x in raw["article_spellings"]),
        compound_heads=tuple(str(x) for x in raw["compound_heads"]),
        compound_tails=tuple(str(x) for x in raw["compound_tails"]),
        final_none=frozenset(str(raw["final_none"])),
        sun_letters=frozenset(str(x) for x in raw["sun_letters"]),
        initial_vowel=frozenset(str(x) for x in raw["initial_vowel"]),
        final_vowels={str(k): str(v) for k, v in raw["final_vowels"].items()},
        inner_consonants={str(k): str(v) for k, v in raw["inner_consonants"].items()},
        joined_heads=tuple(str(x) for x in raw["joined_heads"]),
        digraph_pairs={
            str(k): tuple(map(str, v)) if isinstance(v, list) else (str(v),)
            for k, v in raw["digraph_pairs"].items()
        },
        soft_c=str(raw["soft_c"]),
        construct_finals={str(k): str(v) for k, v in raw["construct_finals"].items()},
        particle_forms=frozenset(to_ascii(str(p)) for p in raw["particles"]),
        join_short=int(raw["neighbours_joined"]["short"]),
        join_max_words=int(raw["neighbours_joined"]["max_words"]),
        non_joining=frozenset(str(x) for x in raw["unjoined"]["letters"]),
        unjoined_split=(int(raw["unjoined"]["min_part"]), int(raw["unjoined"]["max_places"])),
        gap_spellings={
            str(k): frozenset(str(x) for x in v.get("spellings", ()))
            for k, v in raw["gap_letters"].items()
        },
        # every letter but a teh marbuta (word-final) or an alif madda (word-initial)
        joined_before_article=frozenset(raw["consonants"])
        | frozenset(raw["vowels"]) - frozenset("ةۀۃآ"),
        aspirate_swap=(
            frozenset(str(x) for x in raw["aspirate_swap"]["heh"]),
            frozenset(str(x) for x in raw["aspirate_swap"]["after"]),
            frozenset(str(x) for x in raw["aspirate_swap"]["consonants"]),
        ),
        article_to_previous=(
            int(raw["article_to_previous"]["max_words"]),
            int(raw["article_to_previous"]["max_places"]),
        ),
        article_proclitics=tuple(str(x) for x in raw["article_proclitics"]["letters"]),
        proclitic_min_rest=int(raw["article_proclitics"]["min_rest"]),
    )


@lru_cache(maxsize=4096)
def _is_arabic_char(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("ARABIC")


def is_arabic(token: str) -> bool:
    """Whether every character of ``token`` is an Arabic-script character."""
    return bool(token) and all(_is_arabic_char(ch) for ch in token)


def spellings(forms: tuple[str, ...]) -> tuple[str, ...]:
    """A token's forms that are spellings: its frame forms and organisation symbols (which
    come last, text/org_symbols.py) left out."""
    if forms[-1][0] not in _NOT_SPELT:  # frames and symbols come last: most tokens have none
        return forms
    return tuple(f for f in forms if f[0] not in _NOT_SPELT) or forms[:1]


def split_article(token: str) -> list[str]:
    """``التكريتي`` → ``ال``, ``تكريتي`` (the article written together with the name)."""
    art = arabic_tables().article
    if token.startswith(art) and len(token) >= len(art) + 2:
        return [art, token[len(art) :]]
    return [token]


@lru_cache(maxsize=65_536)
def arabic_frames(token: str) -> tuple[str, ...]:
    """Frame forms of an Arabic-script token (``()`` when a letter is not in the table).

    A frame is ``ABJAD_MARK`` + gap, consonant, gap, … consonant, gap (one character each).
    A word-initial waw or ya is read as a consonant (Walid, Yusuf) and as a vowel (Ould).
    """
    out = list(_frames(token, initial_consonant=True))
    tables = arabic_tables()
    swapped = _aspirate_swapped(token)
    if swapped != token:
        # Urdu: the heh of an aspirated consonant written before it (چوہدری: CHAUDHRY).
        out += [f for f in _frames(swapped, initial_consonant=True) if f not in out]
    final = tables.construct_finals.get(token[-1:])
    if final and len(token) > 2:
        # A final teh marbuta also read as the t it is in a construct (عصبة الأنصار: ASBAT
        # AL-ANSAR; رحمة: RAHMAT): the word with the letter written as teh.
        out += [f for f in _frames(token[:-1] + final, initial_consonant=True) if f not in out]
    if token[:1] in tables.initial:
        out += [f for f in _frames(token, initial_consonant=False) if f not in out]
    # Readings the letters allow as well: the article's l assimilated inside a joined word
    # (شمسالدين: SHAMSUDDIN, عبدالرحمن: ABDERRAHMANE) and a final Persian heh read as the
    # vowel it marks (زاده: ZADA, جمعه: JUMA).
    inner_at = [k for k in range(1, len(token) - 1) if token[k] in tables.inner_consonants]
    if len(inner_at) > 1:
        # Two inner waws: one may be the consonant and the other the vowel (موسوی: MOUSAVI,
        # داوود: DAVOOD), which reading every inner waw as a consonant misses.
        for k in inner_at:
            out += [f for f in _frames(token, True, inner=True, inner_at=k) if f not in out]
    for assimilate, final_vowel, inner in _READINGS:
        out += [
            f for f in _frames(token, True, None, assimilate, final_vowel, inner) if f not in out
        ]
    return tuple(out[:_MAX_FRAMES])


def _aspirate_swapped(token: str) -> str:
    """``token`` with each heh between a long vowel letter and a consonant Urdu aspirates
    moved after that consonant, where Urdu writes aspiration (چوہدری → چودہری)."""
    heh, after, consonants = arabic_tables().aspirate_swap
    chars = list(token)
    for k in range(1, len(chars) - 1):
        if chars[k] in heh and chars[k - 1] in after and chars[k + 1] in consonants:
            chars[k], chars[k + 1] = chars[k + 1], chars[k]
    return "".join(chars)


# Other readings of the letters, in order of use: (assimilated article, final vowel, inner waw
# as a consonant); a reading that changes nothing in a token gives no new frame.
_READINGS = (
    (True, False, False),
    (False, True, False),
    (False, False, True),
    (True, True, False),
    (False, True, True),
)


@lru_cache(maxsize=65_536)
def article_frames(word: str) -> tuple[str, ...]:
    """Frames of a word as lists write it joined to its article: ``العوادي`` as AL-AOUADI is
    two tokens, as ALAOUADI or ELAOUADI one (the article's vowel any: al/el/ul), and before
    a sun letter the article's l assimilates (``السعدي``: ESSAADI, ASSAADI)."""
    tables = arabic_tables()
    out = list(_frames(tables.article + word, initial_consonant=True, first_gap="V"))
    if word[:1] in tables.sun_letters:
        out += [f for f in _frames(word, initial_consonant=True, first_gap="V") if f not in out]
    return tuple(out[:_MAX_FRAMES])


@lru_cache(maxsize=65_536)
def article_tail_frames(word: str, next_word: str) -> tuple[str, ...]:
    """Frames of a word that ends in the article, the article written with the word before
    its own (``بلادال سودان``: BILADIS SUDAN, ``أهلال سنة``: AHLIS SUNNA), its l assimilated
    to ``next_word``'s first letter, a sun letter; ``()`` otherwise. The word's own frames
    (:func:`arabic_frames`) already read the l as spelt (ANSARUL)."""
    tables = arabic_tables()
    art = tables.article
    first = next_word[:1]
    if len(word) <= len(art) or not word.endswith(art) or first == art[-1:]:
        return ()
    if first not in tables.sun_letters or first not in tables.consonants:
        return ()
    out: list[str] = []
    for frame in arabic_frames(word):
        if frame.endswith(tables.consonants[art[-1]][0] + _NONE):
            for cls in tables.consonants[first]:
                f = frame[:-2] + cls + _NONE
                if f not in out:
                    out.append(f)
    return tuple(out[:_MAX_FRAMES])


@lru_cache(maxsize=4096)
def assimilated_article(word: str) -> tuple[str, ...]:
    """Spellings of the article before ``word`` when its l assimilates to the word's first
    letter, a sun letter (السهني: AS-SAHNI, الشريف: ASH-SHARIF, عبد الرحمن: ABD UR-REHMAN);
    () otherwise. Its vowel is any the article is spelt with (al, el, ul)."""
    tables = arabic_tables()
    if word[:1] not in tables.sun_letters or word[:1] == "ل":
        return ()
    first = to_ascii(word[0])
    vowels = dict.fromkeys(s[0] for s in tables.article_spellings)
    return tuple(v + first for v in vowels) if first else ()


def _frames(
    token: str,
    initial_consonant: bool,
    first_gap: str | None = None,
    assimilate: bool = False,
    final_vowel: bool = False,
    inner: bool = False,
    inner_at: int | None = None,
) -> tuple[str, ...]:
    """Frames of one reading: ``assimilate`` drops the l of an article inside the word before
    a sun letter; ``final_vowel`` reads a final letter of ``final_vowels`` as a vowel;
    ``inner`` reads a letter of ``inner_consonants`` inside the word as that consonant (only
    the one at ``inner_at`` when given)."""
    tables = arabic_tables()
    cons: list[tuple[str, ...]] = []
    gaps: list[str] = [""]
    art = tables.article
    skip = -1
    last = len(token) - 1
    if final_vowel and (last < 1 or token[last] not in tables.final_vowels):
        return ()
    if inner and not any(ch in tables.inner_consonants for ch in token[1:last]):
        return ()
    for k, ch in enumerate(token):
        if k == skip or unicodedata.category(ch) in ("Mn", "Lm"):
            continue  # vowel signs (harakat), shadda, sukun, tatweel: not relied on
        if k > 0 and token.startswith(art, k) and token[k - 1] in tables.joined_before_article:
            # The article's alif inside a word (Abdallah / Abdullah), also after a word that
            # ends in a long vowel or hamza (ضياءالدين ZIAUDDIN, علاالدینی ALAODDINI).
            gaps[-1] += "V"
            if assimilate and token[k + 2 : k + 3] in tables.sun_letters:
                skip = k + 1
        elif final_vowel and k == last:
            gaps[-1] += tables.final_vowels[ch]
        elif inner and 0 < k < last and ch in tables.inner_consonants and inner_at in (None, k):
            cons.append((tables.inner_consonants[ch],))
            gaps.append("")
        elif k == 0 and initial_consonant and ch in tables.initial:
            cons.append((tables.initial[ch],))
            gaps.append("")
        elif k == 0 and ch in tables.initial_vowel:
            gaps[-1] += "V"  # an initial alif carries any vowel (Ibrahim, Intissar, Adel)
        elif ch in tables.vowels:
            gaps[-1] += tables.vowels[ch]
        elif ch in tables.consonants:
            cons.append(tables.consonants[ch])
            gaps.append("")
        else:
            return ()
    if not cons:
        return ()
    codes = [g if len(g) == 1 else (_NONE if not g else "V") for g in gaps]
    if first_gap is not None:
        codes[0] = first_gap
    out: list[str] = []
    for choice in itertools.islice(itertools.product(*cons), _MAX_FRAMES):
        # Two consonants of one class with no vowel written between them are one doubled
        # consonant in Latin after folding (Muhammad) or two with a short vowel between
        # (ممدوح: MAMDOUH): a frame for each way at each such place.
        places = [
            k for k in range(1, len(choice)) if choice[k] == choice[k - 1] and codes[k] == _NONE
        ][:_MAX_DOUBLED]
        for keep in itertools.product((False, True), repeat=len(places)):
            apart = {k for k, kept in zip(places, keep, strict=True) if kept}
            parts = [codes[0]]
            for k, (c, g) in enumerate(zip(choice, codes[1:], strict=True)):
                if k in places and k not in apart:
                    parts[-1] = g
                    continue
                parts.extend((c, g))
            frame = ABJAD_MARK + "".join(parts)
            if frame not in out:
                out.append(frame)
    return tuple(out)


@lru_cache(maxsize=65_536)
def frame_key(frame: str) -> str:
    """The phonetic key (:func:`~exportctl.text.phonetic.skeleton`) of the frame's plainest
    spelling; :func:`frame_keys` adds the keys of its other spellings."""
    return _rep_key(frame[2::2], frame[1] != _NONE)


def _rep_key(cons: str, vowel_first: bool) -> str:
    # A representative spelling: vowels between the consonant classes, the y class as j (a
    # y would be dropped as a vowel letter; a j is kept, then folds to y).
    latin = ("a" if vowel_first else "") + "a".join("j" if c == "y" else c for c in cons)
    return skeleton(latin)


@lru_cache(maxsize=65_536)
def frame_keys(frame: str) -> tuple[str, ...]:
    """Phonetic keys of every Latin spelling that may fit the frame (the index looks each
    up): the plain one, consonant + h written as a Latin digraph (أزهر: AZHAR, which the key
    reads as a z), an inner j spelt dj (which the key drops), and an s written as a soft c
    (بلقاسم: BELGACEM, the Maghreb French way)."""
    body = frame[1:]
    cons = body[1::2]
    first = body[0] != _NONE
    tables = arabic_tables()
    variants = [cons]
    # Two consonants with nothing written between them that Latin may spell as one digraph
    # (s + h as sh or zh, t + h as th or dh, k + h as kh or gh, t + s as ts): its class.
    pairs = tables.digraph_pairs
    places = [
        i for i in range(len(cons) - 1) if cons[i : i + 2] in pairs and body[2 * i + 2] == _NONE
    ][:_MAX_DOUBLED]
    # (each pair kept as two letters, or merged into each class its digraphs are read as: k + h
    # is kh or gh, class k, and ch, which the key reads as the s class: CHAIM, MIZRACHI)
    chained: list[tuple[str, tuple[bool, ...]]] = []
    for merge in itertools.product(*[(None, *pairs[cons[i : i + 2]]) for i in places]):
        at = {i: m for i, m in zip(places, merge, strict=True) if m is not None}
        # (open: whether a vowel may stand after each class)
        merged: list[str] = []
        open_: list[bool] = []
        i = 0
        while i < len(cons):
            if i in at and i + 1 not in at:  # overlapping pairs merge once
                merged.append(at[i])
                open_.append(body[2 * i + 4] != _NONE)
                i += 2
            else:
                merged.append(cons[i])
                open_.append(body[2 * i + 2] != _NONE)
                i += 1
        if "".join(merged) not in variants:
            variants.append("".join(merged))
            if at:
                chained.append(("".join(merged), tuple(open_)))
    # A merged digraph's class next to the following consonant may form a digraph again, as
    # the key replaces them one after the other (تحس spelt THS: th → t, then ts → s), which
    # no place of the frame's own consonants shows.
    for _ in range(_MAX_DOUBLED):
        later: list[tuple[str, tuple[bool, ...]]] = []
        for v, apart in chained:
            for j in range(len(v) - 1):
                if apart[j] or v[j : j + 2] not in pairs:
                    continue
                for m in pairs[v[j : j + 2]]:
                    w = v[:j] + m + v[j + 2 :]
                    if w not in variants:
                        variants.append(w)
                        later.append((w, (*apart[:j], apart[j + 1], *apart[j + 2 :])))
        chained = later
    # An inner y class spelt dj (Latin digraph → y) is a vowel letter to the phonetic key;
    # each inner j may be spelt either way (BJBDJ), so every subset of them is dropped; past
    # the bound on places, every one of them dropped as well (a word whose three js a list
    # spells dj, as French spellings do, is dj throughout).
    for v in list(variants):
        every = [i for i, c in enumerate(v) if i > 0 and c == "y"]
        ys = every[:_MAX_DOUBLED]
        for drop in itertools.product((False, True), repeat=len(ys)):
            gone = {i for i, d in zip(ys, drop, strict=True) if d}
            if gone:
                variants.append("".join(c for i, c in enumerate(v) if i not in gone))
        if len(every) > len(ys):
            variants.append("".join(c for i, c in enumerate(v) if i not in every))
    for base in list(variants):
        for i, c in enumerate(base):
            if c == tables.soft_c:
                variants.append(base[:i] + "k" + base[i + 1 :])
    out = [_rep_key(v, first) for v in variants]
    return tuple(dict.fromkeys(out))[:_MAX_KEYS]


# The phonetic key's digraphs, dj/dzh read as the consonant j (the key reads them as y, a
# vowel letter inside a word). Each may also stand for its two letters (ADHAM, ISHAQ, UTSMAN).
_DIGRAPHS = tuple((a, "j" if b == "y" else b) for a, b in DIGRAPHS)
_SOFT_C = re.compile(r"c(?=[eiy])")


_DIGRAPH_OF = dict(_DIGRAPHS)
_MAX_PARSES = 8


def _units(token: str) -> list[tuple[str, ...]]:
    """The token's letters left to right, a digraph as (its key letter, its two letters)."""
    units: list[tuple[str, ...]] = []
    i = 0
    while i < len(token):
        for n in (3, 2):
            d = token[i : i + n]
            if len(d) == n and d in _DIGRAPH_OF:
                units.append((_DIGRAPH_OF[d], d))
                i += n
                break
        else:
            units.append((token[i],))
            i += 1
    return units


@lru_cache(maxsize=200_000)
def _latin_frames(token: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A Latin token's readings as consonant classes and the vowel letters between them: each
    digraph as one consonant or as its two letters (ADHAM, ISHAQ), and a soft c (before e,
    i, y) as s; the reading with every digraph first."""
    bases = [token]
    if _SOFT_C.search(token):
        bases.append(_SOFT_C.sub("s", token))
    out: list[tuple[str, tuple[str, ...]]] = []
    for base in bases:
        for letters in itertools.islice(itertools.product(*_units(base)), _MAX_PARSES):
            out.append(_latin_frame("".join(letters)))
    return tuple(dict.fromkeys(out))


def _latin_frame(t: str) -> tuple[str, tuple[str, ...]]:
    """Consonant classes and vowel gaps of letters read one by one (digraphs resolved)."""
    cons: list[str] = []
    gaps: list[str] = [""]
    for k, ch in enumerate(t):
        if ch in "aeiou" or (k > 0 and ch in "yw"):
            gaps[-1] += ch
            continue
        for c in ch.translate(FOLD):
            if cons and cons[-1] == c and not gaps[-1]:
                continue
            cons.append(c)
            gaps.append("")
    return "".join(cons), tuple(gaps)


def _gap_fits(code: str, gap: str, first_syllable: bool = False) -> bool:
    tables = arabic_tables()
    max_len, letters = tables.gap_letters[code]
    if first_syllable and gap in tables.gap_spellings.get(code, ()):
        return True
    if len(gap) > max_len or not set(gap) <= letters:
        return False
    need = tables.gap_requires.get(code)
    return need is None or not need.isdisjoint(gap)


@lru_cache(maxsize=200_000)
def frame_fits(frame: str, token: str) -> bool:
    """Whether the Latin ``token`` is a spelling of the Arabic ``frame``."""
    if not token.isalpha() or not token.isascii() or skeleton(token) not in frame_keys(frame):
        return False
    body = frame[1:]
    final_none = arabic_tables().final_none
    for cons, gaps in _latin_frames(token):
        if cons != body[1::2]:
            continue
        if body[-1] == _NONE and gaps[-1] and gaps[-1] not in final_none:
            continue
        # The first syllable's vowel: after the first consonant of a word that starts with one.
        first = 1 if not gaps[0] else -1
        if all(
            _gap_fits(code, gap, k == first)
            for k, (code, gap) in enumerate(zip(body[0::2], gaps, strict=True))
        ):
            return True
    return False
