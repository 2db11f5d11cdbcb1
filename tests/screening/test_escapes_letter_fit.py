"""Arabic-script person names spelt letter by letter by their listed Latin names (issue #12,
original-script recall): the strict letter fit (text/arabic_letters.py).

A person's name found by its consonant frame stays weighed by the evidence weight (the frame
reads ``ثريا`` as CERO); one whose every letter a listed spelling spells, with only short vowels
unbacked, is an exact reading: scored at READING_FACTOR and not weighed. Tried against UN + UK
OFSI with every non-Latin name removed (fixture ``latin_only``), as
``benchmarks/screening_recall.py`` does.
"""

from __future__ import annotations

import pytest
from _hits import find_match
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import name_for
from exportctl.screening.features import (
    EXACT_GUESS,
    NOT_EXACT,
    QueryContext,
    letter_fit_reading,
    query_match,
)
from exportctl.text.arabic_letters import arabic_words, letter_fit, letter_tables, name_letter_fit

STRICT = "(strict letter fit; an exact reading"


@pytest.mark.parametrize(
    ("word", "latin"),
    [
        ("جمال", "djamel"),  # ج as the French dj, alif as e
        ("مصطفى", "moustfa"),  # the French ou of a first-syllable short u; alif maqsura a
        ("يعقوب", "yaqoub"),  # ayn unspelt, waw ou
        ("دوست", "dost"),  # Persian waw o
        ("حقانی", "haqqani"),  # Persian ya, a doubled q
        ("قاسم", "qassem"),  # a doubled s where the script writes no shadda
        ("بلقاسم", "belgacem"),  # Maghreb g for qaf, a soft c for sin
        ("عراقی", "araghi"),  # Persian gh for qaf
        ("بابایی", "babaei"),  # the Persian glide ya as e after a long vowel
        ("عامر", "aamir"),
        ("سعد", "saad"),  # ayn as the echo vowel
        ("هدايتالله", "hidayatullah"),  # the article inside a word, its alif u
        ("شمسالدین", "shamsuddin"),  # the article's l assimilated to a sun letter
        ("ذوالقدر", "zulqadr"),  # the article after waw
        ("گل", "gul"),  # Persian gaf
        ("اکرم", "akram"),  # Persian kaf, an initial alif's vowel
        ("خدايداد", "khudaidad"),
    ],
)
def test_letters_spelt_by_the_spellings_lists_use(word: str, latin: str) -> None:
    assert letter_fit(word, latin)


@pytest.mark.parametrize(
    ("word", "latin"),
    [
        ("ثريا", "cero"),  # c is no spelling of tha before o; the frame fits it
        ("سيد", "siete"),  # ya is not ie + e, and dal is no t
        ("يمن", "ayman"),  # a diphthong needs a vowel before it: AYMAN is أيمن
        ("سعد", "said"),  # no vowel after ayn besides the one it carries: SAID is سعيد
        ("صدیقی", "sadeghi"),  # ya as e only after a long vowel letter
        ("حسن", "hussein"),  # a long vowel the word does not write
        ("جمال", "djamila"),  # a final vowel no letter backs
        ("محمد", "mahmoud"),  # ou beyond the first syllable is the long u محمود writes
        ("عبدعلی", "abdalla"),
        ("ابو", "iabu"),  # no vowel after an initial alif besides the one it carries
        ("خالد", "khadd"),  # alif-lam inside one word is no article (the l is spelt)
        ("قاسم", "qasimi"),  # a letter the word lacks
    ],
)
def test_not_a_fit_where_a_letter_is_not_spelt(word: str, latin: str) -> None:
    assert not letter_fit(word, latin)


def test_words_spaced_their_own_way_on_either_side() -> None:
    def fits(text: str, latin: str) -> bool:
        words = arabic_words(text)
        assert words is not None
        return name_letter_fit(words, latin.split())

    assert fits("المزيده", "al mazidih")  # the article written joined
    assert fits("شمس الدین", "shamsuddin")  # a compound written apart
    assert fits("نظر محمد عبد البصیر", "nazir mohammad abdul basir")  # the article's boundary
    assert fits("جمال مصطفى", "moustfa djamel")  # surname first
    assert fits("عبدالرحمن", "abd al rahman")  # one word, three Latin words
    assert not fits("جمال مصطفى", "djamel")  # every word must be spelt
    assert not fits("جمال", "djamel moustfa")  # and every listed word
    assert not fits("ثريا سيد", "cero siete")
    # Joined, each word still starts and ends as a word: جمال's alif and lam are no article.
    assert not fits("جمال علي", "jumul ali")
    assert arabic_words("جمال Moustfa") is None  # a Latin word: no Arabic-script name


