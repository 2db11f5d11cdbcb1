"""Listed names kept normalised in the index, as one short string each.

Scoring a candidate compares the query with the listed name's :class:`~exportctl.text.NormName`;
normalising the listed text again (format characters, transliteration, legal forms, name
parts) is most of a candidate's cost, and a query meets mostly names no earlier query met. As
Python objects a normalised name takes about 2.7 kB — a million-entity index could not hold
them — so each is stored as a string of its parts, leaving out what follows from the tokens
(weights, the usual compact form, the usual cleaned text, Latin script), and decoded when
scored: a few string splits instead of the normalisation.

A name the encoding cannot carry exactly (a token kind it has no code for, a separator inside
a string, weights that do not follow from the tokens) is stored as ``""`` and normalised at
query time as before, so a stored name never scores differently from its text.
"""

from __future__ import annotations

from functools import lru_cache

from exportctl.text import NormName
from exportctl.text.name_tokens import (
    HONORIFIC,
    INITIAL,
    LEGAL,
    NAME,
    PARTICLE,
    PATRONYMIC,
    WEAK_WEIGHT,
    NameToken,
)

__all__ = ["decode", "decode_cached", "encode"]

_FIELD = "\x1e"  # between fields; control characters never survive normalisation
_TOKEN = "\x1d"  # between tokens
_PART = "\x1f"  # between a token's forms and inside list fields
_KIND = "\x1c"  # before the kind code of a token that is not a plain name token
_KINDS = {
    "n": NAME,
    "p": PARTICLE,
    "h": HONORIFIC,
    "l": LEGAL,
    "i": INITIAL,
    "t": PATRONYMIC,
}  # a kind without a code here leaves its names to be normalised at query time
_FIELDS = 7
_CODES = {v: k for k, v in _KINDS.items()}
_LATN = frozenset(("Latn",))
_NONE: frozenset[int] = frozenset()


def encode(name: NormName) -> str:
    """The string :func:`decode` reads back, or ``""`` when it would not decode to an equal
    name: a token kind it has no code for, a separator inside a string, an empty list field
    or an empty string in one, weights that do not follow from the tokens. These are all the
    ways it can differ — the other fields are written out unless equal to what :func:`decode`
    derives (tests/screening/test_name_codec.py round-trips every bundled listed name and
    checks that ``NormName`` has no field this module does not know). One pass, cheaper than
    decoding every name of a million-entity build again."""
    tokens, scripts, notes = name.tokens, name.scripts, name.notes
    if not tokens or not scripts or "" in scripts or "" in notes:
        return ""
    parts: list[str] = []
    texts: list[str] = []
    strings: list[str] = []  # every string written, for the separator check
    total = 0.0
    for t, w in zip(tokens, name.weights, strict=True):
        code = _CODES.get(t.kind)
        forms = t.forms
        text = forms[0]
        if code is None or not text or w != len(text) * (WEAK_WEIGHT if code != "n" else 1.0):
            return ""
        total += w
        body = _PART.join(forms)
        parts.append(body if code == "n" else _KIND + code + body)
        texts.append(text)
        strings += forms
    if total != name.total:  # (sum() adds in the same order)
        return ""
    raw = "".join([*strings, *name.compacts, *notes, *scripts, name.original])
    # (isprintable: one C pass that clears the usual name, which holds no control character)
    if not raw.isprintable() and any(c in raw for c in (_FIELD, _TOKEN, _PART, _KIND)):
        return ""
    joined = "".join(texts)
    spaced = " ".join(texts)
    person = ("p" if name.person else "o") + (str(name.syllable) if name.syllable != -1 else "")
    # Fields most names leave empty come last, and empty trailing fields are not written.
    return _FIELD.join(
        (
            _TOKEN.join(parts),
            "" if person == "o" else person,
            ",".join(map(str, sorted(name.middle))) if name.middle else "",
            "" if name.compacts == (joined,) else "=" + _PART.join(name.compacts),
            "" if name.original == spaced else "=" + name.original,
            "" if scripts == _LATN else _PART.join(sorted(scripts)),
            _PART.join(notes),
        )
    ).rstrip(_FIELD)


@lru_cache(maxsize=1 << 16)
def _token(code: str) -> tuple[NameToken, float]:
    """One encoded token and its weight as normalisation sets it (length, a weak token's at
    WEAK_WEIGHT of it). Memoised: name words repeat across
    listed names, and a query decodes each of its candidates (the token is immutable, so one
    is shared, as ``name_token`` shares them)."""
    if code[0] == _KIND:
        token = NameToken(tuple(code[2:].split(_PART)), _KINDS[code[1]])
    else:
        token = NameToken(tuple(code.split(_PART)), NAME)
    return token, len(token.forms[0]) * (WEAK_WEIGHT if token.kind != NAME else 1.0)


def decode(text: str) -> NormName:
    """The normalised name :func:`encode` wrote (``text`` must not be ``""``)."""
    fields = text.split(_FIELD)
    fields += [""] * (_FIELDS - len(fields))
    tokens_f, person_f, middle_f, compacts_f, original_f, scripts_f, notes_f = fields
    tokens: tuple[NameToken, ...]
    weights: tuple[float, ...]
    tokens, weights = zip(*map(_token, tokens_f.split(_TOKEN)), strict=True)
    if compacts_f and original_f:
        compacts, original = tuple(compacts_f[1:].split(_PART)), original_f[1:]
    else:
        texts = [t.forms[0] for t in tokens]
        compacts = tuple(compacts_f[1:].split(_PART)) if compacts_f else ("".join(texts),)
        original = original_f[1:] if original_f else " ".join(texts)
    return NormName(
        tokens=tokens,
        compacts=compacts,
        original=original,
        scripts=frozenset(scripts_f.split(_PART)) if scripts_f else _LATN,
        weights=weights,
        total=sum(weights),
        middle=frozenset(map(int, middle_f.split(","))) if middle_f else _NONE,
        person=person_f[:1] == "p",
        notes=tuple(notes_f.split(_PART)) if notes_f else (),
        syllable=int(person_f[1:]) if len(person_f) > 1 else -1,
    )


@lru_cache(maxsize=8192)
def decode_cached(text: str) -> NormName:
    """:func:`decode`, memoised for the names scored last: a query decodes its best candidates
    again (to explain them, to weigh their evidence) and popular names meet many queries.
    Bounded (a decoded name takes ~2.7 kB: 8,192 of them ~20 MiB); the name is immutable."""
    return decode(text)
