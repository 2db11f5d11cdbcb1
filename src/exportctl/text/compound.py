"""Compound names: one name field that packs several names of an entity.

Lists write ``BANK SEPAH AND BANK SEPAH INTERNATIONAL``, ``COMPAGNIE AERIENNE DES GRANDS LACS
(CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)`` or ``X a.k.a. Y`` in one field. A customer who
writes one of those names scores poorly against the whole field (``Bank Sepah``: 0.59), so the
field is split into *derived* names of the entity, each saying how it was derived. The full
name always stays as well.

Splitting is conservative because ``AND`` is also part of real names (``TRADING AND TRANSPORT
SERVICES COMPANY``, ``KOREA HYOKSIN EXPORT AND IMPORT CORPORATION``): at ``;`` and the alias
markers (a.k.a., f.k.a., formerly, also known as) always; at `` AND `` only when both sides are
names in their own right — they start with the same word (``BANK SEPAH`` / ``BANK SEPAH
INTERNATIONAL``) or the left side ends with its bracketed acronym (``... CENTRE (NFRPC) AND
ESFAHAN ...``), each side at least two words. A bracketed all-capitals acronym is dropped from
the name, and becomes a name of its own when its letters are the initials of the name's words
in order (``CAGL``: Compagnie Aerienne des Grands Lacs; ``(NGO)`` after a French name is not).
"""

from __future__ import annotations

import re
from functools import lru_cache

from exportctl.text.regex_guards import RUN_START
from exportctl.text.scripts import char_script

__all__ = ["split_compound"]

# (RUN_START: no match starts inside a run of spaces — with the two ``\s*`` around an optional
# comma, a run of them before no marker was n³ steps; text/regex_guards.py, hang28)
_ALIAS_MARK = re.compile(
    RUN_START + r"\s*(?:,\s*)?\(?\b(?:a\.k\.a\.?|a/k/a|f\.k\.a\.?|f/k/a|also known as|"
    r"formerly known as|"
    r"previously known as|formerly)(?=\s)\s*",
    re.IGNORECASE,
)
_SEMI = re.compile(RUN_START + r"\s*;\s*")
_AND = re.compile(RUN_START + r"\s+AND\s+", re.IGNORECASE)
_ACRONYM = re.compile(RUN_START + r"\s*\(([A-Z][A-Z0-9&./-]{1,11})\)")
# What a name holds to be split (a fast path for the usual name), looked for in the casefolded
# text: a part of every match of the patterns above. Casefolding maps each character alone,
# keeps whitespace, and folds the markers' letters exactly as re.IGNORECASE matches them
# (tests/text/test_reader_prechecks.py, every code point), so each match holds one of these.
_MARKERS = (";", "(", "k.a", "k/a", "formerly", "known as")
# Any marker, in one regex scan (every listed name of a build is asked this).
_ANY_MARKER = re.compile("|".join(map(re.escape, _MARKERS)))
# AND between any whitespace, as _AND reads it (a tab around it split nothing when this looked
# for " and "); asked only of a name holding "and" at all.
_SPACED_AND = re.compile(r"\sand\s")
_MIN_ACRONYM = 3  # two-letter acronyms alone are too ambiguous to stand as names
_WORD = re.compile(r"[^\W\d_]+")


def _initials_match(acronym: str, name: str) -> bool:
    """Whether the acronym's letters are initials of the name's words, in order."""
    letters = [ch for ch in acronym.upper() if ch.isalpha()]
    initials = [w[0].upper() for w in _WORD.findall(name)]
    k = 0
    for ch in initials:
        if k < len(letters) and ch == letters[k]:
            k += 1
    return k == len(letters) and len(letters) >= _MIN_ACRONYM


def _trim(text: str) -> str:
    """Spaces, commas and semicolons off the ends, and a bracket left unmatched by a split."""
    text = " ".join(text.strip(" ,;").split())
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(" ,;")
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].lstrip(" ,;")
    return text


def _and_parts(text: str) -> list[str]:
    """Sides of the first `` AND `` at which both sides are names in their own right: they
    start with the same word, or the left one ends with its bracketed acronym (else the text
    alone)."""
    for m in _AND.finditer(text):
        left, right = text[: m.start()], text[m.end() :]
        lw, rw = left.split(), right.split()
        if len(lw) < 2 or len(rw) < 2:
            continue
        if lw[0].casefold() == rw[0].casefold() or _ACRONYM.search(lw[-1]) is not None:
            return [left, *_and_parts(right)]
    return [text]


