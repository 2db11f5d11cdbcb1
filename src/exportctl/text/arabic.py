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
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from exportctl._yaml import safe_load
from exportctl.text.phonetic import DIGRAPHS, FOLD, skeleton
from exportctl.text.tables import read_data

__all__ = [
    "ABJAD_MARK",
    "ArabicTables",
    "arabic_alternatives",
    "arabic_frames",
    "arabic_tables",
    "article_frames",
    "frame_fits",
    "frame_key",
    "is_arabic",
    "split_article",
]

#: First character of a frame form: never a letter, so no Latin token or listed form equals it.
ABJAD_MARK = "\x03"
_MAX_FRAMES = 4
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
    compound_heads: tuple[str, ...]
    compound_tails: tuple[str, ...]
    final_none: frozenset[str]
    sun_letters: frozenset[str]
    initial_vowel: frozenset[str]


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
        compound_heads=tuple(str(x) for x in raw["compound_heads"]),
        compound_tails=tuple(str(x) for x in raw["compound_tails"]),
        final_none=frozenset(str(raw["final_none"])),
        sun_letters=frozenset(str(x) for x in raw["sun_letters"]),
        initial_vowel=frozenset(str(x) for x in raw["initial_vowel"]),
    )


@lru_cache(maxsize=4096)
def _is_arabic_char(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("ARABIC")


def is_arabic(token: str) -> bool:
    """Whether every character of ``token`` is an Arabic-script character."""
    return bool(token) and all(_is_arabic_char(ch) for ch in token)


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
    out = _frames(token, initial_consonant=True)
    if token[:1] in arabic_tables().initial:
        out += tuple(f for f in _frames(token, initial_consonant=False) if f not in out)
    return out[:_MAX_FRAMES]


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


def _frames(token: str, initial_consonant: bool, first_gap: str | None = None) -> tuple[str, ...]:
    tables = arabic_tables()
    cons: list[tuple[str, ...]] = []
    gaps: list[str] = [""]
    art = tables.article
    for k, ch in enumerate(token):
        if unicodedata.category(ch) in ("Mn", "Lm"):
            continue  # vowel signs (harakat), shadda, sukun, tatweel: not relied on
        if k > 0 and token.startswith(art, k) and token[k - 1] in tables.consonants:
            gaps[-1] += "V"  # the article's alif inside a word (Abdallah / Abdullah)
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
        parts = [codes[0]]
        for c, g in zip(choice, codes[1:], strict=True):
            if parts[-1] == _NONE and len(parts) > 1 and parts[-2] == c:
                parts[-1] = g  # a doubled consonant (written once in Latin after folding)
                continue
            parts.extend((c, g))
        frame = ABJAD_MARK + "".join(parts)
        if frame not in out:
            out.append(frame)
    return tuple(out)


@lru_cache(maxsize=65_536)
def frame_key(frame: str) -> str:
    """The phonetic key (:func:`~exportctl.text.phonetic.skeleton`) every fitting token has."""
    body = frame[1:]
    # A representative spelling: vowels between the consonant classes, the y class as j (a
    # y would be dropped as a vowel letter; a j is kept, then folds to y).
    cons = ["j" if c == "y" else c for c in body[1::2]]
    latin = ("a" if body[0] != _NONE else "") + "a".join(cons)
    return skeleton(latin)


@lru_cache(maxsize=200_000)
def _latin_frame(token: str) -> tuple[str, tuple[str, ...]]:
    """A Latin token's consonant classes and the vowel letters between them."""
    t = token
    for a, b in DIGRAPHS:
        if a in t:
            t = t.replace(a, b)
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


def _gap_fits(code: str, gap: str) -> bool:
    tables = arabic_tables()
    max_len, letters = tables.gap_letters[code]
    if len(gap) > max_len or not set(gap) <= letters:
        return False
    need = tables.gap_requires.get(code)
    return need is None or not need.isdisjoint(gap)


@lru_cache(maxsize=200_000)
def frame_fits(frame: str, token: str) -> bool:
    """Whether the Latin ``token`` is a spelling of the Arabic ``frame``."""
    if not token.isalpha() or not token.isascii() or skeleton(token) != frame_key(frame):
        return False
    body = frame[1:]
    cons, gaps = _latin_frame(token)
    if cons != body[1::2]:
        return False
    if body[-1] == _NONE and gaps[-1] and gaps[-1] not in arabic_tables().final_none:
        return False
    return all(_gap_fits(code, gap) for code, gap in zip(body[0::2], gaps, strict=True))


def arabic_alternatives(text: str) -> tuple[tuple[str, str], ...]:
    """Other word divisions of an Arabic-script name, each with how it was read:
    ``عبد الرحمن`` also as ``عبدال رحمن`` (ABDUL RAHMAN) and ``عبدالرحمن`` (ABDULRAHMAN), a
    joined ``عبدالرحمن`` also divided, and ``خير الله`` also as ``خيرالله`` (KHAYRALLAH)."""
    if text.isascii():
        return ()
    tables = arabic_tables()
    art = tables.article
    words = text.split()
    out: dict[str, str] = {}
    for i, w in enumerate(words):
        for head in tables.compound_heads:
            rest: str | None = None
            if w == head and i + 1 < len(words) and words[i + 1].startswith(art):
                rest = words[i + 1][len(art) :]
                span = 2
            elif w.startswith(head + art) and len(w) > len(head + art) + 1:
                rest = w[len(head + art) :]
                span = 1
            if not rest:
                continue
            before, after = words[:i], words[i + span :]
            for joined, how in (
                (f"{head}{art} {rest}", f"{head} {art}- read as one word"),
                (f"{head}{art}{rest}", "written as one word"),
                (f"{head} {art}{rest}", "written as two words"),
            ):
                alt = " ".join([*before, joined, *after])
                if alt != text and alt not in out:
                    out[alt] = how
        if i + 1 < len(words) and words[i + 1] in tables.compound_tails and is_arabic(w):
            alt = " ".join([*words[:i], w + words[i + 1], *words[i + 2 :]])
            out.setdefault(alt, "written as one word")
    return tuple(out.items())
