"""Retrieval's bound for a query whose middle names may count at the middle-name share.

A person query's middle names, and an untyped query's romanised patronymic, count at
``MIDDLE_EXTRA`` only against a listed person whose strong tokens the query all matches
(``names._query_middle``); the query's least total (``with_query_middle``) bounds those rows,
its full weight every other row, and a person's row also by what its strong tokens add when all
are matched (``Retrieval._middle_den``; docs/screening.md, "Retrieval bound and query middle
names"). The bound must stay a bound: every row the scorer puts at or above a floor is a
candidate with a bound at least its score, and a screen equals the brute-force scan.
"""

from __future__ import annotations

from _brute import assert_rows_bounded, assert_screen_is_scan
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exportctl.model import Entity, EntityType, Name
from exportctl.screening import Query, ScreeningIndex

# Few syllables, so that words repeat, differ by a letter or share a phonetic key across names.
_SYL = ("ka", "ri", "mo", "sa", "lo", "vi", "an", "ek", "ta", "dim", "ol", "ser")
_END = ("ovich", "evich", "ovna", "ivna", "evna")
_WORD = st.lists(st.sampled_from(_SYL), min_size=2, max_size=4).map("".join)
_PATRONYMIC = st.tuples(_WORD, st.sampled_from(_END)).map("".join)
_TYPES = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.VESSEL)


@st.composite
def _name(draw: st.DrawFn, pool: list[str]) -> str:
    """A name of one to four words from ``pool``; a patronymic in the middle at times."""
    words = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3))
    if len(words) >= 2 and draw(st.booleans()):
        words.insert(1, draw(_PATRONYMIC))
    return " ".join(words)


@st.composite
def _case(draw: st.DrawFn) -> tuple[list[Entity], list[Query]]:
    pool = draw(st.lists(_WORD, min_size=3, max_size=8, unique=True))
    entities = [
        Entity("t", str(i), draw(st.sampled_from(_TYPES)), [Name(draw(_name(pool)))])
        for i in range(draw(st.integers(4, 14)))
    ]
    queries = []
    for _ in range(draw(st.integers(1, 3))):
        given_name, surname = draw(st.sampled_from(pool)), draw(st.sampled_from(pool))
        middle = draw(st.one_of(_PATRONYMIC, st.sampled_from(pool)))
        name = f"{given_name} {middle} {surname}"
        kind = draw(st.sampled_from(("person", None, "organization")))
        queries.append(Query(name, type=kind))
    # A listed name with a patronymic as the query: its middle makes the query's least total.
    listed = draw(st.sampled_from(entities)).names[0].full
    queries.append(Query(listed, type=draw(st.sampled_from(("person", None)))))
    return entities, queries


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_case(), floor=st.sampled_from((0.3, 0.5, 0.6, 0.75, 0.9)))
def test_every_row_at_the_floor_is_a_candidate_bounded_above_its_score(
    case: tuple[list[Entity], list[Query]], floor: float
) -> None:
    entities, queries = case
    assert_rows_bounded(ScreeningIndex(entities), queries, floor)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=_case(), threshold=st.sampled_from((0.5, 0.7, 0.85)))
def test_a_screen_equals_the_brute_force_scan(
    case: tuple[list[Entity], list[Query]], threshold: float
) -> None:
    entities, queries = case
    assert_screen_is_scan(ScreeningIndex(entities), queries, threshold)
