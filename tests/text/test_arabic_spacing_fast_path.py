"""``arabic_alternatives`` answers ``()`` at once for a text without an Arabic-script character.

Its readings start from the script: a compound or joined head, the article at a word's start,
or words wholly in the script. A text whose every character lies before Unicode's Arabic block
(Latin with accents, Cyrillic, Greek, Hebrew) gets none of them the long way either.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.text import arabic_spacing
from exportctl.text.arabic import _is_arabic_char, arabic_tables


def test_no_arabic_character_before_the_block() -> None:
    below = [chr(c) for c in range(ord(arabic_spacing.ARABIC_FIRST))]
    assert not any(map(_is_arabic_char, below))
    assert _is_arabic_char(arabic_spacing.ARABIC_FIRST)


def test_the_heads_hold_arabic_letters() -> None:
    # (a head with no Arabic letter could start a word of another script)
    tables = arabic_tables()
    for head in (*tables.compound_heads, *tables.joined_heads, tables.article):
        assert head and any(map(_is_arabic_char, head)), head


_BELOW = st.text(
    st.one_of(
        st.sampled_from(" -'abcAL"),
        st.characters(max_codepoint=ord(arabic_spacing.ARABIC_FIRST) - 1),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_BELOW)
def test_texts_without_the_script_have_no_alternatives_the_long_way(text: str) -> None:
    assert arabic_spacing._alternatives(text) == ()
    assert arabic_spacing.arabic_alternatives(text) == ()


def test_arabic_names_still_take_the_long_way() -> None:
    # (a mixed text holding one Arabic word is read as before)
    for text in ("ولی جان", "Ali ولی جان", "عبد الرحمن"):
        assert arabic_spacing.arabic_alternatives(text) == arabic_spacing._alternatives(text)
    assert arabic_spacing.arabic_alternatives("ولی جان")
