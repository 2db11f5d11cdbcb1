"""Names that still escaped (issue #12, escape27; docs/reliability.md, "escape27").

Each exact input below cleared its listed party (or failed its frame fit) on the session's base.
"""

from __future__ import annotations

import pytest

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.arabic import arabic_frames, frame_fits, frame_keys

# -- vowel-less Arabic spellings: the phonetic key's digraphs one after the other --------------


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        # t + h + s with nothing written between: THS, which the key reads th → t, then the
        # ts it leaves → s; no place of the frame's own consonants is a ts
        ("تحس", "ths"),
        # three inner js each spelt dj (the key drops each dj as a vowel letter): past the
        # bound of two places, the reading with every one dropped
        ("خججبج", "khidjadjebidj"),
    ],
)
def test_a_list_spelling_whose_digraphs_chain_fits_its_frame(arabic: str, latin: str) -> None:
    """Found by test_escapes_scripts.py's random profile (present at session 26's end)."""
    assert any(frame_fits(f, latin) for f in arabic_frames(arabic))
    index = ScreeningIndex([Entity("t", "1", EntityType.PERSON, [Name(latin.upper())])])
    [hit] = screen(Query(arabic), index)
    assert hit.score >= 0.8


def test_the_chained_key_is_added_not_swapped() -> None:
    """The frame's own keys stay, first and in order: the chained one comes after them."""
    [frame] = arabic_frames("تحس")
    keys = frame_keys(frame)
    assert keys[:2] == ("ths", "ts")
    assert "s" in keys
