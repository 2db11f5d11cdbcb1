"""The Cyrillic spellings of text/scripts.py, read once for both :func:`cyrillic_variants` and
:func:`named_spellings`, held to each scheme's translation asked for anew."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from exportctl.text import scripts
from exportctl.text.scripts import cyrillic_variants, named_spellings, to_ascii

_LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєўґ"
# Cyrillic letters in both cases (an ending or pair upper-case, mixed case), Latin, digits,
# spaces, hyphens, apostrophes and dots: every case of iuliia's word splitting and its
# case-dependent rules.
_TEXT = st.text(alphabet=_LOWER + _LOWER.upper() + "abcXYZ019 -'.,", max_size=24)
_WORDS = st.text(alphabet=_LOWER + "ЖЁЙ", min_size=1, max_size=14)


def _variants_long_way(token: str) -> tuple[str, ...]:
    """The spellings as text/scripts.py read them before they were shared: every scheme's
    ``translate`` asked anew."""
    out: list[str] = []
    inner: list[str] = []
    for scheme in (*scripts._CYRILLIC_SCHEMES, *(s for s, _ in scripts._NAMED_SCHEMES)):
        scripts._add(out, to_ascii(scheme.translate(token)))
    spelt = len(token) > 1 and scripts._has_vowel(token)
    for scheme, _, among in scripts._read_derived():
        if among and not spelt:
            continue
        scripts._add(inner if among else out, to_ascii(scheme.translate(token)))
    inner = [v for v in inner if v not in out]
    if len(out) < 2:
        return (*out, *inner)
    return (*out[:-1], *inner, out[-1])


def _named_long_way(token: str) -> tuple[str, ...]:
    common = {to_ascii(s.translate(token)) for s in scripts._CYRILLIC_SCHEMES}
    read = set(_variants_long_way(token))
    out: list[str] = []
    for scheme, label in scripts._named_schemes():
        v = to_ascii(scheme.translate(token))
        if v and v in read and v not in common:
            common.add(v)
            out.append(f"{token} → {v} ({label})")
    return tuple(out)


@given(st.one_of(_WORDS, _TEXT))
def test_spellings_are_the_long_ways(token: str) -> None:
    assert cyrillic_variants(token) == _variants_long_way(token)
    assert named_spellings(token) == _named_long_way(token)


def test_spellings_of_known_words() -> None:
    for word in ["хусан", "джихад", "восточный", "лихачёв", "саляев", "стц", "е", "ь", "иванов"]:
        assert cyrillic_variants(word) == _variants_long_way(word)
        assert named_spellings(word) == _named_long_way(word)
