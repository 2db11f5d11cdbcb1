"""A Korean name romanised by another system than the list's (issue #12: Hangul → McCune–
Reischauer and Revised Romanization with DPRK conventions).

Lists write DPRK names in their own convention (``KIM, Jong Un``); a customer file may write
McCune–Reischauer (``Kim Chong Un``, ``Kim Chŏng-ŭn``) or Revised Romanization (``Kim Jeong
Eun``). Such a name is read back into Hangul (text/hanja.py ``latin_korean_reading``), which
carries every system's spelling, as a regional reading: against entities linked to Korea or to
no country at all (OFAC's listing of Kim Jong Un gives no nationality; a Han name's Korean
reading counts less there, Han may be Chinese: test_escapes_cjk_readings.py). Before: 0.56 and
not found (fuzz24, session 19).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.hanja import latin_korean_reading
from exportctl.text.korean import hangul_forms


def _hit(index: ScreeningIndex, text: str, source_id: str) -> tuple[float, str]:
    hit = [m for m in screen(Query(text, type="person"), index) if m.source_id == source_id]
    assert hit, f"{text!r} did not find {source_id}"
    return hit[0].score, str(hit[0].features["name_match"]["detail"])


@pytest.mark.parametrize("text", ["Kim Chong Un", "Kim Chŏng-ŭn", "Kim Jeong Eun", "Chong Un Kim"])
def test_kim_jong_un_in_other_romanisations_finds_the_sdn_listing(
    sdn_index: ScreeningIndex, text: str
) -> None:
    score, detail = _hit(sdn_index, text, "20157")
    assert score >= 0.8
    assert "read as a Korean name" in detail


def _index(countries: list[str]) -> ScreeningIndex:
    return ScreeningIndex(
        [
            Entity(
                source="x",
                source_id="1",
                type=EntityType.PERSON,
                names=[Name("KIM, Jong Un")],
                nationalities=countries,
            )
        ]
    )


def test_the_reading_counts_for_korea_or_no_country_not_elsewhere() -> None:
    for countries in ([], ["KP"]):
        assert _hit(_index(countries), "Kim Chong Un", "1")[0] == 0.9  # (READING_FACTOR)
    assert not screen(Query("Kim Chong Un", type="person"), _index(["BR"]))


def test_names_already_in_dprk_spelling_or_not_korean_get_no_reading() -> None:
    assert latin_korean_reading(("kim", "jong", "un")) is None
    assert latin_korean_reading(("ri", "yong", "mu")) is None
    assert latin_korean_reading(("john", "smith")) is None
    assert latin_korean_reading(("kim", "smith")) is None  # (smith: no Korean syllable)
    assert latin_korean_reading(("kim", "chong", "un")) == (
        "김정운",
        "read as a Korean name: kim chong un → 김정운 → kim jong un",
    )


_SYLLABLES = [chr(c) for c in range(0xAC00, 0xD7A4, 37)]  # (a spread of Hangul syllables)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=2), st.integers(0, 2))
def test_a_name_spelt_in_any_system_reads_back_to_a_hangul_name_with_that_spelling(
    given_name: list[str], system: int
) -> None:
    """Property: Kim + syllables spelt in one system (DPRK, MR or RR) either needs no reading
    (already the DPRK spelling) or reads back into Hangul whose spellings hold each word."""
    words = []
    for syllable in given_name:
        forms = hangul_forms(syllable)
        words.append(forms[min(system, len(forms) - 1)])
    tokens = ("kim", *words)
    reading = latin_korean_reading(tokens)
    if reading is None:
        return
    hangul = reading[0]
    assert len(hangul) == len(tokens)
    for syllable, word in zip(hangul[1:], words, strict=True):
        assert word in hangul_forms(syllable)
