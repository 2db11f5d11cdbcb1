"""Arabic-script words against their Latin spellings letter by letter: the strict letter fit.

A consonant frame (:mod:`.arabic`) reads ``جمال`` as j-class, m, alif, l and lets any Latin
token whose letters fold to those classes fit: it finds DJAMEL, but it also lets ``ثريا`` fit
CERO. The strict fit asks more: each Arabic letter is spelt by one of the Latin spellings lists
use for *that* letter (``data/arabic_letters.yaml``: ث th/s/t, ق q/k/g/gh, ي i/y/ee/ei/ai …),
in order, a consonant possibly written doubled (QASSEM, HAJJI: Latin doubles where the script
may write no shadda), and the only Latin letters no Arabic letter backs are single short vowels
between two letters (the harakat the script leaves unwritten). ``جمال`` fits DJAMEL (dj, a, m,
e for alif, l) and not DJAMILA; ``محمد يعقوب`` fits MOHAMMAD YAQOUB word by word.

:func:`letter_fit` fits one word, :func:`name_letter_fit` a whole name: every word of an
Arabic-script name against the words of a Latin one, one to one, a word also fitting two
neighbouring Latin words (the article written joined: المزيده, AL-MAZIDIH) and two neighbouring
words one Latin word (the compound written apart: شمس الدين, SHAMSUDDIN).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from exportctl._yaml import safe_load
from exportctl.text.arabic import arabic_tables, is_arabic
from exportctl.text.hebrew import is_hebrew
from exportctl.text.tables import read_data
from exportctl.text.tokenize import raw_tokens

__all__ = [
    "MAX_WORDS",
    "LetterTables",
    "arabic_words",
    "latin_alphabet",
    "letter_fit",
    "letter_tables",
    "name_letter_fit",
    "required_letters",
    "script_words",
]

_VOWELS = frozenset("aeiou")
MAX_WORDS = 10  # names longer than this are not paired word by word (the search is exponential;
# 10: a Latin name writes each article as its own word, RADI ABD EL SAMIE ABOU EL YAZID EL AYASHI)
_MIN_JOINED = 2  # letters of each word on either side of an article written inside a word


@dataclass(frozen=True, slots=True)
class LetterTables:
    """The tables of ``data/arabic_letters.yaml``."""

    letters: dict[str, tuple[str, ...]]
    initial: dict[str, tuple[str, ...]]
    final: dict[str, tuple[str, ...]]
    after_vowel_letter: dict[str, tuple[str, ...]]
    vowel_letters: frozenset[str]
    no_vowel_after: frozenset[str]
    short_vowels: tuple[str, ...]
    first_syllable_vowels: tuple[str, ...]
    soft_c: frozenset[str]
    soft_c_before: frozenset[str]
    article_initial: tuple[str, ...]
    article_vowels: tuple[str, ...]
    article_inner_vowels: tuple[str, ...]
    # The article as the script writes it ("" where it has none, as Hebrew before names) and
    # the letters its l assimilates to.
    article: str = ""
    sun_letters: frozenset[str] = frozenset()


def _spellings(raw: object) -> dict[str, tuple[str, ...]]:
    assert isinstance(raw, dict)
    return {str(k): tuple(str(x) for x in v) for k, v in raw.items()}


@cache
def letter_tables(script: str = "arabic") -> LetterTables:
    """The tables of ``data/arabic_letters.yaml`` (``script`` "hebrew":
    ``data/hebrew_letters.yaml``, a Hebrew listed name against a Latin query)."""
    raw = safe_load(read_data(f"{script}_letters.yaml"))
    arabic = script == "arabic"
    return LetterTables(
        letters=_spellings(raw["letters"]),
        initial=_spellings(raw["initial"]),
        final=_spellings(raw["final"]),
        after_vowel_letter=_spellings(raw["after_vowel_letter"]),
        vowel_letters=frozenset(str(x) for x in raw["vowel_letters"]),
        no_vowel_after=frozenset(str(x) for x in raw["no_vowel_after"]),
        short_vowels=tuple(str(x) for x in raw["short_vowels"]),
        first_syllable_vowels=tuple(str(x) for x in raw["first_syllable_vowels"]),
        soft_c=frozenset(str(x) for x in raw["soft_c"]),
        soft_c_before=frozenset(str(raw["soft_c_before"])),
        article_initial=tuple(str(x) for x in raw["article_initial"]),
        article_vowels=tuple(str(x) for x in raw["article_vowels"]),
        article_inner_vowels=tuple(str(x) for x in raw["article_inner_vowels"]),
        article=arabic_tables().article if arabic else "",
        sun_letters=arabic_tables().sun_letters if arabic else frozenset(),
    )


def _script(word: str) -> str:
    """Which letter table spells ``word``: Hebrew's for a Hebrew word, else Arabic's."""
    return "hebrew" if is_hebrew(word.replace(" ", "")[:1]) else "arabic"


def _letters(word: str) -> str:
    """The word's letters: vowel signs (harakat), shadda, sukun and tatweel left out (a Latin
    doubling is allowed anywhere, so a written shadda adds nothing). Spaces between words of a
    joined reading stay: they mark where a word starts and ends."""
    return "".join(ch for ch in word if unicodedata.category(ch) not in ("Mn", "Lm"))


def _segments(letters: str, i: int, tables: LetterTables) -> tuple[str, ...]:
    """Latin spellings of the letter at ``i``: its initial ones at the start of a word, its
    final and after-a-long-vowel ones added where they apply."""
    ch = letters[i]
    out = tables.letters.get(ch, ())
    if i == 0 or letters[i - 1] == " ":
        out = tables.initial.get(ch, out)
    elif letters[i - 1] in tables.vowel_letters:
        out = (*out, *tables.after_vowel_letter.get(ch, ()))
    if i == len(letters) - 1 or letters[i + 1] == " ":
        out = (*out, *tables.final.get(ch, ()))
    if ch in tables.soft_c:
        out = (*out, "c")
    return out


def _joined_word(letters: str, at: int, step: int) -> bool:
    """Whether at least ``_MIN_JOINED`` letters of one word lie before ``at`` (``step`` -1) or
    from ``at`` on (``step`` 1): the article inside a word stands between two words written
    together (عبدالله, ذوالقدر), not in the middle of one (خالد is no KH-UD-D, جمال no JUMUL)."""
    run = letters[:at][::-1] if step < 0 else letters[at:]
    return len(run.split(" ", 1)[0]) >= _MIN_JOINED


@lru_cache(maxsize=200_000)
def letter_fit(word: str, latin: str) -> bool:
    """Whether the Latin ``latin`` (casefolded ASCII letters) spells the Arabic-script ``word``
    letter by letter (module docstring); False for a letter the table does not know. ``word``
    may be several words joined by spaces (a name spaced otherwise than the Latin one): each
    word starts and ends as a word, and a short vowel may join them."""
    letters = _letters(word)
    if not letters.strip(" ") or not latin.isascii() or not latin.isalpha():
        return False
    tables = letter_tables(_script(letters))
    if any(ch not in tables.letters for ch in letters if ch != " "):
        return False
    art = tables.article
    sun = tables.sun_letters
    n, m = len(letters), len(latin)
    bar = tables.no_vowel_after
    memo: dict[tuple[int, int, bool], bool] = {}

    def spell(i: int, j: int, seg: str) -> list[int]:
        """Latin positions after spelling the letter at ``i`` with ``seg`` from ``j``."""
        if not latin.startswith(seg, j):
            return []
        soft = seg == "c" and letters[i] in tables.soft_c
        if soft and latin[j + 1 : j + 2] not in tables.soft_c_before:
            return []
        ends = [j + len(seg)]
        if seg and seg[0] not in _VOWELS and latin.startswith(seg[0], j + len(seg)):
            ends.append(j + len(seg) + 1)  # written doubled (QASSEM, HAJJI, ABBAS)
        return ends

    def article(i: int, j: int) -> list[tuple[int, int]]:
        """(letter, Latin) positions after the article at ``i`` spelt from ``j``."""
        nxt = i + len(art)
        if not art or not letters.startswith(art, i):
            return []
        word_start = i == 0 or letters[i - 1] == " "
        if not word_start and not (_joined_word(letters, i, -1) and _joined_word(letters, nxt, 1)):
            return []  # inside a word: only between two words written together
        out: list[tuple[int, int]] = []
        if word_start:
            heads: tuple[str, ...] = tables.article_initial
            vowels = tables.article_vowels
        else:
            heads = tuple(v + "l" for v in tables.article_inner_vowels)
            vowels = tables.article_inner_vowels
        out += [(nxt, j + len(h)) for h in heads if latin.startswith(h, j)]
        if nxt < n and letters[nxt] in sun and letters[nxt] != "ل":
            # The l assimilated to a sun letter (ASSAADI, SHAMSUDDIN): its vowel alone.
            out += [(nxt, j + len(v)) for v in vowels if latin.startswith(v, j)]
        return out

    def fit(i: int, j: int, gap: bool) -> bool:
        """Letters from ``i`` spelt by the Latin from ``j``; ``gap``: a short vowel may come
        first (between the letter before and this one)."""
        if i == n:
            return j == m
        if letters[i] == " ":
            return fit(i + 1, j, True)  # a vowel may join two words (ABDURABBUH)
        key = (i, j, gap)
        if key in memo:
            return memo[key]
        memo[key] = False  # (no cycle: every step consumes a letter or a vowel)
        ok = False
        if gap:
            first = i >= 1 and (i == 1 or letters[i - 2] == " ")
            vowels = tables.short_vowels + (tables.first_syllable_vowels if first else ())
            ok = any(latin.startswith(v, j) and fit(i, j + len(v), False) for v in vowels)
        if not ok:
            ok = any(fit(i2, j2, False) for i2, j2 in article(i, j))
        if not ok:
            ok = any(
                fit(i + 1, end, i + 1 < n and letters[i] not in bar)
                for seg in _segments(letters, i, tables)
                for end in spell(i, j, seg)
            )
        memo[key] = ok
        return ok

    return fit(0, 0, False)


@lru_cache(maxsize=4096)
def latin_alphabet(words: tuple[str, ...]) -> frozenset[str]:
    """Every Latin letter a spelling of ``words`` letter by letter may write: the spellings of
    its letters in any position, the short vowels, the article's letters and the soft c. A
    Latin name with a letter outside it cannot fit (:func:`name_letter_fit`), which rules out
    most rows before the fit is tried."""
    tables = letter_tables(_script(words[0]) if words else "arabic")
    out = set("".join(tables.short_vowels) + "".join(tables.first_syllable_vowels))
    out.update("".join(tables.article_initial) + "".join(tables.article_inner_vowels))
    for ch in {c for w in words for c in _letters(w)}:
        for table in (tables.letters, tables.initial, tables.final, tables.after_vowel_letter):
            out.update("".join(table.get(ch, ())))
        if ch in tables.soft_c:
            out.add("c")
    return frozenset(out)


@lru_cache(maxsize=4096)
def required_letters(words: tuple[str, ...]) -> frozenset[str]:
    """Latin letters every letter-by-letter spelling of ``words`` writes: for each letter
    that is not part of an article, the letters all its spellings (in any position) share —
    m for م, h for ح, sh's h for ش (sh, ch, sch), none for ك (k, c, ck) or for ayn (which may
    go unspelt). A Latin name lacking one cannot fit (:func:`name_letter_fit`: every letter
    not read as the article is spelt by one of its spellings), so retrieval rules a row out,
    and counts what it cuts, without the fit's search (screening/letter_retrieval.py)."""
    tables = letter_tables(_script(words[0]) if words else "arabic")
    art = tables.article
    out: set[str] = set()
    for word in words:
        letters = _letters(word)
        # Positions an article may cover (its l assimilated or written with another vowel).
        covered = {
            k for i in range(len(letters)) if art and letters.startswith(art, i)
            for k in range(i, i + len(art))
        }  # fmt: skip
        for i, ch in enumerate(letters):
            if ch == " " or i in covered:
                continue
            segs = {
                seg
                for table in (tables.letters, tables.initial, tables.final)
                for seg in table.get(ch, ())
            } | set(tables.after_vowel_letter.get(ch, ()))
            if ch in tables.soft_c:
                segs.add("c")
            if not segs or "" in segs:
                continue  # (a letter the table does not know: the fit fails on it anyway)
            out.update(set.intersection(*(set(seg) for seg in segs)))
    return frozenset(out)


