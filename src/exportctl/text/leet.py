"""Leetspeak: letter-folded readings of tokens that write letters as digits or symbols.

``R0sn3ft`` and ``H1zb0ll4h`` are names with letters swapped for lookalike digits. Such a token
keeps its own spelling (numbers, vessel IMO numbers and codes must stay exact) and gains its
letter-folded readings as further forms; the rules and the table are ``data/leet.yaml``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from exportctl._yaml import safe_load
from exportctl.text.lookalikes import APOSTROPHES
from exportctl.text.tables import read_data

__all__ = [
    "LeetRules",
    "fold_symbols",
    "has_symbols",
    "leet_forms",
    "leet_rules",
    "separator_readings",
    "spelt_readings",
]


@dataclass(frozen=True, slots=True)
class LeetRules:
    """Digit readings, symbol letters and the word-likeness limits of ``data/leet.yaml``."""

    digits: dict[str, tuple[str, ...]]
    symbols: dict[str, str]
    min_letters: int
    letters_per_digit: int
    max_digit_run: int
    max_readings: int


@cache
def leet_rules() -> LeetRules:
    """The rules of ``data/leet.yaml``."""
    raw = safe_load(read_data("leet.yaml"))
    return LeetRules(
        digits={str(k): tuple(str(x) for x in v) for k, v in raw["digits"].items()},
        symbols={str(k): str(v) for k, v in raw["symbols"].items()},
        min_letters=int(raw["min_letters"]),
        letters_per_digit=int(raw["letters_per_digit"]),
        max_digit_run=int(raw["max_digit_run"]),
        max_readings=int(raw["max_readings"]),
    )


@cache
def _symbol_re() -> re.Pattern[str]:
    chars = re.escape("".join(leet_rules().symbols))
    # A symbol with a letter or digit on both sides and a letter on at least one.
    return re.compile(rf"(?<=[^\W_])[{chars}](?=[^\W_])")


@cache
def _any_symbol() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(''.join(leet_rules().symbols))}]")


def has_symbols(text: str) -> bool:
    """Whether ``text`` holds any of the symbols read as letters, wherever it stands (one scan
    in C: every listed name of a build is asked)."""
    return _any_symbol().search(text) is not None


def fold_symbols(chunk: str) -> str:
    """Symbols inside a word replaced by their letters (``h@mas`` → ``hamas``)."""
    if chunk.isalnum() or not has_symbols(chunk):
        return chunk  # the usual case: a plain word
    symbols = leet_rules().symbols
    return _symbol_re().sub(lambda m: symbols[m.group(0)], chunk)


def separator_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name with the symbols between letters read as word separators, with how it was
    read; none when it holds no such symbol.

    :func:`fold_symbols` reads ``|`` between letters as the l it looks like (``A|-Qaida``),
    but a pipe also divides words (``Abou|Sadeq|Alrawi``, ``M|u|n|s|h|a``), and folded in
    place it glued the words into one (``aboulsadeqlalrawi``): the listed name was not found.
    Apostrophes join a word (``O'Brien``, ``Qa'ida``), but a word holding two or more of them
    may be words joined by apostrophes (``LIMITED’LIABILITY’COMPANY``). A query holding
    either is read both ways; the better reading counts (as the parts of a compound query do).
    """
    if text.isascii() and "'" not in text and "`" not in text and not has_symbols(text):
        return ()  # (the usual query)
    # (read as the name's words are: ｜ is |, and marks drawn on the letters or the pipe are
    # gone; tokenize imports this module)
    from exportctl.text.tokenize import strip_format

    clean = strip_format(text)
    apart = _symbol_re().sub(" ", clean) if has_symbols(clean) else clean
    apart = " ".join(
        _APOSTROPHE.sub(" ", chunk) if len(_APOSTROPHE.findall(chunk)) > 1 else chunk
        for chunk in apart.split()
    )
    if apart == " ".join(clean.split()):
        return ()
    return ((apart, "symbols or apostrophes between letters read as word separators"),)


_APOSTROPHE = re.compile(f"(?<=[^\\W_])[{re.escape(APOSTROPHES)}](?=[^\\W_])")


# Two or more one-character words (letters or digits) with the same separator between each
# two: a word spelt letter by letter (R A S H I D I, U.S.A.M.A, K-O-M-1-D, C. o.). The
# separator is anything but letters, digits and what divides a name's parts (commas, brackets,
# quotes). An apostrophe or hyphen of the word may stand spelt among its letters (B a ' a s y
# i r, a·l·-·N·u·a·'·y·m·i), after the first letter; the first letter is none that ends a word
# joined by an apostrophe or hyphen (the last a of Mana'a F a r i s), but may follow a spelt
# hyphen that follows no letter (the quote of "-H-A-S-S-A-N-, spelt too).
_SPELT_ONE = r"(?:[^\W_]|['’‘`-])(?![^\W_])"
_SPELT = re.compile(
    r"(?<![^\W_])(?<![^\W_]['’‘`-])[^\W_](?![^\W_])((?:[^\w,;:()\[\]{}\"]|_)+)"
    + _SPELT_ONE
    + r"(?:\1"
    + _SPELT_ONE
    + ")*"
)


def _join_spelt(m: re.Match[str]) -> str:
    run, sep = m.group(0), m.group(1)
    # (one character, the separator, one character …: a spelt hyphen may be the separator's
    # own character, A-l---I-r-a-q-i, so the run is read by position, not split on it)
    letters = run[:: len(sep) + 1]
    if letters.isdigit():
        # A number spelt out (3 9, 1 9 8 4) is the number, never letters: out of order
        # (``3 9 Division`` for Division 39) no compact form reads it (the compact forms read
        # it in the order written).
        return letters
    if sum(ch.isalpha() for ch in letters) < 2:
        return run  # a letter beside a number (Flat 4 B) stays as written
    return letters


