"""The readers' pre-checks in a query's preparation let through every name their reader reads.

Each reader of what else a name field holds (``split_compound``, ``imo_numbers``, the
name-field reader) first asks a cheap question of the text and returns at once when it says
no. A pre-check that says no where the reader would have read something drops that reading
(fail-open): here each is held to its reader run without it, on generated text holding the
characters where casefolding and ``re.IGNORECASE`` could part (İ, ı, ſ, the Kelvin sign),
whitespace other than a space (tab, no-break space, ideographic space, line separators), and
the markers themselves in every case. Found so: an AND between tabs split nothing (the
pre-check looked for " and "), ``İMO 9187629`` and ``ıMO`` gave no IMO number (casefolded,
they hold no "imo"), ``WWW.ACME.COM`` was left in the name (the pre-check looked for a
lower-case www.).
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.text import compound, fields
from exportctl.text.compound import split_compound
from exportctl.text.fields import field_readings, imo_numbers


def test_casefold_keeps_whitespace_and_reads_marker_letters_as_ignorecase_does() -> None:
    letters = set("".join(compound._MARKERS) + "and") - set(" ;(./")
    # Every code point, each letter: `re.fullmatch(letter, ch, re.IGNORECASE)` iff `ch`
    # casefolds to the letter. The regex side is asked of one string of every code point at
    # once (a pattern of one letter matches one character, so the positions `finditer` finds
    # are the code points that match it alone), not in 17 M calls of `re.fullmatch`
    # (7.7 CPU-s); the casefold side is still read code point by code point.
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    folds_to: dict[str, set[int]] = {letter: set() for letter in letters}
    for cp, ch in enumerate(every):
        folded = ch.casefold()
        if ch.isspace():
            assert folded == ch, hex(cp)
        else:
            assert not any(c.isspace() for c in folded), hex(cp)
        if folded in folds_to:
            folds_to[folded].add(cp)
    for letter in letters:
        matched = {m.start() for m in re.finditer(letter, every, re.IGNORECASE)}
        assert all(m.end() - m.start() == 1 for m in re.finditer(letter, every, re.IGNORECASE))
        assert matched == folds_to[letter], (letter, sorted(map(hex, matched ^ folds_to[letter])))
        assert len(matched) >= 2, letter  # (its two cases at least: the scan found something)


_WORD = st.one_of(
    st.sampled_from(
        [
            "AND",
            "and",
            "And",
            "ANd",
            "a.k.a.",
            "A.K.A",
            "f/k/a",
            "formerly",
            "FORMERLY",
            "known",
            "KNOWN",
            "as",
            "also",
            "BANK",
            "SEPAH",
            "(CAGL)",
            ";",
            "IMO",
            "İMO",
            "ıMO",
            "imo",
            "9187629",
            "8613360",
            "(IMO",
            "9187629)",
            "WWW.ACME.COM",
            "www.x.org",
            "X",
        ]
    ),
    st.text(st.sampled_from("aAnNdDkK.İıſ/;(imoIMO0123456789"), min_size=1, max_size=7),
)
_SPACE = st.sampled_from([" ", " ", " ", "\t", "\n", "\u00a0", "\u3000", "\u2028", "\x1f"])
_TEXT = st.lists(st.tuples(_WORD, _SPACE), min_size=1, max_size=8).map(
    lambda parts: "".join(w + sp for w, sp in parts).strip(" ")
)


def _split_long(text: str) -> tuple[tuple[str, str], ...]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(compound, "_ANY_MARKER", re.compile(r"(?s)|."))  # (always found)
        return split_compound(text, acronyms=False)


@settings(max_examples=1500)
@given(_TEXT)
def test_split_compound_precheck_lets_through_what_it_splits(text: str) -> None:
    assert split_compound(text, acronyms=False) == _split_long(text)


def _imo_long(text: str) -> tuple[str, ...]:
    found = dict.fromkeys(m.group(1) for m in fields._IMO.finditer(text))
    return tuple(num for num in found if fields._imo_valid(num))


@settings(max_examples=1500)
@given(_TEXT)
def test_imo_precheck_lets_through_every_imo_number(text: str) -> None:
    assert imo_numbers(text) == _imo_long(text)


@pytest.mark.parametrize("space", ["\t", "\x0b", "\u00a0", "\u3000"])
def test_and_between_any_whitespace_splits(space: str) -> None:
    text = f"BANK SEPAH{space}AND{space}BANK SEPAH INTERNATIONAL"
    assert [name for name, _ in split_compound(text)] == ["BANK SEPAH", "BANK SEPAH INTERNATIONAL"]


@pytest.mark.parametrize("mark", ["IMO", "imo", "İMO", "ıMO", "İmo"])
def test_imo_number_in_any_case(mark: str) -> None:
    assert imo_numbers(f"MV SONG WON ({mark} 8613360)") == ("8613360",)


def test_web_address_in_capitals_is_cut() -> None:
    got = field_readings("ACME TRADING LLC WWW.ACME-TRADING.COM")
    assert [name for name, _ in got] == ["ACME TRADING LLC"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ACME,Street", "ACME"),
        ("ACME TRADING, Main-Street", "ACME TRADING"),
        ("ACME TRADING LLC,BRANCH", "ACME TRADING LLC"),
    ],
)
def test_a_glued_address_or_branch_word_is_read(text: str, name: str) -> None:
    """The word test once split at spaces only and missed these (session 19): the address and
    branch rules read them, the pre-check let them by unread."""
    assert [got for got, _ in field_readings(text)] == [name]


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(["ACME", "ACME TRADING", "KOREA DAESONG BANK", "ROSNEFT OIL CO"]),
    glue=st.sampled_from([",", ", ", ",  "]),
    tail=st.sampled_from(["Street", "Main-Street", "BRANCH", "Tehran Branch", "Road", "avenue"]),
)
def test_a_field_with_a_glued_tail_reads_as_with_a_spaced_one(
    name: str, glue: str, tail: str
) -> None:
    """The pre-check never decides: a tail glued to its comma is read as a spaced one is."""
    glued = [got for got, _ in field_readings(f"{name}{glue}{tail}")]
    assert glued, f"{name}{glue}{tail}"
    assert glued[-1] == name or name in glued


def _compact_long(text: str) -> str:
    from exportctl.text.tokenize import clean_text

    return fields._NOT_ALNUM.sub("", clean_text(text))


def test_ascii_compact_form_is_the_regex_one_for_every_character() -> None:
    for cp in range(128):
        for text in (chr(cp), f"a{chr(cp)}B", f"{chr(cp)} 1_x"):
            assert fields.field_compact(text) == _compact_long(text), repr(text)


@settings(max_examples=800)
@given(st.one_of(st.text(st.characters(max_codepoint=127)), _TEXT))
def test_compact_form_is_the_long_way(text: str) -> None:
    # (ASCII by bytes.translate, the rest by NFKC and casefolding: both as the long way)
    assert fields.field_compact(text) == _compact_long(text)
