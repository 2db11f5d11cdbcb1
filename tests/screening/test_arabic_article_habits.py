"""Arabic-script names whose Latin listing writes the article another way (issue #12, recall
part 11), tried against UN + UK OFSI with every non-Latin name removed (fixture ``latin_only``,
as ``benchmarks/screening_recall.py`` does): the query can only find the Latin listing.

- the article written with the word before it, as classical transliteration writes a construct
  (``أنصار المسلمین في بلاد السودان``: ANSARUL MUSLIMINA FI BILADIS SUDAN), its l assimilated
  before a sun letter (BILADIS, AHLIS SUNNA, FAZLUR RAHMAN);
- wa- "and" written joined before the article read apart (``والمسلمين``: WA AL-MUSLIMIN,
  WAL-JIHAD);
- the article joined to its listed word (``انصار الدين``: ANSAR EDDINE) is no difference for an
  organisation spelt out word for word;
- the French mute e after a final n in the strict letter fit (EDDINE, AMINE, SLIMANE).
"""

from __future__ import annotations

import pytest
from _hits import find_match, hit_detail
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening._keys import name_for
from exportctl.screening.evidence import exact_apart
from exportctl.text.arabic import arabic_frames, arabic_tables, article_tail_frames, frame_fits
from exportctl.text.arabic_letters import letter_fit
from exportctl.text.arabic_spacing import arabic_alternatives
from exportctl.text.name_tokens import NAME

JOINED = "the article written joined to its word, as EDDINE"


@pytest.mark.parametrize(
    ("text", "source_id", "reading"),
    [
        # 0.60 before: ANSARUL and BILADIS were left unmatched
        ("أنصار المسلمین في بلاد السودان", "QDe.142", "2 article places rewritten at once"),
        # 0.50 before: والمسلمين was one word against WA AL-MUSLIMIN
        ("جماعة نصرة الإسلام والمسلمين", "QDe.159", "و read as a word"),
    ],
)
def test_article_habits_of_real_listings(
    latin_only: ScreeningIndex, text: str, source_id: str, reading: str
) -> None:
    hit = find_match(latin_only, text, source_id, "organization")
    assert reading in str(hit.features["name_match"]["detail"])


def test_the_article_joined_to_its_listed_word(latin_only: ScreeningIndex) -> None:
    # ANSAR EDDINE (UN QDe.135): 0.64 before — the article's token was left unmatched and the
    # name weighed by the evidence weight; spelt out word for word it is exact.
    hit = find_match(latin_only, "انصار الدين", "QDe.135", "organization")
    assert JOINED in str(hit.features["name_evidence"]["detail"])
    assert hit.score >= 0.85


def test_the_article_moved_in_a_person_name(latin_only: ScreeningIndex) -> None:
    detail = hit_detail(latin_only, "عبد الرحمن", "QDi.309")  # ABDUR REHMAN
    assert "al~ur 1.00" in detail  # the reading apart (recall part 6) still counts


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("انصار الدين", "ANSAR AL DINE"),  # the article apart on both sides: already equal
        ("انصار الدين", "ANSAR DINE"),  # no article in the listing: not its word joined
        ("انصار الدين", "ANSAR EDDINE MALI"),  # a listed word left over
        ("انصار الوطن", "ANSAR UTN"),  # UTN fits وطن (waw as u) but spells no article
    ],
)
def test_only_the_joined_article_is_left_out(query: str, listed: str) -> None:
    what = exact_apart(name_for(query, "organization"), name_for(listed, "organization"))
    assert JOINED not in what


def test_a_person_name_stays_weighed() -> None:
    assert exact_apart(name_for("انصار الدين", "person"), name_for("ANSAR EDDINE", "person")) == ""


def test_alternatives_leave_compounds_and_clitic_words_alone() -> None:
    # عبد الرحمن is a compound (recall part 6), والي (WALI) too short to be wa + al + word.
    texts = [t for t, _ in arabic_alternatives("عبد الرحمن والي")]
    assert "عبدال رحمن والي" in texts  # the compound reading
    assert not any("و الي" in t or "وال ي" in t for t in texts)


@pytest.mark.parametrize(
    ("word", "latin", "fits"),
    [
        ("أمين", "amine", True),
        ("ياسين", "yacine", True),
        ("سليمان", "slimane", True),
        ("نبيل", "nabile", False),  # the mute e only after n
        ("حسن", "hassanee", False),
    ],
)
def test_french_mute_e_after_a_final_n(word: str, latin: str, fits: bool) -> None:
    assert letter_fit(word, latin) is fits


# -- property: any word + article + sun-letter word, the article written with the word before --

_LATIN = {"ب": "b", "ت": "t", "د": "d", "ر": "r", "س": "s", "ك": "k", "م": "m", "ن": "n", "ف": "f"}
_SUN = [ch for ch in _LATIN if ch in arabic_tables().sun_letters and ch != "ل"]


def _spell(word: str, vowels: list[str]) -> str:
    return "".join(
        _LATIN[ch] + (vowels[i] if i < len(word) - 1 else "") for i, ch in enumerate(word)
    )


