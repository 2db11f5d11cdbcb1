"""A place, a country code, a website or NK beside a listed organisation's one-word name
(place29; docs/reliability.md, "place29").

Each query below cleared against the bundled lists before (no match at the default
threshold): the listed word is held exactly beside one the listing lacks (0.875–0.96), and the
evidence weight lowers that below the threshold where the word is common in the lists
(Rosneft's subsidiaries, the same party on several lists). text/place_notes.py reads the name
without the place, as a reading that counts only where it meets a listed organisation's name
exactly. ``benchmarks/place_notes.py`` measures every one-word listed organisation name so.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import DEFAULT_THRESHOLD, Query, ScreeningIndex, screen
from exportctl.text.place_notes import place_note_readings

# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).

# (query, the listed name's letters, casefolded)
FOUND = [
    ("ROSNEFT, RU", "rosneft"),
    ("ROSNEFT - RU", "rosneft"),
    ("ROSNEFT/RU", "rosneft"),
    ("ROSNEFT MOSCOW RU", "rosneft"),
    ("ROSNEFT, MOSCOW", "rosneft"),
    ("Rosneft Germany", "rosneft"),
    ("ROSNEFT RU", "rosneft"),
    ("SBERBANK MOSCOW", "sberbank"),
    ("GAZPROMBANK RU", "gazprombank"),
    ("Hamas Gaza", "hamas"),
    ("rosneft.ru", "rosneft"),
    ("sberbank.ru", "sberbank"),
    ("www.rosneft.ru", "rosneft"),
    ("NK ROSNEFT", "rosneft"),
    ("НК Роснефть", "rosneft"),
    ("ПАО «НК «Роснефть»", "pjscrosneft"),
    ("ПАО НК Роснефть", "pjscrosneft"),
]


@pytest.mark.parametrize(("query", "listed"), FOUND)
def test_found_on_the_bundled_lists(bundled_index: ScreeningIndex, query: str, listed: str) -> None:
    hits = screen(Query(query), bundled_index)
    assert hits, f"{query!r} cleared"
    best = hits[0]
    assert best.score >= DEFAULT_THRESHOLD
    assert "".join(best.matched_name.casefold().split()) == listed
    # (the explanation names the reading: what was left out, and why)
    assert "left out" in str(best.features["name_match"]["detail"]) or "website" in str(
        best.features["name_match"]["detail"]
    )


# A surname before a given name that is a country, a legal form or Arabic article that is a
# code, a name of legal forms alone: no place29 reading makes a hit of them.
NOT_READ = ["SMITH, Jordan", "KHAN, Pakistan", "WANG LI", "Simon Holistic AG", "LLC NK", "ABU AL"]


@pytest.mark.parametrize("query", NOT_READ)
def test_no_hit_from_a_reading(bundled_index: ScreeningIndex, query: str) -> None:
    for hit in screen(Query(query), bundled_index, threshold=0.5):
        detail = str(hit.features["name_match"]["detail"])
        assert "beside an organisation's name" not in detail, (query, hit.matched_name)
        assert "organisation type's abbreviation" not in detail, (query, hit.matched_name)


def test_a_person_query_is_not_read(bundled_index: ScreeningIndex) -> None:
    # (typed as a person's name: a given name that is a country, never a place note)
    hits = screen(Query("HAMAS, Jordan", type="person"), bundled_index, threshold=0.5)
    assert all("beside an organisation" not in str(h.features["name_match"]) for h in hits)


def _index(listed: str, etype: EntityType) -> ScreeningIndex:
    return ScreeningIndex(
        [Entity(source="x", source_id="1", type=etype, names=[Name(listed, NameKind.PRIMARY)])]
    )


_WORD = st.text(alphabet="bcdfghjklmnprstvz", min_size=3, max_size=4).map(
    lambda s: "".join(c + v for c, v in zip(s, "aeiouaeiou", strict=False)).upper()
)
_PLACES = (", RU", " - IR", "/DE", "; CN", " RU", " MOSCOW RU", ", MOSCOW", " DUBAI", " Gaza")
_PLACE = st.sampled_from([*_PLACES, " Germany", ", Iran"])


@settings(max_examples=25, deadline=None)
@given(word=_WORD, place=_PLACE)
def test_every_form_reads_the_exact_name(word: str, place: str) -> None:
    # A listed organisation's name with a place beside it is found exactly; a listed vessel's
    # is not read so (the reading counts against organisations only), and a name one letter
    # off is not raised by it (the reading counts only where exact).
    query = word + place
    org = _index(word, EntityType.ORGANIZATION)
    assert screen(Query(query), org)[0].score == 1.0
    vessel = _index(word, EntityType.VESSEL)
    for hit in screen(Query(query), vessel, threshold=0.0):
        assert "beside an organisation's name" not in str(hit.features["name_match"]["detail"])
    near = _index(word[:-1] + ("Q" if word[-1] != "Q" else "X"), EntityType.ORGANIZATION)
    for hit in screen(Query(query), near, threshold=0.0):
        assert "beside an organisation's name" not in str(hit.features["name_match"]["detail"])


@settings(max_examples=50, deadline=None)
@given(
    word=_WORD,
    code=st.sampled_from(["AG", "SA", "SE", "KG", "AL", "EL", "LI", "NG", "CO", "AS", "AB"]),
    sep=st.sampled_from([" ", ", ", "; ", "/", " - "]),
)
def test_legal_forms_articles_and_syllables_are_no_codes(word: str, code: str, sep: str) -> None:
    assert place_note_readings(word + sep + code) == ()
    # (a code as desks write one: in capitals)
    assert place_note_readings(word + sep + "Ru") == ()


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ROSNEFTrosneft ,;/-.«»НКwRUDEMOSCOWmoscow")), max_size=40
    )
)
def test_every_reading_counts_only_where_exact_against_organisations(text: str) -> None:
    from exportctl.text.restricted import exact_only, only_against

    for name, how in place_note_readings(text):
        assert name.strip() and name != text
        assert exact_only(how) and only_against(how) == "organization", (text, how)