def spelt_readings(text: str) -> tuple[tuple[str, str], ...]:
    """The name with each word spelt letter by letter read as one word; none when it holds
    no such word.

    The compact form of a name reads a spelt word too (``names._spelt_compacts``), but only in
    the order written: a spelt word in a name written in another order than listed
    (``R A S H I D I, ABBAS`` for ABBAS RASHIDI, ``HAQ, A B D U L``) met its listing through no
    token and no compact form (benchmarks/disguise_recall.py: a third of such names). Read as
    a word, the spelt letters are a token like any other: lookalike letters and leetspeak
    digits among them are read as in a word written whole.
    """
    if text.isascii():
        if _SPELT.search(text) is None:
            return ()  # (the usual query)
        clean = text
    else:
        # (read as the name's words are: bidi order, invisible characters and marks undone;
        # tokenize imports this module)
        from exportctl.text.tokenize import strip_format

        clean = strip_format(text, spacing=True)
    # (a pair the legal-form step reads as written, S.A. or B.V., is one word already: no
    # reading of it, which would be a retrieval more for every company `… S.A.`)
    matches = [m for m in _spelt_runs(clean) if not (_is_pair(m) and _abbreviation(m, clean))]
    reads = [_join_spelt(m) for m in matches]
    changed = [k for k, m in enumerate(matches) if reads[k] != m.group(0)]
    if not changed:
        return ()

    def read(kept: set[int]) -> str:
        """The name with every run read but those in ``kept``, left as written."""
        out: list[str] = []
        at = 0
        for k, m in enumerate(matches):
            out += (clean[at : m.start()], m.group(0) if k in kept else reads[k])
            at = m.end()
        out.append(clean[at:])
        return "".join(out)

    how = "letters spelt one by one read as a word"
    # Two characters with a separator are also two initials (``E. X.``): where the name holds
    # more than one such pair, each is also read as a word alone, the other pairs as written —
    # ``C-o-. X. E.`` (E. X. Co. reversed, Co. spelt) is Co. beside the initials X and E, not
    # the words CO and XE.
    pairs = [k for k in changed if _is_pair(matches[k])]
    alone = (
        tuple(
            (read(set(pairs) - {k}), f"{how} (one pair of letters, the others initials)")
            for k in pairs[:_MAX_PAIRS]
        )
        if len(pairs) > 1
        else ()
    )
    return ((read(set()), how), *alone)


_MAX_PAIRS = 3  # pairs read alone, each a reading of its own (a retrieval each)


def _is_pair(m: re.Match[str]) -> bool:
    return len(m.group(0)) == 2 + len(m.group(1))


def _abbreviation(m: re.Match[str], text: str) -> bool:
    """Whether rigour's organisation-type table reads a spelt pair as written, with what
    follows it as far as a separator's length (``S.A``, ``B.V.``: sa, bv)."""
    # (imported here: org_types is light, but leet is imported by the tokenizer early)
    from exportctl.text.org_types import replace_org_types_compare

    written = text[m.start() : m.end() + len(m.group(1))].strip().casefold()
    return replace_org_types_compare(written) != written


def _spelt_runs(text: str) -> list[re.Match[str]]:
    """The runs of spelt characters in ``text``, left to right; a pair whose second letter
    starts a run of three or more of its own is no run: ``Ꭵ Ꭻ-ꮋ-а-ռ-ƍ-Ѵ-і`` is the word I
    and the spelt JHANGVI, not the pair IJ and the letters left (LASHKAR I JHANGVI, spelt in
    lookalikes)."""
    out: list[re.Match[str]] = []
    pos = 0
    while (m := _SPELT.search(text, pos)) is not None:
        if _is_pair(m):
            second = m.end() - 1
            longer = _SPELT.match(text, second)
            if longer is not None and not _is_pair(longer):
                pos = second
                continue
        out.append(m)
        pos = m.end()
    return out


_DIGIT_RUNS = re.compile(r"\d+")


@lru_cache(maxsize=65_536)
def leet_forms(token: str) -> tuple[str, ...]:
    """Letter-folded readings of a lower-case token mixing letters and digits (none otherwise).

    >>> leet_forms("r0sn3ft"), leet_forms("imo9187629"), leet_forms("h1zb0ll4h")
    (('rosneft',), (), ('hizbollah', 'hlzbollah'))
    """
    rules = leet_rules()
    letters = sum(ch.isalpha() for ch in token)
    digits = sum(ch.isdigit() for ch in token)
    if not digits or letters < rules.min_letters or letters < rules.letters_per_digit * digits:
        return ()
    if any(len(run) > rules.max_digit_run for run in _DIGIT_RUNS.findall(token)):
        return ()
    if any(ch.isdigit() and ch not in rules.digits for ch in token):
        return ()
    options = [rules.digits[ch] if ch.isdigit() else (ch,) for ch in token]
    # Every mix of a word's readings, up to max_readings (four 1s: 16): a word may write both
    # letters a digit stands for with it (Ta1en9e1an1m1ro, TALENGELANIMIRO: l, l, i, i), and
    # the first four mixes alone missed that one (disguise24; the listed name escaped).
    out = ["".join(p) for p in itertools.islice(itertools.product(*options), rules.max_readings)]
    return tuple(dict.fromkeys(out))