@lru_cache(maxsize=4096)
def arabic_words(text: str) -> tuple[str, ...] | None:
    """The words of a name written wholly in Arabic script (NFKC: presentation forms read as
    letters), or None when a word is in another script."""
    words = tuple(raw_tokens(unicodedata.normalize("NFKC", text)))
    if not words or not all(is_arabic(w) for w in words):
        return None
    return words


@lru_cache(maxsize=4096)
def script_words(text: str) -> tuple[str, ...] | None:
    """The words of a name written wholly in Arabic script or wholly in Hebrew script (NFKC),
    or None: the names the strict letter fit can read against a Latin one."""
    words = tuple(raw_tokens(unicodedata.normalize("NFKC", text)))
    if not words or not (all(map(is_arabic, words)) or all(map(is_hebrew, words))):
        return None
    return words


def name_letter_fit(words: tuple[str, ...], latin: list[str]) -> bool:
    """Whether every Arabic-script word spells Latin words letter by letter and every Latin
    word is spelt, one to one — or one or two neighbouring words and one to three neighbouring
    Latin words joined (each word keeping its boundaries): Arabic script and Latin lists space a
    name's parts each their own way (the article written joined, المزيده: AL-MAZIDIH; a compound
    written apart, شمس الدين: SHAMSUDDIN; joined and apart at once, محمدعبد البصیر: MOHAMMAD
    ABDUL BASIR)."""
    if not words or not latin or max(len(words), len(latin)) > MAX_WORDS:
        return False
    if len(latin) > 3 * len(words) or len(words) > 2 * len(latin):
        return False
    used = [False] * len(latin)

    def take(k: int) -> bool:
        if k == len(words):
            return all(used)
        for nxt in (k + 1, k + 2)[: len(words) - k]:
            word = " ".join(words[k:nxt])
            for a in range(len(latin)):
                for b in (a + 1, a + 2, a + 3):
                    if b > len(latin) or any(used[a:b]):
                        continue
                    if not letter_fit(word, "".join(latin[a:b])):
                        continue
                    used[a:b] = [True] * (b - a)
                    if take(nxt):
                        return True
                    used[a:b] = [False] * (b - a)
        return False

    return take(0)