def _strip_acronym(text: str, acronyms: bool) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    found = _ACRONYM.findall(text)
    if not found:
        return out
    bare = " ".join(_ACRONYM.sub(" ", text).split())
    if bare and bare != text:
        out.append((bare, "without the bracketed acronym"))
    if acronyms:
        for acr in found:
            if _initials_match(acr, bare):
                out.append((acr, "bracketed acronym"))
    return out


_MIN_LATIN_RUN = 2  # a Latin part of one word beside another script is no name of its own


def _script_parts(text: str) -> list[tuple[str, str]]:
    """A name written once in Latin letters and once in another script, side by side
    (``Agha Jan Alizai اغا جان عالیزی``, ``Jin Tiesan (金铁三)``): each part, else nothing.
    Only exactly two runs (Latin of two words or more, then the other script, or the other way
    round), so that a note in the field is never taken for a name."""
    runs: list[tuple[bool, list[str]]] = []
    for word in text.replace("(", " ").replace(")", " ").split():
        letters = [ch for ch in word if ch.isalpha()]
        if not letters:
            continue
        latin = all(char_script(ch) == "Latn" for ch in letters)
        if not latin and any(char_script(ch) == "Latn" for ch in letters):
            return []  # a word mixing the scripts: a disguise, not two names
        if runs and runs[-1][0] == latin:
            runs[-1][1].append(word)
        else:
            runs.append((latin, [word]))
    if len(runs) != 2 or len(next(r for lat, r in runs if lat)) < _MIN_LATIN_RUN:
        return []
    return [(" ".join(r), "written in two scripts, one part") for _, r in runs]


@lru_cache(maxsize=1 << 15)
def _latin_word(word: str) -> bool:
    """Whether every letter of a word is a Latin one (memoised by the word)."""
    return all(char_script(ch) in ("Latn", "") for ch in word)


def split_compound(text: str, acronyms: bool = True) -> tuple[tuple[str, str], ...]:
    """Names derived from a compound name field, each with how it was derived (not ``text``).

    ``acronyms=False`` leaves out bracketed acronyms as names of their own (a query's acronym
    is no evidence of who it is).

    >>> split_compound("BANK SEPAH AND BANK SEPAH INTERNATIONAL")
    (('BANK SEPAH', "split at 'AND'"), ('BANK SEPAH INTERNATIONAL', "split at 'AND'"))
    """
    folded = text.casefold()
    has_marker = _ANY_MARKER.search(folded) is not None or (
        "and" in folded and _SPACED_AND.search(folded) is not None
    )
    mixed = not text.isascii() and any(ch.isascii() and ch.isalpha() for ch in text)
    if not has_marker and (
        not mixed
        # Latin letters only (Müller, Łukasz): no two-script parts, and no 'AND' or alias
        # marker to split at — the steps below would find nothing.
        or (
            all(map(_latin_word, text.split()))
            and _AND.search(text) is None
            and _ALIAS_MARK.search(text) is None
        )
    ):
        return ()  # the usual name: nothing packed into it
    stripped = text.strip()
    out: dict[str, str] = {}

    def add(name: str, how: str) -> None:
        name = _trim(name)
        if name and name != stripped and name not in out and any(ch.isalpha() for ch in name):
            out[name] = how

    pieces: list[tuple[str, str]] = []
    semi = [p for p in _SEMI.split(stripped) if p.strip()]
    for p in semi:
        how = "split at ';'" if len(semi) > 1 else ""
        marked = [q for q in (_trim(x) for x in _ALIAS_MARK.split(p)) if q]
        for q in marked:
            pieces.append(
                (
                    q,
                    "split at an alias marker (a.k.a., f.k.a., formerly)"
                    if len(marked) > 1
                    else how,
                )
            )
    for piece, how in pieces:
        sides = _and_parts(piece)
        for side in sides:
            side_how = "split at 'AND'" if len(sides) > 1 else how
            if side_how:
                add(side, side_how)
            for name, why in _strip_acronym(side, acronyms):
                add(name, why if not side_how else f"{side_how}, {why}")
            if mixed:
                for name, why in _script_parts(side):
                    add(name, why if not side_how else f"{side_how}, {why}")
    return tuple(out.items())
