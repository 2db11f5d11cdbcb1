"""Transliteration-variant key of an ASCII name token, from ``data/translit_variants.yaml``.

``Sergey``, ``Sergei`` and Latvian ``Sergejs`` all give ``sergei``; ``Mikhail`` and ``Mihails``
give ``mihail``. Unlike :func:`~exportctl.text.phonetic.skeleton` the key keeps vowels, so keys
are compared by edit distance (the screening index looks them up with one-character deletions)
rather than only for equality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from exportctl._yaml import safe_load
from exportctl.text.tables import read_data

__all__ = ["VariantRules", "variant_key", "variant_rules"]


@dataclass(frozen=True, slots=True)
class VariantRules:
    """Folding rules: endings to remove, ordered substitutions, doubled-letter collapse."""

    endings: tuple[str, ...]
    min_stem: int
    substitutions: tuple[tuple[str, str], ...]
    collapse_doubles: bool


@cache
def variant_rules() -> VariantRules:
    """The rules of ``data/translit_variants.yaml``."""
    raw = safe_load(read_data("translit_variants.yaml"))
    # Substitutions apply rule by rule in file order (a later rule sees an earlier one's output).
    return VariantRules(
        endings=tuple(str(e) for e in raw["endings"]),
        min_stem=int(raw["min_stem"]),
        substitutions=tuple((str(a), str(b)) for a, b in raw["substitutions"]),
        collapse_doubles=bool(raw["collapse_doubles"]),
    )


_DOUBLE = re.compile(r"(.)\1+")
_HAS_DOUBLE = re.compile(r"(.)\1")


@lru_cache(maxsize=200_000)
def variant_key(token: str) -> str:
    """Transliteration-variant key of a lower-case ASCII token (digits and short tokens as is).

    >>> variant_key("sergejs"), variant_key("sergey"), variant_key("mikhail")
    ('sergei', 'sergei', 'mihail')
    """
    if len(token) < 3 or not token.isalpha():
        return token
    rules = variant_rules()
    t = token
    for end in rules.endings:
        if t.endswith(end) and len(t) - len(end) >= rules.min_stem:
            t = t[: -len(end)]
            break
    for a, b in rules.substitutions:
        if a in t:
            t = t.replace(a, b)
    if rules.collapse_doubles and _HAS_DOUBLE.search(t):
        # (searched first: the substitution's template costs a microsecond even when there is
        # nothing to collapse, on every token a query meets for the first time)
        t = _DOUBLE.sub(r"\1", t)
    return t
