"""A name listed only in Arabic, Hebrew or Serbian Cyrillic script, queried in Latin (issue #12).

The reverse direction (an Arabic-script query against a Latin listing) was read by the query's
consonant frames and the strict letter fit; a listed name given only in its script was indexed
by its plain transliteration (``mhmd jwd dhryf``) and its frames never met a Latin query:
`Mohammad Javad Zarif` scored 0.33 against a listed `محمد جواد ظریف` and was not retrieved at
all. Now the listed word's frames are looked up by a Latin query token's phonetic key
(screening/index_build.py ``FrameTable``), they score the frames' 0.9 either way round
(``abjad_sim``), and a listed person's name spelt letter by letter by the query is an exact
reading (``listed_letter_fit_reading``; Hebrew letters by ``data/hebrew_letters.yaml``). A
Serbian Cyrillic Ђ is also read as the D that Đ is typed as without its marks.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import ABJAD_SIM, tok_sim
from exportctl.text.arabic import arabic_frames, frame_fits
from exportctl.text.arabic_letters import letter_tables
from exportctl.text.hebrew import hebrew_frames


def _index(*names: tuple[str, EntityType]) -> ScreeningIndex:
    return ScreeningIndex(
        [
            Entity(source="x", source_id=str(k), type=kind, names=[Name(text)])
            for k, (text, kind) in enumerate(names)
        ]
    )


def _hit(index: ScreeningIndex, text: str, kind: str = "person") -> tuple[float, str]:
    hits = screen(Query(text, type=kind), index)
    assert hits, f"{text!r} found nothing"
    return hits[0].score, str(hits[0].features["name_match"]["detail"])


_LETTER_FIT = "strict letter fit, listed name in its script only"


@pytest.mark.parametrize(
    ("query", "listed", "reading"),
    [
        # (0.33 before: found by nothing but the plain transliteration mhmd)
        ("Mohammad Javad Zarif", "محمد جواد ظریف", _LETTER_FIT),
        # (0.63: the ʿ written for ayn is no script word: the query still reads as Latin)
        ("Abd al-Rahman al-Saʿid", "عبد الرحمن السعيد", _LETTER_FIT),
        # (0.34: ABDUL is the two words عبد ال written as one, which the letter fit pairs)
        ("Abdul Rahman Al Saeed", "عبد الرحمن السعيد", _LETTER_FIT),
        ("Moshe Cohen", "משה כהן", _LETTER_FIT),  # (0.42)
        # (0.49: Đorđe typed without marks is DORDE, every scheme spells Ђ dj)
        ("Dorde Cosic", "Ђорђе Ћосић", "ђорђе → dorde (Serbian Latin without its marks"),
    ],
)
def test_a_person_listed_only_in_script_is_found_by_a_latin_query(
    query: str, listed: str, reading: str
) -> None:
    score, detail = _hit(_index((listed, EntityType.PERSON)), query)
    assert score >= 0.85, detail
    assert reading in detail


def test_an_organisation_listed_only_in_arabic_script_is_found_by_its_latin_spelling() -> None:
    # (0.28 before; an organisation's name is not lifted by the letter fit: its words' frames
    # align at 0.9 each, and the legal form شركة is Sherkat's co)
    index = _index(("شركة النفط الوطنية", EntityType.ORGANIZATION))
    score, detail = _hit(index, "Sherkat al-Naft al-Wataniya", "organization")
    assert score >= 0.85, detail
    assert "naft~nft 0.90" in detail and "listed Arabic script compared by" in detail


def test_frames_meet_latin_either_way_round_and_never_another_frame() -> None:
    frame = arabic_frames("ظریف")[0]
    assert tok_sim(frame, "zarif") == tok_sim("zarif", frame) == ABJAD_SIM
    assert tok_sim("zarif", arabic_frames("حسن")[0]) == 0.0
    assert tok_sim(frame, frame) == 1.0 and tok_sim(frame, arabic_frames("ظريف")[-1]) in (0, 1)


def test_a_latin_name_of_other_letters_is_not_lifted() -> None:
    """A Latin name that another person's letters spell is no exact reading: MAHMOUD is no
    spelling of محمد (whose u is not written), ظ no sh — the frames' looser fit of SHARIF
    scores as a near-match (below the threshold here, weighed by the evidence in a corpus),
    exactly as the same two names meet the other way round."""
    index = _index(
        ("محمد جواد ظریف", EntityType.PERSON),
        ("משה כהן", EntityType.PERSON),
        ("Ђорђе Ћосић", EntityType.PERSON),
    )
    for query in ("Mahmoud Jawad Sharif", "Moshe Katz", "Dorde Kostic", "Javad Hassan"):
        for hit in screen(Query(query, type="person"), index, threshold=0.5):
            assert hit.score < 0.85, query
            assert _LETTER_FIT not in str(hit.features["name_match"]["detail"]), query
    latin = screen(Query("Mahmoud Jawad Sharif", type="person"), index, threshold=0.5)
    back = _index(("Mahmoud Jawad Sharif", EntityType.PERSON))
    arabic = screen(Query("محمد جواد ظریف", type="person"), back, threshold=0.5)
    assert [h.score for h in latin] == [h.score for h in arabic] == [0.845]


# Arabic-script given names and nisbas with the English spellings lists and records use.
_GIVEN = {
    "محمد": ["Mohammad", "Muhammad", "Mohammed", "Mohamed"],
    "أحمد": ["Ahmad", "Ahmed"],
    "حسين": ["Hussein", "Husain", "Hussain", "Hosein"],
    "علي": ["Ali"],
    "جواد": ["Javad", "Jawad"],
    "يوسف": ["Yusuf", "Yousef", "Youssef"],
    "خالد": ["Khalid", "Khaled"],
    "إبراهيم": ["Ibrahim", "Ebrahim"],
}
_NISBA = {
    "التكريتي": "Tikriti",
    "البغدادي": "Baghdadi",
    "المصري": "Masri",
    "الحلبي": "Halabi",
}
_ARTICLE = [("al-", ""), ("Al ", ""), ("el-", ""), ("Al", ""), ("", "")]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(sorted(_GIVEN)), min_size=1, max_size=2, unique=True),
    st.sampled_from(sorted(_NISBA)),
    st.data(),
)
def test_an_arabic_listed_name_is_found_by_any_common_spelling(
    given_names: list[str], nisba: str, data: st.DataObject
) -> None:
    """Property: a person listed as Arabic-script given names and a nisba is found by every
    common English spelling of it, the article written apart, hyphenated, joined or left out,
    as an exact reading (the strict letter fit names it) — except where the article is left
    out, which the frames' alignment still finds."""
    listed = " ".join([*given_names, nisba])
    spelt = [data.draw(st.sampled_from(_GIVEN[g])) for g in given_names]
    head, _ = data.draw(st.sampled_from(_ARTICLE))
    query = " ".join([*spelt, head + _NISBA[nisba]]).replace("- ", "-")
    score, detail = _hit(_index((listed, EntityType.PERSON)), query)
    assert score >= 0.85, (query, detail)
    if head:
        assert _LETTER_FIT in detail, (query, detail)


