"""A listed organisation queried without its place qualifier (issue #12, recall).

Lists name an organisation with the place it operates in (ISLAMIC STATE IN IRAQ AND THE
LEVANT, Islamic State–Libya, Daesh Tunisia, BANK MELLI IRAN); a customer record writes the
short form. Against the bundled lists ``Islamic State`` scored 0.34 (the near match with
``Islamic State–Libya`` weighed down by two common words) and ``Daesh`` found nothing. The
index now also holds each such organisation name without its place (text/places.py), scored
as a weak alias is (features.PLACE_FACTOR), when what is left still names one organisation.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import Query, ScreeningIndex, screen
from exportctl.screening.features import PLACE_FACTOR
from exportctl.text.places import PLACE_DROPPED, drop_place, place_words


@pytest.fixture(scope="module")
def bundled(bundled_index: ScreeningIndex) -> ScreeningIndex:
    """Every bundled list, as the CLI screens them (built once per run: screening/conftest.py)."""
    return bundled_index


# (query, a listed name it is found by without the place, score before)
TABLE = [
    ("Islamic State", "ISLAMIC STATE IN IRAQ AND THE LEVANT", 0.34),
    ("Daesh", "Daesh Tunisia", 0.0),
    ("Bank Melli", "BANK MELLI IRAN", 0.86),
]


@pytest.mark.parametrize(("query", "listed", "before"), TABLE)
def test_the_short_form_of_a_listed_organisation_is_found(
    bundled: ScreeningIndex, query: str, listed: str, before: float
) -> None:
    found = screen(Query(query), bundled, threshold=0.8, limit=200)
    derived = [
        m
        for m in found
        if f"(derived from {listed!r}: {PLACE_DROPPED})" in str(m.features["name_match"]["detail"])
    ]
    assert derived, [m.matched_name for m in found]
    assert derived[0].score == pytest.approx(PLACE_FACTOR) and derived[0].score > before


def test_islamic_state_finds_each_listing_named_with_a_place(bundled: ScreeningIndex) -> None:
    """Each listing whose name is Islamic State and a place (Libya, Iraq, Yemen …) is found,
    the one whose listed name scored a near 0.91 (Islamic State–Libya) included: the exact
    place-less name counts, not the near one the evidence weight lowers."""
    found = screen(Query("Islamic State"), bundled, threshold=0.8, limit=500)
    names = {m.matched_name for m in found if m.score >= PLACE_FACTOR - 1e-9}
    assert "Islamic State" in names
    libya = [m for m in found if m.source == "au_dfat" and m.name == "Islamic State in Libya"]
    assert libya and libya[0].score == pytest.approx(PLACE_FACTOR)


@pytest.mark.parametrize(
    "query",
    [
        "ISLAMIC STATE IN IRAQ AND THE LEVANT",
        "Islamic State in Libya",
        "Daesh Tunisia",
        "BANK MELLI IRAN",
    ],
)
def test_a_query_with_the_place_matches_the_listed_name_as_before(
    bundled: ScreeningIndex, query: str
) -> None:
    best = screen(Query(query), bundled, threshold=0.8, limit=5)[0]
    assert best.score == 1.0
    assert "derived from" not in str(best.features["name_match"]["detail"])


@pytest.mark.parametrize(
    "query", ["Central Bank", "Ministry of Defence", "Credit Bank", "The State"]
)
def test_a_generic_rest_does_not_alert(bundled: ScreeningIndex, query: str) -> None:
    """Central Bank of the Russian Federation, Ministry of Defence …, Credit Bank of Moscow,
    The State of Sinai: what is left without the place names no one organisation."""
    for m in screen(Query(query), bundled, threshold=0.8, limit=50):
        assert PLACE_DROPPED not in str(m.features["name_match"]["detail"])


def _org(*names: str) -> ScreeningIndex:
    return ScreeningIndex(
        [
            Entity(
                source="x",
                source_id="1",
                type=EntityType.ORGANIZATION,
                names=[Name(n, NameKind.PRIMARY) for n in names],
            )
        ]
    )


def test_a_derived_name_never_outranks_the_name_as_listed() -> None:
    index = _org("Qasr Zafaran Trading in Yemen")
    assert screen(Query("Qasr Zafaran Trading in Yemen"), index)[0].score == 1.0
    got = screen(Query("Qasr Zafaran Trading"), index)[0]
    # (the listed name is near on rare words here, 0.91 weighed: it counts, above the guess)
    assert PLACE_FACTOR <= got.score < 1.0
    assert "place qualifier dropped" not in str(got.features["name_match"]["detail"])


def test_a_person_keeps_their_names() -> None:
    person = Entity(
        source="x",
        source_id="1",
        type=EntityType.PERSON,
        names=[Name("Zafaran Qasr Jordan", NameKind.PRIMARY)],
    )
    index = ScreeningIndex([person])
    assert not index.place_rows


# Connectors and separators a list writes a place with.
FORMS = [" in {}", " of {}", " in the {}", " – {}", " ({})", ", {}", " {}"]
# Rests: a distinctive word (coined: no real name) and a generic one, or generic words only.
DISTINCTIVE = st.from_regex(r"[BDGKQVZ][aeiou][rlnz][aeiou][kqxz][a-z]{1,4}", fullmatch=True)
GENERIC = st.sampled_from(
    ["Bank", "Central Bank", "National Bank", "Ministry of Defence", "The State"]
)


@settings(max_examples=60, deadline=None)
@given(
    word=DISTINCTIVE,
    kind=st.sampled_from(["Bank", "Trading", "Front", "Group", ""]),
    form=st.sampled_from(FORMS),
    place=st.sampled_from(sorted(p for p in place_words() if " " not in p and len(p) >= 5)),
)
def test_a_listed_name_with_a_place_is_found_without_it(
    word: str, kind: str, form: str, place: str
) -> None:
    rest = f"{word} {kind}".strip()
    listed = rest + form.format(place.title())
    if drop_place(listed) != rest:
        # (a coined word and a place may read as one place name: nothing dropped then)
        return
    index = _org(listed)
    found = screen(Query(rest), index, threshold=0.8)
    # (the place-less name at PLACE_FACTOR, or the listed name when it scores more once
    # weighed: a long rest beside a short place)
    assert found and found[0].score >= PLACE_FACTOR - 1e-9
    assert screen(Query(listed), index)[0].score == 1.0  # fail closed: as listed, as before


@settings(max_examples=40, deadline=None)
@given(
    rest=GENERIC,
    form=st.sampled_from(FORMS),
    place=st.sampled_from(sorted(p for p in place_words() if " " not in p and len(p) >= 5)),
)
def test_a_generic_rest_is_not_alerted(rest: str, form: str, place: str) -> None:
    listed = rest + form.format(place.title())
    assert drop_place(listed) == ""
    index = _org(listed)
    assert not index.place_rows
    for m in screen(Query(rest), index, threshold=0.8):
        assert PLACE_DROPPED not in str(m.features["name_match"]["detail"])


def test_a_near_listed_name_on_a_rare_word_keeps_its_score(bundled: ScreeningIndex) -> None:
    """Found by the scale benchmark's answers at 100k: a branch's name misspelt in its place
    (ETmIOPIA) is near its listed name on a rare word (0.96 weighed, as before): the branches
    that share the place-less AL-HARAMAIN (0.9) do not displace it."""
    found = screen(Query("AL-HARAMAIN : ETmIOPIA BRANCH"), bundled, threshold=0.8, limit=50)
    ethiopia = [m for m in found if "ETHIOPIA" in m.matched_name.upper()]
    assert len(ethiopia) == 4  # (AU, two UK lists, OFAC)
    for m in ethiopia:
        assert m.score == pytest.approx(0.9558)
        assert "place qualifier dropped" not in str(m.features["name_match"]["detail"])
