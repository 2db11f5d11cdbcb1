"""Arabic-script names without a Latin alias (issue #12, script32), tried against UN + UK OFSI
with every non-Latin name removed (fixture ``latin_only``, as ``benchmarks/screening_recall.py``
does): the query can only find the Latin listing.

The conjunction wa- "and" written as a word of its own before an article word (``و الأنصار``,
Persian-style spacing) is also read joined to the article (``وال أنصار``: WAL-ANSAR), as the
same conjunction written joined (``والأنصار``) already was (recall part 11).
"""

from __future__ import annotations

import pytest
from _hits import find_match
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.text.arabic_spacing import arabic_alternatives

READ = "و and the article read as one word"
# UN QDe.148, listed in Latin as 'Jaysh al-Muhajirin wal-Ansar (JAMWA)'; its name in the script
# as the UN lists it (Persian yeh and heh doachashmee), the probe's exact input.
JAMWA = "تنظیم جیش المھاجرین و الأنصار"


def test_wa_apart_is_read_with_the_article() -> None:
    readings = dict(arabic_alternatives("جیش المھاجرین و الأنصار"))
    assert readings["جیش المھاجرین وال أنصار"] == READ


def test_wa_apart_joins_the_other_article_places_at_once() -> None:
    # (Boko Haram's listed name, the conjunction typed apart: AHLIS SUNNA ... WAL-JIHAD)
    readings = dict(arabic_alternatives("جماعة أهل السنة للدعوة و الجهاد"))
    assert readings["جماعة أهلال سنة للدعوة وال جهاد"] == "2 article places rewritten at once"


@pytest.mark.parametrize(
    "text",
    [
        "و الي",  # too little after the article (والي is WALI, not WAL-I): min_rest
        "و انصار",  # no article after the conjunction
        "جیش و",  # the conjunction last
    ],
)
def test_wa_apart_needs_an_article_word_after_it(text: str) -> None:
    assert READ not in dict(arabic_alternatives(text)).values()


_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"
_WORD = st.text(_LETTERS, min_size=3, max_size=7)


@settings(max_examples=60, deadline=None)
@given(before=_WORD, rest=_WORD)
def test_wa_apart_reads_any_article_word(before: str, rest: str) -> None:
    # (any name word before, any word of 3+ letters after the article: one reading, the two
    # words joined as the joined spelling والX is read apart the other way)
    readings = dict(arabic_alternatives(f"{before} و ال{rest}"))
    assert readings.get(f"{before} وال {rest}") == READ


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.text(_LETTERS + "او", min_size=2, max_size=7), min_size=1, max_size=4))
def test_no_wa_alone_no_reading(words: list[str]) -> None:
    # (words of two letters or more, و and the article's letters among them — والجهاد joined
    # is read the other way — but no و standing alone)
    assert READ not in dict(arabic_alternatives(" ".join(words))).values()


def test_the_probe_input_aligns_every_listed_word(latin_only: ScreeningIndex) -> None:
    # Before: 0.73, 'al' of الأنصار left unmatched against WAL-ANSAR; now 0.78 — the query's
    # own generic word تنظیم (organization), which the Latin listing does not hold, still
    # keeps it below the threshold (the Latin 'Tanzim Jaysh al-Muhajirin wal-Ansar' is 0.88;
    # each Arabic-script word counts 0.9): a miss the BENCHMARKS.md section names.
    matches = screen(Query(JAMWA, type="organization"), latin_only, threshold=0.5, limit=20)
    hit = next(m for m in matches if m.source_id == "QDe.148")
    detail = str(hit.features["name_match"]["detail"])
    assert READ in detail
    assert "unmatched tndhym;" in detail  # the article is matched now, only تنظیم is not
    assert hit.score >= 0.77


def test_without_the_generic_word_the_name_scores_as_joined(latin_only: ScreeningIndex) -> None:
    # Before: 0.85, the article unmatched; now every word aligns, 0.90 (the script's 0.9).
    hit = find_match(latin_only, JAMWA.split(" ", 1)[1], "QDe.148", "organization")
    assert READ in str(hit.features["name_match"]["detail"])
    assert hit.score >= 0.9


# --- rev32a: signs and invisible characters the compared name drops -------------------------
# The readings were taken from the field as typed, the compared name after vowel signs,
# tatweel, presentation forms, bidi and zero-width characters are dropped: one fatha on the
# conjunction lost every reading of it (the joined والأنصار read apart, the apart و الأنصار
# read joined), and a fully vowelled or stretched name none of its readings.
_MARKED = [
    "جیش المھاجرین وَ الأنصار",  # fatha on the conjunction
    "جیش المھاجرین و\u200c الأنصار",  # zero-width non-joiner after it
    "جیش المھاجرین و ـالأنصار",  # tatweel before the article
    "جیش المھاجرین و\u200f الأنصار",  # right-to-left mark
    "جیش المھاجرین \ufeed الأنصار",  # the isolated presentation form of و
]


@pytest.mark.parametrize("text", _MARKED)
def test_wa_apart_is_read_through_signs_and_invisible_characters(text: str) -> None:
    readings = dict(arabic_alternatives(text))
    assert readings.get("جیش المھاجرین وال أنصار") == READ, readings


def test_the_joined_conjunction_with_a_fatha_is_read_apart() -> None:
    readings = dict(arabic_alternatives("جیش المھاجرین وَالأنصار"))
    assert readings.get("جیش المھاجرین وال أنصار") == "و read as a word", readings


@pytest.mark.parametrize("text", ["جیش المھاجرین وَالأنصار", "جیش المھاجرین وَ الأنصار"])
def test_a_fatha_on_the_conjunction_scores_as_without(
    latin_only: ScreeningIndex, text: str
) -> None:
    # Before: 0.67 (joined, below the 0.80 threshold: a miss) and 0.85 (apart); now 0.90, as
    # typed without the fatha.
    hit = find_match(latin_only, text, "QDe.148", "organization")
    assert hit.score >= 0.9


_NOISE = st.sampled_from(["\u064e", "\u0650", "\u0651", "\u0652", "\u0640", "\u200d", "\u200f"])


@settings(max_examples=60, deadline=None)
@given(
    before=_WORD,
    rest=_WORD,
    noise=st.lists(st.tuples(st.integers(0, 40), _NOISE), max_size=4),
)
def test_signs_anywhere_leave_the_readings_as_without(
    before: str, rest: str, noise: list[tuple[int, str]]
) -> None:
    # (vowel signs, shadda, sukun, tatweel, a zero-width joiner or a right-to-left mark put
    # anywhere in the name: its readings are those of the name typed bare)
    bare = f"{before} و ال{rest}"
    chars = list(bare)
    for at, ch in noise:
        chars.insert(at % (len(chars) + 1), ch)
    assert arabic_alternatives("".join(chars)) == arabic_alternatives(bare)


def test_a_consonant_proclitic_alone_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # rev32a: the word after a proclitic standing alone was also an article-moved place, kept
    # apart only because و ends in a vowel letter; with a proclitic ending in a consonant in
    # the table (ف "so"), all places at once stripped the article twice: 'جیش فالال صار'.
    import dataclasses

    from exportctl.text import arabic_spacing

    tables = dataclasses.replace(arabic_spacing.arabic_tables(), article_proclitics=("و", "ف"))
    monkeypatch.setattr(arabic_spacing, "arabic_tables", lambda: tables)
    readings = dict(arabic_alternatives("جیش المھاجرین ف الأنصار"))
    assert readings.get("جیش المھاجرین فال أنصار") == "ف and the article read as one word"
    assert not [alt for alt in readings if "الال" in alt], readings