_HEBREW = {
    "משה": ["Moshe"],
    "כהן": ["Cohen", "Kohen"],
    "לוי": ["Levi", "Levy"],
    "דוד": ["David"],
    "יעקב": ["Yaakov", "Yakov", "Jacob"],
    "אברהם": ["Avraham", "Abraham"],
    "יוסף": ["Yosef", "Josef"],
    "מזרחי": ["Mizrahi"],
    "פרץ": ["Perez"],
    "ביטון": ["Biton"],
}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sorted(_HEBREW)), min_size=2, max_size=3, unique=True), st.data())
def test_a_hebrew_listed_name_is_found_by_any_common_spelling(
    words: list[str], data: st.DataObject
) -> None:
    """Property: a person listed only in Hebrew script is found by the common English spellings
    of its words, letter by letter, and the explanation names the reading."""
    query = " ".join(data.draw(st.sampled_from(_HEBREW[w])) for w in words)
    score, detail = _hit(_index((" ".join(words), EntityType.PERSON)), query)
    assert score >= 0.85, (query, detail)
    assert _LETTER_FIT in detail, (query, detail)


def test_hebrew_spellings_the_frames_read() -> None:
    """The letter fit spells מזרחי as MIZRACHI and פרץ as PERETZ (hebrew_letters.yaml), but the
    frames, which retrieval reaches the listed words by, read צ as one s-class consonant (not
    TZ's two) and ח as h or kh (not CH, which the phonetic key reads as the s class): no word of
    the name was reached, and it was not found (a strict xfail until session 23, disguise23).
    Now צ is also the two letters t + s (``data/hebrew.yaml``: تس) and ח the two letters k + h
    (كه), which a Latin key may read as the digraph ch (``digraph_pairs`` of arabic.yaml)."""
    index = _index(("מזרחי פרץ", EntityType.PERSON))
    score, detail = _hit(index, "Mizrachi Peretz")
    assert score >= 0.85, detail
    assert _LETTER_FIT in detail, detail
    # Each spelling alone, beside a word the frames read before.
    for query in ("Mizrachi Perez", "Mizrahi Peretz", "Mizrakhi Perets"):
        assert _hit(index, query)[0] >= 0.85, query


