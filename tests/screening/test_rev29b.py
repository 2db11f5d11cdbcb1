"""rev29b: review of session 29's screening merges (speed29, dup29, sub6, place29, escape29).

Each test holds the exact input of a find (docs/reliability.md, "rev29b"); the property tests
draw what the finds suggest may vary.
"""

from __future__ import annotations

import pytest
from _brute import assert_rows_bounded, brute_force
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from exportctl.model import Entity, EntityType, Name, NameKind
from exportctl.screening import (
    _SCRIPT_WEIGHT,
    DEFAULT_THRESHOLD,
    InvalidQueryError,
    Query,
    ScreeningIndex,
    _context,
    screen,
)
from exportctl.screening.script_retrieval import linear_script_candidates, script_candidates


def _one(name: str, etype: EntityType = EntityType.PERSON) -> ScreeningIndex:
    return ScreeningIndex([Entity("t", "0", etype, [Name(name)])])


def test_an_in_script_match_exactly_at_the_threshold_is_found() -> None:
    # token_sort_ratio 73.684…, × 0.95 = 0.70: rapidfuzz's process.extract dropped it at a
    # cutoff 1e-6 below (the scorer alone keeps it), so a screen at 0.70 cleared what the
    # brute-force scan scores 0.70.
    index = _one("محمد Петров")
    query = Query("박 Петров", type="person")
    assert brute_force(query, index)["0"] >= 0.7
    assert [m.source_id for m in screen(query, index, threshold=0.7)] == ["0"]
    ctx = _context(query)
    for find in (script_candidates, linear_script_candidates):
        assert [c.row for c in find(ctx, index, 0.7, _SCRIPT_WEIGHT, 10)] == [0]


_SCRIPT_WORD = st.text(st.sampled_from("абвгдеж가나다라ابتثجح"), min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    query=st.lists(_SCRIPT_WORD, min_size=1, max_size=3).map(" ".join),
    listed=st.lists(_SCRIPT_WORD, min_size=1, max_size=3).map(" ".join),
)
def test_in_script_retrieval_keeps_every_row_at_its_own_score_as_floor(
    query: str, listed: str
) -> None:
    # The floor set to the row's own bound (the hardest floor it must pass): it is kept.
    index = _one(listed)
    try:
        ctx = _context(Query(query))
    except InvalidQueryError:
        return  # (a lone hamza or alif-like mark is no query)
    if not index.sg_len.size:
        return  # (a listed name of no letters is not indexed)
    score = fuzz.token_sort_ratio(ctx.original, index.sg_text[0]) / 100.0 * _SCRIPT_WEIGHT
    if not 0.05 <= score <= _SCRIPT_WEIGHT:
        return
    for find in (script_candidates, linear_script_candidates):
        assert [c.row for c in find(ctx, index, score, _SCRIPT_WEIGHT, 10)] == [0], find


def test_a_row_scoring_exactly_the_threshold_is_not_bounded_an_ulp_below_it() -> None:
    # The bound (0.29999999999999993 before) summed in another order than the scorer's 0.3:
    # the fuzz of the speed29 review found it (a tight bound: each listed token at its weight
    # in the row); a one-name index has it tight on main as well.
    index = _one("jsc عبد jk jsc", EntityType.ORGANIZATION)
    query = Query("intl corporation corporation jsc jsc")
    score = brute_force(query, index)["0"]
    assert score == 0.3
    assert [m.source_id for m in screen(query, index, threshold=score)] == ["0"]
    bounds = {c.row: c.bound for c in index.candidates(_context(query).name, score, 10)}
    assert bounds[0] >= score


# bundled_index: every bundled list, built once per run (tests/screening/conftest.py).
@pytest.mark.parametrize("query", ["ROSNEFT R\u200bU", "ROS\u00adNEFT RU", "ROSNEFT ＲＵ"])
def test_a_place_note_with_an_invisible_or_wide_letter_is_still_read(
    bundled_index: ScreeningIndex, query: str
) -> None:
    # A zero-width space inside the code, a soft hyphen inside the name, a full-width code:
    # place29's reading saw no code there and the name as written cleared.
    hits = screen(Query(query), bundled_index)
    assert hits, f"{query!r} cleared"
    assert hits[0].score >= DEFAULT_THRESHOLD
    assert hits[0].matched_name.casefold() == "rosneft"


