"""From a raw name to raw tokens: format characters out, NFKC, split into words.

Also the per-token memo of :func:`.readings.token_forms` that the normalisation uses.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain

from exportctl.text.bidi import has_bidi_controls, reading_order
from exportctl.text.hebrew import drop_abbreviation_marks
from exportctl.text.leet import fold_symbols
from exportctl.text.lookalikes import APOSTROPHES
from exportctl.text.readings import token_forms
from exportctl.text.scripts import char_script
from exportctl.text.unmask import nfkc_unmasked

__all__ = [
    "TOKEN_CACHE",
    "ascii_token_forms",
    "cached_token_forms",
    "chunk_tokens",
    "clean_text",
    "raw_tokens",
    "strip_format",
    "word_scripts",
]

_FORMAT_CATS = frozenset(("Cf", "Cc", "Cs", "Co", "Cn"))
_DOTTED = re.compile(r"^(?:\w\.){2,}\w?$|^\w\.\w$")
_SPLIT = re.compile(r"[^\w\u0300-\uffff]+|_")
_ZWNJ_WORD = re.compile(r"(?<=[\u0600-\u06ff])\u200c(?=[\u0600-\u06ff])")


def strip_format(text: str, spacing: bool = False) -> str:
    """Reading order, NFKC, format/control characters removed, whitespace collapsed; case kept.
    ``spacing``: runs of whitespace kept as written (a word break wider than the spaces of a
    word spelt letter by letter, ``A l  K a w t h a r``, divides two spelt words)."""
    if not text.isascii():
        if has_bidi_controls(text):
            text = reading_order(text)
        # Enclosed letters NFKC leaves as symbols, invisible letters, and combining marks on
        # Latin letters that would read as letters (text/unmask.py: found by fuzzing).
        text = nfkc_unmasked(text)
        if not text.isascii() and "\u200c" in text:
            # A zero-width non-joiner between Arabic-script letters divides the parts of a
            # Persian name (احمدی‌مقدم: AHMADI-MOQADDAM); elsewhere it is dropped like any
            # format character.
            text = _ZWNJ_WORD.sub(" ", text)
    if not text.isprintable():
        # (isprintable: one C pass clears the usual name, which holds no format or control
        # character; an ASCII control such as BEL or ESC — also what NFKC may leave of a
        # non-ASCII text, '\x1b²' — is dropped like a zero-width character, never left to
        # split a word in two: 'Ros\x07neft' reads as 'Rosneft')
        # (a control that is whitespace — tab, form feed, the separators U+001C–U+001F, NEL —
        # still divides words, as str.split reads it)
        text = "".join(
            " " if ch.isspace() else ch
            for ch in text
            if ch.isspace() or unicodedata.category(ch) not in _FORMAT_CATS
        )
    return text.strip() if spacing else " ".join(text.split())


def clean_text(text: str) -> str:
    """NFKC, format/control characters removed, whitespace collapsed, casefolded."""
    return strip_format(text).casefold()


def raw_tokens(text: str) -> list[str]:
    """The raw tokens of a cleaned text, chunk by chunk (:func:`chunk_tokens`)."""
    # (chain/map: one C loop over the memoised chunks, no Python frame per chunk)
    return list(chain.from_iterable(map(chunk_tokens, text.split())))


# Per-token memoisation. Name parts repeat massively in any list (Mohammed, Ali, Company, LLC):
# a 1M-entity corpus has ~1.7M names but ~43k distinct tokens, so the per-word steps below run
# once per distinct word, not once per occurrence. The results are pure functions of their
# arguments (and of the static tables), bounded in number, and never stored in an index.
TOKEN_CACHE = 1 << 15


@lru_cache(maxsize=TOKEN_CACHE)
def chunk_tokens(chunk: str) -> tuple[str, ...]:
    """Raw tokens of one whitespace-separated chunk (apostrophes, dotted abbreviations,
    symbols inside a word, punctuation)."""
    if chunk.isascii() and chunk.isalnum():
        # A plain word (most chunks): no apostrophe, dot or symbol in it and nothing to split
        # it at, so the steps below would give it back whole
        # (tests/text/test_normalisation_shortcuts.py).
        return (chunk,)
    return split_chunk(chunk)


def split_chunk(chunk: str) -> tuple[str, ...]:
    """:func:`chunk_tokens` without its shortcut for plain ASCII words (not memoised)."""
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


@lru_cache(maxsize=TOKEN_CACHE)
def cached_token_forms(
    raw: str, alone: bool, alt: str | None = None, surname: bool = False
) -> tuple[tuple[str, ...], ...]:
    """:func:`.readings.token_forms`, memoised (immutable: callers get a fresh list)."""
    return tuple(token_forms(raw, alone, alt, surname))


@lru_cache(maxsize=TOKEN_CACHE)
def ascii_token_forms(raw: str) -> tuple[str, ...]:
    """The forms of an ASCII raw token: the one token :func:`.readings.token_forms` reads it
    as, whatever its place in the name (``alone``, the lookalike alternative and the surname
    slot only matter to other scripts). Memoised by the word alone, so that a name of ASCII
    words takes each word's forms in one cache lookup (tests/text/test_tokenize.py holds it
    equal to ``token_forms`` for every place)."""
    (forms,) = token_forms(raw, False)
    return forms


@lru_cache(maxsize=TOKEN_CACHE)
def word_scripts(raw: str) -> frozenset[str]:
    """The script classes of a word's characters (:func:`.scripts.char_script`, ``""`` for
    a character of none), memoised by the word."""
    return frozenset(map(char_script, raw))


@lru_cache(maxsize=65_536)
def _wordish(ch: str) -> bool:
    """Letters, digits and combining marks (a mark belongs to the letter before it)."""
    return ch.isalnum() or unicodedata.category(ch).startswith("M")