def test_het_as_ch_is_no_s() -> None:
    """The frame of ח read as k + h is looked up under the s class the key reads CH as, but
    fits only a Latin word that spells c + h (or k + h) there: SHAIM and SAIM fit no frame of
    חיים, CHAIM and KHAIM do."""
    frames = hebrew_frames("חיים")
    assert any(frame_fits(f, "chaim") for f in frames)
    assert any(frame_fits(f, "khaim") for f in frames)
    assert not any(frame_fits(f, w) for f in frames for w in ("shaim", "saim"))


# Hebrew consonants of one Latin letter each, and ח and צ in every spelling the letter fit gives
# them (data/hebrew_letters.yaml): H, CH, KH; TS, TZ, Z.
_PLAIN = {"מ": "m", "ר": "r", "ל": "l", "נ": "n", "ד": "d", "ק": "k"}
_SPELT = {"ח": ("h", "ch", "kh"), "צ": ("ts", "tz", "z")}
# Neighbours the phonetic key reads as one consonant whatever the frames do (two letters of a
# class, as ד beside צ's t + s), and a letter written twice: outside what is asked here.
_MERGED = ({"ח", "צ"}, {"ד", "צ"}, {"ק", "ח"})


@st.composite
def _hebrew_word(draw: st.DrawFn) -> list[str]:
    word = draw(st.lists(st.sampled_from(sorted(_PLAIN)), min_size=1, max_size=3))
    for letter in draw(
        st.lists(st.sampled_from(sorted(_SPELT)), min_size=1, max_size=2, unique=True)
    ):
        word.insert(draw(st.integers(0, len(word))), letter)
    assume(not any(a == b or {a, b} in _MERGED for a, b in pairwise(word)))
    return word


@settings(max_examples=200, deadline=None)
@given(_hebrew_word(), st.data())
def test_every_letter_fit_spelling_of_het_and_tsadi_fits_a_frame(
    letters: list[str], data: st.DataObject
) -> None:
    """Property: a Hebrew word with ח or צ, each spelt by any of the letter fit's spellings of
    it (CH, KH, H; TZ, TS, Z) with a short vowel between letters, fits one of the word's
    frames — the frames retrieval reaches a listed word by read what the letter fit reads."""
    spell = letter_tables("hebrew").letters
    assert all(set(_SPELT[c]) <= set(spell[c]) for c in _SPELT)  # (the fit's own spellings)
    latin = "a".join(
        data.draw(st.sampled_from(_SPELT[c])) if c in _SPELT else _PLAIN[c] for c in letters
    )
    word = "".join(letters)
    assert any(frame_fits(f, latin) for f in hebrew_frames(word)), (word, latin)