@settings(max_examples=40, deadline=None)
@given(
    head=st.text(alphabet=sorted(_LATIN), min_size=2, max_size=4),
    tail=st.tuples(st.sampled_from(_SUN), st.text(alphabet=sorted(_LATIN), min_size=1, max_size=3)),
    vowel=st.sampled_from("aeiu"),
    inner=st.lists(st.sampled_from("aiu"), min_size=6, max_size=6),
)
def test_any_article_written_with_the_word_before_is_found(
    head: str, tail: tuple[str, str], vowel: str, inner: list[str]
) -> None:
    word = tail[0] + tail[1]
    assume(head not in arabic_tables().compound_heads and head not in ("بن", "ابن", "بنت"))
    # Latin: the head, the article's vowel and the assimilated sun letter as one word, then the
    # word (its first letter written again: BILADIS SUDAN).
    listed = f"{_spell(head, inner)}{vowel}{_LATIN[word[0]]} {_spell(word, inner)}".upper()
    # a drawn word that is a legal form or particle (SAB, DE) is no name word to spell
    assume(all(t.kind == NAME for t in name_for(listed, "organization").tokens))
    assert any(
        frame_fits(f, listed.split()[0].lower()) for f in article_tail_frames(head + "ال", word)
    )
    index = ScreeningIndex([Entity("t", "1", EntityType.ORGANIZATION, [Name(listed)])])
    matches = screen(Query(f"{head} ال{word}", type="organization"), index, threshold=0.0)
    assert matches and matches[0].score >= 0.85, (listed, matches)
    assert "article written with the word before it" in str(
        matches[0].features["name_match"]["detail"]
    )


# -- a word ending in a long vowel or hamza joined to the article; Urdu heh --


@pytest.mark.parametrize(
    ("query", "listed", "pair"),
    [
        ("ضياء الدين", "ZIAUDDIN", "dyldyn~ziauddin 0.90"),  # aligned nothing before
        ("علاء الدين", "ALAEDDINE", "lldyn~alaeddine 0.90"),
        ("محی الدین", "MOHIUDDIN", "mhyldyn~mohiuddin 0.90"),
    ],
)
def test_the_article_joined_after_a_long_vowel_or_hamza(query: str, listed: str, pair: str) -> None:
    for kind in ("person", "organization"):
        index = ScreeningIndex([Entity("t", "1", EntityType(kind), [Name(listed)])])
        [hit] = screen(Query(query, type=kind), index, threshold=0.0)
        assert pair in str(hit.features["name_match"]["detail"]), kind


def test_a_persian_name_with_the_article_joined(latin_only: ScreeningIndex) -> None:
    # یحیی علاالدینی, UK OFSI Yahya ALA'ODDINI (0.37 before: the article after an alif was
    # read as letters). Its frames fit, and the names are rare enough not to be weighed down.
    hit = find_match(latin_only, "یحیی علاالدینی", "15854", "person")
    assert "yahya" in str(hit.features["name_match"]["detail"]) and hit.score >= 0.9


def test_an_urdu_heh_before_an_aspirated_consonant(latin_only: ScreeningIndex) -> None:
    # عامر علی چوہدری, UN QDi.312 AAMIR ALI CHAUDHRY (0.43 before: چوہدری writes the heh of
    # دھ before the d).
    detail = hit_detail(latin_only, "عامر علی چوہدری", "QDi.312")
    assert "chwhdry~chaudhry 0.90" in detail


def test_the_heh_swap_needs_a_long_vowel_before_it() -> None:
    # مهدی (MAHDI): the heh follows a consonant and is spelt where it is written.
    assert any(frame_fits(f, "mahdi") for f in arabic_frames("مهدی"))
    assert not any(frame_fits(f, "madhi") for f in arabic_frames("مهدی"))


@settings(max_examples=40, deadline=None)
@given(
    head=st.text(alphabet=sorted(_LATIN), min_size=2, max_size=4),
    tail=st.tuples(st.sampled_from(_SUN), st.text(alphabet=sorted(_LATIN), min_size=1, max_size=3)),
    vowel=st.sampled_from("aeu"),
    inner=st.lists(st.sampled_from("aiu"), min_size=6, max_size=6),
)
def test_any_sun_letter_word_with_its_article_assimilated_is_spelt_out(
    head: str, tail: tuple[str, str], vowel: str, inner: list[str]
) -> None:
    # An organisation listed with the article joined and assimilated to its word (ANSAR EDDINE):
    # the query, its article a word of its own, is spelt out word for word — exact.
    word = tail[0] + tail[1]
    # Known limit (docs/screening.md, part 11): a word opening with its sun letter twice (التتار,
    # ATTATAR) has three of it in a row once the article is assimilated, which Latin writes as
    # two; that listing is weighed by its evidence, not spelt out (found on a random seed).
    assume(word[:1] != word[1:2])
    joined = vowel + _LATIN[word[0]] + _spell(word, inner)  # e + d + din
    listed = f"{_spell(head, inner)} {joined}".upper()
    assume(all(t.kind == NAME for t in name_for(listed, "organization").tokens))
    index = ScreeningIndex([Entity("t", "1", EntityType.ORGANIZATION, [Name(listed)])])
    matches = screen(Query(f"{head} ال{word}", type="organization"), index, threshold=0.0)
    assert matches, listed
    assert JOINED in str(matches[0].features["name_evidence"]["detail"]), listed