def test_a_weak_query_word_on_a_strong_listed_one_is_fetched_past_the_prefix_filter() -> None:
    # `group` weighs 1.5 in the query (a legal form at its share) and 5.0 as a person's name:
    # more than LISTED_SLACK × its query weight, which the prefix filter assumes no listed
    # token exceeds; the position was left unfetched and the row (0.32) was no candidate at
    # a 0.3 floor. speed29's own property test drew it (a random draw failed on main).
    index = ScreeningIndex(
        [
            Entity("t", "1", EntityType.PERSON, [Name("holding")]),
            Entity("t", "2", EntityType.PERSON, [Name("holding")]),
            Entity("t", "3", EntityType.PERSON, [Name("group")]),
        ]
    )
    query = Query("holding trading trading")
    assert brute_force(query, index)["3"] >= 0.3
    assert "3" in {m.source_id for m in screen(query, index, threshold=0.3)}
    assert_rows_bounded(index, [query], 0.3)


# Words of every path that credits a row (review of speed29's bound): Cyrillic names and
# patronymics, Arabic script, Hangul and Korean romanisations, legal forms of several
# languages, honours, Md., particles, joined words, places, codes and numbers. (Single letters
# and initials left out: a listed name of an initial alone is reached by no lookup, by design.)
_POOL = [
    "ivan",
    "igorevich",
    "ivanovich",
    "petrov",
    "petrova",
    "Иван",
    "Игоревич",
    "Петров",
    "Лев",
    "Ковпак",
    "mohammed",
    "muhammad",
    "md.",
    "md",
    "mohd",
    "abdul",
    "abd",
    "al",
    "bin",
    "ibn",
    "abu",
    "محمد",
    "علي",
    "عبد",
    "الله",
    "rahman",
    "abdulrahman",
    "abdul-rahman",
    "kim",
    "jong",
    "un",
    "김정은",
    "김",
    "정은",
    "ri",
    "lee",
    "yi",
    "park",
    "pak",
    "박",
    "리",
    "llc",
    "ooo",
    "ltd",
    "limited",
    "jsc",
    "joint",
    "stock",
    "company",
    "obschestvo",
    "aktsionernoe",
    "oao",
    "zao",
    "gmbh",
    "holding",
    "group",
    "trading",
    "bank",
    "sberbank",
    "rosneft",
    "tech",
    "technologies",
    "and",
    "co",
    "corp",
    "corporation",
    "international",
    "intl",
    "sheikh",
    "shaikh",
    "dr",
    "haji",
    "hajji",
    "mr",
    "general",
    "lt",
    "sayyid",
    "mullah",
    "jk",
    "alqaida",
    "qaida",
    "al-qaida",
    "ansar",
    "ansarallah",
    "allah",
    "hezbollah",
    "hizb",
    "ul",
    "hizbullah",
    "moscow",
    "ru",
    "de",
    "uk",
    "rosneft.ru",
    "nk",
    "2",
    "ii",
    "iii",
]
_KINDS = (NameKind.PRIMARY, NameKind.ALIAS, NameKind.WEAK_ALIAS, NameKind.ORIGINAL_SCRIPT)


@st.composite
def _adversarial(draw: st.DrawFn) -> tuple[list[Entity], list[Query]]:
    pool = draw(st.lists(st.sampled_from(_POOL), min_size=4, max_size=10, unique=True))
    words = st.lists(st.sampled_from(pool), min_size=1, max_size=4).map(" ".join)
    kinds = st.sampled_from(_KINDS)
    entities = [
        Entity(
            f"t{draw(st.integers(0, 2))}",
            str(i),
            draw(st.sampled_from((EntityType.PERSON, EntityType.ORGANIZATION, EntityType.VESSEL))),
            [Name(draw(words), draw(kinds)) for _ in range(draw(st.integers(1, 3)))],
        )
        for i in range(draw(st.integers(3, 12)))
    ]
    types = st.sampled_from(("person", None, "organization", "vessel"))
    queries = [Query(draw(words), type=draw(types)) for _ in range(draw(st.integers(1, 3)))]
    return entities, queries


@settings(max_examples=40, deadline=None)
@given(case=_adversarial(), floor=st.sampled_from((0.3, 0.5, 0.6, 0.75, 0.9)))
def test_every_row_at_the_floor_is_a_bounded_candidate_on_adversarial_corpora(
    case: tuple[list[Entity], list[Query]], floor: float
) -> None:
    # main 1e40357 fails ~0.7 % of such draws (the prefix filter's premise, an ulp): 11 of
    # 1,500 seeded corpora of /tmp/rev29b/fuzz_rows.py; none here.
    entities, queries = case
    index = ScreeningIndex(entities)
    for q in queries:
        try:
            _context(q)
        except InvalidQueryError:
            continue  # (a query of no letters: `&`)
        assert_rows_bounded(index, [q], floor)
