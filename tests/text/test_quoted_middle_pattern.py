"""The quoted-middle pattern (text/person_names.py ``_QUOTED_MIDDLE``) in linear time (prop32).

Its sides were written ``[^Q]*letter[^Q]*?``: each split of a side was tried with each end, so a
field of letters took time cubic in its length under ``finditer`` (12 s at 1,000 characters,
``benchmarks/regex_hostile.py`` never ended) and quadratic under ``fullmatch``; only the
200-character bound of ``quoted_middle_readings`` kept fields from it. Each side is now found
once (a look-ahead for its letter, its end at its last character that is not a space) and the
pattern is anchored to the field's start. The property compares it with the pattern as it was,
on fields built of a side, a quote and a side, whose sides are read stripped.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from exportctl.text.person_names import _QUOTE_MARKS, _QUOTED_MIDDLE, quoted_middle_readings

_AS_IT_WAS = re.compile(
    rf"(?P<a>[^{_QUOTE_MARKS}]*[^\W\d_][^{_QUOTE_MARKS}]*?)\s+"
    rf"(?P<q>[\"'“‘«(][^\W\d_][\w.'-]*(?:\s[\w.'-]+){{0,2}}[\"'”’»)])"
    rf"\s+(?P<b>[^{_QUOTE_MARKS}]*[^\W\d_][^{_QUOTE_MARKS}]*)"
)

_SIDE = st.lists(
    st.sampled_from(["ab", "Z", "1", "é", "م", " ", "\t", ".", "-", "_", "x y", "'", "("]),
    max_size=4,
).map("".join)
_INNER = st.lists(
    st.sampled_from(["ab", "Z", "1", "é", " ", ".", "-", "'", "x y", "_"]), max_size=5
)
_FIELD = st.tuples(
    _SIDE,
    st.sampled_from([" ", "  ", "\t", "", " \n"]),
    st.sampled_from(["'", '"', "“", "‘", "«", "(", "”", ")"]),
    _INNER.map("".join),
    st.sampled_from(["'", '"', "”", "’", "»", ")", "(", "“"]),
    st.sampled_from([" ", "  ", "\t", "", " \n"]),
    _SIDE,
).map("".join)


def _read(rx: re.Pattern[str], text: str) -> tuple[str, str, str] | None:
    m = rx.fullmatch(text)
    return None if m is None else (m["a"].strip(), m["q"], m["b"].strip())


@settings(max_examples=300, deadline=None)
@given(_FIELD)
@example('Joaquin "El Chapo" GUZMAN')
@example("Fitiwi 'Abdulrazak' Abdelrazak")
@example("Shams ABDUL (SHAMSURRAHMAN) ZAHIR")
@example("O'Brien 'Al' Smith")
@example("  a  'b'  c  ")
def test_the_pattern_reads_each_field_as_it_did(text: str) -> None:
    assert _read(_QUOTED_MIDDLE, text) == _read(_AS_IT_WAS, text)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("unit", ["a", "ab ", "12 ", " ", "a'", "'a ", "a (b) "])
def test_a_long_field_is_scanned_in_time(unit: str) -> None:
    # (100,000 characters: milliseconds now; `a` at 1,000 characters took 12 s under finditer)
    text = unit * (100_000 // len(unit)) + "\x00"
    for _ in _QUOTED_MIDDLE.finditer(text):
        pass
    assert _QUOTED_MIDDLE.fullmatch(text) is None
    assert quoted_middle_readings(text) == ()
