"""Name tokens and normalised names: the data the normalisation produces, and token kinds.

A token's kind says how much it weighs: a name word fully, a weak token (legal form, particle,
honorific, initial, patronymic) at ``WEAK_WEIGHT`` of its length, and never a match alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from exportctl.text.arabic import ABJAD_MARK, arabic_tables
from exportctl.text.tables import name_parts

__all__ = [
    "HONORIFIC",
    "INITIAL",
    "LEGAL",
    "NAME",
    "PARTICLE",
    "PATRONYMIC",
    "WEAK_WEIGHT",
    "NameToken",
    "NormName",
    "name_token",
    "token_kind",
]

WEAK_WEIGHT = 0.3  # share of its length a weak token (legal form, particle, initial) weighs

# Token kinds: weak tokens weigh less and never make a match alone.
NAME, PARTICLE, HONORIFIC, LEGAL, INITIAL = "name", "particle", "honorific", "legal", "initial"
PATRONYMIC = "patronymic"  # a Cyrillic patronymic (Юрьевна): a middle name lists often leave out


@dataclass(frozen=True, slots=True)
class NameToken:
    """One name part: its ASCII spellings (preferred first) and its kind."""

    forms: tuple[str, ...]
    kind: str = NAME

    @property
    def text(self) -> str:
        return self.forms[0]

    @property
    def weak(self) -> bool:
        return self.kind != NAME


@dataclass(frozen=True, slots=True)
class NormName:
    """A normalised name: tokens, compact forms (tokens joined) and the cleaned original."""

    tokens: tuple[NameToken, ...]
    compacts: tuple[str, ...]
    original: str  # NFKC, format characters removed, casefolded: for same-script comparison
    scripts: frozenset[str]
    weights: tuple[float, ...]  # per token: length, weak tokens at WEAK_WEIGHT of it
    total: float
    # Person names only: indices of the tokens that are neither the (first) given name nor the
    # surname — middle names, patronymics, lineage ("bin Muhammad"), particles. Empty otherwise.
    middle: frozenset[int] = frozenset()
    person: bool = False
    # Readings that are not the text as written (bidi reordering, leetspeak folding,
    # romanisation of another script), for the explanation a reviewer reads.
    notes: tuple[str, ...] = ()
    # Person names written surname + two given-name syllables (RI YONG MU): the index of the
    # syllable a record may leave out (RI MU), else -1. It is one of ``middle``.
    syllable: int = -1

    @property
    def digits(self) -> bool:
        """Whether any token is a number."""
        return any(t.text.isdigit() for t in self.tokens)

    @property
    def key(self) -> str:
        """Space-joined preferred forms (stable, human-readable)."""
        return " ".join(t.text for t in self.tokens)


def _kind(token: str, legal: bool) -> str:
    parts = name_parts()
    if legal:
        return LEGAL
    if len(token) == 1 and token.isalpha():
        return INITIAL
    if token in parts.honorifics:
        return HONORIFIC
    if token in parts.particles:
        return PARTICLE
    return NAME


def token_kind(forms: tuple[str, ...]) -> str:
    """Kind of a token by its forms. An Arabic- or Hebrew-script word (it has consonant frames)
    is a name: its letter-by-letter transliteration (``st``, ``lt``) is no Latin abbreviation;
    unless it is one of the script's lineage particles (``بن``, ``ولد``: arabic.yaml)."""
    if len(forms) > 1 and forms[-1][0] == ABJAD_MARK and len(forms[0]) > 1:
        return PARTICLE if forms[0] in arabic_tables().particle_forms else NAME
    return _kind(forms[0], False)


@lru_cache(maxsize=1 << 15)  # tokenize.TOKEN_CACHE (importing it here would be a cycle)
def name_token(forms: tuple[str, ...]) -> NameToken:
    """``NameToken(forms, token_kind(forms))``, memoised by the forms: a person name's tokens
    are built this way, and name words repeat (the token is immutable, so one is shared)."""
    return NameToken(forms, token_kind(forms))


def without_frames(name: NormName) -> NormName:
    """``name`` with no consonant frames among its tokens' forms (each keeps its kind)."""
    if not any(t.forms[-1][0] == ABJAD_MARK for t in name.tokens):
        return name
    tokens = tuple(
        NameToken(tuple(f for f in t.forms if f[0] != ABJAD_MARK) or t.forms[:1], t.kind)
        for t in name.tokens
    )
    return replace(name, tokens=tokens)