@pytest.mark.parametrize(
    ("text", "source_id"),
    [
        ("جمال مصطفى", "QDi.129"),  # DJAMEL MOUSTFA (0.33 before: djamel, moustfa common)
        ("محمد يعقوب", "TAi.052"),  # MOHAMMAD YAQOUB (0.30 before)
        ("دوست محمد", "TAi.092"),  # DOST MOHAMMAD
        ("محمد زاهد", "TAi.127"),  # MOHAMMAD ZAHID
        ("يحيى حقانی", "TAi.169"),  # YAHYA HAQQANI
        ("هدايت الله", "TAi.014"),  # HIDAYATULLAH, the compound written apart
        ("شمس الدین", "TAi.103"),  # SHAMSUDDIN
    ],
)
def test_a_person_spelt_letter_by_letter_is_found(
    latin_only: ScreeningIndex, text: str, source_id: str
) -> None:
    hit = find_match(latin_only, text, source_id, "person")
    assert STRICT in str(hit.features["name_match"]["detail"])
    assert "name_evidence" not in hit.features  # an exact reading is not weighed
    assert hit.score >= 0.9


def test_a_frame_collision_is_still_weighed(latin_only: ScreeningIndex) -> None:
    # ثريا سيد fits CERO SIETE by consonant frame (th and c as s, d as t) but not letter by
    # letter: no exact reading, and the evidence weight keeps it below the threshold.
    for m in screen(Query("ثريا سيد", type="person"), latin_only, limit=20):
        assert STRICT not in str(m.features["name_match"]["detail"]), m.name


def _ctx(text: str) -> QueryContext:
    norm = name_for(text, "person")
    return QueryContext(norm, norm.original, None, None, None, frozenset())


def test_latin_queries_and_organisations_are_untouched() -> None:
    assert letter_fit_reading(_ctx("Djamel Moustfa"), name_for("DJAMEL MOUSTFA", "person")) == ""
    # An organisation's name keeps its own reading (exact_apart's consonant frames).
    q = QueryContext(name_for("الوطن", "organization"), "الوطن", None, None, None, frozenset())
    _, detail, _ = query_match(q, name_for("AL WATAN", "organization"))
    assert "strict letter fit" not in detail
    # A person's query against an organisation's name: الحسن spells AL-HISN letter by letter,
    # but the reading is for persons' names, so the organisation stays weighed.
    person = _ctx("الحسن")
    _, detail, exact = query_match(person, name_for("AL-HISN", "organization"))
    assert "strict letter fit" not in detail and exact == NOT_EXACT
    _, detail, exact = query_match(person, name_for("AL-HISN", "person"))
    assert "strict letter fit" in detail and exact == EXACT_GUESS


# -- properties ----------------------------------------------------------------------------

_LETTERS = sorted(set(letter_tables().letters) - {"ال"})
_WORDS = st.lists(st.sampled_from(_LETTERS), min_size=1, max_size=6).map("".join)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), word=_WORDS)
def test_every_spelling_built_from_the_table_fits(data: st.DataObject, word: str) -> None:
    """A Latin token made of one listed spelling per letter (the initial ones first), with
    short vowels between letters where the table allows them, fits the word."""
    tables = letter_tables()
    out = []
    for i, ch in enumerate(word):
        if i > 0 and word[i - 1] not in tables.no_vowel_after:
            out.append(data.draw(st.sampled_from(["", *tables.short_vowels])))
        spellings = tables.initial.get(ch) if i == 0 else None
        spellings = spellings or tables.letters[ch]
        out.append(data.draw(st.sampled_from([s for s in spellings if s != "c"] or [""])))
    latin = "".join(out)
    if latin:
        assert letter_fit(word, latin)


@settings(max_examples=200, deadline=None)
@given(word=_WORDS, extra=st.sampled_from("bdfklmnprstz"), at=st.integers(0, 20))
def test_a_consonant_no_letter_backs_never_fits(word: str, extra: str, at: int) -> None:
    """Adding a Latin consonant to a spelling that fits breaks the fit unless the same letter
    doubles its neighbour (a doubling) or the word has a letter spelt with it."""
    latin = "".join(letter_tables().letters[ch][0] or "a" for ch in word)
    k = at % (len(latin) + 1)
    longer = latin[:k] + extra + latin[k:]
    spelt = {s for ch in word for s in letter_tables().letters[ch] + ("c",) if s}
    if extra * 2 in longer or any(extra in s for s in spelt):
        return
    assert not letter_fit(word, longer)


@settings(max_examples=100, deadline=None)
@given(word=_WORDS, marks=st.lists(st.sampled_from("\u064e\u064f\u0650\u0651\u0652"), max_size=3))
def test_vowel_signs_change_nothing(word: str, marks: list[str]) -> None:
    """Harakat and shadda written or not: the fit is the same (the Latin may double anyway)."""
    latin = "".join(letter_tables().letters[ch][0] or "a" for ch in word)
    assert letter_fit(word + "".join(marks), latin) == letter_fit(word, latin)
